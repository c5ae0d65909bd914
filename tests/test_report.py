"""The province report: its text blocks, Markdown tables, the report notebook and its PDF."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from analysis import paths
from analysis.report import plots
from analysis.report.labels import TEXT, text
from analysis.report.pdf import layout_problems, markdown_to_pdf, notebook_markdown, notebook_to_pdf, page_text
from analysis.report.province import ProvinceReport, escape_markdown, markdown_table, read_report_inputs, report_for
from analysis.run.notebooks import execute

REPORT = paths.NOTEBOOKS / "03_report.ipynb"


@pytest.fixture(scope="module")
def inputs():
    return read_report_inputs()


def test_both_languages_have_the_same_phrases():
    assert set(TEXT["en"]) == set(TEXT["vi"])


def test_unknown_language_and_all_provinces_are_refused(layer, inputs, tmp_path):
    with pytest.raises(ValueError, match="unknown lang 'fr'; valid: en, vi"):
        report_for(layer, inputs, "Bắc Kạn", "fr", tmp_path)
    with pytest.raises(ValueError, match="one place, not 'all'"):
        report_for(layer, inputs, "all", "en", tmp_path)


def test_markdown_table_escapes_every_cell_and_leaves_widths_to_typst():
    table = markdown_table(pd.DataFrame({"Indicator": ["a|b", "c"], "Value": ["1", None]}))
    lines = table.splitlines()
    assert lines[0] == "| Indicator | Value |"
    assert lines[1] == "|:---|:---|"
    assert lines[2] == "| a\\|b | 1 |" and lines[3] == "| c |  |"


def test_text_from_the_data_is_literal_markdown():
    assert escape_markdown("*bold* `#panic()`{=typst} <b>x</b> $x$ @cite [a](b)") == (
        "\\*bold\\* \\`\\#panic()\\`\\{\\=typst\\} \\<b\\>x\\</b\\> \\$x\\$ \\@cite \\[a\\](b)")
    assert escape_markdown("two\nlines") == "two lines" and escape_markdown(None) == ""


def test_markup_in_a_csv_cell_reaches_the_pdf_as_text(layer, inputs, tmp_path):
    """A title that is typst, HTML or Markdown markup is printed as written; nothing of it runs."""
    import dataclasses

    hostile = '`#panic("x")`{=typst} #set page(width: 1cm) <script>alert(1)</script> $x$ **b**'
    sources = layer.sources.copy()
    sources.loc[sources["province"] == "Bắc Kạn", "title"] = hostile
    report = report_for(dataclasses.replace(layer, sources=sources), inputs, "Bắc Kạn", "en", tmp_path)
    pdf = markdown_to_pdf(report.heading() + "\n\n" + report.sources_table(), tmp_path / "hostile.pdf", "t", "en")
    words = "".join(page_text(pdf, n) for n in (1, 2) if n == 1 or _pages(pdf) > 1).replace(" ", "")
    # spaces dropped: a narrow column may wrap the title anywhere, e.g. inside "</script>"
    assert all(part.replace(" ", "") in words for part in ('#panic("x")', "<script>alert(1)</script>", "$x$", "**b**"))
    assert not layout_problems(pdf)  # the page kept its width


def _pages(pdf) -> int:
    return len(PdfReader(str(pdf)).pages)


def test_heading_names_the_province_the_as_of_date_and_the_merger(layer, inputs, tmp_path):
    report = report_for(layer, inputs, "bac kan", "vi", tmp_path)
    heading = report.heading()
    assert heading.startswith("# Chuyển đổi số ở Bắc Kạn")
    newest = pd.to_datetime(layer.sources.loc[layer.sources["province"] == "Bắc Kạn", "published"]).max()
    assert f"Số liệu tính đến ngày {newest.day}/{newest.month}/{newest.year}" in heading
    assert "Từ ngày 1/7/2025, Bắc Kạn thuộc tỉnh Thái Nguyên." in heading


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_targets_table_gives_each_verdict_and_its_reason_in_the_reports_language(layer, inputs, tmp_path, lang):
    report = report_for(layer, inputs, "Bắc Kạn", lang, tmp_path)
    table = report.targets_table()
    rows = inputs.targets[inputs.targets["province_id"] == "bac-kan"]
    distinct = rows.drop_duplicates(["indicator_id", "breakdown", "target_value", "target_qualifier", "deadline"])
    assert table.count("\n") == len(distinct) + 1  # header, rule, one line per target (a repeated one once)
    for target in rows.itertuples():
        name = escape_markdown(report._label(target.indicator_id, target.breakdown))
        line = next(ln for ln in table.splitlines() if ln.startswith(f"| {name} |"))
        verdict = "verdict_missed" if target.reason_code == "deadline_missed" else f"verdict_{target.verdict}"
        assert text(verdict, lang) in line and text(f"reason_{target.reason_code}", lang) in line


def test_sources_table_lists_each_article_with_its_date(layer, inputs, tmp_path):
    report = report_for(layer, inputs, "Bắc Kạn", "en", tmp_path)
    sources = report.sources_table()
    mine = layer.sources[layer.sources["province"] == "Bắc Kạn"]
    for outlet, published in zip(mine["outlet"], mine["published"]):
        assert outlet in sources and published in sources


@pytest.mark.parametrize("province", ["Bắc Kạn", "Bắc Giang", "Bến Tre"])
def test_a_chart_without_data_becomes_a_sentence_never_an_empty_chart(layer, inputs, tmp_path, province):
    from IPython.display import Image, Markdown

    report = report_for(layer, inputs, province, "en", tmp_path)
    saved = report.save_figures()
    blocks = report.figure_blocks(saved)
    assert len(blocks) == len(plots.CHARTS)
    for name, block in zip((c.name for c in plots.CHARTS), blocks):
        if saved[name] is None:
            assert isinstance(block, Markdown) and f"No figures for {province} for this chart." in block.data
        else:
            assert isinstance(block, Image) and saved[name]["png"].exists()


def plain(markdown_line: str) -> str:
    """A line of the report's Markdown as the PDF prints it: no bullet, no bold, escapes resolved."""
    line = re.sub(r"^- ", "", markdown_line).replace("**", "")
    return " ".join(re.sub(r"\\(.)", r"\1", line).split())


