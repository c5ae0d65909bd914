"""How fast? Growth between observations, run-rates of flows, and baselines behind change figures.

Articles give a few levels at irregular dates, flows counted over a period ("15 trạm 5G in 9
months") and changes instead of levels ("tăng hơn 27.000 so với năm 2023"). Every row of the
result says its method and carries the flags of its inputs (inexact qualifiers, ranges, ambiguous
readings), so that no number travels without the caveats behind it. Zero or missing bases give
NaN with a flag, never inf.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Days in a year and a month, for annualizing over exact day counts (leap years averaged in).
YEAR_DAYS = 365.25
MONTH_DAYS = YEAR_DAYS / 12

SERIES = ["province_id", "indicator_id", "breakdown"]

GROWTH_COLUMNS = (
    "province_id", "province", "current_province", "indicator_id", "breakdown", "unit", "method",
    "from_figure_id", "to_figure_id", "from_date", "to_date", "days", "from_value", "to_value",
    "abs_change", "rel_change_pct", "pp_change", "annualized_pct", "per_month", "per_year", "flags", "note",
)

#: Methods, as they appear in the ``method`` column.
CONSECUTIVE = "consecutive"
FIRST_TO_LAST = "first_to_last"
RUN_RATE = "run_rate"
BASE_ABSOLUTE = "baseline_absolute"      # level − change, the change in the indicator's unit
BASE_RELATIVE = "baseline_relative"      # level / (1 + change %)
BASE_POINTS = "baseline_points"          # share level − change read as percentage points
IMPLIED_BASE = "implied_base"            # absolute change / relative change, both given
REPORTED = "reported_change"             # a change as the article states it, with its basis


def with_indicators(figures: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Clean figures with the codebook columns the computations need."""
    codebook = indicators[["indicator_id", "measure_type", "stock_or_flow", "higher_is_better"]]
    return figures.merge(codebook, on="indicator_id", how="left", validate="m:1")


