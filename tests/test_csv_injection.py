"""Processed CSVs are safe to open in a spreadsheet (OWASP CSV injection) and read back as written."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis.core.tables import read_text_table, write_csv

#: Text cells a spreadsheet would run as a formula (or whose leading tab / CR it would drop), and one that
#: already starts with the escape character: each must come back exactly.
DANGEROUS = ['=HYPERLINK("http://x","click")', "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "'quoted"]
HARMLESS = ["Bắc Kạn", "", "a=b", "-8.5", "+84", "-1,5", "a carriage\rreturn"]  # plain numbers in a text column stay as they are


def frame() -> pd.DataFrame:
    texts = DANGEROUS + HARMLESS
    return pd.DataFrame({"note": texts, "value": [-8.5 + i for i in range(len(texts))]})


def test_text_cells_that_start_a_formula_are_prefixed_with_a_quote(tmp_path: Path):
    path = write_csv(frame(), tmp_path / "t.csv")
    cells = pd.read_csv(path, dtype=str, keep_default_na=False)  # what a spreadsheet or another tool sees
    for raw, written in zip(frame()["note"], cells["note"]):
        if raw in DANGEROUS:
            assert written == "'" + raw, raw
        else:
            assert written == raw, raw
    assert cells["value"].iloc[0] == "-8.5"  # a number column is never escaped


def test_reading_a_processed_csv_back_gives_the_text_as_it_was(tmp_path: Path):
    from analysis.core.tables import read_processed

    path = write_csv(frame(), tmp_path / "checks.csv")  # a table whose number columns pandas infers
    assert list(read_text_table(path)["note"]) == list(frame()["note"])
    typed = read_processed("checks", tmp_path)
    assert list(typed["note"]) == list(frame()["note"])
    assert math.isclose(typed["value"].iloc[0], -8.5)


def test_formulas_in_raw_cells_reach_the_processed_csvs_escaped_and_come_back(raw_copy: Path, tmp_path: Path):
    import csv
    import re

    from analysis.clean.figures import clean, write
    from analysis.core.tables import read_processed
    from analysis.ingest.rawdata import load_raw_layer

    with open(raw_copy / "figures.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    formula, at = '=HYPERLINK("http://example.com/x","click")', "@SUM(1+1)"
    rows[1][header.index("breakdown")] = formula  # a text that travels to the clean table
    rows[2][header.index("unit_as_written")] = at  # an unknown unit: the row is rejected, its cell kept
    with open(raw_copy / "figures.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    out = tmp_path / "processed"
    write(clean(load_raw_layer(raw_copy)), out)
    formula_cell = re.compile(r"^(?:[=+@\t\r]|-(?![0-9.,]+$))")  # a plain negative number is no formula
    seen = set()
    for name in ("figures.csv", "rejected.csv"):
        cells = pd.read_csv(out / name, dtype=str, keep_default_na=False)
        for column in cells:
            assert not cells[column].str.contains(formula_cell).any(), f"{name}, column {column}: a formula"
            seen |= set(cells[column])
    assert {"'" + formula, "'" + at} <= seen
    back = pd.concat([read_processed("figures", out).astype(str), read_processed("rejected", out)])
    assert {formula, at} <= set(back.to_numpy().ravel())
