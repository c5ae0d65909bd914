"""The documentation keeps up with the data: every column of every file is in the data dictionary."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import paths
from analysis.rawdata import SPECS

DICTIONARY = (paths.DATA / "README.md").read_text(encoding="utf-8")
README = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def documented_columns(file: str) -> set[str]:
    """Header cells of the table under the heading ``## data/<...>/<file>`` in data/README.md."""
    section = re.search(rf"^## {re.escape(file)}\s*$(.*?)(?=^#{{2,}} |\Z)", DICTIONARY, re.M | re.S)
    assert section, f"data/README.md has no section for {file}"
    rows = re.findall(r"^\|\s*`([^`]+)`\s*\|", section.group(1), re.M)
    return set(rows)


@pytest.mark.parametrize("path", sorted(paths.DATA.rglob("*.csv")), ids=lambda p: paths.relative(p))
def test_every_column_is_in_the_data_dictionary(path):
    header = pd.read_csv(path, nrows=0).columns
    assert set(header) == documented_columns(paths.relative(path))


def test_every_raw_spec_is_documented():
    for spec in SPECS:
        assert set(spec.columns) == documented_columns(f"data/raw/{spec.file}")


def test_readme_shows_the_two_commands_and_the_lab():
    for command in ("make report", "make test", "make lab"):
        assert command in README
