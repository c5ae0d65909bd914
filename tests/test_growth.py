"""Growth between observations, run-rates of flows and baselines behind changes (analysis.analyze.growth).

Every expected number below is worked out by hand in a comment from the inputs the test builds;
none is copied from the code's output. A year is 365.25 days and a month 365.25 / 12 = 30.4375.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.analyze import growth as growth_module
from analysis.analyze.checks import mark_refuted
from analysis.analyze.growth import (
    BASE_ABSOLUTE, BASE_POINTS, BASE_RELATIVE, BREAK, COMPARABLE, CONSECUTIVE, DEFINITION_BREAK,
    DEFINITION_DIFFERS, ESTIMATED, FIRST_TO_LAST, GROWTH_COLUMNS, IMPLIED_BASE, POINTS, RATE_CHANGE, RELATIVE,
    REPORTED, RUN_RATE, growth_rows, growth_table,
)
from analysis.clean.rules import FIGURES, GROWTH, FlagRule, flag_rows
from helpers import SmallDataset, relations_frame

# --- small hand-built inputs ---------------------------------------------------------------------

#: indicator_id → (measure_type, time_reference, higher_is_better[, role[, family]])
CODEBOOK = {
    "internet_subscriptions": ("count", "stock", "true"),
    "fiber_households_share": ("share", "stock", "true"),
    "5g_stations_installed": ("count", "flow", "true"),
    "dx_contest_participants": ("count", "event", "true"),
    "grdp_growth_rate": ("rate", "flow", "true"),
    "quarantine_sites_with_cameras": ("count", "stock", "true"),
    "online_dossiers_share": ("share", "flow", "true"),
    "admin_levels_on_government_network": ("count", "stock", "true", "scope"),
    # one family of close concepts: households having a fibre line, and using FTTH
    "fibre_have": ("share", "stock", "true", "statistic", "fibre_households"),
    "fibre_use": ("share", "stock", "true", "statistic", "fibre_households"),
    # a family whose two concepts are declared comparable (relation r9)
    "level4_share": ("share", "stock", "true", "statistic", "online_services"),
    "full_process_share": ("share", "stock", "true", "statistic", "online_services"),
}
UNITS = {
    "internet_subscriptions": "subscriptions", "5g_stations_installed": "stations",
    "dx_contest_participants": "people", "quarantine_sites_with_cameras": "sites",
    "admin_levels_on_government_network": "levels",
}
RELATIONS = relations_frame(("r9", "comparable", "full_process_share", "level4_share", ""))


#: The figures of these tests: `fig(...)` rows over CODEBOOK, published 2025-01-15 unless given.
DATA = SmallDataset(CODEBOOK, UNITS, published="2025-01-15", decimal=".")
codebook, fig, figures = DATA.codebook, DATA.fig, DATA.figures


def growth(*rows: dict) -> pd.DataFrame:
    return growth_table(figures(*rows), codebook(), RELATIONS)


def only(table: pd.DataFrame, method: str, **match) -> pd.Series:
    """The single row of ``table`` with this method (and column values); fails if not exactly one."""
    keep = table["method"] == method
    for column, value in match.items():
        keep &= table[column] == value
    rows = table[keep]
    assert len(rows) == 1, f"expected one {method} row with {match}, got {len(rows)}:\n{rows}"
    return rows.iloc[0]


def flags(row: pd.Series) -> set[str]:
    return {f for f in str(row["flags"]).split(";") if f}


def annualized_pct(to: float, base: float, days: float) -> float:
    """The issue's definition: (to / from) ^ (365.25 / days) − 1, in %."""
    return ((to / base) ** (365.25 / days) - 1) * 100


# --- growth between levels ------------------------------------------------------------------------

def test_irregular_intervals_consecutive_and_first_to_last():
    table = growth(
        fig("a", "internet_subscriptions", 100, "2020-12-31"),
        fig("b", "internet_subscriptions", 121, "2022-12-31"),
        fig("c", "internet_subscriptions", 133.1, "2023-06-30"),
    )
    assert list(table.columns) == list(GROWTH_COLUMNS)
    # a → b: 2021 and 2022 are common years: 365 + 365 = 730 days
    ab = only(table, CONSECUTIVE, from_figure_id="a", to_figure_id="b")
    assert ab["days"] == 730
    assert ab["abs_change"] == pytest.approx(21)          # 121 − 100
    assert ab["rel_change_pct"] == pytest.approx(21)      # 121 / 100 − 1 = 21 %
    # 1.21 ^ (365.25 / 730) − 1 = 1.21 ^ 0.500342 − 1 ≈ 10.007 % (just above 10 %: 730 days < 2 years)
    assert ab["annualized_pct"] == pytest.approx(annualized_pct(121, 100, 730))
    assert ab["annualized_pct"] == pytest.approx(10.007, abs=1e-3)
    assert math.isnan(ab["pp_change"])                     # a count has no percentage points
    # b → c: Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181 days
    bc = only(table, CONSECUTIVE, from_figure_id="b", to_figure_id="c")
    assert bc["days"] == 181
    assert bc["abs_change"] == pytest.approx(12.1)        # 133.1 − 121
    assert bc["rel_change_pct"] == pytest.approx(10)      # 133.1 / 121 = 1.1
    # 1.1 ^ (365.25 / 181) − 1 = 1.1 ^ 2.01796 − 1 ≈ 21.21 %
    assert bc["annualized_pct"] == pytest.approx(annualized_pct(133.1, 121, 181))
    assert bc["annualized_pct"] == pytest.approx(21.21, abs=0.01)
    # first → last (3 observations): 730 + 181 = 911 days, 133.1 / 100 = 1.331
    fl = only(table, FIRST_TO_LAST)
    assert (fl["from_figure_id"], fl["to_figure_id"], fl["days"]) == ("a", "c", 911)
    assert fl["abs_change"] == pytest.approx(33.1)
    assert fl["rel_change_pct"] == pytest.approx(33.1)
    # 1.331 ^ (365.25 / 911) − 1 = 1.331 ^ 0.400933 − 1 ≈ 12.14 %
    assert fl["annualized_pct"] == pytest.approx(annualized_pct(133.1, 100, 911))
    assert fl["annualized_pct"] == pytest.approx(12.14, abs=0.01)


