"""The schema of the processed tables (pandera): column types, closed sets and row-level invariants.

It is checked before anything is written, so a bug upstream fails loudly here instead of
shipping a malformed file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from . import tableschema
from .concepts import PERIOD_TYPES
from .numbers import QUALIFIERS
from .vocabulary import KINDS, ORIGINS
from .errors import shorten

#: Columns of data/processed/figures.csv, in order: its declaration's.
CLEAN_COLUMNS = tableschema.FIGURES.columns

#: Columns of data/processed/rejected.csv, in order: its declaration's.
REJECTED_COLUMNS = tableschema.REJECTED.columns

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
        "value": pa.Column(float, pa.Check(lambda v: pd.Series(np.isfinite(v), index=v.index),
                                           error="not a finite number")),
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


#: Failing rows a schema message lists; the rest are counted.
MAX_LISTED = 10


def _what_failed(case: pd.Series) -> str:
    """One failure of pandera's report in words: the column, the check and the value (a row check: its name)."""
    if case["schema_context"] == "Column":
        return f"column {case['column']}: {case['check']}: value {shorten(case['failure_case'])!r}"
    if pd.isna(case["index"]):  # a table-level failure: a missing or an extra column
        missing = case["check"] == "column_in_dataframe"
        return f"column {case['failure_case']!r}: " + ("missing" if missing else "not in the schema")
    return str(case["check"])  # a row check reports every cell of the row: its name says what failed


def schema_message(frame: pd.DataFrame, cases: pd.DataFrame) -> str:
    """pandera's failure cases as a few lines: figure id, its value as written, what failed."""
    row_check = (cases["schema_context"] != "Column") & cases["index"].notna()  # one case per cell of the row
    cases = cases.assign(column=cases["column"].where(~row_check, "")).drop_duplicates(["index", "check", "column"])
    lines = []
    for _, case in cases.iterrows():
        where = "table"
        if pd.notna(case["index"]) and case["index"] in frame.index:
            row = frame.loc[case["index"]]
            written = row.get("value_as_written", "")
            where = f"{shorten(row.get('figure_id', case['index']))} (value_as_written {shorten(written)!r})"
        lines.append(f"  - {where}: {_what_failed(case)}")
    more = len(lines) - MAX_LISTED
    listed = lines[:MAX_LISTED] + ([f"  … and {more} more"] if more > 0 else [])
    return f"processed figures break the schema ({len(lines)} failures):\n" + "\n".join(listed)


def validate_clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce and check the clean table; raise :class:`SchemaViolation` naming figure ids, values and checks."""
    try:
        return CLEAN_SCHEMA.validate(frame, lazy=True)
    except SchemaErrors as err:
        raise SchemaViolation(schema_message(frame, err.failure_cases)) from None
    except SchemaError as err:  # raised before the lazy report (a table pandera cannot check at all)
        raise SchemaViolation(f"processed figures break the schema: {shorten(err, 300)}") from None
