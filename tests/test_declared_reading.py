"""A raw file is read as its declaration says: a column declared in analysis.core.tableschema is required,
and its constraints are checked, with no second list of columns to keep in step (rawdata.spec_of)."""

from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.core.tableschema import DATE, STRING, Field, Table
from analysis.core.vocabulary import ID_PATTERN
from analysis.ingest.rawdata import check_table, read_table, spec_of

THINGS = Table(
    path="data/raw/things.csv", title="Things", description="A table made up for the test.",
    fields=(
        Field("thing_id", STRING, "Its id.", required=True, unique=True, pattern=ID_PATTERN),
        Field("colour", STRING, "A colour.", required=True, enum=("red", "blue")),
        Field("seen", DATE, "When.", unit="ISO date"),
    ),
    primary_key=("thing_id",),
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_a_column_added_to_a_raw_declaration_is_required_by_reading(tmp_path):
    path = _write(tmp_path / "things.csv", "thing_id,seen\na,2024-01-31\n")
    table, problems = read_table(path, spec_of(THINGS))
    assert table is None
    assert [str(p) for p in problems] == [
        f"{paths.relative(path)}, line 1, column colour: missing column (expected: thing_id, colour, seen)"]


def test_the_constraints_of_a_raw_declaration_are_checked_by_row(tmp_path):
    path = _write(tmp_path / "things.csv", "thing_id,colour,seen\na,red,2024-01-31\nb,green,31/01/2024\n")
    table, problems = read_table(path, spec_of(THINGS))
    assert problems == []
    found = [str(p) for p in check_table(table, spec_of(THINGS), "things.csv")]
    assert found == ["things.csv, line 3, row b, column colour: value 'green': not one of: blue, red",
                     "things.csv, line 3, row b, column seen: value '31/01/2024': not an ISO date (YYYY-MM-DD)"]