def findings(report) -> list[str]:
    return [plain(line) for line in report.key_findings().splitlines() if line.startswith("- ")]


@pytest.mark.parametrize(("province", "lang"), [("Bắc Giang", "vi"), ("Bến Tre", "en")])
def test_report_notebook_and_pdf(province, lang, layer, inputs, tmp_path):
    executed = execute(REPORT, tmp_path / "report.ipynb",
                       {"province": province, "lang": lang, "figures_dir": str(tmp_path / "figures")})
    report = report_for(layer, inputs, province, lang, tmp_path / "figures")
    # every chart with data is saved, in the report's language; the coverage chart always has data
    saved = sorted(p.name for p in (tmp_path / "figures" / report.province_id).glob("*.png"))
    assert f"data_coverage_{lang}.png" in saved and all(name.endswith(f"_{lang}.png") for name in saved)
    notebook = nbformat.read(str(executed), as_version=4)
    markdown = notebook_markdown(notebook, tmp_path / "media")
    title = text("report_title", lang, province=province)
    assert f"# {title}" in markdown
    assert "Parameters" not in markdown and "import" not in markdown  # code and parameters stay out
    assert "remove-from-report" not in markdown and "make report" not in markdown  # the notebook's intro too
    pdf = notebook_to_pdf(executed, tmp_path / "report.pdf", title, lang)
    reader = PdfReader(str(pdf))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # table cells wrap
    assert title in words
    assert text("report_subtitle", lang, years="20")[:-2] in words           # the years the articles cover
    assert all(outlet in words for outlet in report.layer.sources.loc[
        report.layer.sources["source_id"].isin(report.rows["source_id"]), "outlet"])  # the source list
    assert text("verdict_unknown", lang) in words  # targets without actuals, in the report's language
    assert sum(len(page.images) for page in reader.pages) == len(saved)  # every chart with data, embedded
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4: 210 mm = 595.28 pt
    # the first page states the findings in selectable text; nothing runs past a margin
    first = page_text(pdf, 1)
    assert text("section_key_findings", lang) in first
    assert findings(report) and findings(report)[0] in first
    assert layout_problems(pdf) == []


