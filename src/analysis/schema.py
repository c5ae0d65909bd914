"""The schema of the processed tables (pandera): column types, closed sets and row-level invariants.

It is checked before anything is written, so a bug upstream fails loudly here instead of
shipping a malformed file.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from .concepts import PERIOD_TYPES
from .numbers import QUALIFIERS
from .rawdata import KINDS

#: Where a clean row comes from: a raw figure, or a share computed from two counts (analysis.derive).
ORIGINS = ("reported", "derived")

#: Columns of data/processed/figures.csv, in order.
CLEAN_COLUMNS = (
    "figure_id", "source_id", "province", "province_id", "current_province", "current_province_id",
    "indicator_id", "kind", "period_type", "breakdown", "value", "value_high", "denominator", "unit", "qualifier",
    "period_start", "period_end", "comparison_basis", "basis_start", "basis_end", "published",
    "flags", "value_as_written", "corrections", "origin", "derived_from", "derivation",
)

#: Columns of data/processed/rejected.csv, in order.
REJECTED_COLUMNS = (
    "figure_id", "source_id", "indicator_id", "kind", "value_as_written", "unit_as_written",
    "qualifier_as_written", "period_as_written", "comparison_as_written", "stage", "reason",
)

_text = {"nullable": False}
_date = pa.Column("datetime64[ns]", nullable=True)

CLEAN_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": pa.Column(str, unique=True, **_text),
        "source_id": pa.Column(str, **_text),
        "province": pa.Column(str, **_text),
        "province_id": pa.Column(str, **_text),
        "current_province": pa.Column(str, **_text),
        "current_province_id": pa.Column(str, **_text),
        "indicator_id": pa.Column(str, **_text),
        "kind": pa.Column(str, pa.Check.isin(sorted(KINDS))),
        "period_type": pa.Column(str, pa.Check.isin(sorted(PERIOD_TYPES))),
        "breakdown": pa.Column(str, **_text),
        "value": pa.Column(float, pa.Check(lambda v: pd.Series(pd.notna(v) & (abs(v) != float("inf")), index=v.index))),
        "value_high": pa.Column(float, nullable=True),
        "denominator": pa.Column(float, pa.Check.gt(0), nullable=True),
        "unit": pa.Column(str, pa.Check.str_length(min_value=1)),
        "qualifier": pa.Column(str, pa.Check.isin(list(QUALIFIERS))),
        "period_start": _date,
        "period_end": pa.Column("datetime64[ns]", nullable=False),
        "comparison_basis": pa.Column(str, **_text),
        "basis_start": _date,
        "basis_end": _date,
        "published": pa.Column("datetime64[ns]", nullable=False),
        "flags": pa.Column(str, **_text),
        "value_as_written": pa.Column(str, **_text),
        "corrections": pa.Column(str, **_text),
        "origin": pa.Column(str, pa.Check.isin(list(ORIGINS))),
        "derived_from": pa.Column(str, **_text),
        "derivation": pa.Column(str, **_text),
    },
    checks=[
        pa.Check(lambda df: df["period_start"].isna() | (df["period_start"] <= df["period_end"]),
                 error="period_start after period_end"),
        pa.Check(lambda df: df["value_high"].isna() | (df["qualifier"] == "range"),
                 error="value_high only for ranges"),
        pa.Check(lambda df: df["denominator"].isna() | (df["qualifier"] == "ratio"),
                 error="denominator only for ratios"),
        pa.Check(lambda df: (df["origin"] == "derived") == (df["derivation"] != ""),
                 error="a derived row, and only a derived row, says how it was derived"),
    ],
    strict=True,
    ordered=True,
    coerce=True,
)


class SchemaViolation(ValueError):
    """The processed table broke its schema; the message lists the failing rows by figure id."""


def validate_clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce and check the clean table; raise :class:`SchemaViolation` naming figure ids and values."""
    try:
        return CLEAN_SCHEMA.validate(frame, lazy=True)
    except (SchemaErrors, SchemaError) as err:
        cases = getattr(err, "failure_cases", None)
        detail = ""
        if isinstance(cases, pd.DataFrame) and "index" in cases:
            ids = frame.loc[frame.index.intersection(cases["index"].dropna()), "figure_id"]
            detail = f" (figures: {', '.join(map(str, ids.tolist()[:20]))})"
        raise SchemaViolation(f"processed figures break the schema{detail}:\n{err}") from None
