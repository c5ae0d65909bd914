"""The province report: its text blocks, Markdown tables, the report notebook and its PDF."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from analysis import paths
from analysis.labels import TEXT, text
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
    assert "Số liệu tính đến ngày 10/10/2024" in heading
    assert "Từ ngày 1/7/2025, Bắc Kạn thuộc tỉnh Thái Nguyên." in heading


def test_targets_and_sources_tables(layer, inputs, tmp_path):
    report = report_for(layer, inputs, "Bắc Kạn", "en", tmp_path)
    targets = report.targets_table()
    # bk2022portal-02: more than 80 % of households by 2025; latest 69.72 % (2024-10-10): off track
    assert "| Households with fibre broadband (FTTH) | >80% | 2025-12-31 | 69.72% | 2024-10-10 | off track |" in targets
    sources = report.sources_table()
    assert "Báo Bắc Kạn" in sources and "2024-10-10 (approx.)" in sources


def test_a_province_with_few_data_gets_sentences_not_empty_charts(layer, inputs, tmp_path):
    report = report_for(layer, inputs, "Bắc Giang", "en", tmp_path)
    saved = report.save_figures()
    assert saved["5g_rollout"] is None and saved["count_growth"] is None
    assert saved["infrastructure_targets"] is not None and saved["government_services"] is not None
    blocks = report.figure_blocks(saved)
    assert len(blocks) == len(FIGURES)
    assert "No figures for Bắc Giang for this chart." in blocks[0].data
    assert report.checks_table() == text("no_checks", "en", province="Bắc Giang")


def test_report_notebook_and_pdf_for_bac_giang_in_vietnamese(tmp_path):
    executed = execute(REPORT, tmp_path / "report.ipynb",
                       {"province": "Bắc Giang", "lang": "vi", "figures_dir": str(tmp_path / "figures")})
    # Bắc Giang (article 003) has targets only: level-4 online services for 2021 and infrastructure
    # for 2025, so three charts: coverage, government services (a target marker) and infrastructure
    assert sorted(p.name for p in (tmp_path / "figures" / "bac-giang").glob("*.png")) == [
        "data_coverage_vi.png", "government_services_vi.png", "infrastructure_targets_vi.png"]
    notebook = nbformat.read(str(executed), as_version=4)
    markdown = notebook_markdown(notebook, tmp_path / "media")
    assert "# Chuyển đổi số tỉnh Bắc Giang" in markdown
    assert "Parameters" not in markdown and "import" not in markdown  # code and parameters stay out
    assert "remove-from-report" not in markdown and "make report" not in markdown  # the notebook's intro too
    pdf = notebook_to_pdf(executed, tmp_path / "bac-giang.vi.pdf", "Chuyển đổi số tỉnh Bắc Giang", "vi")
    reader = PdfReader(str(pdf))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # table cells wrap
    assert "Chuyển đổi số tỉnh Bắc Giang" in words
    assert "Số liệu từ các bài báo, 2021." in words or "Số liệu từ các bài báo, 2021 " in words
    assert "Tạp chí Thông tin & Truyền thông" in words  # the source list
    assert "chưa xác định" in words  # the verdict of targets without actuals, in Vietnamese
    assert sum(len(page.images) for page in reader.pages) == 3  # the three figures, embedded
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4: 210 mm = 595.28 pt


def test_committed_pdfs_of_the_default_province(inputs):
    for name, title in (("bac-kan.pdf", "Digital transformation in Bắc Kạn"), ("bac-kan.vi.pdf", "Chuyển đổi số tỉnh Bắc Kạn")):
        reader = PdfReader(str(paths.REPORTS / name))
        words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert title in words
        assert "69.72%" in words or "69,72" in words or "69.72" in words  # the fibre-household share
        assert "Báo Bắc Kạn" in words
        assert sum(len(page.images) for page in reader.pages) == len(FIGURES)
