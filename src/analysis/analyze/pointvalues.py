"""What every analysis reads from a clean figure: its series, its codebook columns, the one number it stands for.

Growth, targets, checks and series all compare observations of one series (province, indicator,
breakdown) through a single number per figure; deciding that number (a range's midpoint, a bound as
written) and the flags that say so happens here once, so no analysis reads a figure differently from
another. :data:`FLAGS` declares those flags with their meaning (gathered by :mod:`analysis.docs.flags`).
"""

from __future__ import annotations

import pandas as pd

from analysis.clean.rules import join_flags
from analysis.core.vocabulary import QUALIFIERS

#: One series: one concept of one universe (the indicator) for one province and breakdown.
SERIES = ["province_id", "indicator_id", "breakdown"]


#: Qualifiers read as they are written though they are a bound or an approximation (trên, gần, khoảng):
#: flagged ``inexact_<qualifier>``; exact figures, ranges (their midpoint) and ratios (their count) are not.
EXACT_QUALIFIERS = ("exact", "ratio", "range")
INEXACT_QUALIFIERS: tuple[str, ...] = tuple(q for q in QUALIFIERS if q not in EXACT_QUALIFIERS)
RANGE_MIDPOINT = "range_midpoint"
INEXACT = "inexact_"

#: Flags of a clean figure that say its date was inferred: they travel into every row computed from it.
DATE_FLAGS = frozenset({"period_not_written", "ends_at_publication_date", "year_from_publication_date",
                        "period_runs_to_publication_date", "publication_date_approximate", "estimate_year_end"})

#: The flags :func:`point_values` sets, with what they mean (data/README.md, "Flags").
FLAGS: dict[str, str] = {
    RANGE_MIDPOINT: "a range as input: its midpoint is used",
    **{INEXACT + q: f"a bound or an approximation as input (qualifier `{q}`): the number written is used"
       for q in INEXACT_QUALIFIERS},
}


def with_indicators(figures: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Clean figures with the codebook columns the computations need."""
    wanted = ["indicator_id", "measure_type", "time_reference", "role", "family", "higher_is_better"]
    codebook = indicators[[c for c in wanted if c in indicators]]
    frame = figures.merge(codebook, on="indicator_id", how="left", validate="m:1")
    if "family" not in frame:
        frame["family"] = frame["indicator_id"]
    return frame


def point_values(figures: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The single number a computation uses, and the flags of how it was chosen and how it is dated.

    A range counts as its midpoint (flagged); a ratio as its numerator (the count); a bound
    (trên, gần, khoảng) as the number written, flagged with its qualifier. Flags that say the
    figure's date was inferred (:data:`DATE_FLAGS`) come along, so no rate hides an imputed date.
    """
    midpoint = (figures["value"] + figures["value_high"]) / 2
    is_range = figures["qualifier"] == "range"
    value = figures["value"].where(~is_range, midpoint)
    inexact = ~figures["qualifier"].isin(list(EXACT_QUALIFIERS))
    flag = pd.Series("", index=figures.index, dtype=object)
    flag = flag.mask(is_range, RANGE_MIDPOINT)
    flag = flag.mask(inexact, INEXACT + figures["qualifier"].astype(str))
    if "flags" in figures:
        dated = figures["flags"].fillna("").astype(str).map(
            lambda f: ";".join(x for x in f.split(";") if x in DATE_FLAGS))
        flag = join_flags(flag, dated)
    return value, flag


def actual_points(frame: pd.DataFrame, types: tuple[str, ...]) -> pd.DataFrame:
    """The actual figures whose period type is one of ``types``, with ``point`` and ``point_flag`` added."""
    rows = frame[(frame["kind"] == "actual") & frame["period_type"].isin(types)].copy()
    rows["point"], rows["point_flag"] = point_values(rows)
    return rows
