"""Every flag a processed row can carry, declared once: its name, the tables it appears in, what it means.

A flag says how a number was read or computed when that reading is not the plain one (a date taken
from the publication, a bound used as a number, a break in a series). The names are the constants
the code sets (imported from the module that sets each, so a renamed flag cannot drift from its
entry); the descriptions are the data dictionary's (data/README.md, "Flags", is generated from
:data:`FLAGS` by :mod:`analysis.tableschema`). ``tests/test_tableschema.py`` fails when the code can
set a flag that is not declared here, or when a declared flag is set nowhere.

Targets and checks have no ``flags`` column: their closed sets (verdicts, reason codes, checks,
severities) are enums of their tables in :mod:`analysis.tableschema`.
"""

from __future__ import annotations

from typing import NamedTuple

from . import clean, derive, growth, periods, rules, units
from .numbers import QUALIFIERS

#: The processed tables with a ``flags`` column (paths as in :data:`analysis.tableschema.TABLES`).
FIGURES = "data/processed/figures.csv"
GROWTH = "data/processed/growth.csv"


class Flag(NamedTuple):
    """Where a flag appears and what it means; ``set_in`` names the module that sets it (for contributors)."""

    tables: tuple[str, ...]
    description: str
    set_in: str


def _rule_flags() -> dict[str, Flag]:
    """The flags of the sanity rules whose action is ``flag``: the rule's own description, declared once.

    A flagging rule's ``reason`` is its flag name, whatever the rows (rules.py), so one empty row gives it.
    """
    import pandas as pd

    empty = pd.DataFrame(index=pd.RangeIndex(1))
    return {str(rule.reason(empty)): Flag((FIGURES,), rule.description, "analysis.rules")
            for rule in rules.RULES if rule.action == rules.FLAG}


#: Qualifiers that are a bound or an approximation: the number written is used as is, flagged
#: ``inexact_<qualifier>`` (analysis.growth.point_values); exact figures, ranges and ratios are not.
INEXACT_QUALIFIERS: tuple[str, ...] = tuple(q for q in QUALIFIERS if q not in ("exact", "range", "ratio"))

_BOTH = (FIGURES, GROWTH)

