"""Adding an article: add-source and accept on a scratch copy of the raw layer, with a made-up article.

The article below is invented for the tests (no outlet printed it); its numbers are hand-picked so
that every expected id, date and value can be read off the text.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.__main__ import main, validate
from analysis.clean.figures import clean
from analysis.core.errors import DataError
from analysis.ingest.rawdata import load_raw_layer
from analysis.intake.register import CORRECTION_BEFORE_ACCEPT, accept, add_source, new_source_id, publication

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


def file_numbers(raw: Path) -> list[int]:
    """The numbers NNN of the stored texts that sources.csv names (however many articles it holds)."""
    files = pd.read_csv(raw / "sources.csv", dtype=str, keep_default_na=False)["file"]
    return [int(f[:3]) for f in files if re.match(r"\d{3}_", f)]


def test_add_source_stores_the_text_under_its_hash_and_appends_a_valid_row(raw_copy, article, sources_folder):
    used = file_numbers(raw_copy)
    added = register(raw_copy, article)
    sha = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    # a number no stored text uses yet, then the first 16 hex digits of the hash
    number, digits = re.fullmatch(r"(\d{3})_([0-9a-f]{16})\.txt", added.row["file"]).groups()
    assert int(number) > max(used, default=-1) and digits == sha[:16] and added.row["sha256"] == sha
    assert added.text_path == sources_folder / added.row["file"]
    assert added.text_path.read_text(encoding="utf-8") == ARTICLE
    # Bến Tre → bt, 2025, the outlet without diacritics (at most 12 letters)
    assert added.row["source_id"] == "bt2025baothunghiem"
    assert added.row["province_attribution"] == "named in the text (Bến Tre)"
    assert (added.row["published"], added.row["published_precision"]) == ("2025-01-15", "day")
    layer = load_raw_layer(raw_copy)
    assert layer.sources["source_id"].iloc[-1] == "bt2025baothunghiem"
    # the next text takes the next number
    other = article.with_name("khac.txt")
    other.write_text(ARTICLE + "Thêm một câu.\n", encoding="utf-8")
    assert register(raw_copy, other).row["file"].startswith(f"{int(number) + 1:03d}_")


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


def test_a_web_page_without_its_text_needs_the_province_basis_and_says_why(raw_copy, sources_folder):
    page = dict(store_text=False, url="https://baothunghiem.vn/bai-123.html", retrieved="2026-11-23")
    with pytest.raises(ValueError, match="no text was given.*--province-basis") as err:
        register(raw_copy, None, **page)
    assert "does not name" not in str(err.value)        # no text was given: nothing was read
    added = register(raw_copy, None, province_basis="named in the page title", **page)
    assert added.row["province_attribution"] == "named in the page title" and added.text_path is None


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


def draft(tmp_path: Path, rows: list[dict], name: str = "draft.csv") -> Path:
    columns = ["figure_id", "source_id", "indicator_id", "kind", "breakdown", "value_as_written", "unit_as_written",
               "qualifier_as_written", "period_as_written", "comparison_as_written", "locator", "note",
               "indicator_candidates", "confidence"]
    path = tmp_path / name
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
    assert done.unchecked == ()                            # the stored text checked every quote
    figures = pd.read_csv(raw_copy / "figures.csv", dtype=str, keep_default_na=False)
    assert list(figures.columns) == list(load_raw_layer(paths.RAW).figures.columns)  # no indicator_candidates
    assert figures["figure_id"].iloc[-1] == f"{sid}-03" and figures["value_as_written"].iloc[-1] == "80,5"
    # a second draft with another figure continues the numbering
    more = dict(good_rows(sid)[0], indicator_id="bts_controller_stations")
    again = accept(draft(tmp_path, [more]), raw_dir=raw_copy)
    assert list(again.rows["figure_id"]) == [f"{sid}-04"]


def test_accepting_the_same_draft_twice_is_refused_naming_the_accepted_rows(raw_copy, article, sources_folder,
                                                                             tmp_path):
    sid = register(raw_copy, article).row["source_id"]
    path = draft(tmp_path, good_rows(sid))
    accept(path, raw_dir=raw_copy)
    before = (raw_copy / "figures.csv").read_bytes()
    with pytest.raises(DataError, match=rf"line 2, column locator: value 'toàn tỉnh có 1.250 trạm BTS': already in "
                                        rf"data/raw/figures.csv as {sid}-01 .*--again") as err:
        accept(path, raw_dir=raw_copy)
    assert all(f"as {sid}-0{n}" in str(err.value) for n in (1, 2, 3))
    assert (raw_copy / "figures.csv").read_bytes() == before   # nothing written
    # whitespace does not make a figure new; two equal rows of one draft are refused too
    spaced = dict(good_rows(sid)[0], locator="toàn tỉnh  có 1.250 trạm BTS")
    with pytest.raises(DataError, match=f"already in data/raw/figures.csv as {sid}-01"):
        accept(draft(tmp_path, [spaced]), raw_dir=raw_copy)
    twice = dict(good_rows(sid)[0], indicator_id="bts_controller_stations")
    with pytest.raises(DataError, match="line 3, column locator.*the same figure as line 2 of the draft"):
        accept(draft(tmp_path, [twice, twice]), raw_dir=raw_copy)


def test_again_accepts_a_repeated_figure_but_never_an_identical_row(raw_copy, article, sources_folder, tmp_path):
    sid = register(raw_copy, article).row["source_id"]
    accept(draft(tmp_path, good_rows(sid)), raw_dir=raw_copy)
    before = (raw_copy / "figures.csv").read_bytes()
    with pytest.raises(DataError, match="a raw row is never entered twice, even with --again"):
        accept(draft(tmp_path, good_rows(sid)[:1]), raw_dir=raw_copy, again=True)
    assert (raw_copy / "figures.csv").read_bytes() == before
    noted = dict(good_rows(sid)[0], note="printed twice in the article: in the lead and in the body")
    done = accept(draft(tmp_path, [noted]), raw_dir=raw_copy, again=True)
    assert list(done.rows["figure_id"]) == [f"{sid}-04"]


def test_validate_reports_a_duplicate_raw_row_with_file_line_and_id(raw_copy, tmp_path, capsys):
    lines = (raw_copy / "figures.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first_id, rest = lines[1].split(",", 1)
    source = first_id.rsplit("-", 1)[0]
    copied = f"{source}-99,{rest}"                          # the first figure entered again under a new id
    (raw_copy / "figures.csv").write_text("".join(lines) + copied, encoding="utf-8")
    assert validate(raw_copy, tmp_path) == 1
    err = capsys.readouterr().err
    assert (f"figures.csv, line {len(lines) + 1}, row {source}-99, column figure_id: value '{source}-99': "
            f"duplicate row: the same figure as {first_id} (line 2)") in err
    # the committed raw layer has none
    assert validate(paths.RAW, tmp_path) == 0


def test_a_web_page_is_accepted_only_with_its_text_or_explicitly_unchecked(raw_copy, article, sources_folder,
                                                                           tmp_path):
    sid = register(raw_copy, article, store_text=False, url="https://baothunghiem.vn/bai-123.html",
                   retrieved="2026-11-23").row["source_id"]
    path = draft(tmp_path, good_rows(sid))
    before = (raw_copy / "figures.csv").read_bytes()
    with pytest.raises(DataError, match=rf"(?s)column source_id: value '{sid}': a web page whose text is not stored.*"
                                        r"--text.*--no-text-check"):
        accept(path, raw_dir=raw_copy)
    assert (raw_copy / "figures.csv").read_bytes() == before
    wrong = dict(good_rows(sid)[0], locator="toàn tỉnh có 1.250 trạm 5G")
    with pytest.raises(DataError, match="column locator.*not found in the article text"):
        accept(draft(tmp_path, [wrong], "wrong.csv"), raw_dir=raw_copy, text_file=article)
    done = accept(path, raw_dir=raw_copy, text_file=article)
    assert done.unchecked == () and len(done.rows) == 3
    unchecked = accept(draft(tmp_path, [wrong], "wrong.csv"), raw_dir=raw_copy, check_text=False)
    assert unchecked.unchecked == (sid,)


def test_the_cli_warns_loudly_when_locators_are_not_checked(raw_copy, article, sources_folder, tmp_path,
                                                             monkeypatch, capsys):
    sid = register(raw_copy, article, store_text=False, url="https://baothunghiem.vn/bai-123.html",
                   retrieved="2026-11-23").row["source_id"]
    monkeypatch.setattr(paths, "RAW", raw_copy)
    path = draft(tmp_path, good_rows(sid))
    assert main(["accept", str(path)]) == 1
    assert "--text" in capsys.readouterr().err
    assert main(["accept", str(path), "--no-text-check"]) == 0
    assert f"WARNING: the locators of 3 figure(s) of {sid} were NOT checked" in capsys.readouterr().err


def test_a_stored_text_that_is_missing_or_another_is_refused(raw_copy, article, sources_folder, tmp_path):
    added = register(raw_copy, article)
    sid = added.row["source_id"]
    other = tmp_path / "khac.txt"
    other.write_text(ARTICLE.replace("1.250", "1.260"), encoding="utf-8")
    with pytest.raises(DataError, match=f"not the stored text of {sid}"):
        accept(draft(tmp_path, good_rows(sid)), raw_dir=raw_copy, text_file=other)
    added.text_path.unlink()
    with pytest.raises(DataError, match=f"value '{sid}': its stored text {added.row['file']} is in none of"):
        accept(draft(tmp_path, good_rows(sid)), raw_dir=raw_copy)
    crlf = tmp_path / "crlf.txt"                           # the same text saved with Windows line ends
    crlf.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert len(accept(draft(tmp_path, good_rows(sid)), raw_dir=raw_copy, text_file=crlf).rows) == 3


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


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_files_follow_the_users_umask(raw_copy, article, sources_folder, tmp_path, umask_022):
    added = register(raw_copy, article)
    assert mode(added.text_path) == 0o644 and mode(raw_copy / "sources.csv") == 0o644
    accept(draft(tmp_path, good_rows(added.row["source_id"])), raw_dir=raw_copy)
    assert mode(raw_copy / "figures.csv") == 0o644
    out = tmp_path / "drafts" / "x.draft.csv"
    assert main(["extract", str(article), "-o", str(out)]) == 0
    assert mode(out) == 0o644
    os.umask(0o077)                                        # a private umask is respected too
    assert main(["extract", str(article), "-o", str(out), "--overwrite"]) == 0
    assert mode(out) == 0o600


# --------------------------------------------------------------------------------------------------
# The year end of the publication's own year, and what to do with a row cleaning would reject


def test_a_year_end_of_the_publications_year_is_an_estimate_kept_and_flagged(raw_copy, article, sources_folder,
                                                                             tmp_path):
    # "Đến hết năm 2024" in an article of 13 December 2024: an estimate to the year end, accepted
    sid = register(raw_copy, article, published="2024-12-13").row["source_id"]
    done = accept(draft(tmp_path, good_rows(sid)[:2]), raw_dir=raw_copy)
    assert done.would_be_rejected.empty
    figures = clean(load_raw_layer(raw_copy)).figures.set_index("figure_id")
    for fid in done.rows["figure_id"]:
        assert figures.at[fid, "period_end"] == pd.Timestamp("2024-12-31")
        assert "estimate_year_end" in figures.at[fid, "flags"].split(";")


def test_a_period_after_publication_names_the_period_cell_and_the_fix(raw_copy, article, sources_folder, tmp_path):
    # the same words in an article of 20 December 2023: the end of 2024 is no estimate, it is later
    sid = register(raw_copy, article, published="2023-12-20").row["source_id"]
    path = draft(tmp_path, good_rows(sid)[:1])
    with pytest.raises(DataError) as err:
        accept(path, raw_dir=raw_copy)
    message = str(err.value)
    assert (f"line 2, row {sid}-01, column period_as_written: value 'Đến hết năm 2024': cleaning would reject it "
            "(rules): period_after_publication: period ends 2024-12-31, after the publication date 2023-12-20") in message
    assert "'target'" in message and "fix period_as_written in the draft" in message
    assert "A draft is not raw data yet" in message and "--allow-rejected" in message
    done = accept(path, raw_dir=raw_copy, allow_rejected=True)
    assert list(done.would_be_rejected["figure_id"]) == [f"{sid}-01"]


def test_a_correction_of_a_draft_row_says_to_accept_the_draft_first(raw_copy, article, sources_folder, tmp_path,
                                                                    capsys):
    sid = register(raw_copy, article).row["source_id"]
    with open(raw_copy / "corrections.csv", "a", encoding="utf-8") as out:
        out.write(f"c999,{sid}-01,period_as_written,Đến hết năm 2024,đến nay,a year-end estimate\n")
    with pytest.raises(DataError, match=f"column figure_id: value '{sid}-01': unknown figure_id.*"
                                        + re.escape(CORRECTION_BEFORE_ACCEPT)):
        accept(draft(tmp_path, good_rows(sid)), raw_dir=raw_copy)
    assert validate(raw_copy, tmp_path) == 1
    assert CORRECTION_BEFORE_ACCEPT in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------
# extract on the command line: one draft location, and a draft under review is never overwritten


def test_extract_writes_where_the_notebook_does_and_keeps_a_draft_under_review(article, tmp_path, monkeypatch,
                                                                               capsys):
    import analysis.__main__ as cli

    # the command line's default folder is the review notebook's
    from analysis.run.actions import notebook_defaults

    assert notebook_defaults(paths.NOTEBOOKS / "00_extract.ipynb")["draft_dir"] == cli.DRAFTS
    monkeypatch.setattr(cli, "DRAFTS", str(tmp_path / "drafts"))   # absolute: not the project's build/
    source = load_raw_layer().sources.iloc[0]
    sid = source["source_id"]
    assert main(["extract", str(article), "--source-id", sid]) == 0
    written = tmp_path / "drafts" / f"{sid}.draft.csv"
    assert len(pd.read_csv(written, dtype=str)) == 3
    err = capsys.readouterr().err
    assert f"accept {written}" in err and "already has" in err     # the source has accepted figures
    # the reviewer edits the draft; extracting again does not overwrite it
    edited = pd.read_csv(written, dtype=str, keep_default_na=False).assign(note="checked by hand")
    edited.to_csv(written, index=False, lineterminator="\n")
    reviewed = written.read_text(encoding="utf-8")
    assert main(["extract", str(article), "--source-id", sid]) == 1
    assert "exists and differs" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == reviewed
    assert main(["extract", str(article), "--source-id", sid, "--overwrite"]) == 0
    assert written.read_text(encoding="utf-8") != reviewed
    assert main(["extract", str(article), "-o", "-"]) == 0          # '-': standard output
    assert capsys.readouterr().out.startswith("figure_id,source_id,")


def test_extracts_closing_hint_gives_the_text_of_a_web_page(article, tmp_path, monkeypatch, capsys):
    import analysis.__main__ as cli

    monkeypatch.setattr(cli, "DRAFTS", str(tmp_path / "drafts"))
    pages = load_raw_layer().sources.query("file == ''")
    if pages.empty:
        pytest.skip("no web page whose text is not stored in data/raw/sources.csv")
    sid = pages["source_id"].iloc[0]
    assert main(["extract", str(article), "--source-id", sid]) == 0
    assert f"accept {tmp_path / 'drafts' / f'{sid}.draft.csv'} --text {article}" in capsys.readouterr().err


def test_add_source_prints_the_next_steps_with_the_default_draft_and_the_page_text(raw_copy, article, tmp_path,
                                                                                   monkeypatch, capsys):
    monkeypatch.setattr(paths, "RAW", raw_copy)
    assert main(["add-source", str(article), "--no-store", "--province", "Bến Tre", "--published", "2024-12",
                 "--published-basis", "from URL", "--url", "https://baothunghiem.vn/a.html",
                 "--retrieved", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    sid = re.search(r"added source (\S+)", out).group(1)
    assert f"accept build/drafts/{sid}.draft.csv --text {article}" in out
    assert main(["add-source", "--no-store", "--province", "Bến Tre", "--published", "2024-12",
                 "--published-basis", "from URL", "--url", "https://baothunghiem.vn/b.html",
                 "--retrieved", "2026-11-23"]) == 1
    assert "no text was given" in capsys.readouterr().err
