"""Provinces: NFC-insensitive matching and the post-merger province."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from analysis.provinces import attach_provinces, resolve_province


def test_attach_matches_decomposed_names(layer):
    sources = pd.DataFrame({"source_id": ["x"], "province": [unicodedata.normalize("NFD", "Bắc Giang")]})
    out = attach_provinces(sources, layer.provinces).iloc[0]
    assert (out["province"], out["province_id"], out["current_province"]) == ("Bắc Giang", "bac-giang", "Bắc Ninh")


@pytest.mark.parametrize("typed", ["Bắc Kạn", "bắc kạn", "Bac Kan", "bac-kan", unicodedata.normalize("NFD", "Bắc Kạn"), " Bắc\u00a0Kạn "])
def test_resolve_accepts_the_ways_people_type_a_province(layer, typed):
    assert resolve_province(typed, layer.provinces) == "bac-kan"


def test_resolve_lists_the_valid_names_for_an_unknown_one(layer):
    with pytest.raises(ValueError) as caught:
        resolve_province("Hà Giang", layer.provinces)
    assert "unknown province 'Hà Giang'" in str(caught.value)
    assert "Bắc Kạn" in str(caught.value) and "Bến Tre" in str(caught.value)
