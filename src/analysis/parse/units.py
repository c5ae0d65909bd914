"""Units as written → the codebook's canonical unit, with the scale factor to apply.

The vocabulary lives in data/raw/units.csv (declared data, extended when a new article brings a
new word), not in code. A row may name an indicator: where one word means different things
("lần" is a multiple in "gấp 2,5 lần", but could count occurrences for another indicator), the
row for the figure's indicator wins over the generic one. A unit that does not fit the
indicator is rejected, never converted.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.errors import shorten_series
from analysis.core.text import fold_series

IMPLIED = "unit_implied_by_indicator"
PERCENT_CHANGE = "change_written_in_percent"
SHARE_CHANGE = "share_change_points_or_relative"
MULTIPLE_CHANGE = "change_written_as_multiple"

#: The flags unit reading sets, with what they mean (data/README.md, "Flags").
FLAGS: dict[str, str] = {
    IMPLIED: "no unit is printed: the indicator's unit is taken",
    PERCENT_CHANGE: "a change of a count written in %: a relative change",
    MULTIPLE_CHANGE: "a change written as a multiple of its basis (`gấp 2,5 lần`, `tăng hơn 4 lần`): unit `times`, "
                     "whatever the indicator's unit; no growth row reads it yet",
    SHARE_CHANGE: "a change of a share written in %: percentage points or relative, the article does not say "
                  "(growth.csv gives one row per reading)",
}

PERCENT = "%"
#: A multiple ("gấp 2,5 lần", "tăng hơn 4 lần"): like %, a change written in it fits any indicator.
TIMES = "times"
#: Points of an index score ("8,1 điểm"), for index indicators.
POINTS = "points"
#: Canonical units a change may be written in whatever the indicator's unit, with the flag it gets.
CHANGE_UNITS: dict[str, str] = {PERCENT: PERCENT_CHANGE, TIMES: MULTIPLE_CHANGE}
#: Canonical units units.csv may declare without an indicator in that unit: the change units, and
#: points, declared before the first index indicator so that a score is named, not unknown.
UNITS_WITHOUT_INDICATOR: tuple[str, ...] = (PERCENT, TIMES, POINTS)

_KEY_SEP = "\x1f"  # joins indicator id and unit word into one lookup key: never in either


def _lookup(keys: pd.Series, values: pd.Series, written: pd.Series) -> pd.Series:
    """``values`` for each written key: an exact (NFC-folded) match first, then a case-insensitive one."""
    exact = written.map(dict(zip(keys, values)))
    return exact.fillna(written.str.lower().map(dict(zip(keys.str.lower(), values))))


def resolve_units(unit_written: pd.Series, indicator_unit: pd.Series, kind: pd.Series,
                  percent_sign: pd.Series, units: pd.DataFrame,
                  indicator_id: pd.Series | None = None) -> pd.DataFrame:
    """unit, factor, unit_flag and unit_error for every figure.

    - a row of units.csv for the figure's indicator wins over the generic row (empty indicator_id);
    - an empty unit takes the indicator's (flagged), or ``%`` where the value carries a ``%``;
    - a change written in ``%`` or in ``times`` (lần) keeps that unit whatever the indicator,
      flagged: a change in % of a count is relative, of a share points or relative (the growth
      step computes both readings); a change in times is a multiple of its basis;
    - an unknown unit, or one that does not fit the indicator, is an error naming both;
    - a ``%`` written in the value with a unit that is not % ("672%", "trạm BTS") is an error: the
      value's own sign and the unit contradict each other, and neither is dropped.
    """
    index = unit_written.index
    if indicator_id is None:
        indicator_id = pd.Series("", index=index)
    written = fold_series(unit_written.fillna(""))
    written = written.where(~((written == "") & percent_sign), PERCENT)
    table = units.assign(
        key=fold_series(units["unit_as_written"]),
        indicator_id=(units["indicator_id"] if "indicator_id" in units else pd.Series("", index=units.index)).fillna(""),
        factor=units["factor"].astype(float),
    )
    generic = table[table["indicator_id"] == ""]
    specific = table[table["indicator_id"] != ""]
    specific_keys = specific["indicator_id"] + _KEY_SEP + specific["key"]
    written_specific = indicator_id.fillna("").astype("string") + _KEY_SEP + written
    # one lookup per source of truth: the indicator's own row where there is one, else the generic row
    mapped = _lookup(specific_keys, specific["unit"], written_specific).astype("string").fillna(
        _lookup(generic["key"], generic["unit"], written).astype("string"))
    factor = _lookup(specific_keys, specific["factor"], written_specific).astype(float).fillna(
        _lookup(generic["key"], generic["factor"], written).astype(float))

    empty = written == ""
    unit = mapped.where(~empty, indicator_unit.astype("string"))
    factor = factor.where(~empty, 1.0)
    flag = pd.Series("", index=index, dtype=object).mask(empty, IMPLIED)

    change = kind == "change"
    written_as_change = pd.Series(False, index=index)
    for change_unit, change_flag in CHANGE_UNITS.items():
        # a change in the indicator's own unit is an ordinary change; in % or times of another, flagged
        hit = (change & (unit == change_unit) & (indicator_unit != change_unit)).fillna(False).astype(bool)
        flag = flag.mask(hit, change_flag)
        written_as_change = written_as_change | hit
    # "tăng 2,32%" of a share: percentage points or a relative change? The text rarely says.
    share_change = (change & (unit == PERCENT) & (indicator_unit == PERCENT)).fillna(False).astype(bool)
    flag = flag.mask(share_change, SHARE_CHANGE)

    error = pd.Series(pd.NA, index=index, dtype="string")
    unknown = ~empty & mapped.isna()
    error[unknown] = "unknown unit '" + shorten_series(written[unknown]) + "' (not in units.csv)"
    misfit = ~unknown & ~empty & ~written_as_change & (unit != indicator_unit)
    error[misfit] = ("unit '" + shorten_series(written[misfit]) + "' means " + unit[misfit].fillna("")
                     + ", but the indicator is in " + indicator_unit[misfit].astype("string"))
    # the only unit sign a value may carry is "%" (analysis.parse.numbers): printed in "672%", it is part of the
    # figure, so a unit that says otherwise ("trạm BTS") contradicts it; dropping either would guess
    signed = percent_sign.fillna(False).astype(bool) & ~empty & ~unknown & (unit != PERCENT).fillna(True)
    contradicts = signed & error.isna()
    error[contradicts] = ("the value is written in %, but its unit '" + shorten_series(written[contradicts])
                          + "' means " + unit[contradicts].fillna(""))
    return pd.DataFrame({"unit": unit, "factor": factor, "unit_flag": flag, "unit_error": error}, index=index)
