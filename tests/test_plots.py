"""Report charts on small, hand-made data: what each chart selects, what it draws, and that it fits.

Each test builds a few clean figures with the real codebook, computes targets and series as the
pipeline does, and reads back the text a chart shows. Expected values are the figures themselves.
"""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis import plots
from analysis.labels import TEXT, text
from analysis.results import compute
from helpers import clean_figure, clean_frame

UNITS = {"online_dossiers_share_electronic": "%", "5g_stations": "stations", "5g_stations_installed": "stations",
         "5g_trial_stations": "stations", "ftth_households_using_share": "%", "dti_rank": "rank",
         "internet_users_share": "%"}
SOURCES = pd.DataFrame({
    "source_id": ["s1", "s2", "s3"],
    "outlet": ["Báo Bắc Kạn", "Báo Đồng Khởi", "VnEconomy"],
    "published": ["2022-06-15", "2024-10-10", "2025-07-31"],
    "published_precision": ["day", "approximate", "day"],
})


def row(figure_id, indicator_id, value, end, source_id="s1", place="bac-kan", **other):
    """A clean figure of Bắc Kạn (or ``place``: 'ben-tre', 'viet-nam')."""
    names = {"bac-kan": ("Bắc Kạn", "Thái Nguyên", "thai-nguyen"), "ben-tre": ("Bến Tre", "Vĩnh Long", "vinh-long"),
             "viet-nam": ("Việt Nam", "Việt Nam", "viet-nam")}[place]
    return clean_figure(figure_id, indicator_id, value, end, units=UNITS, source_id=source_id, province=names[0],
                        province_id=place, current_province=names[1], current_province_id=names[2], **other)


def chart_data(layer, *rows, province_id="bac-kan", lang="en") -> plots.ChartData:
    figures = clean_frame(*rows, codebook=layer.indicators)
    results = compute(figures, layer)
    return plots.ChartData(figures=figures, targets=results.targets, series=results.series,
                           indicators=layer.indicators, sources=SOURCES, province_id=province_id, lang=lang,
                           breakdowns=layer.breakdowns)


def texts(fig: Figure) -> list[str]:
    """Every non-empty piece of text a figure shows: titles, legend, notes, ticks, annotations."""
    FigureCanvasAgg(fig).draw()  # tick labels exist once drawn, as when the report saves the PNG
    return [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text") and a.get_visible())
            if t.get_text()]


def chart(name: str) -> plots.Chart:
    return next(c for c in plots.CHARTS if c.name == name)


# --- the registry ---------------------------------------------------------------------------------

def test_the_registry_names_each_chart_once_with_a_title_in_both_languages():
    names = [c.name for c in plots.CHARTS]
    assert len(names) == len(set(names))
    for c in plots.CHARTS:
        assert c.title in TEXT["en"] and c.title in TEXT["vi"], f"add the label {c.title!r} to analysis/labels.py"
        assert re.fullmatch(r"[a-z0-9_]+", c.name), "a chart's name is its file stem"


def test_importing_the_charts_switches_no_backend_and_opens_no_pyplot_figure(layer):
    import matplotlib

    backend = matplotlib.get_backend()
    data = chart_data(layer, row("a", "online_dossiers_share_electronic", 39, "2022-12-01"),
                      row("b", "online_dossiers_share_electronic", 76, "2024-11-14", "s2"))
    for c in plots.CHARTS:
        c.make(data)
    assert matplotlib.get_backend() == backend
    if "matplotlib.pyplot" in sys.modules:  # a researcher's own pyplot figures are not joined by the report's
        assert sys.modules["matplotlib.pyplot"].get_fignums() == []


def test_a_chart_with_nothing_to_show_is_none(layer):
    # one observation of one share, no stock or flow, no target, no national figure
    data = chart_data(layer, row("a", "online_dossiers_share_electronic", 39, "2022-12-01"))
    made = {c.name: c.make(data) for c in plots.CHARTS}
    assert made["what_changed"] is None and made["stock_and_additions"] is None
    assert made["targets"] is None and made["national_benchmark"] is None
    assert isinstance(made["data_coverage"], Figure)  # one figure is still coverage


# --- series over time -------------------------------------------------------------------------------

def test_series_with_two_observations_are_drawn_with_their_values_and_targets(layer):
    data = chart_data(
        layer,
        row("a", "online_dossiers_share_electronic", 39, "2022-12-01", period_start="2022-01-01"),
        row("b", "online_dossiers_share_electronic", 76, "2024-11-14", "s2", period_start="2024-01-01"),
        row("t", "online_dossiers_share_electronic", 90, "2025-12-31", "s2", kind="target"),
        row("c", "5g_stations", 100, "2024-06-30"),
    )
    chosen = plots.select_changing(data)
    assert list(chosen["indicator_id"]) == ["online_dossiers_share_electronic"]  # one 5G stock is no series
    shown = texts(chart("what_changed").make(data))
    assert "39 (12/2022)" in shown and "76 (11/2024)" in shown  # first and latest, with their month
    assert text("fig_changing", "en") in shown and text("target", "en") in shown
    assert any("Báo Bắc Kạn" in t and "Báo Đồng Khởi" in t for t in shown)  # the source line names both