def point_values(figures: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The single number a computation uses, and the flag saying how it was chosen.

    A range counts as its midpoint (flagged); a ratio as its numerator (the count); a bound
    (trên, gần, khoảng) as the number written, flagged with its qualifier.
    """
    midpoint = (figures["value"] + figures["value_high"]) / 2
    is_range = figures["qualifier"] == "range"
    value = figures["value"].where(~is_range, midpoint)
    inexact = ~figures["qualifier"].isin(["exact", "ratio", "range"])
    flag = pd.Series("", index=figures.index, dtype=object)
    flag = flag.mask(is_range, "range_midpoint")
    flag = flag.mask(inexact, "inexact_" + figures["qualifier"].astype(str))
    return value, flag


def _join(*flags: pd.Series) -> pd.Series:
    """';'-joined, sorted, de-duplicated flags per row (a few hundred rows: plain Python is fine)."""
    index = flags[0].index
    rows = zip(*(f.fillna("").astype(str) for f in flags))
    return pd.Series([";".join(sorted({f for part in row for f in part.split(";") if f})) for row in rows],
                     index=index, dtype=object)


def change_metrics(from_value: pd.Series, to_value: pd.Series, days: pd.Series,
                   is_share: pd.Series) -> pd.DataFrame:
    """Absolute, relative (%), percentage-point (shares only) and compound annualized (%) change.

    A zero or missing base gives NaN and the flag ``zero_base``/``missing_base``; an interval of
    zero days gives no annualized rate (flag ``zero_interval``); a negative level gives no
    compound rate (flag ``negative_level``).
    """
    base_ok = from_value.notna() & (from_value != 0)
    ratio = (to_value / from_value.where(base_ok)).astype(float)
    years = days / YEAR_DAYS
    negative = (from_value < 0) | (to_value < 0)
    compound_ok = base_ok & (days > 0) & ~negative  # a level falling to 0 is −100 % a year
    annualized = ((ratio.where(compound_ok) ** (1 / years.where(compound_ok))) - 1) * 100
    flags = pd.Series("", index=from_value.index, dtype=object)
    flags = flags.mask(from_value.isna(), "missing_base")
    flags = flags.mask(from_value.notna() & (from_value == 0), "zero_base")
    flags = flags.mask(base_ok & (days <= 0), "zero_interval")
    flags = flags.mask(base_ok & (days > 0) & negative, "negative_level")
    return pd.DataFrame({
        "abs_change": to_value - from_value,
        "rel_change_pct": (ratio - 1) * 100,
        "pp_change": (to_value - from_value).where(is_share),
        "annualized_pct": annualized,
        "flags": flags,
    })


def _pairs(left: pd.DataFrame, right: pd.DataFrame, method: str, note: str = "") -> pd.DataFrame:
    """Growth rows from aligned 'from' and 'to' observations of the same series."""
    days = (right["period_end"].to_numpy() - left["period_end"].to_numpy()) / np.timedelta64(1, "D")
    days = pd.Series(days, index=right.index)
    from_value = pd.Series(left["point"].to_numpy(), index=right.index)
    is_share = right["measure_type"] == "share"
    metrics = change_metrics(from_value, right["point"], days, is_share)
    flags = _join(metrics["flags"], pd.Series(left["point_flag"].to_numpy(), index=right.index), right["point_flag"])
    return pd.DataFrame({
        **{c: right[c] for c in ("province_id", "province", "current_province", "indicator_id", "breakdown", "unit")},
        "method": method,
        "from_figure_id": left["figure_id"].to_numpy(), "to_figure_id": right["figure_id"],
        "from_date": left["period_end"].to_numpy(), "to_date": right["period_end"],
        "days": days, "from_value": from_value, "to_value": right["point"],
        **{c: metrics[c] for c in ("abs_change", "rel_change_pct", "pp_change", "annualized_pct")},
        "per_month": np.nan, "per_year": np.nan, "flags": flags, "note": note,
    })


def level_changes(figures: pd.DataFrame) -> pd.DataFrame:
    """Between consecutive levels of each stock series, and first to last where there are 3 or more."""
    levels = figures[(figures["kind"] == "actual") & (figures["stock_or_flow"] == "stock")].copy()
    levels["point"], levels["point_flag"] = point_values(levels)
    levels = levels.sort_values([*SERIES, "period_end", "figure_id"], kind="stable")
    previous = levels.groupby(SERIES, sort=False).shift(1)
    has_previous = previous["figure_id"].notna()
    consecutive = _pairs(previous[has_previous], levels[has_previous], CONSECUTIVE)

    counts = levels.groupby(SERIES, sort=False)["figure_id"].transform("size")
    long = levels[counts >= 3]  # with 2 levels, first-to-last is the consecutive change
    first = long.groupby(SERIES, sort=False).head(1)
    last = long.groupby(SERIES, sort=False).tail(1)  # same group order as `first`: long is sorted
    overall = _pairs(first.set_axis(last.index), last, FIRST_TO_LAST)
    return pd.concat([consecutive, overall])


def run_rates(figures: pd.DataFrame) -> pd.DataFrame:
    """Flows counted over a known period → per month and per year (inclusive day count)."""
    # a flow of events (stations, applications, money); a rate over a period (GRDP growth) has no run-rate
    flows = figures[(figures["kind"] == "actual") & (figures["stock_or_flow"] == "flow")
                    & ~figures["measure_type"].isin(["rate", "share"])].copy()
    flows["point"], flows["point_flag"] = point_values(flows)
    known = flows["period_start"].notna()
    days = ((flows["period_end"] - flows["period_start"]) / pd.Timedelta(days=1) + 1).where(known)
    flags = _join(flows["point_flag"], pd.Series(np.where(known, "", "period_start_unknown"), index=flows.index))
    return pd.DataFrame({
        **{c: flows[c] for c in ("province_id", "province", "current_province", "indicator_id", "breakdown", "unit")},
        "method": RUN_RATE, "from_figure_id": "", "to_figure_id": flows["figure_id"],
        "from_date": flows["period_start"], "to_date": flows["period_end"], "days": days,
        "from_value": np.nan, "to_value": flows["point"],
        "abs_change": np.nan, "rel_change_pct": np.nan, "pp_change": np.nan, "annualized_pct": np.nan,
        "per_month": flows["point"] / (days / MONTH_DAYS), "per_year": flows["point"] / (days / YEAR_DAYS),
        "flags": flags, "note": "",
    })


def baselines(figures: pd.DataFrame) -> pd.DataFrame:
    """Levels before a change, back-calculated from a level and a change given by the same article.

    A change in the indicator's unit gives level − change. A change in % of a count is relative:
    level / (1 + c/100). A change in % of a share is ambiguous: both readings are given, flagged
    ``ambiguous_points_or_relative``. Where an article gives a change both as a number and as a %
    (but no level), the base they imply is abs / (rel/100).
    """
    frame = figures.copy()
    frame["point"], frame["point_flag"] = point_values(frame)
    changes = frame[frame["kind"] == "change"]
    levels = frame[frame["kind"] == "actual"]
    key = ["source_id", *SERIES]
    paired = changes.merge(levels, on=key, suffixes=("_c", ""), how="inner")
    paired = paired.sort_values([*key, "figure_id_c", "period_end"]).drop_duplicates("figure_id_c", keep="last")
    share = paired["measure_type"] == "share"
    in_percent = paired["unit_c"] == "%"
    in_unit = (paired["unit_c"] == paired["unit"]) & ~in_percent
    percent = in_percent & ((paired["unit"] != "%") | share)  # relative reading: counts, and shares too

    rows = []
    absolute = paired[in_unit & ~share]
    rows.append(_baseline_rows(absolute, absolute["point"] - absolute["point_c"], BASE_ABSOLUTE,
                               "level − change"))
    relative = paired[percent]
    factor = 1 + relative["point_c"] / 100  # a −100 % change leaves no base to divide back to: NaN, flagged
    rows.append(_baseline_rows(relative, relative["point"] / factor.where(factor != 0), BASE_RELATIVE,
                               "level / (1 + change/100)", ambiguous=share.loc[relative.index]))
    points = paired[percent & share]
    rows.append(_baseline_rows(points, points["point"] - points["point_c"], BASE_POINTS,
                               "level − change (percentage points)", ambiguous=share.loc[points.index]))
    rows.append(implied_bases(frame))
    return pd.concat([r for r in rows if len(r)]) if any(len(r) for r in rows) else pd.DataFrame(columns=GROWTH_COLUMNS)


def _baseline_rows(paired: pd.DataFrame, base: pd.Series, method: str, formula: str,
                   ambiguous: pd.Series | None = None) -> pd.DataFrame:
    if paired.empty:
        return pd.DataFrame(columns=GROWTH_COLUMNS)
    base_date = paired["basis_end_c"].fillna(paired["period_end"])
    days = (paired["period_end"] - base_date) / pd.Timedelta(days=1)
    metrics = change_metrics(base, paired["point"], days, paired["measure_type"] == "share")
    # two flows (a 2024 contest against the 2023 one) are not a level growing over time
    flow = paired["stock_or_flow"] == "flow"
    metrics["annualized_pct"] = metrics["annualized_pct"].where(~flow)
    extra = pd.Series("", index=paired.index, dtype=object)
    extra = extra.mask(flow, "flows_compared_not_annualized")
    if ambiguous is not None:
        extra = extra.mask(ambiguous, "ambiguous_points_or_relative")
    extra = extra.mask(paired["basis_end_c"].isna(), extra + ";basis_date_unknown")
    flags = _join(metrics["flags"], paired["point_flag_c"], paired["point_flag"], extra)
    note = (formula + ": " + paired["point"].map("{:,.6g}".format) + " and " + paired["point_c"].map("{:,.6g}".format)
            + " → " + base.map("{:,.6g}".format))
    return pd.DataFrame({
        **{c: paired[c] for c in ("province_id", "province", "current_province", "indicator_id", "breakdown", "unit")},
        "method": method, "from_figure_id": paired["figure_id_c"], "to_figure_id": paired["figure_id"],
        "from_date": base_date, "to_date": paired["period_end"], "days": days,
        "from_value": base, "to_value": paired["point"],
        **{c: metrics[c] for c in ("abs_change", "rel_change_pct", "pp_change", "annualized_pct")},
        "per_month": np.nan, "per_year": np.nan, "flags": flags, "note": note,
    })


def implied_bases(frame: pd.DataFrame) -> pd.DataFrame:
    """A change given both as a number and as a % of the same series: base = abs / (rel / 100)."""
    changes = frame[frame["kind"] == "change"]
    absolute = changes[changes["unit"] != "%"]
    relative = changes[(changes["unit"] == "%") & (changes["measure_type"] != "share")]
    key = ["source_id", *SERIES]
    paired = absolute.merge(relative[[*key, "figure_id", "point", "point_flag"]], on=key, suffixes=("", "_rel"))
    if paired.empty:
        return pd.DataFrame(columns=GROWTH_COLUMNS)
    base = paired["point"] / (paired["point_rel"] / 100)
    base = base.where(paired["point_rel"] != 0)
    level = base + paired["point"]
    base_date = paired["basis_end"]
    days = (paired["period_end"] - base_date) / pd.Timedelta(days=1)
    metrics = change_metrics(base, level, days, paired["measure_type"] == "share")
    flags = _join(metrics["flags"], paired["point_flag"], paired["point_flag_rel"],
                  pd.Series(np.where(base_date.isna(), "basis_date_unknown", ""), index=paired.index))
    note = ("base = change / (change % / 100): " + paired["point"].map("{:,.6g}".format) + " / "
            + (paired["point_rel"] / 100).map("{:.6g}".format) + " → " + base.map("{:,.6g}".format))
    return pd.DataFrame({
        **{c: paired[c] for c in ("province_id", "province", "current_province", "indicator_id", "breakdown", "unit")},
        "method": IMPLIED_BASE, "from_figure_id": paired["figure_id"], "to_figure_id": paired["figure_id_rel"],
        "from_date": base_date, "to_date": paired["period_end"], "days": days,
        "from_value": base, "to_value": level,
        **{c: metrics[c] for c in ("abs_change", "rel_change_pct", "pp_change", "annualized_pct")},
        "per_month": np.nan, "per_year": np.nan, "flags": flags, "note": note,
    })


def reported_changes(figures: pd.DataFrame) -> pd.DataFrame:
    """Each change figure as stated: absolute in its unit, or in % (relative; points or relative for shares)."""
    changes = figures[figures["kind"] == "change"].copy()
    changes["point"], changes["point_flag"] = point_values(changes)
    in_percent = changes["unit"] == "%"
    share = changes["measure_type"] == "share"
    days = (changes["period_end"] - changes["basis_end"]) / pd.Timedelta(days=1)
    flags = _join(changes["point_flag"],
                  pd.Series(np.where(in_percent & share, "ambiguous_points_or_relative", ""), index=changes.index),
                  pd.Series(np.where(changes["basis_end"].isna(), "basis_date_unknown", ""), index=changes.index))
    return pd.DataFrame({
        **{c: changes[c] for c in ("province_id", "province", "current_province", "indicator_id", "breakdown", "unit")},
        "method": REPORTED, "from_figure_id": "", "to_figure_id": changes["figure_id"],
        "from_date": changes["basis_end"], "to_date": changes["period_end"], "days": days,
        "from_value": np.nan, "to_value": np.nan,
        "abs_change": changes["point"].where(~in_percent),
        # a % change of a share has both readings (flagged); of a count it is relative
        "rel_change_pct": changes["point"].where(in_percent),
        "pp_change": changes["point"].where(in_percent & share), "annualized_pct": np.nan, "per_month": np.nan, "per_year": np.nan,
        "flags": flags, "note": ("as written: " + changes["value_as_written"].astype(str) + " " + changes["unit"].astype(str)
                                 + " " + changes["comparison_basis"].fillna("").astype(str)).str.strip(),
    })


def growth_table(figures: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Every growth computation of every series, in a stable order."""
    frame = with_indicators(figures, indicators)
    parts = [p for p in (level_changes(frame), run_rates(frame), reported_changes(frame), baselines(frame)) if len(p)]
    if not parts:
        return pd.DataFrame(columns=list(GROWTH_COLUMNS))
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["province_id", "indicator_id", "breakdown", "method", "to_date", "to_figure_id",
                               "from_figure_id"], kind="stable", ignore_index=True)
    return table[list(GROWTH_COLUMNS)]
