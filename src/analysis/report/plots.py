"""Report charts: one registry, chosen from the data, drawn with seaborn in one shared style.

Each entry of :data:`CHARTS` is everything the report needs of a chart: its file name, its title in
each report language, which series it applies to — chosen from series.csv and the codebook (period
type, family, unit, number of observations), never from lists of indicators in code — and how it
draws them. A new indicator or a new article reaches the charts with no code change; a chart that
has nothing to show returns ``None`` and the report says so in a sentence. The report shows the
charts in the order of :data:`CHARTS`, in its Figures section: adding a chart is adding its entry,
and nothing else.

Charts are :class:`matplotlib.figure.Figure` objects made without pyplot: importing this module
changes no backend and leaves nothing open in a notebook; the report saves them as PNG and SVG,
byte-identical on every run. Colours are Okabe–Ito (distinct for the common forms of colour
blindness); every label is in the report's language; dates on axes are years.
"""

from __future__ import annotations

import functools

import re
import textwrap
from collections.abc import Callable, Mapping
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

from analysis.core.domains import domain_name
from analysis.report.labels import (BOUND_DIRECTIONS, LANGS, QUALIFIER_SIGNS, breakdown_names, check_lang, date_text, indicator_names,
                     labelled, text, unit_names)

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
#: A share (%) axis spans at least this many points (±5 around the data, kept within 0–100): 97 % → 97.3 %
#: is not drawn as a cliff.
MIN_SHARE_SPAN = 10.0
#: Ranks and whole counts span at least this much, so that their ticks are whole numbers (never 0.96, 0.99 …).
MIN_WHOLE_SPAN = 4.0
#: Room above and below the data for value labels, as a share of the data's span.
LABEL_ROOM = 0.3
LABEL_SIZE = 6.0   # points: value labels inside a panel
#: The coverage chart needs this many figures of the place: with fewer, its tables say more than a heatmap.
MIN_COVERAGE_FIGURES = 15
#: Words of the codebook's ``concept`` that make an indicator a benchmark — a world average, the average of
#: the provinces — that a chart never sets beside a series as a close concept.
BENCHMARK_CONCEPT = re.compile(r"\bbenchmark\b|\baverage of the provinces\b|\baveraged over\b", re.IGNORECASE)


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
    #: Pairs of figure ids (frozensets of two) that a cross-source check found disagreeing: two sources on
    #: one figure at (nearly) one date. A chart joins one of them and draws the others as unjoined markers.
    disputed: frozenset = frozenset()

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

        return hashlib.sha256(f"{chart}|{self.province_id}|{self.lang}|{code_version()}|{self._inputs_digest}".encode()
                              ).hexdigest()

    @functools.cached_property
    def _inputs_digest(self) -> str:
        """The hash of the tables every chart of this place may read: computed once, for all its charts."""
        import hashlib

        digest = hashlib.sha256()
        places = {self.province_id, "viet-nam"}
        frames = (self.figures[self.figures["province_id"].isin(places)],
                  self.targets[self.targets["province_id"] == self.province_id] if len(self.targets) else self.targets,
                  self.series[self.series["province_id"] == self.province_id] if len(self.series) else self.series,
                  self.indicators, self.sources, self.breakdowns if self.breakdowns is not None else pd.DataFrame())
        for frame in frames:
            digest.update("|".join(map(str, frame.columns)).encode())
            digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
        mine = set(frames[0]["figure_id"])  # disputes elsewhere leave the chart as it is
        digest.update(repr(sorted(sorted(pair) for pair in self.disputed if set(pair) & mine)).encode())
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
    """One report chart, all of it: its file stem, its title in each language, what it applies to, how it draws it.

    ``draw(data, chosen, title)`` gets the title in the report's language (``title[data.lang]``) and
    passes it to :func:`finish`; the report's caption for a chart without data uses the same title.
    """

    name: str
    #: The title in each report language (labels.LANGS): {"en": "…", "vi": "…"}.
    title: Mapping[str, str]
    select: Callable[[ChartData], pd.DataFrame]
    draw: Callable[[ChartData, pd.DataFrame, str], Figure]
    #: False for a chart that compares a place with the nation: the nation's report leaves it out.
    for_the_nation: bool = True
    #: Whether the place has enough for the chart to belong in its report at all (None: always).
    enough: Callable[[ChartData], bool] | None = None

    def __post_init__(self) -> None:
        missing = [lang for lang in LANGS if not self.title.get(lang)]
        if missing:
            raise ValueError(f"chart {self.name!r}: give its title in {', '.join(missing)} "
                             f"(title={{'en': '…', 'vi': '…'}} in its entry of plots.CHARTS)")

    def title_in(self, lang: str) -> str:
        """The chart's title in ``lang``."""
        return self.title[check_lang(lang)]

    def applies(self, data: ChartData) -> bool:
        """Whether the chart belongs in this place's report at all (with data or, if none, a sentence)."""
        return ((self.for_the_nation or data.province_id != "viet-nam")
                and (self.enough is None or self.enough(data)))

    def make(self, data: ChartData) -> Figure | None:
        """The chart for ``data``, or None where nothing in the data applies."""
        chosen = self.select(data)
        return None if chosen.empty else self.figure(data, chosen)

    def figure(self, data: ChartData, chosen: pd.DataFrame) -> Figure:
        """The chart of the rows ``select`` chose, titled in the data's language."""
        return self.draw(data, chosen, self.title_in(data.lang))


# --- helpers ------------------------------------------------------------------------------------------

def wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(str(label), width, break_on_hyphens=False)) or str(label)  # dates stay whole


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
    return f"{text('sources', data.lang)}: " + "; ".join(dict.fromkeys(parts))  # one outlet and day: once


def new_figure(height: float) -> Figure:
    with rc_context(STYLE):
        return Figure(figsize=(WIDTH, min(height, MAX_HEIGHT)), layout="constrained")


def finish(fig: Figure, data: ChartData, title: str, source_ids, note: str = "",
           handles: list | None = None) -> Figure:
    """The title above (with the legend under it), the note and the source line below, wrapped to the width.

    The title is the legend's title when there is a legend: matplotlib's constrained layout stacks a
    suptitle and a figure legend on top of each other, but never a legend and its own title.
    """
    title = wrap(title, 80)
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


