"""Places: the province (or the country) a figure is about, and the province it belongs to since the 2025 merger.

data/raw/provinces.csv is a crosswalk: the 63 provinces before 1 July 2025, the 34 units after
(Nghị quyết 202/2025/QH15; the merged ones are places of their own, valid from 1 July 2025, never
the next point of their predecessors' series) and Việt Nam, a place of its own for national
benchmarks. A place is named by its Vietnamese name, its English name, its id or an alias
(``Thừa Thiên Huế`` for Huế), compared after NFC folding and case folding.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.errors import quote
from analysis.core.text import bare, fold, fold_series


def loose(name: str) -> str:
    """A name without tone marks, đ, case, spaces or punctuation: 'Việt Nam', 'viet-nam', 'VietNam' → 'vietnam'."""
    return bare(fold(name))


def place_keys(provinces: pd.DataFrame) -> dict[str, str]:
    """Every way of naming a place (folded, lower case; or :func:`loose`, where that names one place) → its id."""
    keys: dict[str, str] = {}
    loose_keys: dict[str, set[str]] = {}
    aliases = provinces["aliases"] if "aliases" in provinces else pd.Series("", index=provinces.index)
    for pid, vi, en, more in zip(provinces["province_id"], provinces["name_vi"], provinces["name_en"], aliases):
        for name in (pid, vi, en, *str(more).split(";")):
            if name.strip():
                keys.setdefault(fold(name).lower(), pid)
                loose_keys.setdefault(loose(name), set()).add(pid)
    for key, ids in loose_keys.items():
        if len(ids) == 1 and key:
            keys.setdefault(key, next(iter(ids)))
    return keys


def place_ids(names: pd.Series, provinces: pd.DataFrame) -> pd.Series:
    """Place names as written in the raw files → province ids (NaN where unknown)."""
    return fold_series(names.fillna("")).str.lower().map(place_keys(provinces))


def attach_provinces(places: pd.Series, provinces: pd.DataFrame) -> pd.DataFrame:
    """The place of each figure (a name) → province (historical name and id) and current province.

    Names are compared after NFC folding, so a decomposed "Bắc Kạn" still matches, and aliases count.
    """
    table = provinces.set_index("province_id")
    ids = place_ids(places, provinces)
    current = ids.map(table["current_province_id"])
    return pd.DataFrame({
        "province": ids.map(table["name_vi"]), "province_id": ids,
        "current_province": current.map(table["name_vi"]), "current_province_id": current,
    }, index=places.index)


def closest_places(name: str, provinces: pd.DataFrame, among=None, n: int = 3) -> list[str]:
    """The name_vi of up to ``n`` places whose names are closest to ``name``, for 'did you mean': only
    among the province ids ``among`` where given (the places a command accepts), else among all."""
    import difflib

    keys = place_keys(provinces)
    if among is not None:
        allowed = set(among)
        keys = {key: pid for key, pid in keys.items() if pid in allowed}
    names = dict(zip(provinces["province_id"], provinces["name_vi"]))
    close = difflib.get_close_matches(fold(name).lower(), list(keys), n=n, cutoff=0.6)
    return list(dict.fromkeys(names[keys[c]] for c in close))


def resolve_province(name: str, provinces: pd.DataFrame) -> str:
    """A place as a user types it (``Bắc Kạn``, ``bac kan``, ``bac-kan``, ``Thừa Thiên Huế``) → its province_id.

    Raises ValueError listing the valid names, for notebook parameters.
    """
    keys = place_keys(provinces)
    found = keys.get(fold(name).lower()) or keys.get(loose(name))
    if found:
        return found
    hint = ", ".join(closest_places(name, provinces))
    raise ValueError(f"unknown province {quote(name)}" + (f"; did you mean {hint}?" if hint else "")
                     + " (places: the name_vi, name_en, id or aliases of data/raw/provinces.csv)")
