"""The report of one province in one language: figures saved to files, text blocks for the notebook.

The report notebook only displays what :class:`ProvinceReport` returns, so the same blocks make
the notebook, its PDF and the README figures. Tables are Markdown (real tables in the PDF, not
monospaced text).
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.core.tables import read_processed
from analysis.ingest.rawdata import RawLayer
from analysis.parse.numbers import BOUNDS
from analysis.report.labels import QUALIFIER_SIGNS, TEXT, breakdown_names, check_lang, date_text, indicator_names, labelled, text
from analysis.report.labels import text as text_of

#: A change over less than a year gets no yearly rate in a sentence: compounding half a year's change
#: to a year is an extrapolation (growth.csv keeps the rate, flagged).
MIN_DAYS_FOR_A_YEARLY_RATE = 365

#: Characters with a meaning in Markdown (and so, through pandoc, in typst): escaped in every cell and
#: phrase that comes from the data, so a title or a breakdown can never become markup.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]<>#+!|$~^@&=")


def escape_markdown(value: object) -> str:
    """Text from the data as literal Markdown: each special character backslash-escaped, newlines as spaces."""
    text_ = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in " ".join(text_.split()))


@dataclass(frozen=True)
class ReportInputs:
    """The processed tables a report reads (written by notebooks 01 and 02)."""

    figures: pd.DataFrame
    growth: pd.DataFrame
    targets: pd.DataFrame
    checks: pd.DataFrame
    series: pd.DataFrame


def read_report_inputs(folder: Path | None = None) -> ReportInputs:
    """The tables of ``folder`` (default data/processed), each read by :func:`analysis.core.tables.read_processed`."""
    return ReportInputs(**{name: read_processed(name, folder) for name in ("figures", "growth", "targets", "checks",
                                                                           "series")})


def markdown_table(frame: pd.DataFrame) -> str:
    """A left-aligned pipe table of literal cells (see :func:`escape_markdown`); headers are ours.

    The PDF leaves the column widths to typst (pandoc runs with a very wide ``--columns``, so it sets
    none): typst gives each column the room its content needs and wraps only what must wrap.
    Cells that are already Markdown (built by this module from escaped parts) are wrapped in
    :class:`Md` and kept as they are.
    """
    def cell(value: object) -> str:
        return str(value) if isinstance(value, Md) else escape_markdown(value)
    header = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join(":---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


#: Qualifiers that make a figure a bound: a change between a bound and a value may have either sign.
#: Growth flags that say a date is not printed as such (the sentence says "a date is approximate").
#: Growth rows whose earlier level is a source's stated change subtracted from its level (exact for
#: points and places; a relative change gives only an estimate, never stated as a change).
REPORTED_BASELINES = ("baseline_absolute", "baseline_points")
APPROXIMATE_DATE_FLAGS = frozenset({"publication_date_approximate", "period_not_written", "year_from_publication_date"})


def _bounded_direction(before: float, q_before: str, after: float, q_after: str) -> int:
    """+1 if every value the two figures allow rose, −1 if every one fell, 0 if the bounds cannot tell."""
    def interval(value: float, qualifier: str) -> tuple[float, float]:
        if qualifier in ("more_than", "at_least"):
            return value, float("inf")
        if qualifier in ("less_than", "at_most"):
            return float("-inf"), value
        return value, value

    low_b, high_b = interval(before, q_before)
    low_a, high_a = interval(after, q_after)
    if low_a - high_b > 0 or (low_a == high_b and "than" in q_before + q_after):
        return 1
    if high_a - low_b < 0 or (high_a == low_b and "than" in q_before + q_after):
        return -1
    return 0


class Md(str):
    """A string that is already Markdown, built from escaped parts: tables and sentences keep it as is."""


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


@dataclass
class ProvinceReport:
    """Everything the report of ``province_id`` in ``lang`` shows."""

    layer: RawLayer
    figures: pd.DataFrame
    growth: pd.DataFrame
    targets: pd.DataFrame
    checks: pd.DataFrame
    province_id: str
    lang: str
    folder: Path = field(default_factory=lambda: paths.FIGURES)
    series: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: How sentences cite their sources: ``numbers`` ([1, 4], the rows of :meth:`sources_table`, which the
    #: report prints) or ``names`` (outlet and date in full, where no sources table follows).
    cite: str = "numbers"

    def __repr__(self) -> str:
        return f"ProvinceReport({self.province_id!r}, {self.lang!r}, {len(self.rows)} figures, folder={str(self.folder)!r})"

    def __post_init__(self) -> None:
        check_lang(self.lang)
        self.rows = self.figures[self.figures["province_id"] == self.province_id]
        self.province = self.rows["province"].iloc[0]

    @property
    def figure_folder(self) -> Path:
        return Path(self.folder) / self.province_id

    def heading(self) -> str:
        """Title, the period the articles cover, the as-of date and the post-merger province."""
        sources = self.layer.sources[self.layer.sources["source_id"].isin(self.rows["source_id"])]
        published = pd.to_datetime(sources["published"])
        province = self.layer.provinces.set_index("province_id").loc[self.province_id]
        lines = [
            f"# {text('report_title', self.lang, province=escape_markdown(self._place(self.province)))}",
            "",
            text("report_subtitle", self.lang, years=_years(published.min().year, published.max().year)),
            "",
            text("as_of", self.lang, date=date_text(published.max(), self.lang),
                 province=escape_markdown(self._place(self.province))),
        ]
        if province["current_province_id"] != self.province_id:
            current = escape_markdown(
                self.layer.provinces.set_index("province_id").at[province["current_province_id"], "name_vi"])
            since = date_text(pd.Timestamp(province["current_since"]), self.lang)
            lines += ["", text("province_now", self.lang, province=escape_markdown(self.province), current=current,
                               since=since)]
        table = self.layer.provinces
        before = table.loc[(table["current_province_id"] == self.province_id)
                           & (table["province_id"] != self.province_id), "name_vi"]
        if len(before):
            lines += ["", text("province_formed", self.lang, province=escape_markdown(self.province),
                               since=date_text(pd.Timestamp(province["valid_from"]), self.lang),
                               parts=", ".join(escape_markdown(self._place(b)) for b in sorted(before)))]
        return "\n".join(lines)

    def chart_data(self):
        """What the charts read (:class:`analysis.report.plots.ChartData`): tables, codebook, sources, place, language.

        The plotting modules load here, not when the report module does: the analysis notebook uses
        the report's sentences without paying for matplotlib and seaborn.
        """
        from analysis.report import plots
        return plots.ChartData(figures=self.figures, targets=self.targets, series=self.series,
                               indicators=self.layer.indicators, sources=self.layer.sources,
                               province_id=self.province_id, lang=self.lang, breakdowns=self.layer.breakdowns,
                               disputed=frozenset(self._disputed_pairs()))

    def save_figures(self) -> dict[str, dict[str, Path] | None]:
        """Draw and save every chart of :data:`plots.CHARTS` (PNG and SVG, ``<name>_<lang>``).

        A chart with nothing to show is None, and its files from an earlier run are removed, as are
        files of charts no longer in the registry: the folder holds exactly what the report shows.
        A chart whose saved PNG records the same inputs (data, code, library versions) is not drawn
        again: the files are already what drawing would write.
        """
        from analysis.report import plots

        data = self.chart_data()
        saved: dict[str, dict[str, Path] | None] = {}
        for chart in plots.CHARTS:
            chosen = chart.select(data)
            if chosen.empty:
                saved[chart.name] = None
                continue
            stem, inputs = f"{chart.name}_{self.lang}", data.fingerprint(chart.name)
            saved[chart.name] = (plots.saved_for(self.figure_folder, stem, inputs)
                                 or plots.save(chart.figure(data, chosen), self.figure_folder, stem, inputs))
        kept = {p for files in saved.values() if files for p in files.values()}
        for old in sorted(self.figure_folder.glob(f"*_{self.lang}.*")):
            if old.suffix in (".png", ".svg") and old not in kept:
                old.unlink()
        return saved

    # --- formatting -----------------------------------------------------------------------------------

    def _place(self, name: str) -> str:
        """A place's name in the report's language: 'Thái Nguyên (cũ)' is 'Thái Nguyên (former)' in English."""
        return name.replace(" (cũ)", f" {text('former', self.lang)}") if self.lang == "en" else name

    def _when(self, start, end) -> str:
        """A date, or a window as 'start–end' (the dates a share over a window covers)."""
        if pd.notna(start) and pd.notna(end) and start != end:
            return f"{date_text(start, self.lang)}–{date_text(end, self.lang)}"
        return date_text(end, self.lang) if pd.notna(end) else "?"

    def _num(self, value: float, spec: str = ",.4g") -> str:
        """A number as the report's language writes it: 1,407.5 in English, 1.407,5 in Vietnamese.

        ``g`` specs keep 4 significant digits below 1,000 and whole numbers above (16,737, never 1.674e+04).
        """
        if "g" in spec and abs(value) >= 1000:
            spec = spec.split(".")[0] + (".0f" if spec.split(".")[0].endswith(",") else ",.0f")
        out = format(value, spec).replace("-", "\u2212")  # a minus sign, as typst prints it in the PDF
        if self.lang == "vi":
            out = out.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return out

    def _unit(self, unit: str) -> str:
        """The canonical unit in the report's language (the codebook's unit_vi)."""
        if self.lang == "en":
            return unit
        codebook = self.layer.indicators.drop_duplicates("unit").set_index("unit")["unit_vi"]
        return codebook.get(unit, unit)

    def _amount(self, value: float, unit: str, qualifier: str = "exact") -> str:
        """A value for a sentence or a table cell: 4 significant digits, % glued, units in the report's
        language, and what the source says about its precision (>, ≤, ≈; a rank 'at most 10' is 'top 10')."""
        if pd.isna(value):
            return "–"
        number = self._num(value)
        if unit == "rank":
            if qualifier in ("at_most", "less_than"):
                return text_of("rank_top", self.lang, rank=number)
            body = text_of("rank_of", self.lang, rank=number)
        else:
            body = f"{number}%" if unit == "%" else f"{number} {escape_markdown(self._unit(unit))}"
        return QUALIFIER_SIGNS.get(qualifier, "") + body

    def _label(self, indicator_id: str, breakdown: str = "") -> str:
        """The indicator's name in the report's language, with its breakdown (plain text)."""
        names = indicator_names(self.layer.indicators, self.lang)
        parts = breakdown_names(self.layer.breakdowns, self.lang)
        return labelled(names.get(indicator_id, indicator_id), breakdown, parts)

    def _name(self, indicator_id: str, breakdown: str = "") -> str:
        """:meth:`_label` as literal Markdown, for sentences."""
        return escape_markdown(self._label(indicator_id, breakdown))

    @functools.cached_property
    def _cited_sources(self) -> pd.DataFrame:
        """The sources the report cites, in the order of its Sources table (oldest first): those of the
        place's figures and of the national figures set beside them."""
        cited = set(self.rows["source_id"])
        pairs = self._benchmark_pairs()
        cited |= set(self.figures.loc[self.figures["figure_id"].isin(pairs.get("figure_id_vn", [])), "source_id"])
        sources = self.layer.sources[self.layer.sources["source_id"].isin(cited)]
        return sources.sort_values(["published", "source_id"], kind="stable").reset_index(drop=True)

    def _sources_of(self, figure_ids) -> str:
        """The sources of some figures, each once, as Markdown: '[1, 4]' (rows of the Sources table), or
        with ``cite='names'`` 'Sources: Báo Bắc Kạn, 2024-10-10 (approx.); …', oldest first."""
        ids = [i for i in figure_ids if isinstance(i, str) and i]
        used = set(self.figures.loc[self.figures["figure_id"].isin(ids), "source_id"])
        if self.cite == "numbers":
            cited = self._cited_sources
            numbers = sorted(cited.index[cited["source_id"].isin(used)] + 1)
            if len(numbers) == len(used):
                return "[" + ", ".join(map(str, numbers)) + "]"
        rows = self.layer.sources[self.layer.sources["source_id"].isin(used)].sort_values("published", kind="stable")
        return f"({text('sources', self.lang)}: " + "; ".join(
            escape_markdown(f"{o}, {date_text(pd.Timestamp(p), self.lang)}"
                            + (f" ({text('approximate', self.lang)})" if q == "approximate" else ""))
            for o, p, q in zip(rows["outlet"], rows["published"], rows["published_precision"])) + ")"

    @functools.cached_property
    def _doubted_figures(self) -> set[str]:
        """Figures an error-level check finds inconsistent, and the shares derived from them: a sentence
        that uses one says so."""
        if "severity" not in self.checks:
            return set()
        rows = self.checks[(self.checks["province_id"] == self.province_id) & (self.checks["severity"] == "error")]
        doubted = {f for ids in rows["figure_ids"] for f in str(ids).split(";") if f}
        derived = self.figures[self.figures["derived_from"].fillna("") != ""]
        doubted |= {f for f, parts in zip(derived["figure_id"], derived["derived_from"])
                    if doubted & set(str(parts).split(";"))}
        return doubted

    def _doubt(self, *figure_ids) -> str:
        """' (a check finds … inconsistent …)' when a sentence's figures include a doubted one, else ''."""
        return f" {text('doubted_by_check', self.lang)}" if self._doubted_figures & set(figure_ids) else ""

    def _verdict(self, verdict: str, reason_code: str) -> str:
        """The verdict in words; 'missed' once the deadline has passed and an actual after it falls short."""
        return text("verdict_missed" if reason_code == "deadline_missed" else f"verdict_{verdict}", self.lang)

    def _qualifier(self, figure_id) -> str:
        found = self.figures.loc[self.figures["figure_id"] == figure_id, "qualifier"]
        return found.iloc[0] if len(found) else "exact"

    # --- tables ---------------------------------------------------------------------------------------

    def targets_table(self) -> str:
        rows = self.targets[self.targets["province_id"] == self.province_id]
        if rows.empty:
            return text("no_targets", self.lang, province=escape_markdown(self._place(self.province)))
        rows = rows.drop_duplicates(["indicator_id", "breakdown", "target_value", "target_qualifier", "deadline"])
        table = pd.DataFrame({
            text("col_indicator", self.lang): [self._label(i, b) for i, b in zip(rows["indicator_id"], rows["breakdown"])],
            text("col_target", self.lang): [Md(self._amount(v, u, q)) for v, u, q in
                                            zip(rows["target_value"], rows["unit"], rows["target_qualifier"])],
            text("col_deadline", self.lang): [date_text(d, self.lang) for d in rows["deadline"]],
            text("col_latest", self.lang): [Md(self._amount(v, u) + (f" ({date_text(d, self.lang)})" if pd.notna(d) else ""))
                                            if pd.notna(v) else "–" for v, u, d in
                                            zip(rows["latest_value"], rows["unit"], rows["latest_date"])],
            text("col_verdict", self.lang): [self._verdict(v, c) for v, c in zip(rows["verdict"], rows["reason_code"])],
            text("col_why", self.lang): [text(f"reason_{c}", self.lang) for c in rows["reason_code"]],
        })
        return markdown_table(table)

    def checks_table(self) -> str:
        """Each check that found something: what it checks, the sources of its figures, the numbers compared."""
        rows = self.checks[(self.checks["province_id"] == self.province_id) & (self.checks["severity"] != "ok")]
        if rows.empty:
            return text("no_checks", self.lang, province=escape_markdown(self._place(self.province)))

        def compared(row) -> str:
            if pd.isna(row.observed) or pd.isna(row.expected):
                return escape_markdown(row.numbers) if self.lang == "en" else "–"
            unit = "" if row.unit in ("", "rank") else row.unit
            return text("observed_expected", self.lang, observed=self._amount(row.observed, unit),
                        expected=self._amount(row.expected, unit), difference=self._amount(row.difference, unit))

        table = pd.DataFrame({
            text("col_severity", self.lang): [text(f"severity_{s}", self.lang) for s in rows["severity"]],
            text("col_check", self.lang): [text(f"check_{c}", self.lang) if f"check_{c}" in TEXT[self.lang]
                                           else c.replace("_", " ") for c in rows["check"]],
            text("col_sources", self.lang): [Md(self._sources_of(f.split(";")).strip("()")) for f in rows["figure_ids"]],
            text("col_explanation", self.lang): [Md(compared(r)) for r in rows.itertuples()],
        })
        return markdown_table(table)

    def sources_table(self) -> str:
        """Every source the report cites, numbered as the sentences cite them ([1, 4])."""
        sources = self._cited_sources
        counts = sources["source_id"].map(self.rows["source_id"].value_counts()).fillna(0).astype(int)
        table = pd.DataFrame({
            "#": [str(n) for n in range(1, len(sources) + 1)],
            text("col_outlet", self.lang): [o + (f" ({s})" if s and s.lower() not in o.lower() else "")
                                            for o, s in zip(sources["outlet"], sources["site"])],
            text("col_published", self.lang): [
                date_text(pd.Timestamp(p), self.lang) + (f" ({text('approximate', self.lang)})" if q == "approximate" else "")
                for p, q in zip(sources["published"], sources["published_precision"])],
            text("col_title", self.lang): sources["title"].replace("", text("untitled", self.lang)),
            text("col_figures", self.lang): [str(n) if n else text("national_comparison", self.lang) for n in counts],
        })
        return markdown_table(table)

    # --- sentences ------------------------------------------------------------------------------------

    def _disputed_pairs(self) -> set[frozenset]:
        """Pairs of figures a cross-source check found disagreeing: two sources on one figure, not a change."""
        if "check" not in self.checks:
            return set()
        rows = self.checks[(self.checks["check"] == "cross_source") & (self.checks["severity"] != "ok")]
        return {frozenset(f.split(";")) for f in rows["figure_ids"]}

    def _change_rows(self) -> pd.DataFrame:
        """The changes the first page states: one row per series (first to latest observation), breaks, and
        comparisons across a declared close concept; never a refuted reading, a baseline (an estimate),
        two observations too close in time, or two sources that disagree on one figure."""
        growth = self.growth[self.growth["province_id"] == self.province_id]
        flags = growth["flags"].fillna("").str.split(";")
        too_close = flags.map(lambda f: bool({"zero_interval", "interval_too_short_for_a_rate"} & set(f)))
        disputed = self._disputed_pairs()
        pair = [frozenset((a, b)) for a, b in zip(growth["from_figure_id"], growth["to_figure_id"])]
        # an earlier level from a stated change only when it is a number: neither the change nor the level a
        # bound (">3,000 more" than 66,692 makes it "<63,692"), nor a change that may be points or per cent
        qualifier = self.figures.set_index("figure_id")["qualifier"]
        bounded = (growth["from_figure_id"].map(qualifier).isin(BOUNDS)
                   | growth["to_figure_id"].map(qualifier).isin(BOUNDS))
        ambiguous = flags.map(lambda f: "ambiguous_points_or_relative" in f)
        dated_baseline = (growth["method"].isin(REPORTED_BASELINES) & growth["from_date"].notna()
                          & ~bounded & ~ambiguous)
        keep = ((growth["method"].isin(["consecutive", "first_to_last", "comparable_change", "definition_break"])
                 | dated_baseline)
                & (growth["refuted_by"].fillna("") == "") & ~too_close
                & pd.Series([p not in disputed for p in pair], index=growth.index))
        growth = growth[keep]
        # A change the source states (a level and 'up 24 places'), where no change between figures spans
        # the same dates: the earlier level is the source's own arithmetic, exact for points and places.
        computed = growth[~growth["method"].isin(REPORTED_BASELINES)]
        spans = set(zip(computed["indicator_id"], computed["breakdown"], computed["from_date"], computed["to_date"]))
        repeated = [m in REPORTED_BASELINES and (i, b, f, t) in spans for i, b, f, t, m in
                    zip(growth["indicator_id"], growth["breakdown"], growth["from_date"], growth["to_date"], growth["method"])]
        growth = growth[~pd.Series(repeated, index=growth.index, dtype=bool)]
        spanned = set(zip(growth.loc[growth["method"] == "first_to_last", "indicator_id"],
                          growth.loc[growth["method"] == "first_to_last", "breakdown"]))
        within = [(i, b) in spanned and m == "consecutive"
                  for i, b, m in zip(growth["indicator_id"], growth["breakdown"], growth["method"])]
        growth = growth[~pd.Series(within, index=growth.index, dtype=bool)]  # first → latest says it once
        growth = growth.drop_duplicates(["indicator_id", "breakdown", "from_value", "to_value", "from_date", "to_date"])
        return growth.sort_values(["indicator_id", "breakdown", "to_date"], kind="stable")

    def _change_lines(self) -> list[str]:
        """One sentence per change (see :meth:`_change_rows`) with its numbers, dates, precision and sources;
        series that did not move share one line at the end."""
        lines, unchanged = [], []
        for row in self._change_rows().itertuples():
            name = self._name(row.indicator_id, row.breakdown)
            q_from, q_to = self._qualifier(row.from_figure_id), self._qualifier(row.to_figure_id)
            if row.method in REPORTED_BASELINES:  # the earlier level is as precise as the change and the level
                q_from = "about" if {q_from, q_to} & {"about", "nearly"} else "exact"
            start = f"{self._amount(row.from_value, row.unit, q_from)} ({self._when(row.from_start, row.from_date)})"
            end = f"{self._amount(row.to_value, row.unit, q_to)} ({self._when(row.to_start, row.to_date)})"
            sources = f" {self._sources_of([row.from_figure_id, row.to_figure_id])}"
            flags = set(str(row.flags).split(";"))
            caveat = f" {text('dates_approximate', self.lang)}" if flags & APPROXIMATE_DATE_FLAGS else ""
            caveat += self._doubt(row.from_figure_id, row.to_figure_id)
            if row.method in REPORTED_BASELINES:
                caveat = f" {text('as_reported', self.lang)}" + caveat
            if row.method in ("definition_break", "comparable_change"):
                key = "break" if row.method == "definition_break" else "close_concept_no_rate"
                before = self._name(row.from_indicator_id)
                lines.append(f"- **{name}**: {start} → {end}: {text(key, self.lang, before=before)}{caveat}{sources}")
                continue
            bounds = {q_from, q_to} & BOUNDS
            if bounds:
                direction = _bounded_direction(row.from_value, q_from, row.to_value, q_to)
                told = {1: "bounds_direction_up", -1: "bounds_direction_down"}.get(direction, "bounds_no_change")
                lines.append(f"- **{name}**: {start} → {end}: {text(told, self.lang)}{caveat}{sources}")
                continue
            if (row.pp_change if pd.notna(row.pp_change) else row.abs_change) == 0:
                unchanged.append(text("unchanged_item", self.lang, name=name, value=self._amount(row.to_value, row.unit),
                                      start=self._when(row.from_start, row.from_date),
                                      end=self._when(row.to_start, row.to_date)))
                continue
            approx = "≈ " if {q_from, q_to} & {"about", "nearly"} else ""
            change, yearly = self._change_words(row)
            lines.append(f"- **{name}**: {start} → {end}, {approx}{change}" + (f", {yearly}" if yearly else "")
                         + caveat + sources)
        if unchanged:
            lines.append(f"- **{text('unchanged', self.lang)}**: " + "; ".join(unchanged))
        return lines

    def _change_words(self, row) -> tuple[str, str]:
        """'+37 points', '+18.9 points a year'; '+429 (+43.9%)', '+20.4% a year'; 'down 12 places'.

        A yearly rate only over a year or more: compounding half a year's change is an extrapolation.
        """
        a_year_or_more = pd.notna(row.days) and row.days >= MIN_DAYS_FOR_A_YEARLY_RATE
        if row.unit == "rank":
            places = abs(int(round(row.abs_change)))
            key = "rank_down" if row.abs_change > 0 else "rank_up"  # a larger rank number is a lower place
            return text(key, self.lang, n=places, s="s" if places != 1 and self.lang == "en" else ""), ""
        if pd.notna(row.pp_change):
            change = self._points(text("points_change", self.lang, value=self._num(row.pp_change, "+.3g")))
            yearly = (self._points(text("points_a_year", self.lang, value=self._num(row.pp_per_year, "+.3g")))
                      if pd.notna(row.pp_per_year) and a_year_or_more else "")
            return change, yearly
        relative = ""
        if pd.notna(row.rel_change_pct):  # past +200 %, a multiple reads better: "12.1 times", not "+1,107%"
            relative = (text("times", self.lang, x=self._num(1 + row.rel_change_pct / 100, ".3g"))
                        if row.rel_change_pct >= 200 else f"{self._num(row.rel_change_pct, '+.3g')}%")
        change = self._num(row.abs_change, "+,.4g") + (f" ({relative})" if relative else "")
        yearly = (text("percent_a_year", self.lang, value=self._num(row.annualized_pct, "+.3g"))
                  if pd.notna(row.annualized_pct) and a_year_or_more else "")
        return change, yearly

    def _points(self, phrase: str) -> str:
        """'+1 points' → '+1 point' in English."""
        return re.sub(r"([+\u2212]?1) points", r"\1 point", phrase) if self.lang == "en" else phrase

    def changes_text(self) -> str:
        """What moved, one sentence per change (see :meth:`_change_lines`), or a sentence saying nothing did."""
        lines = self._change_lines()
        return "\n".join(lines) if lines else text("no_changes", self.lang,
                                                    province=escape_markdown(self._place(self.province)))

    def _benchmark_lines(self) -> list[str]:
        """The place's latest share beside the nation's, on the same concept and breakdown (shares only:
        a province's count beside the nation's says nothing), with the years apart when they differ."""
        lines = []
        for p in self._benchmark_pairs().itertuples():
            years = abs(p.period_end.year - p.period_end_vn.year)
            apart = f" {text('dates_apart', self.lang, years=years)}" if years > 1 else ""
            lines.append(f"- **{self._name(p.indicator_id, p.breakdown)}**: {escape_markdown(self.province)} "
                         f"{self._amount(p.value, p.unit, p.qualifier)} ({self._when(p.period_start, p.period_end)}); "
                         f"{text('nation', self.lang)} {self._amount(p.value_vn, p.unit_vn, p.qualifier_vn)} "
                         f"({self._when(p.period_start_vn, p.period_end_vn)}){apart}{self._doubt(p.figure_id, p.figure_id_vn)} "
                         f"{self._sources_of([p.figure_id, p.figure_id_vn])}")
        return lines

    def _benchmark_pairs(self) -> pd.DataFrame:
        """The place's latest share per concept and breakdown beside the nation's latest (``*_vn`` columns)."""
        if self.province_id == "viet-nam":
            return pd.DataFrame()
        actual = self.figures[(self.figures["kind"] == "actual") & self.figures["period_type"].isin(["level", "window"])
                              & (self.figures["unit"] == "%")]
        actual = actual.sort_values(["indicator_id", "breakdown", "period_end"], kind="stable")
        latest = actual.groupby(["province_id", "indicator_id", "breakdown"]).tail(1)
        here = latest[latest["province_id"] == self.province_id]
        national = latest[latest["province_id"] == "viet-nam"]
        return here.merge(national, on=["indicator_id", "breakdown"], suffixes=("", "_vn"))

    def benchmark_text(self) -> str:
        """The province's latest figure beside the national one, on the same concept and breakdown."""
        lines = self._benchmark_lines()
        return "\n".join(lines) if lines else text("no_benchmark", self.lang,
                                                   province=escape_markdown(self._place(self.province)))

    def _target_lines(self) -> list[str]:
        """Targets with a verdict (met, on track, off track), one sentence each; 'unknown' ones stay in the table."""
        rows = self.targets[(self.targets["province_id"] == self.province_id) & (self.targets["verdict"] != "unknown")]
        rows = rows.drop_duplicates(["indicator_id", "breakdown", "target_value", "target_qualifier", "deadline"])
        rows = rows.sort_values(["deadline", "indicator_id", "breakdown"], kind="stable")
        place = self.layer.provinces.set_index("province_id").loc[self.province_id]
        merged = (place["current_province_id"] != self.province_id) and bool(place["current_since"])
        since = pd.Timestamp(place["current_since"]) if merged else None
        lines = []
        for row in rows.itertuples():
            goal = self._amount(row.target_value, row.unit, row.target_qualifier)
            # a deadline after the province was merged: the target is no longer the province's to meet
            after = (f" ({text('target_after_merger', self.lang, since=date_text(since, self.lang))})"
                     if merged and row.deadline > since else "")
            lines.append(
                f"- **{self._name(row.indicator_id, row.breakdown)}**: "
                + text("target_sentence", self.lang, target=goal, deadline=date_text(row.deadline, self.lang),
                       latest=self._amount(row.latest_value, row.unit), date=date_text(row.latest_date, self.lang),
                       verdict=self._verdict(row.verdict, row.reason_code),
                       why=text(f"reason_{row.reason_code}", self.lang)).replace(", " + text("reason_met", self.lang), "")
                .replace(", " + text("reason_deadline_missed", self.lang), "")  # 'missed' says it already
                + after + f" {self._sources_of([row.target_figure_id, row.latest_figure_id])}")
        return lines

    def _latest_lines(self, limit: int = 8) -> list[str]:
        """The newest actual statistics of the place not already in a change: what a page says of a place
        with few series (a merged province's first figures)."""
        told = set(self._change_rows()["indicator_id"])
        actual = self.rows[(self.rows["kind"] == "actual") & self.rows["period_type"].isin(["level", "window", "flow"])
                           & ~self.rows["indicator_id"].isin(told)]
        latest = actual.sort_values(["period_end", "indicator_id"], ascending=[False, True], kind="stable")
        latest = latest.drop_duplicates(["indicator_id", "breakdown"])
        lines = [f"- {text('latest_item', self.lang, name=self._name(r.indicator_id, r.breakdown), value=self._amount(r.value, r.unit, r.qualifier), when=self._when(r.period_start, r.period_end))}"
                 f"{self._doubt(r.figure_id)} {self._sources_of([r.figure_id])}"
                 for r in latest.head(limit).itertuples()]
        if len(latest) > limit:
            lines.append(text("more_latest", self.lang, n=len(latest) - limit))
        return lines

    def _checks_line(self) -> str:
        if "severity" not in self.checks:
            return text("checks_summary_none", self.lang)
        mine = self.checks[self.checks["province_id"] == self.province_id]
        errors, warnings = int((mine["severity"] == "error").sum()), int((mine["severity"] == "warning").sum())
        if not errors and not warnings:
            return text("checks_summary_none", self.lang)
        plural = {n: "s" if n != 1 and self.lang == "en" else "" for n in (errors, warnings)}
        found = ([text("n_contradictions", self.lang, n=errors, s=plural[errors])] if errors else []) + (
            [text("n_to_review", self.lang, n=warnings, s=plural[warnings])] if warnings else [])
        return text("checks_summary", self.lang, found=", ".join(found))

    def key_findings(self) -> str:
        """The first page: what changed, the place beside the nation, targets with a verdict, the newest
        figures where few series move, and what the checks found; in sentences with their sources.

        Every number is text (selectable in the PDF) and every sentence names its sources.
        """
        changes = self._change_lines()
        sections = [("section_changes", changes, "no_changes")]
        if self.province_id != "viet-nam":
            sections.append(("section_benchmark", self._benchmark_lines(), "no_benchmark"))
        sections.append(("section_target_verdicts", self._target_lines(), "no_target_verdicts"))
        if len(changes) < 4:
            sections.append(("section_latest", self._latest_lines(), None))
        parts = []
        for key, lines, empty in sections:
            if not lines and empty is None:
                continue
            parts.append(f"### {text(key, self.lang)}")
            parts.append("\n".join(lines) if lines else text(empty, self.lang,
                                                             province=escape_markdown(self._place(self.province))))
        parts.append(self._checks_line())
        return "\n\n".join(parts)

    def section(self, key: str) -> str:
        return f"## {text(key, self.lang)}"

    def figure_blocks(self, saved: dict[str, dict[str, Path] | None]) -> list:
        """What the notebook displays for the figures, in the order of :data:`plots.CHARTS`: each PNG, or its
        title and a sentence where there is no data."""
        from IPython.display import Image, Markdown

        from analysis.report import plots

        blocks = []
        data = self.chart_data()
        for chart in plots.CHARTS:
            if not chart.applies(data):
                continue
            files = saved.get(chart.name)
            if files is None:
                title = chart.title_in(self.lang)
                blocks.append(Markdown(f"*{title}*: {text('no_data', self.lang, province=escape_markdown(self.province))}"))
            else:
                blocks.append(Image(filename=str(files["png"])))
        return blocks


def report_for(layer: RawLayer, inputs: ReportInputs, province: str, lang: str, folder: Path) -> ProvinceReport:
    """Validate the notebook's parameters (one province with data, a known language) and build its report."""
    from analysis.analyze.selection import select_provinces

    province_id = select_provinces(province, layer.provinces, inputs.figures["province_id"], sources=layer.sources,
                                   accept_all=False)[0]
    return ProvinceReport(layer, inputs.figures, inputs.growth, inputs.targets, inputs.checks, province_id,
                          check_lang(lang), Path(folder), inputs.series)
