"""Small helpers shared by the tests (imported as ``helpers``: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a text file; fail the test setup if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def written(value: float, decimal: str = ".") -> str:
    """A number as an article would print it (for the tolerance checks that read the printed precision)."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", decimal)


def clean_figure(figure_id: str, indicator_id: str, value: float, period_end: str, *, units: dict[str, str],
                 decimal: str = ".", **other) -> dict:
    """One row of a clean figures table; anything not given gets a plain default (actual, exact, Bắc Kạn)."""
    row = {
        "figure_id": figure_id, "source_id": "s1", "province": "Bắc Kạn", "province_id": "bac-kan",
        "current_province": "Thái Nguyên", "current_province_id": "thai-nguyen", "indicator_id": indicator_id,
        "kind": "actual", "breakdown": "", "value": value, "value_high": None, "denominator": None,
        "unit": units.get(indicator_id, "items"), "qualifier": "exact", "period_start": None,
        "period_end": period_end, "comparison_basis": "", "basis_start": None, "basis_end": None,
        "published": "2025-01-15", "flags": "", "value_as_written": written(value, decimal), "corrections": "",
    }
    unknown = set(other) - set(row)
    assert not unknown, f"test setup: unknown columns {unknown}"
    row.update(other)
    return row


def codebook_frame(codebook: dict[str, tuple[str, str, str]]) -> pd.DataFrame:
    """indicator_id → (measure_type, stock_or_flow, higher_is_better) as the codebook's columns."""
    return pd.DataFrame([(i, m, s, h) for i, (m, s, h) in codebook.items()],
                        columns=["indicator_id", "measure_type", "stock_or_flow", "higher_is_better"])


def clean_frame(*rows: dict) -> pd.DataFrame:
    """Rows from :func:`clean_figure` as a clean-figures frame, typed and checked by the project's schema."""
    from analysis.clean import DATE_COLUMNS
    from analysis.schema import CLEAN_COLUMNS, validate_clean

    frame = pd.DataFrame(list(rows), columns=list(CLEAN_COLUMNS))
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "value_high", "denominator"):
        frame[column] = frame[column].astype(float)
    return validate_clean(frame)