def value_text(value: float, qualifier: str, unit: str, lang: str) -> str:
    """A value as a label prints it, with what its source says of its precision: '>81', '≈98', 'top 10'
    (a rank of at most 10, as the report's sentences write it)."""
    if unit == "rank" and qualifier in ("at_most", "less_than"):
        return text("rank_top", lang, rank=number(value, lang))
    return QUALIFIER_SIGNS.get(qualifier, "") + number(value, lang)


def amount_text(value: float, qualifier: str, unit: str, data: ChartData, indicator_id: str) -> str:
    """A value with its unit, for a sentence: '100%', 'rank 9', '672 stations'."""
    body = value_text(value, qualifier, unit, data.lang)
    if unit == "%":
        return f"{body}%"
    if unit == "rank":
        return body if qualifier in ("at_most", "less_than") else text("rank_of", data.lang, rank=body)
    return f"{body} {data.units.get(indicator_id, unit)}".rstrip()


def month_year(date: pd.Timestamp, whole_year: bool = False) -> str:
    """'6/2025'; with ``whole_year``, a date of 31 December is its year ('2025', a deadline 'by 2025')."""
    if whole_year and (date.month, date.day) == (12, 31):
        return str(date.year)
    return f"{date.month}/{date.year}"


def value_limits(values, unit: str, whole: bool = False) -> tuple[float, float]:
    """The value range of a panel: its data (a series and its targets), with room for the labels.

    A share spans at least :data:`MIN_SHARE_SPAN` points around the data, shifted (never shrunk) to stay
    within 0–100 where the data is; ranks and whole counts span at least :data:`MIN_WHOLE_SPAN` so that
    their ticks are whole numbers; a constant of another unit spans ±10 % of itself.
    """
    values = [float(v) for v in values if pd.notna(v)]
    low, high = min(values), max(values)
    if unit == "%" and high - low < MIN_SHARE_SPAN:
        middle = (low + high) / 2
        low, high = middle - MIN_SHARE_SPAN / 2, middle + MIN_SHARE_SPAN / 2
        if low < 0 <= min(values):
            low, high = 0.0, high - low
        if high > 100 >= max(values):
            low, high = low - (high - 100), 100.0
    elif whole and high - low < MIN_WHOLE_SPAN:
        middle = (low + high) / 2
        low, high = middle - MIN_WHOLE_SPAN / 2, middle + MIN_WHOLE_SPAN / 2
    elif high == low:
        half = abs(high) * 0.1 or 1.0
        low, high = low - half, high + half
    room = (high - low) * LABEL_ROOM
    return low - room, high + room


def set_value_axis(ax, values, unit: str, lang: str, whole: bool = False) -> None:
    """Limits from :func:`value_limits`, ticks inside the values' own domain (no share above 100 %, no rank 0,
    no negative count), whole-number ticks for ranks and counts, numbers as the language writes them.
    A rank axis is reversed: rank 1 on top, up is better."""
    low, high = value_limits(values, unit, whole)
    numbers_ = [float(v) for v in values if pd.notna(v)]
    floor = 1.0 if unit == "rank" else (0.0 if min(numbers_) >= 0 else -np.inf)
    ceiling = 100.0 if unit == "%" and max(numbers_) <= 100 else np.inf
    ticks = [t for t in MaxNLocator(nbins=5, integer=whole).tick_values(low, high)
             if low <= t <= high and floor <= t <= ceiling]
    ax.set_yticks(ticks)
    ax.yaxis.set_major_formatter(lambda value, _position=None: tick_number(value, lang))
    ax.set_ylim((high, low) if unit == "rank" else (low, high))


def date_limits(ax, dates) -> None:
    """x limits around some dates, with a margin of 8 % of their span (at least two months) on each side."""
    dates = [pd.Timestamp(d) for d in dates if pd.notna(d)]
    low, high = mdates.date2num(min(dates)), mdates.date2num(max(dates))
    widen = max(60.0 - (high - low), 0.0) / 2
    low, high = low - widen, high + widen
    margin = (high - low) * 0.08
    ax.set_xlim(low - margin, high + margin)


