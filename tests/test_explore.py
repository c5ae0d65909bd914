"""The exploration API (analysis.load, find_indicators, places, series, plot_series) on hand-made figures."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

import analysis
from analysis.report.explore import SERIES_COLUMNS, Tables
from helpers import clean_figure, clean_frame

UNITS = {"online_dossiers_share_electronic": "%", "5g_stations": "stations"}
PLACES = {"bac-kan": ("Bắc Kạn", "Thái Nguyên", "thai-nguyen"), "ben-tre": ("Bến Tre", "Vĩnh Long", "vinh-long"),
          "viet-nam": ("Việt Nam", "Việt Nam", "viet-nam"), "thai-nguyen": ("Thái Nguyên", "Thái Nguyên", "thai-nguyen")}


def row(figure_id, indicator_id, value, end, place, source_id="bk2024bao", **other):
    name, current, current_id = PLACES[place]
    return clean_figure(figure_id, indicator_id, value, end, units=UNITS, province=name, province_id=place,
                        current_province=current, current_province_id=current_id, source_id=source_id, **other)


@pytest.fixture
def tables(layer) -> Tables:
    figures = clean_frame(
        row("a", "online_dossiers_share_electronic", 76, "2024-11-14", "ben-tre"),
        row("b", "online_dossiers_share_electronic", 39, "2022-12-01", "ben-tre"),
        row("c", "online_dossiers_share_electronic", 66.5, "2025-06-30", "viet-nam"),
        row("d", "online_dossiers_share_electronic", 90, "2025-12-31", "ben-tre", kind="target"),
        row("e", "5g_stations", 120, "2025-09-30", "thai-nguyen"),
        codebook=layer.indicators)
    empty = pd.DataFrame()
    return Tables(layer=layer, figures=figures, rejected=empty, series=empty, growth=empty, targets=empty,
                  checks=empty)


def test_series_gives_the_actuals_of_the_places_asked_oldest_first_with_their_outlet(tables):
    found = analysis.observations("online_dossiers_share_electronic", ["Ben Tre", "Việt Nam"], tables)
    assert list(found.columns) == list(SERIES_COLUMNS)
    assert list(found["figure_id"]) == ["b", "a", "c"]  # Bến Tre 2022, 2024, then Việt Nam; no target
    assert list(found["value"]) == [39, 76, 66.5]
    assert set(found["outlet"]) == {"Báo Bắc Kạn"}  # the outlet of source bk2024bao
    assert analysis.observations("online_dossiers_share_electronic", "bac-kan", tables).empty


def test_series_refuses_an_unknown_indicator_or_place_with_the_valid_ones(tables):
    with pytest.raises(ValueError, match="unknown indicator"):
        analysis.observations("online_dossier_share", None, tables)
    with pytest.raises(ValueError, match="unknown province 'Atlantis'"):
        analysis.observations("5g_stations", "Atlantis", tables)


def test_places_say_how_a_merged_province_maps(tables):
    table = analysis.places(["Thái Nguyên", "bac kan"], tables).set_index("province_id")
    assert table.at["thai-nguyen", "formed_from"] == "Bắc Kạn; Thái Nguyên (cũ)"
    assert table.at["thai-nguyen", "valid_from"] == "2025-07-01" and table.at["thai-nguyen", "figures"] == 1
    assert table.at["bac-kan", "part_of_since_2025"] == "Thái Nguyên" and table.at["bac-kan", "figures"] == 0


def test_find_indicators_matches_every_word_and_counts_observations(tables):
    found = analysis.find_indicators("5G stations", tables)
    assert "5g_stations" in set(found["indicator_id"])
    assert found.set_index("indicator_id").at["5g_stations", "observations"] == 1
    assert all("5g" in i or "5G" in n for i, n in zip(found["indicator_id"], found["name_en"]))


def test_plot_series_draws_on_the_given_axes_one_line_per_place(tables):
    backend = matplotlib.get_backend()
    ax = Figure().subplots()
    drawn = analysis.plot_series("online_dossiers_share_electronic", ["Bến Tre", "Việt Nam"], tables, ax=ax)
    assert drawn is ax and matplotlib.get_backend() == backend
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Bến Tre", "Việt Nam"]
    assert ax.get_ylabel() == "%" and ax.get_title(loc="left") == tables.layer.indicators.set_index(
        "indicator_id").at["online_dossiers_share_electronic", "name_en"]


def test_reprs_are_one_line_summaries(tables, layer):
    assert repr(tables).startswith("Tables(5 figures of 3 places") and "\n" not in repr(tables)
    assert repr(layer).startswith("RawLayer(") and len(repr(layer)) < 300


def test_no_api_name_is_also_a_module_of_the_package():
    """A submodule of the same name would replace the function once imported (analysis.analyze.series is a module)."""
    from analysis import API, paths

    package = paths.PROJECT_ROOT / "src" / "analysis"
    assert not [name for name in API if (package / f"{name}.py").exists() or (package / name).is_dir()]