def test_series_that_moved_come_first_and_the_rest_are_counted_in_a_note(layer):
    rows = [row("u1", "internet_users_share", 90, "2022-06-30"), row("u2", "internet_users_share", 90, "2024-06-30")]
    for i in range(plots.MAX_PANELS):  # as many moving series as there are panels, one breakdown each
        rows += [row(f"m{i}a", "online_dossiers_share_electronic", 30 + i, "2022-12-01", breakdown=f"b{i}"),
                 row(f"m{i}b", "online_dossiers_share_electronic", 60 + i, "2024-11-14", "s2", breakdown=f"b{i}")]
    data = chart_data(layer, *rows)
    chosen = plots.select_changing(data)
    assert len(chosen) == plots.MAX_PANELS and "internet_users_share" not in set(chosen["indicator_id"])
    shown = texts(chart("what_changed").make(data))
    assert text("more_series", "en", n=1) in "\n".join(shown)  # 9 series, 8 panels: 1 more


def test_breakdowns_and_dates_are_in_the_reports_language(layer):
    rows = [row("a", "online_dossiers_share_electronic", 39, "2022-12-01", breakdown="cấp xã"),
            row("b", "online_dossiers_share_electronic", 76, "2023-06-30", "s2", breakdown="cấp xã")]
    english = "\n".join(texts(chart("what_changed").make(chart_data(layer, *rows))))
    assert "commune level" in english and "cấp xã" not in english
    vietnamese = "\n".join(texts(chart("what_changed").make(chart_data(layer, *rows, lang="vi"))))
    assert "cấp xã" in vietnamese
    # a span shorter than two years has month ticks, written as numbers in both languages (never 'Jan')
    ax = chart("what_changed").make(chart_data(layer, *rows)).axes[0]
    low, high = ax.get_xlim()
    ticks = [ax.xaxis.get_major_formatter()(t) for t in ax.get_xticks() if low <= t <= high]
    assert len(ticks) >= 2 and all(re.fullmatch(r"(\d{1,2}/)?\d{4}", t) for t in ticks), ticks
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", english)


# --- stock and additions ---------------------------------------------------------------------------

def test_stock_and_additions_are_drawn_apart_and_never_summed(layer):
    data = chart_data(
        layer,
        row("s1", "5g_stations", 11591, "2025-05-31", "s3", place="viet-nam"),
        row("s2", "5g_stations", 16737, "2025-10-31", "s3", place="viet-nam"),
        row("f1", "5g_stations_installed", 15, "2024-09-30", period_start="2024-01-01"),
        row("f2", "5g_stations_installed", 2, "2024-09-30", period_start="2024-01-01", breakdown="VNPT"),
        row("f3", "5g_stations_installed", 13, "2024-09-30", period_start="2024-01-01", breakdown="Viettel"),
    )
    shown = texts(chart("stock_and_additions").make(data))
    assert {"15", "2", "13"} <= set(shown)  # the additions as printed
    assert "30" not in shown and "11,591" not in shown  # nothing summed; Việt Nam's stock is not Bắc Kạn's
    assert text("no_stock", "en") in shown
    assert "2024-01-01–2024-09-30" in shown
    nation = texts(chart("stock_and_additions").make(
        plots.ChartData(**{**data.__dict__, "province_id": "viet-nam"})))
    assert {"11,591", "16,737"} <= set(nation) and text("no_additions", "en") in nation


def test_a_close_concept_is_a_line_of_its_own(layer):
    data = chart_data(layer, row("t", "5g_trial_stations", 300, "2021-12-31", place="viet-nam"),
                      row("s", "5g_stations", 11591, "2025-05-31", "s3", place="viet-nam"),
                      row("f", "5g_stations_installed", 26000, "2025-12-31", "s3", place="viet-nam",
                          period_start="2025-01-01"),
                      province_id="viet-nam")
    fig = chart("stock_and_additions").make(data)
    left = fig.axes[0]
    assert len([line for line in left.get_lines() if len(line.get_xdata()) > 0]) == 2  # trial, stations: 2 lines
    legend = [t.get_text() for t in left.get_legend().get_texts()]
    assert any("trial" in t for t in legend) and len(legend) == 2


# --- targets and the national figure ------------------------------------------------------------------