def text_extent(label: str, fontsize: float = LABEL_SIZE) -> tuple[float, float]:
    """Width and height in points of a one-line label in the chart's font, measured without drawing."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width, _height, _descent = text_to_path.get_text_width_height_descent(
        label, FontProperties(family=STYLE["font.family"], size=fontsize), ismath=False)
    return width * 1.06 + 1, fontsize * 1.35


def place_labels(ax, labels, size: tuple[float, float], fontsize: float = LABEL_SIZE, points=(), lines=()) -> None:
    """Value labels that stay inside their panel and cover neither each other nor the panel's marks.

    ``labels``: (x, y, text, ha, vertical) in data coordinates, after the limits are set; ``ha`` 'left'
    puts the text to the right of its point (the first of a series), 'right' to its left (the last);
    ``vertical`` ('above', 'below' or None) is the side away from the line (else: above, or below when
    the point is in the top of the panel). ``points`` (markers) and ``lines`` (polylines of (x, y)) are
    what a label should not cover. A label tries its side, the other side and the middle, above and
    below, then twice as far from its point; of the places inside the panel it takes the first that
    covers nothing, else the one that covers least. ``size`` is the panel's width and height in points,
    estimated before the layout (on the small side, so "inside" is strict: :func:`panel_sizes`); the
    labels are kept out of the layout, which does not depend on them.
    """
    width, height = size
    gap_x, gap_y = 2.0, 4.5

    def at(x, y) -> tuple[float, float]:
        fx, fy = ax.transLimits.transform((x, y))
        return fx * width, fy * height

    placed: list[tuple[float, float, float, float]] = []
    for x, y in points:
        px, py = at(x, y)
        placed.append((px - 3.5, py - 3.5, px + 3.5, py + 3.5))
    for line in lines:
        ends = [at(x, y) for x, y in line]
        for (x0, y0), (x1, y1) in zip(ends, ends[1:]):
            steps = max(int(np.hypot(x1 - x0, y1 - y0) // 3), 1)
            placed += [(x0 + (x1 - x0) * k / steps - 0.8, y0 + (y1 - y0) * k / steps - 0.8,
                        x0 + (x1 - x0) * k / steps + 0.8, y0 + (y1 - y0) * k / steps + 0.8) for k in range(steps + 1)]

    def box(px, py, w, h, vertical, ha, far):
        gap = gap_y + (h if far else 0.0)
        x0 = px + gap_x if ha == "left" else (px - gap_x - w if ha == "right" else px - w / 2)
        y0 = py + gap if vertical == "above" else py - gap - h
        return x0, y0, x0 + w, y0 + h

    def inside(b) -> bool:
        return b[0] >= 1 and b[1] >= 1 and b[2] <= width - 1 and b[3] <= height - 1

    def covered(b) -> float:
        """How much of what is already placed the box covers (with a point of air around it)."""
        return sum(max(0.0, min(b[2] + 1, o[2]) - max(b[0] - 1, o[0]))
                   * max(0.0, min(b[3] + 1, o[3]) - max(b[1] - 1, o[1])) for o in placed)

    for x, y, label, ha, prefer in labels:
        px, py = at(x, y)
        w, h = text_extent(label, fontsize)
        first = prefer or ("above" if py < 0.6 * height else "below")
        verticals = (first, "below" if first == "above" else "above")
        sides = dict.fromkeys((ha, "right" if ha == "left" else "left", "center"))
        options = [(v, side, far) for far in (False, True) for v in verticals for side in sides]
        fitting = [o for o in options if inside(box(px, py, w, h, *o))] or options[:1]
        vertical, side, far = min(fitting, key=lambda o: covered(box(px, py, w, h, *o)))  # the first that covers least
        placed.append(box(px, py, w, h, vertical, side, far))
        gap = gap_y + (h if far else 0.0)
        offset = ({"left": gap_x, "right": -gap_x, "center": 0.0}[side], gap if vertical == "above" else -gap)
        note = ax.annotate(label, (x, y), xytext=offset, textcoords="offset points", ha=side,
                           va="bottom" if vertical == "above" else "top", fontsize=fontsize, color="#222222")
        note.set_in_layout(False)


def split_disputed(rows: pd.DataFrame, disputed) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations a line may join — one per disputed group, one per date — and the others.

    Figures that a cross-source check found disagreeing (``disputed``: pairs of figure ids) are one
    group, through chains (a–b and b–c): the latest of a group (then the last id) stands for it and
    the others are drawn as unjoined markers, so a disagreement is never drawn as a movement. Of
    figures left at one date (sources that agree), the first value, not a bound, is joined; a figure
    equal to the one joined at its date is not returned at all (it would only hide it).
    """
    parent = {i: i for i in rows["figure_id"]}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for pair in disputed:
        members = sorted(i for i in pair if i in parent)
        for a, b in zip(members, members[1:]):
            parent[root(a)] = root(b)
    ordered = rows.assign(_group=[root(i) for i in rows["figure_id"]],
                          _bound=rows["qualifier"].isin(list(BOUND_DIRECTIONS)))
    ordered = ordered.sort_values(["period_end", "figure_id"], kind="stable")
    kept = ordered.groupby("_group", sort=False).tail(1)
    kept = kept.sort_values(["period_end", "_bound", "figure_id"], kind="stable").drop_duplicates("period_end")
    others = ordered[~ordered.index.isin(kept.index)]
    same = others.merge(kept[["period_end", "value"]], on=["period_end", "value"], how="left", indicator=True)
    others = others[(same["_merge"] == "left_only").to_numpy()]
    return (kept.sort_values("period_end", kind="stable").drop(columns=["_group", "_bound"]),
            others.drop(columns=["_group", "_bound"]))


def draw_points(ax, rows: pd.DataFrame, colour: str, disputed, rank: bool = False) -> dict:
    """One series: a line through its values (one per date and disputed group), bounds as triangles
    pointing where the value may lie (never joined), other sources of a disputed figure as hollow
    circles (never joined). Returns which kinds of marks were drawn (for the legend) and the line's
    points (x as a date number, y), which labels avoid."""
    joined, spare = split_disputed(rows, disputed)
    bound = joined["qualifier"].isin(list(BOUND_DIRECTIONS))
    values = joined[~bound]
    if len(values) > 1:
        sns.lineplot(data=values, x="period_end", y="value", ax=ax, color=colour, linewidth=1.2, legend=False,
                     estimator=None, sort=True)
    if len(values):
        sns.scatterplot(data=values, x="period_end", y="value", ax=ax, color=colour, s=28, zorder=3, legend=False)
    for qualifier, group in joined[bound].groupby("qualifier"):
        up = (BOUND_DIRECTIONS[qualifier] > 0) != rank  # on a rank axis (rank 1 on top) "at most" points up
        ax.plot(group["period_end"], group["value"], marker="^" if up else "v", linestyle="none", color=colour,
                markersize=6.5, zorder=3)
    if len(spare):
        ax.plot(spare["period_end"], spare["value"], marker="o", linestyle="none", markerfacecolor="white",
                markeredgecolor=colour, markersize=5, zorder=2.5)
    line = [(mdates.date2num(x), y) for x, y in zip(values["period_end"], values["value"])] if len(values) > 1 else []
    return {"bound": bool(bound.any()), "disputed": bool(len(spare)), "line": line}


def end_labels(rows: pd.DataFrame, disputed, unit: str, lang: str) -> list[tuple]:
    """The first and the latest observation of a series (those its line stands for), as labels for
    :func:`place_labels`: the value as its source qualifies it and its month ('>81 (9/2024)'); the first
    to the right of its point, the latest to its left, so that neither leaves the panel; each on the
    side away from its neighbour (below the start of a rise, above its end)."""
    joined, _spare = split_disputed(rows, disputed)
    if len(joined) < 2:
        return [(mdates.date2num(x), y, f"{value_text(y, q, unit, lang)} ({month_year(x)})", "left", None)
                for x, y, q in zip(joined["period_end"], joined["value"], joined["qualifier"])]
    up = -1 if unit == "rank" else 1  # on a rank axis a larger number is lower

    def side(value: float, neighbour: float) -> str | None:
        """Below a point whose neighbour is higher on the screen (the line leaves it upwards), else above."""
        return None if value == neighbour else ("below" if (neighbour - value) * up > 0 else "above")

    a, b = joined.iloc[0], joined.iloc[-1]
    return [(mdates.date2num(a["period_end"]), a["value"], f"{value_text(a['value'], a['qualifier'], unit, lang)} "
             f"({month_year(a['period_end'])})", "left", side(a["value"], joined["value"].iloc[1])),
            (mdates.date2num(b["period_end"]), b["value"], f"{value_text(b['value'], b['qualifier'], unit, lang)} "
             f"({month_year(b['period_end'])})", "right", side(b["value"], joined["value"].iloc[-2]))]


