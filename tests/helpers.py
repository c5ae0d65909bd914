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
        "period_type": None, "origin": "reported", "derived_from": "", "derivation": "",
    }
    unknown = set(other) - set(row)
    assert not unknown, f"test setup: unknown columns {unknown}"
    row.update(other)
    return row


def codebook_frame(codebook: dict[str, tuple], units: dict[str, str] | None = None) -> pd.DataFrame:
    """indicator_id → (measure_type, time_reference, higher_is_better[, role[, family]]) as the codebook's columns.

    The role defaults to ``statistic`` and the family to the indicator itself; the unit comes from
    ``units`` (``%`` for shares and rates when not given).
    """
    rows = []
    for indicator_id, entry in codebook.items():
        measure, time_reference, higher, role, family = (*entry, "statistic", indicator_id)[:5]
        unit = (units or {}).get(indicator_id, "%" if measure in ("share", "rate") else "items")
        rows.append((indicator_id, measure, time_reference, higher, role, family, unit))
    return pd.DataFrame(rows, columns=["indicator_id", "measure_type", "time_reference", "higher_is_better", "role",
                                       "family", "unit"])


def relations_frame(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """(relation_id, relation, indicator_id, of_indicator_id, whole) rows as relations.csv, with a note."""
    return pd.DataFrame([(*r, f"test relation {r[0]}") for r in rows],
                        columns=["relation_id", "relation", "indicator_id", "of_indicator_id", "whole", "note"])


def clean_frame(*rows: dict, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows from :func:`clean_figure` as a clean-figures frame, typed and checked by the project's schema.

    A row without a ``period_type`` gets the one the cleaning step would give it from ``codebook``
    (without a codebook: ``target``, ``change`` or ``level`` by its kind).
    """
    from analysis.clean import DATE_COLUMNS
    from analysis.concepts import period_types
    from analysis.schema import CLEAN_COLUMNS, validate_clean

    frame = pd.DataFrame(list(rows), columns=list(CLEAN_COLUMNS))
    if codebook is not None:
        entry = frame[["indicator_id"]].merge(codebook, on="indicator_id", how="left")
        computed = period_types(frame["kind"], entry["time_reference"].fillna("stock"),
                                entry["role"].fillna("statistic"), entry["measure_type"].fillna("count"))
    else:
        computed = frame["kind"].map({"target": "target", "change": "change"}).fillna("level")
    frame["period_type"] = frame["period_type"].fillna(computed)
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "value_high", "denominator"):
        frame[column] = frame[column].astype(float)
    return validate_clean(frame)
