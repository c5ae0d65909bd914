"""Which series exist, and can their growth be computed? One row per series for data/processed/series.csv.

A series is one province, one indicator (one concept of one universe) and one breakdown. Scope
numbers ("3 cấp hành chính") are not statistics and form no series. The table says how many
observations each series has, when, from which sources, and whether a change over time can be
computed — and if not, why not — so that a researcher sees the gaps before looking for growth.
"""

from __future__ import annotations

import pandas as pd

from analysis.analyze.pointvalues import SERIES, with_indicators
from analysis.core.tableschema import SERIES as SERIES_TABLE
from analysis.core.vocabulary import WHY_NOT
from analysis.parse.concepts import CHANGE, EVENT, FLOW, LEVEL, SCOPE, TARGET, WINDOW, series_type

SERIES_COLUMNS = SERIES_TABLE.columns

#: Columns of series.csv that are not text, with their types.
SERIES_TYPES: dict[str, str] = SERIES_TABLE.dtypes()


def series_table(figures: pd.DataFrame, indicators: pd.DataFrame, growth: pd.DataFrame) -> pd.DataFrame:
    """One row per series of statistics, sorted by province, indicator and breakdown."""
    frame = with_indicators(figures, indicators)
    frame = frame[frame["period_type"] != SCOPE]
    if frame.empty:  # no statistic: an empty table whose numbers, dates and booleans keep their types
        return pd.DataFrame({c: pd.Series(dtype=SERIES_TYPES.get(c, object)) for c in SERIES_COLUMNS})
    kind = frame["period_type"]
    observed = kind.isin([LEVEL, WINDOW, FLOW, EVENT])
    grouped = frame.groupby(SERIES, sort=True)
    table = pd.concat({
        "province": grouped["province"].first(), "current_province": grouped["current_province"].first(),
        "observations": observed.groupby([frame[c] for c in SERIES]).sum(),
        "derived": (observed & (frame["origin"] == "derived")).groupby([frame[c] for c in SERIES]).sum(),
        "changes": (kind == CHANGE).groupby([frame[c] for c in SERIES]).sum(),
        "targets": (kind == TARGET).groupby([frame[c] for c in SERIES]).sum(),
        "first_date": frame["period_end"].where(observed).groupby([frame[c] for c in SERIES]).min(),
        "last_date": frame["period_end"].where(observed).groupby([frame[c] for c in SERIES]).max(),
        "dates": frame["period_end"].where(observed).groupby([frame[c] for c in SERIES]).nunique(),
        "open_flows": (observed & (kind == FLOW) & frame["period_start"].isna()).groupby(
            [frame[c] for c in SERIES]).sum(),
        "source_ids": grouped["source_id"].agg(lambda s: ";".join(sorted(set(s)))),
    }, axis=1).reset_index()
    codebook = indicators.set_index("indicator_id")
    table["family"] = table["indicator_id"].map(codebook["family"]).fillna(table["indicator_id"])
    for column in ("concept", "universe", "unit"):
        table[column] = table["indicator_id"].map(codebook[column]).fillna("")
    table["period_type"] = series_type(table["indicator_id"].map(codebook["time_reference"]),
                                       table["indicator_id"].map(codebook["role"]),
                                       table["indicator_id"].map(codebook["measure_type"]))
    # changes over time between observations: not reported changes, baselines (estimates) or breaks
    between = ["consecutive", "first_to_last", "comparable_change", "rate_change", "run_rate"]
    counted = growth[growth["method"].isin(between)].groupby(SERIES).size()
    table["growth_rows"] = pd.MultiIndex.from_frame(table[SERIES]).map(counted).fillna(0).astype(int)

    n, dates = table["observations"], table["dates"]
    flow, event = table["period_type"] == FLOW, table["period_type"] == EVENT
    why = pd.Series("", index=table.index, dtype=object)
    why = why.mask((dates < 2) & (n >= 2), WHY_NOT["one_date"])
    why = why.mask(n == 1, WHY_NOT["one"])
    why = why.mask(flow & (n == 1), WHY_NOT["one_flow"])
    why = why.mask(flow & (n == 1) & (table["open_flows"] == 1), WHY_NOT["one_flow_open"])
    why = why.mask(flow & (n >= 2) & (n - table["open_flows"] < 2), WHY_NOT["one_flow_open"])
    why = why.mask(n == 0, WHY_NOT["no_actual"])
    why = why.mask(event, WHY_NOT["event"])
    table["computable"] = why == ""
    table["why_not"] = why

    observed_family = frame[observed].groupby(["province_id", "family", "breakdown"])["indicator_id"].agg(
        lambda s: sorted(set(s)))
    members = pd.MultiIndex.from_frame(table[["province_id", "family", "breakdown"]]).map(observed_family)
    table["family_members_observed"] = [
        ";".join(i for i in (m if isinstance(m, list) else []) if i != own)
        for m, own in zip(members, table["indicator_id"])]
    return table[list(SERIES_COLUMNS)]
