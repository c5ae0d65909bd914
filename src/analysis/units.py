"""Units as written → the codebook's canonical unit, with the scale factor to apply.

The vocabulary lives in data/raw/units.csv (declared data, extended when a new article brings a
new word), not in code. A unit that does not fit the indicator is rejected, never converted.
"""

from __future__ import annotations

import pandas as pd

from .text import fold_series

IMPLIED = "unit_implied_by_indicator"
PERCENT_CHANGE = "change_written_in_percent"
SHARE_CHANGE = "share_change_points_or_relative"


def resolve_units(unit_written: pd.Series, indicator_unit: pd.Series, kind: pd.Series,
                  percent_sign: pd.Series, units: pd.DataFrame) -> pd.DataFrame:
    """unit, factor, unit_flag and unit_error for every figure.

    - an empty unit takes the indicator's (flagged), or ``%`` where the value carries a ``%``;
    - a change written in ``%`` keeps ``%`` whatever the indicator, flagged: of a count it is a
      relative change; of a share it may be percentage points or relative (the growth step
      computes both readings);
    - an unknown unit, or one that does not fit the indicator, is an error naming both.
    """
    index = unit_written.index
    written = fold_series(unit_written.fillna(""))
    keys = fold_series(units["unit_as_written"])
    factors = units["factor"].astype(float)
    written = written.where(~((written == "") & percent_sign), "%")
    lower = written.str.lower()
    mapped = written.map(dict(zip(keys, units["unit"]))).fillna(
        lower.map(dict(zip(keys.str.lower(), units["unit"])))).astype("string")
    factor = written.map(dict(zip(keys, factors))).fillna(
        lower.map(dict(zip(keys.str.lower(), factors)))).astype(float)

    empty = written == ""
    unit = mapped.where(~empty, indicator_unit.astype("string"))
    factor = factor.where(~empty, 1.0)
    flag = pd.Series("", index=index, dtype=object).mask(empty, IMPLIED)

    percent_change = (kind == "change") & (unit == "%") & (indicator_unit != "%")
    flag = flag.mask(percent_change, PERCENT_CHANGE)
    # "tăng 2,32%" of a share: percentage points or a relative change? The text rarely says.
    flag = flag.mask((kind == "change") & (unit == "%") & (indicator_unit == "%"), SHARE_CHANGE)

    error = pd.Series(pd.NA, index=index, dtype="string")
    unknown = ~empty & mapped.isna()
    error[unknown] = "unknown unit '" + written[unknown] + "' (not in data/raw/units.csv)"
    misfit = ~unknown & ~empty & ~percent_change & (unit != indicator_unit)
    error[misfit] = ("unit '" + written[misfit] + "' means " + unit[misfit].fillna("")
                     + ", but the indicator is in " + indicator_unit[misfit].astype("string"))
    return pd.DataFrame({"unit": unit, "factor": factor, "unit_flag": flag, "unit_error": error}, index=index)
