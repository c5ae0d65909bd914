"""Report charts on small, hand-made data: what each chart selects, what it draws, and that it fits.

Each test builds a few clean figures with the real codebook, computes targets and series as the
pipeline does, and reads back the text a chart shows. Expected values are the figures themselves.
"""

from __future__ import annotations

import dataclasses
import re
import sys

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.analyze.results import compute
from analysis.core.domains import domain_name
from analysis.report import plots
from analysis.report.labels import LANGS, text
from helpers import clean_figure, clean_frame

UNITS = {"online_dossiers_share_electronic": "%", "5g_stations": "stations", "5g_stations_installed": "stations",
         "5g_trial_stations": "stations", "ftth_households_using_share": "%", "dti_rank": "rank",
         "internet_users_share": "%", "digitised_data_reuse_share": "%", "5g_coverage_unspecified_share": "%",
         "smartphone_subscriptions_share": "%", "fixed_broadband_speed": "Mbit/s",
         "fixed_broadband_speed_world_average": "Mbit/s", "fixed_broadband_subscriptions": "subscriptions",
         "mobile_broadband_subscriptions": "subscriptions", "5g_to_4g_stations_ratio": "%",
         "5g_population_coverage_share": "%", "bts_stations": "stations", "bts_stations_built": "stations"}
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
        assert set(c.title) == set(LANGS), f"chart {c.name!r}: give its title in {', '.join(LANGS)} in its entry"
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
    assert made["data_coverage"] is None  # one figure is no coverage chart


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
    assert chart("what_changed").title["en"] in shown and text("target", "en") in shown
    assert any("Báo Bắc Kạn" in t and "Báo Đồng Khởi" in t for t in shown)  # the source line names both


def test_series_that_moved_come_first_and_the_rest_are_counted_in_a_note(layer):
    rows = [row("u1", "internet_users_share", 90, "2022-06-30"), row("u2", "internet_users_share", 90, "2024-06-30")]
    for i in range(plots.MAX_PANELS + 1):  # one moving series more than there are panels, one breakdown each
        rows += [row(f"m{i}a", "online_dossiers_share_electronic", 30 + i, "2022-12-01", breakdown=f"b{i}"),
                 row(f"m{i}b", "online_dossiers_share_electronic", 60 + i, "2024-11-14", "s2", breakdown=f"b{i}")]
    data = chart_data(layer, *rows)
    chosen = plots.select_changing(data)
    assert len(chosen) == plots.MAX_PANELS and "internet_users_share" not in set(chosen["indicator_id"])
    shown = " ".join(" ".join(texts(chart("what_changed").make(data))).split())
    assert text("more_series", "en", n=1) in shown  # 9 moving series, 8 panels: 1 more
    assert f"{text('unchanged', 'en')}: {data.names['internet_users_share']} at 90%" in shown  # the still one


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
    assert {"2", "13", f"{text('total', 'en')}: 15"} <= set(shown)  # the additions as printed
    assert "30" not in shown  # nothing summed
    assert not any("11,591" in t for t in shown)  # Việt Nam's stock is not Bắc Kạn's
    assert text("no_stock", "en") not in shown  # no empty panel
    assert "2024-01-01–2024-09-30" in [t.replace("\n", "") for t in shown]  # a tick label, wrapped at the dash
    nation = texts(chart("stock_and_additions").make(
        dataclasses.replace(data, province_id="viet-nam")))
    assert {"11,591 (5/2025)", "16,737 (10/2025)"} <= set(nation) and text("no_additions", "en") not in nation


