"""Shares that follow from two counts of the same province and date, as rows of their own.

data/raw/relations.csv declares ``share_of`` (100 × count / whole) and ``per_100_of`` (count per
100 of the whole). Where the whole is an indicator (not ``ratio`` or ``population``), every pair
of reported actual levels of one province, breakdown and date gives the share: 192.579 smartphone
subscriptions of 279.568 mobile subscriptions are 68,88 %. Where the articles state that share
too, the check ``share_recomputed`` compares the two (:mod:`analysis.analyze.checks`); where they do not,
the share becomes a clean row of its own, ``origin = derived``, with its formula and the ids of
both counts, so that it enters series, growth and targets like any figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.vocabulary import DERIVING_RELATIONS, IMPLIED_WHOLES
from analysis.parse.concepts import LEVEL

#: Key of one observation of a series: a derived share pairs counts that agree on all of it.
_KEY = ["province_id", "breakdown", "period_end"]
INEXACT_INPUT = "derived_from_inexact"
#: The flag derivation sets, with what it means (data/README.md, "Flags").
FLAGS: dict[str, str] = {
    INEXACT_INPUT: "a derived share computed from a bound or an approximation (`hơn 9.000` of 279.568)",
}


def _fmt(values: pd.Series) -> pd.Series:
    return values.map("{:,.10g}".format)


#: A bound on the count, over an exact whole, bounds the share the same way ("hơn 9.000 of 279.568").
_BOUNDS = frozenset({"more_than", "at_least", "less_than", "at_most", "nearly"})


def share_qualifier(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """The qualifier of count / whole: exact from exact counts, the count's bound over an exact whole, else about."""
    exact_whole = denominator.isin(["exact", "ratio"])
    exact_count = numerator.isin(["exact", "ratio"])
    return pd.Series(np.select([exact_count & exact_whole, numerator.isin(_BOUNDS) & exact_whole],
                               ["exact", numerator], default="about"), index=numerator.index)


def recomputed_shares(figures: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """One row per declared share and pair of counts (same province, breakdown and date): its value.

    Counts from the same source are preferred where two sources give the same date. Columns: the
    relation, the share's indicator, both counts' ids, values and sources, the share and its qualifier.
    """
    wanted = relations[relations["relation"].isin(DERIVING_RELATIONS)
                       & ~relations["whole"].isin(IMPLIED_WHOLES)]
    levels = figures[(figures["kind"] == "actual") & (figures["period_type"] == LEVEL)
                     & (figures["origin"] == "reported")]
    keep = ["figure_id", "source_id", "value", "qualifier", "published", *_KEY]
    found = []
    for rel in wanted.itertuples():
        counts = levels.loc[levels["indicator_id"] == rel.of_indicator_id, keep]
        wholes = levels.loc[levels["indicator_id"] == rel.whole, keep]
        pairs = counts.merge(wholes, on=_KEY, suffixes=("_n", "_d"))
        pairs = pairs[pairs["value_d"] > 0]
        if pairs.empty:
            continue
        pairs = (pairs.assign(other_source=pairs["source_id_n"] != pairs["source_id_d"])
                 .sort_values([*_KEY, "other_source", "figure_id_n", "figure_id_d"], kind="stable")
                 .drop_duplicates(_KEY, keep="first"))
        found.append(pairs.assign(relation_id=rel.relation_id, indicator_id=rel.indicator_id,
                                  share=100 * pairs["value_n"] / pairs["value_d"],
                                  qualifier=share_qualifier(pairs["qualifier_n"], pairs["qualifier_d"])))
    if not found:
        return pd.DataFrame(columns=["relation_id", "indicator_id", "figure_id_n", "figure_id_d", "source_id_n",
                                     "source_id_d", "value_n", "value_d", "published_n", "published_d", "share",
                                     "qualifier", *_KEY])
    return pd.concat(found, ignore_index=True)


def derived_figures(figures: pd.DataFrame, relations: pd.DataFrame, units: dict[str, str] | None = None) -> pd.DataFrame:
    """Clean rows for the recomputed shares that no article states for that province, breakdown and date."""
    from analysis.core.schema import CLEAN_COLUMNS

    shares = recomputed_shares(figures, relations)
    if shares.empty:  # no pair of counts: nothing to derive (and nothing typed to merge on)
        return pd.DataFrame(columns=list(CLEAN_COLUMNS))
    stated = figures[figures["kind"] == "actual"][["indicator_id", *_KEY]].drop_duplicates()
    shares = shares.merge(stated.assign(stated=True), on=["indicator_id", *_KEY], how="left")
    shares = shares[shares["stated"].isna()]
    if shares.empty:
        return pd.DataFrame(columns=list(CLEAN_COLUMNS))
    numerator = figures.set_index("figure_id").loc[shares["figure_id_n"]].reset_index()
    numerator.index = shares.index
    formula = ("100 × " + _fmt(shares["value_n"]) + " / " + _fmt(shares["value_d"]) + " ("
               + shares["relation_id"] + ": " + shares["figure_id_n"] + " / " + shares["figure_id_d"] + ")")
    rows = pd.DataFrame({
        "figure_id": shares["relation_id"] + ":" + shares["figure_id_n"] + "/" + shares["figure_id_d"],
        "source_id": shares["source_id_n"],
        **{c: numerator[c] for c in ("province", "province_id", "current_province", "current_province_id")},
        "indicator_id": shares["indicator_id"], "kind": "actual", "period_type": LEVEL,
        "breakdown": shares["breakdown"], "value": shares["share"], "value_high": np.nan, "denominator": np.nan,
        "unit": shares["indicator_id"].map(units or {}).fillna("%"),
        "qualifier": shares["qualifier"],
        "period_start": pd.NaT, "period_end": shares["period_end"], "comparison_basis": "",
        "basis_start": pd.NaT, "basis_end": pd.NaT,
        "published": shares[["published_n", "published_d"]].max(axis=1),
        "flags": np.where(shares["qualifier"] == "exact", "", INEXACT_INPUT), "value_as_written": "", "corrections": "",
        "origin": "derived", "derived_from": shares["figure_id_n"] + ";" + shares["figure_id_d"],
        "derivation": formula,
    })
    return rows.sort_values("figure_id", kind="stable")[list(CLEAN_COLUMNS)]
