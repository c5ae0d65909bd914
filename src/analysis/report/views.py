"""Narrow views of the analysis tables for notebooks: a few columns of words and rounded numbers.

The CSV files keep every column; a notebook shows what a reader takes in at a glance (an
indicator's name, "39% → 76%", "+37 pts", a verdict and why), about 100 characters a row, plus the
findings of each selected place in sentences (:func:`findings`).
"""

from __future__ import annotations

import pandas as pd

from analysis.ingest.rawdata import RawLayer
from analysis.report.labels import breakdown_names, indicator_names, labelled, text
from analysis.report.province import MIN_DAYS_FOR_A_YEARLY_RATE


#: Above this many places, :func:`findings` counts instead of listing (the tables below still list).
MAX_PLACES_IN_WORDS = 4


def _names(layer: RawLayer, frame: pd.DataFrame, column: str = "indicator_id") -> list[str]:
    names, parts = indicator_names(layer.indicators, "en"), breakdown_names(layer.breakdowns, "en")
    return [labelled(names.get(i, i), b, parts) for i, b in zip(frame[column], frame["breakdown"])]


def _amount(value: float, unit: str) -> str:
    if pd.isna(value):
        return "–"
    body = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return f"{body}%" if unit == "%" else (f"rank {body}" if unit == "rank" else body)


def _one_place(view: pd.DataFrame) -> pd.DataFrame:
    """Without the place column when every row is of one place (the notebook's heading says which)."""
    return view.drop(columns="place") if "place" in view and view["place"].nunique() <= 1 else view


def _date(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def series_view(series: pd.DataFrame, layer: RawLayer) -> pd.DataFrame:
    """One row per series: its name, observations and dates, and whether (or why not) it can change."""
    return pd.DataFrame({
        "place": series["province"], "indicator": _names(layer, series),
        "obs.": series["observations"].astype(int),
        "dates": [f"{_date(a)} … {_date(b)}" if _date(a) != _date(b) else _date(a)
                  for a, b in zip(series["first_date"], series["last_date"])],
        "change computable": ["yes" if str(c) == "True" else w for c, w in zip(series["computable"], series["why_not"])],
    }).pipe(_one_place).reset_index(drop=True)


def changes_view(growth: pd.DataFrame, layer: RawLayer) -> pd.DataFrame:
    """Changes within a series: from → to, the change (points for shares), per year, method and status."""
    def change(row) -> str:
        if pd.notna(row.pp_change):
            return f"{row.pp_change:+.3g} pts"
        if pd.isna(row.abs_change):
            return ""
        relative = f" ({row.rel_change_pct:+.3g}%)" if pd.notna(row.rel_change_pct) else ""
        return f"{row.abs_change:+,.4g}{relative}"

    def per_year(row) -> str:
        if pd.isna(row.days) or row.days < MIN_DAYS_FOR_A_YEARLY_RATE:
            return ""
        if pd.notna(row.pp_per_year):
            return f"{row.pp_per_year:+.3g} pts"
        return f"{row.annualized_pct:+.3g}%" if pd.notna(row.annualized_pct) else ""

    return pd.DataFrame({
        "place": growth["province"], "indicator": _names(layer, growth),
        "from → to": [f"{_amount(a, u)} ({_date(d)}) → {_amount(b, u)} ({_date(e)})" for a, b, u, d, e in
                      zip(growth["from_value"], growth["to_value"], growth["unit"], growth["from_date"],
                          growth["to_date"])],
        "change": [change(r) for r in growth.itertuples()],
        "a year": [per_year(r) for r in growth.itertuples()],
        "method": growth["method"] + [f" ({s})" if s else "" for s in growth["status"].fillna("")],
    }).pipe(_one_place).reset_index(drop=True)


def flows_view(growth: pd.DataFrame, layer: RawLayer) -> pd.DataFrame:
    """Run-rates of flows: the amount, its period and the rate a month."""
    return pd.DataFrame({
        "place": growth["province"], "indicator": _names(layer, growth),
        "amount": [_amount(v, u) for v, u in zip(growth["to_value"], growth["unit"])],
        "period": [f"{_date(a)} … {_date(b)} ({d:.0f} days)" if pd.notna(d) else _date(b)
                   for a, b, d in zip(growth["to_start"], growth["to_date"], growth["days"])],
        "a month": [f"{v:,.3g}" if pd.notna(v) else "" for v in growth["per_month"]],
        "method": growth["method"],
    }).pipe(_one_place).reset_index(drop=True)


def targets_view(targets: pd.DataFrame, layer: RawLayer) -> pd.DataFrame:
    """Each target: its value and deadline, the latest comparable actual, the verdict and why."""
    return pd.DataFrame({
        "place": targets["province"], "indicator": _names(layer, targets),
        "target": [(">" if q == "more_than" else "") + _amount(v, u) + f" by {_date(d)[:4]}"
                   for v, u, q, d in zip(targets["target_value"], targets["unit"], targets["target_qualifier"],
                                         targets["deadline"])],
        "latest": [f"{_amount(v, u)} ({_date(d)})" if pd.notna(v) else "–"
                   for v, u, d in zip(targets["latest_value"], targets["unit"], targets["latest_date"])],
        "verdict": ["missed" if c == "deadline_missed" else v for v, c in zip(targets["verdict"], targets["reason_code"])],
        "why": [text(f"reason_{c}", "en") for c in targets["reason_code"]],
    }).pipe(_one_place).reset_index(drop=True)


def checks_view(checks: pd.DataFrame) -> pd.DataFrame:
    """Each check that found something (errors first), with the numbers it compared."""
    found = checks[checks["severity"] != "ok"]
    return pd.DataFrame({
        "severity": found["severity"], "check": found["check"].str.replace("_", " "),
        "figures": [f if len(f.split(";")) <= 3 else f"{f.split(';')[0]} … ({len(f.split(';'))} figures)"
                    for f in found["figure_ids"]],
        "numbers": found["numbers"],
    }).reset_index(drop=True)


def findings(province_ids: list[str], layer: RawLayer, figures: pd.DataFrame, growth: pd.DataFrame,
             targets: pd.DataFrame, checks: pd.DataFrame, series: pd.DataFrame) -> str:
    """What the tables say about each selected place, in sentences (Markdown), as its report's first page."""
    from analysis.report.province import ProvinceReport  # noqa: PLC0415

    if len(province_ids) > MAX_PLACES_IN_WORDS:
        computable = series[series["computable"].astype(str) == "True"]
        verdicts = targets["verdict"].value_counts()
        return (f"{len(province_ids)} places selected: {len(computable)} series can change over time, "
                f"{len(growth)} growth rows; targets: "
                + ", ".join(f"{n} {v}" for v, n in verdicts.items())
                + f"; checks: {(checks['severity'] == 'error').sum()} errors, "
                  f"{(checks['severity'] == 'warning').sum()} warnings. "
                  "Choose one place with the `province` parameter to read its findings in sentences.")
    parts = []
    for province_id in province_ids:
        report = ProvinceReport(layer, figures, growth, targets, checks, province_id, "en", series=series,
                                cite="names")  # no sources table follows
        parts += [f"### {report.province}", report.key_findings().replace("### ", "#### ")]
    return "\n\n".join(parts)
