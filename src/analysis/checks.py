"""Do the figures agree? Consistency checks across figures and sources.

Each check returns rows of the same shape: the check, a severity (``ok``, ``warning``,
``error``), the figures involved, the numbers compared and one sentence that explains. ``ok``
rows are kept: a researcher sees what was compared, not only what failed. Tolerances follow the
precision the article printed: ``83%`` may be anything from 82.5 to 83.5.

The relations between indicators (a share of a count, a part of a whole) are declared in
data/raw/relations.csv, not in code.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .growth import BASE_ABSOLUTE, BASE_POINTS, BASE_RELATIVE, IMPLIED_BASE, SERIES, point_values

OK, WARNING, ERROR = "ok", "warning", "error"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, OK: 2}

CHECK_COLUMNS = ("check", "severity", "province_id", "indicator_id", "figure_ids", "numbers", "explanation")

#: Two observations within this many days count as "the same date" for a cross-source comparison.
SAME_DATE_DAYS = 31
#: Implied populations and part/whole pairs are compared when no further apart than this.
NEAR_DAYS = 366
#: A base implied by a change is "far" from an earlier level beyond this relative difference.
FAR_RELATIVE = 0.05


def half_unit(written: pd.Series) -> pd.Series:
    """Half a unit of the last printed digit: ``83`` → 0.5, ``99,18`` → 0.005, ``6.233`` (vi) → 0.5."""
    decimals = written.astype(str).str.extract(r"[,.](\d{1,2})$", expand=False)
    # a 3-digit group after the separator is a thousands group in these formats, not decimals
    places = decimals.str.len().fillna(0).astype(int)
    return 0.5 * 10.0 ** (-places)


def _fmt(value: float) -> str:
    return "" if pd.isna(value) else f"{value:,.6g}"


def _row(check: str, severity: str, province_id: str, indicator_id: str, ids: list[str], numbers: str,
         explanation: str) -> dict:
    return dict(check=check, severity=severity, province_id=province_id, indicator_id=indicator_id,
                figure_ids=";".join(i for i in ids if i), numbers=numbers, explanation=explanation)


def share_recomputed(figures: pd.DataFrame, relations: pd.DataFrame) -> list[dict]:
    """A share written beside its own ratio (``268.749/270.962, đạt 99,18%``) agrees with it."""
    rows = []
    for rel in relations[(relations["relation"] == "share_of") & (relations["whole"] == "ratio")].itertuples():
        counts = figures[(figures["indicator_id"] == rel.of_indicator_id) & figures["denominator"].notna()]
        shares = figures[figures["indicator_id"] == rel.indicator_id]
        pairs = counts.merge(shares, on=["source_id", "province_id", "breakdown", "period_end"], suffixes=("_n", "_s"))
        for p in pairs.itertuples():
            recomputed = 100 * p.value_n / p.denominator_n
            tolerance = half_unit(pd.Series([p.value_as_written_s])).iloc[0] + 1e-9
            ok = abs(recomputed - p.value_s) <= tolerance
            rows.append(_row(
                "share_recomputed", OK if ok else WARNING, p.province_id, rel.indicator_id,
                [p.figure_id_n, p.figure_id_s],
                f"{_fmt(p.value_n)} / {_fmt(p.denominator_n)} = {recomputed:.4f}%; reported {_fmt(p.value_s)}%",
                f"the share recomputed from its counts {'agrees with' if ok else 'differs from'} the share "
                f"reported, within the ±{tolerance:.3g} points its printed precision allows",
            ))
    return rows


def implied_populations(figures: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Population implied by each count written beside a share or a density of the population.

    Returns one row per pair with the point estimate and the interval the printed precision allows.
    """
    found = []
    for rel in relations[relations["whole"] == "population"].itertuples():
        per = 100.0  # a share is per 100; a density per 100 inhabitants too
        counts = figures[figures["indicator_id"] == rel.of_indicator_id]
        rates = figures[figures["indicator_id"] == rel.indicator_id]
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
            "high": pairs["value_n"] / (pairs["value_r"] - half) * per,
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
            f"{_fmt(p.count_a)} / {_fmt(p.rate_a)} × 100 = {_fmt(round(p.population_a))} "
            f"({_fmt(round(p.low_a))}–{_fmt(round(p.high_a))}); {_fmt(p.count_b)} / {_fmt(p.rate_b)} × 100 = "
            f"{_fmt(round(p.population_b))} ({_fmt(round(p.low_b))}–{_fmt(round(p.high_b))})",
            "the populations implied by the two figures " + ("agree within their printed precision" if overlap else
                                                             f"differ by {gap:.1f}%, more than their printed precision allows"),
        ))
    return rows


