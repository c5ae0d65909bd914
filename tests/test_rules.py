"""The sanity rules: each one on a small frame, and the table that documents them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.clean.rules import RULES, apply_rules, describe_rules, join_flags

T = pd.Timestamp


def frame(**overrides) -> pd.DataFrame:
    """One valid row; each test breaks one thing."""
    base = dict(source_id="s", kind="actual", measure_type="count", value=5.0, value_high=np.nan,
                denominator=np.nan, period_end=T("2024-06-30"), published=T("2024-10-10"),
                page_date=pd.NaT, comparison_basis="")
    base.update(overrides)
    return pd.DataFrame([base])


def outcome(df):
    reasons, flags = apply_rules(df)
    return reasons.iloc[0], flags.iloc[0]


def test_a_clean_row_breaks_no_rule():
    assert outcome(frame()) == ("", "")


def test_period_after_publication_rejects_actuals_not_targets():
    late = dict(period_end=T("2024-12-31"))
    assert outcome(frame(**late))[0] == "period_after_publication: period ends 2024-12-31, after the publication date 2024-10-10"
    assert outcome(frame(kind="target", **late)) == ("", "")
    # an estimate to the end of the publication's own year (periods flag it) is kept
    assert outcome(frame(period_flag="year_from_publication_date;estimate_year_end", **late)) == ("", "")
    assert outcome(frame(period_flag="year_from_publication_date", **late))[0].startswith("period_after_publication")


def test_share_bounds():
    assert outcome(frame(measure_type="share", value=120.0))[0] == "share_out_of_range: share of 120% is outside [0, 100]"
    assert outcome(frame(measure_type="share", value=-1.0))[0].startswith("share_out_of_range")
    assert outcome(frame(measure_type="share", value=100.0))[0] == ""
    # a change of a share may exceed 100 (a relative change of +150 %)
    assert outcome(frame(measure_type="share", kind="change", value=150.0, comparison_basis="so với năm 2023"))[0] == ""


def test_range_and_ratio_rules():
    assert outcome(frame(value=200.0, value_high=150.0))[0] == "range_reversed: range low 200 is above high 150"
    assert outcome(frame(value=14.0, denominator=13.0))[0] == "part_exceeds_whole: part 14 exceeds whole 13"
    assert outcome(frame(value=13.0, denominator=13.0))[0] == ""


def test_two_rules_broken_at_once_are_both_reported():
    reason, _ = outcome(frame(measure_type="share", value=120.0, period_end=T("2025-01-31")))
    assert reason.startswith("period_after_publication:") and "; share_out_of_range:" in reason


def test_page_date_before_reported_dates_is_a_flag_for_the_whole_source():
    df = pd.concat([frame(page_date=T("2020-05-14")), frame(page_date=T("2020-05-14"), kind="target",
                                                             period_end=T("2025-12-31"))], ignore_index=True)
    reasons, flags = apply_rules(df)
    assert list(reasons) == ["", ""]
    assert list(flags) == ["page_date_before_reported_dates", "page_date_before_reported_dates"]


def test_a_row_a_rule_rejects_sets_no_flag_on_other_rows():
    # the page prints 31/7/2024; the row dated 31/12/2024 is after the publication (10/10/2024), rejected: its
    # date says nothing about the page date, so the row of 30/6/2024 keeps no flag
    df = pd.concat([frame(page_date=T("2024-07-31")), frame(page_date=T("2024-07-31"), period_end=T("2024-12-31"))],
                   ignore_index=True)
    reasons, flags = apply_rules(df)
    assert reasons[0] == "" and reasons[1].startswith("period_after_publication")
    assert list(flags) == ["", ""]


def test_a_row_rejected_before_the_rules_sets_no_flag_on_other_rows():
    # the second row (30/9/2024, after the page date) was rejected by an earlier stage (its value, its unit)
    df = pd.concat([frame(page_date=T("2024-07-31")), frame(page_date=T("2024-07-31"), period_end=T("2024-09-30"))],
                   ignore_index=True)
    assert list(apply_rules(df)[1]) == ["page_date_before_reported_dates"] * 2  # both accepted: both flagged
    reasons, flags = apply_rules(df, rejected=pd.Series([False, True]))
    assert list(flags) == ["", ""] and list(reasons) == ["", ""]


def test_rules_across_rows_are_declared_as_such():
    # a rule that compares rows sees only accepted rows; the registry says which rules do
    assert {r.name for r in RULES if r.across_rows} == {"page_date_before_reported_dates"}


def test_change_without_basis_and_past_target_are_flags():
    assert outcome(frame(kind="change")) == ("", "change_without_written_basis")
    assert outcome(frame(kind="target", period_end=T("2021-12-31"))) == ("", "target_date_before_publication")


def test_rules_are_documented_and_their_names_unique():
    table = describe_rules()
    assert list(table["rule"]) == [r.name for r in RULES]
    assert table["rule"].is_unique
    assert set(table["action"]) == {"reject", "flag"}


def test_flags_are_joined_sorted_once_each_whatever_order_they_were_set_in():
    first = pd.Series(["zero_base;range_midpoint", "", np.nan, "b"], index=[7, 8, 9, 10])
    second = pd.Series(["range_midpoint", "", "a", "a;b"], index=[7, 8, 9, 10])
    joined = join_flags(first, second, "")  # a string applies to every row
    assert list(joined) == ["range_midpoint;zero_base", "", "a", "a;b"] and list(joined.index) == [7, 8, 9, 10]
    assert join_flags(pd.Series([], dtype=object)).empty
