"""Writing outputs: one format for every processed file, byte-identical on every run, never half-written.

Every file the project writes goes through :func:`replace_atomically`: the content is written to a
temporary file beside the target and renamed over it, so a reader (or a run killed midway) sees
the old file or the new one, never a truncated one.

Processed CSVs are opened in spreadsheets: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would be read there as a formula (OWASP, "CSV injection"), so it is written with
a leading ``'`` (:func:`escape_formula`); so is a text cell that starts with ``'`` itself, so that the
readers here (:func:`read_text_table`, :func:`unescape_text`) give back exactly the text written.
Number columns, and text cells that are a plain number (``-8,5``, ``+84``), are never changed.

Every processed table is read back by one function, :func:`read_processed`, with the column types
tableschema.py declares: notebooks, the report, the JupyterLab API and the tests all read the same frame.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths


@contextlib.contextmanager
def replace_atomically(path: Path) -> Iterator[Path]:
    """Yield a scratch path beside ``path``; when the block ends without error, rename it onto ``path``.

    On any error (or KeyboardInterrupt) the scratch file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    scratch = Path(name)
    try:
        yield scratch
        os.chmod(scratch, 0o666 & ~_umask())  # mkstemp makes 0600; a new file gets the user's umask
        os.replace(scratch, path)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text_atomic(text: str, path: Path) -> Path:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` atomically."""
    with replace_atomically(path) as scratch:
        with open(scratch, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    return Path(path)


def write_bytes_atomic(data: bytes, path: Path) -> Path:
    with replace_atomically(path) as scratch:
        scratch.write_bytes(data)
    return Path(path)


#: What a spreadsheet reads as the start of a formula (or drops): OWASP's CSV-injection list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The prefix that makes a spreadsheet show a cell as text; a cell that starts with it is escaped too.
TEXT_PREFIX = "'"
#: A number written as text (``-8,5``, ``+84``, ``1.5e-3``, ``-12%``): no formula, never escaped.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d.,]*|[.,]\d[\d.,]*)(?:[eE][+-]?\d+)?%?")


def escape_formula(text: str) -> str:
    """``text`` as a processed CSV holds it: ``'`` before a formula start (or before a leading ``'``)."""
    if text.startswith(TEXT_PREFIX) or (text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text)):
        return TEXT_PREFIX + text
    return text


def unescape_formula(text: str) -> str:
    """The text :func:`escape_formula` was given (the inverse: one leading ``'`` removed)."""
    return text[len(TEXT_PREFIX):] if text.startswith(TEXT_PREFIX) else text


def _map_text(column: pd.Series, function) -> pd.Series:
    """``function`` applied to the text cells of a column (numbers, dates and empty cells as they are)."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return column
    return column.map(lambda v: function(v) if isinstance(v, str) else v)


def unescape_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A processed table read back: every text cell as it was before :func:`write_csv` escaped it."""
    return frame.apply(_map_text, function=unescape_formula) if len(frame.columns) else frame


def for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text (no time part); text cells escaped for spreadsheets (:func:`escape_formula`)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        else:
            out[column] = _map_text(out[column], escape_formula)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8, ``\\n`` line ends, no index, rows in the frame's order; written atomically.

    A text cell holding a carriage return makes every cell quoted: the csv writer quotes only the
    characters of its line terminator, and a bare ``\\r`` would split the row for every reader.
    """
    import csv

    out = for_csv(frame)
    bare_cr = any(isinstance(v, str) and "\r" in v for c in out.columns for v in out[c])  # an empty column too
    return write_text_atomic(out.to_csv(index=False, lineterminator="\n",
                                        quoting=csv.QUOTE_ALL if bare_cr else csv.QUOTE_MINIMAL), path)


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """Write each ``name → frame`` as ``folder/name``; return the paths."""
    return {name: write_csv(frame, Path(folder) / name) for name, frame in tables.items()}


def read_text_table(path: Path) -> pd.DataFrame:
    """A processed CSV with every column as text (empty cells as ''), for tables read back as written."""
    return unescape_text(pd.read_csv(path, dtype=str, keep_default_na=False))


@dataclass(frozen=True)
class Processed:
    """How one table of data/processed/ is read back; its date and number columns are those tableschema declares.

    ``as_text``: every column is text as written except the declared dates and numbers (figures.csv and
    rejected.csv, whose ids and codes must never be read as numbers); otherwise pandas infers the
    number columns and every other column is text ('' where empty).
    """

    as_text: bool = False
    #: Whether the frame is checked by the clean figures' schema (schema.validate_clean) once read.
    validated: bool = False


#: Every processed table by name (data/processed/<name>.csv), in the order the pipeline writes them.
PROCESSED: dict[str, Processed] = {
    "figures": Processed(as_text=True, validated=True),
    "rejected": Processed(as_text=True),
    "growth": Processed(),
    "targets": Processed(),
    "checks": Processed(),
    "series": Processed(),
}


def declared_columns(name: str, *types: str) -> tuple[str, ...]:
    """The columns of processed table ``name`` that tableschema.py declares with one of ``types``, in file order."""
    from analysis.core.tableschema import TABLES

    return tuple(f.name for f in TABLES[f"data/processed/{name}.csv"].fields if f.type in types)


def read_processed(name: str, folder: Path | None = None) -> pd.DataFrame:
    """data/processed/<name>.csv (or ``folder``/<name>.csv) as the pipeline wrote it, typed by its declaration.

    Dates are parsed, text cells come back as they were before :func:`write_csv` escaped them; the
    figures are checked by their schema, so a hand-edited file fails here with the figure ids.
    """
    from analysis.core.tableschema import DATE, INTEGER, NUMBER

    if name not in PROCESSED:
        raise KeyError(f"no processed table {name!r}; the tables are: {', '.join(PROCESSED)}")
    spec, path = PROCESSED[name], Path(folder if folder is not None else paths.PROCESSED) / f"{name}.csv"
    dates = declared_columns(name, DATE)
    if not spec.as_text:
        frame = pd.read_csv(path)
        for column in frame.columns:
            if column in dates:
                frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
            elif not pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = frame[column].fillna("").astype(str)
        return unescape_text(frame)
    frame = read_text_table(path)
    for column in declared_columns(name, NUMBER, INTEGER):
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan))
    for column in dates:
        frame[column] = pd.to_datetime(frame[column].replace("", None), format="%Y-%m-%d")
    if spec.validated:
        from analysis.core.schema import validate_clean

        frame = validate_clean(frame)
    return frame