def test_observations_given_out_of_order_are_sorted_by_date():
    table = growth(
        fig("late", "internet_subscriptions", 150, "2024-06-30"),
        fig("early", "internet_subscriptions", 100, "2023-06-30"),
    )
    row = only(table, CONSECUTIVE)
    # 2023-06-30 → 2024-06-30 includes 29 Feb 2024: 366 days; 150 − 100 = +50, +50 %
    assert (row["from_figure_id"], row["to_figure_id"], row["days"]) == ("early", "late", 366)
    assert row["abs_change"] == pytest.approx(50) and row["rel_change_pct"] == pytest.approx(50)


def test_two_observations_give_no_first_to_last():
    table = growth(
        fig("a", "internet_subscriptions", 100, "2022-12-31"),
        fig("b", "internet_subscriptions", 110, "2023-12-31"),
    )
    assert (table["method"] == CONSECUTIVE).sum() == 1
    assert (table["method"] == FIRST_TO_LAST).sum() == 0


def test_series_are_separated_by_province_and_breakdown():
    table = growth(
        fig("p1", "internet_subscriptions", 100, "2022-12-31"),
        fig("p2", "internet_subscriptions", 200, "2023-12-31"),
        fig("q1", "internet_subscriptions", 1000, "2023-06-30", province="Bến Tre", province_id="ben-tre"),
        fig("q2", "internet_subscriptions", 1100, "2023-12-31", province="Bến Tre", province_id="ben-tre"),
        fig("v1", "internet_subscriptions", 10, "2022-12-31", breakdown="Viettel"),
        fig("v2", "internet_subscriptions", 12, "2023-12-31", breakdown="Viettel"),
    )
    pairs = set(zip(table.loc[table["method"] == CONSECUTIVE, "from_figure_id"],
                    table.loc[table["method"] == CONSECUTIVE, "to_figure_id"]))
    # never across provinces (100 → 1000) or breakdowns (100 → 10)
    assert pairs == {("p1", "p2"), ("q1", "q2"), ("v1", "v2")}
    assert only(table, CONSECUTIVE, to_figure_id="q2")["province_id"] == "ben-tre"
    assert only(table, CONSECUTIVE, to_figure_id="v2")["breakdown"] == "Viettel"
    # 12 / 10 − 1 = 20 %
    assert only(table, CONSECUTIVE, to_figure_id="v2")["rel_change_pct"] == pytest.approx(20)


def test_a_share_changes_in_points_and_points_per_year_never_a_compound_rate():
    table = growth(
        fig("s1", "fiber_households_share", 40, "2023-02-28"),
        fig("s2", "fiber_households_share", 50, "2024-02-29"),
    )
    row = only(table, CONSECUTIVE)
    # 2023-02-28 → 2024-02-28 is 365 days (29 Feb 2024 comes after), + 1 → 366 days
    assert row["days"] == 366
    assert row["pp_change"] == pytest.approx(10)    # a share: 50 % − 40 % = 10 points
    assert math.isnan(row["abs_change"])            # one number, one column: points are not an absolute change
    # linear: 10 points / (366 / 365.25 years) = 3652.5 / 366 ≈ 9.9795 points a year
    assert row["pp_per_year"] == pytest.approx(3652.5 / 366)
    assert row["pp_per_year"] == pytest.approx(9.9795, abs=1e-4)
    assert row["rel_change_pct"] == pytest.approx(25)  # 50 / 40 = 1.25, an extra only
    assert math.isnan(row["annualized_pct"])           # never a compound annual % of a share
    assert row["unit"] == "%" and row["period_type"] == "level" and row["status"] == ""


def test_a_count_has_no_points():
    row = only(growth(fig("a", "internet_subscriptions", 100, "2022-12-31"),
                      fig("b", "internet_subscriptions", 110, "2023-12-31")), CONSECUTIVE)
    assert math.isnan(row["pp_change"]) and math.isnan(row["pp_per_year"])


def test_a_common_year_is_slightly_shorter_than_365_25_days():
    # 2022-01-01 → 2023-01-01 is 365 days, not 365.25: the compound rate is 1.1^(365.25/365) − 1,
    # 1.1 ^ 1.000685 = e^(0.0953102 × 1.000685) = e^0.0953755 ≈ 1.100072 → 10.0072 %, a hair above 10 %
    row = only(growth(fig("a", "internet_subscriptions", 100, "2022-01-01"),
                      fig("b", "internet_subscriptions", 110, "2023-01-01")), CONSECUTIVE)
    assert row["days"] == 365
    assert row["rel_change_pct"] == pytest.approx(10)
    assert row["annualized_pct"] == pytest.approx(annualized_pct(110, 100, 365))
    assert row["annualized_pct"] == pytest.approx(10.0072, abs=1e-4)


def test_zero_base_gives_nan_and_a_flag_never_inf():
    table = growth(
        fig("z0", "internet_subscriptions", 0, "2023-12-31"),
        fig("z1", "internet_subscriptions", 7, "2024-12-31"),
        fig("s0", "fiber_households_share", 0, "2023-12-31"),
        fig("s1", "fiber_households_share", 7, "2024-12-31"),
    )
    count = only(table, CONSECUTIVE, to_figure_id="z1")
    assert count["abs_change"] == pytest.approx(7)  # 7 − 0 is still defined
    assert math.isnan(count["rel_change_pct"]) and math.isnan(count["annualized_pct"])  # 7 / 0 is not
    assert "zero_base" in flags(count)
    share = only(table, CONSECUTIVE, to_figure_id="s1")
    assert share["pp_change"] == pytest.approx(7)   # 7 % − 0 % = 7 points
    assert share["pp_per_year"] == pytest.approx(7 / (366 / 365.25))  # 2024 is a leap year: 366 days
    assert math.isnan(share["rel_change_pct"]) and "zero_base" in flags(share)
    numbers = table.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()


