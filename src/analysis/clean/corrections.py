"""Declared corrections: a raw value is replaced only by a row of data/raw/corrections.csv with a reason.

data/raw stays as the article printed it; the correction, its reason and the value it replaced
travel with the cleaned row (column ``corrections``), so every change is visible and reversible.
"""

from __future__ import annotations

import pandas as pd


def apply_corrections(figures: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """figures with the corrected cells replaced and a ``corrections`` column naming the corrections applied.

    The raw layer's checks guarantee every correction names an existing figure and column and the
    raw value it replaces.
    """
    corrected = figures.copy()
    applied = pd.Series("", index=figures.index, dtype=object)
    position = pd.Series(figures.index, index=figures["figure_id"])
    for correction_id, figure_id, column, value in zip(
        corrections["correction_id"], corrections["figure_id"], corrections["column"], corrections["corrected_value"]
    ):
        row = position[figure_id]
        corrected.at[row, column] = value
        applied.at[row] = f"{applied.at[row]};{correction_id}".lstrip(";")
    return corrected.assign(corrections=applied)