def benchmarks(indicators: pd.DataFrame) -> set[str]:
    """Indicators whose codebook concept says they are a benchmark (:data:`BENCHMARK_CONCEPT`)."""
    concept = indicators["concept"].fillna("").astype(str)
    return set(indicators.loc[concept.str.contains(BENCHMARK_CONCEPT), "indicator_id"])


# --- 1. series over time ---------------------------------------------------------------------------------

def _candidate_series(data: ChartData) -> pd.DataFrame:
    """The place's series of levels or windows with two comparable observations or more (series.csv)."""
    return data.series[(data.series["province_id"] == data.province_id)
                       & (data.series["computable"].astype(str) == "True")
                       & data.series["period_type"].isin(["level", "window"])]


def _moved(data: ChartData, series: pd.DataFrame) -> list[bool]:
    """Whether each series' actual values ever differ (a series that stayed the same is a sentence)."""
    actual = data.actuals()
    spread = actual.groupby(["indicator_id", "breakdown"])["value"].agg(lambda v: v.max() > v.min())
    return [bool(spread.get((i, b), False)) for i, b in zip(series["indicator_id"], series["breakdown"])]


def select_changing(data: ChartData) -> pd.DataFrame:
    """The place's series that moved, with two comparable observations or more, the most observed first.

    A series whose values never changed is no panel: the chart's note says it in one line.
    """
    series = _candidate_series(data)
    if series.empty:
        return series
    moved = series[_moved(data, series)]
    order = moved.assign(n=moved["observations"].astype(int)).sort_values(
        ["n", "indicator_id", "breakdown"], ascending=[False, True, True], kind="stable")
    return order.drop(columns="n").head(MAX_PANELS)


def close_concepts(data: ChartData, actual: pd.DataFrame, indicator_id: str, breakdown: str) -> pd.DataFrame:
    """Observations of the family's other indicators that may stand beside a series as 'close concepts':
    the same unit and the same time reference (a stock is never set beside additions), and never a
    benchmark (a world average, the average of the provinces; see :func:`benchmarks`)."""
    codebook = data.indicators.set_index("indicator_id")
    family, unit, reference = (codebook.at[indicator_id, c] for c in ("family", "unit", "time_reference"))
    return actual[(actual["family"] == family) & (actual["indicator_id"] != indicator_id)
                  & (actual["breakdown"] == breakdown) & (actual["unit"] == unit)
                  & (actual["time_reference"] == reference) & ~actual["indicator_id"].isin(benchmarks(data.indicators))]


