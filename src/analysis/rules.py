"""Sanity rules for cleaned figures, declared in one place.

A rule either rejects a row (it goes to rejected.csv with the reason) or flags it (it stays,
with the flag in ``flags``). No rule ever changes a value: a value that needs changing gets a
declared correction (data/raw/corrections.csv).

A rule that compares rows with each other (``across_rows``: the latest date of a source) sees only
the rows accepted so far, by the earlier cleaning stages and by every rule of one row: a rejected
row is a figure the project does not believe, so it must not flag, or reject, any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

REJECT = "reject"
FLAG = "flag"


def _iso(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d").fillna("?")


def _num(values: pd.Series) -> pd.Series:
    return values.map("{:g}".format)


@dataclass(frozen=True)
class Rule:
    """A named check over the whole table: ``violated`` marks the rows, ``reason`` says why per row."""

    name: str
    action: str
    description: str
    violated: Callable[[pd.DataFrame], pd.Series]
    reason: Callable[[pd.DataFrame], pd.Series]
    #: Whether ``violated`` compares rows with each other: then it is given the accepted rows only.
    across_rows: bool = False


def _after_publication(df: pd.DataFrame) -> pd.Series:
    """An actual or a change dated after its article; an estimate to the end of the publication's own
    year (period flag ``estimate_year_end``: "đến cuối năm 2024" in December 2024) is flagged, not rejected."""
    flags = df["period_flag"].fillna("").astype(str) if "period_flag" in df else pd.Series("", index=df.index)
    estimate = flags.str.split(";").map(lambda f: "estimate_year_end" in f).astype(bool)
    return (df["kind"] != "target") & (df["period_end"] > df["published"]) & ~estimate


def _share_out_of_range(df: pd.DataFrame) -> pd.Series:
    share = (df["measure_type"] == "share") & (df["kind"] != "change")
    high = df["value_high"].fillna(df["value"])
    return share & ((df["value"] < 0) | (df["value"] > 100) | (high > 100))


def _range_reversed(df: pd.DataFrame) -> pd.Series:
    return df["value_high"].notna() & (df["value"] > df["value_high"])


def _part_exceeds_whole(df: pd.DataFrame) -> pd.Series:
    return df["denominator"].notna() & (df["value"] > df["denominator"])


def _page_date_contradiction(df: pd.DataFrame) -> pd.Series:
    observed = df["period_end"].where(df["kind"] != "target")
    latest = observed.groupby(df["source_id"]).transform("max")
    return df["page_date"].notna() & (df["page_date"] < latest)


def _change_without_basis(df: pd.DataFrame) -> pd.Series:
    return (df["kind"] == "change") & (df["comparison_basis"].fillna("") == "")


def _target_already_due(df: pd.DataFrame) -> pd.Series:
    return (df["kind"] == "target") & (df["period_end"] < df["published"])


#: Every rule, in the order they are reported.
RULES: tuple[Rule, ...] = (
    Rule("period_after_publication", REJECT,
         "an actual or a change cannot be observed after its article was published",
         _after_publication,
         lambda df: "period ends " + _iso(df["period_end"]) + ", after the publication date "
         + _iso(df["published"])),
    Rule("share_out_of_range", REJECT,
         "a share (level or target) lies in [0, 100] %",
         _share_out_of_range,
         lambda df: "share of " + _num(df["value"]) + "% is outside [0, 100]"),
    Rule("range_reversed", REJECT,
         "a range's low end is not above its high end",
         _range_reversed,
         lambda df: "range low " + _num(df["value"]) + " is above high " + _num(df["value_high"])),
    Rule("part_exceeds_whole", REJECT,
         "a ratio's part (numerator) is not larger than its whole (denominator)",
         _part_exceeds_whole,
         lambda df: "part " + _num(df["value"]) + " exceeds whole " + _num(df["denominator"])),
    Rule("page_date_before_reported_dates", FLAG,
         "the date printed on the page comes before dates the article itself reports",
         _page_date_contradiction,
         lambda df: "page_date_before_reported_dates", across_rows=True),
    Rule("change_without_basis", FLAG,
         "a change whose basis is not written is read against the previous observation",
         _change_without_basis,
         lambda df: "change_without_written_basis"),
    Rule("target_already_due", FLAG,
         "a target whose date had passed when the article was published",
         _target_already_due,
         lambda df: "target_date_before_publication"),
)


def apply_rules(df: pd.DataFrame, rejected: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """(reject reasons, flags) per row: '; '-joined reasons of the rejecting rules, ';'-joined flag names.

    ``rejected`` marks rows an earlier stage refused. Rules of one row run first, on every row; rules
    across rows then see only the rows no stage nor rule has rejected, and mark only those.
    """
    reasons = pd.Series("", index=df.index, dtype=object)
    flags = pd.Series("", index=df.index, dtype=object)
    earlier = pd.Series(False, index=df.index) if rejected is None else rejected.reindex(df.index).fillna(False)
    for rule in sorted(RULES, key=lambda r: r.across_rows):  # stable: the declared order within each kind
        if rule.across_rows:
            accepted = ~earlier.astype(bool) & (reasons == "")
            hit = rule.violated(df[accepted]).reindex(df.index).fillna(False).astype(bool)
        else:
            hit = rule.violated(df).fillna(False).astype(bool)
        if not hit.any():
            continue
        text = rule.reason(df[hit])
        if rule.action == REJECT:
            reasons[hit] = (reasons[hit] + "; " + rule.name + ": " + text).str.lstrip("; ")
        else:
            flags[hit] = (flags[hit] + ";" + text).str.lstrip(";")
    return reasons, flags


def describe_rules() -> pd.DataFrame:
    """The rules as a table, for the notebook and the data dictionary."""
    return pd.DataFrame([(r.name, r.action, r.description) for r in RULES], columns=["rule", "action", "what it checks"])
