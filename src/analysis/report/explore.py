"""A small API for exploring the dataset in JupyterLab: load the tables, find an indicator, get its
series for some places, plot it.

    import analysis
    data = analysis.load()                       # every processed table, with the raw layer
    analysis.find_indicators("5G")               # which indicators mention 5G
    analysis.observations("online_dossiers_share_electronic", ["Bến Tre", "Việt Nam"])
    analysis.plot_series("5g_stations", "Việt Nam")

Places are named as in the reports (``Bắc Kạn``, ``bac kan``, ``bac-kan``, an alias, a merged
province such as ``Thái Nguyên``); :func:`places` says how a name maps to the 2025 provinces.
Nothing here changes a file, and nothing switches matplotlib's backend: :func:`plot_series` draws
on the axes you give, or on new pyplot axes of your own session, so the plot shows where your own
plots show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.core.text import fold
from analysis.ingest.rawdata import RawLayer, load_raw_layer

#: The columns :func:`observations` returns: one observation per row, with where it comes from.
SERIES_COLUMNS = ("place", "province_id", "indicator_id", "breakdown", "period_start", "period_end", "value",
                  "unit", "qualifier", "period_type", "figure_id", "source_id", "outlet", "published", "flags")


@dataclass(frozen=True, repr=False)
class Tables:
    """The processed tables of data/processed and the raw layer they were made from."""

    layer: RawLayer
    figures: pd.DataFrame
    rejected: pd.DataFrame
    series: pd.DataFrame
    growth: pd.DataFrame
    targets: pd.DataFrame
    checks: pd.DataFrame

    def __repr__(self) -> str:
        places = self.figures["province_id"].nunique()
        return (f"Tables({len(self.figures)} figures of {places} places from {len(self.layer.sources)} sources; "
                f"{len(self.series)} series, {len(self.growth)} growth rows, {len(self.targets)} targets, "
                f"{len(self.checks)} checks, {len(self.rejected)} rejected rows; "
                f"attributes: {', '.join(TABLE_NAMES)}, layer)")


TABLE_NAMES = ("figures", "rejected", "series", "growth", "targets", "checks")


def load(processed_dir: str | Path | None = None, raw_dir: str | Path | None = None) -> Tables:
    """Every processed table (as the pipeline wrote it: dates parsed, empty text as '') and the raw layer."""
    from analysis.core.tables import read_processed

    folder = paths.resolve(processed_dir) if processed_dir is not None else paths.PROCESSED
    return Tables(layer=load_raw_layer(paths.resolve(raw_dir) if raw_dir is not None else None),
                  **{name: read_processed(name, folder) for name in TABLE_NAMES})


def find_indicators(words: str = "", tables: Tables | None = None) -> pd.DataFrame:
    """Indicators whose id, English or Vietnamese name, concept or family contains every word of ``words``.

    With the number of observations each has in the data, most observed first.
    """
    tables = tables or load()
    codebook = tables.layer.indicators
    text = (codebook["indicator_id"] + " " + codebook["name_en"] + " " + codebook["name_vi"] + " "
            + codebook["concept"] + " " + codebook["family"]).map(lambda t: fold(t).lower())
    wanted = [fold(w).lower() for w in words.split()]
    found = codebook[text.map(lambda t: all(w in t for w in wanted))]
    counts = tables.figures[tables.figures["kind"] == "actual"]["indicator_id"].value_counts()
    found = found.assign(observations=found["indicator_id"].map(counts).fillna(0).astype(int))
    return (found.sort_values(["observations", "indicator_id"], ascending=[False, True], kind="stable")
            [["indicator_id", "name_en", "unit", "family", "observations"]].reset_index(drop=True))


def places(names: str | list[str] | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """How place names map: each place's id, level, the 2025 province it belongs to, what it merged.

    ``None`` lists every place with figures. A province merged on 1 July 2025 (Thái Nguyên) is a place
    of its own whose series start then; its predecessors (Bắc Kạn, Thái Nguyên (cũ)) keep theirs.
    """
    from analysis.ingest.provinces import resolve_province

    tables = tables or load()
    table = tables.layer.provinces
    if names is None:
        ids = sorted(set(tables.figures["province_id"]))
    else:
        ids = [resolve_province(n, table) for n in ([names] if isinstance(names, str) else names)]
    by_id = table.set_index("province_id")
    counts = tables.figures["province_id"].value_counts()
    rows = []
    for pid in ids:
        before = table.loc[(table["current_province_id"] == pid) & (table["province_id"] != pid), "name_vi"]
        rows.append({"province_id": pid, "place": by_id.at[pid, "name_vi"], "level": by_id.at[pid, "level"],
                     "valid_from": by_id.at[pid, "valid_from"],
                     "part_of_since_2025": by_id.at[by_id.at[pid, "current_province_id"], "name_vi"]
                     if by_id.at[pid, "current_province_id"] != pid else "",
                     "formed_from": "; ".join(before), "figures": int(counts.get(pid, 0))})
    return pd.DataFrame(rows)


def observations(indicator: str, places: str | list[str] | None = None, tables: Tables | None = None, *,
           breakdown: str | None = None) -> pd.DataFrame:
    """The observations (actual figures) of one indicator for some places, oldest first, with their sources.

    ``places`` is a name, a list of names, or None for every place. Each row is one figure as an
    article printed it: the same date may appear twice when two sources report it. Targets and
    changes are in ``tables.targets`` and ``tables.growth``.
    """
    from analysis.ingest.provinces import resolve_province
    from analysis.analyze.selection import select_indicators

    tables = tables or load()
    select_indicators(indicator, tables.layer.indicators)  # an unknown id fails with the valid ones
    rows = tables.figures[(tables.figures["indicator_id"] == indicator) & (tables.figures["kind"] == "actual")]
    if places is not None:
        wanted = [resolve_province(p, tables.layer.provinces) for p in ([places] if isinstance(places, str)
                                                                       else places)]
        rows = rows[rows["province_id"].isin(wanted)]
    if breakdown is not None:
        rows = rows[rows["breakdown"] == breakdown]
    outlets = tables.layer.sources.set_index("source_id")["outlet"]
    rows = rows.assign(place=rows["province"], outlet=rows["source_id"].map(outlets))
    return (rows.sort_values(["province_id", "breakdown", "period_end", "figure_id"], kind="stable")
            [list(SERIES_COLUMNS)].reset_index(drop=True))


def plot_series(indicator: str, places: str | list[str] | None = None, tables: Tables | None = None, *,
                breakdown: str | None = None, ax=None, lang: str = "en"):
    """One indicator over time, a line per place (and breakdown), each observation a point; returns the axes.

    Draws on ``ax`` if given, else on new axes from pyplot (the backend of your session: inline in
    JupyterLab). Points of one line are joined only within one indicator: a close concept is another
    indicator, so it is never drawn as the continuation of this one.
    """
    import seaborn as sns

    from analysis.report.labels import indicator_names, unit_names
    from analysis.report.plots import PALETTE, year_axis

    tables = tables or load()
    rows = observations(indicator, places, tables, breakdown=breakdown)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
    if rows.empty:
        ax.set_title(f"{indicator}: no observations for this selection")
        return ax
    rows = rows.assign(line=[p + (f" ({b})" if b else "") for p, b in zip(rows["place"], rows["breakdown"])])
    sns.lineplot(data=rows, x="period_end", y="value", hue="line", style="line", markers=True, dashes=False,
                 palette=list(PALETTE[:rows["line"].nunique()]) if rows["line"].nunique() <= len(PALETTE) else None,
                 ax=ax)
    ax.set_title(indicator_names(tables.layer.indicators, lang).get(indicator, indicator), loc="left")
    ax.set_ylabel(unit_names(tables.layer.indicators, lang).get(indicator, ""))
    if rows["unit"].iloc[0] == "rank":
        ax.invert_yaxis()
    year_axis(ax)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(None)
    return ax
