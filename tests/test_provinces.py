"""Provinces: NFC-insensitive matching and the post-merger province."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from analysis.ingest.provinces import attach_provinces, resolve_province


def test_attach_matches_decomposed_names_and_aliases(layer):
    places = pd.Series([unicodedata.normalize("NFD", "Bắc Giang"), "Thừa Thiên Huế", "Việt Nam"])
    out = attach_provinces(places, layer.provinces)
    assert tuple(out.iloc[0][["province", "province_id", "current_province"]]) == ("Bắc Giang", "bac-giang", "Bắc Ninh")
    assert out.at[1, "province_id"] == "hue"            # an alias of Huế
    assert out.at[2, "current_province_id"] == "viet-nam"


def test_the_crosswalk_of_the_2025_merger(layer):
    table = layer.provinces.set_index("province_id")
    before = table[table["level"] == "province"]
    # 63 provinces before 1 July 2025 (no valid_from) and 34 after (the 11 unchanged count in both)
    old = before[before["valid_from"] == ""]
    new = before.loc[sorted(set(before["current_province_id"]))]
    assert len(old) == 63 and len(new) == 34
    # Nghị quyết 202/2025/QH15: Bắc Kạn and Thái Nguyên (cũ) → Thái Nguyên; Bến Tre, Trà Vinh, Vĩnh Long (cũ) → Vĩnh Long
    assert set(old.index[old["current_province_id"] == "thai-nguyen"]) == {"bac-kan", "thai-nguyen-cu"}
    assert set(old.index[old["current_province_id"] == "vinh-long"]) == {"ben-tre", "tra-vinh", "vinh-long-cu"}
    # a merged province is a place of its own, from 1 July 2025
    assert table.at["bac-ninh", "valid_from"] == "2025-07-01" and table.at["bac-ninh-cu", "current_province_id"] == "bac-ninh"


@pytest.mark.parametrize("typed", ["Bắc Kạn", "bắc kạn", "Bac Kan", "bac-kan", unicodedata.normalize("NFD", "Bắc Kạn"), " Bắc\u00a0Kạn "])
def test_resolve_accepts_the_ways_people_type_a_province(layer, typed):
    assert resolve_province(typed, layer.provinces) == "bac-kan"


def test_resolve_suggests_close_names_for_an_unknown_one(layer):
    with pytest.raises(ValueError) as caught:
        resolve_province("Bắc Cạn", layer.provinces)
    assert "unknown province 'Bắc Cạn'; did you mean Bắc Kạn" in str(caught.value)
    assert "data/raw/provinces.csv" in str(caught.value)