def test_level_falling_to_zero_annualizes_to_minus_100_percent():
    row = only(growth(fig("a", "quarantine_sites_with_cameras", 5, "2021-12-31"),
                      fig("b", "quarantine_sites_with_cameras", 0, "2022-12-31")), CONSECUTIVE)
    # 0 / 5 = 0; 0 ^ (365.25 / 365) − 1 = −1 → −100 %; the relative change is −100 % too
    assert row["rel_change_pct"] == pytest.approx(-100)
    assert row["annualized_pct"] == pytest.approx(-100)
    assert "negative_level" not in flags(row)


def test_less_than_31_days_apart_gives_no_rate_per_year():
    table = growth(
        fig("a", "internet_subscriptions", 100, "2023-12-01", source_id="s1"),
        fig("b", "internet_subscriptions", 104, "2023-12-11", source_id="s2"),
        fig("x", "fiber_households_share", 40, "2023-12-01", source_id="s1"),
        fig("y", "fiber_households_share", 42, "2023-12-31", source_id="s2"),
    )
    count, share = only(table, CONSECUTIVE, to_figure_id="b"), only(table, CONSECUTIVE, to_figure_id="y")
    # 10 and 30 days: +4 % and +2 points, but no yearly pace (it would be 319 % and 24 points a year)
    assert count["rel_change_pct"] == pytest.approx(4) and math.isnan(count["annualized_pct"])
    assert share["pp_change"] == pytest.approx(2) and math.isnan(share["pp_per_year"])
    assert "interval_too_short_for_a_rate" in flags(count) and "interval_too_short_for_a_rate" in flags(share)


def test_inferred_dates_travel_as_flags():
    row = only(growth(
        fig("a", "internet_subscriptions", 100, "2022-12-31"),
        fig("b", "internet_subscriptions", 110, "2023-12-31", flags="period_not_written;publication_date_approximate"),
    ), CONSECUTIVE)
    assert {"period_not_written", "publication_date_approximate"} <= flags(row)


def test_same_date_from_two_sources_gives_no_annualized_rate():
    row = only(growth(fig("a", "internet_subscriptions", 100, "2023-12-31", source_id="s1"),
                      fig("b", "internet_subscriptions", 104, "2023-12-31", source_id="s2")), CONSECUTIVE)
    # 0 days: 104 / 100 − 1 = 4 % but no rate per year
    assert row["days"] == 0 and row["rel_change_pct"] == pytest.approx(4)
    assert math.isnan(row["annualized_pct"]) and "zero_interval" in flags(row)


def test_range_counts_as_midpoint_and_bounds_travel_as_flags():
    table = growth(
        fig("r", "internet_subscriptions", 40, "2022-12-31", value_high=60, qualifier="range",
            value_as_written="40-60"),
        fig("m", "internet_subscriptions", 60, "2023-12-31", qualifier="more_than", value_as_written="60"),
        fig("n", "internet_subscriptions", 66, "2024-12-31", qualifier="about"),
    )
    rm = only(table, CONSECUTIVE, to_figure_id="m")
    # the range 40–60 counts as (40 + 60) / 2 = 50; "trên 60" counts as 60
    assert rm["from_value"] == pytest.approx(50) and rm["to_value"] == pytest.approx(60)
    assert rm["abs_change"] == pytest.approx(10)        # 60 − 50
    assert rm["rel_change_pct"] == pytest.approx(20)    # 60 / 50 = 1.2
    assert rm["days"] == 365                            # 2023 is a common year
    assert rm["annualized_pct"] == pytest.approx(annualized_pct(60, 50, 365))
    assert {"range_midpoint", "inexact_more_than"} <= flags(rm)
    mn = only(table, CONSECUTIVE, to_figure_id="n")
    assert mn["rel_change_pct"] == pytest.approx(10)    # 66 / 60 = 1.1
    assert {"inexact_more_than", "inexact_about"} <= flags(mn) and "range_midpoint" not in flags(mn)
    # first → last carries the caveats of both ends: 50 → 66 is +32 % over 365 + 366 = 731 days
    fl = only(table, FIRST_TO_LAST)
    assert fl["days"] == 731 and fl["rel_change_pct"] == pytest.approx(32)
    assert {"range_midpoint", "inexact_about"} <= flags(fl)


def test_exact_values_carry_no_flags():
    row = only(growth(fig("a", "internet_subscriptions", 100, "2022-12-31"),
                      fig("b", "internet_subscriptions", 120, "2023-12-31")), CONSECUTIVE)
    assert flags(row) == set()


# --- flows, windows and events ----------------------------------------------------------------------

def test_run_rate_over_nine_months_of_a_leap_year():
    row = only(growth(fig("f", "5g_stations_installed", 15, "2024-09-30", period_start="2024-01-01")), RUN_RATE)
    # inclusive: 31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 = 274 days
    assert row["days"] == 274 and row["period_type"] == "flow"
    assert row["per_day"] == pytest.approx(15 / 274)
    # per month: 15 / (274 / 30.4375) = 15 × 30.4375 / 274 = 456.5625 / 274 ≈ 1.6663
    assert row["per_month"] == pytest.approx(456.5625 / 274)
    assert row["per_month"] == pytest.approx(1.6663, abs=1e-4)
    # per year: 15 / (274 / 365.25) = 5478.75 / 274 ≈ 19.995
    assert row["per_year"] == pytest.approx(5478.75 / 274)
    assert row["per_year"] == pytest.approx(19.995, abs=1e-3)
    assert math.isnan(row["annualized_pct"])


