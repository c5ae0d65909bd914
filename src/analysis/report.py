"""The report of one province in one language: figures saved to files, text blocks for the notebook.

The report notebook only displays what :class:`ProvinceReport` returns, so the same blocks make
the notebook, its PDF and the README figures. Tables are Markdown (real tables in the PDF, not
monospaced text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths, plots
from .labels import TEXT, breakdown_names, check_lang, date_text, indicator_names, labelled, text
from .labels import text as text_of
from .rawdata import RawLayer

#: Characters with a meaning in Markdown (and so, through pandoc, in typst): escaped in every cell and
#: phrase that comes from the data, so a title or a breakdown can never become markup.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]<>#+!|$~^@&=")


def escape_markdown(value: object) -> str:
    """Text from the data as literal Markdown: each special character backslash-escaped, newlines as spaces."""
    text_ = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in " ".join(text_.split()))


DATE_COLUMNS = frozenset({"period_start", "period_end", "basis_start", "basis_end", "published", "from_date",
                          "to_date", "from_start", "to_start", "deadline", "as_of", "latest_date", "first_date",
                          "last_date"})


def read_result(path: Path) -> pd.DataFrame:
    """A processed table as written by the pipeline: dates parsed, empty text cells as ''."""
    frame = pd.read_csv(path)
    for column in frame.columns:
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        elif not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].fillna("").astype(str)
    return frame


@dataclass(frozen=True)
class ReportInputs:
    """The processed tables a report reads (written by notebooks 01 and 02)."""

    figures: pd.DataFrame
    growth: pd.DataFrame
    targets: pd.DataFrame
    checks: pd.DataFrame
    series: pd.DataFrame


def read_report_inputs(folder: Path | None = None) -> ReportInputs:
    folder = Path(folder) if folder is not None else paths.PROCESSED
    from .clean import read_clean

    return ReportInputs(figures=read_clean(folder), growth=read_result(folder / "growth.csv"),
                        targets=read_result(folder / "targets.csv"), checks=read_result(folder / "checks.csv"),
                        series=read_result(folder / "series.csv"))


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


class Md(str):
    """A string that is already Markdown, built from escaped parts: tables and sentences keep it as is."""


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _number(value: float, unit: str) -> str:
    if pd.isna(value):
        return ""
    return f"{value:,.4g}%" if unit == "%" else f"{value:,.4g} {unit}"


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
            f"# {text('report_title', self.lang, province=escape_markdown(self.province))}",
            "",
            text("report_subtitle", self.lang, years=_years(published.min().year, published.max().year)),
            "",
            text("as_of", self.lang, date=date_text(published.max(), self.lang)),
        ]
        if province["current_province_id"] != self.province_id:
            current = escape_markdown(
                self.layer.provinces.set_index("province_id").at[province["current_province_id"], "name_vi"])
            since = date_text(pd.Timestamp(province["current_since"]), self.lang)
            lines += ["", text("province_now", self.lang, province=escape_markdown(self.province), current=current,
                               since=since)]
        return "\n".join(lines)

    def chart_data(self) -> plots.ChartData:
        """What the charts read: this report's tables, codebook, sources, province and language."""
        return plots.ChartData(figures=self.figures, targets=self.targets, series=self.series,
                               indicators=self.layer.indicators, sources=self.layer.sources,
                               province_id=self.province_id, lang=self.lang, breakdowns=self.layer.breakdowns)

    def save_figures(self) -> dict[str, dict[str, Path] | None]:
        """Draw and save every chart of :data:`plots.CHARTS` (PNG and SVG, ``<name>_<lang>``).

        A chart with nothing to show is None, and its files from an earlier run are removed, as are
        files of charts no longer in the registry: the folder holds exactly what the report shows.
        """
        data = self.chart_data()
        saved: dict[str, dict[str, Path] | None] = {}
        for chart in plots.CHARTS:
            figure = chart.make(data)
            saved[chart.name] = None if figure is None else plots.save(figure, self.figure_folder,
                                                                       f"{chart.name}_{self.lang}")
        kept = {p for files in saved.values() if files for p in files.values()}
        for old in sorted(self.figure_folder.glob(f"*_{self.lang}.*")):
            if old.suffix in (".png", ".svg") and old not in kept:
                old.unlink()
        return saved

    def targets_table(self) -> str:
        rows = self.targets[self.targets["province_id"] == self.province_id]
        if rows.empty:
            return text("no_targets", self.lang, province=escape_markdown(self.province))
        table = pd.DataFrame({
            text("col_indicator", self.lang): [self._label(i, b) for i, b in zip(rows["indicator_id"], rows["breakdown"])],
            text("col_target", self.lang): [(">" if q == "more_than" else "") + _number(v, u)
                                            for v, u, q in zip(rows["target_value"], rows["unit"],
                                                               rows["target_qualifier"])],
            text("col_deadline", self.lang): [date_text(d, self.lang) for d in rows["deadline"]],
            text("col_latest", self.lang): [_number(v, u) for v, u in zip(rows["latest_value"], rows["unit"])],
            text("col_date", self.lang): [date_text(d, self.lang) for d in rows["latest_date"]],
            text("col_verdict", self.lang): [text(f"verdict_{v}", self.lang) for v in rows["verdict"]],
            text("col_why", self.lang): [text(f"reason_{c}", self.lang) for c in rows["reason_code"]],
        })
        return markdown_table(table)

    def checks_table(self) -> str:
        rows = self.checks[(self.checks["province_id"] == self.province_id) & (self.checks["severity"] != "ok")]
        if rows.empty:
            return text("no_checks", self.lang, province=escape_markdown(self.province))
        def ids(joined: str) -> str:
            found = joined.split(";")
            return ", ".join(found) if len(found) <= 4 else (", ".join(found[:2]) + " "
                                                             + text("more_ids", self.lang, n=len(found)))
        table = pd.DataFrame({
            text("col_severity", self.lang): [text(f"severity_{s}", self.lang) for s in rows["severity"]],
            text("col_check", self.lang): [text(f"check_{c}", self.lang) if f"check_{c}" in TEXT[self.lang]
                                           else c.replace("_", " ") for c in rows["check"]],
            text("col_figures", self.lang): [ids(f) for f in rows["figure_ids"]],
            text("col_explanation", self.lang): rows["numbers"],
        })
        return markdown_table(table)

    def sources_table(self) -> str:
        sources = self.layer.sources[self.layer.sources["source_id"].isin(self.rows["source_id"])]
        sources = sources.sort_values("published", kind="stable")
        table = pd.DataFrame({
            text("col_outlet", self.lang): sources["outlet"],
            text("col_published", self.lang): [
                date_text(pd.Timestamp(p), self.lang) + (f" ({text('approximate', self.lang)})" if q == "approximate" else "")
                for p, q in zip(sources["published"], sources["published_precision"])],
            text("col_title", self.lang): sources["title"].replace("", text("untitled", self.lang)),
            text("col_figures", self.lang): sources["source_id"].map(self.rows["source_id"].value_counts()),
        })
        return markdown_table(table)

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

    def _amount(self, value: float, unit: str) -> str:
        """A value for a sentence: at most 4 significant digits, % glued, other units spelled."""
        if pd.isna(value):
            return "?"
        number = self._num(value)
        if unit == "rank":
            return text_of("rank_of", self.lang, rank=number)
        return f"{number}%" if unit == "%" else f"{number} {escape_markdown(self._unit(unit))}"

    def _label(self, indicator_id: str, breakdown: str = "") -> str:
        """The indicator's name in the report's language, with its breakdown (plain text)."""
        names = indicator_names(self.layer.indicators, self.lang)
        parts = breakdown_names(self.layer.breakdowns, self.lang)
        return labelled(names.get(indicator_id, indicator_id), breakdown, parts)

    def _name(self, indicator_id: str, breakdown: str = "") -> str:
        """:meth:`_label` as literal Markdown, for sentences."""
        return escape_markdown(self._label(indicator_id, breakdown))

    def _sources_of(self, figure_ids) -> str:
        """'Báo Bến Tre, 2024-11-20; …': the sources of some figures, oldest first, as literal Markdown."""
        ids = [i for i in figure_ids if isinstance(i, str) and i]
        used = self.figures.loc[self.figures["figure_id"].isin(ids), "source_id"]
        rows = self.layer.sources[self.layer.sources["source_id"].isin(set(used))].sort_values("published",
                                                                                                kind="stable")
        return "; ".join(escape_markdown(f"{o}, {date_text(pd.Timestamp(p), self.lang)}")
                         for o, p in zip(rows["outlet"], rows["published"]))

    def _change_lines(self) -> list[str]:
        """One sentence per change within a series of the province, with its numbers, dates and sources.

        Comparisons across a declared close concept say so (status d); breaks show both values and
        no change; refuted readings, baselines (estimates) and observations too close in time to make
        a change (flags zero_interval, interval_too_short_for_a_rate) are left to growth.csv.
        """
        flags = self.growth["flags"].fillna("").str.split(";")
        too_close = flags.map(lambda f: bool({"zero_interval", "interval_too_short_for_a_rate"} & set(f)))
        growth = self.growth[(self.growth["province_id"] == self.province_id)
                             & self.growth["method"].isin(["consecutive", "comparable_change", "definition_break"])
                             & (self.growth["refuted_by"].fillna("") == "") & ~too_close]
        growth = growth.sort_values(["indicator_id", "breakdown", "to_date"], kind="stable")
        lines = []
        for row in growth.itertuples():
            name = self._name(row.indicator_id, row.breakdown)
            span = (f"{self._amount(row.from_value, row.unit)} ({self._when(row.from_start, row.from_date)}) → "
                    f"{self._amount(row.to_value, row.unit)} ({self._when(row.to_start, row.to_date)})")
            sources = f" ({text('sources', self.lang)}: {self._sources_of([row.from_figure_id, row.to_figure_id])})"
            if row.method == "definition_break":
                before = self._name(row.from_indicator_id)
                lines.append(f"- **{name}**: {text('break', self.lang, before=before)}: {span}{sources}")
                continue
            if row.unit == "rank":
                places = abs(int(round(row.abs_change)))
                key = "rank_same" if places == 0 else ("rank_down" if row.abs_change > 0 else "rank_up")
                change, yearly = text(key, self.lang, n=places), ""  # a larger rank number is a lower place
            elif pd.notna(row.pp_change):
                change = text("points_change", self.lang, value=self._num(row.pp_change, "+.3g"))
                yearly = (text("points_a_year", self.lang, value=self._num(row.pp_per_year, "+.3g"))
                          if pd.notna(row.pp_per_year) else "")
            else:
                change = self._num(row.abs_change, "+,.4g") + (
                    f" ({self._num(row.rel_change_pct, '+.3g')}%)" if pd.notna(row.rel_change_pct) else "")
                yearly = (text("percent_a_year", self.lang, value=self._num(row.annualized_pct, "+.3g"))
                          if pd.notna(row.annualized_pct) else "")
            caveat = f" {text('close_concept', self.lang)}" if row.status == "d" else ""
            lines.append(f"- **{name}**: {span}, {change}" + (f", {yearly}" if yearly else "") + caveat + sources)
        return lines

    def changes_text(self) -> str:
        """What moved, one sentence per change (see :meth:`_change_lines`), or a sentence saying nothing did."""
        lines = self._change_lines()
        return "\n".join(lines) if lines else text("no_changes", self.lang, province=escape_markdown(self.province))

    def _benchmark_lines(self) -> list[str]:
        actual = self.figures[(self.figures["kind"] == "actual") & self.figures["period_type"].isin(["level", "window"])]
        actual = actual.sort_values(["indicator_id", "breakdown", "period_end"], kind="stable")
        latest = actual.groupby(["province_id", "indicator_id", "breakdown"]).tail(1)
        here = latest[latest["province_id"] == self.province_id]
        national = latest[latest["province_id"] == "viet-nam"]
        if self.province_id == "viet-nam":
            return []
        pairs = here.merge(national, on=["indicator_id", "breakdown"], suffixes=("", "_vn"))
        return [f"- **{self._name(p.indicator_id, p.breakdown)}**: {escape_markdown(self.province)} "
                f"{self._amount(p.value, p.unit)} ({self._when(p.period_start, p.period_end)}); "
                f"{text('nation', self.lang)} {self._amount(p.value_vn, p.unit_vn)} "
                f"({self._when(p.period_start_vn, p.period_end_vn)}) "
                f"({text('sources', self.lang)}: {self._sources_of([p.figure_id, p.figure_id_vn])})"
                for p in pairs.itertuples()]

    def benchmark_text(self) -> str:
        """The province's latest figure beside the national one, on the same concept and breakdown."""
        lines = self._benchmark_lines()
        return "\n".join(lines) if lines else text("no_benchmark", self.lang, province=escape_markdown(self.province))

    def _target_lines(self) -> list[str]:
        """Targets with a verdict (met, on track, off track), one sentence each; 'unknown' ones stay in the table."""
        rows = self.targets[(self.targets["province_id"] == self.province_id) & (self.targets["verdict"] != "unknown")]
        rows = rows.sort_values(["deadline", "indicator_id", "breakdown"], kind="stable")
        lines = []
        for row in rows.itertuples():
            goal = (">" if row.target_qualifier == "more_than" else "") + self._amount(row.target_value, row.unit)
            lines.append(
                f"- **{self._name(row.indicator_id, row.breakdown)}**: "
                + text("target_sentence", self.lang, target=goal, deadline=date_text(row.deadline, self.lang),
                       latest=self._amount(row.latest_value, row.unit), date=date_text(row.latest_date, self.lang),
                       verdict=text(f"verdict_{row.verdict}", self.lang), why=text(f"reason_{row.reason_code}", self.lang))
                + f" ({text('sources', self.lang)}: {self._sources_of([row.target_figure_id, row.latest_figure_id])})")
        return lines

    def key_findings(self) -> str:
        """The first page: what changed, the province beside the nation, targets with a verdict, in sentences.

        Every number is text (selectable in the PDF) and every sentence names its sources.
        """
        parts = []
        for key, lines, empty in (("section_changes", self._change_lines(), "no_changes"),
                                  ("section_benchmark", self._benchmark_lines(), "no_benchmark"),
                                  ("section_target_verdicts", self._target_lines(), "no_target_verdicts")):
            parts.append(f"### {text(key, self.lang)}")
            parts.append("\n".join(lines) if lines else text(empty, self.lang, province=escape_markdown(self.province)))
        return "\n\n".join(parts)

    def section(self, key: str) -> str:
        return f"## {text(key, self.lang)}"

    def figure_blocks(self, saved: dict[str, dict[str, Path] | None]) -> list:
        """What the notebook displays for the figures: each PNG, or a sentence where there is no data."""
        from IPython.display import Image, Markdown

        blocks = []
        for chart in plots.CHARTS:
            files = saved.get(chart.name)
            if files is None:
                title = text(chart.title, self.lang)
                blocks.append(Markdown(f"*{title}*: {text('no_data', self.lang, province=escape_markdown(self.province))}"))
            else:
                blocks.append(Image(filename=str(files["png"])))
        return blocks


def report_for(layer: RawLayer, inputs: ReportInputs, province: str, lang: str, folder: Path) -> ProvinceReport:
    """Validate the notebook's parameters (one province with data, a known language) and build its report."""
    from .selection import select_provinces

    if province.strip().lower() == "all":
        raise ValueError("the report is for one province: give its name, not 'all'")
    province_id = select_provinces(province, layer.provinces, inputs.figures["province_id"])[0]
    return ProvinceReport(layer, inputs.figures, inputs.growth, inputs.targets, inputs.checks, province_id,
                          check_lang(lang), Path(folder), inputs.series)