def part_within_whole(figures: pd.DataFrame, growth: pd.DataFrame, relations: pd.DataFrame) -> list[dict]:
    """A part (smartphone subscriptions) is never more than its whole (all mobile subscriptions).

    Parts include levels derived by the growth step (a base implied by a change), since a reading
    that makes the part exceed the whole is a reason to doubt that reading.
    """
    rows = []
    derived = growth[growth["method"].isin([BASE_ABSOLUTE, BASE_RELATIVE, BASE_POINTS, IMPLIED_BASE])]
    for rel in relations[relations["relation"] == "part_of"].itertuples():
        parts = figures[(figures["indicator_id"] == rel.indicator_id) & (figures["kind"] == "actual")]
        parts = pd.DataFrame({"province_id": parts["province_id"], "ids": parts["figure_id"],
                              "date": parts["period_end"], "value": parts["value"], "how": "reported"})
        bases = derived[derived["indicator_id"] == rel.indicator_id]
        bases = pd.DataFrame({"province_id": bases["province_id"],
                              "ids": bases["from_figure_id"] + ";" + bases["to_figure_id"],
                              "date": bases["from_date"], "value": bases["from_value"], "how": "implied by " + bases["method"]})
        wholes = figures[(figures["indicator_id"] == rel.whole) & (figures["kind"] == "actual")]
        for part in pd.concat([parts, bases]).dropna(subset=["date", "value"]).itertuples():
            candidates = wholes[wholes["province_id"] == part.province_id]
            if candidates.empty:
                continue
            distance = (candidates["period_end"] - part.date).abs()
            whole = candidates.loc[distance.idxmin()]
            if distance.min() > pd.Timedelta(days=2 * NEAR_DAYS):
                continue
            exceeds = part.value > whole["value"]
            days = int(distance.min() / pd.Timedelta(days=1))
            rows.append(_row(
                "part_within_whole", WARNING if exceeds else OK, part.province_id, rel.indicator_id,
                [*part.ids.split(";"), whole["figure_id"]],
                f"{rel.indicator_id} {_fmt(part.value)} ({part.how}, {part.date:%Y-%m-%d}) vs "
                f"{rel.whole} {_fmt(whole['value'])} ({whole['period_end']:%Y-%m-%d})",
                (f"the part ({part.how}) exceeds the whole measured {days} days apart: "
                 f"possible only if the whole grew by {(part.value / whole['value'] - 1) * 100:.0f}% in between"
                 if exceeds else f"the part ({part.how}) is within the whole measured {days} days apart"),
            ))
    return rows


def cross_source(figures: pd.DataFrame) -> list[dict]:
    """Two sources giving the same indicator for the same province and (nearly) the same date agree."""
    actuals = figures[figures["kind"] == "actual"].copy()
    actuals["point"], _ = point_values(actuals)
    actuals["half"] = half_unit(actuals["value_as_written"])
    pairs = actuals.merge(actuals, on=SERIES, suffixes=("_a", "_b"))
    pairs = pairs[(pairs["source_id_a"] < pairs["source_id_b"])
                  & ((pairs["period_end_a"] - pairs["period_end_b"]).abs() <= pd.Timedelta(days=SAME_DATE_DAYS))]
    rows = []
    for p in pairs.itertuples():
        agree = abs(p.point_a - p.point_b) <= p.half_a + p.half_b + 1e-9
        rows.append(_row(
            "cross_source", OK if agree else WARNING, p.province_id, p.indicator_id, [p.figure_id_a, p.figure_id_b],
            f"{_fmt(p.point_a)} ({p.source_id_a}, {p.period_end_a:%Y-%m-%d}) vs {_fmt(p.point_b)} "
            f"({p.source_id_b}, {p.period_end_b:%Y-%m-%d})",
            "two sources give " + ("the same value" if agree else "different values") + " for the same indicator "
            "within " + str(SAME_DATE_DAYS) + " days",
        ))
    return rows


