"""Notebook parameters: valid selections pass, typos fail listing what would have worked."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyze.selection import as_of_date, rows_for, select_indicators, select_provinces

PRESENT = pd.Series(["bac-kan", "bac-giang", "ben-tre", "bac-kan"])


def test_one_province_by_any_spelling(layer):
    assert select_provinces("Bắc Kạn", layer.provinces, PRESENT) == ["bac-kan"]
    assert select_provinces("ben tre", layer.provinces, PRESENT) == ["ben-tre"]


def test_all_provinces_with_data(layer):
    assert select_provinces("all", layer.provinces, PRESENT) == ["bac-giang", "bac-kan", "ben-tre"]
    assert select_provinces(" ALL ", layer.provinces, PRESENT) == ["bac-giang", "bac-kan", "ben-tre"]


def test_unknown_province_lists_the_valid_ones(layer):
    with pytest.raises(ValueError) as caught:
        select_provinces("Atlantis", layer.provinces, PRESENT)
    assert "unknown province 'Atlantis'; valid: Bắc Giang, Bắc Kạn, Bến Tre or 'all'" == str(caught.value)


def test_many_places_are_counted_not_listed(layer):
    present = pd.Series(layer.provinces["province_id"])  # every place has figures
    with pytest.raises(ValueError) as caught:
        select_provinces("Bắc Cạn", layer.provinces, present)
    message = str(caught.value)
    assert message.startswith("unknown province 'Bắc Cạn'; did you mean Bắc Kạn")
    assert f"one of the {len(present)} places with figures" in message and len(message) < 300


def test_a_known_province_without_figures_is_refused_saying_how_it_maps(layer):
    # in this selection, Thái Nguyên (formed in 2025 from Bắc Kạn and Thái Nguyên (cũ)) has no figures
    with pytest.raises(ValueError) as caught:
        select_provinces("Thái Nguyên", layer.provinces, PRESENT)
    assert str(caught.value) == ("no figures for province 'Thái Nguyên'; Thái Nguyên was formed on 2025-07-01 from "
                                 "Bắc Kạn, Thái Nguyên (cũ); figures exist for Bắc Kạn; valid: Bắc Giang, Bắc Kạn, "
                                 "Bến Tre or 'all'")
    with pytest.raises(ValueError, match="Thái Nguyên \\(cũ\\) is part of Thái Nguyên since 2025-07-01, which has figures"):
        select_provinces("Thái Nguyên (cũ)", layer.provinces, pd.Series(["thai-nguyen"]))


def test_indicators(layer):
    assert select_indicators("all", layer.indicators) == list(layer.indicators["indicator_id"])
    assert select_indicators("bts_stations, ftth_households_using_share", layer.indicators) == [
        "bts_stations", "ftth_households_using_share"]
    with pytest.raises(ValueError) as caught:
        select_indicators("bts_stations,5g_statons", layer.indicators)
    assert "unknown indicator(s) '5g_statons'; valid: " in str(caught.value)
    assert "5g_stations_installed" in str(caught.value)
    with pytest.raises(ValueError, match="none given"):
        select_indicators(" , ", layer.indicators)


def test_as_of():
    # "latest" is no single date: each province is measured at its own newest article (analysis.analyze.targets)
    assert as_of_date("latest") is None and as_of_date(" Latest ") is None
    assert as_of_date("2025-06-30") == pd.Timestamp("2025-06-30")
    with pytest.raises(ValueError, match="as_of must be 'latest' or a date YYYY-MM-DD, not '30/6/2025'"):
        as_of_date("30/6/2025")


def test_rows_for_keeps_rows_without_an_indicator():
    table = pd.DataFrame({"province_id": ["a", "a", "b", "a"], "indicator_id": ["x", "y", "x", ""]})
    assert list(rows_for(table, ["a"], ["x"]).index) == [0, 3]
    assert list(rows_for(table, ["a", "b"]).index) == [0, 1, 2, 3]
