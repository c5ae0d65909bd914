"""The processed table's schema refuses malformed rows and names them."""

from __future__ import annotations

import pytest

from analysis.clean import clean
from analysis.schema import CLEAN_COLUMNS, SchemaViolation, validate_clean


@pytest.fixture(scope="module")
def clean_figures(layer):
    return clean(layer).figures


def test_the_clean_table_passes_its_schema_in_column_order(clean_figures):
    assert tuple(validate_clean(clean_figures).columns) == CLEAN_COLUMNS


def test_an_unknown_qualifier_is_refused_naming_the_figure(clean_figures):
    broken = clean_figures.copy()
    broken.loc[3, "qualifier"] = "roughly"
    with pytest.raises(SchemaViolation) as caught:
        validate_clean(broken)
    assert broken.loc[3, "figure_id"] in str(caught.value) and "roughly" in str(caught.value)


def test_a_period_that_ends_before_it_starts_is_refused(clean_figures):
    broken = clean_figures.copy()
    row = broken.index[broken["period_start"].notna()][0]
    broken.loc[row, "period_end"] = broken.loc[row, "period_start"] - __import__("pandas").Timedelta(days=1)
    with pytest.raises(SchemaViolation, match="period_start after period_end"):
        validate_clean(broken)


def test_a_missing_value_or_extra_column_is_refused(clean_figures):
    with pytest.raises(SchemaViolation):
        validate_clean(clean_figures.assign(value=float("nan")))
    with pytest.raises(SchemaViolation):
        validate_clean(clean_figures.assign(extra=1))
