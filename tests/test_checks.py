"""Consistency checks across figures and sources (analysis.analyze.checks).

Each test builds its figures by hand; every expected verdict is argued in a comment from the
numbers and their printed precision ("83" may be 82.5–83.5, "99,18" may be 99.175–99.185).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyze.checks import CHECK_COLUMNS, ERROR, OK, WARNING, consistency_checks, half_unit, mark_refuted
from analysis.analyze.growth import growth_table
from helpers import SmallDataset

# --- small hand-built inputs ---------------------------------------------------------------------

#: indicator_id → (measure_type, time_reference, higher_is_better)
CODEBOOK = {
    "citizen_id_applications": ("count", "stock", "true"),
    "citizen_id_applications_share": ("share", "stock", "true"),
    "internet_subscriptions": ("count", "stock", "true"),
    "internet_subscriptions_per_100": ("density", "stock", "true"),
    "people_with_health_record": ("count", "stock", "true"),
    "people_with_health_record_share": ("share", "stock", "true"),
    "smartphone_subscriptions": ("count", "stock", "true"),
    "mobile_subscriptions": ("count", "stock", "true"),
    "fiber_households_share": ("share", "stock", "true"),
    "5g_stations_installed": ("count", "flow", "true"),
    "online_dossiers": ("count", "flow", "true"),
    "dossiers_received": ("count", "flow", "true"),
    "online_dossiers_share": ("share", "flow", "true"),
    "smartphone_subscriptions_share": ("share", "stock", "true"),
}
UNITS = {
    "citizen_id_applications": "applications", "citizen_id_applications_share": "%",
    "internet_subscriptions": "subscriptions", "internet_subscriptions_per_100": "subscriptions per 100 inhabitants",
    "people_with_health_record": "people", "people_with_health_record_share": "%",
    "smartphone_subscriptions": "subscriptions", "mobile_subscriptions": "subscriptions",
    "fiber_households_share": "%", "5g_stations_installed": "stations", "online_dossiers": "dossiers",
    "dossiers_received": "dossiers", "online_dossiers_share": "%", "smartphone_subscriptions_share": "%",
}

#: the declared relations, as in data/raw/relations.csv
RELATIONS = pd.DataFrame([
    ("r01", "share_of", "citizen_id_applications_share", "citizen_id_applications", "ratio", ""),
    ("r02", "share_of", "people_with_health_record_share", "people_with_health_record", "population", ""),
    ("r03", "per_100_of", "internet_subscriptions_per_100", "internet_subscriptions", "population", ""),
    ("r04", "part_of", "smartphone_subscriptions", "", "mobile_subscriptions", ""),
    ("r06", "share_of", "smartphone_subscriptions_share", "smartphone_subscriptions", "mobile_subscriptions", ""),
], columns=["relation_id", "relation", "indicator_id", "of_indicator_id", "whole", "note"])


#: The figures of these tests: `fig(...)` rows over CODEBOOK, published 2025-01-15 unless given.
DATA = SmallDataset(CODEBOOK, UNITS, published="2025-01-15", decimal=",")
codebook, fig, figures = DATA.codebook, DATA.fig, DATA.figures


def change(figure_id: str, indicator_id: str, value: float, period_end: str, basis_end: str, **other) -> dict:
    return fig(figure_id, indicator_id, value, period_end, kind="change", comparison_basis="so với cùng kỳ",
               basis_end=basis_end, **other)


def rejected(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """Rejected rows (figure_id, source_id, indicator_id, reason), the other columns left empty."""
    return pd.DataFrame([{"figure_id": f, "source_id": s, "indicator_id": i, "kind": "actual", "reason": r}
                         for f, s, i, r in rows],
                        columns=["figure_id", "source_id", "indicator_id", "kind", "reason"])


def growth_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The growth table the checks read (empty where growth has nothing to compute)."""
    return growth_table(frame, codebook(), RELATIONS)


