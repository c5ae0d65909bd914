"""Report figures on small frames: titles, units, bars, source lines, no-data, byte-identical files."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import plots
from analysis.rawdata import RawLayer

T = pd.Timestamp


def figure(figure_id, indicator_id, value, period_end, source_id="s1", province_id="bac-kan", **other):
    row = dict(figure_id=figure_id, source_id=source_id, province="Bắc Kạn" if province_id == "bac-kan" else "Bến Tre",
               province_id=province_id, indicator_id=indicator_id, kind="actual", breakdown="", value=value,
               value_high=float("nan"), period_start=pd.NaT, period_end=T(period_end), qualifier="exact",
               unit="%", published=T("2024-10-10"), period_type="level")
    row.update(other)
    return row


SOURCES = pd.DataFrame({"source_id": ["s1", "s2"], "outlet": ["Báo Bắc Kạn", "Báo Đồng Khởi"],
                        "published": ["2024-10-10", "2023-12-18"], "published_precision": ["approximate", "day"]})


def texts(fig) -> str:
    """Every piece of text a figure shows (title, notes, tick labels, annotations)."""
    found = [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]
    return "\n".join(found)


def test_5g_rollout_bars_by_operator_with_run_rate_and_source(layer: RawLayer):
    rows = pd.DataFrame([
        figure("s1-1", "5g_stations_installed", 15.0, "2024-09-30", period_start=T("2024-01-01"), unit="stations"),
        figure("s1-2", "5g_stations_installed", 13.0, "2024-09-30", period_start=T("2024-01-01"), unit="stations",
               breakdown="Viettel"),
        figure("s1-3", "5g_stations_installed", 2.0, "2024-09-30", period_start=T("2024-01-01"), unit="stations",
               breakdown="VNPT"),
    ])
    fig = plots.fiveg_rollout(rows, SOURCES, "bac-kan", "en")
    ax = fig.axes[1]  # header, plot, footer
    assert [b.get_height() for b in ax.patches] == [13.0, 2.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Viettel", "VNPT"]
    assert ax.get_ylabel() == "stations"
    shown = texts(fig)
    # 15 stations over 274 days (1 Jan–30 Sep 2024): 15 / (274 / 30.4375) = 1.666… ≈ 1.7 a month
    assert "≈ 1.7 stations a month (15 in 274 days)" in shown
    assert "5G stations installed, 2024-01-01 to 2024-09-30" in shown
    assert "Source: Báo Bắc Kạn (2024-10-10, approx.)" in shown


def test_5g_rollout_adds_an_other_bar_when_operators_do_not_cover_the_total(layer):
    rows = pd.DataFrame([
        figure("s1-1", "5g_stations_installed", 15.0, "2024-09-30", unit="stations"),
        figure("s1-2", "5g_stations_installed", 13.0, "2024-09-30", unit="stations", breakdown="Viettel"),
    ])
    fig = plots.fiveg_rollout(rows, SOURCES, "bac-kan", "vi")
    ax = fig.axes[1]
    assert [b.get_height() for b in ax.patches] == [13.0, 2.0]  # 15 − 13 = 2 for the rest
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Viettel", "khác"]
    assert ax.get_ylabel() == "trạm"
    assert "Nguồn: Báo Bắc Kạn (10/10/2024, ước tính)" in texts(fig)


def test_no_data_gives_none_not_an_empty_chart(layer):
    empty = pd.DataFrame([figure("s1-1", "ftth_households_using_share", 69.72, "2024-10-10")])
    assert plots.fiveg_rollout(empty, SOURCES, "bac-kan", "en") is None
    targets = pd.DataFrame(columns=["province_id", "indicator_id", "breakdown", "deadline", "target_value",
                                    "target_qualifier", "target_figure_id"])
    assert plots.government_services(empty, targets, SOURCES, layer.indicators, "bac-kan", "en") is None
    assert plots.province_comparison(empty, SOURCES, layer.indicators, "bac-kan", "en") is None


def test_infrastructure_bars_and_target_markers(layer):
    rows = pd.DataFrame([figure("s1-1", "ftth_households_using_share", 69.72, "2024-10-10"),
                         figure("s1-2", "smartphone_owners_share", 70.0, "2022-06-15")])
    targets = pd.DataFrame({"province_id": ["bac-kan"], "indicator_id": ["ftth_households_using_share"],
                            "breakdown": [""], "deadline": [T("2025-12-31")], "target_value": [80.0],
                            "target_qualifier": ["more_than"], "target_figure_id": ["s1-9"]})
    fig = plots.infrastructure_vs_targets(rows, targets, SOURCES, layer.indicators, "bac-kan", "en")
    ax = fig.axes[1]
    assert sorted(b.get_width() for b in ax.patches) == [69.72, 70.0]
    assert ax.get_xlabel() == "share (%)"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Households using fixed broadband over\nfibre (FTTH)" in labels and "People with a smartphone" in labels
    shown = texts(fig)
    assert ">80% (2025)" in shown and "69.72% · 2024-10-10" in shown


def test_comparison_needs_two_provinces_and_highlights_this_one(layer):
    rows = pd.DataFrame([figure("s1-1", "ftth_households_using_share", 69.72, "2024-10-10"),
                         figure("s2-1", "ftth_households_using_share", 73.1, "2023-12-18", source_id="s2",
                                province_id="ben-tre")])
    fig = plots.province_comparison(rows, SOURCES, layer.indicators, "bac-kan", "vi")
    ax = fig.axes[1]
    colours = {round(b.get_width(), 2): b.get_facecolor() for b in ax.patches}
    assert colours[69.72] == pytest.approx(matplotlib_rgba(plots.HIGHLIGHT))
    assert colours[73.1] != colours[69.72]
    assert "Nguồn: Báo Đồng Khởi (18/12/2023); Báo Bắc Kạn (10/10/2024, ước tính)" in texts(fig)


def test_comparison_sets_side_by_side_only_one_concept_and_breakdown(layer):
    # 70 % of all people having a smartphone is not 90,1 % of adults; using FTTH is not being covered by fibre
    rows = pd.DataFrame([
        figure("s1-1", "smartphone_owners_share", 70.0, "2022-06-15"),
        figure("s2-1", "smartphone_adults_share", 90.1, "2023-12-18", source_id="s2", province_id="ben-tre"),
        figure("s1-2", "ftth_households_using_share", 69.72, "2024-10-10"),
        figure("s2-2", "fiber_households_covered_share", 73.1, "2023-12-18", source_id="s2", province_id="ben-tre"),
        figure("s1-3", "online_dossiers_share", 73.4, "2024-09-15", breakdown="cấp tỉnh"),
        figure("s2-3", "online_dossiers_share", 76.0, "2024-11-14", source_id="s2", province_id="ben-tre"),
    ])
    assert plots.province_comparison(rows, SOURCES, layer.indicators, "bac-kan", "en") is None
    # the same concept and breakdown in both provinces: compared, each bar with its date
    same = pd.concat([rows, pd.DataFrame([figure("s2-4", "smartphone_owners_share", 75.0, "2023-12-18",
                                                 source_id="s2", province_id="ben-tre")])])
    fig = plots.province_comparison(same, SOURCES, layer.indicators, "bac-kan", "en")
    shown = texts(fig)
    assert "70% · 2022-06-15" in shown and "75% · 2023-12-18" in shown and "90.1" not in shown


def matplotlib_rgba(colour: str):
    from matplotlib.colors import to_rgba

    return to_rgba(colour)


def test_palette_is_okabe_ito():
    assert plots.PALETTE[:4] == ("#0072B2", "#E69F00", "#009E73", "#D55E00")


def test_saved_files_are_byte_identical_across_runs(layer, tmp_path):
    rows = pd.DataFrame([figure("s1-1", "ftth_households_using_share", 69.72, "2024-10-10"),
                         figure("s2-1", "ftth_households_using_share", 73.1, "2023-12-18", source_id="s2",
                                province_id="ben-tre")])
    first = plots.save(plots.province_comparison(rows, SOURCES, layer.indicators, "bac-kan", "en"), tmp_path / "a", "x")
    second = plots.save(plots.province_comparison(rows, SOURCES, layer.indicators, "bac-kan", "en"), tmp_path / "b", "x")
    for kind in ("png", "svg"):
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
    assert b"<dc:date>" not in first["svg"].read_bytes()


def test_stable_svg_ids_renumbers_in_order():
    svg = '<clipPath id="pab12cd34ef"/><clipPath id="p0123456789"/><g clip-path="url(#pab12cd34ef)"/>'
    assert plots.stable_svg_ids(svg) == '<clipPath id="clip0"/><clipPath id="clip1"/><g clip-path="url(#clip0)"/>'
