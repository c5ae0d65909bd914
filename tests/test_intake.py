"""Adding an article: add-source and accept on a scratch copy of the raw layer, with a made-up article.

The article below is invented for the tests (no outlet printed it); its numbers are hand-picked so
that every expected id, date and value can be read off the text.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.errors import DataError
from analysis.intake import accept, add_source, new_source_id, publication
from analysis.rawdata import load_raw_layer

ARTICLE = (
    "Chuyển đổi số ở Bến Tre năm 2024\n"
    "Đến hết năm 2024, toàn tỉnh có 1.250 trạm BTS, tăng 120 trạm so với năm 2023. "
    "Tỷ lệ hồ sơ phát sinh trực tuyến đạt 80,5% trên tổng số hồ sơ.\n"
)


@pytest.fixture
def sources_folder(tmp_path: Path, monkeypatch) -> Path:
    """A writable folder for new texts, searched before the shared one."""
    folder = tmp_path / "texts"
    monkeypatch.setenv(paths.SOURCES_ENV, str(folder))
    return folder


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bai-bao.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def register(raw: Path, article: Path, **other):
    options = dict(province="Bến Tre", published="2025-01-15", published_basis="printed under the headline",
                   outlet="Báo Thử Nghiệm", raw_dir=raw)
    options.update(other)
    return add_source(article, **options)


def test_add_source_stores_the_text_under_its_hash_and_appends_a_valid_row(raw_copy, article, sources_folder):
    added = register(raw_copy, article)
    sha = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    # the five seed texts are numbered 000–004: the next is 005, then the first 16 hex digits of the hash
    assert added.row["file"] == f"005_{sha[:16]}.txt" and added.row["sha256"] == sha
    assert added.text_path == sources_folder / added.row["file"]
    assert added.text_path.read_text(encoding="utf-8") == ARTICLE
    # Bến Tre → bt, 2025, the outlet without diacritics (at most 12 letters)
    assert added.row["source_id"] == "bt2025baothunghiem"
    assert added.row["province_attribution"] == "named in the text (Bến Tre)"
    assert (added.row["published"], added.row["published_precision"]) == ("2025-01-15", "day")
    layer = load_raw_layer(raw_copy)
    assert layer.sources["source_id"].iloc[-1] == "bt2025baothunghiem"


def test_a_month_only_date_is_the_months_last_day_with_precision_month():
    assert publication("2022-11") == ("2022-11-30", "month")
    assert publication("2024-02") == ("2024-02-29", "month")   # a leap February
    assert publication("2024-12-06") == ("2024-12-06", "day")
    with pytest.raises(ValueError, match="YYYY-MM-DD or YYYY-MM"):
        publication("6/12/2024")


def test_a_web_page_whose_text_is_not_stored_needs_its_url_and_retrieval_date(raw_copy, article, sources_folder):
    with pytest.raises(ValueError, match="give --url and --retrieved"):
        register(raw_copy, article, store_text=False)
    added = register(raw_copy, article, store_text=False, url="https://baothunghiem.vn/bai-123.html",
                     retrieved="2026-11-23", published="2024-12", published_basis="from URL (…/bai-123.html)")
    assert added.text_path is None and added.row["file"] == "" and added.row["sha256"] == ""
    assert added.row["source_id"] == "bt2024baothunghiem"  # the site's name, the month's year
    assert not any(sources_folder.glob("*.txt"))           # nothing of the text kept


def test_add_source_refuses_an_unknown_province_listing_the_valid_ones(raw_copy, article, sources_folder):
    with pytest.raises(ValueError, match="unknown province 'Atlantis'"):
        register(raw_copy, article, province="Atlantis")
    assert "bt2025" not in (raw_copy / "sources.csv").read_text(encoding="utf-8")


def test_add_source_asks_how_the_province_was_attributed_when_the_text_does_not_name_it(raw_copy, tmp_path,
                                                                                         sources_folder):
    text = tmp_path / "x.txt"
    text.write_text("Toàn tỉnh có 12 trạm 5G.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="--province-basis"):
        register(raw_copy, text)
    added = register(raw_copy, text, province_basis="the outlet is the province's newspaper")
    assert added.row["province_attribution"] == "the outlet is the province's newspaper"


def test_new_source_ids_are_unique():
    taken = {"bt2025baothunghiem"}
    assert new_source_id("ben-tre", "2025-01-15", "Báo Thử Nghiệm", "", taken) == "bt2025baothunghiemb"
    assert new_source_id("viet-nam", "2025-07-01", "x", "https://www.vneconomy.vn/a", set()) == "vn2025vneconomy"


def draft(tmp_path: Path, rows: list[dict]) -> Path:
    columns = ["figure_id", "source_id", "indicator_id", "kind", "breakdown", "value_as_written", "unit_as_written",
               "qualifier_as_written", "period_as_written", "comparison_as_written", "locator", "note",
               "indicator_candidates", "confidence"]
    path = tmp_path / "draft.csv"
    pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns).to_csv(
        path, index=False, lineterminator="\n")
    return path


def good_rows(source_id: str) -> list[dict]:
    return [
        dict(source_id=source_id, indicator_id="bts_stations", kind="actual", value_as_written="1.250",
             unit_as_written="trạm BTS", period_as_written="Đến hết năm 2024", locator="toàn tỉnh có 1.250 trạm BTS",
             indicator_candidates="bts_stations:0.9", confidence="high"),
        dict(source_id=source_id, indicator_id="bts_stations", kind="change", value_as_written="120",
             unit_as_written="trạm", comparison_as_written="so với năm 2023", period_as_written="Đến hết năm 2024",
             locator="tăng 120 trạm so với năm 2023"),
        dict(source_id=source_id, indicator_id="online_dossiers_share", kind="actual", value_as_written="80,5",
             unit_as_written="%", locator="trực tuyến đạt 80,5% trên tổng số hồ sơ"),
    ]


def test_accept_appends_the_rows_with_ids_and_drops_the_review_columns(raw_copy, article, sources_folder, tmp_path):
    sid = register(raw_copy, article).row["source_id"]
    done = accept(draft(tmp_path, good_rows(sid)), raw_dir=raw_copy)
    assert list(done.rows["figure_id"]) == [f"{sid}-01", f"{sid}-02", f"{sid}-03"]
    figures = pd.read_csv(raw_copy / "figures.csv", dtype=str, keep_default_na=False)
    assert list(figures.columns) == list(load_raw_layer(paths.RAW).figures.columns)  # no indicator_candidates
    assert figures["figure_id"].iloc[-1] == f"{sid}-03" and figures["value_as_written"].iloc[-1] == "80,5"
    # a second draft continues the numbering
    again = accept(draft(tmp_path, good_rows(sid)[:1]), raw_dir=raw_copy)
    assert list(again.rows["figure_id"]) == [f"{sid}-04"]


def test_accept_refuses_uncoded_rows_and_writes_nothing(raw_copy, article, sources_folder, tmp_path):
    sid = register(raw_copy, article).row["source_id"]
    rows = good_rows(sid)
    rows[1]["indicator_id"] = ""
    before = (raw_copy / "figures.csv").read_bytes()
    with pytest.raises(DataError, match=r"line 3, column indicator_id: value '120': no indicator_id"):
        accept(draft(tmp_path, rows), raw_dir=raw_copy)
    assert (raw_copy / "figures.csv").read_bytes() == before


def test_accept_refuses_a_locator_that_is_not_in_the_text(raw_copy, article, sources_folder, tmp_path):
    sid = register(raw_copy, article).row["source_id"]
    rows = good_rows(sid)
    rows[0]["locator"] = "toàn tỉnh có 1.250 trạm 5G"
    before = (raw_copy / "figures.csv").read_bytes()
    with pytest.raises(DataError, match=f"row {sid}-01, column locator.*not found in the article text"):
        accept(draft(tmp_path, rows), raw_dir=raw_copy)
    assert (raw_copy / "figures.csv").read_bytes() == before


def test_accept_refuses_what_cleaning_would_reject_naming_the_cell(raw_copy, article, sources_folder, tmp_path):
    sid = register(raw_copy, article).row["source_id"]
    rows = good_rows(sid)
    rows[2]["unit_as_written"] = "hồ sơ"           # a share written in "hồ sơ": the unit does not fit a share
    rows[2]["locator"] = "80,5% trên tổng số hồ sơ"
    with pytest.raises(DataError, match=rf"row {sid}-03, column unit_as_written: value 'hồ sơ': cleaning would reject"):
        accept(draft(tmp_path, rows), raw_dir=raw_copy)
    done = accept(draft(tmp_path, rows), raw_dir=raw_copy, allow_rejected=True)
    assert list(done.would_be_rejected["figure_id"]) == [f"{sid}-03"]


def test_writes_are_atomic_no_scratch_file_is_left(raw_copy, article, sources_folder, tmp_path):
    sid = register(raw_copy, article).row["source_id"]
    accept(draft(tmp_path, good_rows(sid)), raw_dir=raw_copy)
    assert not [p for p in os.listdir(raw_copy) if p.endswith(".tmp")]