def test_run_rate_common_year_has_one_day_less():
    row = only(growth(fig("f", "5g_stations_installed", 15, "2023-09-30", period_start="2023-01-01")), RUN_RATE)
    # February 2023 has 28 days: 273 days; 15 × 365.25 / 273 = 5478.75 / 273 ≈ 20.069 a year
    assert row["days"] == 273
    assert row["per_year"] == pytest.approx(5478.75 / 273)


def test_run_rate_of_a_single_day_and_of_a_range():
    table = growth(
        fig("day", "5g_stations_installed", 2, "2024-03-01", period_start="2024-03-01"),
        fig("q1", "5g_stations_installed", 10, "2023-03-31", period_start="2023-01-01", value_high=20,
            qualifier="range", value_as_written="10-20", breakdown="VNPT"),
    )
    day = only(table, RUN_RATE, to_figure_id="day")
    # a one-day period counts 1 day: 2 a day → 2 × 365.25 = 730.5 a year, 2 × 30.4375 = 60.875 a month
    assert day["days"] == 1
    assert day["per_year"] == pytest.approx(730.5) and day["per_month"] == pytest.approx(60.875)
    q1 = only(table, RUN_RATE, to_figure_id="q1")
    # 31 + 28 + 31 = 90 days; midpoint (10 + 20) / 2 = 15; 15 × 30.4375 / 90 ≈ 5.073 a month; 15 × 365.25 / 90 = 60.875
    assert q1["days"] == 90 and q1["to_value"] == pytest.approx(15)
    assert q1["per_month"] == pytest.approx(15 * 30.4375 / 90)
    assert q1["per_year"] == pytest.approx(60.875)
    assert "range_midpoint" in flags(q1)


def test_a_flow_without_a_start_gets_no_rate_row():
    table = growth(fig("f", "5g_stations_installed", 15, "2024-09-30"))
    assert table.empty  # series.csv says why: a flow whose start is not written


def test_two_flows_are_compared_through_their_rates_per_day_with_flags():
    table = growth(
        fig("q2", "5g_stations_installed", 5, "2022-06-30", period_start="2022-04-01"),
        fig("m9", "5g_stations_installed", 15, "2024-09-30", period_start="2024-01-01"),
    )
    row = only(table, RATE_CHANGE)
    # Q2 2022: 30 + 31 + 30 = 91 days → 5 / 91 a day; 9 months of 2024: 274 days → 15 / 274 a day
    assert row["from_value"] == pytest.approx(5 / 91) and row["to_value"] == pytest.approx(15 / 274)
    # (15 / 274) / (5 / 91) = 1365 / 1370 → −0.365 %: the same pace, although the count tripled
    assert row["rel_change_pct"] == pytest.approx((1365 / 1370 - 1) * 100)
    # 2022-06-30 → 2024-06-30 = 731 days (29 Feb 2024), + 31 + 31 + 30 = 823 days between the ends
    assert row["days"] == 823
    assert row["unit"] == "stations per day"
    assert math.isnan(row["annualized_pct"])
    # 274 vs 91 days, and a start on 1 January vs 1 April (day 91 of the year, 90 days apart)
    assert {"windows_differ_in_length", "windows_differ_in_season"} <= flags(row)
    assert (table["method"] == RUN_RATE).sum() == 2 and (table["method"] == CONSECUTIVE).sum() == 0


def test_flows_of_equal_length_and_season_carry_no_period_flag():
    row = only(growth(
        fig("a", "5g_stations_installed", 10, "2023-09-30", period_start="2023-01-01"),
        fig("b", "5g_stations_installed", 20, "2024-09-30", period_start="2024-01-01"),
    ), RATE_CHANGE)
    # 273 and 274 days, both from 1 January: comparable; (20 / 274) / (10 / 273) − 1 = 5460 / 2740 − 1
    assert row["rel_change_pct"] == pytest.approx((5460 / 2740 - 1) * 100)
    assert not flags(row) & {"windows_differ_in_length", "windows_differ_in_season", "period_start_unknown"}


def test_window_shares_change_in_points_over_their_exact_dates():
    table = growth(
        fig("w22", "online_dossiers_share", 39, "2022-12-01", period_start="2022-01-01"),
        fig("w24", "online_dossiers_share", 76, "2024-11-14", period_start="2024-01-01"),
    )
    row = only(table, CONSECUTIVE)
    assert row["period_type"] == "window"
    assert (row["from_start"], row["to_start"]) == (pd.Timestamp("2022-01-01"), pd.Timestamp("2024-01-01"))
    # 2022-12-01 → 2024-12-01 = 365 + 366 = 731 days, less 17 (14 → 31 November) = 714 days
    assert row["days"] == 714
    assert row["pp_change"] == pytest.approx(37)                        # 76 − 39
    assert row["pp_per_year"] == pytest.approx(37 * 365.25 / 714)      # 13 514.25 / 714 ≈ 18.93
    assert row["pp_per_year"] == pytest.approx(18.93, abs=0.01)
    assert math.isnan(row["annualized_pct"])
    # windows of 335 and 319 days (1 Jan–1 Dec, 1 Jan–14 Nov): 16 days apart, within 10 % of 335
    assert "windows_differ_in_length" not in flags(row)
    assert "2022-01-01 to 2022-12-01 (335 days)" in row["note"] and "2024-01-01 to 2024-11-14 (319 days)" in row["note"]


def test_windows_of_different_length_or_unknown_start_are_flagged():
    table = growth(
        fig("year", "online_dossiers_share", 39, "2022-12-01", period_start="2022-01-01"),
        fig("quarter", "online_dossiers_share", 50, "2023-09-30", period_start="2023-07-01"),
        fig("open", "online_dossiers_share", 60, "2024-09-15"),
    )
    # 335 days against 92 (July–September): more than max(7, 33.5) days apart
    assert "windows_differ_in_length" in flags(only(table, CONSECUTIVE, to_figure_id="quarter"))
    assert "period_start_unknown" in flags(only(table, CONSECUTIVE, to_figure_id="open"))


