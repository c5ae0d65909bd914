"""Provinces: the one the article is about, and the one it belongs to since the 2025 merger."""

from __future__ import annotations

import pandas as pd

from .text import fold, fold_series


def attach_provinces(sources: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """source_id → province (historical name and id) and current province (name and id).

    Names are compared after NFC folding, so a decomposed "Bắc Kạn" still matches.
    """
    table = provinces.assign(key=fold_series(provinces["name_vi"]))
    current = provinces.set_index("province_id")["name_vi"]
    joined = sources[["source_id"]].assign(key=fold_series(sources["province"])).merge(
        table[["key", "province_id", "name_vi", "current_province_id"]], on="key", how="left", validate="m:1")
    return pd.DataFrame({
        "source_id": joined["source_id"],
        "province": joined["name_vi"],
        "province_id": joined["province_id"],
        "current_province": joined["current_province_id"].map(current),
        "current_province_id": joined["current_province_id"],
    })


def resolve_province(name: str, provinces: pd.DataFrame) -> str:
    """A province as a user types it (``Bắc Kạn``, ``bac kan``, ``bac-kan``) → its province_id.

    Raises ValueError listing the valid names, for notebook parameters.
    """
    wanted = fold(name).lower()
    keys = {}
    for pid, vi, en in zip(provinces["province_id"], provinces["name_vi"], provinces["name_en"]):
        for key in (pid, fold(vi).lower(), fold(en).lower()):
            keys[key] = pid
    if wanted in keys:
        return keys[wanted]
    valid = ", ".join(sorted(provinces["name_vi"]))
    raise ValueError(f"unknown province {name!r}; valid: {valid}")
