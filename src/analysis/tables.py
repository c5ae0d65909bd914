"""Writing outputs: one format for every processed file, byte-identical on every run, never half-written.

Every file the project writes goes through :func:`replace_atomically`: the content is written to a
temporary file beside the target and renamed over it, so a reader (or a run killed midway) sees
the old file or the new one, never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
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


def for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text (no time part); everything else as is."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8, ``\\n`` line ends, no index, rows in the frame's order; written atomically."""
    return write_text_atomic(for_csv(frame).to_csv(index=False, lineterminator="\n"), path)


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """Write each ``name → frame`` as ``folder/name``; return the paths."""
    return {name: write_csv(frame, Path(folder) / name) for name, frame in tables.items()}


def read_text_table(path: Path) -> pd.DataFrame:
    """A processed CSV with every column as text (empty cells as ''), for tables read back as written."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)
