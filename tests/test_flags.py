"""Every flag the code can set is declared once, with its meaning, in analysis.docs.flags.FLAGS.

The flags are found in the code itself (module constants of the modules that set flags, growth's
literal flags, the flagging sanity rules of both registries, the flags of point values), so a flag
added without a declaration fails here; and a declared flag that no code sets fails too, so the
registry never documents what cannot happen. A flag of a registry is declared by construction: its
entry carries its description, and analysis.docs.flags gathers it.
"""

from __future__ import annotations

import ast
import csv
import inspect

import pandas as pd
import pytest

from analysis import paths
from analysis.analyze import growth, pointvalues
from analysis.clean import figures as clean, derive, rules
from analysis.docs import flags
from analysis.docs.flags import FLAGS, flags_of
from analysis.parse import periods, units
from analysis.parse.numbers import QUALIFIERS


def _module_flag_constants(module) -> set[str]:
    """Module-level constants whose value is a snake_case name with an underscore: in the modules that
    set flags, each is a flag (clean.NO_PERIOD = "period_not_written")."""
    tree = ast.parse(inspect.getsource(module))
    return {node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            and "_" in node.value.value and node.value.value.replace("_", "").isalpha()
            and node.value.value.islower()}


def _growth_flag_literals() -> set[str]:
    """Literal flags growth.py sets: ``_flag(condition, "name", index)`` and ``flag(s).mask(condition, "name")``."""
    tree = ast.parse(inspect.getsource(growth))
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        literal = node.args[1]
        if not (isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
            continue
        is_flag = isinstance(node.func, ast.Name) and node.func.id == "_flag"
        is_mask = (isinstance(node.func, ast.Attribute) and node.func.attr == "mask"
                   and isinstance(node.func.value, ast.Name) and node.func.value.id in ("flag", "flags"))
        if is_flag or is_mask:
            found.add(literal.value)
    return found


def flags_the_code_can_set() -> set[str]:
    set_by_modules = set().union(*(_module_flag_constants(m) for m in (clean, periods, units, derive)))
    empty = pd.DataFrame(index=range(1))  # a flagging rule's reason is its flag name, whatever the rows
    by_rules = {str(rule.reason(empty)) for rule in rules.RULES if rule.action == rules.FLAG}
    by_growth_rules = {rule.flag for rule in growth.RULES}
    by_point_values = {pointvalues.RANGE_MIDPOINT} | {pointvalues.INEXACT + q for q in pointvalues.INEXACT_QUALIFIERS}
    return set_by_modules | by_rules | by_growth_rules | by_point_values | _growth_flag_literals()


def test_every_flag_the_code_sets_is_declared_and_every_declared_flag_is_set():
    settable = flags_the_code_can_set()
    undeclared = settable - set(FLAGS)
    assert not undeclared, f"declare these flags in analysis.docs.flags.FLAGS, with what they mean: {sorted(undeclared)}"
    unused = set(FLAGS) - settable
    assert not unused, f"analysis.docs.flags.FLAGS declares flags no code sets: {sorted(unused)}"


def test_growth_sets_only_flags_declared_beside_it_or_by_cleaning():
    literals = _growth_flag_literals()
    elsewhere = literals - set(growth.FLAGS)
    assert elsewhere <= {clean.START_UNKNOWN}, (
        f"growth.py sets {sorted(elsewhere)}: declare them in growth.FLAGS with what they mean")
    unused = set(growth.FLAGS) - literals
    assert not unused, f"growth.FLAGS declares flags growth.py never sets: {sorted(unused)}"


def test_every_flag_of_the_registries_is_in_flags_with_its_own_description():
    for rule in growth.RULES:
        assert FLAGS[rule.flag].tables == (rule.table,) and FLAGS[rule.flag].description == rule.description
    for declared in (growth.FLAGS, pointvalues.FLAGS):
        for name, description in declared.items():
            assert FLAGS[name].tables == (flags.GROWTH,) and FLAGS[name].description == description, name


def test_a_flag_declared_twice_is_an_error_not_an_overwrite():
    one = flags.Flag((flags.GROWTH,), "first meaning", "analysis.analyze.growth")
    other = flags.Flag((flags.GROWTH,), "second meaning", "analysis.analyze.growth")
    with pytest.raises(ValueError, match="zero_base"):
        flags._gathered({"zero_base": one}, {"zero_base": other})


def test_point_values_flags_exactly_the_inexact_qualifiers():
    frame = pd.DataFrame({"qualifier": list(QUALIFIERS), "value": 10.0,
                          "value_high": [20.0 if q == "range" else float("nan") for q in QUALIFIERS]})
    value, flag = pointvalues.point_values(frame)
    expected = {q: "range_midpoint" if q == "range" else ("" if q in ("exact", "ratio") else f"inexact_{q}")
                for q in QUALIFIERS}
    assert dict(zip(frame["qualifier"], flag)) == expected
    assert value[frame["qualifier"] == "range"].item() == 15.0  # (10 + 20) / 2
    assert {n for n in FLAGS if n.startswith("inexact_")} == {f"inexact_{q}" for q in pointvalues.INEXACT_QUALIFIERS}


def test_date_flags_are_declared_for_both_tables_they_travel_through():
    for name in pointvalues.DATE_FLAGS:
        assert set(FLAGS[name].tables) == {flags.FIGURES, flags.GROWTH}, name


@pytest.mark.parametrize("path", [flags.FIGURES, flags.GROWTH])
def test_the_flags_in_the_committed_tables_are_declared_for_them(path):
    with open(paths.PROJECT_ROOT / path, encoding="utf-8", newline="") as handle:
        seen = {f for row in csv.DictReader(handle) for f in row["flags"].split(";") if f}
    undeclared = seen - set(flags_of(path))
    assert not undeclared, f"{path} carries flags not declared for it in analysis.docs.flags: {sorted(undeclared)}"
