"""Do the figures agree? Consistency checks across figures and sources.

Each check returns rows of the same shape: the check, a severity (``ok``, ``warning``,
``error``), the figures involved, the numbers compared as text and as numeric columns
(``observed``, ``expected``, ``difference``, ``tolerance``, ``unit``), the reading of a change it
concerns, and one sentence that explains. ``ok`` rows are kept: a researcher sees what was
compared, not only what failed. Tolerances follow the precision the article printed: ``83%`` may
be anything from 82.5 to 83.5.

The relations between indicators (a share of a count, a part of a whole) are declared in
data/raw/relations.csv, not in code. A check in :data:`REFUTING_CHECKS` that fails for a reading
of a change (a base implied by "+2,8 %" that exceeds its whole) refutes that reading:
:func:`mark_refuted` names the check in the growth row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.analyze.growth import BASELINES, REPORTED
from analysis.analyze.pointvalues import SERIES, actual_points
from analysis.clean.derive import recomputed_shares
from analysis.core.tableschema import CHECKS_TABLE
from analysis.core.vocabulary import ERROR, OK, SEVERITY_ORDER, WARNING, YEAR_DAYS
from analysis.parse.concepts import LEVEL, WINDOW
from analysis.parse.units import PERCENT, POINTS, TIMES


CHECK_COLUMNS = CHECKS_TABLE.columns

#: The numeric columns of a check.
NUMBER_COLUMNS = tuple(CHECKS_TABLE.dtypes())  # observed, expected, difference, tolerance

#: Checks whose failure (severity ``error``) for a reading of a change means that reading cannot be true.
REFUTING_CHECKS = frozenset({"part_within_whole", "share_base_in_range"})

#: Two observations within this many days count as "the same date" for a cross-source comparison.
SAME_DATE_DAYS = 31
#: Implied populations and part/whole pairs are compared when no further apart than this.
NEAR_DAYS = 366
#: A base implied by a change is "far" from an earlier level beyond this relative difference.
FAR_RELATIVE = 0.05
#: A part above a whole measured on another date is possible only if the whole grew meanwhile; beyond this
#: compound growth a year (more than provincial subscriptions, cards or population grow) it is ruled out.
PLAUSIBLE_GROWTH_PER_YEAR = 0.10


def half_unit(written: pd.Series) -> pd.Series:
    """Half a unit of the last printed digit: ``83`` → 0.5, ``99,18`` → 0.005, ``6.233`` (vi) → 0.5.

    A value that was not written (a derived share: empty) has no rounding: 0.
    """
    written = written.astype(str)
    decimals = written.str.extract(r"[,.](\d{1,2})$", expand=False)
    # a 3-digit group after the separator is a thousands group in these formats, not decimals
    places = decimals.str.len().fillna(0).astype(int)
    return (0.5 * 10.0 ** (-places)).where(written != "", 0.0)


def _fmt(value: float) -> str:
    """4 significant digits below 1,000 (as articles print shares), whole numbers with separators above."""
    if pd.isna(value):
        return ""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _people(value: float) -> str:
    """A number of people: whole, with separators; an unbounded end of an interval as ∞."""
    return _fmt(round(value)) if np.isfinite(value) else "∞"


def _row(check: str, severity: str, province_id: str, indicator_id: str, ids: list[str], numbers: str,
         explanation: str, observed: float = np.nan, expected: float = np.nan, tolerance: float = np.nan,
         unit: str = "", reading: str = "") -> dict:
    return dict(check=check, severity=severity, province_id=province_id, indicator_id=indicator_id, reading=reading,
                figure_ids=";".join(i for i in ids if i), observed=observed, expected=expected,
                difference=observed - expected, tolerance=tolerance, unit=unit, numbers=numbers,
                explanation=explanation)


def share_recomputed(figures: pd.DataFrame, relations: pd.DataFrame) -> list[dict]:
    """A share printed beside its counts agrees with them, within the share's printed precision.

    Two forms: the count written as its own ratio (``268.749/270.962, đạt 99,18%``), and two
    counts of a declared ``share_of`` relation (50.911 of 131.788 dossiers beside 39 %).
    """
    rows = []
    recomputed = []
    for rel in relations[(relations["relation"] == "share_of") & (relations["whole"] == "ratio")].itertuples():
        counts = figures[(figures["indicator_id"] == rel.of_indicator_id) & figures["denominator"].notna()]
        recomputed.append(pd.DataFrame({
            "relation_id": rel.relation_id, "indicator_id": rel.indicator_id, "figure_id_n": counts["figure_id"],
            "figure_id_d": "", "value_n": counts["value"], "value_d": counts["denominator"],
            "share": 100 * counts["value"] / counts["denominator"], "province_id": counts["province_id"],
            "breakdown": counts["breakdown"], "period_end": counts["period_end"]}))
    recomputed.append(recomputed_shares(figures, relations))
    found = pd.concat([r for r in recomputed if len(r)], ignore_index=True) if any(len(r) for r in recomputed) else None
    if found is None:
        return rows
    stated = figures[(figures["kind"] == "actual") & (figures["origin"] == "reported")]
    pairs = found.merge(stated, on=["indicator_id", "province_id", "breakdown", "period_end"])
    for p in pairs.itertuples():
        tolerance = half_unit(pd.Series([p.value_as_written])).iloc[0] + 1e-9
        ok = abs(p.share - p.value) <= tolerance
        rows.append(_row(
            "share_recomputed", OK if ok else WARNING, p.province_id, p.indicator_id,
            [p.figure_id_n, p.figure_id_d, p.figure_id],
            f"{_fmt(p.value_n)} / {_fmt(p.value_d)} = {_fmt(p.share)}%; reported {_fmt(p.value)}%",
            f"the share recomputed from its counts {'agrees with' if ok else 'differs from'} the share "
            f"reported, within the ±{tolerance:.3g} points its printed precision allows",
            observed=p.value, expected=p.share, tolerance=tolerance, unit="%",
        ))
    return rows


def implied_populations(figures: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Population implied by each count written beside a share or a density of the population.

    Returns one row per pair with the point estimate and the interval the printed precision allows.
    A count or a rate of 0 implies no population (0 people are 83 % of any; 284 000 people are 0 % of
    none): such pairs give no row. A rate within its own rounding of 0 bounds the population from below only.
    """
    found = []
    for rel in relations[relations["whole"] == "population"].itertuples():
        per = 100.0  # a share is per 100; a density per 100 inhabitants too
        counts = figures[(figures["indicator_id"] == rel.of_indicator_id) & (figures["value"] > 0)]
        rates = figures[(figures["indicator_id"] == rel.indicator_id) & (figures["value"] > 0)]
        pairs = counts.merge(rates, on=["source_id", "province_id", "breakdown", "period_end"], suffixes=("_n", "_r"))
        if pairs.empty:
            continue
        half = half_unit(pairs["value_as_written_r"]).to_numpy()
        found.append(pd.DataFrame({
            "province_id": pairs["province_id"], "relation_id": rel.relation_id,
            "count_id": pairs["figure_id_n"], "rate_id": pairs["figure_id_r"], "date": pairs["period_end"],
            "count": pairs["value_n"], "rate": pairs["value_r"],
            "population": pairs["value_n"] / pairs["value_r"] * per,
            "low": pairs["value_n"] / (pairs["value_r"] + half) * per,
            "high": (pairs["value_n"] / (pairs["value_r"] - half) * per).where(pairs["value_r"] > half, np.inf),
        }))
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(
        columns=["province_id", "relation_id", "count_id", "rate_id", "date", "count", "rate", "population", "low", "high"])


