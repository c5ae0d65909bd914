"""Sanity rules, declared in registries: one entry a rule, its reason beside it.

Two registries: :data:`RULES` here, for cleaned figures, where a rule either rejects a row (it goes
to rejected.csv with the reason) or flags it (it stays, with the flag in ``flags``); and
:data:`analysis.analyze.growth.RULES`, for growth rows, where a :class:`FlagRule` flags the rows its
vectorised condition marks (:func:`flag_rows`). No rule ever changes a value: a value that needs
changing gets a declared correction (data/raw/corrections.csv). :mod:`analysis.docs.flags` gathers every
flag with its description from the registries, for the data dictionary.

A rule that compares rows with each other (``across_rows``: the latest date of a source) sees only
the rows accepted so far, by the earlier cleaning stages and by every rule of one row: a rejected
row is a figure the project does not believe, so it must not flag, or reject, any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.clean.dedupe import on_unique
from analysis.core import tableschema

REJECT = "reject"
FLAG = "flag"

#: The processed tables with a ``flags`` column, by path (their declarations' own).
FIGURES = tableschema.FIGURES.path
GROWTH = tableschema.GROWTH.path


def _sorted_flags(**columns: pd.Series) -> pd.DataFrame:
    if not len(next(iter(columns.values()))):  # no rows: agg over an empty frame gives a frame, not text
        return pd.DataFrame({"flags": pd.Series(dtype=object)})
    joined = pd.concat(list(columns.values()), axis=1).agg(";".join, axis=1)
    return joined.str.split(";").map(lambda items: ";".join(sorted({i for i in items if i}))).to_frame("flags")


def join_flags(*columns: pd.Series | str) -> pd.Series:
    """';'-joined, sorted, de-duplicated flags per row, on the index of the first column.

    One spelling of a row's flags, whatever order they were set in, so outputs are byte-stable.
    Empty strings and missing values add nothing. Rows carry few distinct flag combinations, so
    the join runs once per combination (a million raw rows stay fast).
    """
    index = columns[0].index
    named = {f"c{i}": pd.Series(c, index=index, dtype=object).fillna("").astype(str) for i, c in enumerate(columns)}
    return on_unique(_sorted_flags, **named)["flags"].astype(object)


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


@dataclass(frozen=True)
class FlagRule:
    """A flag set on the rows of ``table`` where ``condition`` holds (vectorised: rows → booleans).

    ``flag`` is the name written in the table's ``flags`` column; ``description`` is what the data
    dictionary (data/README.md, "Flags") says it means.
    """

    flag: str
    table: str
    description: str
    condition: Callable[[pd.DataFrame], pd.Series]


def flag_rows(rows: pd.DataFrame, registry: tuple[FlagRule, ...], table: str) -> pd.Series:
    """The flags of ``registry`` each row meets, joined as :func:`join_flags` does ('' where none).

    Every rule must be declared for ``table``: a rule of another table is a mistake, not a no-op.
    """
    stray = sorted(rule.flag for rule in registry if rule.table != table)
    if stray:
        raise ValueError(f"rules {stray} are declared for another table than {table}: apply them there")
    hits = [pd.Series(rule.condition(rows), index=rows.index).fillna(False).astype(bool) for rule in registry]
    marks = [pd.Series(pd.Series(rule.flag, index=rows.index).where(hit, ""), dtype=object)
             for rule, hit in zip(registry, hits)]
    return join_flags(pd.Series("", index=rows.index, dtype=object), *marks)


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