def test_committed_pdfs_of_the_default_province(layer, inputs, tmp_path):
    outlets = layer.sources.loc[layer.sources["province"] == "Bắc Kạn", "outlet"]
    verdicts = inputs.targets.loc[inputs.targets["province_id"] == "bac-kan", "verdict"]
    for name, lang in (("bac-kan.pdf", "en"), ("bac-kan.vi.pdf", "vi")):
        pdf = paths.REPORTS / name
        reader = PdfReader(str(pdf))
        words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert text("report_title", lang, province="Bắc Kạn") in words, f"{name}: run make report and commit it"
        assert all(" ".join(outlet.split()) in words for outlet in outlets), name  # every article, in the sources
        assert all(text(f"verdict_{v}", lang) in words for v in verdicts), name    # every target's verdict
        assert sum(len(page.images) for page in reader.pages) >= 1
        report = report_for(layer, inputs, "Bắc Kạn", lang, tmp_path)
        selectable = " ".join(page_text(pdf, n) for n in range(1, len(reader.pages) + 1))
        assert text("section_key_findings", lang) in page_text(pdf, 1), f"{name}: run make report and commit it"
        squeezed = selectable.replace(" ", "")  # a line may wrap after a dash: the extracted text then has a space
        for finding in findings(report):
            assert finding.replace(" ", "") in squeezed, f"{name}: {finding!r} is not in the PDF: run make report and commit it"
        assert layout_problems(pdf) == [], name


def test_the_layout_check_finds_what_runs_past_a_margin(tmp_path):
    wide = "| " + " | ".join(["x" * 60] * 4) + " |\n|:---|:---|:---|:---|\n| a | b | c | d |"
    pdf = markdown_to_pdf("Text that fits.\n\n" + wide, tmp_path / "wide.pdf", "t", "en")
    problems = layout_problems(pdf)
    assert problems and all("wide.pdf, page 1" in p for p in problems)
    assert layout_problems(markdown_to_pdf("Text that fits.", tmp_path / "fits.pdf", "t", "en")) == []


def test_what_changed_states_each_change_with_its_numbers_dates_and_windows(layer, tmp_path):
    from analysis.analyze.growth import growth_table
    from analysis.report.province import ProvinceReport
    from helpers import clean_figure, clean_frame

    units = {"online_dossiers_share_electronic": "%"}
    rows = [clean_figure(f"bt-{i}", "online_dossiers_share_electronic", v, end, units=units, period_start=start,
                         province="Bến Tre", province_id="ben-tre", current_province="Vĩnh Long",
                         current_province_id="vinh-long")
            for i, (v, start, end) in enumerate([(39, "2022-01-01", "2022-12-01"), (76, "2024-01-01", "2024-11-14")])]
    figures = clean_frame(*rows, codebook=layer.indicators)
    growth = growth_table(figures, layer.indicators, layer.relations).assign(refuted_by="")
    empty = pd.DataFrame()
    english = ProvinceReport(layer, figures, growth, empty, empty, "ben-tre", "en", tmp_path).changes_text()
    # 76 − 39 = 37 points over 714 days: 37 × 365.25 / 714 ≈ 18.93 → "+18.9 points a year"
    assert ("39% (2022-01-01–2022-12-01) → 76% (2024-01-01–2024-11-14), +37 points, +18.9 points a year"
            in english)
    vietnamese = ProvinceReport(layer, figures, growth, empty, empty, "ben-tre", "vi", tmp_path).changes_text()
    assert "39% (1/1/2022–1/12/2022) → 76% (1/1/2024–14/11/2024), +37 điểm phần trăm, +18,9 điểm phần trăm" in vietnamese


def report_of(layer, tmp_path, *rows, lang="en", province_id="ben-tre"):
    """A ProvinceReport over hand-made clean figures, with growth and checks computed as the pipeline does."""
    from analysis.report.province import ProvinceReport
    from analysis.analyze.results import compute
    from helpers import clean_frame

    figures = clean_frame(*rows, codebook=layer.indicators)
    results = compute(figures, layer)
    return ProvinceReport(layer, figures, results.growth, results.targets, results.checks, province_id, lang,
                          tmp_path, results.series)


def bt(figure_id, indicator_id, value, end, unit, place="ben-tre", **other):
    from helpers import clean_figure

    names = {"ben-tre": ("Bến Tre", "Vĩnh Long", "vinh-long"), "viet-nam": ("Việt Nam", "Việt Nam", "viet-nam")}[place]
    return clean_figure(figure_id, indicator_id, value, end, units={indicator_id: unit}, province=names[0],
                        province_id=place, current_province=names[1], current_province_id=names[2],
                        published="2025-01-15", **other)