def population_agreement(figures: pd.DataFrame, relations: pd.DataFrame) -> list[dict]:
    """Populations implied by different shares and densities of one province agree (intervals overlap)."""
    implied = implied_populations(figures, relations)
    rows = []
    pairs = implied.merge(implied, on="province_id", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["rate_id_a"] < pairs["rate_id_b"])
                  & ((pairs["date_a"] - pairs["date_b"]).abs() <= pd.Timedelta(days=NEAR_DAYS))]
    for p in pairs.itertuples():
        overlap = (p.low_a <= p.high_b) and (p.low_b <= p.high_a)
        gap = abs(p.population_a - p.population_b) / min(p.population_a, p.population_b) * 100
        rows.append(_row(
            "implied_population", OK if overlap else WARNING, p.province_id, "",
            [p.count_id_a, p.rate_id_a, p.count_id_b, p.rate_id_b],
            f"{_fmt(p.count_a)} / {_fmt(p.rate_a)} × 100 = {_people(p.population_a)} "
            f"({_people(p.low_a)}–{_people(p.high_a)}); {_fmt(p.count_b)} / {_fmt(p.rate_b)} × 100 = "
            f"{_people(p.population_b)} ({_people(p.low_b)}–{_people(p.high_b)})",
            "the populations implied by the two figures " + ("agree within their printed precision" if overlap else
                                                             f"differ by {gap:.1f}%, more than their printed precision allows"),
            # the gap between the two intervals is what the printed precision cannot absorb
            observed=p.population_b, expected=p.population_a,
            tolerance=(p.high_a - p.low_a) / 2 + (p.high_b - p.low_b) / 2, unit="people",
        ))
    return rows


