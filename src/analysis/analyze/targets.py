"""On track for 2025? Each target against the latest comparable actual of its province.

Rules (documented in data/README.md, "Verdicts"):

- the actuals are those of the target's own series (province, indicator, breakdown) dated on or
  before the as-of date, which defaults to the newest article **of that province**; where the
  series has none, those of an indicator declared ``comparable`` in relations.csv (status ``d``);
- an actual of another concept of the same family (households *having* a fibre line against a
  target of fibre *coverage*) is never used: the verdict is ``unknown``, and the reason names it;
- the pace needed is linear and runs from the date of the latest actual to the deadline; the pace
  achieved is linear from the first to the latest actual (two or more);
- a latest actual older than :data:`MAX_ACTUAL_AGE_DAYS` before the as-of date is too old to
  judge progress (``unknown``), unless it already meets the target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.analyze.pointvalues import SERIES, actual_points, with_indicators
from analysis.core.tableschema import TARGETS
from analysis.core.vocabulary import MAX_ACTUAL_AGE_DAYS, MET, OFF_TRACK, ON_TRACK, REASONS, UNKNOWN, YEAR_DAYS
from analysis.parse.concepts import LEVEL, WINDOW, comparable_with

TARGET_COLUMNS = TARGETS.columns

#: Columns of targets.csv that are not text, with their types: an empty table keeps them.
TARGET_TYPES: dict[str, str] = TARGETS.dtypes()


def as_of_dates(figures: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.Series:
    """province_id → the date progress is measured at: ``as_of`` for all, else each province's newest article."""
    newest = figures.groupby("province_id")["published"].max()
    return newest if as_of is None else pd.Series(pd.Timestamp(as_of), index=newest.index)


def _fmt(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:,.4g}")


def _summaries(actuals: pd.DataFrame) -> pd.DataFrame:
    """Latest and first actual, and how many, per series."""
    actuals = actuals.sort_values([*SERIES, "period_end", "figure_id"], kind="stable")
    grouped = actuals.groupby(SERIES, sort=False)
    return pd.concat({
        "latest_figure_id": grouped["figure_id"].last(), "latest_value": grouped["point"].last(),
        "latest_qualifier": grouped["qualifier"].last(),
        "latest_date": grouped["period_end"].last(), "first_figure_id": grouped["figure_id"].first(),
        "first_value": grouped["point"].first(), "first_date": grouped["period_end"].first(),
        "actuals": grouped["figure_id"].size(),
    }, axis=1).reset_index()


def _candidates(targets: pd.DataFrame, relations: pd.DataFrame | None) -> pd.DataFrame:
    """Each target with the indicators whose actuals may judge it: its own (rank 0), then comparable ones (1)."""
    own = targets.assign(actual_indicator_id=targets["indicator_id"], rank=0, relation_id="", caveat="")
    others = comparable_with(relations)
    if others.empty:
        return own
    comparable = targets.merge(others, on="indicator_id").rename(columns={"other_indicator_id": "actual_indicator_id"})
    return pd.concat([own, comparable.assign(rank=1)], ignore_index=True)


