"""The schemas of the processed tables (pandera), built from their declarations, and the row-level checks
that no declaration can express.

Why: each table is declared once (:mod:`analysis.core.tableschema`); its pandera schema follows from that
declaration — type → dtype, ``required`` → not null (a required text: not empty), ``enum`` → ``isin``,
``minimum`` → ``ge``, ``exclusive_minimum`` → ``gt``, ``pattern`` → a full match, ``unique`` → unique —
so a constraint added there is enforced here at once. Text columns are never null: an empty cell is
``""``. What a declaration cannot say (a finite value, a period that starts before it ends, a row
check across columns) is kept beside it, in :data:`COLUMN_CHECKS` and :data:`ROW_CHECKS`.

Every table is checked before it is written, so a bug upstream fails loudly here instead of shipping
a malformed file: the clean figures by :func:`validate_clean`, the others by :func:`validate_table`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from analysis.core import tableschema
from analysis.core.errors import quote, shorten
from analysis.core.tableschema import BOOLEAN, STRING, Field, Table

#: Columns of data/processed/figures.csv, in order: its declaration's.
CLEAN_COLUMNS = tableschema.FIGURES.columns

#: Columns of data/processed/rejected.csv, in order: its declaration's.
REJECTED_COLUMNS = tableschema.REJECTED.columns

#: The pandas dtype of each declared type (a date is a Timestamp until the CSV writer formats it).
DTYPES = {STRING: str, **tableschema.PANDAS_DTYPES}


def _finite(values: pd.Series) -> pd.Series:
    return pd.Series(np.isfinite(values), index=values.index)


#: table path → column → checks its declaration cannot express.
COLUMN_CHECKS: dict[str, dict[str, list[pa.Check]]] = {
    tableschema.FIGURES.path: {"value": [pa.Check(_finite, error="not a finite number")]},
}

#: table path → checks across the columns of a row.
ROW_CHECKS: dict[str, list[pa.Check]] = {
    tableschema.FIGURES.path: [
        pa.Check(lambda df: df["period_start"].isna() | (df["period_start"] <= df["period_end"]),
                 error="period_start after period_end"),
        pa.Check(lambda df: df["value_high"].isna() | (df["qualifier"] == "range"),
                 error="value_high only for ranges"),
        pa.Check(lambda df: df["denominator"].isna() | (df["qualifier"] == "ratio"),
                 error="denominator only for ratios"),
        pa.Check(lambda df: (df["origin"] == "derived") == (df["derivation"] != ""),
                 error="a derived row, and only a derived row, says how it was derived"),
    ],
}


def column_checks(field: Field) -> list[pa.Check]:
    """The checks a field's constraints give (its dtype and nullability aside)."""
    checks: list[pa.Check] = []
    if field.type == STRING and field.required:
        checks.append(pa.Check.str_length(min_value=1, error="required value is empty"))
    if field.enum is not None and field.type != BOOLEAN:
        allowed = field.values() + ([] if field.required else [""])
        checks.append(pa.Check.isin(allowed, error=f"not one of: {', '.join(field.values())}"))
    if field.pattern is not None:
        pattern = field.pattern
        checks.append(pa.Check(lambda v: (v == "") | v.str.fullmatch(pattern), error=f"does not match {pattern}"))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum, error=f"less than {field.minimum:g}"))
    if field.exclusive_minimum is not None:
        checks.append(pa.Check.gt(field.exclusive_minimum, error=f"not more than {field.exclusive_minimum:g}"))
    return checks


def column(field: Field, extra: list[pa.Check] = ()) -> pa.Column:
    """The pandera column of a declared field: text is never null; another type may be, unless required."""
    nullable = field.type not in (STRING, BOOLEAN) and not field.required
    return pa.Column(DTYPES[field.type], [*column_checks(field), *extra], nullable=nullable, unique=field.unique)


def frame_schema(table: Table) -> pa.DataFrameSchema:
    """The schema of a processed table: its declared columns, in order and no others, and its row checks."""
    extra = COLUMN_CHECKS.get(table.path, {})
    return pa.DataFrameSchema({f.name: column(f, extra.get(f.name, [])) for f in table.fields},
                              checks=ROW_CHECKS.get(table.path, []), strict=True, ordered=True, coerce=True)


CLEAN_SCHEMA = frame_schema(tableschema.FIGURES)
#: path → schema, for every processed table.
SCHEMAS: dict[str, pa.DataFrameSchema] = {t.path: frame_schema(t) for t in tableschema.PROCESSED_TABLES}


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


def _first_failure(frame: pd.DataFrame, table: Table, cases: pd.DataFrame) -> str:
    """The first failure of pandera's report in words: the row (its index and key) and what failed."""
    case = cases.iloc[0]
    where = "table"
    if pd.notna(case["index"]) and case["index"] in frame.index:
        row = frame.loc[case["index"]]
        key = ", ".join(f"{c} {quote(row[c])}" for c in table.primary_key if c in row.index)
        where = f"row {case['index']}" + (f" ({key})" if key else "")
    return f"{where}: {_what_failed(case)}"


def validate_table(table: Table, frame: pd.DataFrame, schema: pa.DataFrameSchema | None = None) -> pd.DataFrame:
    """Check a processed table against its declaration before it is written; return it unchanged.

    Raises :class:`SchemaViolation` in one line: the file, the first failing row (its index and key), the
    column, the check and the value, and how many failures there are.
    """
    schema = schema if schema is not None else SCHEMAS[table.path]
    try:
        schema.validate(frame.copy(), lazy=True)
    except SchemaErrors as err:
        cases = err.failure_cases
        more = len(cases) - 1
        raise SchemaViolation(f"{table.path} breaks its declaration (src/analysis/core/tableschema.py): "
                              f"{_first_failure(frame, table, cases)}"
                              + (f" (and {more} more failures)" if more else "")) from None
    except SchemaError as err:
        raise SchemaViolation(f"{table.path} breaks its declaration: {shorten(err, 300)}") from None
    return frame


def validate_clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce and check the clean table; raise :class:`SchemaViolation` naming figure ids, values and checks."""
    try:
        return CLEAN_SCHEMA.validate(frame, lazy=True)
    except SchemaErrors as err:
        raise SchemaViolation(schema_message(frame, err.failure_cases)) from None
    except SchemaError as err:  # raised before the lazy report (a table pandera cannot check at all)
        raise SchemaViolation(f"processed figures break the schema: {shorten(err, 300)}") from None