def test_a_close_concept_is_a_line_of_its_own(layer):
    data = chart_data(layer, row("t", "5g_trial_stations", 300, "2021-12-31", place="viet-nam"),
                      row("t2", "5g_trial_stations", 400, "2022-06-30", place="viet-nam"),
                      row("s", "5g_stations", 11591, "2025-05-31", "s3", place="viet-nam"),
                      row("s2", "5g_stations", 16737, "2025-10-31", "s3", place="viet-nam"),
                      row("f", "5g_stations_installed", 26000, "2025-12-31", "s3", place="viet-nam",
                          period_start="2025-01-01"),
                      province_id="viet-nam")
    fig = chart("stock_and_additions").make(data)
    left = fig.axes[0]
    assert sorted(list(line.get_ydata()) for line in joined_lines(left)) == [[300, 400], [11591, 16737]]
    legend = [t.get_text() for t in left.get_legend().get_texts()]
    assert any("trial" in t for t in legend) and len(legend) == 2
    assert "26,000 (2025-01-01–2025-12-31)" in " ".join(texts(fig))  # a single bar is a sentence


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
    assert "target 90% (2025)" in shown and "target 95% (2025)" in shown and "91% (10/2024)" in shown
    # the fibre target has no actual of its concept: it is in the report's table, the chart says so
    assert "target >80% (2025)" not in shown and text("targets_in_table", "en", n=1) in shown
    # the same indicator twice, with one deadline: each label says which source set it
    assert "by 2025 [Báo Bắc Kạn (2022)]" in shown and "by 2025 [Báo Đồng Khởi (2024)]" in shown


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
    assert plots.select_benchmark(dataclasses.replace(data, province_id="viet-nam")).empty


# --- coverage -------------------------------------------------------------------------------------

def test_coverage_counts_figures_by_domain_and_year(layer):
    rows = ([row(f"g{i}", "online_dossiers_share_electronic", 30 + i, "2022-12-01") for i in range(6)]
            + [row(f"h{i}", "online_dossiers_share_electronic", 60 + i, "2024-11-14", "s2") for i in range(5)]
            + [row(f"s{i}", "5g_stations", 100 + i, "2024-06-30", "s2") for i in range(3)]
            + [row("d", "internet_users_share", 90, "2025-12-31", "s2", kind="target")])
    data = chart_data(layer, *rows)
    fig = chart("data_coverage").make(data)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022", "2023", "2024", "2025"]
    cells = [t.get_text() for t in ax.texts]  # row by row: government, infrastructure, society
    assert cells == ["6", "0", "5", "0", "0", "0", "3", "0", "0", "0", "0", "1"]  # a target in its deadline's year
    shown = texts(fig)
    assert domain_name("digital government", "en") in shown and "2 sources" in "\n".join(shown)


# --- every chart fits, on real data ----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("province", ["Bắc Kạn", "Bắc Giang", "Bến Tre", "Việt Nam"])
def test_every_chart_fits_its_canvas_and_a_page(layer, province, lang, tmp_path):
    """No title, legend, label or note is cut by the edge of the image; no chart is taller than a page."""
    from analysis.report.province import read_report_inputs, report_for

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
        for ax in fig.axes:  # value labels placed inside a panel (kept out of the layout) stay inside it
            panel = ax.get_window_extent(canvas_.get_renderer())
            for label in (t for t in ax.texts if t.get_text() and not t.get_in_layout()):
                box = label.get_window_extent(canvas_.get_renderer())
                assert (box.x0 >= panel.x0 - 0.5 and box.x1 <= panel.x1 + 0.5 and box.y0 >= panel.y0 - 0.5
                        and box.y1 <= panel.y1 + 0.5), f"{c.name} ({province}, {lang}): {label.get_text()!r} leaves it"


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


# --- review 2 of the PDFs: what a chart may draw and where its labels go -----------------------------

def joined_lines(ax) -> list:
    """The lines that join observations (two points or more, drawn with a line style)."""
    return [line for line in ax.get_lines() if line.get_linestyle() not in ("None", "", " ")
            and len(line.get_ydata()) >= 2]


def markers(ax, marker: str) -> list[float]:
    """The y values of unjoined markers of one shape (bounds as triangles, disputed figures as circles)."""
    return [float(y) for line in ax.get_lines() if line.get_marker() == marker
            and line.get_linestyle() in ("None", "", " ") for y in line.get_ydata()]


def end_labels(ax) -> list:
    """The value labels inside a panel (annotations), drawn."""
    return [t for t in ax.texts if t.get_text()]


def boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_a_bound_is_a_triangle_never_joined_to_its_neighbour(layer):
    # 81.33% then "more than 81%": the line would draw a fall the text says cannot be told
    data = chart_data(layer,
                      row("a", "digitised_data_reuse_share", 70, "2023-08-31"),
                      row("b", "digitised_data_reuse_share", 81.33, "2024-08-31", "s2"),
                      row("c", "digitised_data_reuse_share", 81, "2024-09-30", "s2", qualifier="more_than"),
                      row("d", "dti_rank", 10, "2020-12-31", qualifier="at_most"),
                      row("e", "dti_rank", 9, "2022-12-31", "s2"),
                      row("f", "dti_rank", 12, "2023-12-31", "s2"))
    fig = chart("what_changed").make(data)
    share, rank = (next(ax for ax in fig.axes if ax.get_title("left").replace("\n", " ") == data.names[i])
                   for i in ("digitised_data_reuse_share", "dti_rank"))
    assert [list(line.get_ydata()) for line in joined_lines(share)] == [[70, 81.33]]  # the bound is not joined
    assert markers(share, "^") == [81]  # "more than": a triangle pointing up
    assert [list(line.get_ydata()) for line in joined_lines(rank)] == [[9, 12]]
    assert markers(rank, "^") == [10]  # "top 10": rank 10 or better, up on a rank axis (rank 1 on top)
    assert "top 10 (12/2020)" in [t.get_text() for t in rank.texts]


def test_a_share_axis_never_zooms_into_a_fraction_of_a_point(layer):
    data = chart_data(layer, row("a", "internet_users_share", 97, "2023-06-30"),
                      row("b", "internet_users_share", 97.3, "2024-06-30", "s2"))
    ax = chart("what_changed").make(data).axes[0]
    low, high = sorted(ax.get_ylim())
    assert high - low >= plots.MIN_SHARE_SPAN  # 0.3 points is not drawn as a cliff
    FigureCanvasAgg(ax.figure).draw()
    ticks = [t for t in ax.get_yticks() if low <= t <= high]
    assert ticks and max(ticks) <= 100  # no tick of a share above 100%


def test_rank_ticks_are_whole_numbers_even_when_every_value_is_equal():
    fig = plots.new_figure(2)
    ax = fig.subplots()
    plots.set_value_axis(ax, [1, 1, 1], "rank", "en", whole=True)
    FigureCanvasAgg(fig).draw()
    low, high = sorted(ax.get_ylim())
    shown = [ax.yaxis.get_major_formatter()(t) for t in ax.get_yticks() if low <= t <= high]
    assert shown and all(re.fullmatch(r"\d+", t) for t in shown), shown
    assert "0" not in shown  # no rank 0


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_first_and_last_labels_stay_inside_their_panel_and_apart(layer, lang):
    data = chart_data(
        layer,
        # long labels at both ends of a wide axis
        row("a", "fixed_broadband_subscriptions", 92_880_000, "2021-12-31"),
        row("b", "fixed_broadband_subscriptions", 105_130_000, "2025-06-30", "s3"),
        # two close points at the end of the axis, far below a target
        row("c", "5g_stations", 11_591, "2025-05-31", "s3"),
        row("d", "5g_stations", 16_737, "2025-10-31", "s3"),
        row("t", "5g_stations", 68_457, "2025-12-31", "s3", kind="target"),
        # the first point highest, the last lowest, a month apart
        row("e", "internet_users_share", 98, "2024-10-31", "s2", qualifier="about"),
        row("f", "internet_users_share", 97, "2024-12-31", "s2"),
        # small values at the left edge of a year axis
        row("g", "online_dossiers_share_electronic", 31, "2021-12-31"),
        row("h", "online_dossiers_share_electronic", 51, "2022-12-31", "s2"),
        lang=lang,
    )
    fig = chart("what_changed").make(data)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        inside = ax.get_window_extent(renderer)
        labels = [t.get_window_extent(renderer) for t in end_labels(ax)]
        title = ax.get_title("left")
        assert len(labels) == 2, title
        for box, label in zip(labels, end_labels(ax)):
            assert (box.x0 >= inside.x0 and box.x1 <= inside.x1 and box.y0 >= inside.y0
                    and box.y1 <= inside.y1), f"{label.get_text()!r} leaves its panel {title!r}"
        assert not boxes_overlap(*labels), f"the labels of {title!r} overlap"


