"""Every flag the code can set is declared once, with its meaning, in analysis.flags.FLAGS.

The flags are found in the code itself (module constants of the modules that set flags, growth's
literal flags, the flagging sanity rules), so a flag added without a declaration fails here; and a
declared flag that no code sets fails too, so the registry never documents what cannot happen.
"""

from __future__ import annotations

import ast
import csv
import inspect

import pandas as pd
import pytest

from analysis import clean, derive, flags, growth, paths, periods, rules, units
from analysis.flags import FLAGS, flags_of


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


def _growth_flag_prefixes() -> set[str]:
    """Flags growth.py builds as a prefix plus a value (``"inexact_" + qualifier``)."""
    tree = ast.parse(inspect.getsource(growth))
    return {node.left.value for node in ast.walk(tree) if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
            and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
            and node.left.value.endswith("_") and node.left.value.islower()}


def flags_the_code_can_set() -> set[str]:
    set_by_modules = set().union(*(_module_flag_constants(m) for m in (clean, periods, units, derive)))
    empty = pd.DataFrame(index=range(1))  # a flagging rule's reason is its flag name, whatever the rows
    by_rules = {str(rule.reason(empty)) for rule in rules.RULES if rule.action == rules.FLAG}
    prefixed = {name for name in FLAGS for prefix in _growth_flag_prefixes() if name.startswith(prefix)}
    return set_by_modules | by_rules | _growth_flag_literals() | prefixed


def test_every_flag_the_code_sets_is_declared_and_every_declared_flag_is_set():
    settable = flags_the_code_can_set()
    undeclared = settable - set(FLAGS)
    assert not undeclared, f"declare these flags in analysis.flags.FLAGS, with what they mean: {sorted(undeclared)}"
    unused = set(FLAGS) - settable
    assert not unused, f"analysis.flags.FLAGS declares flags no code sets: {sorted(unused)}"


def test_inexact_flags_follow_the_qualifiers_growth_treats_as_inexact():
    assert _growth_flag_prefixes() == {"inexact_"}
    assert {n for n in FLAGS if n.startswith("inexact_")} == {f"inexact_{q}" for q in flags.INEXACT_QUALIFIERS}
    source = inspect.getsource(growth.point_values)
    assert '["exact", "ratio", "range"]' in source, "growth.point_values changed what is inexact: update flags.py"


def test_date_flags_are_declared_for_both_tables_they_travel_through():
    for name in growth.DATE_FLAGS:
        assert set(FLAGS[name].tables) == {flags.FIGURES, flags.GROWTH}, name


@pytest.mark.parametrize("path", [flags.FIGURES, flags.GROWTH])
def test_the_flags_in_the_committed_tables_are_declared_for_them(path):
    with open(paths.PROJECT_ROOT / path, encoding="utf-8", newline="") as handle:
        seen = {f for row in csv.DictReader(handle) for f in row["flags"].split(";") if f}
    undeclared = seen - set(flags_of(path))
    assert not undeclared, f"{path} carries flags not declared for it in analysis.flags: {sorted(undeclared)}"
