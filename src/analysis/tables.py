"""Writing result tables: one format for every processed file, byte-identical on every run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text (no time part); everything else as is."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8, ``\\n`` line ends, no index, rows in the frame's order."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for_csv(frame).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """Write each ``name → frame`` as ``folder/name``; return the paths."""
    return {name: write_csv(frame, Path(folder) / name) for name, frame in tables.items()}


def read_text_table(path: Path) -> pd.DataFrame:
    """A processed CSV with every column as text (empty cells as ''), for tables read back as written."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)
