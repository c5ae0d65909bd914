"""Report charts: one registry, chosen from the data, drawn with seaborn in one shared style.

Each entry of :data:`CHARTS` says its file name, its title (a key of :mod:`analysis.labels`),
which series it applies to — chosen from series.csv and the codebook (period type, family, unit,
number of observations), never from lists of indicators in code — and how it draws them. A new
indicator or a new article reaches the charts with no code change; a chart that has nothing to
show returns ``None`` and the report says so in a sentence.

Charts are :class:`matplotlib.figure.Figure` objects made without pyplot: importing this module
changes no backend and leaves nothing open in a notebook; the report saves them as PNG and SVG,
byte-identical on every run. Colours are Okabe–Ito (distinct for the common forms of colour
blindness); every label is in the report's language; dates on axes are years.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .labels import QUALIFIER_SIGNS, breakdown_names, date_text, indicator_names, labelled, text, unit_names

#: Okabe & Ito (2008): distinguishable with protanopia, deuteranopia and tritanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
HIGHLIGHT, NEUTRAL, TARGET, OTHER = PALETTE[3], PALETTE[0], "#000000", "#999999"

STYLE = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib; every Vietnamese letter
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "vn-dx",  # stable ids inside SVG files
    "svg.fonttype": "path",
}
WIDTH = 6.8        # inches: the text width of an A4 page with the report's margins
MAX_HEIGHT = 8.8   # inches: a chart never runs past one page
MAX_PANELS = 8     # series shown as small multiples (4 rows of 2); the rest are in series.csv


@dataclass(frozen=True)
class ChartData:
    """What a chart may read: the processed tables, the codebook and sources, one place, one language."""

    figures: pd.DataFrame
    targets: pd.DataFrame
    series: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    province_id: str
    lang: str
    breakdowns: pd.DataFrame = None  # data/raw/breakdowns.csv: breakdown labels in each language

    def __repr__(self) -> str:
        return f"ChartData({self.province_id!r}, {self.lang!r}, {len(self.figures)} figures, {len(self.series)} series)"

    @property
    def names(self) -> dict[str, str]:
        return indicator_names(self.indicators, self.lang)

    def fingerprint(self, chart: str) -> str:
        """A hash of everything ``chart`` may read for this place and language, and of the code that draws it.

        Figures of the place and of Việt Nam (the benchmark), the place's targets and series, the
        codebook, sources and breakdown names: a change anywhere else leaves the chart as it is.
        """
        import hashlib

        digest = hashlib.sha256(f"{chart}|{self.province_id}|{self.lang}|{code_version()}".encode())
        places = {self.province_id, "viet-nam"}
        frames = (self.figures[self.figures["province_id"].isin(places)],
                  self.targets[self.targets["province_id"] == self.province_id] if len(self.targets) else self.targets,
                  self.series[self.series["province_id"] == self.province_id] if len(self.series) else self.series,
                  self.indicators, self.sources, self.breakdowns if self.breakdowns is not None else pd.DataFrame())
        for frame in frames:
            digest.update("|".join(map(str, frame.columns)).encode())
            digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
        return digest.hexdigest()

    def part(self, breakdown: str) -> str:
        """A breakdown in the chart's language; 'total' for the figure of the whole."""
        if not breakdown:
            return text("total", self.lang)
        names = {} if self.breakdowns is None else breakdown_names(self.breakdowns, self.lang)
        return names.get(breakdown, breakdown)

    def label(self, indicator_id: str, breakdown: str = "") -> str:
        """'Name (breakdown)' in the chart's language."""
        names = {} if self.breakdowns is None else breakdown_names(self.breakdowns, self.lang)
        return labelled(self.names.get(indicator_id, indicator_id), breakdown, names)

    @property
    def units(self) -> dict[str, str]:
        return unit_names(self.indicators, self.lang)

    def actuals(self, province_id: str | None = None) -> pd.DataFrame:
        """Actual observations (levels, windows and flows) of a place, with their codebook columns."""
        rows = self.figures[(self.figures["province_id"] == (province_id or self.province_id))
                            & (self.figures["kind"] == "actual")
                            & self.figures["period_type"].isin(["level", "window", "flow"])]
        codebook = self.indicators[["indicator_id", "family", "time_reference", "measure_type", "domain"]]
        return rows.merge(codebook, on="indicator_id", how="left")