@pytest.mark.parametrize(("before", "after", "direction"), [
    ((10, "at_most"), (9, "exact"), 0),        # top 10, then 9th: it may have been 5th before
    ((81.33, "exact"), (81, "more_than"), 0),   # more than 81% may be 82%
    ((1, "less_than"), (90, "about"), 1),       # under 1%, then about 90%: a rise whatever the exact values
    ((50, "more_than"), (40, "less_than"), -1),
    ((10, "exact"), (10, "more_than"), 1),      # more than 10 after exactly 10
])
def test_a_bound_tells_the_direction_of_a_change_only_when_every_value_it_allows_agrees(before, after, direction):
    from analysis.report.province import _bounded_direction

    assert _bounded_direction(before[0], before[1], after[0], after[1]) == direction


def test_a_change_from_a_bound_is_stated_with_its_qualifier_and_no_amount(layer, tmp_path):
    report = report_of(layer, tmp_path, bt("a", "dti_rank", 10, "2020-12-31", "rank", qualifier="at_most"),
                       bt("b", "dti_rank", 9, "2022-12-31", "rank"))
    line = next(ln for ln in report.key_findings().splitlines() if "DTI" in ln)
    assert "top 10 (2020-12-31) → rank 9 (2022-12-31): one of the two is a bound" in line
    assert "up 1 place" not in line


def test_series_that_did_not_move_share_one_line_and_a_one_step_rank_is_one_place(layer, tmp_path):
    report = report_of(layer, tmp_path,
                       bt("a", "internet_users_share", 100, "2022-06-30", "%"),
                       bt("b", "internet_users_share", 100, "2024-06-30", "%"),
                       bt("c", "dti_rank", 10, "2021-12-31", "rank"), bt("d", "dti_rank", 9, "2022-12-31", "rank"))
    lines = report.key_findings().splitlines()
    assert any(ln.startswith("- **Unchanged**: ") and "at 100% (2022-06-30 → 2024-06-30)" in ln for ln in lines)
    assert any("rank 10 (2021-12-31) → rank 9 (2022-12-31), up 1 place (" in ln for ln in lines)


def test_only_shares_are_set_beside_the_nation_and_dates_far_apart_are_said(layer, tmp_path):
    report = report_of(layer, tmp_path,
                       bt("a", "internet_users_share", 73.1, "2023-12-18", "%"),
                       bt("n", "internet_users_share", 65, "2021-12-31", "%", place="viet-nam"),
                       bt("c", "mobile_subscriptions", 1_000_000, "2023-12-18", "subscriptions"),
                       bt("m", "mobile_subscriptions", 120_000_000, "2023-12-31", "subscriptions", place="viet-nam"))
    lines = report._benchmark_lines()
    assert len(lines) == 1 and "Bến Tre 73.1% (2023-12-18); Việt Nam 65% (2021-12-31) (dates 2 years apart)" in lines[0]


