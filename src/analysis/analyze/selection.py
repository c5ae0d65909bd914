"""Notebook parameters → validated selections, failing with the list of valid values.

A typo in a papermill parameter should stop the run at once with a message that says what
would have worked, not produce an empty table three cells later.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.errors import quote
from analysis.core.text import fold
from analysis.ingest.provinces import closest_places, place_ids, resolve_province

ALL = "all"


def select_provinces(value: str, provinces: pd.DataFrame, present: pd.Series, *, sources: pd.DataFrame | None = None,
                     accept_all: bool = True) -> list[str]:
    """``"all"`` (where ``accept_all``) or one province name/id → province ids, limited to provinces that have data.

    A wrong value fails listing what the caller accepts: the places with sources (``sources``, the
    raw sources table, where given; else the places with figures), 'all' only where it is accepted,
    and a 'did you mean' only among places with figures.
    """
    available = sorted(set(present))
    valid = _valid(provinces, available, sources, accept_all)
    if fold(value).lower() == ALL:
        if accept_all:
            return available
        raise ValueError(f"one place, not 'all': {valid}")
    try:
        province_id = resolve_province(value, provinces)
    except ValueError:
        close = closest_places(value, provinces, among=available)
        hint = f" did you mean {', '.join(close)}?;" if close else ""
        raise ValueError(f"unknown province {quote(value)};{hint} {valid}") from None
    if province_id not in available:
        raise ValueError(f"no figures for province {quote(value)}; {mapping(province_id, provinces, available)}"
                         f"{valid}")
    return [province_id]


def figure_places(layer) -> pd.Series:
    """The province id of every raw figure (its place, else its source's province): the places a report can show."""
    figures, sources = layer.figures, layer.sources
    province = figures["source_id"].map(dict(zip(sources["source_id"], sources["province"])))
    place = figures["place"].where(figures["place"] != "", province)
    return place_ids(place, layer.provinces).dropna()


def mapping(province_id: str, provinces: pd.DataFrame, available: list[str]) -> str:
    """What a place was merged into, or formed from, in 2025, and which of those have figures: '… ; ' or ''."""
    table = provinces.set_index("province_id")
    name = table.at[province_id, "name_vi"]
    current = table.at[province_id, "current_province_id"]
    before = sorted(table.index[(table["current_province_id"] == province_id) & (table.index != province_id)])
    parts = []
    if before:
        with_data = [table.at[b, "name_vi"] for b in before if b in available]
        parts.append(f"{name} was formed on {table.at[province_id, 'valid_from']} from "
                     f"{', '.join(table.at[b, 'name_vi'] for b in before)}"
                     + (f"; figures exist for {', '.join(with_data)}" if with_data else ""))
    if current != province_id:
        parts.append(f"{name} is part of {table.at[current, 'name_vi']} since {table.at[province_id, 'current_since']}"
                     + (", which has figures" if current in available else ""))
    return "".join(f"{p}; " for p in parts)


#: Up to this many places with figures are listed by name in a message; more are counted.
LISTED_PLACES = 15


def _valid(provinces: pd.DataFrame, available: list[str], sources: pd.DataFrame | None = None,
           accept_all: bool = True) -> str:
    """'valid: A, B or 'all'': the places with sources among those with figures (or, without ``sources``,
    the places with figures: by name for a few, counted for many); 'all' only where it is accepted."""
    names_of = provinces.set_index("province_id")["name_vi"]
    or_all = " or 'all'" if accept_all else ""
    if sources is not None:
        with_sources = set(place_ids(sources["province"], provinces).dropna())
        listed = sorted(names_of[[p for p in available if p in with_sources]])
        others = len(available) - len(listed)
        more = (f" ({others} more place{'s have' if others > 1 else ' has'} figures only from other places' sources: "
                f"data/processed/series.csv lists {'them' if others > 1 else 'it'})" if others else "")
        return f"valid: {', '.join(listed)}{or_all}{more}"
    names = sorted(names_of[available])
    if len(names) <= LISTED_PLACES:
        return f"valid: {', '.join(names)}{or_all}"
    return (f"valid: one of the {len(names)} places with figures (data/processed/series.csv, column province)"
            + (", or 'all'" if accept_all else ""))


def select_indicators(value: str | list[str], indicators: pd.DataFrame) -> list[str]:
    """``"all"``, one id, a comma-separated list or a list of ids → indicator ids, all known."""
    known = list(indicators["indicator_id"])
    if isinstance(value, str) and fold(value).lower() == ALL:
        return known
    wanted = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [v for v in wanted if v not in set(known)]
    if unknown or not wanted:
        raise ValueError(f"unknown indicator(s) {', '.join(map(quote, unknown)) or '(none given)'}; "
                         f"valid: {', '.join(sorted(known))} or 'all'")
    return wanted


def as_of_date(value: str) -> pd.Timestamp | None:
    """``"latest"`` (None: each province at its own newest article) or an ISO date (one date for all)."""
    if fold(value).lower() == "latest":
        return None
    try:
        return pd.Timestamp(pd.to_datetime(value, format="%Y-%m-%d"))
    except (ValueError, TypeError):
        raise ValueError(f"as_of must be 'latest' or a date YYYY-MM-DD, not {quote(value)}") from None


def rows_for(table: pd.DataFrame, province_ids: list[str], indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """The rows of a result table for the selected provinces (and indicators, where the table has them)."""
    keep = table["province_id"].isin(province_ids)
    if indicator_ids is not None and "indicator_id" in table:
        keep &= table["indicator_id"].isin(indicator_ids) | (table["indicator_id"] == "")
    return table[keep]