@dataclass(frozen=True)
class Chart:
    """One report chart: its file stem, its title key, what it applies to, and how it draws it."""

    name: str
    title: str
    select: Callable[[ChartData], pd.DataFrame]
    draw: Callable[[ChartData, pd.DataFrame], Figure]
    #: False for a chart that compares a place with the nation: the nation's report leaves it out.
    for_the_nation: bool = True

    def applies(self, data: ChartData) -> bool:
        """Whether the chart belongs in this place's report at all (with data or, if none, a sentence)."""
        return self.for_the_nation or data.province_id != "viet-nam"

    def make(self, data: ChartData) -> Figure | None:
        """The chart for ``data``, or None where nothing in the data applies."""
        chosen = self.select(data)
        return None if chosen.empty else self.draw(data, chosen)


# --- helpers ------------------------------------------------------------------------------------------

def wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def number(value: float, lang: str) -> str:
    """A number as the report's language writes it, to 3 significant digits (1,234 / 1.234; 69.7 / 69,7)."""
    if pd.isna(value):
        return ""
    body = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return body.replace(",", "\x00").replace(".", ",").replace("\x00", ".") if lang == "vi" else body


def source_labels(data: ChartData, source_ids) -> dict[str, str]:
    """source_id → 'Outlet (2024)', wrapped, never truncated."""
    table = data.sources.set_index("source_id")
    return {s: wrap(f"{table.at[s, 'outlet']} ({table.at[s, 'published'][:4]})", 40) for s in source_ids}


def source_line(data: ChartData, source_ids) -> str:
    """'Source: Báo Bắc Kạn (2024-10-10, approx.); …' for the sources behind what a chart shows."""
    rows = data.sources[data.sources["source_id"].isin(set(source_ids))].sort_values("published", kind="stable")
    parts = [f"{o} ({date_text(pd.Timestamp(p), data.lang)}"
             + (f", {text('approximate', data.lang)})" if q == "approximate" else ")")
             for o, p, q in zip(rows["outlet"], rows["published"], rows["published_precision"])]
    return f"{text('sources', data.lang)}: " + "; ".join(parts)


def new_figure(height: float) -> Figure:
    with rc_context(STYLE):
        return Figure(figsize=(WIDTH, min(height, MAX_HEIGHT)), layout="constrained")


def finish(fig: Figure, data: ChartData, title_key: str, source_ids, note: str = "",
           handles: list | None = None) -> Figure:
    """The title above (with the legend under it), the note and the source line below, wrapped to the width.

    The title is the legend's title when there is a legend: matplotlib's constrained layout stacks a
    suptitle and a figure legend on top of each other, but never a legend and its own title.
    """
    title = wrap(text(title_key, data.lang), 80)
    if handles:
        long = sum(len(h.get_label()) for h in handles) > 95
        fig.legend(handles=handles, loc="outside upper left", ncol=1 if long else len(handles), fontsize=7,
                   frameon=False,
                   title=title, alignment="left", title_fontproperties={"weight": "bold", "size": 10.5})
    else:
        fig.suptitle(title, x=0.01, ha="left", fontsize=10.5, fontweight="bold")
    footer = "\n".join(line for line in (wrap(note, 130), wrap(source_line(data, source_ids), 130)) if line)
    fig.supxlabel(footer, x=0.01, ha="left", fontsize=6.5, color="#555555")
    return fig


def _date_label(value: float, _position=None) -> str:
    """A tick as '2024' on 1 January, else 'month/year' ('6/2024'): the same in both languages."""
    date = mdates.num2date(value)
    return f"{date.year}" if (date.month, date.day) == (1, 1) else f"{date.month}/{date.year}"


def year_axis(ax) -> None:
    """Dates on the x axis, the same in both languages (no month names).

    Over two years or more, each year is a band between gridlines at 1 January, labelled in its
    middle: a figure of 31 December 2020 sits at the right edge of the band "2020", not on a tick
    "2021". At most about six labels (every second or fifth year when the span is long). Over a
    shorter span, month/year ticks.
    """
    low, high = ax.get_xlim()
    if high - low < 2 * 365:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)) if high - low > 300
                                   else mdates.AutoDateLocator(minticks=2, maxticks=4))
        ax.xaxis.set_major_formatter(_date_label)
    else:
        years = (high - low) / 365.25
        step = 1 if years <= 6 else (2 if years <= 12 else 5)
        ax.xaxis.set_major_locator(mdates.YearLocator())  # boundaries: gridlines, no labels
        ax.xaxis.set_major_formatter(lambda value, _position=None: "")
        ax.xaxis.set_minor_locator(mdates.YearLocator(step, month=7, day=1))  # labels mid-year
        ax.xaxis.set_minor_formatter(lambda value, _position=None: str(mdates.num2date(value).year))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=6.5)
    ax.set_xlabel("")