def test_pdfium_is_used_by_one_thread_at_a_time(tmp_path, monkeypatch):
    """The pipeline checks both languages' PDFs in two threads; PDFium is not thread-safe (two threads
    in it kill the process with SIGTRAP, exit 133, about every other run). Every use holds one lock:
    here each document is held open long enough that two threads without the lock would overlap."""
    import threading
    import time

    import pypdfium2

    pdf = markdown_to_pdf("Some words.", tmp_path / "a.pdf", "t", "en")
    open_now, most = [0], [0]
    guard = threading.Lock()

    class SlowDocument(pypdfium2.PdfDocument):
        def __init__(self, *args, **kwargs):
            with guard:
                open_now[0] += 1
                most[0] = max(most[0], open_now[0])
            time.sleep(0.05)
            super().__init__(*args, **kwargs)

        def close(self):
            with guard:
                open_now[0] -= 1
            super().close()

    monkeypatch.setattr(pypdfium2, "PdfDocument", SlowDocument)
    threads = [threading.Thread(target=lambda: (layout_problems(pdf), page_text(pdf))) for _ in range(4)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    assert open_now[0] == 0
    assert most[0] == 1, f"{most[0]} threads used PDFium at once: hold analysis.report.pdf.PDFIUM_LOCK around every use"


def test_a_change_the_source_states_is_a_finding_unless_two_figures_span_the_same_dates(layer, tmp_path):
    """'rank 9, up 1 place from 2021' gives rank 10 in 2021: the source's own arithmetic, stated as its change."""
    rank = bt("a", "dti_rank", 9, "2022-12-31", "rank", source_id="bt2023bao")
    change = bt("c", "dti_rank", -1, "2022-12-31", "rank", kind="change", comparison_basis="previous_year",
                basis_start="2021-01-01", basis_end="2021-12-31", source_id="bt2023bao")
    lines = [ln for ln in report_of(layer, tmp_path, rank, change).key_findings().splitlines() if "DTI" in ln]
    assert len(lines) == 1
    assert "rank 10 (2021-12-31) → rank 9 (2022-12-31), up 1 place (the change as the source states it) [1]" in lines[0]
    earlier = bt("b", "dti_rank", 10, "2021-12-31", "rank", source_id="bt2023bao")  # the same span from two figures
    lines = [ln for ln in report_of(layer, tmp_path, rank, change, earlier).key_findings().splitlines() if "DTI" in ln]
    assert len(lines) == 1 and "as the source states it" not in lines[0]


def test_sentences_cite_the_numbered_rows_of_the_sources_table_national_sources_included(layer, tmp_path):
    report = report_of(layer, tmp_path,
                       bt("a", "internet_users_share", 73.1, "2023-12-18", "%", source_id="bt2023bao"),
                       bt("n", "internet_users_share", 65, "2021-12-31", "%", place="viet-nam",
                          source_id="vn2021kinhtedothi"))
    import dataclasses

    outlet = layer.sources.set_index("source_id")["outlet"].map(escape_markdown)
    # the national article (2021) is older than the province's (2023): it is row 1
    assert report._benchmark_lines()[0].endswith(" [1, 2]")
    rows = [r for r in report.sources_table().splitlines() if r.startswith("| 1 ") or r.startswith("| 2 ")]
    assert outlet["vn2021kinhtedothi"] in rows[0] and rows[0].endswith("| national |")
    assert outlet["bt2023bao"] in rows[1] and rows[1].endswith("| 1 |")  # one figure of Bến Tre from it
    named = dataclasses.replace(report, cite="names")._benchmark_lines()[0]  # where no sources table follows
    assert f"(Sources: {outlet['vn2021kinhtedothi']}" in named


def test_a_finding_on_figures_a_check_finds_inconsistent_says_so_and_so_does_a_share_derived_from_them(layer, tmp_path):
    report = report_of(layer, tmp_path,
                       bt("s", "smartphone_subscriptions", 321_429, "2022-06-30", "subscriptions", source_id="bt2023bao"),
                       bt("m", "mobile_subscriptions", 279_568, "2022-06-30", "subscriptions", source_id="bt2023bao"),
                       bt("r", "smartphone_subscriptions_share", 114.97, "2022-06-30", "%", source_id="bt2023bao",
                          origin="derived", derived_from="s;m", derivation="s / m"),
                       bt("x", "internet_users_share", 70, "2022-06-30", "%", source_id="bt2023bao"))
    assert report._doubted_figures == {"s", "m", "r"}  # 321,429 smartphones of 279,568 subscriptions: an error
    lines = report._latest_lines()
    doubted = [ln for ln in lines if "a check finds these figures inconsistent" in ln]
    assert len(doubted) == 3 and not any("Internet" in ln for ln in doubted)
    assert "Checks: 1 contradiction between figures (see" in report.key_findings()


def test_a_change_past_200_percent_is_a_multiple(layer, tmp_path):
    report = report_of(layer, tmp_path, bt("a", "5g_stations", 107, "2022-06-15", "stations"),
                       bt("b", "5g_stations", 1_292, "2022-12-31", "stations"))
    # 1,292 / 107 = 12.07…: "+1,185 (12.1 times as many)", not "+1,107%"
    assert "+1,185 (12.1 times as many)" in report.changes_text()
    vietnamese = report_of(layer, tmp_path, bt("a", "5g_stations", 107, "2022-06-15", "stations"),
                           bt("b", "5g_stations", 1_292, "2022-12-31", "stations"), lang="vi")
    assert "+1.185 (gấp 12,1 lần)" in vietnamese.changes_text()


def test_an_earlier_level_is_not_stated_from_a_bounded_change(layer, tmp_path):
    """'66,692 users, more than 3,000 up on 2023' makes 2023 '<63,692', not '>63,692': no number is stated."""
    level = bt("a", "vssid_users", 66_692, "2024-09-30", "people", source_id="bt2023bao")
    change = bt("c", "vssid_users", 3_000, "2024-09-30", "people", kind="change", qualifier="more_than",
                comparison_basis="previous_year", basis_start="2023-01-01", basis_end="2023-12-31",
                source_id="bt2023bao")
    report = report_of(layer, tmp_path, level, change)
    assert not [ln for ln in report.changes_text().splitlines() if "63,692" in ln]
    exact = bt("c", "vssid_users", 3_000, "2024-09-30", "people", kind="change", comparison_basis="previous_year",
               basis_start="2023-01-01", basis_end="2023-12-31", source_id="bt2023bao")
    # 66,692 − 3,000 = 63,692 when the change is exact
    assert "63,692 people (2023-12-31) → 66,692 people (2024-09-30)" in report_of(layer, tmp_path, level, exact).changes_text()


def test_a_target_due_after_the_province_was_merged_says_so(layer, tmp_path):
    merger = layer.provinces.set_index("province_id").at["ben-tre", "current_since"]  # Bến Tre → Vĩnh Long
    report = report_of(layer, tmp_path,
                       bt("a", "internet_users_share", 91, "2024-06-30", "%", source_id="bt2023bao"),
                       bt("t", "internet_users_share", 90, "2030-12-31", "%", kind="target", source_id="bt2023bao"),
                       bt("u", "internet_users_share", 80, "2024-12-31", "%", kind="target", source_id="bt2023bao"))
    lines = report._target_lines()
    after = f"the deadline falls after the province's merger on {merger}"
    assert [after in ln for ln in lines] == [False, True]  # sorted by deadline: 2024 first, then 2030


def test_a_chart_is_one_entry_of_the_registry_and_reaches_the_report_in_both_languages(layer, tmp_path,
                                                                                        monkeypatch):
    """A new contributor's chart: one entry (name, titles, selection, drawing) and no other edit anywhere."""
    from IPython.display import Image, Markdown

    from helpers import clean_figure, clean_frame

    from analysis.analyze.results import compute

    def draw(data, chosen, title):  # one bar per figure of the place, titled as the entry says
        fig = plots.new_figure(2.0)
        fig.subplots().bar(chosen["figure_id"], chosen["value"])
        return plots.finish(fig, data, title, chosen["source_id"])

    titles = {"en": "Every figure of the place", "vi": "Mọi số liệu của tỉnh"}
    empty = {"en": "Nothing to draw", "vi": "Không có gì để vẽ"}
    drawn = plots.Chart("throwaway", titles, lambda data: data.actuals(data.province_id), draw)
    nothing = plots.Chart("throwaway_empty", empty, lambda data: data.figures.iloc[0:0], draw)
    monkeypatch.setattr(plots, "CHARTS", (*plots.CHARTS, drawn, nothing))
    figures = clean_frame(clean_figure("f1", "internet_users_share", 39.0, "2024-12-31", units={}, unit="%"),
                          codebook=layer.indicators)
    results = compute(figures, layer)
    for lang in ("en", "vi"):
        report = ProvinceReport(layer, figures, results.growth, results.targets, results.checks, "bac-kan", lang,
                                tmp_path, results.series)
        saved = report.save_figures()
        assert saved["throwaway"]["png"].name == f"throwaway_{lang}.png" and saved["throwaway_empty"] is None
        blocks = report.figure_blocks(saved)
        # the registry's order is the report's: the two new charts come last
        assert isinstance(blocks[-2], Image) and blocks[-2].filename == str(saved["throwaway"]["png"])
        assert isinstance(blocks[-1], Markdown) and blocks[-1].data.startswith(f"*{empty[lang]}*: ")
        shown = drawn.make(report.chart_data())._suptitle.get_text()
        assert shown == titles[lang]


def test_a_chart_without_its_title_in_every_language_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="chart 'x': give its title in vi"):
        plots.Chart("x", {"en": "A title"}, lambda data: data.figures, lambda data, chosen, title: None)
