"""How fast? Changes within comparable series, run-rates of flows, and the baselines behind changes.

Only what is comparable is compared. A growth row joins two observations of **one series**
(province, indicator, breakdown): one concept of one universe. Where consecutive observations of a
family of close concepts change indicator (households *having* a fibre line, then households
*using* FTTH), the row shows both sides and no change, with status ``b`` (break in series); only
a pair declared ``comparable`` in data/raw/relations.csv is compared across, with status ``d``
(definition differs) and the relation's caveat.

What is computed follows the period type (:mod:`analysis.parse.concepts`) and the measure:

- counts and other amounts: absolute, relative and compound annual change over the exact days;
- shares and rates in %: percentage points and points per year (linear); the relative change is
  an extra, never a compound annual rate;
- flows: a run-rate per day, month and year; two flows through their rates per day;
- windows (a share over 1 January–14 November): points between windows, flagged when the window
  lengths differ;
- events and scope numbers: never a rate, never a series.

A change written in % of a share may be percentage points or relative: it gives one row per
reading, named in ``reading``, never one number in two columns. Baselines (the level before a
change, back-calculated) carry status ``e``; :func:`analysis.analyze.checks.mark_refuted` marks a reading that a
consistency check refutes. Zero or missing bases give NaN with a flag, never inf.

Flags say how a row's numbers were chosen or computed. Those set while computing, from inputs the
row does not keep (a zero base, two windows' lengths), are declared with their meaning in
:data:`FLAGS`; the sanity rules on finished rows are the registry :data:`RULES`: one
:class:`analysis.clean.rules.FlagRule` each (the flag, its table, a vectorised condition on the rows, what it
means), applied by :func:`growth_table`. :mod:`analysis.docs.flags` gathers both for the data dictionary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.analyze.pointvalues import SERIES, actual_points, point_values, with_indicators
from analysis.clean.figures import START_UNKNOWN
from analysis.clean.rules import GROWTH, FlagRule, flag_rows, join_flags
from analysis.core.tableschema import DATE, STRING
from analysis.core.tableschema import GROWTH as GROWTH_TABLE
from analysis.core.vocabulary import (  # noqa: F401 (growth.csv's closed sets, imported from here by tests and views)
    ABSOLUTE, BASE_ABSOLUTE, BASE_POINTS, BASE_RELATIVE, BASELINES, BREAK, COMPARABLE, CONSECUTIVE, DEFINITION_BREAK,
    DEFINITION_DIFFERS, ESTIMATED, FIRST_TO_LAST, IMPLIED_BASE, MIN_INTERVAL_DAYS, POINTS, RATE_CHANGE, RELATIVE,
    REPORTED, RUN_RATE, YEAR_DAYS,
)
from analysis.parse.concepts import (
    CHANGE, COMPOUNDING, EVENT, FLOW, LEVEL, SCOPE, WINDOW, comparable_pairs, in_points, series_type,
)
from analysis.parse.numbers import BOUNDS
from analysis.parse.units import TIMES

#: Days in a month, for run-rates per month (leap years averaged in).
MONTH_DAYS = YEAR_DAYS / 12

FAMILY = ["province_id", "family", "breakdown"]

GROWTH_COLUMNS = GROWTH_TABLE.columns
TEXT_COLUMNS = frozenset(f.name for f in GROWTH_TABLE.fields if f.type == STRING)
DATE_COLUMNS = frozenset(f.name for f in GROWTH_TABLE.fields if f.type == DATE)

#: Two windows or periods differ in length beyond max(this many days, this share of the longer one).
LENGTH_TOLERANCE_DAYS = 7
LENGTH_TOLERANCE_SHARE = 0.10
#: Two periods of one series cover different seasons when their starts are this many days of the year apart.
SEASON_TOLERANCE_DAYS = 31

#: Flags of the clean figures that growth also sets on its own rows (declared with the figures' flags).
FIGURE_FLAGS = frozenset({START_UNKNOWN})

#: Flags set while a row is computed, from inputs the finished row does not keep (a zero base before
#: division, the compounding of the measure, the two windows' lengths): name → what it means
#: (data/README.md, "Flags", through :mod:`analysis.docs.flags`).
FLAGS: dict[str, str] = {
    "zero_base": "the earlier value is 0: no relative change, no compound rate (NaN)",
    "missing_base": "the earlier value is missing: no relative change (NaN)",
    "zero_interval": "no days (or negative days) between the two dates: no rate per year",
    "negative_level": "a negative level: no compound annual rate",
    "interval_too_short_for_a_rate": f"fewer than {MIN_INTERVAL_DAYS} days between the dates: no rate per year (a "
                                     "yearly pace over a few days mostly measures rounding)",
    "ambiguous_points_or_relative": "a change of a share written in %: one row per reading (`points`, `relative`), "
                                    "each filling only its own column",
    "basis_date_unknown": "the basis of a change is not dated: no interval, no rate per year",
    "windows_differ_in_length": f"two windows or periods differ in length by more than max({LENGTH_TOLERANCE_DAYS} "
                                f"days, {LENGTH_TOLERANCE_SHARE:.0%} of the longer)",
    "windows_differ_in_season": f"two periods start more than {SEASON_TOLERANCE_DAYS} days of the year apart (a "
                                "first quarter is not a third one)",
}

#: Flags set on finished growth rows where a vectorised condition on the row holds (applied by
#: :func:`growth_table` through :func:`analysis.clean.rules.flag_rows`). A new sanity rule on growth rows is
#: one entry here (the flag, its table, the condition, what it means) and a test.
RULES: tuple[FlagRule, ...] = (
    FlagRule("periods_compared_not_annualized", GROWTH,
             "a baseline of an event or a flow: its basis is a period, so the periods are compared, never annualized",
             lambda rows: rows["method"].isin([BASE_ABSOLUTE, BASE_RELATIVE, BASE_POINTS])
             & rows["period_type"].isin([EVENT, FLOW])),
    FlagRule("break_in_series", GROWTH,
             "consecutive observations of two concepts of one family: both values, no change (status `b`)",
             lambda rows: rows["method"] == DEFINITION_BREAK),
    FlagRule("definition_differs", GROWTH,
             "compared across two concepts declared `comparable` in relations.csv (status `d`); the caveat is in "
             "`note`", lambda rows: rows["method"] == COMPARABLE),
)


def _flag(condition: pd.Series | np.ndarray, name: str, index: pd.Index) -> pd.Series:
    return pd.Series(np.where(condition, name, ""), index=index, dtype=object)


def _days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (pd.Series(later.to_numpy(), index=later.index) - pd.Series(earlier.to_numpy(), index=later.index)) \
        / pd.Timedelta(days=1)


def growth_rows(index: pd.Index, **columns) -> pd.DataFrame:
    """A growth table with the given columns; every other column empty ('' for text, NaN/NaT otherwise).

    The one constructor of growth rows: every method passes only what it computes.
    """
    unknown = set(columns) - set(GROWTH_COLUMNS)
    if unknown:
        raise ValueError(f"not growth columns: {sorted(unknown)}")
    frame = pd.DataFrame(index=index)
    for column in GROWTH_COLUMNS:
        value = columns.get(column)
        if value is None:
            value = "" if column in TEXT_COLUMNS else (pd.NaT if column in DATE_COLUMNS else np.nan)
        frame[column] = value.to_numpy() if isinstance(value, pd.Series) else value
    return frame


def _series_columns(frame: pd.DataFrame, unit: pd.Series | None = None) -> dict[str, pd.Series]:
    """The columns naming a row's series, the same for every method: from ``frame``, its unit unless given."""
    columns = {c: frame[c] for c in ("province_id", "province", "current_province", "indicator_id", "breakdown")}
    return {**columns, "from_indicator_id": frame["indicator_id"], "unit": frame["unit"] if unit is None else unit}


