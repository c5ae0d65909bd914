"""Units as written → canonical units and factors, checked against the indicator."""

from __future__ import annotations

import pandas as pd

from analysis.core.text import fold_series
import pytest

from analysis.parse.units import IMPLIED, MULTIPLE_CHANGE, PERCENT_CHANGE, SHARE_CHANGE, resolve_units

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


@pytest.mark.parametrize("kind", ["actual", "target", "change"])
def test_a_percent_sign_in_the_value_that_contradicts_the_unit_is_an_error(kind):
    # "672%" with the unit "trạm BTS": 672 stations or 672 %? Never silently 672 stations
    out = resolve("trạm BTS", "stations", kind=kind, percent=True)
    assert out["unit_error"] == "the value is written in %, but its unit 'trạm BTS' means stations"
    # "1 - 2%" of "triệu đồng": the sign of one bound is enough
    assert resolve("triệu đồng", "VND", kind=kind, percent=True)["unit_error"].startswith("the value is written in %")


def test_a_percent_sign_in_the_value_that_agrees_with_the_unit_is_no_error():
    assert pd.isna(resolve("%", "%", percent=True)["unit_error"])
    assert pd.isna(resolve("%", "stations", kind="change", percent=True)["unit_error"])  # a relative change
    assert pd.isna(resolve("", "stations", kind="change", percent=True)["unit_error"])   # the sign is the unit


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
    assert resolve("dặm", "km")["unit_error"] == "unknown unit 'dặm' (not in units.csv)"


def test_every_unit_written_in_the_raw_figures_is_known(layer):
    # compared as cleaning compares them: after NFC folding, case-insensitively ("TỶ ĐỒNG" is "tỷ đồng")
    written = set(fold_series(layer.figures["unit_as_written"]).str.lower()) - {""}
    assert written <= set(fold_series(layer.units["unit_as_written"]).str.lower())


# --------------------------------------------------------------------------------------------------
# Units per indicator, multiples (lần) and points (điểm)

#: "m" is metres of cable (0.001 km) for any indicator, but the height of a mast in m for one indicator;
#: "lần" is a multiple for any indicator, but counts inspection rounds for one.
UNITS_BY_INDICATOR = pd.DataFrame({
    "unit_as_written": ["%", "m", "lần", "điểm", "trạm", "m", "lần"],
    "indicator_id": ["", "", "", "", "", "mast_height", "inspections_held"],
    "unit": ["%", "km", "times", "points", "stations", "m", "inspections"],
    "factor": ["1", "0.001", "1", "1", "1", "1", "1"],
    "note": [""] * 7,
})


def resolve_for(written, indicator_id, indicator_unit, kind="actual", percent=False):
    out = resolve_units(pd.Series([written]), pd.Series([indicator_unit]), pd.Series([kind]),
                        pd.Series([percent]), UNITS_BY_INDICATOR, indicator_id=pd.Series([indicator_id]))
    return out.iloc[0]


@pytest.mark.parametrize(
    ("written", "indicator_id", "indicator_unit", "kind", "unit", "factor", "flag"),
    [
        ("m", "fiber_cable_length", "km", "actual", "km", 0.001, ""),        # the generic row: 1 m = 0.001 km
        ("m", "mast_height", "m", "actual", "m", 1.0, ""),                   # the indicator's own row wins
        ("M", "mast_height", "m", "actual", "m", 1.0, ""),                   # case-insensitive, still its own row
        ("lần", "inspections_held", "inspections", "actual", "inspections", 1.0, ""),
        ("lần", "inspections_held", "inspections", "change", "inspections", 1.0, ""),  # its own unit: no flag
        ("lần", "bts_stations", "stations", "change", "times", 1.0, MULTIPLE_CHANGE),  # gấp 2,5 lần
        ("lần", "fiber_households_covered_share", "%", "change", "times", 1.0, MULTIPLE_CHANGE),
        ("Lần", "bts_stations", "stations", "change", "times", 1.0, MULTIPLE_CHANGE),
        ("trạm", "bts_stations", "stations", "actual", "stations", 1.0, ""),  # no row of its own: generic
        ("điểm", "dti_score", "points", "actual", "points", 1.0, ""),        # an index score in points
        ("%", "bts_stations", "stations", "change", "%", 1.0, PERCENT_CHANGE),
    ],
)
def test_the_row_for_the_figures_indicator_wins_over_the_generic_row(written, indicator_id, indicator_unit, kind,
                                                                     unit, factor, flag):
    out = resolve_for(written, indicator_id, indicator_unit, kind)
    assert pd.isna(out["unit_error"]), out["unit_error"]
    assert (out["unit"], out["factor"], out["unit_flag"]) == (unit, factor, flag)


@pytest.mark.parametrize(
    ("written", "indicator_id", "indicator_unit", "kind", "error"),
    [
        # a level or a target in "lần" is a multiple of nothing: an error, as for "%" of a count
        ("lần", "bts_stations", "stations", "actual", "unit 'lần' means times, but the indicator is in stations"),
        ("lần", "bts_stations", "stations", "target", "unit 'lần' means times, but the indicator is in stations"),
        ("điểm", "fiber_households_covered_share", "%", "actual", "unit 'điểm' means points, but the indicator is in %"),
        ("điểm", "bts_stations", "stations", "change", "unit 'điểm' means points, but the indicator is in stations"),
        # the row of one indicator does not leak to another: here "m" is metres of cable, not a mast's height
        ("m", "bts_stations", "stations", "actual", "unit 'm' means km, but the indicator is in stations"),
    ],
)
def test_units_that_do_not_fit_the_indicator_are_errors(written, indicator_id, indicator_unit, kind, error):
    assert resolve_for(written, indicator_id, indicator_unit, kind)["unit_error"] == error


def test_rows_of_one_call_each_take_their_own_indicators_row():
    index = pd.Index([10, 11, 12, 13])
    out = resolve_units(pd.Series(["m", "m", "lần", "lần"], index=index),
                        pd.Series(["km", "m", "inspections", "stations"], index=index),
                        pd.Series(["actual", "actual", "actual", "change"], index=index),
                        pd.Series([False] * 4, index=index), UNITS_BY_INDICATOR,
                        indicator_id=pd.Series(["fiber_cable_length", "mast_height", "inspections_held", "bts_stations"],
                                               index=index))
    assert list(out.index) == [10, 11, 12, 13]
    assert list(out["unit"]) == ["km", "m", "inspections", "times"]
    assert list(out["factor"]) == [0.001, 1.0, 1.0, 1.0]
    assert list(out["unit_flag"]) == ["", "", "", MULTIPLE_CHANGE]
    assert out["unit_error"].isna().all()


def test_the_committed_vocabulary_reads_multiples_and_points(layer):
    units = layer.units[layer.units["indicator_id"] == ""].set_index("unit_as_written")  # the generic rows
    assert (units.loc["lần", "unit"], units.loc["lần", "indicator_id"]) == ("times", "")
    assert (units.loc["điểm", "unit"], units.loc["điểm", "indicator_id"]) == ("points", "")


def test_an_unknown_unit_is_named_shortened():
    error = resolve("trạm " * 2_000, "stations")["unit_error"]
    assert error.startswith("unknown unit 'trạm trạm") and len(error) < 200
