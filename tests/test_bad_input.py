"""Broken raw files fail with a message naming the file, the row and the value."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from analysis.core.errors import DataError
from analysis.ingest.rawdata import load_raw_layer
from helpers import rewrite, small_raw_layer




def error_for(raw: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_raw_layer(raw)
    return str(caught.value)


def test_unknown_source_id_names_file_row_and_value(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-04,bk2022portal,,", "bk2022portal-04,bk2099nowhere,,")
    message = error_for(raw_copy)
    assert "figures.csv" in message and "bk2022portal-04" in message and "'bk2099nowhere'" in message
    assert "unknown source_id" in message


def test_unknown_indicator_id(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-05,bk2022portal,,bts_stations,",
            "bk2022portal-05,bk2022portal,,bts_stationz,")
    message = error_for(raw_copy)
    assert "bk2022portal-05" in message and "'bts_stationz'" in message and "indicators.csv" in message


def test_duplicate_row_id(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-06,", "bk2022portal-05,")
    message = error_for(raw_copy)
    assert "duplicate id" in message and "'bk2022portal-05'" in message and "line 7" in message


def test_bom_prefixed_file(raw_copy: Path):
    path = raw_copy / "indicators.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    message = error_for(raw_copy)
    assert "indicators.csv" in message and "byte-order mark" in message


def test_non_nfc_file_names_the_line_row_and_value(raw_copy: Path):
    path = raw_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = unicodedata.normalize("NFD", lines[3])  # line 4 of the file: the third figure
    path.write_text("".join(lines), encoding="utf-8")
    message = error_for(raw_copy)
    assert "figures.csv, line 4, row bk2022portal-03" in message and "NFC" in message


def test_file_that_is_not_utf8(raw_copy: Path):
    path = raw_copy / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    message = error_for(raw_copy)
    assert "sources.csv" in message and "not UTF-8" in message


def test_missing_column(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", ",locator,note\n", ",where,note\n")
    message = error_for(raw_copy)
    assert "column locator: missing column" in message
    assert "column where: column not in the data dictionary" in message


def test_value_outside_a_closed_vocabulary(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-01,bk2022portal,,fiber_coverage_communes,target,",
            "bk2022portal-01,bk2022portal,,fiber_coverage_communes,goal,")
    message = error_for(raw_copy)
    assert "row bk2022portal-01, column kind: value 'goal': not one of: actual, change, target" in message


def test_empty_required_value(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-04,bk2022portal,,fiber_cable_length,actual,,6.233,",
            "bk2022portal-04,bk2022portal,,fiber_cable_length,actual,,,")
    message = error_for(raw_copy)
    assert "row bk2022portal-04, column value_as_written" in message and "required value is empty" in message


def test_bad_publication_date(raw_copy: Path):
    rewrite(raw_copy / "sources.csv", ",2023-12-18,", ",18-12-2023,")
    message = error_for(raw_copy)
    assert "row bt2023bao, column published: value '18-12-2023': not an ISO date" in message


def test_unknown_province_of_a_source(raw_copy: Path):
    rewrite(raw_copy / "sources.csv", ",vi,Bến Tre,", ",vi,Bến Tree,")
    message = error_for(raw_copy)
    assert "row bt2023bao, column province: value 'Bến Tree': unknown place" in message


def test_figure_id_that_does_not_carry_its_source(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-07,bk2022portal,", "bk2024bao-99,bk2022portal,")
    message = error_for(raw_copy)
    assert "value 'bk2024bao-99': figure ids are the source id, a dash and a number" in message


def append(path: Path, line: str) -> int:
    """Add a line at the end of a raw file; its 1-based line number (the header is line 1)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def line_of(path: Path, start: str) -> int:
    return next(n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith(start))


def test_a_unit_word_declared_twice_for_any_indicator(raw_copy: Path):
    units = raw_copy / "units.csv"
    first = line_of(units, "lần,,")
    line = append(units, "lần,,times,1,twice")
    message = error_for(raw_copy)
    assert (f"units.csv, line {line}, row lần, column unit_as_written: value 'lần': duplicate "
            f"(unit_as_written 'lần', indicator_id ''): already declared on line {first}") in message


def test_a_unit_word_declared_twice_for_one_indicator(raw_copy: Path):
    units = raw_copy / "units.csv"
    first = append(units, "lần,bts_stations,stations,1,")
    second = append(units, "lần,bts_stations,stations,1,")
    message = error_for(raw_copy)
    assert f"line {second}, row lần" in message and f"already declared on line {first}" in message
    assert "indicator_id 'bts_stations'" in message