def _between(left: pd.DataFrame, right: pd.DataFrame) -> dict[str, pd.Series]:
    """The columns naming the two observations a row compares: the earlier one's concept, each one's id and period."""
    return {"from_indicator_id": left["indicator_id"], "from_figure_id": left["figure_id"],
            "to_figure_id": right["figure_id"], "from_start": left["period_start"], "from_date": left["period_end"],
            "to_start": right["period_start"], "to_date": right["period_end"]}


#: The numbers :func:`change_metrics` computes, each a column of growth rows.
CHANGE_COLUMNS = ("abs_change", "rel_change_pct", "pp_change", "pp_per_year", "annualized_pct")


def _numbers(metrics: pd.DataFrame) -> dict[str, pd.Series]:
    return {c: metrics[c] for c in CHANGE_COLUMNS}


def change_metrics(from_value: pd.Series, to_value: pd.Series, days: pd.Series, points: pd.Series,
                   compounding: pd.Series, ranked: pd.Series | None = None) -> pd.DataFrame:
    """Absolute and relative change; points and points per year for shares; compound rate for counts.

    Each number has one column: a count's change is in ``abs_change``, a share's in ``pp_change``.

    A zero or missing base gives NaN and the flag ``zero_base``/``missing_base``; an interval of
    zero days gives no rate per year (flag ``zero_interval``); a negative level gives no compound
    rate (flag ``negative_level``). A share never gets a compound annual rate.
    """
    index = to_value.index
    from_value, days = pd.Series(from_value.to_numpy(), index=index), pd.Series(days.to_numpy(), index=index)
    points, compounding = pd.Series(points.to_numpy(), index=index), pd.Series(compounding.to_numpy(), index=index)
    ranked = pd.Series(False, index=index) if ranked is None else pd.Series(ranked.to_numpy(), index=index)
    base_ok = from_value.notna() & (from_value != 0)
    ratio = (to_value / from_value.where(base_ok)).astype(float)
    years = days / YEAR_DAYS
    negative = (from_value < 0) | (to_value < 0)
    long_enough = days >= MIN_INTERVAL_DAYS  # two figures a few days apart say nothing about a yearly pace
    compound_ok = compounding & ~points & base_ok & long_enough & ~negative  # a level falling to 0: −100 % a year
    annualized = ((ratio.where(compound_ok) ** (1 / years.where(compound_ok))) - 1) * 100
    change = to_value - from_value
    flags = pd.Series("", index=index, dtype=object)
    flags = flags.mask(from_value.notna() & (days > 0) & ~long_enough, "interval_too_short_for_a_rate")
    flags = flags.mask(from_value.isna(), "missing_base")
    flags = flags.mask(from_value.notna() & (from_value == 0), "zero_base")
    flags = flags.mask(from_value.notna() & (days <= 0), "zero_interval")
    flags = flags.mask(base_ok & long_enough & negative & compounding & ~points, "negative_level")
    return pd.DataFrame({
        "abs_change": change.where(~points),  # a share's change is in points: pp_change, one column only
        "rel_change_pct": ((ratio - 1) * 100).where(~ranked),  # a rank moves by places, never by a percentage
        "pp_change": change.where(points),
        "pp_per_year": (change / years).where(points & long_enough),
        "annualized_pct": annualized,
        "flags": flags,
    }, index=index)


