"""Target progress: latest actual, gap, time left, pace needed and achieved, verdict (analysis.analyze.targets).

Every expected number is worked out by hand in a comment; none is copied from the code's output.
Years are days / 365.25.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import SmallDataset, relations_frame
from analysis.analyze.targets import MAX_ACTUAL_AGE_DAYS, MET, OFF_TRACK, ON_TRACK, TARGET_COLUMNS, UNKNOWN, target_progress

# --- small hand-built inputs ---------------------------------------------------------------------

#: indicator_id → (measure_type, time_reference, higher_is_better[, role[, family]])
CODEBOOK = {
    "fiber_households_share": ("share", "stock", "true"),
    # a family of close concepts: coverage (the target) against having a line and using FTTH (the actuals)
    "fibre_covered": ("share", "stock", "true", "statistic", "fibre_households"),
    "fibre_use": ("share", "stock", "true", "statistic", "fibre_households"),
    # two concepts declared comparable (relation r9)
    "level4_share": ("share", "stock", "true", "statistic", "online_services"),
    "full_process_share": ("share", "stock", "true", "statistic", "online_services"),
    "mobile_station_service_radius": ("length", "stock", "false"),   # smaller is better
    "internet_subscriptions": ("count", "stock", "true"),
    "vssid_users": ("count", "stock", ""),                           # direction not coded: higher assumed
}
UNITS = {"fiber_households_share": "%", "mobile_station_service_radius": "km",
         "internet_subscriptions": "subscriptions", "vssid_users": "people", "fibre_covered": "%", "fibre_use": "%",
         "level4_share": "%", "full_process_share": "%"}
RELATIONS = relations_frame(("r9", "comparable", "full_process_share", "level4_share", ""))


#: The figures of these tests: `fig(...)` rows over CODEBOOK, published 2022-01-15 unless given.
DATA = SmallDataset(CODEBOOK, UNITS, published="2022-01-15", decimal=".")
codebook, fig, figures = DATA.codebook, DATA.fig, DATA.figures


def target(figure_id: str, indicator_id: str, value: float, deadline: str, **other) -> dict:
    return fig(figure_id, indicator_id, value, deadline, kind="target", **other)


def progress(*rows: dict, as_of: str | None = "2023-12-31") -> pd.DataFrame:
    return target_progress(figures(*rows), codebook(), None if as_of is None else pd.Timestamp(as_of), RELATIONS)


def one(table: pd.DataFrame, target_figure_id: str) -> pd.Series:
    rows = table[table["target_figure_id"] == target_figure_id]
    assert len(rows) == 1, f"expected one row for {target_figure_id}, got {len(rows)}"
    return rows.iloc[0]


# 2023-12-31 → 2025-12-31: 366 (2024, leap) + 365 = 731 days = 731 / 365.25 = 2.001369 years
YEARS_2024_2025 = 731 / 365.25
# 2023-06-30 → 2025-12-31: 366 (to 2024-06-30, leap day included) + 365 + 184 (July–December) = 915 days
YEARS_FROM_MID_2023 = 915 / 365.25


# --- verdicts ---------------------------------------------------------------------------------------

def test_on_track_with_linear_paces():
    table = progress(
        fig("a1", "fiber_households_share", 60, "2022-12-31"),
        fig("a2", "fiber_households_share", 70, "2023-12-31"),
        target("t", "fiber_households_share", 80, "2025-12-31"),
    )
    assert list(table.columns) == list(TARGET_COLUMNS)
    row = one(table, "t")
    assert (row["latest_figure_id"], row["first_figure_id"], row["actuals"]) == ("a2", "a1", 2)
    assert row["latest_value"] == 70 and row["latest_date"] == pd.Timestamp("2023-12-31")
    assert row["gap"] == pytest.approx(10)                        # 80 − 70
    assert row["years_left"] == pytest.approx(YEARS_2024_2025)    # 731 / 365.25 ≈ 2.0014
    # needed: 10 / 2.001369 ≈ 4.9966 points a year
    assert row["pace_needed_per_year"] == pytest.approx(10 / (731 / 365.25))
    assert row["pace_needed_per_year"] == pytest.approx(4.9966, abs=1e-4)
    # achieved: (70 − 60) / (365 / 365.25) = 10 / 0.999316 ≈ 10.0068 points a year
    assert row["pace_achieved_per_year"] == pytest.approx(10 / (365 / 365.25))
    assert row["verdict"] == ON_TRACK
    assert row["reason"]


def test_off_track_when_the_pace_is_too_slow():
    row = one(progress(
        fig("a1", "fiber_households_share", 60, "2022-12-31"),
        fig("a2", "fiber_households_share", 62, "2023-12-31"),
        target("t", "fiber_households_share", 80, "2025-12-31"),
    ), "t")
    # needed (80 − 62) / 2.001369 = 18 / 2.001369 ≈ 8.994; achieved 2 / 0.999316 ≈ 2.0014 < 8.994
    assert row["gap"] == pytest.approx(18)
    assert row["pace_needed_per_year"] == pytest.approx(18 / YEARS_2024_2025)
    assert row["pace_achieved_per_year"] == pytest.approx(2 / (365 / 365.25))
    assert row["verdict"] == OFF_TRACK


def test_met_when_the_latest_actual_reaches_the_target():
    table = progress(
        fig("a", "fiber_households_share", 85, "2023-06-30"),
        target("t", "fiber_households_share", 80, "2025-12-31"),
    )
    row = one(table, "t")
    # 80 − 85 = −5: already 5 points beyond; one actual is enough to say "met"
    assert row["gap"] == pytest.approx(-5)
    assert row["verdict"] == MET


def test_exact_target_reached_exactly_is_met_but_more_than_is_not():
    rows = (
        fig("a1", "fiber_households_share", 70, "2022-12-31"),
        fig("a2", "fiber_households_share", 80, "2023-12-31"),
        target("exact", "fiber_households_share", 80, "2025-12-31"),
        target("above", "fiber_households_share", 80, "2025-12-31", qualifier="more_than"),
    )
    table = progress(*rows)
    # "80%" reached by 80: met. "trên 80%" needs more than 80: not yet, gap 80 − 80 = 0 to go
    assert one(table, "exact")["verdict"] == MET
    above = one(table, "above")
    assert above["verdict"] != MET
    assert above["gap"] == pytest.approx(0)
    # 10 points in 365 days ≈ 10.007 a year ≥ 0 needed: on track, not met
    assert above["verdict"] == ON_TRACK


def test_more_than_target_exceeded_is_met():
    row = one(progress(fig("a", "fiber_households_share", 80.5, "2023-06-30"),
                       target("t", "fiber_households_share", 80, "2025-12-31", qualifier="more_than")), "t")
    assert row["gap"] == pytest.approx(-0.5) and row["verdict"] == MET   # 80 − 80.5


def test_lower_is_better_met_from_below():
    table = progress(
        fig("a", "mobile_station_service_radius", 1.8, "2023-06-30"),
        target("t", "mobile_station_service_radius", 2, "2025-12-31"),
        target("far", "mobile_station_service_radius", 1.5, "2025-12-31"),
    )
    # a radius of 1.8 km is within the 2 km target
    assert one(table, "t")["verdict"] == MET
    # but not within 1.5 km: one actual, so the pace is unknown
    far = one(table, "far")
    assert far["verdict"] == UNKNOWN
    # it must still fall by 1.8 − 1.5 = 0.3 km from the actual's date, 2023-06-30: 915 days to the deadline,
    # −0.3 / (915 / 365.25) ≈ −0.1198 km a year
    assert far["pace_needed_per_year"] == pytest.approx(-0.3 / YEARS_FROM_MID_2023)
    assert far["pace_needed_per_year"] == pytest.approx(-0.1198, abs=1e-4)


def test_lower_is_better_on_and_off_track():
    falling = one(progress(
        fig("a1", "mobile_station_service_radius", 4, "2022-12-31"),
        fig("a2", "mobile_station_service_radius", 3, "2023-12-31"),
        target("t", "mobile_station_service_radius", 2, "2025-12-31"),
    ), "t")
    # needed (2 − 3) / 2.001369 ≈ −0.4997 km a year; achieved (3 − 4) / 0.999316 ≈ −1.0007: falling faster
    assert falling["pace_needed_per_year"] == pytest.approx(-1 / YEARS_2024_2025)
    assert falling["pace_achieved_per_year"] == pytest.approx(-1 / (365 / 365.25))
    assert falling["verdict"] == ON_TRACK
    rising = one(progress(
        fig("a1", "mobile_station_service_radius", 3, "2022-12-31"),
        fig("a2", "mobile_station_service_radius", 4, "2023-12-31"),
        target("t", "mobile_station_service_radius", 2, "2025-12-31"),
    ), "t")
    # 4 km is above the 2 km target (not met), and it grows by ≈ 1.0007 km a year: off track
    assert rising["verdict"] == OFF_TRACK


def test_lower_is_better_above_target_is_not_met():
    row = one(progress(fig("a", "mobile_station_service_radius", 3, "2023-06-30"),
                       target("t", "mobile_station_service_radius", 2, "2025-12-31")), "t")
    # 3 km > 2 km: not met (a "higher is better" reading would wrongly say met)
    assert row["verdict"] != MET


def test_less_than_target_must_be_undercut():
    row = one(progress(fig("a", "mobile_station_service_radius", 2, "2023-06-30"),
                       target("t", "mobile_station_service_radius", 2, "2025-12-31", qualifier="less_than")), "t")
    # "dưới 2 km" needs less than 2: exactly 2 does not meet it (the mirror of "trên 80%")
    assert row["verdict"] != MET


def test_missing_direction_counts_as_higher_is_better():
    row = one(progress(fig("a", "vssid_users", 120, "2023-06-30"),
                       target("t", "vssid_users", 100, "2025-12-31")), "t")
    assert row["verdict"] == MET and row["gap"] == pytest.approx(-20)   # 100 − 120


def test_no_actual_or_one_actual_is_unknown_with_a_reason():
    table = progress(
        fig("a", "fiber_households_share", 70, "2023-06-30"),
        target("one", "fiber_households_share", 80, "2025-12-31"),
        target("none", "internet_subscriptions", 1000, "2025-12-31"),
    )
    one_actual = one(table, "one")
    assert one_actual["verdict"] == UNKNOWN and one_actual["actuals"] == 1
    assert math.isnan(one_actual["pace_achieved_per_year"])
    assert one_actual["gap"] == pytest.approx(10)                     # 80 − 70
    # from the actual's date: 10 / (915 / 365.25) ≈ 3.9918 points a year
    assert one_actual["pace_needed_per_year"] == pytest.approx(10 / YEARS_FROM_MID_2023)
    assert "one actual" in one_actual["reason"] and one_actual["reason_code"] == "one_actual"
    no_actual = one(table, "none")
    assert no_actual["verdict"] == UNKNOWN and no_actual["actuals"] == 0
    assert no_actual["latest_figure_id"] == "" and math.isnan(no_actual["gap"])
    assert "no actual" in no_actual["reason"]


def test_two_actuals_on_the_same_day_give_no_pace():
    row = one(progress(
        fig("a1", "fiber_households_share", 70, "2023-06-30", source_id="s1"),
        fig("a2", "fiber_households_share", 71, "2023-06-30", source_id="s2"),
        target("t", "fiber_households_share", 80, "2025-12-31"),
    ), "t")
    # 0 years between them: no pace (not a division by zero), so unknown
    assert math.isnan(row["pace_achieved_per_year"]) and row["verdict"] == UNKNOWN


def test_only_actuals_on_or_before_as_of_count():
    rows = (
        fig("a1", "fiber_households_share", 60, "2022-12-31"),
        fig("a2", "fiber_households_share", 70, "2023-12-31"),
        fig("a3", "fiber_households_share", 95, "2024-06-30"),
        target("t", "fiber_households_share", 80, "2025-12-31"),
    )
    before = one(progress(*rows, as_of="2023-12-31"), "t")
    # a3 is after as_of: latest is a2 = 70 (on as_of itself: "on or before")
    assert before["latest_figure_id"] == "a2" and before["actuals"] == 2
    assert before["as_of"] == pd.Timestamp("2023-12-31")
    after = one(progress(*rows, as_of="2024-06-30"), "t")
    # 95 ≥ 80: met; 2024-06-30 → 2025-12-31: 549 days (184 to year end + 365)
    assert after["latest_figure_id"] == "a3" and after["verdict"] == MET
    assert after["years_left"] == pytest.approx(549 / 365.25)


def test_default_as_of_is_the_newest_article():
    row = one(progress(
        fig("a", "fiber_households_share", 70, "2023-06-30", published="2023-07-10"),
        target("t", "fiber_households_share", 80, "2025-12-31", published="2024-02-29"),
        as_of=None), "t")
    assert row["as_of"] == pd.Timestamp("2024-02-29")
    # 2024-02-29 → 2025-02-28 = 365 days, + Mar..Dec 2025 (306) = 671 days
    assert row["years_left"] == pytest.approx(671 / 365.25)


def test_deadline_passed_and_not_met_is_off_track():
    row = one(progress(
        fig("a1", "fiber_households_share", 60, "2022-12-31"),
        fig("a2", "fiber_households_share", 70, "2024-06-30"),
        target("t", "fiber_households_share", 80, "2023-12-31"),
        as_of="2024-06-30"), "t")
    # 2023-12-31 → 2024-06-30 is 182 days past the deadline: years_left = −182 / 365.25 ≈ −0.498
    assert row["years_left"] == pytest.approx(-182 / 365.25)
    assert math.isnan(row["pace_needed_per_year"])
    assert row["verdict"] == OFF_TRACK and "deadline has passed" in row["reason"]


def test_range_target_low_end_and_range_actual_midpoint():
    table = progress(
        fig("a1", "fiber_households_share", 60, "2022-12-31"),
        fig("a2", "fiber_households_share", 80, "2023-12-31", value_high=90, qualifier="range",
            value_as_written="80-90"),
        target("r", "fiber_households_share", 82, "2025-12-31", value_high=88, qualifier="range",
               value_as_written="82-88"),
        target("high", "fiber_households_share", 90, "2025-12-31"),
    )
    r = one(table, "r")
    # the actual range 80–90 counts as 85, which reaches the target range's low end 82: 82 − 85 = −3
    assert r["latest_value"] == pytest.approx(85) and r["gap"] == pytest.approx(-3) and r["verdict"] == MET
    assert r["target_high"] == 88 and r["target_qualifier"] == "range"
    high = one(table, "high")
    # 90 − 85 = 5 to go; achieved (85 − 60) / 0.999316 ≈ 25.02 ≥ needed 5 / 2.001369 ≈ 2.498
    assert high["gap"] == pytest.approx(5)
    assert high["pace_achieved_per_year"] == pytest.approx(25 / (365 / 365.25))
    assert high["verdict"] == ON_TRACK


def test_targets_use_their_own_province_and_breakdown():
    table = progress(
        fig("bk", "fiber_households_share", 90, "2023-06-30"),
        fig("bt", "fiber_households_share", 50, "2023-06-30", province="Bến Tre", province_id="ben-tre"),
        fig("urban", "fiber_households_share", 95, "2023-06-30", breakdown="thành thị"),
        target("t_bt", "fiber_households_share", 80, "2025-12-31", province="Bến Tre", province_id="ben-tre"),
        target("t_rural", "fiber_households_share", 80, "2025-12-31", breakdown="nông thôn"),
    )
    bt = one(table, "t_bt")
    # Bến Tre's own 50 %, not Bắc Kạn's 90 %: 80 − 50 = 30 to go
    assert bt["latest_figure_id"] == "bt" and bt["gap"] == pytest.approx(30) and bt["verdict"] != MET
    # no rural actual anywhere: the province total or the urban figure must not stand in for it
    assert one(table, "t_rural")["verdict"] == UNKNOWN


# --- the rules of issue 9: the pace from the latest actual, as-of per province, concepts -------------

def test_the_pace_needed_runs_from_the_latest_actual_not_from_the_as_of_date():
    row = one(progress(
        fig("a1", "fiber_households_share", 60, "2022-12-31"),
        fig("a2", "fiber_households_share", 70, "2023-06-30"),
        target("t", "fiber_households_share", 80, "2025-12-31"),
        as_of="2023-12-31"), "t")
    # 10 points from 2023-06-30 (915 days to the deadline), not from the as-of date (731 days)
    assert row["years_from_latest"] == pytest.approx(YEARS_FROM_MID_2023)
    assert row["years_left"] == pytest.approx(YEARS_2024_2025)
    assert row["pace_needed_per_year"] == pytest.approx(10 / YEARS_FROM_MID_2023)
    # achieved: 10 points over 181 days (2022-12-31 → 2023-06-30) = 10 × 365.25 / 181 ≈ 20.18 a year ≥ 3.99
    assert row["pace_achieved_per_year"] == pytest.approx(10 * 365.25 / 181)
    assert row["verdict"] == ON_TRACK and row["latest_age_days"] == 184


def test_an_actual_older_than_a_year_is_too_old_to_judge():
    rows = (
        fig("a1", "fiber_households_share", 50, "2021-06-30"),
        fig("a2", "fiber_households_share", 70, "2022-06-30"),
        target("t", "fiber_households_share", 80, "2025-12-31"),
    )
    # 2022-06-30 → 2023-12-31: 549 days > 365: the pace since is unknown
    old = one(progress(*rows, as_of="2023-12-31"), "t")
    assert old["latest_age_days"] == 549 and old["verdict"] == UNKNOWN and old["reason_code"] == "too_old"
    assert MAX_ACTUAL_AGE_DAYS == 365
    # measured on 2023-06-30 (365 days later) the same actual still judges: on track (20 > 10 / 3.5 a year)
    recent = one(progress(*rows, as_of="2023-06-30"), "t")
    assert recent["latest_age_days"] == 365 and recent["verdict"] == ON_TRACK


def test_an_actual_of_another_concept_never_judges_a_target():
    row = one(progress(
        fig("u1", "fibre_use", 60, "2022-12-31"),
        fig("u2", "fibre_use", 69.72, "2023-12-31"),
        target("t", "fibre_covered", 80, "2025-12-31", qualifier="more_than"),
    ), "t")
    # households using FTTH are not households covered by fibre: no gap, no pace, no verdict
    assert row["verdict"] == UNKNOWN and row["reason_code"] == "other_concept"
    assert row["latest_figure_id"] == "" and math.isnan(row["gap"]) and math.isnan(row["pace_needed_per_year"])
    assert "fibre_use 69.72 % on 2023-12-31" in row["reason"] and "another concept" in row["reason"]


def test_a_declared_comparable_concept_judges_with_status_d():
    row = one(progress(
        fig("l1", "level4_share", 60, "2022-12-31"),
        fig("l2", "level4_share", 70, "2023-12-31"),
        target("t", "full_process_share", 80, "2025-12-31"),
    ), "t")
    assert row["latest_figure_id"] == "l2" and row["latest_indicator_id"] == "level4_share"
    assert row["status"] == "d" and "r9" in row["reason"]
    # needed 10 / (731 / 365.25) ≈ 4.997 points a year; achieved 10 × 365.25 / 365 ≈ 10.007: on track
    assert row["pace_needed_per_year"] == pytest.approx(10 / YEARS_2024_2025)
    assert row["verdict"] == ON_TRACK


def test_own_actuals_come_before_comparable_ones():
    row = one(progress(
        fig("l", "level4_share", 90, "2023-12-31"),
        fig("f", "full_process_share", 50, "2023-06-30"),
        target("t", "full_process_share", 80, "2025-12-31"),
    ), "t")
    assert row["latest_figure_id"] == "f" and row["status"] == ""


def test_the_default_as_of_is_each_provinces_own_newest_article():
    rows = [
        fig("a1", "fiber_households_share", 60, "2022-12-31", published="2023-01-10"),
        fig("a2", "fiber_households_share", 70, "2023-06-30", published="2023-07-10"),
        target("t", "fiber_households_share", 80, "2025-12-31", published="2023-07-10"),
    ]
    alone = one(progress(*rows, as_of=None), "t")
    # a newer article about another province must not move this province's as-of date or its verdict
    other = fig("bt", "fiber_households_share", 50, "2024-11-14", published="2024-12-06", province="Bến Tre",
                province_id="ben-tre")
    together = one(progress(*rows, other, as_of=None), "t")
    assert alone["as_of"] == together["as_of"] == pd.Timestamp("2023-07-10")
    assert alone["verdict"] == together["verdict"]
    assert alone["pace_needed_per_year"] == together["pace_needed_per_year"]


def test_a_passed_deadline_with_no_actual_after_it_is_unknown():
    row = one(progress(
        fig("a1", "fiber_households_share", 60, "2022-06-30"),
        fig("a2", "fiber_households_share", 70, "2023-06-30"),
        target("t", "fiber_households_share", 80, "2023-12-31"),
        as_of="2024-03-31"), "t")
    # the latest actual (2023-06-30) predates the deadline: whether 80 % was reached by then is not known
    assert row["verdict"] == UNKNOWN and row["reason_code"] == "deadline_passed"


def test_at_the_target_value_the_actuals_qualifier_decides():
    rows = [target("t80", "fiber_households_share", 80, "2025-12-31"),
            target("t90", "fiber_households_share", 90, "2025-12-31", qualifier="more_than")]
    nearly = progress(fig("a", "fiber_households_share", 80, "2023-06-30", qualifier="nearly"), rows[0])
    # "gần 80%" is just below 80: it does not reach a target of 80
    assert one(nearly, "t80")["verdict"] != MET
    above = progress(fig("a", "fiber_households_share", 90, "2023-06-30", qualifier="more_than"), rows[1])
    # "trên 90%" meets "trên 90%"
    assert one(above, "t90")["verdict"] == MET


def test_a_lower_is_better_range_is_reached_at_its_high_end():
    row = one(progress(fig("a", "mobile_station_service_radius", 1.8, "2023-06-30"),
                       target("t", "mobile_station_service_radius", 1.5, "2025-12-31", value_high=2,
                              qualifier="range", value_as_written="1.5-2")), "t")
    # a radius of 1.8 km is within 1.5–2 km: the range is reached from above at its high end, 2 km
    assert row["verdict"] == MET and row["gap"] == pytest.approx(0.2)   # goal − latest = 2 − 1.8


# --- invariants of the real data ------------------------------------------------------------------

def test_real_targets_are_judged_by_their_own_concept_or_a_declared_one():
    from analysis.core.tables import read_processed
    from analysis.ingest.rawdata import load_raw_layer

    layer = load_raw_layer()
    table = target_progress(read_processed("figures"), layer.indicators, None, layer.relations)
    judged = table[table["latest_figure_id"] != ""]
    own = judged["latest_indicator_id"] == judged["indicator_id"]
    assert (judged.loc[~own, "status"] == "d").all()
    assert set(table["verdict"]) <= {MET, ON_TRACK, OFF_TRACK, UNKNOWN}
    assert table["reason"].str.len().gt(0).all() and table["reason_code"].str.len().gt(0).all()
    # each province's as-of date is its own newest article
    figures = read_processed("figures")
    newest = figures.groupby("province_id")["published"].max()
    assert (table["as_of"] == table["province_id"].map(newest)).all()


def test_a_dataset_without_targets_gives_an_empty_table_with_every_column(layer):
    from analysis.analyze.targets import TARGET_COLUMNS, target_progress
    from helpers import clean_figure, clean_frame

    figures = clean_frame(clean_figure("a", "internet_users_share", 90, "2024-06-30", units={"internet_users_share": "%"}),
                          codebook=layer.indicators)
    table = target_progress(figures, layer.indicators)
    assert table.empty and list(table.columns) == list(TARGET_COLUMNS)