#: name → where it appears and what it means. Date flags of a figure travel into every growth row
#: computed from it (:data:`analysis.growth.DATE_FLAGS`), so they are declared for both tables.
FLAGS: dict[str, Flag] = {
    # how a figure is dated (analysis.periods, analysis.clean)
    clean.NO_PERIOD: Flag(_BOTH, "no period is written: the figure is dated at the publication date",
                          "analysis.clean"),
    periods.AS_OF_PUBLICATION: Flag(_BOTH, "the period runs to the publication date (`đến nay`, `hiện`)",
                                    "analysis.periods"),
    periods.YEAR_FROM_PUBLICATION: Flag(
        _BOTH, "the year is not written and is the publication's (`9 tháng đầu năm`, `đến cuối năm`)",
        "analysis.periods"),
    periods.TO_DATE: Flag(
        _BOTH, "an actual's or a change's period contains the publication date and is cut at it "
               "(`năm 2024` in an October 2024 article: the year so far)", "analysis.clean"),
    periods.ESTIMATE_YEAR_END: Flag(
        _BOTH, "an actual or a change dated to the end of the publication's own year, after the publication "
               "(`đến cuối năm 2024` in a December 2024 article): an estimate, kept at 31 December; see "
               "\"Periods after the publication date\"", "analysis.periods"),
    clean.PUBLICATION_APPROXIMATE: Flag(
        _BOTH, "the article's publication date is approximate (sources.csv `published_precision`), and so is "
               "any date taken from it", "analysis.clean"),
    clean.START_UNKNOWN: Flag(
        _BOTH, "a flow or a window whose start is not written: no rate per day, no window length; in growth.csv "
               "also a reported change of a window share, whose window is not written", "analysis.clean"),
    # how a figure's unit and sign are read (analysis.units, analysis.clean)
    units.IMPLIED: Flag((FIGURES,), "no unit is printed: the indicator's unit is taken", "analysis.units"),
    units.PERCENT_CHANGE: Flag((FIGURES,), "a change of a count written in %: a relative change",
                               "analysis.units"),
    units.MULTIPLE_CHANGE: Flag(
        (FIGURES,), "a change written as a multiple of its basis (`gấp 2,5 lần`, `tăng hơn 4 lần`): unit "
                    "`times`, whatever the indicator's unit; no growth row reads it yet", "analysis.units"),
    units.SHARE_CHANGE: Flag(
        (FIGURES,), "a change of a share written in %: percentage points or relative, the article does not say "
                    "(growth.csv gives one row per reading)", "analysis.units"),
    clean.CHANGE_DOWN: Flag(
        (FIGURES,), "a change whose locator introduces it with a fall (`giảm 9,29%`, `decreased`): its value is "
                    "negative", "analysis.clean"),
    clean.RANK_UP: Flag(
        (FIGURES,), "a rank that rises N places (`tăng 8 bậc`): its number falls by N, so the change is −N",
        "analysis.clean"),
    derive.INEXACT_INPUT: Flag(
        (FIGURES,), "a derived share computed from a bound or an approximation (`hơn 9.000` of 279.568)",
        "analysis.derive"),
    # sanity rules that flag (analysis.rules): their descriptions are the rules' own
    **_rule_flags(),
    # how a growth row's numbers were chosen (analysis.growth)
    "range_midpoint": Flag((GROWTH,), "a range as input: its midpoint is used", "analysis.growth"),
    **{f"inexact_{q}": Flag((GROWTH,), f"a bound or an approximation as input (qualifier `{q}`): the number "
                                       "written is used", "analysis.growth") for q in INEXACT_QUALIFIERS},
    "zero_base": Flag((GROWTH,), "the earlier value is 0: no relative change, no compound rate (NaN)",
                      "analysis.growth"),
    "missing_base": Flag((GROWTH,), "the earlier value is missing: no relative change (NaN)", "analysis.growth"),
    "zero_interval": Flag((GROWTH,), "no days (or negative days) between the two dates: no rate per year",
                          "analysis.growth"),
    "negative_level": Flag((GROWTH,), "a negative level: no compound annual rate", "analysis.growth"),
    "interval_too_short_for_a_rate": Flag(
        (GROWTH,), f"fewer than {growth.MIN_INTERVAL_DAYS} days between the dates: no rate per year (a yearly pace "
                   "over a few days mostly measures rounding)", "analysis.growth"),
    "ambiguous_points_or_relative": Flag(
        (GROWTH,), "a change of a share written in %: one row per reading (`points`, `relative`), each filling "
                   "only its own column", "analysis.growth"),
    "basis_date_unknown": Flag((GROWTH,), "the basis of a change is not dated: no interval, no rate per year",
                               "analysis.growth"),
    "windows_differ_in_length": Flag(
        (GROWTH,), f"two windows or periods differ in length by more than max({growth.LENGTH_TOLERANCE_DAYS} days, "
                   f"{growth.LENGTH_TOLERANCE_SHARE:.0%} of the longer)", "analysis.growth"),
    "windows_differ_in_season": Flag(
        (GROWTH,), f"two periods start more than {growth.SEASON_TOLERANCE_DAYS} days of the year apart (a first "
                   "quarter is not a third one)", "analysis.growth"),
    "periods_compared_not_annualized": Flag(
        (GROWTH,), "a baseline of an event or a flow: its basis is a period, so the periods are compared, never "
                   "annualized", "analysis.growth"),
    "break_in_series": Flag(
        (GROWTH,), "consecutive observations of two concepts of one family: both values, no change (status `b`)",
        "analysis.growth"),
    "definition_differs": Flag(
        (GROWTH,), "compared across two concepts declared `comparable` in relations.csv (status `d`); the "
                   "caveat is in `note`", "analysis.growth"),
}


def flags_of(table: str) -> dict[str, Flag]:
    """The flags that may appear in ``table`` (a path of :data:`analysis.tableschema.TABLES`)."""
    return {name: flag for name, flag in FLAGS.items() if table in flag.tables}