def target_progress(figures: pd.DataFrame, indicators: pd.DataFrame, as_of: pd.Timestamp | None = None,
                    relations: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target: latest comparable actual, gap, paces, verdict, reason code and reason.

    Direction comes from the codebook's ``higher_is_better`` (a radius target is met from below).
    For a range target, its low end must be reached; "trên 80%" (more_than) must be exceeded,
    "dưới 2 km" (less_than) undercut.
    """
    if not (figures["kind"] == "target").any():  # a new dataset, a province's figures only: empty, not an error
        return pd.DataFrame({column: pd.Series(dtype=TARGET_TYPES.get(column, object)) for column in TARGET_COLUMNS})
    frame = with_indicators(figures, indicators)
    dates = as_of_dates(frame, as_of)
    frame = frame.assign(as_of=frame["province_id"].map(dates))
    targets = frame[frame["kind"] == "target"].copy()
    actuals = actual_points(frame[frame["period_end"] <= frame["as_of"]], (LEVEL, WINDOW))

    # the actuals that may judge each target: its own series first, else a series declared comparable
    summary = _summaries(actuals).rename(columns={"indicator_id": "actual_indicator_id"})
    options = _candidates(targets, relations).merge(summary, on=["province_id", "actual_indicator_id", "breakdown"],
                                                    how="left")
    options = options.assign(has=options["latest_figure_id"].notna()).sort_values(
        ["figure_id", "has", "rank"], ascending=[True, False, True], kind="stable")
    rows = options.drop_duplicates("figure_id", keep="first").set_index("figure_id").loc[targets["figure_id"]]
    rows = rows.reset_index()
    rows["actuals"] = rows["actuals"].fillna(0).astype(int)
    rows["latest_indicator_id"] = rows["actual_indicator_id"].where(rows["latest_figure_id"].notna(), "")

    # the latest actual of another concept of the family, for the reason where none is comparable
    family = actuals.sort_values("period_end", kind="stable").groupby(
        ["province_id", "family", "breakdown"]).tail(1)[["province_id", "family", "breakdown", "figure_id",
                                                          "indicator_id", "point", "period_end"]]
    rows = rows.merge(family.rename(columns={"figure_id": "other_figure_id", "indicator_id": "other_indicator_id",
                                             "point": "other_value", "period_end": "other_date"}),
                      on=["province_id", "family", "breakdown"], how="left")

    lower_is_better = rows["higher_is_better"] == "false"
    sign = np.where(lower_is_better, -1.0, 1.0)
    # a range is reached at its near end: its low end from below, its high end from above (a radius)
    goal = rows["value"].where(~(lower_is_better & (rows["qualifier"] == "range")), rows["value_high"])
    gap = (goal - rows["latest_value"]) * sign  # > 0: still to go, in the direction of "better"
    years_left = (rows["period_end"] - rows["as_of"]) / pd.Timedelta(days=YEAR_DAYS)
    years_from_latest = (rows["period_end"] - rows["latest_date"]) / pd.Timedelta(days=YEAR_DAYS)
    pace_needed = (gap / years_from_latest).where(years_from_latest > 0) * sign
    years_run = (rows["latest_date"] - rows["first_date"]) / pd.Timedelta(days=YEAR_DAYS)
    pace_achieved = ((rows["latest_value"] - rows["first_value"]) / years_run).where(
        (rows["actuals"] >= 2) & (years_run > 0))
    age = (rows["as_of"] - rows["latest_date"]) / pd.Timedelta(days=1)

    # at the target value itself, the actual's qualifier decides: "trên 80%" is not met by 80, nor by
    # "gần 80%"; a target "trên 90%" is met by an actual "trên 90%"
    strict = rows["qualifier"].isin(["more_than", "less_than"])
    toward = np.where(lower_is_better, "less_than", "more_than")  # an actual strictly beyond, in the good direction
    at_least = np.where(lower_is_better, "at_most", "at_least")
    actual_q = rows["latest_qualifier"]
    beyond = actual_q == toward
    reaches = beyond | actual_q.isin(["exact", "ratio", "range"]) | (actual_q == at_least)
    met = (gap < 0) | ((gap == 0) & ((~strict & reaches) | (strict & beyond)))
    no_actual = rows["latest_value"].isna()
    other_concept = no_actual & rows["other_figure_id"].notna()
    passed = rows["period_end"] <= rows["as_of"]
    measured_after = rows["latest_date"] >= rows["period_end"]
    too_old = age > MAX_ACTUAL_AGE_DAYS
    on_track = pace_achieved * sign >= pace_needed * sign
    cases = [
        (other_concept, UNKNOWN, "other_concept"), (no_actual, UNKNOWN, "no_actual"), (met, MET, "met"),
        (passed & measured_after, OFF_TRACK, "deadline_missed"), (passed, UNKNOWN, "deadline_passed"),
        (too_old, UNKNOWN, "too_old"), (pace_achieved.isna(), UNKNOWN, "one_actual"),
        (on_track, ON_TRACK, "pace_enough"),
    ]
    conditions = [c.fillna(False).astype(bool) for c, _, _ in cases]
    verdict = np.select(conditions, [v for _, v, _ in cases], default=OFF_TRACK)
    code = np.select(conditions, [r for _, _, r in cases], default="pace_short")

    unit = " " + rows["unit"].astype(str)
    pace_unit = " " + rows["unit"].astype(str).replace("%", "points") + " a year"
    day = rows["latest_date"].dt.strftime("%Y-%m-%d").fillna("")
    latest = _fmt(rows["latest_value"]) + unit + " on " + day + " (" + rows["latest_figure_id"].fillna("") + ")"
    target = _fmt(goal) + unit + " by " + rows["period_end"].dt.strftime("%Y-%m-%d")
    needed = _fmt(pace_needed) + pace_unit + " from " + day + " is needed to reach " + target
    other = (rows["other_indicator_id"].fillna("") + " " + _fmt(rows["other_value"]) + unit + " on "
             + rows["other_date"].dt.strftime("%Y-%m-%d").fillna(""))
    as_of_text = rows["as_of"].dt.strftime("%Y-%m-%d")
    texts = {  # one sentence per reason code, with the numbers
        "other_concept": "no actual of " + rows["indicator_id"] + "; the latest of its family, " + other
                         + ", measures another concept and is not compared with this target",
        "no_actual": "no actual of " + rows["indicator_id"] + " for this province and breakdown on or before " + as_of_text,
        "met": "the latest actual, " + latest + ", already meets the target of " + target,
        "deadline_missed": "the deadline has passed and the latest actual, " + latest + ", falls short of " + target,
        "deadline_passed": "the deadline has passed; the latest actual, " + latest + ", predates it, so whether "
                           + target + " was met is not known",
        "too_old": "the latest actual, " + latest + ", is " + age.map(lambda d: "" if pd.isna(d) else f"{d:.0f}")
                   + " days older than the as-of date " + as_of_text + ": too old to judge; " + needed,
        "one_actual": "one actual only (" + latest + "): the pace so far cannot be measured; " + needed,
        "pace_enough": "pace so far " + _fmt(pace_achieved) + pace_unit + " ≥ the " + needed,
        "pace_short": "pace so far " + _fmt(pace_achieved) + pace_unit + " < the " + needed,
    }
    reason = pd.Series(np.select([code == key for key in texts], list(texts.values()), default=""),
                       index=rows.index, dtype=object)
    comparable_used = rows["latest_figure_id"].notna() & (rows["rank"] == 1)
    reason = reason.mask(comparable_used, reason + " (compared with " + rows["actual_indicator_id"]
                         + ", declared comparable: " + rows["caveat"].fillna("") + ")")
    result = pd.DataFrame({
        "target_figure_id": rows["figure_id"], "province_id": rows["province_id"], "province": rows["province"],
        "current_province": rows["current_province"], "indicator_id": rows["indicator_id"],
        "breakdown": rows["breakdown"], "unit": rows["unit"], "target_value": rows["value"],
        "target_high": rows["value_high"], "target_qualifier": rows["qualifier"], "deadline": rows["period_end"],
        "as_of": rows["as_of"], "latest_figure_id": rows["latest_figure_id"].fillna(""),
        "latest_indicator_id": rows["latest_indicator_id"], "latest_value": rows["latest_value"],
        "latest_date": rows["latest_date"], "latest_age_days": age, "first_figure_id": rows["first_figure_id"].fillna(""),
        "first_value": rows["first_value"], "first_date": rows["first_date"], "actuals": rows["actuals"],
        "gap": gap * sign, "years_left": years_left, "years_from_latest": years_from_latest,
        "pace_needed_per_year": pace_needed, "pace_achieved_per_year": pace_achieved,
        "status": np.where(comparable_used, "d", ""), "verdict": verdict, "reason_code": code, "reason": reason,
    })
    return result.sort_values(["province_id", "indicator_id", "breakdown", "deadline", "target_figure_id"],
                              kind="stable", ignore_index=True)[list(TARGET_COLUMNS)]
