"""The cleaning step: raw figures as written → one tidy, validated row per figure, or a rejected row.

Order: declared corrections → numbers and qualifiers → periods and comparison bases → period types
→ units and scale → provinces → sanity rules → schema → derived shares. Every raw row ends in
exactly one of the two tables (checked before returning), so nothing is lost silently; shares
computed from two counts (:mod:`analysis.clean.derive`) are added as rows of their own, marked
``origin = derived``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.clean.corrections import apply_corrections
from analysis.clean.dedupe import on_unique
from analysis.clean.derive import derived_figures
from analysis.clean.rules import apply_rules, join_flags
from analysis.core.errors import shorten_series
from analysis.core.schema import CLEAN_COLUMNS, REJECTED_COLUMNS, validate_clean, validate_table
from analysis.core.tables import write_tables
from analysis.core.tableschema import REJECTED
from analysis.ingest.provinces import attach_provinces
from analysis.ingest.rawdata import RawLayer
from analysis.parse.concepts import FLOW, WINDOW, period_types
from analysis.parse.numbers import parse_values
from analysis.parse.periods import ESTIMATE_YEAR_END, TO_DATE, parse_comparisons, parse_periods
from analysis.parse.units import resolve_units

PUBLICATION_APPROXIMATE = "publication_date_approximate"
NO_PERIOD = "period_not_written"
START_UNKNOWN = "period_start_unknown"

_PAGE_DATE = r"(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})"


@dataclass(frozen=True)
class CleanResult:
    """The cleaned figures and the rejected raw rows; together they are every raw row."""

    figures: pd.DataFrame
    rejected: pd.DataFrame

    @property
    def reported(self) -> pd.DataFrame:
        """The clean rows that are raw rows (not derived): with ``rejected``, every raw row once."""
        return self.figures[self.figures["origin"] == "reported"]

    def __repr__(self) -> str:
        return f"CleanResult({len(self.figures)} clean figures, {len(self.rejected)} rejected rows)"


def _page_dates(printed: pd.Series) -> pd.Series:
    parts = printed.str.extract(_PAGE_DATE)
    frame = parts.rename(columns={"d": "day", "m": "month", "y": "year"}).apply(pd.to_numeric)
    return pd.to_datetime(frame[["year", "month", "day"]], errors="coerce")


#: Words before a change's number that make it a fall, or a rise, in the words before it in its locator.
DOWN_WORDS = ("giảm", "tụt", "lùi", "xuống", "sụt", "decrease", "decreased", "decline", "declined", "fell", "fall",
              "down", "dropped", "drop", "lower")
UP_WORDS = ("tăng", "lên", "vươn lên", "increase", "increased", "rose", "rise", "up", "gain", "gained", "higher")
_DIRECTION = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, DOWN_WORDS + UP_WORDS), key=len, reverse=True))
                        + r")(?!\w)", re.IGNORECASE)
CHANGE_DOWN = "change_is_a_fall"
RANK_UP = "rank_rises_number_falls"

#: The flags cleaning sets, with what they mean (data/README.md, "Flags"; the parsers' own are in
#: parse.periods.FLAGS and parse.units.FLAGS, the sanity rules' in clean.rules.RULES).
FLAGS: dict[str, str] = {
    NO_PERIOD: "no period is written: the figure is dated at the publication date",
    TO_DATE: "an actual's or a change's period contains the publication date and is cut at it "
             "(`năm 2024` in an October 2024 article: the year so far)",
    PUBLICATION_APPROXIMATE: "the article's publication date is approximate (sources.csv `published_precision`), and "
                             "so is any date taken from it",
    START_UNKNOWN: "a flow or a window whose start is not written: no rate per day, no window length; in growth.csv "
                   "also a reported change of a window share, whose window is not written",
    CHANGE_DOWN: "a change whose locator introduces it with a fall (`giảm 9,29%`, `decreased`): its value is negative",
    RANK_UP: "a rank that rises N places (`tăng 8 bậc`): its number falls by N, so the change is −N",
}


def change_signs(locator: pd.Series, value_written: pd.Series, kind: pd.Series, measure_type: pd.Series,
                 unit: pd.Series) -> tuple[pd.Series, pd.Series]:
    """+1 or −1 for each change figure, and a flag, from the last direction word before its number.

    Articles print a fall as "giảm 9,29%" with no minus sign: the locator, which always holds the
    value as written, says the direction. A rank that rises ("tăng 8 bậc", up 8 places) has a number
    that falls by 8, so a rise in places of a rank is −8 in the rank's unit.
    """
    sign = pd.Series(1.0, index=locator.index)
    flag = pd.Series("", index=locator.index, dtype=object)
    changes = kind == "change"
    if not changes.any():
        return sign, flag
    # a unit not known (a row the unit stage rejects) is not a rank's own unit
    rank_in_places = (measure_type == "rank") & (unit.astype("string").fillna("") != "%")
    # each distinct (locator, value, rank) once: a million rows repeat a few hundred locators
    found = on_unique(_change_sign, locator=locator[changes].astype(str), value=value_written[changes].astype(str),
                      ranked=rank_in_places[changes].astype(bool))
    sign[changes] = found["sign"].to_numpy()
    flag[changes] = found["flag"].to_numpy()
    return sign, flag


def _change_sign(locator: pd.Series, value: pd.Series, ranked: pd.Series) -> pd.DataFrame:
    """:func:`change_signs` for distinct rows: the sign and flag of each from its last direction word."""
    signs, flags = [], []
    for text, written, in_places in zip(locator, value, ranked):
        at = text.find(written)
        before = text[:at] if at >= 0 else ""
        words = [m.group(1).lower() for m in _DIRECTION.finditer(before[-40:])]
        down = bool(words) and words[-1] in DOWN_WORDS
        if down != in_places and (down or in_places):  # a fall, or a rank's rise in places
            signs.append(-1.0)
            flags.append(CHANGE_DOWN if down else RANK_UP)
        else:                                          # a rank that falls: its number rises
            signs.append(1.0)
            flags.append(CHANGE_DOWN if down and in_places else "")
    return pd.DataFrame({"sign": signs, "flag": flags}, index=locator.index)


def not_finite(value_written: pd.Series, unit_written: pd.Series, factor: pd.Series,
               *scaled: pd.Series) -> pd.Series:
    """An error where a value times its unit factor is no float64 (inf): named with both, never an inf in a table.

    Numbers hold at most 15 digits (:data:`analysis.parse.numbers.MAX_DIGITS`) and factors are finite, yet their
    product can still pass float64's largest number (about 1.8e308).
    """
    infinite = pd.concat([pd.Series(np.isinf(s), index=s.index) for s in scaled], axis=1).any(axis=1)
    error = pd.Series(pd.NA, index=value_written.index, dtype="string")
    error[infinite] = ("value '" + shorten_series(value_written[infinite]) + "' × factor "
                       + factor[infinite].map("{:g}".format) + " of unit '" + shorten_series(unit_written[infinite])
                       + "' is not a finite number")
    return error


def _is_error(column: pd.Series) -> pd.Series:
    """Rows where a stage's error column holds a reason (missing or empty: no error)."""
    return (column.notna() & (column.astype("string") != "")).fillna(False).astype(bool)