def test_disputed_figures_are_markers_never_a_movement(layer):
    rows = [row("a", "smartphone_subscriptions_share", 59.2, "2018-12-31"),
            row("b", "smartphone_subscriptions_share", 65.09, "2019-12-31"),
            row("c", "smartphone_subscriptions_share", 75, "2021-12-31"),
            row("d", "smartphone_subscriptions_share", 72.6, "2022-01-31", "s2")]
    plain = chart_data(layer, *rows)
    assert [list(line.get_ydata()) for line in joined_lines(chart("what_changed").make(plain).axes[0])] == [
        [59.2, 65.09, 75, 72.6]]  # without the checks: a fall (what the first review found)
    data = dataclasses.replace(plain, disputed=frozenset({frozenset({"c", "d"})}))
    ax = chart("what_changed").make(data).axes[0]
    # two sources on one figure: one of them (the latest) joined, the other an unjoined marker
    assert [list(line.get_ydata()) for line in joined_lines(ax)] == [[59.2, 65.09, 72.6]]
    assert markers(ax, "o") == [75]
    assert data.fingerprint("what_changed") != plain.fingerprint("what_changed")  # redrawn when checks change
    elsewhere = dataclasses.replace(plain, disputed=frozenset({frozenset({"x1", "x2"})}))
    assert elsewhere.fingerprint("what_changed") == plain.fingerprint("what_changed")  # another place's dispute


def test_one_value_per_date_is_joined(layer):
    # a chain of disputes around one date (three sources, two dates) and an agreeing second source
    rows = [row("a", "fixed_broadband_subscriptions", 92_880_000, "2021-12-31"),
            row("b", "fixed_broadband_subscriptions", 91_300_000, "2021-12-31", "s2"),
            row("c", "fixed_broadband_subscriptions", 91_320_000, "2022-01-31", "s3"),
            row("d", "fixed_broadband_subscriptions", 101_120_000, "2023-06-30"),
            row("e", "fixed_broadband_subscriptions", 101_120_000, "2023-06-30", "s2"),  # agrees: hidden behind d
            row("f", "fixed_broadband_subscriptions", 101_200_000, "2023-06-30", "s3")]  # differs, unchecked
    data = dataclasses.replace(chart_data(layer, *rows), disputed=frozenset({frozenset({"a", "b"}), frozenset({"b", "c"})}))
    ax = chart("what_changed").make(data).axes[0]
    assert [list(line.get_ydata()) for line in joined_lines(ax)] == [[91_320_000, 101_120_000]]
    assert sorted(markers(ax, "o")) == [91_300_000, 92_880_000, 101_200_000]


def test_close_concepts_share_unit_and_kind_and_never_set_the_scale(layer):
    data = chart_data(
        layer,
        row("a", "5g_stations", 11_591, "2025-05-31", "s3", place="viet-nam"),
        row("b", "5g_stations", 16_737, "2025-10-31", "s3", place="viet-nam"),
        row("c", "5g_trial_stations", 15_000, "2025-06-30", "s3", place="viet-nam"),  # a stock: shown
        row("d", "5g_stations_installed", 26_000, "2025-12-31", "s3", place="viet-nam", period_start="2025-01-01"),
        row("e", "fixed_broadband_speed", 93.31, "2023-05-31", place="viet-nam"),
        row("f", "fixed_broadband_speed", 176.68, "2025-04-30", "s3", place="viet-nam"),
        row("g", "fixed_broadband_speed_world_average", 79.3, "2023-05-31", place="viet-nam"),  # a benchmark
        row("h", "fixed_broadband_subscriptions", 22_140_000, "2023-06-30", place="viet-nam"),
        row("i", "fixed_broadband_subscriptions", 24_430_000, "2025-06-30", "s3", place="viet-nam"),
        row("j", "mobile_broadband_subscriptions", 85_700_000, "2024-06-30", place="viet-nam"),
        province_id="viet-nam")
    fig = chart("what_changed").make(data)
    panel = {ax.get_title("left").replace("\n", " "): ax for ax in fig.axes if ax.get_visible()}

    def others(ax) -> list[float]:
        return sorted(float(y) for c in ax.collections if c.get_label() == "other"
                      for _x, y in c.get_offsets())

    assert others(panel[data.names["5g_stations"]]) == [15_000]  # the additions (a flow) are not beside the stock
    assert others(panel[data.names["fixed_broadband_speed"]]) == []  # the world average is a benchmark
    subscriptions = panel[data.names["fixed_broadband_subscriptions"]]
    assert max(subscriptions.get_ylim()) < 85_700_000  # the mobile figure does not flatten the series