def change_vs_levels(figures: pd.DataFrame, growth: pd.DataFrame) -> list[dict]:
    """The base a change implies, against the latest level of the series reported before that base."""
    actuals = figures[figures["kind"] == "actual"].copy()
    actuals["point"], _ = point_values(actuals)
    derived = growth[growth["method"].isin([BASE_ABSOLUTE, BASE_RELATIVE, BASE_POINTS, IMPLIED_BASE])
                     & growth["from_date"].notna()]
    rows = []
    for base in derived.itertuples():
        source = figures.loc[figures["figure_id"] == base.from_figure_id, "source_id"].iloc[0]
        earlier = actuals[(actuals["province_id"] == base.province_id) & (actuals["indicator_id"] == base.indicator_id)
                          & (actuals["breakdown"] == base.breakdown) & (actuals["source_id"] != source)
                          & (actuals["period_end"] <= base.from_date)]
        if earlier.empty:
            continue
        level = earlier.sort_values("period_end").iloc[-1]
        difference = base.from_value - level["point"]
        far = abs(difference) > FAR_RELATIVE * abs(level["point"])
        reading = base.method.replace("baseline_", "").replace("_", " ")
        rows.append(_row(
            "change_vs_earlier_level", WARNING if far else OK, base.province_id, base.indicator_id,
            [level["figure_id"], base.from_figure_id, base.to_figure_id],
            f"earlier level {_fmt(level['point'])} ({level['period_end']:%Y-%m-%d}); base implied by the change "
            f"({reading}) {_fmt(base.from_value)} ({base.from_date:%Y-%m-%d}); difference {_fmt(difference)}",
            (f"the change implies the series moved by {_fmt(difference)} {'points' if base.unit == '%' else base.unit} "
             "between the earlier level and its "
             f"basis, {'against' if np.sign(difference) != np.sign(base.abs_change) else 'in'} the direction of the "
             "reported change" if far else "the base implied by the change is close to the earlier level"),
        ))
    return rows


def breakdowns_within_total(figures: pd.DataFrame) -> list[dict]:
    """Figures by subgroup (Viettel 13, VNPT 02) add up to no more than the total written beside them (15)."""
    key = ["source_id", "province_id", "indicator_id", "kind", "period_end"]
    # only amounts add up: shares (%) and rates or densities ("… per …") of subgroups do not
    additive = (figures["unit"] != "%") & ~figures["unit"].astype(str).str.contains(" per ", regex=False)
    figures = figures[additive]
    parts = figures[figures["breakdown"] != ""]
    totals = figures[figures["breakdown"] == ""]
    grouped = parts.groupby(key, sort=True).agg(parts_sum=("value", "sum"), ids=("figure_id", ";".join),
                                                n=("figure_id", "size")).reset_index()
    pairs = grouped.merge(totals[[*key, "figure_id", "value"]], on=key)
    rows = []
    for p in pairs.itertuples():
        severity = ERROR if p.parts_sum > p.value else OK
        relation = "exceed" if p.parts_sum > p.value else ("add up to" if p.parts_sum == p.value else "stay within")
        rows.append(_row(
            "breakdown_sum", severity, p.province_id, p.indicator_id, [*p.ids.split(";"), p.figure_id],
            f"sum of {p.n} subgroup(s) {_fmt(p.parts_sum)} vs total {_fmt(p.value)}",
            f"the subgroups {relation} the total written beside them",
        ))
    return rows


def dated_after_article(figures: pd.DataFrame, rejected: pd.DataFrame) -> list[dict]:
    """Figures dated after their article (rejected by cleaning), and pages whose printed date precedes their text."""
    rows = []
    late = rejected[rejected["reason"].astype(str).str.contains("period_after_publication", regex=False)]
    province_of = dict(zip(figures["source_id"], figures["province_id"]))
    for r in late.itertuples():
        rows.append(_row("dated_after_article", ERROR, province_of.get(r.source_id, ""), r.indicator_id, [r.figure_id],
                         re.sub(r"^.*period_after_publication: ", "", r.reason).split(";")[0],
                         "an actual figure cannot describe a date after its article was published: rejected"))
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
    """Every check over the whole dataset, errors first, in a stable order."""
    rejected = rejected if rejected is not None else pd.DataFrame(columns=["figure_id", "source_id", "indicator_id", "reason"])
    rows = (share_recomputed(figures, relations) + population_agreement(figures, relations)
            + part_within_whole(figures, growth, relations) + cross_source(figures)
            + change_vs_levels(figures, growth) + breakdowns_within_total(figures)
            + dated_after_article(figures, rejected))
    table = pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
    table["rank"] = table["severity"].map(SEVERITY_ORDER)
    return (table.sort_values(["rank", "check", "province_id", "figure_ids"], kind="stable")
            .drop(columns="rank").reset_index(drop=True))
