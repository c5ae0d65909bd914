"""What the command line says when something is wrong: short, one line where it can be, naming what
the user gave (file, folder, value) and suggesting only what the command accepts."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from analysis import paths


def set_cell(path: Path, row: int, column: str, value: str) -> str:
    """Set one cell of a raw CSV (``row`` 0 = the first data row); return that row's id (first column)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row + 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return rows[row + 1][0]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True,
                          cwd=cwd or paths.PROJECT_ROOT, timeout=300)


def test_a_huge_value_is_shortened_in_every_message(raw_copy: Path):
    huge = "x" * 10_000_000
    row_id = set_cell(raw_copy / "figures.csv", 0, "kind", huge)
    result = cli("validate", "--raw", str(raw_copy))
    assert result.returncode == 1
    assert f"row {row_id}, column kind" in result.stderr  # still names where it is
    assert "10,000,000 characters" in result.stderr  # and how long the value is
    assert len(result.stderr) < 2_000, "a value quoted in a message must be shortened (errors.quote)"


def test_a_huge_cell_is_shortened_in_the_reason_of_its_rejected_row(raw_copy: Path):
    from analysis.clean.figures import clean
    from analysis.ingest.rawdata import load_raw_layer

    row_id = set_cell(raw_copy / "figures.csv", 0, "value_as_written", "x" * 1_000_000)
    rejected = clean(load_raw_layer(raw_copy)).rejected.set_index("figure_id")
    assert "1,000,000 characters" in rejected.at[row_id, "reason"]
    assert len(rejected.at[row_id, "reason"]) < 1_000
    assert rejected.at[row_id, "value_as_written"] == "x" * 1_000_000  # the row itself keeps its cell


def test_validate_of_another_raw_folder_names_that_folder_in_every_message(raw_copy: Path, tmp_path: Path):
    # references to nothing: each message names the file referred to, in the folder validated
    set_cell(raw_copy / "figures.csv", 0, "source_id", "nowhere2020x")
    set_cell(raw_copy / "figures.csv", 1, "indicator_id", "no_such_indicator")
    set_cell(raw_copy / "figures.csv", 2, "place", "Atlantis")
    set_cell(raw_copy / "provinces.csv", 0, "current_province_id", "atlantis")
    broken = cli("validate", "--raw", str(raw_copy))
    assert broken.returncode == 1 and broken.stderr.count("\n  - ") >= 4, broken.stderr
    assert "data/raw" not in broken.stdout + broken.stderr, "validate --raw DIR must name DIR, never data/raw"
    assert f"{raw_copy}/sources.csv" in broken.stderr and f"{raw_copy}/indicators.csv" in broken.stderr


def test_validate_of_another_raw_folder_names_it_when_parsing_and_checking_texts(raw_copy: Path, tmp_path: Path):
    # a valid layer whose rows cleaning rejects, a breakdown without a name, a text that is not the article
    import pandas as pd

    set_cell(raw_copy / "figures.csv", 0, "unit_as_written", "zorkmid")
    set_cell(raw_copy / "figures.csv", 1, "breakdown", "a group nobody named")
    sources = pd.read_csv(raw_copy / "sources.csv", dtype=str, keep_default_na=False)
    stored = sources.loc[sources["file"] != "", "file"].iloc[0]
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / stored).write_text("not the article\n", encoding="utf-8")
    result = cli("validate", "--raw", str(raw_copy), "--sources", str(texts))
    said = result.stdout + result.stderr
    assert "zorkmid" in said and "a group nobody named" in said and "hashes to" in said, said
    assert "data/raw" not in said, "validate --raw DIR must name DIR, never data/raw"
    assert f"{raw_copy}/figures.csv" in said and f"{raw_copy}/breakdowns.csv" in said
    assert f"{raw_copy}/sources.csv" in said


def small_places():
    """Four places: two with sources, one with figures only from another's source, one without figures."""
    import pandas as pd

    provinces = pd.DataFrame({
        "province_id": ["alpha", "beta", "gamma", "delta"], "name_vi": ["Alpha", "Beta", "Gamma", "Delta"],
        "name_en": ["Alpha", "Beta", "Gamma", "Delta"], "aliases": ["", "", "", ""],
        "current_province_id": ["alpha", "beta", "gamma", "delta"], "current_since": ["", "", "", ""],
        "valid_from": ["", "", "", ""]})
    sources = pd.DataFrame({"source_id": ["a1", "b1"], "province": ["Alpha", "Beta"]})
    present = pd.Series(["alpha", "beta", "gamma"])  # gamma: a national ranking names it
    return provinces, sources, present


def test_an_unknown_place_lists_the_places_with_sources_and_all_only_where_all_is_accepted():
    import pytest

    from analysis.analyze.selection import select_provinces

    provinces, sources, present = small_places()
    with pytest.raises(ValueError) as growth:  # 02_growth accepts 'all'
        select_provinces("Alpah", provinces, present, sources=sources)
    assert str(growth.value) == ("unknown province 'Alpah'; did you mean Alpha?; valid: Alpha, Beta or 'all' "
                                 "(1 more place has figures only from other places' sources: "
                                 "data/processed/series.csv lists it)")
    with pytest.raises(ValueError) as report:  # a report is for one place
        select_provinces("Delat", provinces, present, sources=sources, accept_all=False)
    assert "'all'" not in str(report.value) and "Delta" not in str(report.value)  # Delta has no figures
    assert str(report.value).startswith("unknown province 'Delat'; valid: Alpha, Beta (1 more place")
    with pytest.raises(ValueError) as whole:
        select_provinces("all", provinces, present, sources=sources, accept_all=False)
    assert str(whole.value).startswith("one place, not 'all': valid: Alpha, Beta (")


def test_the_pdf_command_on_an_unknown_place_says_which_places_have_reports_in_one_line():
    result = cli("pdf", "--province", "Atlantis", "--lang", "en")
    assert result.returncode == 1 and result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message and message.startswith("unknown province 'Atlantis'; valid: ")
    assert "'all'" not in message and "provinces.csv" not in message  # never a place list without data


def test_make_report_with_an_unknown_place_stops_before_any_step(monkeypatch, tmp_path, capsys):
    from analysis.run import pipeline

    ran = []
    monkeypatch.setattr(pipeline, "BUILD", tmp_path)
    monkeypatch.setattr(pipeline, "run_step", lambda step, *a, **k: ran.append(step.name) or 0)
    assert pipeline.run("Atlantis", ["en"]) == 1
    assert ran == []
    err = capsys.readouterr().err.strip()
    assert err.startswith("report: unknown province 'Atlantis'; valid: ") and "'all'" not in err