def _first_error(*columns: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The first stage's error of each row, and the stage's name."""
    reason = pd.Series(pd.NA, index=columns[0].index, dtype="string")
    stage = pd.Series(pd.NA, index=columns[0].index, dtype="string")
    for column in columns:
        new = reason.isna() & _is_error(column)
        reason[new] = column[new]
        stage[new] = column.name
    return reason, stage


def prepare(layer: RawLayer) -> pd.DataFrame:
    """Raw figures with their source, indicator and province columns, corrections applied."""
    figures = apply_corrections(layer.figures, layer.corrections)
    sources = layer.sources.assign(
        published=pd.to_datetime(layer.sources["published"], format="%Y-%m-%d"),
        page_date=_page_dates(layer.sources["page_date_as_printed"]),
    )[["source_id", "published", "published_precision", "number_format", "page_date"]]
    indicators = layer.indicators[["indicator_id", "unit", "measure_type", "time_reference", "role"]].rename(
        columns={"unit": "indicator_unit"})
    merged = (
        figures.merge(sources, on="source_id", how="left", validate="m:1")
        .merge(indicators, on="indicator_id", how="left", validate="m:1")
        .set_index(figures.index)
    )
    # a figure is about its source's province, unless it names another place (a ranking of all provinces)
    source_place = figures["source_id"].map(dict(zip(layer.sources["source_id"], layer.sources["province"])))
    place = figures["place"].where(figures["place"] != "", source_place)
    return merged.join(attach_provinces(place, layer.provinces))


def clean(layer: RawLayer) -> CleanResult:
    """Clean every raw figure; see the module docstring for the order of the steps."""
    df = prepare(layer)

    numbers = on_unique(parse_values, values=df["value_as_written"], number_format=df["number_format"],
                        qualifier_words=df["qualifier_as_written"])
    periods = on_unique(parse_periods, text=df["period_as_written"], published=df["published"])
    unwritten = df["period_as_written"].str.strip() == ""
    observed = df["kind"] != "target"
    # An actual or change with no written period is as of publication; a target needs its date.
    periods.loc[unwritten & observed, "period_end"] = df.loc[unwritten & observed, "published"]
    periods.loc[unwritten & observed, "period_flag"] = NO_PERIOD
    periods.loc[unwritten & ~observed, "period_error"] = "a target needs a date, and none is written"
    # An observed period that contains the publication date runs to it ("năm 2024" in October 2024).
    running = (observed & (periods["period_start"] <= df["published"])
               & (periods["period_end"] > df["published"]))
    periods.loc[running, "period_end"] = df.loc[running, "published"]
    periods.loc[running, "period_flag"] = TO_DATE
    # The end of the publication's own year, after it ("đến cuối năm 2024" on 13/12/2024): an actual or a
    # change estimated to the year end keeps its date, flagged (rules do not reject it); a target for
    # that date is a target like any other.
    periods.loc[~observed, "period_flag"] = (periods.loc[~observed, "period_flag"].fillna("")
                                             .str.replace(ESTIMATE_YEAR_END, "", regex=False).str.strip(";"))

    # A stock is a level at a date: only the end of its period matters ("năm 2030" → by 31/12/2030).
    stock = df["time_reference"] == "stock"
    periods.loc[stock, "period_start"] = pd.NaT
    # What the figure's time reference is decides what may be computed from it (analysis.parse.concepts).
    period_type = period_types(df["kind"], df["time_reference"], df["role"], df["measure_type"])
    # A flow or a window with no start gives no rate per day and no window length: say so.
    open_period = period_type.isin([FLOW, WINDOW]) & periods["period_start"].isna()
    periods.loc[open_period, "period_flag"] = periods.loc[open_period, "period_flag"] + ";" + START_UNKNOWN

    basis = on_unique(parse_comparisons, text=df["comparison_as_written"], period_start=periods["period_start"],
                      period_end=periods["period_end"], published=df["published"])
    units = on_unique(partial(resolve_units, units=layer.units), unit_written=df["unit_as_written"],
                      indicator_unit=df["indicator_unit"], kind=df["kind"], percent_sign=numbers["percent"],
                      indicator_id=df["indicator_id"])

    sign, sign_flag = change_signs(df["locator"], df["value_as_written"], df["kind"], df["measure_type"],
                                   units["unit"])
    low, high = numbers["value"] * units["factor"] * sign, numbers["value_high"] * units["factor"] * sign
    falling = sign < 0  # "giảm 5 - 10%": a fall of 5 to 10 is the range −10 … −5
    low, high = low.where(~falling | high.isna(), high), high.where(~falling | high.isna(), low)
    denominator = numbers["denominator"] * units["factor"]
    unit_error = units["unit_error"].fillna(not_finite(df["value_as_written"], df["unit_as_written"], units["factor"],
                                                       low, high, denominator))
    df = df.assign(
        value=low,
        value_high=high,
        denominator=denominator,
        qualifier=numbers["qualifier"],
        period_type=period_type,
        unit=units["unit"],
        period_start=periods["period_start"],
        period_end=periods["period_end"],
        period_flag=periods["period_flag"],
        comparison_basis=df["comparison_as_written"],
        basis_start=basis["basis_start"],
        basis_end=basis["basis_end"],
    )
    # rules that compare rows (a source's latest date) must not see rows an earlier stage refused
    refused = (_is_error(numbers["error"]) | _is_error(periods["period_error"]) | _is_error(basis["basis_error"])
               | _is_error(unit_error))
    rule_reasons, rule_flags = apply_rules(df, rejected=refused)
    reason, stage = _first_error(
        numbers["error"].rename("value"),
        periods["period_error"].rename("period"),
        basis["basis_error"].rename("comparison"),
        unit_error.rename("unit"),
        rule_reasons.rename("rules"),
    )
    approximate = pd.Series(np.where(df["published_precision"] == "approximate", PUBLICATION_APPROXIMATE, ""),
                            index=df.index)
    df["flags"] = join_flags(periods["period_flag"], units["unit_flag"], rule_flags, approximate, sign_flag)
    df = df.assign(origin="reported", derived_from="", derivation="")

    bad = reason.notna()
    rejected = df.loc[bad].assign(stage=stage[bad], reason=reason[bad])[list(REJECTED_COLUMNS)]
    kept = df.loc[~bad, list(CLEAN_COLUMNS)]
    if len(kept) + len(rejected) != len(layer.figures):
        raise AssertionError("cleaning lost rows: raw ≠ clean + rejected")
    reported = validate_clean(kept).reset_index(drop=True)
    derived = derived_figures(reported, layer.relations,
                              dict(zip(layer.indicators["indicator_id"], layer.indicators["unit"])))
    figures = pd.concat([reported, derived], ignore_index=True) if len(derived) else reported
    return CleanResult(figures=validate_clean(figures),
                       rejected=validate_table(REJECTED, rejected.reset_index(drop=True)))


def reconciliation(layer: RawLayer, result: CleanResult) -> pd.DataFrame:
    """Raw rows = clean rows + rejected rows, per source and in total (derived rows are not raw rows)."""
    raw = layer.figures.groupby("source_id").size().rename("raw")
    kept = result.reported.groupby("source_id").size().rename("clean")
    dropped = result.rejected.groupby("source_id").size().rename("rejected")
    table = pd.concat([raw, kept, dropped], axis=1).fillna(0).astype(int)
    table.loc["total"] = table.sum()
    table["balanced"] = table["raw"] == table["clean"] + table["rejected"]
    return table


def write(result: CleanResult, folder: Path | None = None) -> dict[str, Path]:
    """Write figures.csv and rejected.csv (UTF-8, ``\n``, rows in raw order) and return their paths."""
    folder = Path(folder) if folder is not None else paths.PROCESSED
    return write_tables({"figures.csv": result.figures, "rejected.csv": result.rejected}, folder)
