"""A damaged raw file is refused as a whole, never read as fewer or shorter rows.

A file cut while copying or saving still parses as CSV: its last row loses fields (read as empty
cells) or the rows after the cut vanish. data/README.md requires ``\\n`` line ends, so a file
whose last line has no newline is truncated; a row with fewer fields than the header, an
unterminated quote, CR LF or CR line ends are each a problem naming the file and the line.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.core.errors import DataError
from analysis.ingest.rawdata import SPECS, load_raw_layer


def problems_of(raw: Path, file: str) -> list:
    """The problems load_raw_layer reports for ``file`` (it must report some)."""
    with pytest.raises(DataError) as caught:
        load_raw_layer(raw)
    found = [p for p in caught.value.problems if Path(p.file).name == file]
    assert found, f"no problem reported for {file}: {caught.value}"
    return found


def cut_mid_line(data: bytes, share: float) -> bytes:
    """The first ``share`` of ``data``, moved back if needed so that it stops inside a line, after a character."""
    cut = int(len(data) * share)
    while data[cut - 1:cut] == b"\n" or (data[cut] & 0xC0) == 0x80:  # not at a line end, nor inside a character
        cut -= 1
    return data[:cut]


@pytest.mark.parametrize("file", [spec.file for spec in SPECS])
def test_a_file_cut_short_is_refused_as_truncated(raw_copy: Path, file: str):
    path = raw_copy / file
    cut = cut_mid_line(path.read_bytes(), 0.63)
    path.write_bytes(cut)
    (problem,) = problems_of(raw_copy, file)
    assert problem.line == cut.count(b"\n") + 1, "the last (cut) line is named"
    assert "truncated" in problem.reason and "git" in problem.reason


def test_a_last_row_without_its_newline_is_refused(raw_copy: Path):
    path = raw_copy / "relations.csv"
    data = path.read_bytes()
    path.write_bytes(data[:-1])
    (problem,) = problems_of(raw_copy, "relations.csv")
    assert problem.line == data.count(b"\n") and "does not end with a newline" in problem.reason


def test_a_row_with_fewer_fields_than_the_header(raw_copy: Path):
    path = raw_copy / "relations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = ",".join(next(csv.reader([lines[2]]))[:5])  # line 3 loses its last field (note)
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems_of(raw_copy, "relations.csv")
    assert (problem.line, problem.row_id) == (3, lines[2].split(",")[0])
    assert "5 fields where the header has 6" in problem.reason


def test_a_row_with_more_fields_than_the_header(raw_copy: Path):
    path = raw_copy / "relations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] += ",extra"
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems_of(raw_copy, "relations.csv")
    assert problem.line == 4 and "7 fields where the header has 6" in problem.reason


def test_an_unterminated_quote_names_the_line_it_opens_on(raw_copy: Path):
    path = raw_copy / "breakdowns.csv"
    lines = path.read_text(encoding="utf-8").split("\n")  # the last item is "": the file ends with a newline
    last = len(lines) - 1
    name = lines[last - 1].split(",")[0]
    lines[last - 1] = f'{name},"commune level,cấp xã,'  # the last row: a quote opened, never closed
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems_of(raw_copy, "breakdowns.csv")
    assert problem.line == last and problem.row_id == name and "quote" in problem.reason


def test_an_empty_line_is_named(raw_copy: Path):
    path = raw_copy / "units.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems_of(raw_copy, "units.csv")
    assert problem.line == 4 and "empty line" in problem.reason


@pytest.mark.parametrize("end, words", [("\r\n", "CR LF"), ("\r", "CR")])
def test_line_ends_other_than_newline_are_refused(raw_copy: Path, end: str, words: str):
    path = raw_copy / "indicators.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", end.encode()))
    (problem,) = problems_of(raw_copy, "indicators.csv")
    assert problem.line == 1 and f"{words} line ends" in problem.reason and "\\n" in problem.reason


def test_one_line_with_a_windows_line_end_is_named(raw_copy: Path):
    path = raw_copy / "corrections.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[5] += "\r"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    (problem,) = problems_of(raw_copy, "corrections.csv")
    assert problem.line == 6 and "CR LF" in problem.reason


def test_an_empty_file_is_refused(raw_copy: Path):
    (raw_copy / "breakdowns.csv").write_bytes(b"")
    (problem,) = problems_of(raw_copy, "breakdowns.csv")
    assert "empty" in problem.reason and "git" in problem.reason


def test_a_control_character_is_refused(raw_copy: Path):
    path = raw_copy / "units.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",", ",\x00", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems_of(raw_copy, "units.csv")
    assert problem.line == 3 and "U+0000" in problem.reason


def test_a_column_named_twice_in_the_header(raw_copy: Path):
    path = raw_copy / "relations.csv"
    text = path.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    path.write_text(header.replace(",note", ",whole") + "\n" + rest, encoding="utf-8")
    problems = problems_of(raw_copy, "relations.csv")
    assert any(p.line == 1 and p.column == "whole" and "twice" in p.reason for p in problems)


def test_a_quote_never_closed_in_a_long_file_names_its_line(raw_copy: Path):
    path = raw_copy / "units.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + ',"'  # line 3 opens a quote; the rest of the file (made longer) would be one cell
    lines[3:3] = ["x" * 80] * 2000
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems_of(raw_copy, "units.csv")
    assert problem.line == 3 and "'\"'" in problem.reason  # where the quote opens, whatever the reader met next
    assert len(str(problem)) < 300, "the long cell is not printed"
