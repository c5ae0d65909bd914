"""Report figures, one shared style, English or Vietnamese labels.

Every figure has a title, units on its axes and a source line (outlet and date) and uses the
Okabe–Ito palette, which stays distinct for the common forms of colour blindness. A function
returns ``None`` where the province has no data for its chart, so the caller can say so instead
of drawing an empty chart. Saved files are byte-identical on every run (no timestamps, fixed SVG
ids).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.dates
import matplotlib.gridspec

matplotlib.use("Agg")  # files, not windows: the same output on every machine

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from .labels import date_text, indicator_names, text, unit_names  # noqa: E402

#: Okabe & Ito (2008): distinguishable with protanopia, deuteranopia and tritanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
HIGHLIGHT, NEUTRAL, TARGET = PALETTE[3], PALETTE[0], "#000000"

STYLE = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib; every Vietnamese letter
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "vn-dx",  # stable ids inside SVG files
    "svg.fonttype": "path",
}
WIDTH = 7.5  # inches: fits an A4 page with margins
WRAP = 38

GOVERNMENT = ("full_process_online_services_share", "online_dossiers_share", "online_payment_share",
              "eid_account_share", "level4_online_services_share")
INFRASTRUCTURE = ("fiber_households_covered_share", "fiber_households_with_line_share", "ftth_households_using_share",
                  "smartphone_users_share", "smartphone_owners_share", "smartphone_adults_share",
                  "smartphone_subscriptions_share", "mobile_coverage_communes", "fiber_coverage_communes",
                  "fiber_coverage_villages", "mobile_broadband_coverage_villages", "5g_coverage_residential_areas")
GROWTH_METHODS = ("consecutive", "first_to_last", "baseline_absolute", "implied_base")


def _wrap(label: str, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


@dataclass
class Canvas:
    """A figure in three bands: header (title, legend), plot, footer (footnote, source line)."""

    fig: Figure
    ax: plt.Axes
    header: plt.Axes
    footer: plt.Axes
    grid: matplotlib.gridspec.GridSpec
    plot_height: float


def _figure(height: float) -> Canvas:
    """A canvas whose plot band is ``height`` inches tall; the other bands are sized by :func:`_finish`."""
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=(WIDTH, height + 1.0), layout="constrained")
        grid = fig.add_gridspec(3, 1, height_ratios=[0.5, height, 0.5])
        header, ax, footer = fig.add_subplot(grid[0]), fig.add_subplot(grid[1]), fig.add_subplot(grid[2])
        header.axis("off")
        footer.axis("off")
    return Canvas(fig, ax, header, footer, grid, height)


def source_line(figure_ids: pd.Series | list[str], figures: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    """'Source: Báo Bắc Kạn (2024-10-10, approx.); …' for the articles behind the figures shown."""
    used = figures.loc[figures["figure_id"].isin(list(figure_ids)), "source_id"].unique()
    rows = sources[sources["source_id"].isin(used)].sort_values("published", kind="stable")
    parts = []
    for outlet, published, precision in zip(rows["outlet"], rows["published"], rows["published_precision"]):
        date = date_text(pd.Timestamp(published), lang)
        parts.append(f"{outlet} ({date}{', ' + text('approximate', lang) if precision == 'approximate' else ''})")
    return f"{text('source', lang)}: " + "; ".join(parts)


def _finish(canvas: Canvas, title: str, source: str, footnote: str = "", legend: list | None = None,
            ncol: int = 3) -> Figure:
    """Title and legend in the header, footnote and source in the footer, each band sized to its text."""
    title = _wrap(title, 78)
    note = "\n".join(line for line in (_wrap(footnote, 125), _wrap(source, 125)) if line)
    rows = -(-len(legend) // ncol) if legend else 0  # legend rows, rounded up
    header_h = 0.12 + 0.22 * (title.count("\n") + 1) + 0.17 * rows
    footer_h = 0.08 + 0.14 * (note.count("\n") + 1)
    canvas.fig.set_size_inches(WIDTH, header_h + canvas.plot_height + footer_h + 0.15)
    canvas.grid.set_height_ratios([header_h, canvas.plot_height, footer_h])
    with plt.rc_context(STYLE):
        mixed = ("figure fraction", "axes fraction")  # x from the figure's edge, y within the band
        heading = canvas.header.annotate(title, xy=(0.01, 1.0), xycoords=mixed, ha="left", va="top",
                                         fontsize=11, fontweight="bold")
        footer = canvas.footer.annotate(note, xy=(0.01, 0.0), xycoords=mixed, ha="left", va="bottom", fontsize=7,
                                        color="#555555", linespacing=1.3)
        for artist in (heading, footer):
            artist.set_in_layout(False)
        if legend:
            box = canvas.header.legend(handles=legend, loc="lower left", bbox_to_anchor=(0, 0), ncol=ncol,
                                       fontsize=7, frameon=False, borderaxespad=0)
            box.set_in_layout(False)
    return canvas.fig


def _value_labels(ax, bars, labels: list[str], values, inside_from: float) -> None:
    """Label each bar inside (white) when it is long enough, else just past its end."""
    for bar, label, value in zip(bars, labels, values):
        if not label:
            continue
        y = bar.get_y() + bar.get_height() / 2
        if value >= inside_from:
            ax.text(bar.get_x() + 1.0, y, label, ha="left", va="center", fontsize=7, color="white")
        else:
            ax.text(bar.get_x() + bar.get_width() + 1.0, y, label, ha="left", va="center", fontsize=7)


def _latest(figures: pd.DataFrame, province_id: str, indicator_ids, kind: str = "actual") -> pd.DataFrame:
    rows = figures[(figures["province_id"] == province_id) & figures["indicator_id"].isin(indicator_ids)
                   & (figures["kind"] == kind)]
    rows = rows.sort_values(["indicator_id", "breakdown", "period_end", "figure_id"], kind="stable")
    return rows.groupby(["indicator_id", "breakdown"], sort=False).tail(1)


def fiveg_rollout(figures: pd.DataFrame, sources: pd.DataFrame, province_id: str, lang: str) -> Figure | None:
    """5G stations installed by operator, with the run-rate of the total."""
    rows = figures[(figures["province_id"] == province_id) & (figures["indicator_id"] == "5g_stations_installed")
                   & (figures["kind"] == "actual")]
    if rows.empty:
        return None
    period = rows.sort_values("period_end").iloc[-1]
    rows = rows[(rows["period_end"] == period["period_end"])]
    operators = rows[rows["breakdown"] != ""].sort_values(["value", "breakdown"], ascending=[False, True])
    total = rows[rows["breakdown"] == ""]
    labels, values = list(operators["breakdown"]), list(operators["value"])
    if not total.empty and operators["value"].sum() < total["value"].iloc[0]:
        labels.append(text("other", lang))
        values.append(total["value"].iloc[0] - operators["value"].sum())
    if not labels:
        labels, values = [text("total", lang)], list(total["value"])
    canvas = _figure(2.6)
    with plt.rc_context(STYLE):
        ax = canvas.ax
        bars = ax.bar(labels, values, color=PALETTE[: len(labels)], width=0.6)
        ax.bar_label(bars, fmt="%g", padding=2)
        ax.set_ylabel(f"{text('stations', lang)}")
        ax.set_xlabel(text("operator", lang))
        ax.set_ylim(0, max(values) * 1.3)
        ax.grid(axis="x", visible=False)
        amount = total["value"].iloc[0] if not total.empty else sum(values)
        start, end = period["period_start"], period["period_end"]
        if pd.notna(start):
            days = (end - start).days + 1
            per_month = amount / (days / (365.25 / 12))
            ax.text(0.98, 0.95, text("fig_5g_rate", lang, per_month=f"{per_month:.1f}", total=f"{amount:g}", days=days),
                    transform=ax.transAxes, ha="right", va="top", fontsize=8)
        title = text("fig_5g", lang, start=date_text(start, lang) or "?", end=date_text(end, lang))
    return _finish(canvas, title, source_line(rows["figure_id"], figures, sources, lang))


def _share_bars(figures: pd.DataFrame, targets: pd.DataFrame, sources: pd.DataFrame, indicators: pd.DataFrame,
                province_id: str, lang: str, indicator_ids: tuple[str, ...], title_key: str,
                target_year: int | None = None) -> Figure | None:
    """Horizontal bars of the latest shares, with the targets as markers."""
    names = indicator_names(indicators, lang)
    actual = _latest(figures, province_id, indicator_ids)
    goals = targets[(targets["province_id"] == province_id) & targets["indicator_id"].isin(indicator_ids)]
    if target_year is not None:
        goals = goals[goals["deadline"].dt.year == target_year]
    keys = pd.concat([actual[["indicator_id", "breakdown"]], goals[["indicator_id", "breakdown"]]]).drop_duplicates()
    if keys.empty:
        return None
    order = {ind: i for i, ind in enumerate(indicator_ids)}
    keys = keys.assign(o=keys["indicator_id"].map(order)).sort_values(["o", "breakdown"], ascending=[False, True])
    labels = [_wrap(names[i] + (f" ({b})" if b else "")) for i, b in zip(keys["indicator_id"], keys["breakdown"])]
    canvas = _figure(0.6 + 0.55 * len(keys))
    with plt.rc_context(STYLE):
        ax = canvas.ax
        y = np.arange(len(keys))
        merged = keys.merge(actual, on=["indicator_id", "breakdown"], how="left")
        values = merged["value"].to_numpy(dtype=float)
        bars = ax.barh(y, np.nan_to_num(values), color=NEUTRAL, height=0.55,
                       label=text("latest", lang) if np.isfinite(values).any() else "_nolegend_")
        _value_labels(ax, bars, [("" if np.isnan(v) else f"{v:.4g}% · {date_text(d, lang)}")
                                 for v, d in zip(values, merged["period_end"])], np.nan_to_num(values), inside_from=40)
        goal = keys.merge(goals.sort_values("deadline").groupby(["indicator_id", "breakdown"]).head(1),
                          on=["indicator_id", "breakdown"], how="left")
        has_goal = goal["target_value"].notna().to_numpy()
        if has_goal.any():
            ax.scatter(goal["target_value"][has_goal], y[has_goal], marker="D", color=TARGET, zorder=3, s=28,
                       label=text("target", lang))
        for yy, v, d, q in zip(y[has_goal], goal["target_value"][has_goal], goal["deadline"][has_goal],
                               goal["target_qualifier"][has_goal]):
            sign = ">" if q == "more_than" else ""
            ax.annotate(f"{sign}{v:g}% ({d.year})", (v, yy), xytext=(7, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=7, fontweight="bold")
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 128)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel(text("share_axis", lang))
        ax.grid(axis="y", visible=False)
        handles, _ = ax.get_legend_handles_labels()
    used = pd.concat([actual["figure_id"], goals["target_figure_id"]])
    return _finish(canvas, text(title_key, lang), source_line(used, figures, sources, lang),
                   text("one_concept_per_row", lang), legend=handles)


def government_services(figures, targets, sources, indicators, province_id: str, lang: str) -> Figure | None:
    """Full-process online services, online dossiers, online payment, e-ID: latest share and targets."""
    return _share_bars(figures, targets, sources, indicators, province_id, lang, GOVERNMENT, "fig_gov")


def infrastructure_vs_targets(figures, targets, sources, indicators, province_id: str, lang: str) -> Figure | None:
    """Fibre households, smartphone use and coverage: latest share against the 2025 targets."""
    return _share_bars(figures, targets, sources, indicators, province_id, lang, INFRASTRUCTURE, "fig_infra",
                       target_year=2025)


def count_growth(growth: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame, indicators: pd.DataFrame,
                 province_id: str, lang: str) -> Figure | None:
    """Relative change and annualized rate of count indicators; flagged rows are starred and explained."""
    names = indicator_names(indicators, lang)
    # levels of counts only: no share (points, not %), no event, no definition break, no refuted reading
    rows = growth[(growth["province_id"] == province_id) & growth["method"].isin(GROWTH_METHODS)
                  & (growth["unit"] != "%") & (growth["period_type"] == "level") & (growth["status"] != "b")
                  & (growth["refuted_by"].fillna("") == "") & growth["rel_change_pct"].notna()
                  & growth["from_date"].notna() & (growth["days"] > 0)]  # two dates: a change over time
    if rows.empty:
        return None
    rows = rows.sort_values(["indicator_id", "method", "to_date"], kind="stable")
    labels = [_wrap(names[i] + (" *" if f else "")) for i, f in zip(rows["indicator_id"], rows["flags"])]
    canvas = _figure(0.7 + 0.6 * len(rows))
    with plt.rc_context(STYLE):
        ax = canvas.ax
        y = np.arange(len(rows))
        rel = rows["rel_change_pct"].to_numpy(dtype=float)
        ann = rows["annualized_pct"].to_numpy(dtype=float)
        b1 = ax.barh(y + 0.2, rel, height=0.38, color=PALETTE[0], label=text("relative_change", lang))
        b2 = ax.barh(y - 0.2, np.nan_to_num(ann), height=0.38, color=PALETTE[1], label=text("annualized", lang))
        ax.bar_label(b1, labels=[f"{v:+.1f}%" for v in rel], padding=2, fontsize=7)
        ax.bar_label(b2, labels=["" if np.isnan(v) else f"{v:+.1f}%" for v in ann], padding=2, fontsize=7)
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(y, labels)
        ax.set_xlabel(text("change_axis", lang))
        both = np.concatenate([rel, np.nan_to_num(ann)])
        span = max(np.abs(both).max(), 1.0)
        ax.set_xlim(min(0.0, both.min()) - 0.25 * span, max(0.0, both.max()) + 0.3 * span)
        ax.grid(axis="y", visible=False)
        handles, _ = ax.get_legend_handles_labels()
    flags = sorted({f for fl in rows["flags"] for f in fl.split(";") if f})
    footnote = text("flagged", lang, flags=", ".join(flags)) if flags else ""
    ids = pd.concat([rows["from_figure_id"], rows["to_figure_id"]])
    return _finish(canvas, text("fig_growth", lang), source_line(ids, figures, sources, lang), footnote,
                   legend=handles)


def data_coverage(figures: pd.DataFrame, sources: pd.DataFrame, indicators: pd.DataFrame, province_id: str,
                  lang: str) -> Figure | None:
    """Which indicator was observed when, from which article: one row per indicator, one mark per figure."""
    names = indicator_names(indicators, lang)
    rows = figures[figures["province_id"] == province_id]
    if rows.empty:
        return None
    order = rows.groupby("indicator_id")["period_end"].min().sort_values(kind="stable")
    order = order.reset_index().sort_values(["period_end", "indicator_id"], ascending=[False, True])
    position = {ind: i for i, ind in enumerate(order["indicator_id"])}
    source_ids = list(sources.loc[sources["source_id"].isin(rows["source_id"])].sort_values("published")["source_id"])
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(source_ids)}
    marker = {"actual": "o", "target": "^", "change": "s"}
    canvas = _figure(0.8 + 0.2 * len(position))
    with plt.rc_context(STYLE):
        ax = canvas.ax
        for (source, kind), group in rows.groupby(["source_id", "kind"], sort=True):
            ax.scatter(group["period_end"], group["indicator_id"].map(position), color=colour[source],
                       marker=marker[kind], s=22, zorder=3)
        ax.set_yticks(range(len(position)), [_wrap(names[i], 70) for i in position], fontsize=6.5)
        ax.set_ylim(-0.7, len(position) - 0.3)
        locator = matplotlib.dates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
        ax.set_xlabel(text("date_axis", lang))
        ax.grid(axis="y", visible=False)
        outlets = sources.set_index("source_id")
        handles = [Line2D([], [], color=colour[s], marker="o", linestyle="",
                          label=f"{_short(outlets.at[s, 'outlet'])} ({outlets.at[s, 'published'][:4]})")
                   for s in source_ids]
        handles += [Line2D([], [], color="#555555", marker=m, linestyle="", label=text(f"kind_{k}", lang))
                    for k, m in marker.items() if k in set(rows["kind"])]
    return _finish(canvas, text("fig_coverage", lang), source_line(rows["figure_id"], figures, sources, lang),
                   legend=handles, ncol=3)


def _short(name: str, width: int = 30) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def province_comparison(figures: pd.DataFrame, sources: pd.DataFrame, indicators: pd.DataFrame,
                        province_id: str, lang: str) -> Figure | None:
    """Shares observed in two or more provinces on one concept and breakdown: latest of each, with its date.

    One indicator is one concept of one universe, so only the same indicator and breakdown stand side
    by side (never 70 % of all people beside 90,1 % of adults); each bar says its date.
    """
    names = indicator_names(indicators, lang)
    units = unit_names(indicators, lang)
    actual = figures[(figures["kind"] == "actual") & figures["period_type"].isin(["level", "window"])]
    actual = actual[actual["indicator_id"].map(units) == "%"]
    series = ["indicator_id", "breakdown"]
    latest = (actual.sort_values([*series, "province_id", "period_end", "figure_id"], kind="stable")
              .groupby([*series, "province_id"]).tail(1))
    shared = latest.groupby(series)["province_id"].transform("nunique")
    latest = latest[shared >= 2]
    here = latest.loc[latest["province_id"] == province_id, series].drop_duplicates()
    latest = latest.merge(here, on=series)
    if latest.empty:
        return None
    latest = latest.assign(key=latest["indicator_id"] + "|" + latest["breakdown"])
    indicator_ids = sorted(latest["key"].unique())
    provinces = sorted(latest["province_id"].unique(), key=lambda p: (p != province_id, p))
    canvas = _figure(0.6 + 0.4 * len(indicator_ids) * len(provinces))
    with plt.rc_context(STYLE):
        ax = canvas.ax
        height = 0.8 / len(provinces)
        for k, pid in enumerate(provinces):
            rows = latest[latest["province_id"] == pid].set_index("key").reindex(indicator_ids)
            y = np.arange(len(indicator_ids)) + (len(provinces) / 2 - k - 0.5) * height
            name = rows["province"].dropna().iloc[0]
            bars = ax.barh(y, rows["value"].fillna(0), height=height * 0.9,
                           color=HIGHLIGHT if pid == province_id else PALETTE[(k % 3) * 2], label=name)
            _value_labels(ax, bars, ["" if pd.isna(v) else f"{v:.4g}% · {date_text(d, lang)}"
                                     for v, d in zip(rows["value"], rows["period_end"])],
                          rows["value"].fillna(0).to_numpy(), inside_from=50)
        labels = [names[k.split("|")[0]] + (f" ({k.split('|', 1)[1]})" if k.split("|", 1)[1] else "")
                  for k in indicator_ids]
        ax.set_yticks(range(len(indicator_ids)), [_wrap(label) for label in labels])
        ax.set_xlim(0, 105)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel(text("share_axis", lang))
        ax.grid(axis="y", visible=False)
        handles, _ = ax.get_legend_handles_labels()
    return _finish(canvas, text("fig_compare", lang), source_line(latest["figure_id"], figures, sources, lang),
                   legend=handles, ncol=len(provinces))


def save(fig: Figure, folder: Path, stem: str) -> dict[str, Path]:
    """PNG (screens, README, notebook) and SVG (print), without timestamps; closes the figure."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"png": folder / f"{stem}.png", "svg": folder / f"{stem}.svg"}
    with plt.rc_context(STYLE):
        fig.savefig(paths["png"], metadata={"Software": None})
        fig.savefig(paths["svg"], metadata={"Date": None, "Creator": None})
    plt.close(fig)
    paths["svg"].write_text(stable_svg_ids(paths["svg"].read_text(encoding="utf-8")), encoding="utf-8")
    return paths


def stable_svg_ids(svg: str) -> str:
    """Renumber matplotlib's clip-path ids in order of appearance.

    Some ids hash the Python ``id()`` of an object, which changes from run to run even with
    ``svg.hashsalt`` set; renumbering makes the file byte-identical without changing the drawing.
    """
    ids = list(dict.fromkeys(re.findall(r'id="(p[0-9a-f]{10})"', svg)))
    for number, old in enumerate(ids):
        svg = svg.replace(old, f"clip{number}")
    return svg
