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
from .labels import check_lang, date_text, indicator_names, text
from .labels import text as text_of
from .rawdata import RawLayer

#: The report's figures, in order: file stem → what it shows.
FIGURES = ("5g_rollout", "government_services", "infrastructure_targets", "count_growth", "data_coverage",
           "province_comparison")


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


def read_report_inputs(folder: Path | None = None) -> ReportInputs:
    folder = Path(folder) if folder is not None else paths.PROCESSED
    from .clean import read_clean

    return ReportInputs(figures=read_clean(folder), growth=read_result(folder / "growth.csv"),
                        targets=read_result(folder / "targets.csv"), checks=read_result(folder / "checks.csv"))


def markdown_table(frame: pd.DataFrame) -> str:
    """A left-aligned pipe table; '|' in a cell is escaped so a name cannot break the table.

    The dashes under each header are as many as the column's longest cell (between 6 and 60):
    pandoc sizes the PDF's columns in that proportion, so long explanations get the room.
    """
    def cell(value: object) -> str:
        return "" if pd.isna(value) else str(value).replace("|", "\\|").replace("\n", " ")
    header = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    widths = [max([len(cell(c))] + [len(cell(v)) for v in frame[c]]) for c in frame.columns]
    rule = "|" + "|".join(":" + "-" * min(60, max(6, w)) for w in widths) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


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
            f"# {text('report_title', self.lang, province=self.province)}",
            "",
            text("report_subtitle", self.lang, years=_years(published.min().year, published.max().year)),
            "",
            text("as_of", self.lang, date=date_text(published.max(), self.lang)),
        ]
        if province["current_province_id"] != self.province_id:
            current = self.layer.provinces.set_index("province_id").at[province["current_province_id"], "name_vi"]
            since = date_text(pd.Timestamp(province["current_since"]), self.lang)
            lines += ["", text("province_now", self.lang, province=self.province, current=current, since=since)]
        return "\n".join(lines)

    def draw(self, name: str):
        """The figure ``name`` for this province and language, or None where there is no data."""
        ind, src = self.layer.indicators, self.layer.sources
        makers = {
            "5g_rollout": lambda: plots.fiveg_rollout(self.figures, src, self.province_id, self.lang),
            "government_services": lambda: plots.government_services(self.figures, self.targets, src, ind,
                                                                     self.province_id, self.lang),
            "infrastructure_targets": lambda: plots.infrastructure_vs_targets(self.figures, self.targets, src, ind,
                                                                             self.province_id, self.lang),
            "count_growth": lambda: plots.count_growth(self.growth, self.figures, src, ind, self.province_id,
                                                       self.lang),
            "data_coverage": lambda: plots.data_coverage(self.figures, src, ind, self.province_id, self.lang),
            "province_comparison": lambda: plots.province_comparison(self.figures, src, ind, self.province_id,
                                                                     self.lang),
        }
        return makers[name]()

    def save_figures(self) -> dict[str, dict[str, Path] | None]:
        """Draw and save every figure (PNG and SVG, ``<name>_<lang>``); None where there is no data."""
        saved = {}
        for name in FIGURES:
            figure = self.draw(name)
            saved[name] = None if figure is None else plots.save(figure, self.figure_folder, f"{name}_{self.lang}")
        return saved

    def targets_table(self) -> str:
        rows = self.targets[self.targets["province_id"] == self.province_id]
        if rows.empty:
            return text("no_targets", self.lang, province=self.province)
        names = indicator_names(self.layer.indicators, self.lang)
        table = pd.DataFrame({
            text("col_indicator", self.lang): [names[i] + (f" ({b})" if b else "")
                                               for i, b in zip(rows["indicator_id"], rows["breakdown"])],
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
            return text("no_checks", self.lang, province=self.province)
        table = pd.DataFrame({
            text("col_severity", self.lang): [text(f"severity_{s}", self.lang) for s in rows["severity"]],
            text("col_check", self.lang): rows["check"].str.replace("_", " "),
            text("col_figures", self.lang): rows["figure_ids"].str.replace(";", ", "),
            text("col_explanation", self.lang): rows["numbers"] + ": " + rows["explanation"],
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
        """A number as the report's language writes it: 1,407.5 in English, 1.407,5 in Vietnamese."""
        text = format(value, spec) if abs(value) < 1e6 or "g" not in spec else format(value, spec.replace(".4g", ".0f"))
        if self.lang == "vi":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return text

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
        text = self._num(value)
        if unit == "rank":
            return text_of("rank_of", self.lang, rank=text)
        return f"{text}%" if unit == "%" else f"{text} {self._unit(unit)}"

    def changes_text(self) -> str:
        """What moved: each change within a series of the province, in a sentence with its numbers and dates.

        Comparisons across a declared close concept say so (status d); breaks show both values and
        no change; refuted readings and baselines (estimates) are left to growth.csv.
        """
        names = indicator_names(self.layer.indicators, self.lang)
        growth = self.growth[(self.growth["province_id"] == self.province_id)
                             & self.growth["method"].isin(["consecutive", "comparable_change", "definition_break"])
                             & (self.growth["refuted_by"].fillna("") == "")]
        growth = growth.sort_values(["indicator_id", "breakdown", "to_date"], kind="stable")
        lines = []
        for row in growth.itertuples():
            name = names.get(row.indicator_id, row.indicator_id) + (f" ({row.breakdown})" if row.breakdown else "")
            start = self._amount(row.from_value, row.unit)
            end = self._amount(row.to_value, row.unit)
            span = (f"{start} ({self._when(row.from_start, row.from_date)}) → {end} "
                    f"({self._when(row.to_start, row.to_date)})")
            if row.method == "definition_break":
                before = names.get(row.from_indicator_id, row.from_indicator_id)
                lines.append(f"- **{name}**: {text('break', self.lang, before=before)}: {span}")
                continue
            if pd.notna(row.pp_change):
                change = text("points_change", self.lang, value=self._num(row.pp_change, "+.3g"))
                yearly = (text("points_a_year", self.lang, value=self._num(row.pp_per_year, "+.3g"))
                          if pd.notna(row.pp_per_year) else "")
            else:
                change = self._num(row.abs_change, "+,.4g") + (
                    f" ({self._num(row.rel_change_pct, '+.3g')}%)" if pd.notna(row.rel_change_pct) else "")
                yearly = (text("percent_a_year", self.lang, value=self._num(row.annualized_pct, "+.3g"))
                          if pd.notna(row.annualized_pct) else "")
            caveat = f" {text('close_concept', self.lang)}" if row.status == "d" else ""
            lines.append(f"- **{name}**: {span}, {change}" + (f", {yearly}" if yearly else "") + caveat)
        if not lines:
            return text("no_changes", self.lang, province=self.province)
        return "\n".join(lines)

    def benchmark_text(self) -> str:
        """The province's latest figure beside the national one, on the same concept and breakdown."""
        names = indicator_names(self.layer.indicators, self.lang)
        actual = self.figures[(self.figures["kind"] == "actual") & self.figures["period_type"].isin(["level", "window"])]
        actual = actual.sort_values(["indicator_id", "breakdown", "period_end"], kind="stable")
        latest = actual.groupby(["province_id", "indicator_id", "breakdown"]).tail(1)
        here = latest[latest["province_id"] == self.province_id]
        national = latest[latest["province_id"] == "viet-nam"]
        pairs = here.merge(national, on=["indicator_id", "breakdown"], suffixes=("", "_vn"))
        if self.province_id == "viet-nam" or pairs.empty:
            return text("no_benchmark", self.lang, province=self.province)
        return "\n".join(
            f"- **{names.get(p.indicator_id, p.indicator_id)}**: {self.province} "
            f"{self._amount(p.value, p.unit)} ({self._when(p.period_start, p.period_end)}); "
            f"{text('nation', self.lang)} {self._amount(p.value_vn, p.unit_vn)} "
            f"({self._when(p.period_start_vn, p.period_end_vn)})"
            for p in pairs.itertuples())

    def section(self, key: str) -> str:
        return f"## {text(key, self.lang)}"

    def figure_blocks(self, saved: dict[str, dict[str, Path] | None]) -> list:
        """What the notebook displays for the figures: each PNG, or a sentence where there is no data."""
        from IPython.display import Image, Markdown

        titles = {"5g_rollout": "fig_5g_short", "government_services": "fig_gov", "infrastructure_targets": "fig_infra",
                  "count_growth": "fig_growth", "data_coverage": "fig_coverage", "province_comparison": "fig_compare"}
        blocks = []
        for name in FIGURES:
            files = saved.get(name)
            if files is None:
                title = text(titles[name], self.lang)
                blocks.append(Markdown(f"*{title}*: {text('no_data', self.lang, province=self.province)}"))
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
                          check_lang(lang), Path(folder))
