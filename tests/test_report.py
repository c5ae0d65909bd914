"""The province report: its text blocks, Markdown tables, the report notebook and its PDF."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from analysis import paths
from analysis.labels import TEXT, indicator_names, text
from analysis.notebooks import execute
from analysis.pdf import notebook_markdown, notebook_to_pdf
from analysis.report import FIGURES, markdown_table, read_report_inputs, report_for

REPORT = paths.NOTEBOOKS / "03_report.ipynb"


@pytest.fixture(scope="module")
def inputs():
    return read_report_inputs()


def test_both_languages_have_the_same_phrases():
    assert set(TEXT["en"]) == set(TEXT["vi"])


def test_unknown_language_and_all_provinces_are_refused(layer, inputs, tmp_path):
    with pytest.raises(ValueError, match="unknown lang 'fr'; valid: en, vi"):
        report_for(layer, inputs, "Bắc Kạn", "fr", tmp_path)
    with pytest.raises(ValueError, match="the report is for one province"):
        report_for(layer, inputs, "all", "en", tmp_path)


def test_markdown_table_escapes_pipes_and_sizes_columns():
    table = markdown_table(pd.DataFrame({"Indicator": ["a|b", "c"], "Value": ["1", None]}))
    lines = table.splitlines()
    assert lines[0] == "| Indicator | Value |"
    assert lines[1] == "|:---------|:------|"  # 9 dashes for 'Indicator' (9 letters), at least 6
    assert lines[2] == "| a\\|b | 1 |" and lines[3] == "| c |  |"


def test_heading_names_the_province_the_as_of_date_and_the_merger(layer, inputs, tmp_path):
    report = report_for(layer, inputs, "bac kan", "vi", tmp_path)
    heading = report.heading()
    assert heading.startswith("# Chuyển đổi số tỉnh Bắc Kạn")
    newest = pd.to_datetime(layer.sources.loc[layer.sources["province"] == "Bắc Kạn", "published"]).max()
    assert f"Số liệu tính đến ngày {newest.day}/{newest.month}/{newest.year}" in heading
    assert "Từ ngày 1/7/2025, Bắc Kạn thuộc tỉnh Thái Nguyên." in heading


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_targets_table_gives_each_verdict_and_its_reason_in_the_reports_language(layer, inputs, tmp_path, lang):
    report = report_for(layer, inputs, "Bắc Kạn", lang, tmp_path)
    table = report.targets_table()
    rows = inputs.targets[inputs.targets["province_id"] == "bac-kan"]
    assert table.count("\n") == len(rows) + 1  # header, rule, one line per target
    names = indicator_names(layer.indicators, lang)
    for target in rows.itertuples():
        line = next(ln for ln in table.splitlines() if ln.startswith(f"| {names[target.indicator_id]}"))
        assert text(f"verdict_{target.verdict}", lang) in line and text(f"reason_{target.reason_code}", lang) in line


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
    assert len(blocks) == len(FIGURES)
    for name, block in zip(FIGURES, blocks):
        if saved[name] is None:
            assert isinstance(block, Markdown) and f"No figures for {province} for this chart." in block.data
        else:
            assert isinstance(block, Image) and saved[name]["png"].exists()


def test_report_notebook_and_pdf_for_bac_giang_in_vietnamese(tmp_path):
    executed = execute(REPORT, tmp_path / "report.ipynb",
                       {"province": "Bắc Giang", "lang": "vi", "figures_dir": str(tmp_path / "figures")})
    # every chart with data is saved, in the report's language; the coverage chart always has data
    saved = sorted(p.name for p in (tmp_path / "figures" / "bac-giang").glob("*.png"))
    assert "data_coverage_vi.png" in saved and all(name.endswith("_vi.png") for name in saved)
    notebook = nbformat.read(str(executed), as_version=4)
    markdown = notebook_markdown(notebook, tmp_path / "media")
    assert "# Chuyển đổi số tỉnh Bắc Giang" in markdown
    assert "Parameters" not in markdown and "import" not in markdown  # code and parameters stay out
    assert "remove-from-report" not in markdown and "make report" not in markdown  # the notebook's intro too
    pdf = notebook_to_pdf(executed, tmp_path / "bac-giang.vi.pdf", "Chuyển đổi số tỉnh Bắc Giang", "vi")
    reader = PdfReader(str(pdf))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # table cells wrap
    assert "Chuyển đổi số tỉnh Bắc Giang" in words
    assert "Số liệu từ các bài báo, 20" in words                      # the years the articles cover
    assert "Tạp chí Thông tin & Truyền thông" in words  # the source list
    assert "chưa xác định" in words  # the verdict of targets without actuals, in Vietnamese
    assert sum(len(page.images) for page in reader.pages) == len(saved)  # every chart with data, embedded
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4: 210 mm = 595.28 pt


def test_committed_pdfs_of_the_default_province(layer, inputs):
    outlets = layer.sources.loc[layer.sources["province"] == "Bắc Kạn", "outlet"]
    verdicts = inputs.targets.loc[inputs.targets["province_id"] == "bac-kan", "verdict"]
    for name, lang in (("bac-kan.pdf", "en"), ("bac-kan.vi.pdf", "vi")):
        reader = PdfReader(str(paths.REPORTS / name))
        words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert text("report_title", lang, province="Bắc Kạn") in words, f"{name}: run make report and commit it"
        assert all(" ".join(outlet.split()) in words for outlet in outlets), name  # every article, in the sources
        assert all(text(f"verdict_{v}", lang) in words for v in verdicts), name    # every target's verdict
        assert sum(len(page.images) for page in reader.pages) >= 1


def test_what_changed_states_each_change_with_its_numbers_dates_and_windows(layer, tmp_path):
    from analysis.growth import growth_table
    from analysis.report import ProvinceReport
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