def _estimated_levels(growth: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Levels back-calculated by the growth step (one per reading of a change), for the checks to test."""
    derived = growth[growth["method"].isin(BASELINES) & (growth["indicator_id"] == indicator_id)]
    return pd.DataFrame({"province_id": derived["province_id"], "breakdown": derived["breakdown"],
                         "ids": derived["from_figure_id"] + ";" + derived["to_figure_id"],
                         "date": derived["from_date"], "value": derived["from_value"],
                         "how": "implied by " + derived["method"] + " (" + derived["reading"] + ")",
                         "reading": derived["reading"]})


def part_within_whole(figures: pd.DataFrame, growth: pd.DataFrame, relations: pd.DataFrame) -> list[dict]:
    """A part (smartphone subscriptions) is never more than its whole (all mobile subscriptions).

    Parts include levels derived by the growth step (a base implied by a change), since a reading
    that makes the part exceed the whole is a reason to doubt that reading: it refutes it.
    """
    rows = []
    for rel in relations[relations["relation"] == "part_of"].itertuples():
        parts = figures[(figures["indicator_id"] == rel.indicator_id) & (figures["kind"] == "actual")]
        parts = pd.DataFrame({"province_id": parts["province_id"], "breakdown": parts["breakdown"],
                              "ids": parts["figure_id"], "date": parts["period_end"], "value": parts["value"],
                              "how": "reported", "reading": ""})
        wholes = figures[(figures["indicator_id"] == rel.whole) & (figures["kind"] == "actual")]
        candidates_all = pd.concat([parts, _estimated_levels(growth, rel.indicator_id)])
        for part in candidates_all.dropna(subset=["date", "value"]).itertuples():
            candidates = wholes[(wholes["province_id"] == part.province_id) & (wholes["breakdown"] == part.breakdown)]
            if candidates.empty:
                continue
            distance = (candidates["period_end"] - part.date).abs()
            whole = candidates.loc[distance.idxmin()]
            if distance.min() > pd.Timedelta(days=2 * NEAR_DAYS):
                continue
            exceeds = part.value > whole["value"]
            days = int(distance.min() / pd.Timedelta(days=1))
            # growth of the whole that would reconcile them, a year; on (nearly) one date none can
            # growth from a whole of 0 reaches nothing: no rate reconciles them
            needed = ((part.value / whole["value"]) ** (YEAR_DAYS / max(days, 1)) - 1
                      if days > SAME_DATE_DAYS and whole["value"] > 0 else np.inf) if exceeds else 0.0
            severity = OK if not exceeds else (ERROR if needed > PLAUSIBLE_GROWTH_PER_YEAR else WARNING)
            growth_text = (f"{(part.value / whole['value'] - 1) * 100:.0f}% in between, {needed * 100:.1f}% a year"
                           if np.isfinite(needed) else "")
            rows.append(_row(
                "part_within_whole", severity, part.province_id, rel.indicator_id,
                [*part.ids.split(";"), whole["figure_id"]],
                f"{rel.indicator_id} {_fmt(part.value)} ({part.how}, {part.date:%Y-%m-%d}) vs "
                f"{rel.whole} {_fmt(whole['value'])} ({whole['period_end']:%Y-%m-%d})",
                (f"the part ({part.how}) exceeds the whole measured on the same date: both cannot be true"
                 if exceeds and not growth_text else
                 f"the part ({part.how}) exceeds the whole measured {days} days apart: possible only if the whole "
                 f"grew by {growth_text}, " + ("more than" if severity == ERROR else "within")
                 + f" the {PLAUSIBLE_GROWTH_PER_YEAR:.0%} a year a whole plausibly grows"
                 if exceeds else f"the part ({part.how}) is within the whole measured {days} days apart"),
                observed=part.value, expected=whole["value"], tolerance=0.0, unit=whole["unit"], reading=part.reading,
            ))
    return rows


def share_base_in_range(growth: pd.DataFrame) -> list[dict]:
    """A share back-calculated from a change (a reading) lies in [0, 100] %; outside, the reading is impossible."""
    bases = growth[growth["method"].isin(BASELINES) & (growth["unit"] == "%") & growth["from_value"].notna()]
    rows = []
    for base in bases.itertuples():
        inside = 0 <= base.from_value <= 100
        bound = 0.0 if base.from_value < 50 else 100.0  # the nearer bound: the difference says how far inside
        rows.append(_row(
            "share_base_in_range", OK if inside else ERROR, base.province_id, base.indicator_id,
            [base.from_figure_id, base.to_figure_id],
            f"base {_fmt(base.from_value)}% ({base.method}, reading {base.reading}); nearer bound {bound:g}%",
            "the share before the change lies in [0, 100] %" if inside else
            f"the reading '{base.reading}' puts the share before the change outside [0, 100] %: it cannot be true",
            observed=base.from_value, expected=bound, tolerance=0.0, unit="%", reading=base.reading,
        ))
    return rows


def cross_source(figures: pd.DataFrame) -> list[dict]:
    """Two sources giving the same indicator for the same province and (nearly) the same date agree."""
    actuals = actual_points(figures, (LEVEL, WINDOW))
    actuals["half"] = half_unit(actuals["value_as_written"])
    pairs = actuals.merge(actuals, on=SERIES, suffixes=("_a", "_b"))
    pairs = pairs[(pairs["source_id_a"] < pairs["source_id_b"])
                  & ((pairs["period_end_a"] - pairs["period_end_b"]).abs() <= pd.Timedelta(days=SAME_DATE_DAYS))]
    rows = []
    for p in pairs.itertuples():
        tolerance = p.half_a + p.half_b + 1e-9
        agree = abs(p.point_a - p.point_b) <= tolerance
        rows.append(_row(
            "cross_source", OK if agree else WARNING, p.province_id, p.indicator_id, [p.figure_id_a, p.figure_id_b],
            f"{_fmt(p.point_a)} ({p.source_id_a}, {p.period_end_a:%Y-%m-%d}) vs {_fmt(p.point_b)} "
            f"({p.source_id_b}, {p.period_end_b:%Y-%m-%d})",
            "two sources give " + ("the same value" if agree else "different values") + " for the same indicator "
            "within " + str(SAME_DATE_DAYS) + " days",
            observed=p.point_b, expected=p.point_a, tolerance=tolerance, unit=p.unit_a,
        ))
    return rows


def change_vs_levels(figures: pd.DataFrame, growth: pd.DataFrame) -> list[dict]:
    """The base a change implies (per reading), against the latest level of the same series before that base."""
    actuals = actual_points(figures, (LEVEL, WINDOW))
    derived = growth[growth["method"].isin(BASELINES) & growth["from_date"].notna()]
    source_of = dict(zip(figures["figure_id"], figures["source_id"]))
    rows = []
    for base in derived.itertuples():
        source = source_of.get(base.from_figure_id, "")
        earlier = actuals[(actuals["province_id"] == base.province_id) & (actuals["indicator_id"] == base.indicator_id)
                          & (actuals["breakdown"] == base.breakdown) & (actuals["source_id"] != source)
                          & (actuals["period_end"] <= base.from_date)]
        if earlier.empty:
            continue
        level = earlier.sort_values("period_end").iloc[-1]
        difference = base.from_value - level["point"]
        tolerance = FAR_RELATIVE * abs(level["point"])
        far = abs(difference) > tolerance
        unit = "points" if base.unit == "%" else base.unit
        reported = base.abs_change if pd.notna(base.abs_change) else base.pp_change  # a share's change is in points
        rows.append(_row(
            "change_vs_earlier_level", WARNING if far else OK, base.province_id, base.indicator_id,
            [level["figure_id"], base.from_figure_id, base.to_figure_id],
            f"earlier level {_fmt(level['point'])} ({level['period_end']:%Y-%m-%d}); base implied by the change "
            f"(reading {base.reading}) {_fmt(base.from_value)} ({base.from_date:%Y-%m-%d}); difference {_fmt(difference)}",
            (f"the change implies the series moved by {_fmt(difference)} {unit} between the earlier level and its "
             f"basis, {'against' if np.sign(difference) != np.sign(reported) else 'in'} the direction of the "
             "reported change" if far else "the base implied by the change is close to the earlier level"),
            observed=base.from_value, expected=level["point"], tolerance=tolerance, unit=base.unit, reading=base.reading,
        ))
    return rows


def breakdowns_within_total(figures: pd.DataFrame) -> list[dict]:
    """Figures by subgroup (Viettel 13, VNPT 02) add up to no more than the total written beside them (15)."""
    key = ["source_id", "province_id", "indicator_id", "kind", "period_end"]
    # only amounts add up: shares (%), multiples (times), scores (points) and rates or densities
    # ("… per …") of subgroups do not
    additive = ~figures["unit"].isin([PERCENT, TIMES, POINTS]) & ~figures["unit"].astype(str).str.contains(
        " per ", regex=False)
    figures = figures[additive]
    parts = figures[figures["breakdown"] != ""]
    totals = figures[figures["breakdown"] == ""]
    grouped = parts.groupby(key, sort=True).agg(parts_sum=("value", "sum"), ids=("figure_id", ";".join),
                                                n=("figure_id", "size")).reset_index()
    pairs = grouped.merge(totals[[*key, "figure_id", "value", "unit"]], on=key)
    rows = []
    for p in pairs.itertuples():
        severity = ERROR if p.parts_sum > p.value else OK
        relation = "exceed" if p.parts_sum > p.value else ("add up to" if p.parts_sum == p.value else "stay within")
        rows.append(_row(
            "breakdown_sum", severity, p.province_id, p.indicator_id, [*p.ids.split(";"), p.figure_id],
            f"sum of {p.n} subgroup(s) {_fmt(p.parts_sum)} vs total {_fmt(p.value)}",
            f"the subgroups {relation} the total written beside them",
            observed=p.parts_sum, expected=p.value, tolerance=0.0, unit=p.unit,
        ))
    return rows


def dated_after_article(figures: pd.DataFrame, rejected: pd.DataFrame) -> list[dict]:
    """Figures dated after their article (rejected by cleaning), and pages whose printed date precedes their text."""
    rows = []
    late = rejected[rejected["reason"].astype(str).str.contains("period_after_publication", regex=False)]
    province_of = dict(zip(figures["source_id"], figures["province_id"]))
    dates = re.compile(r"period ends (\d{4}-\d{2}-\d{2}), after the publication date (\d{4}-\d{2}-\d{2})")
    for r in late.itertuples():
        found = dates.search(str(r.reason))
        end, published = (pd.Timestamp(d) for d in found.groups()) if found else (pd.NaT, pd.NaT)
        rows.append(_row("dated_after_article", ERROR, province_of.get(r.source_id, ""), r.indicator_id, [r.figure_id],
                         re.sub(r"^.*period_after_publication: ", "", r.reason).split(";")[0],
                         "an actual figure cannot describe a date after its article was published: rejected",
                         observed=(end - published).days if found else np.nan, expected=0.0, tolerance=0.0,
                         unit="days"))
    flagged = figures[figures["flags"].str.contains("page_date_before_reported_dates", regex=False)]
    for source, group in flagged.groupby("source_id", sort=True):
        rows.append(_row(
            "page_date_before_text", WARNING, group["province_id"].iloc[0], "", list(group["figure_id"]),
            f"{len(group)} figures; latest date reported {group['period_end'].max():%Y-%m-%d}",
            f"the date printed on the page of {source} comes before dates its text reports, so it is not the "
            "publication date (see sources.csv published_basis)",
        ))
    return rows


def consistency_checks(figures: pd.DataFrame, growth: pd.DataFrame, relations: pd.DataFrame,
                       rejected: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every check over the whole dataset, errors first, in a stable order, each with a stable id."""
    rejected = rejected if rejected is not None else pd.DataFrame(columns=["figure_id", "source_id", "indicator_id", "reason"])
    rows = (share_recomputed(figures, relations) + population_agreement(figures, relations)
            + part_within_whole(figures, growth, relations) + share_base_in_range(growth) + cross_source(figures)
            + change_vs_levels(figures, growth) + breakdowns_within_total(figures)
            + dated_after_article(figures, rejected))
    table = pd.DataFrame(rows, columns=[c for c in CHECK_COLUMNS if c != "check_id"]).astype(
        dict.fromkeys(NUMBER_COLUMNS, float))  # numbers even when no check applies
    table.insert(0, "check_id", table["check"] + ":" + table["figure_ids"]
                 + np.where(table["reading"] != "", ":" + table["reading"], ""))
    table["rank"] = table["severity"].map(SEVERITY_ORDER)
    return (table.sort_values(["rank", "check", "province_id", "figure_ids", "reading"], kind="stable")
            .drop(columns="rank").reset_index(drop=True)[list(CHECK_COLUMNS)])


def mark_refuted(growth: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Fill ``refuted_by`` of the baselines whose reading a consistency check refutes (the check's id)."""
    growth = growth.copy()
    refuting = checks[checks["check"].isin(REFUTING_CHECKS) & (checks["severity"] == "error") & (checks["reading"] != "")]
    refuted = pd.Series("", index=growth.index, dtype=object)
    estimated = growth["method"].isin(BASELINES)
    for check in refuting.itertuples():
        ids = set(check.figure_ids.split(";"))
        # the baseline the check tested, and the change figure's own row in the same reading
        tested = (estimated & (growth["reading"] == check.reading) & growth["from_figure_id"].isin(ids)
                  & growth["to_figure_id"].isin(ids))
        changes = set(growth.loc[tested, "from_figure_id"]) | set(growth.loc[tested, "to_figure_id"])
        reported = ((growth["method"] == REPORTED) & (growth["reading"] == check.reading)
                    & growth["to_figure_id"].isin(changes))
        hit = tested | reported
        refuted[hit] = (refuted[hit] + ";" + check.check_id).str.lstrip(";")
    growth["refuted_by"] = refuted
    return growth