def _window_flags(left: pd.DataFrame, right: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Flags and a note for two windows or periods: unknown starts, different lengths, different seasons."""
    index = right.index
    length_a = _days(left["period_end"], left["period_start"]).set_axis(index) + 1
    length_b = _days(right["period_end"], right["period_start"]) + 1
    known = length_a.notna() & length_b.notna()
    tolerance = np.maximum(LENGTH_TOLERANCE_DAYS, LENGTH_TOLERANCE_SHARE * np.maximum(length_a, length_b))
    longer = known & ((length_a - length_b).abs() > tolerance)
    start_a = pd.Series(pd.to_datetime(left["period_start"].to_numpy()), index=index).dt.day_of_year
    start_b = pd.to_datetime(right["period_start"]).dt.day_of_year
    apart = (start_a - start_b).abs()
    season = known & (np.minimum(apart, 366 - apart) > SEASON_TOLERANCE_DAYS)
    flags = join_flags(_flag(~known, START_UNKNOWN, index), _flag(longer, "windows_differ_in_length", index),
                       _flag(season, "windows_differ_in_season", index))

    def span(frame: pd.DataFrame, length: pd.Series) -> pd.Series:
        start = pd.Series(pd.to_datetime(frame["period_start"].to_numpy()), index=index).dt.strftime("%Y-%m-%d")
        end = pd.Series(pd.to_datetime(frame["period_end"].to_numpy()), index=index).dt.strftime("%Y-%m-%d")
        days = length.map(lambda d: "" if pd.isna(d) else f" ({d:.0f} days)")
        return start.fillna("start unknown") + " to " + end + days
    note = "windows " + span(left, length_a) + " and " + span(right, length_b)
    return flags, note


def _pairs(left: pd.DataFrame, right: pd.DataFrame, method: str, status: str = "",
           compare: bool = True, note: pd.Series | str = "") -> pd.DataFrame:
    """Growth rows between aligned 'from' and 'to' observations (the same index as ``right``)."""
    left = left.set_axis(right.index)
    days = _days(right["period_end"], left["period_end"])
    metrics = change_metrics(left["point"], right["point"], days, in_points(right["unit"]),
                             right["measure_type"].isin(COMPOUNDING), right["measure_type"] == "rank")
    window = right["period_type"] == WINDOW
    window_flags, window_note = _window_flags(left, right)
    # a break compares nothing: no numbers, no flags of how they were computed (break_in_series: RULES)
    flags = join_flags(left["point_flag"], right["point_flag"],
                       *((metrics["flags"], window_flags.where(window, "")) if compare else ()))
    numbers = _numbers(metrics) if compare else {}
    notes = pd.Series(note, index=right.index, dtype=object)
    notes = notes.mask(window, (notes + "; " + window_note).str.strip("; "))
    return growth_rows(
        right.index, **(_series_columns(right) | _between(left, right)), period_type=right["period_type"],
        method=method, status=status, days=days, from_value=left["point"], to_value=right["point"], **numbers,
        flags=flags, note=notes,
    )


def observations(frame: pd.DataFrame, types: tuple[str, ...] = (LEVEL, WINDOW)) -> pd.DataFrame:
    """Actual figures of statistics with one of ``types``, with their point values, sorted by series and date."""
    return actual_points(frame, types).sort_values([*SERIES, "period_end", "figure_id"], kind="stable")


def level_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Between consecutive observations of each series of levels or windows, and first to last of 3 or more."""
    levels = observations(frame)
    previous = levels.groupby(SERIES, sort=False).shift(1)
    has_previous = previous["figure_id"].notna()
    consecutive = _pairs(previous[has_previous].assign(**{c: levels.loc[has_previous, c] for c in SERIES}),
                         levels[has_previous], CONSECUTIVE)
    counts = levels.groupby(SERIES, sort=False)["figure_id"].transform("size")
    long = levels[counts >= 3]  # with 2 observations, first-to-last is the consecutive change
    # of two figures at the first (or last) date, an exact one before a bound ("top 10" beside "10th"):
    # the change between exact numbers can be told
    bound = long["qualifier"].isin(BOUNDS)
    first = long.assign(_b=bound).sort_values([*SERIES, "period_end", "_b", "figure_id"],
                                               kind="stable").groupby(SERIES, sort=False).head(1)
    last = long.assign(_b=~bound).sort_values([*SERIES, "period_end", "_b", "figure_id"],
                                               kind="stable").groupby(SERIES, sort=False).tail(1)
    first, last = first.drop(columns="_b"), last.drop(columns="_b")  # same group order: both sorted by series
    overall = _pairs(first, last, FIRST_TO_LAST)
    return pd.concat([consecutive, overall])


def definition_changes(frame: pd.DataFrame, relations: pd.DataFrame | None) -> pd.DataFrame:
    """Consecutive observations of one family whose indicator changes: a break, or a declared comparison.

    Families group close concepts (fibre households covered, having a line, using FTTH); within
    one province and breakdown, the first observation of a concept is paired with the observation
    of the family just before it, on an earlier date: where a series changes definition.
    Pairs of one indicator are the series' own changes (:func:`level_changes`); pairs across two
    indicators show both values and no change (status ``b``), unless relations.csv declares them
    comparable: then the change is computed with status ``d`` and the relation's caveat.
    """
    levels = observations(frame).sort_values([*FAMILY, "period_end", "figure_id"], kind="stable")
    previous = levels.groupby(FAMILY, sort=False).shift(1)
    # two concepts observed on one date are two facts, not a movement: only pairs on different dates;
    # and only where the later concept takes over (no earlier observation of its own): two concepts
    # that each carry a series of their own are parallel series, not a definition change
    own_before = levels.groupby(SERIES, sort=False).cumcount() > 0
    across = (previous["indicator_id"].notna() & (previous["indicator_id"] != levels["indicator_id"])
              & (previous["period_end"] != levels["period_end"]) & ~own_before)
    if not across.any():
        return growth_rows(pd.RangeIndex(0))
    left, right = previous[across], levels[across]
    pairs = comparable_pairs(relations)
    declared = pd.Series([pairs.get(frozenset((a, b))) for a, b in zip(left["indicator_id"], right["indicator_id"])],
                         index=right.index, dtype=object)
    comparable = declared.notna()
    caveat = declared.map(lambda d: "" if d is None else f"{d[0]}: {d[1]}")
    broken = "definition differs: " + left["indicator_id"] + " → " + right["indicator_id"] + "; not compared"
    rows = []
    if comparable.any():
        rows.append(_pairs(left[comparable], right[comparable], COMPARABLE, DEFINITION_DIFFERS,
                           note=caveat[comparable]))
    if (~comparable).any():
        rows.append(_pairs(left[~comparable], right[~comparable], DEFINITION_BREAK, BREAK, compare=False,
                           note=broken[~comparable]))
    return pd.concat(rows)


def flow_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Flows over a known period → per day, month and year; consecutive flows through their rates per day.

    A flow whose start is not known has no rate (series.csv says so); an event never has one.
    """
    flows = observations(frame, (FLOW,))
    flows = flows[flows["period_start"].notna()].copy()
    days = _days(flows["period_end"], flows["period_start"]) + 1  # inclusive: 1 Jan–30 Sep is 274 days
    flows["per_day"] = flows["point"] / days
    run = growth_rows(
        flows.index, **_series_columns(flows), period_type=FLOW, method=RUN_RATE, to_figure_id=flows["figure_id"],
        to_start=flows["period_start"], to_date=flows["period_end"],
        days=days, to_value=flows["point"], per_day=flows["per_day"], per_month=flows["per_day"] * MONTH_DAYS,
        per_year=flows["per_day"] * YEAR_DAYS, flags=flows["point_flag"],
    )
    previous = flows.groupby(SERIES, sort=False).shift(1)
    has = previous["figure_id"].notna()
    if not has.any():
        return run
    left, right = previous[has].assign(**{c: flows.loc[has, c] for c in SERIES}), flows[has]
    period_flags, period_note = _window_flags(left, right)
    left_rate = pd.Series(left["per_day"].to_numpy(), index=right.index)
    days = _days(right["period_end"], left["period_end"])
    metrics = change_metrics(left_rate, right["per_day"], days, pd.Series(False, index=right.index),
                             pd.Series(False, index=right.index))
    compared = growth_rows(
        right.index, **(_series_columns(right, unit=right["unit"] + " per day") | _between(left, right)),
        period_type=FLOW, method=RATE_CHANGE, days=days, from_value=left_rate, to_value=right["per_day"],
        **_numbers(metrics),  # no points, no compounding: only the absolute and relative change are numbers
        flags=join_flags(metrics["flags"], left["point_flag"].set_axis(right.index), right["point_flag"],
                         period_flags),
        note="rates per day over " + period_note.str.replace("windows ", "periods ", n=1),
    )
    return pd.concat([run, compared])


def _readings(changes: pd.DataFrame) -> pd.DataFrame:
    """Each change figure once per reading: absolute (in its unit), relative (%), or points (a share's %).

    A change written as a multiple ("gấp 2,5 lần", unit ``times``) has none yet: it is not an amount
    in the indicator's unit, and whether "tăng 4 lần" means × 4 or + 400 % is not settled here.
    """
    percent = changes["unit"] == "%"
    multiple = changes["unit"] == TIMES
    points_measure = in_points(changes["indicator_unit"])
    absolute = changes[~percent & ~multiple].assign(reading=ABSOLUTE, ambiguous=False)
    relative = changes[percent].assign(reading=RELATIVE, ambiguous=points_measure[percent])
    points = changes[percent & points_measure].assign(reading=POINTS, ambiguous=True)
    return pd.concat([absolute, relative, points])


def _changes(frame: pd.DataFrame, units: pd.Series) -> pd.DataFrame:
    """The change figures with their point value, the type of their series and their indicator's unit."""
    changes = frame[(frame["kind"] == "change") & (frame["period_type"] == CHANGE)].copy()
    changes["point"], changes["point_flag"] = point_values(changes)
    changes["series_type"] = series_type(changes["time_reference"], changes["role"], changes["measure_type"])
    changes["indicator_unit"] = changes["indicator_id"].map(units).fillna(changes["unit"])
    return changes


def reported_changes(frame: pd.DataFrame, units: pd.Series) -> pd.DataFrame:
    """Each change figure as stated, one row per reading; points per year where its basis date is known."""
    changes = _changes(frame, units)
    readings = _readings(changes)
    index = pd.RangeIndex(len(readings))
    readings = readings.reset_index(drop=True)
    days = _days(readings["period_end"], readings["basis_end"])
    value = readings["point"]
    is_points = readings["reading"] == POINTS
    window = readings["series_type"] == WINDOW
    flags = join_flags(readings["point_flag"], _flag(readings["ambiguous"], "ambiguous_points_or_relative", index),
                       _flag(readings["basis_end"].isna(), "basis_date_unknown", index),
                       _flag(window & readings["period_start"].isna(), START_UNKNOWN, index))
    note = ("as written: " + readings["value_as_written"].astype(str) + " " + readings["unit"].astype(str) + " "
            + readings["comparison_basis"].fillna("").astype(str)).str.strip()
    return growth_rows(
        index, **_series_columns(readings, unit=readings["indicator_unit"].where(~is_points, "%")),
        period_type=readings["series_type"], method=REPORTED,
        reading=readings["reading"], to_figure_id=readings["figure_id"], from_date=readings["basis_end"],
        to_date=readings["period_end"], days=days,
        abs_change=value.where(readings["reading"] == ABSOLUTE),
        rel_change_pct=value.where(readings["reading"] == RELATIVE),
        # points per year only between two dates of a level: a window's or an event's change has no pace
        pp_change=value.where(is_points),
        pp_per_year=(value / (days / YEAR_DAYS)).where(is_points & (days > 0) & (readings["series_type"] == LEVEL)),
        flags=flags, note=note,
    )


def baselines(frame: pd.DataFrame, units: pd.Series) -> pd.DataFrame:
    """Levels before a change, back-calculated from a level and a change given by the same article.

    One row per reading: a change in the indicator's unit gives level − change (absolute); in % of
    a count, level / (1 + c/100) (relative); in % of a share, both the relative reading and
    level − change in points (flagged ``ambiguous_points_or_relative``). Where an article gives a
    change both as a number and as a % (but no level), the base they imply is abs / (rel/100).
    Every baseline is an estimate: status ``e``.
    """
    changes = _changes(frame, units)
    levels = actual_points(frame, (LEVEL, WINDOW, FLOW, EVENT))
    # the change leads to the level of the same article, series and date ("đạt 69,72%, tăng 2,32%")
    key = ["source_id", *SERIES, "period_end"]
    readings = _readings(changes)
    paired = readings.merge(levels, on=key, suffixes=("_c", ""), how="inner")
    paired = (paired.sort_values([*key, "figure_id_c", "reading", "figure_id"], kind="stable")
              .drop_duplicates(["figure_id_c", "reading"], keep="last").reset_index(drop=True))
    base = pd.Series(np.nan, index=paired.index)
    absolute, relative, points = (paired["reading"] == r for r in (ABSOLUTE, RELATIVE, POINTS))
    base = base.mask(absolute | points, paired["point"] - paired["point_c"])
    factor = 1 + paired["point_c"] / 100  # a −100 % change leaves no base to divide back to: NaN, flagged
    base = base.mask(relative, paired["point"] / factor.where(factor != 0))
    method = np.select([absolute, relative], [BASE_ABSOLUTE, BASE_RELATIVE], default=BASE_POINTS)
    formula = np.select([absolute, relative], ["level − change", "level / (1 + change/100)"],
                        default="level − change (percentage points)")
    rows = _baseline_rows(paired, base, pd.Series(method, index=paired.index),
                          pd.Series(formula, index=paired.index))
    return pd.concat([rows, implied_bases(changes)])


def _baseline_rows(paired: pd.DataFrame, base: pd.Series, method: pd.Series, formula: pd.Series) -> pd.DataFrame:
    if paired.empty:
        return growth_rows(pd.RangeIndex(0))
    base_date = paired["basis_end_c"]  # unknown: no date and no interval, never a made-up zero-day one
    # an event (a 2024 contest against the 2023 one) or a flow is not a level growing over time: its
    # basis is a period (the 2023 edition, some time in 2023), so there is no day count and no rate
    one_off = paired["period_type"].isin([EVENT, FLOW])
    days = _days(paired["period_end"], base_date).where(~one_off)
    metrics = change_metrics(base, paired["point"], days, in_points(paired["unit"]),
                             paired["measure_type"].isin(COMPOUNDING))
    flags = join_flags(metrics["flags"], paired["point_flag_c"], paired["point_flag"],
                       _flag(paired["ambiguous"], "ambiguous_points_or_relative", paired.index),
                       _flag(paired["basis_end_c"].isna(), "basis_date_unknown", paired.index))
    note = (formula + ": " + paired["point"].map("{:,.6g}".format) + " and " + paired["point_c"].map("{:,.6g}".format)
            + " → " + base.map("{:,.6g}".format))
    return growth_rows(
        paired.index, **_series_columns(paired),
        period_type=paired["period_type"], method=method, reading=paired["reading"], status=ESTIMATED,
        from_figure_id=paired["figure_id_c"], to_figure_id=paired["figure_id"],
        from_start=paired["basis_start_c"].where(one_off), from_date=base_date,
        to_start=paired["period_start"].where(one_off), to_date=paired["period_end"], days=days,
        from_value=base, to_value=paired["point"],
        **_numbers(metrics),
        flags=flags, note=note,
    )


def implied_bases(changes: pd.DataFrame) -> pd.DataFrame:
    """A change given both as a number and as a % of the same count: base = abs / (rel / 100)."""
    absolute = changes[(changes["unit"] != "%") & (changes["unit"] != TIMES)]
    relative = changes[(changes["unit"] == "%") & ~in_points(changes["indicator_unit"])]
    # one change written twice: the same article, series, date and basis (an unknown basis matches only itself)
    key = ["source_id", *SERIES, "period_end", "basis_key"]
    absolute = absolute.assign(basis_key=absolute["basis_end"].astype(str))
    relative = relative.assign(basis_key=relative["basis_end"].astype(str))
    paired = absolute.merge(relative[[*key, "figure_id", "point", "point_flag"]], on=key, suffixes=("", "_rel"))
    if paired.empty:
        return growth_rows(pd.RangeIndex(0))
    base = (paired["point"] / (paired["point_rel"] / 100)).where(paired["point_rel"] != 0)
    level = base + paired["point"]
    days = _days(paired["period_end"], paired["basis_end"])
    metrics = change_metrics(base, level, days, pd.Series(False, index=paired.index),
                             paired["measure_type"].isin(COMPOUNDING))
    flags = join_flags(metrics["flags"], paired["point_flag"], paired["point_flag_rel"],
                       _flag(paired["basis_end"].isna(), "basis_date_unknown", paired.index))
    note = ("base = change / (change % / 100): " + paired["point"].map("{:,.6g}".format) + " / "
            + (paired["point_rel"] / 100).map("{:.6g}".format) + " → " + base.map("{:,.6g}".format))
    return growth_rows(
        paired.index, **_series_columns(paired, unit=paired["indicator_unit"]),
        period_type=paired["series_type"], method=IMPLIED_BASE,
        reading=RELATIVE, status=ESTIMATED, from_figure_id=paired["figure_id"], to_figure_id=paired["figure_id_rel"],
        from_date=paired["basis_end"], to_date=paired["period_end"], days=days, from_value=base, to_value=level,
        **_numbers(metrics),
        flags=flags, note=note,
    )


def growth_table(figures: pd.DataFrame, indicators: pd.DataFrame, relations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every growth computation of every comparable series, in a stable order (scope numbers never)."""
    frame = with_indicators(figures, indicators)
    frame = frame[frame["period_type"] != SCOPE]
    units = indicators.set_index("indicator_id")["unit"] if "unit" in indicators else pd.Series(dtype=object)
    parts = [level_changes(frame), definition_changes(frame, relations), flow_rates(frame),
             reported_changes(frame, units), baselines(frame, units)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return growth_rows(pd.RangeIndex(0))
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["province_id", "indicator_id", "breakdown", "method", "to_date", "to_figure_id",
                               "from_figure_id", "reading"], kind="stable", ignore_index=True)
    table["flags"] = join_flags(table["flags"], flag_rows(table, RULES, GROWTH))
    return table[list(GROWTH_COLUMNS)]