def checks(*rows: dict, rejected_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = figures(*rows)
    return consistency_checks(frame, growth_of(frame), RELATIONS, rejected_rows)


def of(table: pd.DataFrame, check: str) -> pd.DataFrame:
    return table[table["check"] == check]


def single(table: pd.DataFrame, check: str, *figure_ids: str) -> pd.Series:
    """The one row of ``check`` whose figures include all of ``figure_ids``."""
    rows = of(table, check)
    rows = rows[rows["figure_ids"].map(lambda ids: set(figure_ids) <= set(ids.split(";")))]
    assert len(rows) == 1, f"expected one {check} row with {figure_ids}, got {len(rows)}:\n{table}"
    return rows.iloc[0]


# --- printed precision ------------------------------------------------------------------------------

def test_half_unit_of_the_last_printed_digit():
    written = pd.Series(["83", "99,18", "6.233", "1,5", "224.065", "76.6"])
    # 83 → ±0.5; 99,18 → ±0.005; 6.233 (vi thousands) → ±0.5; 1,5 → ±0.05; 224.065 → ±0.5; 76.6 → ±0.05
    assert list(half_unit(written)) == pytest.approx([0.5, 0.005, 0.5, 0.05, 0.5, 0.05])


# --- a share against its own ratio --------------------------------------------------------------------

def citizen_id(share: float, written: str) -> tuple[dict, dict]:
    return (fig("n", "citizen_id_applications", 268749, "2022-08-11", denominator=270962, qualifier="ratio",
                value_as_written="268.749/270.962"),
            fig("s", "citizen_id_applications_share", share, "2022-08-11", value_as_written=written))


def test_share_recomputed_from_ratio_agrees():
    # 270 962 × 0.9918 = 268 740.1; 268 749 − 268 740.1 = 8.9; 8.9 / 270 962 = 0.0000328
    # → 99.1833 %, within 99,18 ± 0.005
    row = single(checks(*citizen_id(99.18, "99,18")), "share_recomputed", "n", "s")
    assert row["severity"] == OK


def test_share_recomputed_from_ratio_disagrees_beyond_last_digit():
    # reported 99,19: |99.1833 − 99.19| = 0.0067 > 0.005
    row = single(checks(*citizen_id(99.19, "99,19")), "share_recomputed", "n", "s")
    assert row["severity"] == WARNING


def test_share_recomputed_tolerance_follows_printed_digits():
    # 99,2 allows ±0.05: |99.1833 − 99.2| = 0.0167 fits; 99 allows ±0.5: |99.1833 − 99| = 0.1833 fits;
    # 98 allows ±0.5: |99.1833 − 98| = 1.1833 does not
    assert single(checks(*citizen_id(99.2, "99,2")), "share_recomputed", "n", "s")["severity"] == OK
    assert single(checks(*citizen_id(99, "99")), "share_recomputed", "n", "s")["severity"] == OK
    assert single(checks(*citizen_id(98, "98")), "share_recomputed", "n", "s")["severity"] == WARNING


# --- populations implied by a share and a density ---------------------------------------------------

def population_pair(health_count: float, health_share: float, share_date: str = "2022-09-20") -> list[dict]:
    return [
        fig("c14", "internet_subscriptions", 224065, "2022-08-31", value_as_written="224.065"),
        fig("c15", "internet_subscriptions_per_100", 62, "2022-08-31"),
        fig("c23", "people_with_health_record", health_count, share_date),
        fig("c24", "people_with_health_record_share", health_share, share_date),
    ]


def test_implied_populations_disagree_beyond_printed_precision():
    # 224 065 / 62 × 100 = 361 395, and with 62 ± 0.5: 224 065 / 62.5 × 100 = 358 504 … 224 065 / 61.5 × 100 = 364 333
    # 284 000 / 83 × 100 = 342 169, and with 83 ± 0.5: 284 000 / 83.5 × 100 = 340 120 … 284 000 / 82.5 × 100 = 344 242
    # 344 242 < 358 504: the intervals do not overlap
    row = single(checks(*population_pair(284000, 83)), "implied_population", "c14", "c15", "c23", "c24")
    assert row["severity"] == WARNING


def test_implied_populations_agree_within_printed_precision():
    # 300 000 / 83 × 100 = 361 446, interval 300 000 / 83.5 … / 82.5 × 100 = 359 281 … 363 636,
    # which overlaps 358 504 … 364 333
    row = single(checks(*population_pair(300000, 83)), "implied_population", "c14", "c15", "c23", "c24")
    assert row["severity"] == OK


def test_implied_populations_far_apart_in_time_are_not_compared():
    # 2022-08-31 → 2024-09-20 is more than a year: populations change, no comparison
    table = checks(*population_pair(284000, 83, share_date="2024-09-20"))
    assert of(table, "implied_population").empty


@pytest.mark.parametrize(("count", "share"), [(284000, 0), (0, 83), (0, 0)])
def test_a_count_or_share_of_zero_implies_no_population(count, share):
    # 284 000 people as 0 % of the population, or 0 people as 83 % of it: no population follows (no division by 0)
    table = checks(*population_pair(count, share))
    assert of(table, "implied_population").empty


# --- parts and wholes -------------------------------------------------------------------------------

def test_a_part_of_a_whole_of_zero_cannot_be_reconciled_by_growth():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division by zero on the way
        row = single(checks(fig("p", "smartphone_subscriptions", 5, "2024-06-30"),
                            fig("w", "mobile_subscriptions", 0, "2023-12-31")), "part_within_whole", "p", "w")
    # 5 subscriptions on smartphones of none: no rate of growth from 0 reaches 5
    assert row["severity"] == ERROR and row["observed"] == 5 and row["expected"] == 0

def test_part_within_whole_ok_and_exceeding():
    ok = single(checks(fig("p", "smartphone_subscriptions", 800, "2024-06-30"),
                       fig("w", "mobile_subscriptions", 1000, "2024-06-30")), "part_within_whole", "p", "w")
    assert ok["severity"] == OK        # 800 ≤ 1 000
    bad = single(checks(fig("p", "smartphone_subscriptions", 1200, "2024-06-30"),
                        fig("w", "mobile_subscriptions", 1000, "2024-06-30")), "part_within_whole", "p", "w")
    assert bad["severity"] in {WARNING, ERROR}   # 1 200 smartphones out of 1 000 subscriptions


def test_part_is_compared_with_the_nearest_whole():
    table = checks(
        fig("p", "smartphone_subscriptions", 900, "2023-12-31"),
        fig("w_old", "mobile_subscriptions", 800, "2022-12-31", source_id="s2"),
        fig("w_near", "mobile_subscriptions", 1000, "2023-11-30", source_id="s3"),
    )
    # 31 days to w_near (900 ≤ 1 000), 365 days to w_old (900 > 800): the nearest decides
    row = single(table, "part_within_whole", "p")
    assert "w_near" in row["figure_ids"].split(";") and row["severity"] == OK


def test_base_implied_by_a_change_exceeding_its_whole():
    table = checks(
        fig("p", "smartphone_subscriptions", 900, "2024-06-30"),
        change("c", "smartphone_subscriptions", 50, "2024-06-30", "2023-12-31", unit="%"),
        fig("w23", "mobile_subscriptions", 500, "2023-12-31", source_id="s2"),
        fig("w24", "mobile_subscriptions", 1000, "2024-06-30", source_id="s2"),
    )
    # the level itself: 900 ≤ 1 000 on the same day
    assert single(table, "part_within_whole", "p", "w24")["severity"] == OK
    # the base: 900 / (1 + 50/100) = 600 at the end of 2023, more than the 500 subscriptions of that day
    base = single(table, "part_within_whole", "c", "p", "w23")
    assert base["severity"] in {WARNING, ERROR}


# --- two sources on the same series ---------------------------------------------------------------

def fibre(figure_id: str, source_id: str, value: float, date: str, written: str) -> dict:
    return fig(figure_id, "fiber_households_share", value, date, source_id=source_id, value_as_written=written)


def test_two_sources_disagree_within_31_days():
    row = single(checks(fibre("a", "s1", 76.6, "2022-06-15", "76,6"), fibre("b", "s2", 80, "2022-07-05", "80")),
                 "cross_source", "a", "b")
    # 20 days apart; |76.6 − 80| = 3.4 > 0.05 + 0.5
    assert row["severity"] == WARNING


def test_two_sources_agree_within_their_printed_precision():
    table = checks(
        fibre("a", "s1", 76.6, "2022-06-15", "76,6"), fibre("b", "s2", 76.65, "2022-06-30", "76,65"),
        fibre("c", "s3", 76.7, "2022-07-01", "76,7"),
    )
    # |76.6 − 76.65| = 0.05 ≤ 0.05 + 0.005; |76.6 − 76.7| = 0.1 ≤ 0.05 + 0.05 (both could be 76.65)
    assert single(table, "cross_source", "a", "b")["severity"] == OK
    assert single(table, "cross_source", "a", "c")["severity"] == OK
    # |76.65 − 76.7| = 0.05 ≤ 0.005 + 0.05
    assert single(table, "cross_source", "b", "c")["severity"] == OK


def test_two_sources_differ_by_more_than_both_last_digits():
    # |76.6 − 76.8| = 0.2 > 0.05 + 0.05
    row = single(checks(fibre("a", "s1", 76.6, "2022-06-15", "76,6"), fibre("b", "s2", 76.8, "2022-06-15", "76,8")),
                 "cross_source", "a", "b")
    assert row["severity"] == WARNING


def test_cross_source_window_is_31_days():
    # 2022-06-15 → 2022-07-16 = 15 + 16 = 31 days: compared; → 2022-07-17 = 32 days: not compared
    within = checks(fibre("a", "s1", 76.6, "2022-06-15", "76,6"), fibre("b", "s2", 90, "2022-07-16", "90"))
    assert single(within, "cross_source", "a", "b")["severity"] == WARNING
    beyond = checks(fibre("a", "s1", 76.6, "2022-06-15", "76,6"), fibre("b", "s2", 90, "2022-07-17", "90"))
    assert of(beyond, "cross_source").empty


def test_same_source_or_other_province_is_not_a_cross_source_pair():
    table = checks(
        fibre("a", "s1", 76.6, "2022-06-15", "76,6"), fibre("b", "s1", 90, "2022-06-20", "90"),
        fig("c", "fiber_households_share", 50, "2022-06-15", source_id="s2", province="Bến Tre",
            province_id="ben-tre"),
    )
    assert of(table, "cross_source").empty


# --- a change against an earlier level ------------------------------------------------------------------

def test_change_implies_a_base_far_from_the_earlier_level():
    table = checks(
        fig("old", "internet_subscriptions", 1000, "2022-12-31", source_id="s1"),
        fig("lvl", "internet_subscriptions", 1150, "2023-12-31", source_id="s2"),
        change("chg", "internet_subscriptions", 50, "2023-12-31", "2022-12-31", source_id="s2"),
    )
    # base 1 150 − 50 = 1 100 at the end of 2022, against 1 000 reported then: 100 / 1 000 = 10 % > 5 %
    row = single(table, "change_vs_earlier_level", "old", "chg")
    assert row["severity"] == WARNING


@pytest.mark.parametrize(("change_value", "severity"), [
    (150, OK),       # base 1 150 − 150 = 1 000: the same as the earlier level
    (110, OK),       # base 1 040: 40 / 1 000 = 4 % ≤ 5 %
    (90, WARNING),   # base 1 060: 60 / 1 000 = 6 % > 5 %
    (210, WARNING),  # base 940: 60 / 1 000 = 6 % below
])
def test_change_vs_earlier_level_threshold_is_5_percent(change_value, severity):
    table = checks(
        fig("old", "internet_subscriptions", 1000, "2022-12-31", source_id="s1"),
        fig("lvl", "internet_subscriptions", 1150, "2023-12-31", source_id="s2"),
        change("chg", "internet_subscriptions", change_value, "2023-12-31", "2022-12-31", source_id="s2"),
    )
    assert single(table, "change_vs_earlier_level", "old", "chg")["severity"] == severity


def test_both_readings_of_a_share_change_are_checked():
    table = checks(
        fig("old", "fiber_households_share", 50, "2023-06-30", source_id="s1"),
        fig("lvl", "fiber_households_share", 60, "2024-06-30", source_id="s2"),
        change("chg", "fiber_households_share", 20, "2024-06-30", "2023-06-30", source_id="s2", unit="%"),
    )
    rows = of(table, "change_vs_earlier_level")
    assert len(rows) == 2
    # points: 60 − 20 = 40, 10 from 50 (20 %): far; relative: 60 / 1.2 = 50, the earlier level exactly
    points, relative = rows[rows["reading"] == "points"], rows[rows["reading"] == "relative"]
    assert len(points) == 1 and len(relative) == 1
    assert points.iloc[0]["severity"] == WARNING
    assert relative.iloc[0]["severity"] == OK
    # the numbers as columns: the points reading's base 40 against the earlier 50, tolerance 5 % of 50
    assert (points.iloc[0]["observed"], points.iloc[0]["expected"]) == (pytest.approx(40), pytest.approx(50))
    assert points.iloc[0]["difference"] == pytest.approx(-10) and points.iloc[0]["tolerance"] == pytest.approx(2.5)


def test_earlier_level_of_the_same_source_is_not_used():
    table = checks(
        fig("old", "internet_subscriptions", 1000, "2022-12-31", source_id="s2"),
        fig("lvl", "internet_subscriptions", 1150, "2023-12-31", source_id="s2"),
        change("chg", "internet_subscriptions", 50, "2023-12-31", "2022-12-31", source_id="s2"),
    )
    assert of(table, "change_vs_earlier_level").empty


# --- subgroups and their total --------------------------------------------------------------------------

def stations(total: float) -> list[dict]:
    return [
        fig("viettel", "5g_stations_installed", 13, "2024-09-30", period_start="2024-01-01", breakdown="Viettel"),
        fig("vnpt", "5g_stations_installed", 2, "2024-09-30", period_start="2024-01-01", breakdown="VNPT"),
        fig("total", "5g_stations_installed", total, "2024-09-30", period_start="2024-01-01"),
    ]


def test_subgroups_add_up_to_their_total():
    # Viettel 13 + VNPT 2 = 15 = the total
    assert single(checks(*stations(15)), "breakdown_sum", "viettel", "vnpt", "total")["severity"] == OK
    # 13 + 2 = 15 ≤ 20: other operators may make up the rest
    assert single(checks(*stations(20)), "breakdown_sum", "viettel", "vnpt", "total")["severity"] == OK


def test_subgroups_exceeding_their_total():
    # 13 + 2 = 15 > 14
    assert single(checks(*stations(14)), "breakdown_sum", "viettel", "vnpt", "total")["severity"] in {WARNING, ERROR}


def test_shares_of_subgroups_are_not_summed():
    table = checks(
        fig("u", "fiber_households_share", 90, "2024-06-30", breakdown="thành thị"),
        fig("r", "fiber_households_share", 70, "2024-06-30", breakdown="nông thôn"),
        fig("t", "fiber_households_share", 80, "2024-06-30"),
    )
    # 80 % lies between 70 % and 90 %: consistent; no subgroup exceeds the total's possible range
    assert (of(table, "breakdown_sum")["severity"] == OK).all()


def test_multiples_of_subgroups_are_not_summed():
    # "Viettel gấp 3 lần, VNPT gấp 2 lần; toàn tỉnh gấp 2,5 lần": 3 + 2 = 5 > 2.5, yet nothing is wrong
    table = checks(
        change("viettel", "5g_stations_installed", 3, "2024-09-30", "2023-09-30", breakdown="Viettel", unit="times"),
        change("vnpt", "5g_stations_installed", 2, "2024-09-30", "2023-09-30", breakdown="VNPT", unit="times"),
        change("total", "5g_stations_installed", 2.5, "2024-09-30", "2023-09-30", unit="times"),
    )
    assert of(table, "breakdown_sum").empty


# --- figures dated after their article ----------------------------------------------------------

def test_figure_dated_after_its_article_is_an_error():
    table = checks(
        fig("ok", "internet_subscriptions", 100, "2024-06-30", source_id="s1"),
        rejected_rows=rejected(("late", "s1", "internet_subscriptions",
                                "period_after_publication: period ends 2024-12-31, after the publication date "
                                "2024-10-10")),
    )
    row = single(table, "dated_after_article", "late")
    assert row["severity"] == ERROR
    assert row["province_id"] == "bac-kan"            # from the source's other figures
    assert "2024-12-31" in row["numbers"]
    # errors come first
    assert table.iloc[0]["check"] == "dated_after_article"


def test_other_rejections_are_not_dated_after_article():
    table = checks(
        fig("ok", "internet_subscriptions", 100, "2024-06-30"),
        rejected_rows=rejected(("r1", "s1", "fiber_households_share", "share_out_of_range: share of 120% is outside [0, 100]")),
    )
    assert of(table, "dated_after_article").empty


def test_page_date_before_its_text_is_a_warning():
    table = checks(fig("a", "internet_subscriptions", 100, "2022-06-15", flags="page_date_before_reported_dates"))
    assert single(table, "page_date_before_text", "a")["severity"] == WARNING


# --- whole datasets ------------------------------------------------------------------------------------------

def clean_dataset() -> list[dict]:
    return [
        # 268 749 / 270 962 = 99.1833 %, reported 99,18 (± 0.005)
        *citizen_id(99.18, "99,18"),
        # populations 358 504 … 364 333 and 359 281 … 363 636 overlap
        *population_pair(300000, 83),
        # 800 smartphones of 1 000 subscriptions
        fig("p", "smartphone_subscriptions", 800, "2024-06-30"),
        fig("w", "mobile_subscriptions", 1000, "2024-06-30"),
        # 76,6 and 76,62 from two sources 15 days apart: 0.02 ≤ 0.05 + 0.005
        fibre("fa", "s1", 76.6, "2022-06-15", "76,6"), fibre("fb", "s2", 76.62, "2022-06-30", "76,62"),
        # s3: 1 100 after +80 → base 1 020 at the end of 2022; s4 said 1 000 then: 2 % ≤ 5 %
        fig("old", "internet_subscriptions", 1000, "2022-12-31", source_id="s4"),
        fig("lvl", "internet_subscriptions", 1100, "2023-12-31", source_id="s3"),
        change("chg", "internet_subscriptions", 80, "2023-12-31", "2022-12-31", source_id="s3"),
        # Viettel 13 + VNPT 2 = 15
        *stations(15),
    ]


def test_clean_dataset_has_only_ok_rows():
    table = checks(*clean_dataset(), rejected_rows=rejected())
    assert list(table.columns) == list(CHECK_COLUMNS)
    assert (table["severity"] == OK).all(), table[table["severity"] != OK].to_string()
    # and every check did compare something
    assert {"share_recomputed", "implied_population", "part_within_whole", "cross_source",
            "change_vs_earlier_level", "breakdown_sum"} <= set(table["check"])


def test_contradictions_are_found_in_a_mixed_dataset():
    rows = clean_dataset()
    rows = [r for r in rows if r["figure_id"] not in {"total", "fb"}] + [
        # a second source puts 90 % where the first said 76,6 %, 15 days later
        fibre("fb", "s2", 90, "2022-06-30", "90"),
        # subgroups 13 + 2 = 15 against a total of 12
        fig("total", "5g_stations_installed", 12, "2024-09-30", period_start="2024-01-01"),
    ]
    table = checks(*rows, rejected_rows=rejected(
        ("late", "s1", "internet_subscriptions", "period_after_publication: period ends 2025-03-31, after the "
                                                 "publication date 2025-01-15")))
    problems = table[table["severity"] != OK]
    assert set(problems["check"]) == {"cross_source", "breakdown_sum", "dated_after_article"}
    assert single(table, "cross_source", "fa", "fb")["severity"] == WARNING
    # errors first, then warnings, then ok rows
    ranks = table["severity"].map({ERROR: 0, WARNING: 1, OK: 2})
    assert ranks.is_monotonic_increasing


# --- shares from two counts, bases out of range, refutations -------------------------------------

def test_share_stated_beside_its_two_counts_is_recomputed():
    relations = RELATIONS  # r06: smartphone share = 100 × smartphone / all mobile subscriptions
    rows = (
        fig("n", "smartphone_subscriptions", 50911, "2022-12-01"),
        fig("d", "mobile_subscriptions", 131788, "2022-12-01"),
        fig("s", "smartphone_subscriptions_share", 39, "2022-12-01"),
    )
    frame = figures(*rows)
    table = consistency_checks(frame, growth_table(frame, codebook(), relations), relations)
    row = single(table, "share_recomputed", "n", "d", "s")
    # 100 × 50 911 / 131 788 = 38.631 %; "39" may be 38.5–39.5: agrees
    assert row["severity"] == OK
    assert row["expected"] == pytest.approx(100 * 50911 / 131788) and row["observed"] == 39
    assert row["tolerance"] == pytest.approx(0.5, abs=1e-6) and row["unit"] == "%"
    # printed as 40 it would not: 40 − 38.631 = 1.37 > 0.5
    frame = figures(*rows[:2], fig("s", "smartphone_subscriptions_share", 40, "2022-12-01"))
    table = consistency_checks(frame, growth_table(frame, codebook(), relations), relations)
    assert single(table, "share_recomputed", "n", "d", "s")["severity"] == WARNING


def test_a_reading_that_puts_a_share_below_zero_is_an_error_and_refuted():
    frame = figures(
        fig("lvl", "fiber_households_share", 10, "2024-06-30"),
        change("chg", "fiber_households_share", 15, "2024-06-30", "2023-06-30", unit="%"),
    )
    growth = growth_of(frame)
    table = consistency_checks(frame, growth, RELATIONS)
    rows = of(table, "share_base_in_range").set_index("reading")
    # points: 10 − 15 = −5 %: impossible; relative: 10 / 1.15 ≈ 8.70 %: possible
    assert rows.at["points", "severity"] == ERROR and rows.at["points", "observed"] == pytest.approx(-5)
    assert rows.at["relative", "severity"] == OK
    marked = mark_refuted(growth, table)
    points = marked[(marked["method"] == "baseline_points")].iloc[0]
    relative = marked[(marked["method"] == "baseline_relative")].iloc[0]
    assert points["refuted_by"] == rows.at["points", "check_id"] and relative["refuted_by"] == ""


def test_a_base_exceeding_its_whole_refutes_its_reading():
    frame = figures(
        fig("whole", "mobile_subscriptions", 279568, "2022-08-31"),
        change("abs", "smartphone_subscriptions", 9000, "2024-10-10", "2023-12-31"),
        change("rel", "smartphone_subscriptions", 2.8, "2024-10-10", "2023-12-31", unit="%"),
    )
    growth = growth_of(frame)
    table = consistency_checks(frame, growth, RELATIONS)
    # 9 000 / 0.028 ≈ 321 429 smartphone subscriptions at the end of 2023 > 279 568 of all mobile subscriptions
    # on 2022-08-31, 487 days earlier: the whole would have to grow (321 429 / 279 568)^(365.25 / 487) − 1
    # = 1.14973^0.75 − 1 ≈ 11.0 % a year, more than the 10 % a whole plausibly grows: an error
    part = single(table, "part_within_whole", "abs", "rel", "whole")
    assert part["severity"] == ERROR and part["reading"] == "relative"
    assert part["observed"] == pytest.approx(9000 / 0.028) and part["expected"] == 279568
    assert "11.0% a year" in part["explanation"]
    implied = mark_refuted(growth, table)
    assert implied.loc[implied["method"] == "implied_base", "refuted_by"].tolist() == [part["check_id"]]
    # and the change's own row in that reading too
    reported = implied[(implied["method"] == "reported_change") & (implied["to_figure_id"] == "rel")]
    assert reported["refuted_by"].tolist() == [part["check_id"]]


def test_a_part_above_a_whole_within_plausible_growth_is_a_warning_that_refutes_nothing():
    frame = figures(
        fig("whole", "mobile_subscriptions", 279568, "2022-08-31"),
        change("abs", "smartphone_subscriptions", 8120, "2024-10-10", "2023-12-31"),
        change("rel", "smartphone_subscriptions", 2.8, "2024-10-10", "2023-12-31", unit="%"),
    )
    growth = growth_of(frame)
    table = consistency_checks(frame, growth, RELATIONS)
    # 8 120 / 0.028 = 290 000 > 279 568: the whole would need 290 000 / 279 568 = 1.03731, ^0.75 → 2.8 % a year
    part = single(table, "part_within_whole", "abs", "rel", "whole")
    assert part["severity"] == WARNING and "2.8% a year" in part["explanation"]
    assert (mark_refuted(growth, table)["refuted_by"] == "").all()


def test_check_ids_are_unique_and_say_what_was_checked():
    table = checks(*clean_dataset(), rejected_rows=rejected())
    assert table["check_id"].is_unique
    assert (table["check_id"].str.split(":").str[0] == table["check"]).all()
    numeric = table[table["check"] != "page_date_before_text"]
    assert (numeric["difference"] == numeric["observed"] - numeric["expected"]).all()


# --- invariants of the real data ------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_checks() -> pd.DataFrame:
    from analysis.core.tables import read_processed
    from analysis.ingest.rawdata import load_raw_layer

    layer = load_raw_layer()
    frame = read_processed("figures")
    return consistency_checks(frame, growth_table(frame, layer.indicators, layer.relations), layer.relations,
                              read_processed("rejected"))


def test_real_checks_have_unique_ids_and_their_numbers(real_checks):
    assert real_checks["check_id"].is_unique
    assert list(real_checks.columns) == list(CHECK_COLUMNS)
    compared = real_checks[real_checks["observed"].notna() & real_checks["expected"].notna()]
    assert (compared["difference"] - (compared["observed"] - compared["expected"])).abs().max() < 1e-9


def test_real_ok_rows_are_within_their_tolerance(real_checks):
    ok = real_checks[(real_checks["severity"] == OK) & real_checks["tolerance"].notna()
                     & real_checks["check"].isin(["share_recomputed", "cross_source", "change_vs_earlier_level"])]
    assert (ok["difference"].abs() <= ok["tolerance"] + 1e-9).all()