def test_events_and_rates_over_a_period_get_no_run_rate():
    table = growth(
        fig("contest", "dx_contest_participants", 27002, "2024-09-26", period_start="2024-08-26"),
        fig("g", "grdp_growth_rate", 7.5, "2024-09-30", period_start="2024-01-01"),
        fig("g2", "grdp_growth_rate", 6.0, "2023-09-30", period_start="2023-01-01"),
    )
    # a one-month contest is not 308 202 participants a year; a growth rate is not a count of events
    assert not table["method"].isin([RUN_RATE, RATE_CHANGE]).any()
    # two growth rates over periods are windows: compared in points, 7.5 − 6 = 1.5
    assert only(table, CONSECUTIVE)["pp_change"] == pytest.approx(1.5)


def test_scope_numbers_never_enter_growth():
    table = growth(fig("4", "admin_levels_on_government_network", 4, "2022-09-20"),
                   fig("3", "admin_levels_on_government_network", 3, "2024-10-10"))
    assert table.empty


def test_nothing_to_compute_gives_an_empty_table():
    # one level: no pair, no flow, no change
    table = growth(fig("s", "internet_subscriptions", 100, "2024-09-30"))
    assert table.empty and list(table.columns) == list(GROWTH_COLUMNS)


# --- concepts: breaks and declared comparisons ------------------------------------------------------

def test_a_change_of_concept_is_a_break_with_both_sides_and_no_change():
    table = growth(
        fig("have", "fibre_have", 76.6, "2022-06-15"),
        fig("use", "fibre_use", 69.72, "2024-10-10"),
    )
    row = only(table, DEFINITION_BREAK)
    assert (row["from_indicator_id"], row["indicator_id"]) == ("fibre_have", "fibre_use")
    assert (row["from_value"], row["to_value"]) == (76.6, 69.72)
    assert row["status"] == BREAK and "break_in_series" in flags(row)
    for column in ("abs_change", "rel_change_pct", "pp_change", "pp_per_year", "annualized_pct"):
        assert math.isnan(row[column]), column
    # and no movement anywhere: the two concepts are never one series
    assert (table["method"] == CONSECUTIVE).sum() == 0


def test_a_declared_comparable_pair_is_compared_with_status_d_and_its_caveat():
    row = only(growth(
        fig("l4", "level4_share", 80, "2021-12-31"),
        fig("fp", "full_process_share", 90, "2022-12-31"),
    ), COMPARABLE)
    # 90 − 80 = 10 points over 365 days: 10 × 365.25 / 365 ≈ 10.0068 points a year
    assert row["pp_change"] == pytest.approx(10) and row["days"] == 365
    assert row["pp_per_year"] == pytest.approx(10 * 365.25 / 365)
    assert row["status"] == DEFINITION_DIFFERS and "definition_differs" in flags(row)
    assert "r9" in row["note"]


def test_each_concept_keeps_its_own_series_beside_the_break():
    table = growth(
        fig("h1", "fibre_have", 70, "2021-12-31"),
        fig("u1", "fibre_use", 60, "2022-12-31"),
        fig("h2", "fibre_have", 75, "2023-12-31"),
    )
    # have → have is a change of one series (5 points over 730 days); the use figure between them starts a
    # concept of its own: one break where it takes over, none back (the have series carries on by itself)
    assert only(table, CONSECUTIVE)["pp_change"] == pytest.approx(5)
    assert set(zip(table.loc[table["method"] == DEFINITION_BREAK, "from_figure_id"],
                   table.loc[table["method"] == DEFINITION_BREAK, "to_figure_id"])) == {("h1", "u1")}


def test_two_concepts_that_each_carry_a_series_are_parallel_not_a_break():
    table = growth(
        fig("a22", "fibre_have", 77, "2022-12-01"), fig("b22", "fibre_use", 100, "2022-12-01"),
        fig("a24", "fibre_have", 82, "2024-11-14"), fig("b24", "fibre_use", 100, "2024-11-14"),
    )
    assert (table["method"] == DEFINITION_BREAK).sum() == 0
    assert (table["method"] == CONSECUTIVE).sum() == 2   # 77 → 82 and 100 → 100, each in its own series


# --- baselines behind changes ---------------------------------------------------------------------

def change(figure_id: str, indicator_id: str, value: float, period_end: str, basis_year: int | None, **other) -> dict:
    """A change figure 'so với năm <basis_year>' (no basis when basis_year is None)."""
    basis = {} if basis_year is None else {
        "comparison_basis": f"so với năm {basis_year}", "basis_start": f"{basis_year}-01-01",
        "basis_end": f"{basis_year}-12-31"}
    return fig(figure_id, indicator_id, value, period_end, kind="change", **{**basis, **other})


def test_baseline_from_level_and_absolute_change():
    table = growth(
        fig("lvl", "internet_subscriptions", 50, "2024-12-31"),
        change("chg", "internet_subscriptions", 10, "2024-12-31", 2023),
    )
    row = only(table, BASE_ABSOLUTE)
    # level 50 after "+10": base 50 − 10 = 40, dated at the end of 2023
    assert row["from_value"] == pytest.approx(40) and row["to_value"] == pytest.approx(50)
    assert (row["from_figure_id"], row["to_figure_id"]) == ("chg", "lvl")
    assert row["from_date"] == pd.Timestamp("2023-12-31")
    assert row["days"] == 366                                  # 2024 is a leap year
    assert row["abs_change"] == pytest.approx(10)
    assert row["rel_change_pct"] == pytest.approx(25)          # 50 / 40 = 1.25
    # 1.25 ^ (365.25 / 366) − 1 ≈ 24.96 %
    assert row["annualized_pct"] == pytest.approx(annualized_pct(50, 40, 366))
    assert row["status"] == ESTIMATED and row["reading"] == "absolute"
    # the change is also listed as the article states it
    reported = only(table, REPORTED)
    assert reported["abs_change"] == pytest.approx(10) and math.isnan(reported["rel_change_pct"])
    assert reported["reading"] == "absolute"


