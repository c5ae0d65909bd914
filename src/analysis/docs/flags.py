"""Every flag a processed row can carry, declared once: its name, the tables it appears in, what it means.

A flag says how a number was read or computed when that reading is not the plain one (a date taken
from the publication, a bound used as a number, a break in a series). The names are the constants
the code sets (imported from the module that sets each, so a renamed flag cannot drift from its
entry); the descriptions are the data dictionary's (data/README.md, "Flags", is generated from
:data:`FLAGS` by :mod:`analysis.core.tableschema`). The flags of a rule registry (:data:`analysis.clean.rules.RULES`
for figures, :data:`analysis.analyze.growth.RULES` for growth rows) and of the analysis modules
(:data:`analysis.analyze.pointvalues.FLAGS`, :data:`analysis.analyze.growth.FLAGS`) are declared there, beside the code
that sets them, and gathered here. ``tests/test_flags.py`` fails when the code can set a flag that is
not declared, or when a declared flag is set nowhere.

Targets and checks have no ``flags`` column: their closed sets (verdicts, reason codes, checks,
severities) are enums of their tables in :mod:`analysis.core.tableschema`.
"""

from __future__ import annotations

from typing import NamedTuple

from analysis.clean import figures as clean, derive, rules
from analysis.analyze import growth, pointvalues
from analysis.parse import periods, units
from analysis.clean.rules import FIGURES, GROWTH


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
    return {str(rule.reason(empty)): Flag((FIGURES,), rule.description, "analysis.clean.rules")
            for rule in rules.RULES if rule.action == rules.FLAG}


def _declared(descriptions: dict[str, str], tables: tuple[str, ...], module: str) -> dict[str, Flag]:
    """Flags a module declares beside the code that sets them (name → meaning), for ``tables``."""
    return {name: Flag(tables, description, module) for name, description in descriptions.items()}


def _registry_flags(registry: tuple[rules.FlagRule, ...], module: str) -> dict[str, Flag]:
    """The flags of a registry of :class:`analysis.clean.rules.FlagRule`: each rule's flag, table and description."""
    return {rule.flag: Flag((rule.table,), rule.description, module) for rule in registry}


_BOTH = (FIGURES, GROWTH)

def _gathered(*parts: dict[str, Flag]) -> dict[str, Flag]:
    """One dictionary of every flag, in the order given; a name declared twice is an error, not an overwrite."""
    gathered: dict[str, Flag] = {}
    for part in parts:
        twice = sorted(set(gathered) & set(part))
        if twice:
            raise ValueError(f"flags declared twice: {twice}; keep one declaration of each (analysis.docs.flags)")
        gathered.update(part)
    return gathered


#: The flags declared here: those the cleaning modules set. Date flags of a figure travel into every
#: growth row computed from it (:data:`analysis.analyze.pointvalues.DATE_FLAGS`), so they are declared for both tables.
_DECLARED_HERE: dict[str, Flag] = {
    # how a figure is dated (analysis.parse.periods, analysis.clean.figures)
    clean.NO_PERIOD: Flag(_BOTH, "no period is written: the figure is dated at the publication date",
                          "analysis.clean.figures"),
    periods.AS_OF_PUBLICATION: Flag(_BOTH, "the period runs to the publication date (`đến nay`, `hiện`)",
                                    "analysis.parse.periods"),
    periods.YEAR_FROM_PUBLICATION: Flag(
        _BOTH, "the year is not written and is the publication's (`9 tháng đầu năm`, `đến cuối năm`)",
        "analysis.parse.periods"),
    periods.TO_DATE: Flag(
        _BOTH, "an actual's or a change's period contains the publication date and is cut at it "
               "(`năm 2024` in an October 2024 article: the year so far)", "analysis.clean.figures"),
    periods.ESTIMATE_YEAR_END: Flag(
        _BOTH, "an actual or a change dated to the end of the publication's own year, after the publication "
               "(`đến cuối năm 2024` in a December 2024 article): an estimate, kept at 31 December; see "
               "\"Periods after the publication date\"", "analysis.parse.periods"),
    clean.PUBLICATION_APPROXIMATE: Flag(
        _BOTH, "the article's publication date is approximate (sources.csv `published_precision`), and so is "
               "any date taken from it", "analysis.clean.figures"),
    clean.START_UNKNOWN: Flag(
        _BOTH, "a flow or a window whose start is not written: no rate per day, no window length; in growth.csv "
               "also a reported change of a window share, whose window is not written", "analysis.clean.figures"),
    # how a figure's unit and sign are read (analysis.parse.units, analysis.clean.figures)
    units.IMPLIED: Flag((FIGURES,), "no unit is printed: the indicator's unit is taken", "analysis.parse.units"),
    units.PERCENT_CHANGE: Flag((FIGURES,), "a change of a count written in %: a relative change",
                               "analysis.parse.units"),
    units.MULTIPLE_CHANGE: Flag(
        (FIGURES,), "a change written as a multiple of its basis (`gấp 2,5 lần`, `tăng hơn 4 lần`): unit "
                    "`times`, whatever the indicator's unit; no growth row reads it yet", "analysis.parse.units"),
    units.SHARE_CHANGE: Flag(
        (FIGURES,), "a change of a share written in %: percentage points or relative, the article does not say "
                    "(growth.csv gives one row per reading)", "analysis.parse.units"),
    clean.CHANGE_DOWN: Flag(
        (FIGURES,), "a change whose locator introduces it with a fall (`giảm 9,29%`, `decreased`): its value is "
                    "negative", "analysis.clean.figures"),
    clean.RANK_UP: Flag(
        (FIGURES,), "a rank that rises N places (`tăng 8 bậc`): its number falls by N, so the change is −N",
        "analysis.clean.figures"),
    derive.INEXACT_INPUT: Flag(
        (FIGURES,), "a derived share computed from a bound or an approximation (`hơn 9.000` of 279.568)",
        "analysis.clean.derive"),
}

#: name → where it appears and what it means: the flags declared here, then those of the sanity rules on
#: figures (:data:`analysis.clean.rules.RULES`, their descriptions the rules' own), then how a growth row's numbers
#: were chosen and computed (:mod:`analysis.analyze.pointvalues`, :mod:`analysis.analyze.growth`) and the sanity rules on
#: growth rows (:data:`analysis.analyze.growth.RULES`), each declared beside the code that sets it.
FLAGS: dict[str, Flag] = _gathered(
    _DECLARED_HERE,
    _rule_flags(),
    _declared(pointvalues.FLAGS, (GROWTH,), "analysis.analyze.pointvalues"),
    _declared(growth.FLAGS, (GROWTH,), "analysis.analyze.growth"),
    _registry_flags(growth.RULES, "analysis.analyze.growth"),
)


def flags_of(table: str) -> dict[str, Flag]:
    """The flags that may appear in ``table`` (a path of :data:`analysis.core.tableschema.TABLES`)."""
    return {name: flag for name, flag in FLAGS.items() if table in flag.tables}
