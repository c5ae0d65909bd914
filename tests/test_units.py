"""Units as written → canonical units and factors, checked against the indicator."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.units import IMPLIED, PERCENT_CHANGE, SHARE_CHANGE, resolve_units

UNITS = pd.DataFrame({
    "unit_as_written": ["%", "km", "m", "trạm BTS", "triệu đồng", "Tổ"],
    "unit": ["%", "km", "km", "stations", "VND", "teams"],
    "factor": ["1", "1", "0.001", "1", "1000000", "1"],
    "note": [""] * 6,
})


def resolve(written, indicator_unit, kind="actual", percent=False):
    out = resolve_units(pd.Series([written]), pd.Series([indicator_unit]), pd.Series([kind]),
                        pd.Series([percent]), UNITS)
    return out.iloc[0]


@pytest.mark.parametrize(
    ("written", "indicator_unit", "unit", "factor"),
    [
        ("km", "km", "km", 1.0),
        ("m", "km", "km", 0.001),             # 1 m = 0.001 km
        ("triệu đồng", "VND", "VND", 1e6),    # 1 triệu đồng = 1 000 000 VND
        ("trạm BTS", "stations", "stations", 1.0),
        ("trạm\u00a0BTS", "stations", "stations", 1.0),   # NBSP folded
        ("tổ", "teams", "teams", 1.0),        # case-insensitive fallback
    ],
)
def test_known_units(written, indicator_unit, unit, factor):
    out = resolve(written, indicator_unit)
    assert (out["unit"], out["factor"], out["unit_flag"]) == (unit, factor, "")
    assert pd.isna(out["unit_error"])


def test_empty_unit_takes_the_indicators_with_a_flag():
    out = resolve("", "stations")
    assert (out["unit"], out["factor"], out["unit_flag"]) == ("stations", 1.0, IMPLIED)


def test_percent_sign_in_the_value_gives_percent():
    out = resolve("", "%", percent=True)
    assert (out["unit"], out["unit_flag"]) == ("%", "")


def test_change_of_a_count_in_percent_is_kept_and_flagged():
    out = resolve("%", "subscriptions", kind="change")
    assert (out["unit"], out["unit_flag"]) == ("%", PERCENT_CHANGE)
    assert pd.isna(out["unit_error"])


def test_change_of_a_share_in_percent_is_flagged_as_ambiguous():
    out = resolve("%", "%", kind="change")
    assert (out["unit"], out["unit_flag"]) == ("%", SHARE_CHANGE)


def test_level_in_percent_for_a_count_indicator_is_an_error():
    out = resolve("%", "subscriptions", kind="actual")
    assert out["unit_error"] == "unit '%' means %, but the indicator is in subscriptions"


def test_unknown_unit_is_an_error_naming_it():
    assert resolve("dặm", "km")["unit_error"] == "unknown unit 'dặm' (not in data/raw/units.csv)"


def test_every_unit_written_in_the_raw_figures_is_known(layer):
    written = set(layer.figures["unit_as_written"]) - {""}
    assert written <= set(layer.units["unit_as_written"])