def value_axis(ax, lang: str, integer: bool = False, axis: str = "y") -> None:
    """Tick labels as the report's language writes numbers (1.234,5 in Vietnamese), no offset ('1e8')."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    if integer:
        target.set_major_locator(MaxNLocator(nbins=5, integer=True))
    target.set_major_formatter(lambda value, _position=None: tick_number(value, lang))


def tick_number(value: float, lang: str) -> str:
    """A tick value: whole numbers with separators, else up to 3 decimals without trailing zeros."""
    value = round(float(value), 6)
    body = f"{value:,.0f}" if abs(value) >= 1000 or value.is_integer() else f"{value:,.3f}".rstrip("0").rstrip(".")
    body = body.replace("-", "\u2212")
    return body.replace(",", "\x00").replace(".", ",").replace("\x00", ".") if lang == "vi" else body


# --- 1. series over time ---------------------------------------------------------------------------------

def select_changing(data: ChartData) -> pd.DataFrame:
    """The place's series of levels or windows with two comparable observations or more (series.csv).

    Series whose value moved first, then the most observed; a series that stayed the same comes last.
    """
    series = data.series[(data.series["province_id"] == data.province_id)
                         & (data.series["computable"].astype(str) == "True")
                         & data.series["period_type"].isin(["level", "window"])]
    if series.empty:
        return series
    actual = data.actuals()
    spread = actual.groupby(["indicator_id", "breakdown"])["value"].agg(lambda v: v.max() > v.min())
    moved = [bool(spread.get((i, b), False)) for i, b in zip(series["indicator_id"], series["breakdown"])]
    order = series.assign(n=series["observations"].astype(int), still=[not m for m in moved]).sort_values(
        ["still", "n", "indicator_id", "breakdown"], ascending=[True, False, True, True], kind="stable")
    return order.head(MAX_PANELS)


def draw_changing(data: ChartData, chosen: pd.DataFrame) -> Figure:
    """Small multiples: each series' observations by source, windows as segments, its targets as
    diamonds at their deadline, and close concepts of its family (never joined to it) as hollow grey points."""
    actual = data.actuals()
    targets = data.targets[data.targets["province_id"] == data.province_id]
    columns = 1 if len(chosen) == 1 else 2
    rows = -(-len(chosen) // columns)
    fig = new_figure(1.3 + 2.0 * rows)
    used_sources: set[str] = set()
    with rc_context(STYLE):
        axes = fig.subplots(rows, columns, squeeze=False)
        for ax, spec in zip(axes.flat, chosen.itertuples()):
            own = actual[(actual["indicator_id"] == spec.indicator_id) & (actual["breakdown"] == spec.breakdown)]
            others = actual[(actual["family"] == spec.family) & (actual["indicator_id"] != spec.indicator_id)
                            & (actual["breakdown"] == spec.breakdown)]
            own = own.sort_values("period_end")
            used_sources |= set(own["source_id"]) | set(others["source_id"])
            sns.lineplot(data=own, x="period_end", y="value", ax=ax, color=NEUTRAL, linewidth=1.2, legend=False)
            sns.scatterplot(data=own, x="period_end", y="value", ax=ax, color=NEUTRAL, s=28, zorder=3, legend=False)
            windows = own[own["period_start"].notna() & (own["period_start"] != own["period_end"])]
            ax.hlines(windows["value"], windows["period_start"], windows["period_end"], color=NEUTRAL, linewidth=3,
                      alpha=0.35)
            if not others.empty:
                ax.scatter(others["period_end"], others["value"], facecolors="none", edgecolors=OTHER, s=28, zorder=3)
            goals = targets[(targets["indicator_id"] == spec.indicator_id) & (targets["breakdown"] == spec.breakdown)]
            if not goals.empty:
                ax.scatter(goals["deadline"], goals["target_value"], marker="D", color=TARGET, s=24, zorder=4)
            ends = own.iloc[[0, -1]] if len(own) > 1 else own  # first and latest: labels never pile up
            for x, y, q in zip(ends["period_end"], ends["value"], ends["qualifier"]):
                # the value as the source qualifies it, and its month: a point of 31 December is that year's
                ax.annotate(f"{QUALIFIER_SIGNS.get(q, '')}{number(y, data.lang)} ({x.month}/{x.year})", (x, y),
                            xytext=(0, 5), textcoords="offset points", ha="center", fontsize=6)
            ax.margins(x=0.12, y=0.18)
            ax.set_title(wrap(data.label(spec.indicator_id, spec.breakdown), 40 if columns == 2 else 90),
                         fontsize=7.5, loc="left")
            ax.set_ylabel(data.units.get(spec.indicator_id, ""), fontsize=7)
            whole = spec.unit == "rank" or (spec.unit != "%" and bool((own["value"] % 1 == 0).all()))
            value_axis(ax, data.lang, integer=whole)
            if spec.unit == "rank":
                ax.invert_yaxis()  # rank 1 on top: up is better
            year_axis(ax)
            ax.tick_params(labelsize=6.5)
        for ax in list(axes.flat)[len(chosen):]:
            ax.set_visible(False)
    handles = [Line2D([], [], color=NEUTRAL, marker="o", label=text("legend_series", data.lang)),
               Line2D([], [], color=OTHER, marker="o", markerfacecolor="none", linestyle="",
                      label=text("legend_other_concept", data.lang)),
               Line2D([], [], color=TARGET, marker="D", linestyle="", label=text("target", data.lang))]
    more = len(data.series[(data.series["province_id"] == data.province_id)
                           & (data.series["computable"].astype(str) == "True")
                           & data.series["period_type"].isin(["level", "window"])]) - len(chosen)
    note = text("more_series", data.lang, n=more) if more > 0 else ""
    return finish(fig, data, "fig_changing", used_sources, note, handles)


# --- 2. stock and additions ----------------------------------------------------------------------------

def select_stock_and_additions(data: ChartData) -> pd.DataFrame:
    """Families with a stock and a flow of one unit (stations and stations installed), observed in the place."""
    actual = data.actuals()
    kinds = actual.groupby("family")["time_reference"].agg(lambda s: set(s))
    families = [f for f, k in kinds.items() if {"stock", "flow"} & k and len(k & {"stock", "flow"}) >= 1]
    codebook = data.indicators.groupby("family")["time_reference"].agg(lambda s: set(s))
    both = [f for f in families if {"stock", "flow"} <= codebook.get(f, set())]
    return actual[actual["family"].isin(both)]


def _period(start, end, lang: str) -> str:
    """'2024-01-01–2024-09-30', or one date where the period is a day (or has no start)."""
    if pd.isna(start) or start == end:
        return date_text(end, lang)
    return f"{date_text(start, lang)}–{date_text(end, lang)}"


def draw_stock_and_additions(data: ChartData, chosen: pd.DataFrame) -> Figure:
    """Per family: the stock over time (left) and the additions of each period (right), never summed.

    Each indicator and breakdown is a line (or a bar colour) of its own, named in the legend: a
    close concept of the family (trial stations beside stations) is never joined to another.
    """
    families = sorted(chosen["family"].unique())
    fig = new_figure(1.0 + 2.3 * len(families))
    chosen = chosen.assign(who=[data.label(i, b) for i, b in zip(chosen["indicator_id"], chosen["breakdown"])])
    with rc_context(STYLE):
        axes = fig.subplots(len(families), 2, squeeze=False)
        for (left, right), family in zip(axes, families):
            rows = chosen[chosen["family"] == family]
            stock = rows[rows["time_reference"] == "stock"].sort_values(["period_end", "who"])
            flow = rows[rows["time_reference"] == "flow"].sort_values(["period_end", "who"])
            left.set_title(text("stock_panel", data.lang), fontsize=7.5, loc="left")
            right.set_title(text("additions_panel", data.lang), fontsize=7.5, loc="left")
            if stock.empty:
                left.text(0.5, 0.5, text("no_stock", data.lang), ha="center", va="center", transform=left.transAxes,
                          fontsize=7, color="#555555")
                left.set_axis_off()
            else:
                sns.lineplot(data=stock, x="period_end", y="value", hue="who", marker="o", ax=left,
                             palette=list(PALETTE[:stock["who"].nunique()]))
                for x, y in zip(stock["period_end"], stock["value"]):
                    left.annotate(number(y, data.lang), (x, y), xytext=(0, 5), textcoords="offset points",
                                  ha="center", fontsize=6.5)
                left.margins(x=0.1, y=0.15)
                year_axis(left)
            if flow.empty:
                right.text(0.5, 0.5, text("no_additions", data.lang), ha="center", va="center",
                           transform=right.transAxes, fontsize=7, color="#555555")
                right.set_axis_off()
            else:
                flow = flow.assign(period=[_period(s, e, data.lang)
                                           for s, e in zip(flow["period_start"], flow["period_end"])])
                sns.barplot(data=flow, x="period", y="value", hue="who", ax=right,
                            palette=list(PALETTE[:flow["who"].nunique()]))
                for bar in right.patches:
                    if bar.get_height() > 0:
                        right.annotate(number(bar.get_height(), data.lang), (bar.get_x() + bar.get_width() / 2,
                                       bar.get_height()), xytext=(0, 2), textcoords="offset points", ha="center",
                                       fontsize=6.5)
                right.set_xlabel("")
                right.margins(y=0.15)
                right.tick_params(axis="x", labelsize=6.5)
            for ax in (left, right):
                ax.set_ylabel(data.units.get(rows["indicator_id"].iloc[0], ""), fontsize=7)
                value_axis(ax, data.lang, integer=True)
                if ax.get_legend() is not None:
                    handles, labels = ax.get_legend_handles_labels()
                    ax.legend(handles, [wrap(label, 48) for label in labels], fontsize=6.5, title=None,
                              loc="upper left", bbox_to_anchor=(0, -0.16), frameon=False)  # below: never on the data
    return finish(fig, data, "fig_stock_additions", chosen["source_id"], text("stock_additions_note", data.lang))


# --- 3. targets --------------------------------------------------------------------------------------

def select_targets(data: ChartData) -> pd.DataFrame:
    """The place's targets of shares (%) that an actual of the same concept can be set beside.

    Targets without one are in the report's table of targets, with the reason; a chart of empty rows
    tells nothing. The same target printed twice (indicator, breakdown, value, deadline) is one row.
    """
    rows = data.targets[(data.targets["province_id"] == data.province_id) & (data.targets["unit"] == "%")]
    rows = rows[rows["latest_value"].notna()] if len(rows) else rows
    return rows.drop_duplicates(["indicator_id", "breakdown", "target_value", "target_qualifier", "deadline"])


def draw_targets(data: ChartData, chosen: pd.DataFrame) -> Figure:
    """Each target (diamond, with its value and deadline) beside the latest actual of the same concept."""
    chosen = chosen.sort_values(["deadline", "indicator_id", "breakdown"], kind="stable").reset_index(drop=True)
    names = pd.Series([data.label(i, b) for i, b in zip(chosen["indicator_id"], chosen["breakdown"])])
    set_by = chosen["target_figure_id"].map(data.figures.set_index("figure_id")["source_id"])
    labels = [wrap(name + (f" [{source_labels(data, [source])[source]}]" if twice else ""), 42)
              for name, source, twice in zip(names, set_by, names.duplicated(keep=False))]
    heights = [0.25 + 0.14 * label.count("\n") for label in labels]  # a row as tall as its wrapped label
    fig = new_figure(1.5 + sum(max(0.42, h) for h in heights))
    with rc_context(STYLE):
        ax = fig.subplots()
        y = np.cumsum([0] + [max(0.42, h) for h in heights[:-1]]) / 0.42
        latest = chosen["latest_value"].astype(float)
        ax.barh(y, latest, color=NEUTRAL, height=0.55)
        ax.scatter(chosen["target_value"], y, marker="D", color=TARGET, s=26, zorder=3)
        for yy, row, value in zip(y, chosen.itertuples(), latest):
            sign = {"more_than": ">", "at_least": "≥"}.get(row.target_qualifier, "")
            ax.annotate(f"{sign}{number(row.target_value, data.lang)}% ({row.deadline.year})", (row.target_value, yy),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=6.5, fontweight="bold")
            inside = value >= 30  # the label inside a long bar, in white; after a short one, in grey
            ax.annotate(f"{number(value, data.lang)}% · {date_text(row.latest_date, data.lang)}", (value, yy),
                        xytext=(-3 if inside else 3, 0), textcoords="offset points", va="center",
                        ha="right" if inside else "left", fontsize=6, color="white" if inside else "#333333")
        ax.set_yticks(y, labels, fontsize=6.5)
        ax.set_xlim(0, 130)
        ax.set_xticks(range(0, 101, 20))
        value_axis(ax, data.lang, axis="x")
        ax.set_xlabel(text("share_axis", data.lang))
        ax.grid(axis="y", visible=False)
        ax.invert_yaxis()
    handles = [Line2D([], [], color=TARGET, marker="D", linestyle="", label=text("target", data.lang)),
               Line2D([], [], color=NEUTRAL, linewidth=6, label=text("latest_same_concept", data.lang))]
    used = pd.concat([chosen["target_figure_id"], chosen["latest_figure_id"]])
    sources = data.figures.loc[data.figures["figure_id"].isin(set(used)), "source_id"]
    without = data.targets[(data.targets["province_id"] == data.province_id)]
    note = text("one_concept_per_row", data.lang)
    if len(without) > len(chosen):
        note += " " + text("targets_in_table", data.lang, n=len(without) - len(chosen))
    return finish(fig, data, "fig_targets", sources, note, handles)


# --- 4. the place against the nation ---------------------------------------------------------------------

def select_benchmark(data: ChartData) -> pd.DataFrame:
    """Shares the place and Việt Nam both report, on one concept and breakdown: latest of each."""
    if data.province_id == "viet-nam":
        return pd.DataFrame()
    both = []
    for place in (data.province_id, "viet-nam"):
        rows = data.actuals(place)
        rows = rows[(rows["unit"] == "%") & rows["period_type"].isin(["level", "window"])]
        both.append(rows.sort_values("period_end").groupby(["indicator_id", "breakdown"]).tail(1))
    here, nation = both
    keys = here[["indicator_id", "breakdown"]].merge(nation[["indicator_id", "breakdown"]]).drop_duplicates()
    return pd.concat([here, nation]).merge(keys)


def draw_benchmark(data: ChartData, chosen: pd.DataFrame) -> Figure:
    """The place (colour) and the nation (black) on each shared concept, each point with its date."""
    keys = chosen[["indicator_id", "breakdown"]].drop_duplicates().reset_index(drop=True)
    fig = new_figure(1.2 + 0.5 * len(keys))
    nation = text("nation", data.lang)
    place = chosen.loc[chosen["province_id"] == data.province_id, "province"].iloc[0]
    with rc_context(STYLE):
        ax = fig.subplots()
        for k, key in keys.iterrows():
            for province_id, colour, marker in ((data.province_id, HIGHLIGHT, "o"), ("viet-nam", TARGET, "s")):
                row = chosen[(chosen["province_id"] == province_id) & (chosen["indicator_id"] == key["indicator_id"])
                             & (chosen["breakdown"] == key["breakdown"])].iloc[0]
                ax.scatter(row["value"], k, color=colour, marker=marker, s=34, zorder=3)
                ax.annotate(f"{number(row['value'], data.lang)}% ({row['period_end'].year})", (row["value"], k),
                            xytext=(0, 7 if province_id == data.province_id else -11), textcoords="offset points",
                            ha="center", fontsize=6.5, color=colour)
        ax.set_yticks(range(len(keys)), [wrap(data.label(i, b), 40)
                                        for i, b in zip(keys["indicator_id"], keys["breakdown"])], fontsize=6.5)
        ax.set_ylim(len(keys) - 0.4, -0.6)
        ax.set_xlim(0, 105)
        value_axis(ax, data.lang, axis="x")
        ax.set_xlabel(text("share_axis", data.lang))
        ax.grid(axis="y", visible=False)
    handles = [Line2D([], [], color=HIGHLIGHT, marker="o", linestyle="", label=place),
               Line2D([], [], color=TARGET, marker="s", linestyle="", label=nation)]
    return finish(fig, data, "fig_benchmark", chosen["source_id"], text("benchmark_note", data.lang), handles)


# --- 5. data coverage ------------------------------------------------------------------------------

def select_coverage(data: ChartData) -> pd.DataFrame:
    rows = data.figures[data.figures["province_id"] == data.province_id]
    return rows.merge(data.indicators[["indicator_id", "domain"]], on="indicator_id", how="left")


def draw_coverage(data: ChartData, chosen: pd.DataFrame) -> Figure:
    """Figures by domain and year of the date they refer to (deadline for targets): where the data is thin."""
    table = pd.crosstab(chosen["domain"].map(lambda d: text(f"domain_{d}", data.lang)), chosen["period_end"].dt.year)
    fig = new_figure(2.2 + 0.34 * len(table))
    with rc_context(STYLE):
        ax = fig.subplots()
        # light colours only, so the counts in dark text stay readable on every cell
        sns.heatmap(table, annot=True, fmt="d", cmap=sns.light_palette(PALETTE[5], as_cmap=True), cbar=False, ax=ax,
                    linewidths=1, linecolor="white", annot_kws={"fontsize": 7, "color": "#222222"}, vmin=0,
                    vmax=table.to_numpy().max() * 1.6)
        ax.set_xlabel(text("date_axis", data.lang))
        ax.set_ylabel("")
        ax.grid(False)
        ax.tick_params(labelsize=7, length=0)
        ax.tick_params(axis="y", rotation=0)
    return finish(fig, data, "fig_coverage", chosen["source_id"],
                  text("coverage_note", data.lang, sources=chosen["source_id"].nunique()))


#: Every chart of the report, in order. One entry per chart: adding one is adding a line here.
CHARTS: tuple[Chart, ...] = (
    Chart("what_changed", "fig_changing", select_changing, draw_changing),
    Chart("stock_and_additions", "fig_stock_additions", select_stock_and_additions, draw_stock_and_additions),
    Chart("targets", "fig_targets", select_targets, draw_targets),
    Chart("national_benchmark", "fig_benchmark", select_benchmark, draw_benchmark, for_the_nation=False),
    Chart("data_coverage", "fig_coverage", select_coverage, draw_coverage),
)


#: The PNG text chunk that records what a saved chart was drawn from (see :meth:`ChartData.fingerprint`).
INPUTS_KEY = "vn-dx-inputs"


def save(fig: Figure, folder: Path, stem: str, inputs: str = "") -> dict[str, Path]:
    """PNG (screens, README, notebook) and SVG (print), without timestamps, written atomically.

    ``inputs`` (a fingerprint of what the chart was drawn from) is stored in the PNG, so a later
    run with the same inputs can keep the files instead of drawing them again (:func:`saved_for`).
    The layout is computed once, for the PNG; the SVG reuses it.
    """
    from .tables import replace_atomically

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    png_meta = {"Software": None, **({INPUTS_KEY: inputs} if inputs else {})}
    with rc_context(STYLE):
        for kind, meta in (("png", png_meta), ("svg", {"Date": None, "Creator": None})):
            target = folder / f"{stem}.{kind}"
            with replace_atomically(target) as scratch:
                fig.savefig(scratch, format=kind, metadata=meta)
                if kind == "svg":
                    scratch.write_text(stable_svg_ids(scratch.read_text(encoding="utf-8")), encoding="utf-8")
            written[kind] = target
            fig.set_layout_engine("none")  # keep the positions just computed
    return written


def saved_for(folder: Path, stem: str, inputs: str) -> dict[str, Path] | None:
    """The files of a chart already drawn from exactly ``inputs``, or None (then it must be drawn)."""
    from PIL import Image

    files = {kind: Path(folder) / f"{stem}.{kind}" for kind in ("png", "svg")}
    if not inputs or not all(p.is_file() for p in files.values()):
        return None
    try:
        with Image.open(files["png"]) as image:
            recorded = image.text.get(INPUTS_KEY, "")
    except OSError:  # a truncated or foreign file: draw it again
        return None
    return files if recorded == inputs else None


def code_version() -> str:
    """What else a chart depends on: this module, the labels, the style, and the plotting libraries' versions."""
    import hashlib

    import matplotlib

    digest = hashlib.sha256()
    for module in ("plots.py", "labels.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    digest.update(f"{matplotlib.__version__} {sns.__version__} {sorted(STYLE.items())}".encode())
    return digest.hexdigest()


def stable_svg_ids(svg: str) -> str:
    """Renumber matplotlib's clip-path ids in order of appearance.

    Some ids hash the Python ``id()`` of an object, which changes from run to run even with
    ``svg.hashsalt`` set; renumbering makes the file byte-identical without changing the drawing.
    """
    ids = list(dict.fromkeys(re.findall(r'id="(p[0-9a-f]{10})"', svg)))
    for number_, old in enumerate(ids):
        svg = svg.replace(old, f"clip{number_}")
    return svg