def test_baseline_from_a_fall():
    row = only(growth(fig("lvl", "internet_subscriptions", 40, "2024-12-31"),
                      change("chg", "internet_subscriptions", -10, "2024-12-31", 2023)), BASE_ABSOLUTE)
    # level 40 after "−10": base 40 − (−10) = 50; 40 / 50 − 1 = −20 %
    assert row["from_value"] == pytest.approx(50)
    assert row["rel_change_pct"] == pytest.approx(-20)


def test_percent_change_of_a_count_is_relative_only():
    table = growth(fig("lvl", "internet_subscriptions", 110, "2024-12-31"),
                   change("chg", "internet_subscriptions", 10, "2024-12-31", 2023, unit="%"))
    row = only(table, BASE_RELATIVE)
    # 110 / (1 + 10 / 100) = 110 / 1.1 = 100
    assert row["from_value"] == pytest.approx(100)
    assert row["rel_change_pct"] == pytest.approx(10)
    assert "ambiguous_points_or_relative" not in flags(row)
    assert (table["method"] == BASE_POINTS).sum() == 0
    assert (table["method"] == BASE_ABSOLUTE).sum() == 0


def test_a_change_written_as_a_multiple_is_never_read_as_an_amount():
    table = growth(
        fig("lvl", "internet_subscriptions", 250, "2024-12-31"),
        change("times", "internet_subscriptions", 2.5, "2024-12-31", 2023, unit="times"),  # "gấp 2,5 lần"
        change("abs", "internet_subscriptions", 150, "2024-12-31", 2023),                  # "tăng 150 thuê bao"
    )
    # "gấp 2,5 lần" is not 2.5 subscriptions more (absolute), and whether "tăng … lần" means × m or
    # + m × 100 % is not settled: no row reads it, neither as a change, a baseline nor an implied base
    assert not ((table["to_figure_id"] == "times") | (table["from_figure_id"] == "times")).any()
    assert (table["method"] == IMPLIED_BASE).sum() == 0
    # the absolute change beside it is read as before: base 250 − 150 = 100
    assert only(table, BASE_ABSOLUTE)["from_value"] == pytest.approx(100)


def test_percent_change_of_a_share_gives_both_readings_flagged():
    table = growth(
        fig("lvl", "fiber_households_share", 60, "2024-06-30"),
        change("chg", "fiber_households_share", 20, "2024-06-30", None, unit="%", comparison_basis="cùng kỳ",
               basis_start="2023-06-30", basis_end="2023-06-30"),
    )
    points = only(table, BASE_POINTS)
    relative = only(table, BASE_RELATIVE)
    # points: 60 − 20 = 40 %; relative: 60 / (1 + 20/100) = 60 / 1.2 = 50 %
    assert points["from_value"] == pytest.approx(40)
    assert relative["from_value"] == pytest.approx(50)
    assert points["pp_change"] == pytest.approx(20)        # 60 − 40
    assert relative["pp_change"] == pytest.approx(10)      # 60 − 50
    assert points["rel_change_pct"] == pytest.approx(50)   # 60 / 40 = 1.5
    assert relative["rel_change_pct"] == pytest.approx(20)  # 60 / 50 = 1.2
    # 2023-06-30 → 2024-06-30 crosses 29 Feb 2024: 366 days; 20 × 365.25 / 366 ≈ 19.959 points a year
    assert points["days"] == 366 and relative["days"] == 366
    assert points["pp_per_year"] == pytest.approx(20 * 365.25 / 366)
    assert math.isnan(points["annualized_pct"]) and math.isnan(relative["annualized_pct"])
    assert (points["reading"], relative["reading"]) == (POINTS, RELATIVE)
    assert "ambiguous_points_or_relative" in flags(points)
    assert "ambiguous_points_or_relative" in flags(relative)


def test_an_ambiguous_change_is_one_row_per_reading_never_one_number_in_two_columns():
    table = growth(change("chg", "fiber_households_share", 2.32, "2024-10-10", 2023, unit="%"))
    rows = table[table["method"] == REPORTED].set_index("reading")
    assert set(rows.index) == {POINTS, RELATIVE}
    # the points reading fills pp_change only; the relative reading rel_change_pct only
    assert rows.at[POINTS, "pp_change"] == pytest.approx(2.32) and math.isnan(rows.at[POINTS, "rel_change_pct"])
    assert rows.at[RELATIVE, "rel_change_pct"] == pytest.approx(2.32) and math.isnan(rows.at[RELATIVE, "pp_change"])
    # 2023-12-31 → 2024-10-10: 31+29+31+30+31+30+31+31+30+10 = 284 days; 2.32 × 365.25 / 284 ≈ 2.9837 a year
    assert rows.at[POINTS, "pp_per_year"] == pytest.approx(2.32 * 365.25 / 284)
    assert all("ambiguous_points_or_relative" in f for f in rows["flags"])


def test_a_reported_change_of_a_window_share_has_no_pace_and_says_its_window_is_unknown():
    table = growth(change("chg", "online_dossiers_share", 20, "2024-10-10", 2023, unit="%"))
    points = only(table, REPORTED, reading=POINTS)
    # a share over a window: the window of "+20" is not written, so no points per year
    assert points["pp_change"] == pytest.approx(20) and math.isnan(points["pp_per_year"])
    assert "period_start_unknown" in flags(points)


def test_implied_base_from_a_change_as_number_and_percent():
    table = growth(
        change("abs", "internet_subscriptions", 27000, "2024-12-31", 2023),
        change("rel", "internet_subscriptions", 12.5, "2024-12-31", 2023, unit="%"),
    )
    row = only(table, IMPLIED_BASE)
    # base = 27 000 / (12.5 / 100) = 27 000 / 0.125 = 216 000; level = 216 000 + 27 000 = 243 000
    assert row["from_value"] == pytest.approx(216_000)
    assert row["to_value"] == pytest.approx(243_000)
    assert row["rel_change_pct"] == pytest.approx(12.5)    # 243 000 / 216 000 = 1.125
    assert row["days"] == 366                              # 2023-12-31 → 2024-12-31
    assert (row["from_figure_id"], row["to_figure_id"]) == ("abs", "rel")