def test_benchmarks_are_read_from_the_codebooks_concept():
    codebook = pd.DataFrame({"indicator_id": ["speed", "speed_world", "score", "score_provinces"],
                             "concept": ["average speed in Việt Nam", "the world average quoted as a benchmark",
                                         "a province's score", "the average of the provinces' scores"]})
    assert plots.benchmarks(codebook) == {"speed_world", "score_provinces"}


def test_series_that_never_changed_are_a_sentence_not_a_panel(layer):
    still = [row("a", "internet_users_share", 100, "2022-09-30"),
             row("b", "internet_users_share", 100, "2024-10-10", "s2")]
    assert chart("what_changed").make(chart_data(layer, *still)) is None  # nothing moved: no chart
    data = chart_data(layer, *still, row("c", "online_dossiers_share_electronic", 39, "2022-12-01"),
                      row("d", "online_dossiers_share_electronic", 76, "2024-11-14", "s2"))
    fig = chart("what_changed").make(data)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 1
    shown = " ".join(" ".join(texts(fig)).split())
    item = text("unchanged_item", "en", name=data.names["internet_users_share"], value="100%",
                start="9/2022", end="10/2024")
    assert f"{text('unchanged', 'en')}: {item}" in shown


def test_targets_labels_sit_in_a_column_of_their_own(layer):
    def national(*args, **other):
        return row(*args, place="viet-nam", published="2026-01-31", **other)

    rows = [national("u", "5g_to_4g_stations_ratio", 7.72, "2025-05-01", "s3")]
    for i, (value, deadline) in enumerate([(10.3, "2025-05-31"), (14.9, "2025-09-30"), (24.9, "2025-10-31"),
                                           (43.7, "2025-11-30"), (57.5, "2025-12-31")]):
        rows.append(national(f"t{i}", "5g_to_4g_stations_ratio", value, deadline, "s3", kind="target"))
    rows += [national("i", "internet_users_share", 84.15, "2025-06-30", "s3"),
             national("it", "internet_users_share", 76, "2023-12-31", "s3", kind="target"),
             national("p", "5g_population_coverage_share", 39.5, "2025-10-31", "s3"),
             national("pt", "5g_population_coverage_share", 90, "2025-12-31", "s3", kind="target", qualifier="about")]
    data = chart_data(layer, *rows, province_id="viet-nam")
    fig = chart("targets").make(data)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    plot_area = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    for label, box in zip(labels, boxes):
        assert box.x0 >= plot_area.x1, f"{label.get_text()!r} is over the bars and diamonds"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not boxes_overlap(a, b), "two labels of the targets chart overlap"
    shown = [t.get_text() for t in labels]
    assert "target ≈90% (2025)" in shown and "84.2% (6/2025)" in shown and "target 76% (2023)" in shown
    names = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert len(set(names)) == len(names)  # the same indicator told apart by its deadline
    ratio = data.names["5g_to_4g_stations_ratio"]
    assert [n for n in names if n.startswith(ratio)] == [f"{ratio} – by {d}" for d in
                                                          ("5/2025", "9/2025", "10/2025", "11/2025", "2025")]
    order = [next(i for i in ("5g_population", "5g_to_4g", "internet") if data.names[
        {"5g_population": "5g_population_coverage_share", "5g_to_4g": "5g_to_4g_stations_ratio",
         "internet": "internet_users_share"}[i]] in n) for n in names]
    assert order == sorted(order)  # by indicator, then deadline