def test_one_word_for_any_indicator_and_for_others_of_their_own_is_not_a_duplicate(raw_copy: Path):
    units = raw_copy / "units.csv"
    append(units, "lần,bts_stations,stations,1,inspection rounds would be another unit: here stations")
    append(units, "lần,mobile_subscriptions,times,1,a change written as a multiple")
    layer = load_raw_layer(raw_copy)
    assert (layer.units["unit_as_written"] == "lần").sum() == 3


def test_a_unit_for_an_indicator_that_is_not_in_the_codebook(raw_copy: Path):
    line = append(raw_copy / "units.csv", "lần,inspections_helt,times,1,")
    message = error_for(raw_copy)
    assert (f"units.csv, line {line}, row lần, column indicator_id: value 'inspections_helt': "
            f"unknown indicator_id (not in {raw_copy}/indicators.csv)") in message  # the folder read


def test_a_unit_for_one_indicator_is_in_that_indicators_unit(raw_copy: Path):
    line = append(raw_copy / "units.csv", "người,bts_stations,people,1,")
    message = error_for(raw_copy)
    assert (f"units.csv, line {line}, row người, column unit: value 'people': declared for bts_stations, "
            "whose unit is 'stations'") in message


def test_a_canonical_unit_no_indicator_uses(raw_copy: Path):
    line = append(raw_copy / "units.csv", "dặm,,miles,1,")
    message = error_for(raw_copy)
    assert f"units.csv, line {line}, row dặm, column unit: value 'miles': unit not used by any indicator" in message
    assert "%, times, points" in message


def test_every_problem_is_reported_at_once(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-04,bk2022portal,,", "bk2022portal-04,nowhere,,")
    rewrite(raw_copy / "figures.csv", "bk2022portal-05,bk2022portal,,bts_stations,",
            "bk2022portal-05,bk2022portal,,nothing,")
    with pytest.raises(DataError) as caught:
        load_raw_layer(raw_copy)
    assert {p.row_id for p in caught.value.problems} == {"bk2022portal-04", "bk2022portal-05"}


def test_command_line_reports_bad_input_without_a_traceback(raw_copy: Path):
    rewrite(raw_copy / "figures.csv", "bk2022portal-04,bk2022portal,,", "bk2022portal-04,nowhere,,")
    run = subprocess.run([sys.executable, "-m", "analysis", "validate", "--raw", str(raw_copy)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "bk2022portal-04" in run.stderr and "'nowhere'" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("factor", ["inf", "-inf", "nan", "1e400", "0", "-1", "one"])
def test_a_unit_factor_that_is_not_a_finite_positive_number(raw_copy: Path, factor: str):
    line = line_of(raw_copy / "units.csv", "km,,km,1,")
    rewrite(raw_copy / "units.csv", "km,,km,1,", f"km,,km,{factor},")
    message = error_for(raw_copy)
    assert (f"units.csv, line {line}, row km, column factor: value '{factor}': not a finite positive number"
            in message)


@pytest.mark.parametrize("date", ["2300-12-18", "1000-12-18", "0001-01-01"])
def test_a_date_no_period_may_name_is_refused(raw_copy: Path, date: str):
    # an ISO date all the same, but past what the cleaning step can date a figure by (years 1900–2199)
    rewrite(raw_copy / "sources.csv", ",2023-12-18,", f",{date},")
    message = error_for(raw_copy)
    assert f"row bt2023bao, column published: value '{date}': a date outside the years 1900–2199" in message


def test_a_locator_longer_than_twelve_words_is_refused_whether_or_not_the_text_is_here(tmp_path: Path):
    # the project keeps a locator, never the article's text: 12 words at most, checked with the raw layer
    raw = small_raw_layer(tmp_path / "raw")
    twelve = "có 672 trạm BTS năm 2023 trên địa bàn tỉnh Bắc Kạn"  # 12 words: accepted
    rewrite(raw / "figures.csv", ",có 672 trạm BTS năm 2023,", f",{twelve},")
    load_raw_layer(raw)
    thirteen = twelve + " mới"
    rewrite(raw / "figures.csv", f",{twelve},", f",{thirteen},")
    message = error_for(raw)
    assert "figures.csv, line 2" in message and "bk2024test-01" in message and "locator" in message
    assert "at most 12 words" in message and "mới" in message
