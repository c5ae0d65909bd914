"""Every flag a processed row can carry, gathered from the code that sets it: its name, the tables it
appears in, what it means.

A flag says how a number was read or computed when that reading is not the plain one (a date taken
from the publication, a bound used as a number, a break in a series). Each is declared once, beside the
code that sets it: ``FLAGS`` of :mod:`analysis.parse.periods`, :mod:`analysis.parse.units`,
:mod:`analysis.clean.figures`, :mod:`analysis.clean.derive`, :mod:`analysis.analyze.pointvalues` and
:mod:`analysis.analyze.growth` (name → meaning), and the rule registries (:data:`analysis.clean.rules.RULES`
for figures, :data:`analysis.analyze.growth.RULES` for growth rows), each rule with its description.
:data:`FLAGS` gathers them (a name declared twice is an error) for the data dictionary (data/README.md,
"Flags", written by :mod:`analysis.docs.dictionary`). ``tests/test_flags.py`` fails when the code can set a
flag that is not declared, or when a declared flag is set nowhere.

Targets and checks have no ``flags`` column: their closed sets (verdicts, reason codes, checks,
severities) are enums of their tables in :mod:`analysis.core.tableschema`.
"""

from __future__ import annotations

from typing import NamedTuple

from analysis.analyze import growth, pointvalues
from analysis.clean import derive, rules
from analysis.clean import figures as clean
from analysis.clean.rules import FIGURES, GROWTH
from analysis.parse import periods, units


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


def _figure_flags(module) -> dict[str, Flag]:
    """The flags a reading or cleaning module declares (``module.FLAGS``: name → meaning). A figure's date flags
    travel into every growth row computed from it (:data:`analysis.analyze.pointvalues.DATE_FLAGS`), and growth
    sets a few of them itself (:data:`analysis.analyze.growth.FIGURE_FLAGS`): those appear in both tables."""
    in_growth = pointvalues.DATE_FLAGS | growth.FIGURE_FLAGS
    return {name: Flag(_BOTH if name in in_growth else (FIGURES,), description, module.__name__)
            for name, description in module.FLAGS.items()}


#: name → where it appears and what it means: the flags of reading and cleaning, then those of the sanity rules on
#: figures (:data:`analysis.clean.rules.RULES`, their descriptions the rules' own), then how a growth row's numbers
#: were chosen and computed (:mod:`analysis.analyze.pointvalues`, :mod:`analysis.analyze.growth`) and the sanity rules on
#: growth rows (:data:`analysis.analyze.growth.RULES`), each declared beside the code that sets it.
FLAGS: dict[str, Flag] = _gathered(
    _figure_flags(clean),
    _figure_flags(periods),
    _figure_flags(units),
    _figure_flags(derive),
    _rule_flags(),
    _declared(pointvalues.FLAGS, (GROWTH,), "analysis.analyze.pointvalues"),
    _declared(growth.FLAGS, (GROWTH,), "analysis.analyze.growth"),
    _registry_flags(growth.RULES, "analysis.analyze.growth"),
)


def flags_of(table: str) -> dict[str, Flag]:
    """The flags that may appear in ``table`` (a path of :data:`analysis.core.tableschema.TABLES`)."""
    return {name: flag for name, flag in FLAGS.items() if table in flag.tables}