def panel_sizes(fig: Figure, grid, legend_rows: int = 0) -> dict:
    """Each panel's width and height in points as the constrained layout will make them, estimated
    without running it (a layout costs as much as drawing): the figure less its title, legend and
    footer, less each row's panel titles, tick labels and legends (``legend_rows`` below each panel)
    and each column's y tick labels and label, shared equally as the layout shares them; slightly on
    the small side, so that a label placed inside the estimate is inside the panel: what
    :func:`place_labels` measures labels against.
    """
    def lines(artist) -> int:
        return artist.get_text().count("\n") + 1 if artist is not None and artist.get_text() else 0

    legend = fig.legends[0] if fig.legends else None
    header = (0.19 * lines(legend.get_title()) + 0.17 * (len(legend.get_texts()) // max(legend._ncols, 1))
              if legend is not None else 0.19 * lines(fig._suptitle)) + 0.12
    footer = 0.115 * lines(fig._supxlabel) + 0.1
    rows, columns = grid.shape
    live = [[ax for ax in row_ if ax.get_visible()] for row_ in grid]
    row_costs = [max((0.135 * lines(ax.title) + 0.135 * lines(ax._left_title) + 0.3 + 0.16 * legend_rows
                      for ax in row_), default=0) for row_ in live]
    column_costs = []
    for c in range(columns):
        ticks = [text_extent(ax.yaxis.get_major_formatter()(t), 6.5)[0] / 72
                 for ax in grid[:, c] if ax.get_visible() for t in ax.get_yticks()]
        column_costs.append(max(ticks, default=0) + 0.38)
    height = (fig.get_figheight() - header - footer - sum(row_costs)) / rows
    width = (WIDTH - 0.1 - sum(column_costs)) / columns
    return {ax: (width * 72 * 0.96, height * 72 * 0.94) for row_ in live for ax in row_}


def _unchanged_note(data: ChartData) -> str:
    """'Unchanged: Public agencies … at 100% (9/2022 → 10/2024); …' for series whose values never moved."""
    series = _candidate_series(data)
    still = series[[not m for m in _moved(data, series)]] if len(series) else series
    actual = data.actuals()
    items = []
    for spec in still.itertuples():
        own = actual[(actual["indicator_id"] == spec.indicator_id) & (actual["breakdown"] == spec.breakdown)]
        own = own.sort_values("period_end", kind="stable")
        last = own.iloc[-1]
        items.append(text("unchanged_item", data.lang, name=data.label(spec.indicator_id, spec.breakdown),
                          value=amount_text(last["value"], "exact", spec.unit, data, spec.indicator_id),
                          start=month_year(own["period_end"].iloc[0]), end=month_year(last["period_end"])))
    return f"{text('unchanged', data.lang)}: " + "; ".join(items) + "." if items else ""


def draw_changing(data: ChartData, chosen: pd.DataFrame, title: str) -> Figure:
    """Small multiples: each series' observations joined by a line (one value per date; bounds and
    disputed sources as unjoined markers), windows as bars, its targets as diamonds at their deadline,
    and close concepts of its family (same unit and kind, never joined) as hollow grey points.

    The axes come from the series and its targets only: a close concept outside them is clipped, never
    allowed to flatten the series.
    """
    actual = data.actuals()
    targets = data.targets[data.targets["province_id"] == data.province_id]
    columns = 1 if len(chosen) == 1 else 2
    rows = -(-len(chosen) // columns)
    fig = new_figure(1.3 + 2.0 * rows)
    labels: dict = {}  # placed once the title, legend and footer are known (see panel_sizes)
    used_sources: set[str] = set()
    drawn = {"bound": False, "disputed": False, "other": False, "target": False}
    with rc_context(STYLE):
        axes = fig.subplots(rows, columns, squeeze=False)
        for ax, spec in zip(axes.flat, chosen.itertuples()):
            own = actual[(actual["indicator_id"] == spec.indicator_id) & (actual["breakdown"] == spec.breakdown)]
            own = own.sort_values(["period_end", "figure_id"], kind="stable")
            others = close_concepts(data, actual, spec.indicator_id, spec.breakdown)
            goals = targets[(targets["indicator_id"] == spec.indicator_id) & (targets["breakdown"] == spec.breakdown)]
            rank = spec.unit == "rank"
            whole = rank or (spec.unit != "%" and bool((own["value"] % 1 == 0).all()))
            marks = draw_points(ax, own, NEUTRAL, data.disputed, rank=rank)
            windows = own[own["period_start"].notna() & (own["period_start"] != own["period_end"])]
            ax.hlines(windows["value"], windows["period_start"], windows["period_end"], color=NEUTRAL, linewidth=3,
                      alpha=0.35)
            if not others.empty:
                ax.scatter(others["period_end"], others["value"], facecolors="none", edgecolors=OTHER, s=18, zorder=2,
                           label="other")
            if not goals.empty:
                ax.scatter(goals["deadline"], goals["target_value"], marker="D", color=TARGET, s=24, zorder=5)
            date_limits(ax, list(own["period_end"]) + list(own["period_start"].dropna()) + list(goals["deadline"]))
            set_value_axis(ax, list(own["value"]) + list(goals["target_value"]), spec.unit, data.lang, whole=whole)
            marked = [(mdates.date2num(x), y) for x, y in zip(list(own["period_end"]) + list(goals["deadline"])
                                                               + list(others["period_end"]),
                                                               list(own["value"]) + list(goals["target_value"])
                                                               + list(others["value"]))]
            labels[ax] = (end_labels(own, data.disputed, spec.unit, data.lang), marked, [marks["line"]])
            visible = others[(others["period_end"] >= mdates.num2date(ax.get_xlim()[0]).replace(tzinfo=None))
                             & (others["period_end"] <= mdates.num2date(ax.get_xlim()[1]).replace(tzinfo=None))
                             & others["value"].between(*sorted(ax.get_ylim()))]
            used_sources |= set(own["source_id"]) | set(visible["source_id"])
            drawn = {"bound": drawn["bound"] or marks["bound"], "disputed": drawn["disputed"] or marks["disputed"],
                     "other": drawn["other"] or not visible.empty, "target": drawn["target"] or not goals.empty}
            ax.set_title(wrap(data.label(spec.indicator_id, spec.breakdown), 40 if columns == 2 else 90),
                         fontsize=7.5, loc="left")
            ax.set_ylabel(data.units.get(spec.indicator_id, ""), fontsize=7)
            year_axis(ax)
            ax.tick_params(labelsize=6.5)
        for ax in list(axes.flat)[len(chosen):]:
            ax.set_visible(False)
    handles = [Line2D([], [], color=NEUTRAL, marker="o", label=text("legend_series", data.lang))]
    if drawn["bound"]:
        handles.append(Line2D([], [], color=NEUTRAL, marker="^", linestyle="", label=text("legend_bound", data.lang)))
    if drawn["disputed"]:
        handles.append(Line2D([], [], color=NEUTRAL, marker="o", markerfacecolor="white", linestyle="",
                              label=text("legend_disputed", data.lang)))
    if drawn["other"]:
        handles.append(Line2D([], [], color=OTHER, marker="o", markerfacecolor="none", linestyle="",
                              label=text("legend_other_concept", data.lang)))
    if drawn["target"]:
        handles.append(Line2D([], [], color=TARGET, marker="D", linestyle="", label=text("target", data.lang)))
    moving = _candidate_series(data)
    more = int(sum(_moved(data, moving))) - len(chosen) if len(moving) else 0
    note = " ".join(part for part in (text("more_series", data.lang, n=more) if more > 0 else "",
                                      _unchanged_note(data)) if part)
    finish(fig, data, title, used_sources, note, handles)
    sizes = panel_sizes(fig, axes)
    for ax, (ends, marked, lines) in labels.items():
        place_labels(ax, ends, sizes[ax], points=marked, lines=lines)
    return fig


# --- 2. stock and additions ----------------------------------------------------------------------------

def _stock_and_flow_rows(data: ChartData) -> pd.DataFrame:
    """Actuals of families whose codebook has a stock and a flow of one unit (stations, stations installed)."""
    actual = data.actuals()
    codebook = data.indicators.groupby("family")["time_reference"].agg(lambda s: set(s))
    both = [f for f in actual["family"].unique() if {"stock", "flow"} <= codebook.get(f, set())]
    return actual[actual["family"].isin(both)]


def stock_drawn(stock: pd.DataFrame) -> bool:
    """A stock is a panel when one of its lines has two dates or more; a single point is a sentence."""
    return bool(len(stock)) and int(stock.groupby(["indicator_id", "breakdown"])["period_end"].nunique().max()) >= 2


def additions_drawn(flow: pd.DataFrame) -> bool:
    """Additions are a panel over two periods or more, or for a total with its parts (one stacked bar);
    a single bar is a sentence."""
    if flow.empty:
        return False
    periods = flow[["period_start", "period_end"]].astype(str).drop_duplicates()
    whole = flow.assign(part=flow["breakdown"] != "").groupby(
        ["indicator_id", flow["period_start"].astype(str), flow["period_end"].astype(str)])["part"].agg(set)
    return len(periods) >= 2 or any(kinds == {True, False} for kinds in whole)


def select_stock_and_additions(data: ChartData) -> pd.DataFrame:
    """Families with a stock and a flow of one unit observed in the place, when one of their panels has
    something to show (see :func:`stock_drawn`, :func:`additions_drawn`)."""
    rows = _stock_and_flow_rows(data)
    drawn = any(stock_drawn(g[g["time_reference"] == "stock"]) or additions_drawn(g[g["time_reference"] == "flow"])
                for _, g in rows.groupby("family"))
    return rows if drawn else rows.iloc[0:0]


def _period(start, end, lang: str) -> str:
    """The period of additions: '2024-01-01–2024-09-30'; 'to 2025-12-22' ('đến 22/12/2025') where it has no
    start, or starts on its last day (additions "by" a date: the span is not known)."""
    if pd.isna(start) or start == end:
        return text("period_to", lang, date=date_text(end, lang))
    return f"{date_text(start, lang)}–{date_text(end, lang)}"


def _draw_stock(ax, data: ChartData, stock: pd.DataFrame, colours: dict[str, str]) -> tuple[list, list, list]:
    """Each indicator and breakdown a line of its own (bounds and disputed sources unjoined), from 0.
    Returns the labels to place, and the points and lines they avoid."""
    labels, points, lines = [], [], []
    for who, rows in stock.groupby("who", sort=False):
        rows = rows.sort_values(["period_end", "figure_id"], kind="stable")
        lines.append(draw_points(ax, rows, colours[who], data.disputed)["line"])
        unit = rows["unit"].iloc[0]
        ends = end_labels(rows, data.disputed, unit, data.lang)
        labels += ends
        points += [(mdates.date2num(x), y) for x, y in zip(rows["period_end"], rows["value"])]
    date_limits(ax, stock["period_end"])
    set_value_axis(ax, [0, *stock["value"]], "count", data.lang, whole=True)
    year_axis(ax)
    return labels, points, lines


def _draw_additions(ax, data: ChartData, flow: pd.DataFrame, colours: dict[str, str]) -> tuple[bool, set[str]]:
    """One bar per period and indicator: its parts (breakdowns) stacked, the total marked across the bar
    (a total alone is a bar of its own); every value with its qualifier. Returns whether a total was
    marked, and who has a bar (for the legend)."""
    flow = flow.assign(period=[_period(s, e, data.lang) for s, e in zip(flow["period_start"], flow["period_end"])])
    flow = flow.sort_values(["period_end", "period_start", "indicator_id", "breakdown"], kind="stable")
    slots = list(dict.fromkeys(zip(flow["period"], flow["indicator_id"])))
    top = max(float(flow["value"].max()),
              float(flow[flow["breakdown"] != ""].groupby(["period", "indicator_id"])["value"].sum().max()
                    if (flow["breakdown"] != "").any() else 0))
    ax.set_ylim(0, top * 1.25)
    spare = max(3 - len(slots), 0) / 2  # one or two bars are not as wide as the panel
    ax.set_xlim(-0.6 - spare, len(slots) - 0.4 + spare)
    marked, barred = False, set()
    for x, (period, indicator_id) in enumerate(slots):
        rows = flow[(flow["period"] == period) & (flow["indicator_id"] == indicator_id)]
        parts, total = rows[rows["breakdown"] != ""], rows[rows["breakdown"] == ""]
        bottom = 0.0
        for part in parts.itertuples():
            ax.bar(x, part.value, bottom=bottom, width=0.5, color=colours[part.who])
            barred.add(part.who)
            inside = part.value >= top * 0.12
            ax.annotate(value_text(part.value, part.qualifier, "count", data.lang),
                        (x if inside else x + 0.25, bottom + part.value / 2), xytext=(0 if inside else 3, 0),
                        textcoords="offset points", ha="center" if inside else "left", va="center", fontsize=6.5,
                        color="white" if inside else "#222222")
            bottom += part.value
        for whole in total.itertuples():
            label = value_text(whole.value, whole.qualifier, "count", data.lang)
            if len(parts):
                ax.plot([x - 0.3, x + 0.3], [whole.value, whole.value], color=TARGET, linewidth=2, zorder=4)
                label = f"{text('total', data.lang)}: {label}"
                marked = True
            else:
                ax.bar(x, whole.value, width=0.5, color=colours[whole.who])
                barred.add(whole.who)
            ax.annotate(label, (x, whole.value), xytext=(0, 3), textcoords="offset points", ha="center",
                        fontsize=6.5)
    ax.set_xticks(range(len(slots)), [wrap(period.replace("–", "– "), 12) for period, _indicator in slots])
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.yaxis.set_major_formatter(lambda value, _position=None: tick_number(value, data.lang))
    ax.tick_params(axis="x", labelsize=6.5)
    ax.grid(axis="x", visible=False)
    return marked, barred


def _single_items(data: ChartData, rows: pd.DataFrame) -> list[str]:
    """'Mobile base stations (BTS): 672 (2022-06-15)': figures too few for a panel, in words."""
    return [f"{who}: {value_text(v, q, 'count', data.lang)} "
            f"({date_text(e, data.lang) if t == 'stock' else _period(s, e, data.lang)})"
            for who, v, q, s, e, t in zip(rows["who"], rows["value"], rows["qualifier"], rows["period_start"],
                                          rows["period_end"], rows["time_reference"])]


def _parts_above_totals(data: ChartData, stock: pd.DataFrame) -> list[str]:
    """A note for each breakdown whose latest stock is above its total's latest (dates or sources differ)."""
    notes = []
    latest = stock.sort_values("period_end", kind="stable").groupby(["indicator_id", "breakdown"]).tail(1)
    for part in latest[latest["breakdown"] != ""].itertuples():
        total = latest[(latest["indicator_id"] == part.indicator_id) & (latest["breakdown"] == "")]
        if len(total) and part.value > total["value"].iloc[0]:
            whole = total.iloc[0]
            notes.append(text("part_above_total", data.lang, part=part.who,
                              value=f"{value_text(part.value, part.qualifier, 'count', data.lang)} "
                                    f"({date_text(part.period_end, data.lang)})",
                              total=f"{value_text(whole['value'], whole['qualifier'], 'count', data.lang)} "
                                    f"({date_text(whole['period_end'], data.lang)})"))
    return notes


def draw_stock_and_additions(data: ChartData, chosen: pd.DataFrame, title: str) -> Figure:
    """Per family: the stock over time and the additions of each period, in panels of their own, never
    summed. Each indicator and breakdown has a colour of its own, named in the legend: a close concept
    (trial stations beside stations) is never joined to another. Parts of additions are stacked with
    their total marked. A stock of one point or a single bar is a sentence below the chart, not a panel.
    """
    chosen = chosen.assign(who=[data.label(i, b) for i, b in zip(chosen["indicator_id"], chosen["breakdown"])])
    panels, single = [], []
    for family in sorted(chosen["family"].unique()):
        rows = chosen[chosen["family"] == family]
        for kind, drawn in (("stock", stock_drawn), ("flow", additions_drawn)):
            part = rows[rows["time_reference"] == kind].sort_values(["period_end", "who"], kind="stable")
            if drawn(part):
                panels.append((kind, part))
            else:
                single.append(part)
    columns = 1 if len(panels) == 1 else 2
    rows_ = -(-len(panels) // columns)
    fig = new_figure(1.3 + 2.5 * rows_)
    labels: dict = {}
    notes: list[str] = []
    with rc_context(STYLE):
        axes = fig.subplots(rows_, columns, squeeze=False)
        for ax, (kind, part) in zip(axes.flat, panels):
            whos = list(dict.fromkeys(part.sort_values(["breakdown", "indicator_id"], kind="stable")["who"]))
            colours = dict(zip(whos, PALETTE))
            ax.set_title(text("stock_panel" if kind == "stock" else "additions_panel", data.lang), fontsize=7.5,
                         loc="left")
            if kind == "stock":
                labels[ax] = _draw_stock(ax, data, part, colours)
                notes += _parts_above_totals(data, part)
                marked = False
            else:
                marked, barred = _draw_additions(ax, data, part, colours)
                whos = [w for w in whos if w in barred]
            ax.set_ylabel(data.units.get(part["indicator_id"].iloc[0], ""), fontsize=7)
            ax.tick_params(labelsize=6.5)
            handles = [Line2D([], [], color=colours[w], marker="o" if kind == "stock" else "s",
                              linestyle="-" if kind == "stock" else "", label=wrap(w, 48)) for w in whos]
            if marked:
                handles.append(Line2D([], [], color=TARGET, linewidth=2, label=text("total", data.lang)))
            ax.legend(handles=handles, fontsize=6.5, loc="upper left", bbox_to_anchor=(0, -0.16),
                      frameon=False)  # below: never on the data
        for ax in list(axes.flat)[len(panels):]:
            ax.set_visible(False)
    rest = pd.concat(single) if single else chosen.iloc[0:0]
    items = _single_items(data, rest)
    note = " ".join([text("stock_additions_note", data.lang), *notes]
                    + ([text("single_figures", data.lang, items="; ".join(items))] if items else []))
    finish(fig, data, title, chosen["source_id"], note)
    sizes = panel_sizes(fig, axes, legend_rows=max((len(ax.get_legend().get_texts()) for ax in fig.axes
                                                    if ax.get_visible() and ax.get_legend()), default=0))
    for ax, (ends, points, lines) in labels.items():
        place_labels(ax, ends, sizes[ax], points=points, lines=lines)
    return fig


# --- 3. targets --------------------------------------------------------------------------------------

def select_targets(data: ChartData) -> pd.DataFrame:
    """The place's targets of shares (%) that an actual of the same concept can be set beside.

    Targets without one are in the report's table of targets, with the reason; a chart of empty rows
    tells nothing. The same target printed twice (indicator, breakdown, value, deadline) is one row.
    """
    rows = data.targets[(data.targets["province_id"] == data.province_id) & (data.targets["unit"] == "%")]
    rows = rows[rows["latest_value"].notna()] if len(rows) else rows
    return rows.drop_duplicates(["indicator_id", "breakdown", "target_value", "target_qualifier", "deadline"])


def _target_rows(data: ChartData, chosen: pd.DataFrame) -> list[str]:
    """Row names: the indicator (and breakdown); where one name has several rows, their deadlines tell them
    apart ('… – by 5/2025'), and the setting source where the deadline is the same too."""
    names = pd.Series([data.label(i, b) for i, b in zip(chosen["indicator_id"], chosen["breakdown"])])
    deadlines = [month_year(d, whole_year=True) for d in chosen["deadline"]]
    names = pd.Series([f"{n} – {text('by_deadline', data.lang, deadline=d)}" if twice else n
                       for n, d, twice in zip(names, deadlines, names.duplicated(keep=False))])
    set_by = chosen["target_figure_id"].map(data.figures.set_index("figure_id")["source_id"]).reset_index(drop=True)
    return [name + (f" [{source_labels(data, [source])[source]}]" if twice else "")
            for name, source, twice in zip(names, set_by, names.duplicated(keep=False))]


def draw_targets(data: ChartData, chosen: pd.DataFrame, title: str) -> Figure:
    """Each target (diamond) beside the latest actual of the same concept (bar), one row per target,
    sorted by indicator and deadline. The numbers stand in a column right of the chart — the actual
    with its month, the target with its qualifier and deadline — so they never cover a bar, a diamond
    or each other."""
    chosen = chosen.sort_values(["indicator_id", "deadline", "breakdown", "target_value"], kind="stable")
    chosen = chosen.reset_index(drop=True)
    labels = [wrap(name, 42) for name in _target_rows(data, chosen)]
    heights = [max(0.42, 0.25 + 0.14 * label.count("\n")) for label in labels]  # a row as tall as its label
    fig = new_figure(1.6 + sum(heights))
    qualifiers = data.figures.set_index("figure_id")["qualifier"]
    with rc_context(STYLE):
        ax = fig.subplots()
        y = np.cumsum([0] + heights[:-1]) / 0.42
        latest = chosen["latest_value"].astype(float)
        ax.barh(y, latest, color=NEUTRAL, height=0.55)
        ax.scatter(chosen["target_value"], y, marker="D", color=TARGET, s=26, zorder=3)
        for yy, row in zip(y, chosen.itertuples()):
            actual = value_text(row.latest_value, qualifiers.get(row.latest_figure_id, "exact"), "%", data.lang)
            goal = text("target_value", data.lang,
                        value=value_text(row.target_value, row.target_qualifier, "%", data.lang) + "%",
                        deadline=month_year(row.deadline, whole_year=True))
            for words, offset, va, style in ((f"{actual}% ({month_year(row.latest_date)})", 2.5, "bottom",
                                              {"color": NEUTRAL}),
                                             (goal, -2.5, "top", {"color": TARGET, "fontweight": "bold"})):
                ax.annotate(words, (1, yy), xycoords=("axes fraction", "data"), xytext=(8, offset),
                            textcoords="offset points", ha="left", va=va, fontsize=6.5, **style)
        ax.set_yticks(y, labels, fontsize=6.5)
        ax.set_xlim(0, max(105.0, float(np.nanmax([latest.max(), chosen["target_value"].max()])) * 1.05))
        ax.set_xticks(range(0, 101, 20))
        value_axis(ax, data.lang, axis="x")
        ax.set_xlabel(text("share_axis", data.lang))
        ax.grid(axis="y", visible=False)
        ax.set_ylim(y[-1] + 0.7, -0.7)  # the first row on top
    handles = [Line2D([], [], color=TARGET, marker="D", linestyle="", label=text("target", data.lang)),
               Line2D([], [], color=NEUTRAL, linewidth=6, label=text("latest_same_concept", data.lang))]
    used = pd.concat([chosen["target_figure_id"], chosen["latest_figure_id"]])
    sources = data.figures.loc[data.figures["figure_id"].isin(set(used)), "source_id"]
    without = data.targets[(data.targets["province_id"] == data.province_id)]
    without = without.drop_duplicates(["indicator_id", "breakdown", "target_value", "target_qualifier", "deadline"])
    note = text("one_concept_per_row", data.lang)
    if len(without) > len(chosen):
        note += " " + text("targets_in_table", data.lang, n=len(without) - len(chosen))
    return finish(fig, data, title, sources, note, handles)


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


def draw_benchmark(data: ChartData, chosen: pd.DataFrame, title: str) -> Figure:
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
    return finish(fig, data, title, chosen["source_id"], text("benchmark_note", data.lang), handles)


# --- 5. data coverage ------------------------------------------------------------------------------

def _place_figures(data: ChartData) -> pd.DataFrame:
    return data.figures[data.figures["province_id"] == data.province_id]


def enough_for_coverage(data: ChartData) -> bool:
    """A coverage chart needs :data:`MIN_COVERAGE_FIGURES` figures: with fewer, the tables say it all."""
    return len(_place_figures(data)) >= MIN_COVERAGE_FIGURES


def select_coverage(data: ChartData) -> pd.DataFrame:
    rows = _place_figures(data)
    if not enough_for_coverage(data):
        return rows.iloc[0:0]
    return rows.merge(data.indicators[["indicator_id", "domain"]], on="indicator_id", how="left")


def year_columns(years) -> list[tuple[str, list[int]]]:
    """The columns of a chart by year: every year from the first to the last, so that a gap shows; a run of
    three empty years or more is one column ('2026–2029') so that a far deadline does not stretch the chart."""
    present = sorted({int(y) for y in years})
    columns: list[tuple[str, list[int]]] = []
    empty: list[int] = []
    for year in range(present[0], present[-1] + 1):
        if year in present:
            if len(empty) >= 3:
                columns.append((f"{empty[0]}–{empty[-1]}", empty))
            else:
                columns += [(str(e), [e]) for e in empty]
            empty = []
            columns.append((str(year), [year]))
        else:
            empty.append(year)
    return columns


def draw_coverage(data: ChartData, chosen: pd.DataFrame, title: str) -> Figure:
    """Figures by domain and year of the date they refer to (deadline for targets): where the data is thin.

    The years run without a break (an empty year is a column of zeros, a long empty run one blank column).
    """
    counts = pd.crosstab(chosen["domain"].map(lambda d: domain_name(d, data.lang)), chosen["period_end"].dt.year)
    columns = year_columns(counts.columns)
    table = pd.DataFrame({name: counts.reindex(columns=years, fill_value=0).sum(axis=1) for name, years in columns})
    cells = np.array([[str(v) if len(years) == 1 else "" for (_name, years), v in zip(columns, row_)]
                      for row_ in table.to_numpy()])
    fig = new_figure(2.2 + 0.34 * len(table))
    with rc_context(STYLE):
        ax = fig.subplots()
        # light colours only, so the counts in dark text stay readable on every cell
        sns.heatmap(table, annot=cells, fmt="", cmap=sns.light_palette(PALETTE[5], as_cmap=True), cbar=False, ax=ax,
                    linewidths=1, linecolor="white", annot_kws={"fontsize": 7, "color": "#222222"}, vmin=0,
                    vmax=table.to_numpy().max() * 1.6)
        ax.set_xlabel(text("date_axis", data.lang))
        ax.set_ylabel("")
        ax.grid(False)
        ax.tick_params(labelsize=7, length=0)
        ax.tick_params(axis="y", rotation=0)
    return finish(fig, data, title, chosen["source_id"],
                  text("coverage_note", data.lang, sources=chosen["source_id"].nunique()))


#: Every chart of the report, in the order the report shows them. One entry per chart holds all of it (name,
#: titles in both languages, selection, drawing, where it applies): adding a chart is adding its entry here.
CHARTS: tuple[Chart, ...] = (
    Chart("what_changed", {"en": "Series with two or more comparable observations",
                           "vi": "Chuỗi số liệu có từ hai lần quan sát so sánh được"},
          select_changing, draw_changing),
    Chart("stock_and_additions", {"en": "Stock and additions, kept apart",
                                  "vi": "Tổng số hiện có và số tăng thêm, tách riêng"},
          select_stock_and_additions, draw_stock_and_additions),
    Chart("targets", {"en": "Targets (diamonds) and the latest actual of the same concept",
                      "vi": "Mục tiêu (hình thoi) và số liệu thực tế mới nhất cùng khái niệm"},
          select_targets, draw_targets),
    Chart("national_benchmark", {"en": "The province beside the national figure (latest of each, same concept)",
                                 "vi": "Tỉnh so với cả nước (số liệu mới nhất của mỗi bên, cùng khái niệm)"},
          select_benchmark, draw_benchmark, for_the_nation=False),
    Chart("data_coverage", {"en": "Data coverage: figures by domain and by the year they refer to",
                            "vi": "Độ bao phủ số liệu: số liệu theo lĩnh vực và theo năm"},
          select_coverage, draw_coverage, enough=enough_for_coverage),
)


#: The PNG text chunk that records what a saved chart was drawn from (see :meth:`ChartData.fingerprint`).
INPUTS_KEY = "vn-dx-inputs"


def save(fig: Figure, folder: Path, stem: str, inputs: str = "") -> dict[str, Path]:
    """PNG (screens, README, notebook) and SVG (print), without timestamps, written atomically.

    ``inputs`` (a fingerprint of what the chart was drawn from) is stored in the PNG, so a later
    run with the same inputs can keep the files instead of drawing them again (:func:`saved_for`).
    The layout is computed once, for the PNG; the SVG reuses it.
    """
    from analysis.core.tables import replace_atomically

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
    """What else a chart depends on: this module, the labels and domain names, the style, and the plotting
    libraries' versions."""
    import hashlib
    import sys

    import matplotlib

    from analysis.core import domains
    from analysis.report import labels

    digest = hashlib.sha256()
    for module in (sys.modules[__name__], labels, domains):
        digest.update(Path(module.__file__).read_bytes())
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