def test_parts_are_stacked_with_their_total_marked(layer):
    data = chart_data(
        layer,
        row("f1", "5g_stations_installed", 15, "2024-09-30", period_start="2024-01-01"),
        row("f2", "5g_stations_installed", 2, "2024-09-30", period_start="2024-01-01", breakdown="VNPT"),
        row("f3", "5g_stations_installed", 13, "2024-09-30", period_start="2024-01-01", breakdown="Viettel"),
        row("b1", "bts_stations", 672, "2022-06-15"),  # one point: a sentence, not a panel
    )
    fig = chart("stock_and_additions").make(data)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 1  # no empty "no stock" panel, no panel of one point
    bars = sorted((round(p.get_y(), 6), round(p.get_height(), 6)) for p in visible[0].patches)
    assert bars == [(0, 2), (2, 13)]  # VNPT 2 then Viettel 13 on top: never a bar of 15 beside them
    assert [list(line.get_ydata()) for line in visible[0].get_lines()] == [[15, 15]]  # the total, across the bar
    legend = [t.get_text() for t in visible[0].get_legend().get_texts()]
    assert legend == [data.label("5g_stations_installed", "VNPT"), data.label("5g_stations_installed", "Viettel"),
                      text("total", "en")]  # no colour of a bar that is not drawn
    shown = " ".join(" ".join(texts(fig)).split())
    assert text("no_stock", "en") not in shown
    assert "672 (2022-06-15)" in shown  # the lone stock, in words


@pytest.mark.parametrize(("lang", "to"), [("en", "to 2025-12-22"), ("vi", "đến 22/12/2025")])
def test_additions_keep_their_qualifier_and_a_period_without_start(layer, lang, to):
    data = chart_data(
        layer,
        row("s1", "5g_stations", 11_591, "2025-05-31", "s3", place="viet-nam"),
        row("s2", "5g_stations", 16_737, "2025-10-31", "s3", place="viet-nam"),
        row("s3", "5g_stations", 30_000, "2025-12-22", "s3", place="viet-nam", breakdown="Viettel"),
        row("f1", "5g_stations_installed", 20_000, "2025-12-22", "s3", place="viet-nam", breakdown="Viettel",
            qualifier="more_than", period_start="2025-12-22"),  # "by 22/12": no span known
        row("f2", "5g_stations_installed", 26_000, "2025-12-31", "s3", place="viet-nam", period_start="2025-01-01",
            qualifier="more_than"),
        province_id="viet-nam", lang=lang)
    shown = " ".join(" ".join(texts(chart("stock_and_additions").make(data))).split())
    sep = "." if lang == "vi" else ","
    assert f">20{sep}000" in shown and f">26{sep}000" in shown
    assert to in shown
    assert text("part_above_total", lang, part=data.label("5g_stations", "Viettel"), value=f"30{sep}000",
                total=f"16{sep}737").split(":")[0] in shown  # a part above its total is noted


def test_coverage_years_are_a_continuous_range(layer):
    rows = [row(f"a{i}", "online_dossiers_share_electronic", 30 + i, f"{year}-06-30")
            for i, year in enumerate([2018] * 8 + [2019] * 4 + [2021] * 2 + [2026] * 2)]
    data = chart_data(layer, *rows)
    fig = chart("data_coverage").make(data)
    columns = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert columns == ["2018", "2019", "2020", "2021", "2022–2025", "2026"]  # one empty year shown, a long run folded
    few = chart_data(layer, *rows[:plots.MIN_COVERAGE_FIGURES - 1])
    assert not chart("data_coverage").applies(few) and chart("data_coverage").make(few) is None


def test_every_qualifier_is_either_a_bound_or_a_value():
    from analysis.report.labels import BOUND_DIRECTIONS
    from analysis.parse.numbers import QUALIFIERS

    values = {"exact", "about", "nearly", "range", "ratio"}  # drawn as points and joined
    assert set(QUALIFIERS) == set(BOUND_DIRECTIONS) | values, (
        "a new qualifier in numbers.QUALIFIERS: say in labels.BOUND_DIRECTIONS whether it is a bound (and which "
        "way its value may lie), or add it to the values here")
