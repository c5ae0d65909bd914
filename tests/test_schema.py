"""The processed table's schema refuses malformed rows and names them."""

from __future__ import annotations

import pytest

from analysis.clean.figures import clean
from analysis.core.schema import CLEAN_COLUMNS, SchemaViolation, validate_clean


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


def test_a_broken_schema_is_a_short_message_naming_figures_values_and_checks(clean_figures):
    broken = clean_figures.copy()
    reported = broken.index[broken["origin"] == "reported"]
    bad_value, bad_qualifier = reported[0], reported[1]
    broken.loc[bad_value, "value"] = float("inf")
    broken.loc[bad_qualifier, "qualifier"] = "roughly"
    with pytest.raises(SchemaViolation) as caught:
        validate_clean(broken)
    message = str(caught.value)
    figure, written = broken.loc[bad_value, ["figure_id", "value_as_written"]]
    assert f"{figure} (value_as_written {written!r}): column value: not a finite number: value 'inf'" in message
    assert f"{broken.loc[bad_qualifier, 'figure_id']}" in message and "'roughly'" in message
    # one line per failing row and check, not pandera's JSON report
    assert "{" not in message and len(message.splitlines()) == 3, message


def test_a_missing_column_is_named(clean_figures):
    with pytest.raises(SchemaViolation, match="column 'flags': missing"):
        validate_clean(clean_figures.drop(columns="flags"))


def test_a_schema_message_lists_at_most_a_few_rows(clean_figures):
    with pytest.raises(SchemaViolation) as caught:
        validate_clean(clean_figures.assign(qualifier="roughly"))
    lines = str(caught.value).splitlines()
    assert len(lines) <= 12 and lines[-1].startswith("  … and ")


def test_an_enum_added_to_a_processed_declaration_is_enforced_in_one_line():
    """The pandera schema of a processed table is built from its declaration (analysis.core.schema.frame_schema)."""
    import pandas as pd

    from analysis.core.schema import frame_schema, validate_table
    from analysis.core.tableschema import INTEGER, STRING, Field, Table

    table = Table(path="data/processed/things.csv", title="Things", description="Made up for the test.",
                  fields=(Field("thing_id", STRING, "Its id.", required=True, unique=True),
                          Field("colour", STRING, "A colour, if known.", enum=("red", "blue")),
                          Field("legs", INTEGER, "How many.", required=True, minimum=0)),
                  primary_key=("thing_id",))
    good = pd.DataFrame({"thing_id": ["a", "b"], "colour": ["red", ""], "legs": [4, 0]})
    assert validate_table(table, good, frame_schema(table)) is good
    bad = good.assign(colour=["red", "green"])
    with pytest.raises(SchemaViolation) as caught:
        validate_table(table, bad, frame_schema(table))
    message = str(caught.value)
    assert message == ("data/processed/things.csv breaks its declaration (src/analysis/core/tableschema.py): "
                       "row 1 (thing_id 'b'): column colour: not one of: red, blue: value 'green'")
    with pytest.raises(SchemaViolation, match=r"row 0 \(thing_id 'a'\): column legs: less than 0: value '-1'$"):
        validate_table(table, good.assign(legs=[-1, 2]), frame_schema(table))


def test_the_analysis_tables_are_checked_against_their_declarations_before_they_are_written(
        layer, clean_figures, monkeypatch):
    from analysis.analyze import results

    series_table = results.series_table
    monkeypatch.setattr(results, "series_table", lambda *args: series_table(*args).assign(why_not="no idea"))
    with pytest.raises(SchemaViolation, match=r"^data/processed/series\.csv breaks its declaration .*: row 0 \("
                                              r"province_id .*\): column why_not: not one of: .*: value 'no idea'"):
        results.compute(clean_figures, layer)
