"""What may be compared with what: period types, measure classes and concept families, from the codebook.

An indicator is one concept of one universe (data/raw/indicators.csv: ``concept``, ``universe``,
``aspect``). Indicators that a reader could mistake for one series (households *covered by* fibre,
*having* a fibre line, *using* FTTH) share a ``family``: a move from one to the other is a break
in the series, never a movement, unless data/raw/relations.csv declares the two ``comparable``
(then the change carries status ``d``, definition differs, and the relation's caveat).

Every cleaned figure gets a **period type** that says what its time reference is and so what may
be computed from it (see :data:`PERIOD_TYPES`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LEVEL, WINDOW, FLOW, EVENT, TARGET, CHANGE, SCOPE = "level", "window", "flow", "event", "target", "change", "scope"

#: Period type → what the figure's time reference is, and what may be computed from it.
PERIOD_TYPES: dict[str, str] = {
    LEVEL: "a stock at a date (a count or a share on that day): changes between levels",
    WINDOW: "a share or a rate over a window [start, end] (dossiers filed online from 1 January to 14 November): "
            "changes in points between windows, flagged when their lengths differ",
    FLOW: "an amount over a stated period (stations installed in 9 months): a run-rate per day, month and year; "
          "two flows are compared through their rates per day, flagged when the periods differ in length or season",
    EVENT: "a one-off event or campaign (a contest, an inspection round, a catch-up campaign): counted, "
           "never turned into a rate or annualized",
    TARGET: "a goal for a date: progress toward it in targets.csv",
    CHANGE: "a change against a basis (tăng … so với …): reported as written, one row per reading",
    SCOPE: "a number that describes structure or scope (3 administrative levels, 7 groups of measures): "
           "not a statistic, never in a series, a growth row or a chart",
}

#: Measures that are amounts: they add up over a period, so a flow of them has a rate per day.
EXTENSIVE = frozenset({"count", "money", "area", "length"})
#: Measures whose growth may be compounded (a count growing 10 % a year); never a share or a rate in %.
COMPOUNDING = frozenset({"count", "length", "area", "money", "density"})


def period_types(kind: pd.Series, time_reference: pd.Series, role: pd.Series, measure_type: pd.Series) -> pd.Series:
    """The period type of each figure, from its kind and its indicator's codebook entry."""
    extensive = measure_type.isin(EXTENSIVE)
    kinds = np.select(
        [role == "scope", kind == "target", kind == "change", time_reference == "event",
         (time_reference == "flow") & extensive, time_reference == "flow"],
        [SCOPE, TARGET, CHANGE, EVENT, FLOW, WINDOW],
        default=LEVEL,
    )
    return pd.Series(kinds, index=kind.index, dtype=object)


def series_type(time_reference: pd.Series, role: pd.Series, measure_type: pd.Series) -> pd.Series:
    """The period type an indicator's actual figures have (level, window, flow, event or scope)."""
    actual = pd.Series("actual", index=time_reference.index)
    return period_types(actual, time_reference, role, measure_type)


def in_points(unit: pd.Series) -> pd.Series:
    """Shares and rates in %: they change in percentage points, never by a compound rate."""
    return unit.astype(str) == "%"


def comparable_pairs(relations: pd.DataFrame | None) -> dict[frozenset[str], tuple[str, str]]:
    """{indicator pair → (relation_id, caveat)} for the pairs data/raw/relations.csv declares comparable."""
    if relations is None or relations.empty:
        return {}
    rows = relations[relations["relation"] == "comparable"]
    return {frozenset((a, b)): (rid, note) for rid, a, b, note
            in zip(rows["relation_id"], rows["indicator_id"], rows["of_indicator_id"], rows["note"])}


def comparable_with(relations: pd.DataFrame | None) -> pd.DataFrame:
    """indicator_id → another indicator declared comparable with it (both directions), with the relation."""
    pairs = comparable_pairs(relations)
    rows = [(a, b, rid, note) for pair, (rid, note) in pairs.items() for a in pair for b in pair if a != b]
    return pd.DataFrame(rows, columns=["indicator_id", "other_indicator_id", "relation_id", "caveat"])