def test_implied_base_with_zero_percent_is_nan_and_flagged():
    table = growth(
        change("abs", "internet_subscriptions", 30, "2024-12-31", 2023),
        change("rel", "internet_subscriptions", 0, "2024-12-31", 2023, unit="%"),
    )
    row = only(table, IMPLIED_BASE)
    # 30 / (0 / 100) has no value: NaN, flagged, never inf
    assert math.isnan(row["from_value"]) and math.isnan(row["rel_change_pct"]) and math.isnan(row["annualized_pct"])
    assert flags(row) & {"zero_base", "missing_base"}
    assert not np.isinf(table.select_dtypes("number").to_numpy(dtype=float)).any()


def test_minus_100_percent_change_gives_no_inf():
    table = growth(fig("lvl", "internet_subscriptions", 5, "2024-12-31"),
                   change("chg", "internet_subscriptions", -100, "2024-12-31", 2023, unit="%"))
    row = only(table, BASE_RELATIVE)
    # 5 / (1 − 100/100) = 5 / 0: no base can be computed
    assert math.isnan(row["from_value"])
    assert flags(row) & {"zero_base", "missing_base"}
    assert not np.isinf(table.select_dtypes("number").to_numpy(dtype=float)).any()


def test_inexact_change_and_unknown_basis_travel_as_flags():
    table = growth(
        fig("lvl", "internet_subscriptions", 500, "2024-12-31", qualifier="about"),
        change("chg", "internet_subscriptions", 100, "2024-12-31", None, qualifier="more_than"),
    )
    row = only(table, BASE_ABSOLUTE)
    # 500 − 100 = 400, but "trên 100" and "khoảng 500" both stay visible, and with no basis date no rate per year
    assert row["from_value"] == pytest.approx(400)
    assert {"inexact_more_than", "inexact_about", "basis_date_unknown"} <= flags(row)
    assert math.isnan(row["annualized_pct"])
    # no made-up interval: the base has no date, so no days (not 0 days) and no zero_interval flag
    assert pd.isna(row["from_date"]) and math.isnan(row["days"]) and "zero_interval" not in flags(row)


def test_two_events_compared_are_not_annualized():
    row = only(growth(
        fig("lvl", "dx_contest_participants", 6660, "2024-09-26", period_start="2024-09-01"),
        change("chg", "dx_contest_participants", 1000, "2024-09-26", 2023),
    ), BASE_ABSOLUTE)
    # 6 660 − 1 000 = 5 660 in the 2023 contest; 6 660 / 5 660 − 1 ≈ 17.67 %, with no rate per year
    assert row["from_value"] == pytest.approx(5660) and row["period_type"] == "event"
    assert row["rel_change_pct"] == pytest.approx((6660 / 5660 - 1) * 100)
    assert math.isnan(row["annualized_pct"]) and "periods_compared_not_annualized" in flags(row)


def test_change_is_paired_with_the_level_of_its_own_date_only():
    table = growth(
        fig("june", "internet_subscriptions", 900, "2024-06-30"),
        change("chg", "internet_subscriptions", 10, "2024-10-10", 2023),
    )
    # "+10 so với năm 2023" dated October says nothing about the June level
    assert not table["method"].isin([BASE_ABSOLUTE, BASE_RELATIVE, BASE_POINTS]).any()


def test_an_event_baseline_keeps_its_basis_period_and_has_no_day_count():
    row = only(growth(
        fig("lvl", "dx_contest_participants", 6660, "2024-09-26", period_start="2024-08-26"),
        change("chg", "dx_contest_participants", 1000, "2024-09-26", 2023, period_start="2024-08-26"),
    ), BASE_ABSOLUTE)
    # the 2023 edition happened some time in 2023: its period, not a made-up day, and no days between
    assert (row["from_start"], row["from_date"]) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))
    assert math.isnan(row["days"])


def test_implied_base_needs_one_date_and_one_basis():
    table = growth(
        change("abs", "internet_subscriptions", 27000, "2024-12-31", 2023),
        change("rel", "internet_subscriptions", 12.5, "2024-12-31", 2022, unit="%"),
    )
    assert (table["method"] == IMPLIED_BASE).sum() == 0  # "+27 000 on 2023" and "+12.5 % on 2022" are two changes


def test_change_is_paired_with_a_level_of_its_own_source_only():
    table = growth(
        fig("other", "internet_subscriptions", 900, "2024-12-31", source_id="s2"),
        change("chg", "internet_subscriptions", 10, "2024-12-31", 2023, source_id="s1"),
    )
    assert not table["method"].isin([BASE_ABSOLUTE, BASE_RELATIVE, BASE_POINTS]).any()


# --- readings refuted by a check ---------------------------------------------------------------------

def test_mark_refuted_names_the_check_on_the_reading_it_refutes_only():
    table = growth(
        fig("lvl", "fiber_households_share", 60, "2024-06-30"),
        change("chg", "fiber_households_share", 20, "2024-06-30", 2023, unit="%"),
    )
    checks = pd.DataFrame([
        {"check_id": "part_within_whole:chg;lvl;w:points", "check": "part_within_whole", "severity": "error",
         "figure_ids": "chg;lvl;w", "reading": "points"},
        # a warning doubts, it does not refute; and a check on no reading refutes none
        {"check_id": "part_within_whole:chg;lvl;w:relative", "check": "part_within_whole", "severity": "warning",
         "figure_ids": "chg;lvl;w", "reading": "relative"},
        {"check_id": "cross_source:chg;lvl", "check": "cross_source", "severity": "error",
         "figure_ids": "chg;lvl", "reading": ""},
    ])
    marked = mark_refuted(table, checks)
    # the baseline tested, and the change's own row in that reading; the other reading stands
    assert only(marked, BASE_POINTS)["refuted_by"] == "part_within_whole:chg;lvl;w:points"
    assert only(marked, REPORTED, reading=POINTS)["refuted_by"] == "part_within_whole:chg;lvl;w:points"
    assert only(marked, BASE_RELATIVE)["refuted_by"] == ""
    assert only(marked, REPORTED, reading=RELATIVE)["refuted_by"] == ""