def test_targets_chart_shows_each_target_and_the_latest_actual_of_its_concept(layer):
    data = chart_data(
        layer,
        row("u", "internet_users_share", 91, "2024-10-10", "s2"),
        row("t1", "internet_users_share", 90, "2025-12-31", "s1", kind="target"),
        row("t2", "internet_users_share", 95, "2025-12-31", "s2", kind="target"),
        row("t3", "ftth_households_using_share", 80, "2025-12-31", "s1", kind="target", qualifier="more_than"),
    )
    shown = " ".join(" ".join(texts(chart("targets").make(data))).split())  # labels wrap
    assert "90% (2025)" in shown and "95% (2025)" in shown and "91% · 2024-10-10" in shown
    # the fibre target has no actual of its concept: it is in the report's table, the chart says so
    assert ">80% (2025)" not in shown and text("targets_in_table", "en", n=1) in shown
    # the same indicator twice: each label says which source set it
    assert "[Báo Bắc Kạn (2022)]" in shown and "[Báo Đồng Khởi (2024)]" in shown


def test_benchmark_sets_the_latest_of_each_place_side_by_side_on_one_concept(layer):
    data = chart_data(
        layer,
        row("a", "internet_users_share", 80, "2022-06-30"),
        row("b", "internet_users_share", 91, "2024-10-10", "s2"),
        row("n", "internet_users_share", 84.2, "2025-06-30", "s3", place="viet-nam"),
        row("f", "ftth_households_using_share", 69.7, "2024-10-10", "s2"),  # no national figure: left out
    )
    chosen = plots.select_benchmark(data)
    assert sorted(chosen["value"]) == [84.2, 91]
    shown = "\n".join(texts(chart("national_benchmark").make(data)))
    assert "91% (2024)" in shown and "84.2% (2025)" in shown and "Việt Nam" in shown
    assert plots.select_benchmark(plots.ChartData(**{**data.__dict__, "province_id": "viet-nam"})).empty


# --- coverage -------------------------------------------------------------------------------------

def test_coverage_counts_figures_by_domain_and_year(layer):
    data = chart_data(layer,
                      row("a", "online_dossiers_share_electronic", 39, "2022-12-01"),
                      row("b", "online_dossiers_share_electronic", 76, "2024-11-14", "s2"),
                      row("c", "5g_stations", 100, "2024-06-30", "s2"),
                      row("d", "internet_users_share", 90, "2025-12-31", "s2", kind="target"))
    fig = chart("data_coverage").make(data)
    cells = [t.get_text() for t in fig.axes[0].texts]
    # 2022: government 1; 2024: government 1, infrastructure 1; 2025: society 1 (the target's deadline)
    assert sorted(cells).count("1") == 4 and set(cells) <= {"0", "1"}
    shown = texts(fig)
    assert text("domain_digital government", "en") in shown and "2 sources" in "\n".join(shown)


# --- every chart fits, on real data ----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("province", ["Bắc Kạn", "Bắc Giang", "Bến Tre", "Việt Nam"])
def test_every_chart_fits_its_canvas_and_a_page(layer, province, lang, tmp_path):
    """No title, legend, label or note is cut by the edge of the image; no chart is taller than a page."""
    from analysis.report import read_report_inputs, report_for

    report = report_for(layer, read_report_inputs(), province, lang, tmp_path)
    data = report.chart_data()
    for c in plots.CHARTS:
        fig = c.make(data)
        if fig is None:
            continue
        width, height = fig.get_size_inches()
        assert width == plots.WIDTH and height <= plots.MAX_HEIGHT
        canvas_ = FigureCanvasAgg(fig)
        canvas_.draw()
        drawn = fig.get_tightbbox(canvas_.get_renderer())  # inches: everything drawn, ticks in view only
        assert (drawn.x0 >= -0.01 and drawn.y0 >= -0.01 and drawn.x1 <= width + 0.01
                and drawn.y1 <= height + 0.01), f"{c.name} ({province}, {lang}) runs past its image: {drawn.bounds}"


# --- files ----------------------------------------------------------------------------------------

def test_palette_is_okabe_ito():
    assert plots.PALETTE[:4] == ("#0072B2", "#E69F00", "#009E73", "#D55E00")


def test_saved_files_are_byte_identical_across_runs_and_written_whole(layer, tmp_path):
    data = chart_data(layer, row("a", "online_dossiers_share_electronic", 39, "2022-12-01"),
                      row("b", "online_dossiers_share_electronic", 76, "2024-11-14", "s2"))
    first = plots.save(chart("what_changed").make(data), tmp_path / "a", "x")
    second = plots.save(chart("what_changed").make(data), tmp_path / "b", "x")
    for kind in ("png", "svg"):
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
    assert b"<dc:date>" not in first["svg"].read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["x.png", "x.svg"]  # no scratch file left


def test_stable_svg_ids_renumbers_in_order():
    svg = '<clipPath id="pab12cd34ef"/><clipPath id="p0123456789"/><g clip-path="url(#pab12cd34ef)"/>'
    assert plots.stable_svg_ids(svg) == '<clipPath id="clip0"/><clipPath id="clip1"/><g clip-path="url(#clip0)"/>'
