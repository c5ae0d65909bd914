"""On track for 2025? Each target against the latest actual of the same indicator and province.

The pace needed is linear (units per year from the latest actual to the deadline); the pace
achieved is linear too, from the first to the latest actual, where there are two or more. Linear
is what a "% of households by 2025" target means, and it needs no assumption about curvature.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .growth import SERIES, YEAR_DAYS, point_values, with_indicators

MET, ON_TRACK, OFF_TRACK, UNKNOWN = "met", "on track", "off track", "unknown"

TARGET_COLUMNS = (
    "target_figure_id", "province_id", "province", "current_province", "indicator_id", "breakdown", "unit",
    "target_value", "target_high", "target_qualifier", "deadline", "as_of", "latest_figure_id", "latest_value",
    "latest_date", "first_figure_id", "first_value", "first_date", "actuals", "gap", "years_left",
    "pace_needed_per_year", "pace_achieved_per_year", "verdict", "reason",
)


def latest_publication(figures: pd.DataFrame) -> pd.Timestamp:
    """The default as-of date: the newest article in the data (deterministic, unlike today's date)."""
    return figures["published"].max()


def _fmt(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:,.4g}")


def target_progress(figures: pd.DataFrame, indicators: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per target: latest actual, gap, time left, pace needed and achieved, verdict and reason.

    Only actuals dated on or before ``as_of`` count. Direction comes from the codebook's
    ``higher_is_better`` (a radius target is met from below). For a range target, its low end
    must be reached; "trên 80%" (more_than) must be exceeded, "dưới 2 km" (less_than) undercut.
    """
    frame = with_indicators(figures, indicators)
    as_of = pd.Timestamp(as_of) if as_of is not None else latest_publication(frame)
    targets = frame[frame["kind"] == "target"].copy()
    actuals = frame[(frame["kind"] == "actual") & (frame["period_end"] <= as_of)].copy()
    actuals["point"], _ = point_values(actuals)
    actuals = actuals.sort_values([*SERIES, "period_end", "figure_id"], kind="stable")
    grouped = actuals.groupby(SERIES, sort=False)
    summary = pd.concat({
        "latest_figure_id": grouped["figure_id"].last(), "latest_value": grouped["point"].last(),
        "latest_date": grouped["period_end"].last(), "first_figure_id": grouped["figure_id"].first(),
        "first_value": grouped["point"].first(), "first_date": grouped["period_end"].first(),
        "actuals": grouped["figure_id"].size(),
    }, axis=1).reset_index()
    rows = targets.merge(summary, on=SERIES, how="left", validate="m:1")
    rows["actuals"] = rows["actuals"].fillna(0).astype(int)

    lower_is_better = rows["higher_is_better"] == "false"
    sign = np.where(lower_is_better, -1.0, 1.0)
    goal = rows["value"]  # a range's low end; a bound's number
    gap = (goal - rows["latest_value"]) * sign  # > 0: still to go, in the direction of "better"
    years_left = (rows["period_end"] - as_of) / pd.Timedelta(days=YEAR_DAYS)
    years_run = (rows["latest_date"] - rows["first_date"]) / pd.Timedelta(days=YEAR_DAYS)
    pace_needed = (gap / years_left).where(years_left > 0) * sign
    pace_achieved = ((rows["latest_value"] - rows["first_value"]) / years_run).where(
        (rows["actuals"] >= 2) & (years_run > 0))

    strict = rows["qualifier"].isin(["more_than", "less_than"])  # "trên 80%" is not met by 80
    met = (gap < 0) | ((gap == 0) & ~strict)
    no_actual = rows["latest_value"].isna()
    overdue = years_left <= 0
    on_track = pace_achieved * sign >= pace_needed * sign

    verdict = np.select(
        [no_actual, met, overdue, pace_achieved.isna(), on_track],
        [UNKNOWN, MET, OFF_TRACK, UNKNOWN, ON_TRACK],
        default=OFF_TRACK,
    )
    unit = " " + rows["unit"].astype(str)
    pace_unit = " " + rows["unit"].astype(str).replace("%", "points") + " a year"
    latest = _fmt(rows["latest_value"]) + unit + " on " + rows["latest_date"].dt.strftime("%Y-%m-%d").fillna("")
    target = _fmt(goal) + unit + " by " + rows["period_end"].dt.strftime("%Y-%m-%d")
    reason = np.select(
        [no_actual, met, overdue, pace_achieved.isna(), on_track],
        [
            "no actual figure of this indicator for this province on or before " + as_of.strftime("%Y-%m-%d"),
            "the latest actual, " + latest + ", already meets the target of " + target,
            "the deadline has passed and the latest actual, " + latest + ", falls short of " + target,
            "one actual only (" + latest + "): the pace so far cannot be measured; "
            + _fmt(pace_needed) + pace_unit + " is needed to reach " + target,
            "pace so far " + _fmt(pace_achieved) + pace_unit + " ≥ the " + _fmt(pace_needed) + pace_unit
            + " needed to reach " + target,
        ],
        default="pace so far " + _fmt(pace_achieved) + pace_unit + " < the " + _fmt(pace_needed) + pace_unit
        + " needed to reach " + target,
    )
    result = pd.DataFrame({
        "target_figure_id": rows["figure_id"], "province_id": rows["province_id"], "province": rows["province"],
        "current_province": rows["current_province"], "indicator_id": rows["indicator_id"],
        "breakdown": rows["breakdown"], "unit": rows["unit"], "target_value": rows["value"],
        "target_high": rows["value_high"], "target_qualifier": rows["qualifier"], "deadline": rows["period_end"],
        "as_of": as_of, "latest_figure_id": rows["latest_figure_id"].fillna(""), "latest_value": rows["latest_value"],
        "latest_date": rows["latest_date"], "first_figure_id": rows["first_figure_id"].fillna(""),
        "first_value": rows["first_value"], "first_date": rows["first_date"], "actuals": rows["actuals"],
        "gap": gap * sign, "years_left": years_left, "pace_needed_per_year": pace_needed,
        "pace_achieved_per_year": pace_achieved, "verdict": verdict, "reason": reason,
    })
    return result.sort_values(["province_id", "indicator_id", "breakdown", "deadline", "target_figure_id"],
                              kind="stable", ignore_index=True)[list(TARGET_COLUMNS)]