# --- invariants of the real data ------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_growth() -> pd.DataFrame:
    from analysis.core.tables import read_processed
    from analysis.ingest.rawdata import load_raw_layer

    layer = load_raw_layer()
    return growth_table(read_processed("figures"), layer.indicators, layer.relations)


def test_real_table_has_no_infinite_numbers(real_growth):
    numbers = real_growth.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()


def test_real_shares_get_no_compound_rate_and_events_no_rate(real_growth):
    assert real_growth.loc[real_growth["unit"] == "%", "annualized_pct"].isna().all()
    assert not real_growth.loc[real_growth["period_type"] == "event", "method"].isin([RUN_RATE, RATE_CHANGE]).any()
    assert (real_growth["period_type"] != "scope").all()


def test_real_rows_compare_one_concept_unless_they_say_otherwise(real_growth):
    across = real_growth[real_growth["from_indicator_id"] != real_growth["indicator_id"]]
    assert across["method"].isin([DEFINITION_BREAK, COMPARABLE]).all()
    assert set(across["status"]) <= {BREAK, DEFINITION_DIFFERS}


def test_real_readings_fill_one_column_each(real_growth):
    reported = real_growth[real_growth["method"] == REPORTED]
    filled = reported[["abs_change", "rel_change_pct", "pp_change"]].notna().sum(axis=1)
    assert (filled == 1).all()


def test_an_estimate_to_the_year_end_travels_as_a_date_caveat():
    from analysis.analyze.pointvalues import point_values

    figures = pd.DataFrame({"value": [412.0], "value_high": [np.nan], "qualifier": ["exact"],
                            "flags": ["estimate_year_end;unit_implied_by_indicator"]})
    value, flags = point_values(figures)
    assert value.iloc[0] == 412 and flags.iloc[0] == "estimate_year_end"


def test_first_to_last_takes_the_exact_figure_where_a_bound_shares_its_date():
    """'top 10' and '10th' for 2020, then 9th and 8th: the change from 2020 is 10 → 8, not 'top 10' → 8."""
    from analysis.analyze.growth import level_changes
    from helpers import clean_figure, clean_frame

    units = {"dti_rank": "rank"}
    rows = [clean_figure("a", "dti_rank", 10, "2020-12-31", units=units, qualifier="at_most"),
            clean_figure("b", "dti_rank", 10, "2020-12-31", units=units),
            clean_figure("c", "dti_rank", 9, "2021-12-31", units=units),
            clean_figure("d", "dti_rank", 8, "2022-12-31", units=units)]
    figures = clean_frame(*rows)
    figures["measure_type"] = "rank"
    overall = level_changes(figures)
    overall = overall[overall["method"] == "first_to_last"]
    assert overall[["from_figure_id", "to_figure_id"]].values.tolist() == [["b", "d"]]
    assert overall["abs_change"].tolist() == [-2.0]  # 8 − 10


# --- sanity rules on growth rows: one entry of growth.RULES each ---------------------------------

#: A rule a contributor might add: the flag, its table, the condition on the rows, what it means.
IMPLAUSIBLE = FlagRule("implausible_change", GROWTH, "a relative change above 1000 %: implausible",
                       lambda rows: rows["rel_change_pct"] > 1000)


def test_a_growth_rule_flags_the_rows_meeting_its_condition_and_no_other():
    rows = growth_rows(pd.RangeIndex(3), method=CONSECUTIVE, rel_change_pct=pd.Series([1500.0, 1000.0, np.nan]))
    # 1500 % is above 1000 %; 1000 % is not above it; no relative change (NaN) meets no condition
    assert list(flag_rows(rows, (IMPLAUSIBLE,), GROWTH)) == ["implausible_change", "", ""]


def test_a_growth_rule_added_to_the_registry_reaches_the_growth_table(monkeypatch):
    # the registry holds only the test's rule: a real rule with the same threshold cannot break this test
    monkeypatch.setattr(growth_module, "RULES", (IMPLAUSIBLE,))
    table = growth(
        fig("a", "internet_subscriptions", 10, "2020-12-31"),
        fig("b", "internet_subscriptions", 121, "2022-12-31"),
        fig("c", "internet_subscriptions", 133.1, "2023-12-31"),
    )
    assert "implausible_change" in flags(only(table, CONSECUTIVE, to_figure_id="b"))    # 121 / 10 − 1 = 1110 %
    assert "implausible_change" not in flags(only(table, CONSECUTIVE, to_figure_id="c"))  # 133.1 / 121 − 1 = 10 %
    assert "implausible_change" in flags(only(table, FIRST_TO_LAST))                    # 133.1 / 10 − 1 = 1231 %


def test_a_rule_of_another_table_is_refused_on_growth_rows():
    stray = FlagRule("implausible_change", FIGURES, "declared for figures", lambda rows: rows["method"] != "")
    with pytest.raises(ValueError, match="another table"):
        flag_rows(growth_rows(pd.RangeIndex(1), method=CONSECUTIVE), (stray,), GROWTH)


def test_the_registered_rules_flag_breaks_comparisons_and_period_baselines_only():
    methods = [DEFINITION_BREAK, COMPARABLE, BASE_ABSOLUTE, BASE_ABSOLUTE, IMPLIED_BASE, CONSECUTIVE]
    types = ["level", "level", "event", "level", "flow", "level"]
    rows = growth_rows(pd.RangeIndex(6), method=pd.Series(methods), period_type=pd.Series(types))
    assert list(flag_rows(rows, growth_module.RULES, GROWTH)) == [
        "break_in_series", "definition_differs", "periods_compared_not_annualized", "", "", ""]
