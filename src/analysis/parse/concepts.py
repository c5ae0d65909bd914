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

from analysis.core.vocabulary import CHANGE, EVENT, FLOW, LEVEL, PERIOD_TYPES, SCOPE, TARGET, WINDOW  # noqa: F401 (imported from here)

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
