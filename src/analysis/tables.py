"""Writing outputs: one format for every processed file, byte-identical on every run, never half-written.

Every file the project writes goes through :func:`replace_atomically`: the content is written to a
temporary file beside the target and renamed over it, so a reader (or a run killed midway) sees
the old file or the new one, never a truncated one.

Processed CSVs are opened in spreadsheets: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would be read there as a formula (OWASP, "CSV injection"), so it is written with
a leading ``'`` (:func:`escape_formula`); so is a text cell that starts with ``'`` itself, so that the
readers here (:func:`read_text_table`, :func:`unescape_text`) give back exactly the text written.
Number columns, and text cells that are a plain number (``-8,5``, ``+84``), are never changed.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd


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
