"""One declaration per table (analysis.tableschema), in agreement with the code that reads and writes it.

Phase 1: the readers still have their own lists (rawdata's TableSpecs, the columns each step writes),
so these tests keep both equal until phase 2 builds the readers from the declarations. Nothing here
depends on the size or the rows of the dataset: the committed files are read for their headers only.
"""

from __future__ import annotations

import ast
import csv
import importlib
import inspect
from pathlib import Path

import pytest

from analysis import checks, clean, growth, paths, rawdata, tableschema
from analysis.rawdata import SPECS
from analysis.tableschema import PROCESSED_TABLES, RAW_TABLES, TABLES, WRITTEN_COLUMNS, Field, Table


def header(path: Path) -> tuple[str, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple(next(csv.reader(handle)))


def test_every_csv_of_the_dataset_is_declared_once():
    on_disk = {paths.relative(p) for p in paths.DATA.rglob("*.csv")}
    assert on_disk == set(TABLES), ("declare every CSV of data/ in analysis.tableschema.TABLES (and nothing else): "
                                    f"undeclared {sorted(on_disk - set(TABLES))}, "
                                    f"missing {sorted(set(TABLES) - on_disk)}")
    assert {t.path for t in RAW_TABLES} == {f"data/raw/{spec.file}" for spec in SPECS}
    assert len({t.name for t in TABLES.values()}) == len(TABLES)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.file)
def test_a_raw_declaration_says_what_rawdata_checks(spec):
    """Phase 2 builds rawdata's TableSpec from the declaration: until then, both say the same."""
    table = TABLES[f"data/raw/{spec.file}"]
    assert table.columns == spec.columns
    assert header(paths.PROJECT_ROOT / table.path) == table.columns
    assert table.primary_key == (spec.key or (spec.id_column,))
    id_field = table.field(spec.id_column)
    assert id_field.unique == (not spec.key) and id_field.pattern == spec.id_pattern
    assert {f.name for f in table.fields if f.required} == {*spec.required, spec.id_column}
    enums = {f.name: f.enum for f in table.fields if f.enum is not None}
    assert enums.keys() == spec.choices.keys()
    for column, allowed in spec.choices.items():
        assert set(enums[column]) == set(allowed), f"{spec.file} {column}"
        assert any(enums[column] is value for value in vars(rawdata).values()), (
            f"{spec.file} {column}: declare rawdata's own set, not a copy")
    assert {f.name for f in table.fields if f.type == tableschema.DATE} == set(spec.iso_dates)
    assert {f.name for f in table.fields if f.exclusive_minimum == 0} == set(spec.positive_numbers)
    patterns = {f.name: f.pattern for f in table.fields if f.pattern is not None and f.name != spec.id_column}
    assert patterns == spec.patterns


@pytest.mark.parametrize("table", PROCESSED_TABLES, ids=lambda t: t.path)
def test_a_processed_declaration_has_the_columns_the_code_writes(table):
    assert table.columns == WRITTEN_COLUMNS[table.path], f"{table.path}: the code writes other columns"
    assert header(paths.PROJECT_ROOT / table.path) == table.columns, (
        f"{table.path}: the committed header differs from the declaration: run `make report` and commit")


def test_every_processed_table_the_code_writes_is_declared():
    from analysis.results import Results

    written = {"figures.csv", "rejected.csv", *Results(*(None,) * 4).files()}
    assert {f"data/processed/{name}" for name in written} == {t.path for t in PROCESSED_TABLES} == set(WRITTEN_COLUMNS)


def _enum(path: str, column: str):
    return TABLES[path].field(column).enum


@pytest.mark.parametrize("path, column, code", [
    ("data/processed/figures.csv", "kind", "rawdata.KINDS"),
    ("data/processed/figures.csv", "period_type", "concepts.PERIOD_TYPES"),
    ("data/processed/figures.csv", "qualifier", "numbers.QUALIFIERS"),
    ("data/processed/figures.csv", "origin", "schema.ORIGINS"),
    ("data/processed/rejected.csv", "kind", "rawdata.KINDS"),
    ("data/processed/targets.csv", "target_qualifier", "numbers.QUALIFIERS"),
    ("data/processed/targets.csv", "reason_code", "targets.REASONS"),
    ("data/processed/checks.csv", "severity", None),
    ("data/processed/series.csv", "why_not", None),
])
def test_processed_enums_are_the_codes_sets(path, column, code):
    declared = _enum(path, column)
    if code is not None:
        module, name = code.split(".")
        assert declared is getattr(importlib.import_module(f"analysis.{module}"), name)
    elif column == "severity":
        assert set(declared) == set(checks.SEVERITY_ORDER) == {checks.OK, checks.WARNING, checks.ERROR}
    else:
        from analysis.series import WHY_NOT

        assert set(declared) == set(WHY_NOT.values())


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _constants(module, names: set[str]) -> set[str]:
    """The values of the module-level upper-case string constants among ``names``."""
    return {getattr(module, n) for n in names if n.isupper() and isinstance(getattr(module, n, None), str)}


def _growth_values(keyword: str, position: int) -> set[str]:
    """Values growth.py gives a column: ``keyword=`` arguments, assignments to ``keyword``, and argument
    ``position`` of ``_pairs(...)`` calls (constants by name, or literal strings)."""
    tree = ast.parse(inspect.getsource(growth))
    found: set[str] = set()
    for node in ast.walk(tree):
        exprs = []
        if isinstance(node, ast.Call):
            exprs += [k.value for k in node.keywords if k.arg == keyword]
            if isinstance(node.func, ast.Name) and node.func.id == "_pairs" and len(node.args) > position:
                exprs.append(node.args[position])
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == keyword for t in node.targets):
            exprs.append(node.value)
        for expr in exprs:
            found |= _constants(growth, _names_in(expr))
            found |= {n.value for n in ast.walk(expr) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                      and n.value}
    return found


@pytest.mark.parametrize("column, keyword, position, declared", [
    ("method", "method", 2, tableschema.METHODS),
    ("status", "status", 3, tableschema.STATUSES),
])
def test_growth_enums_are_the_values_growth_writes(column, keyword, position, declared):
    assert _growth_values(keyword, position) == set(declared), f"growth.csv {column}: update tableschema"
    assert _enum("data/processed/growth.csv", column) is declared


def test_readings_are_the_values_growth_writes():
    tree = ast.parse(inspect.getsource(growth))
    assigned = {k for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords
                if kw.arg == "reading" for k in _constants(growth, _names_in(kw.value))}
    assert assigned == set(tableschema.READINGS)
    assert _enum("data/processed/growth.csv", "reading") is _enum("data/processed/checks.csv", "reading")


def test_checks_are_the_checks_the_code_runs():
    tree = ast.parse(inspect.getsource(checks))
    run = {node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
           and isinstance(node.func, ast.Name) and node.func.id == "_row" and isinstance(node.args[0], ast.Constant)}
    assert run == set(tableschema.CHECKS), "checks.csv check: declare each check in tableschema.CHECKS"
    assert checks.REFUTING_CHECKS <= set(tableschema.CHECKS)


def test_stages_are_the_cleaning_steps_in_order():
    tree = ast.parse(inspect.getsource(clean))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id == "_first_error"]
    assert len(calls) == 1
    stages = tuple(arg.args[0].value for arg in calls[0].args)
    assert stages == tableschema.STAGES


def test_verdicts_are_the_targets_constants():
    from analysis import targets

    assert set(tableschema.VERDICTS) == {targets.MET, targets.ON_TRACK, targets.OFF_TRACK, targets.UNKNOWN}


def test_a_field_refuses_an_unknown_type_and_a_table_an_undeclared_key():
    with pytest.raises(ValueError, match="type 'text'"):
        Field("x", "text", "")
    with pytest.raises(ValueError, match="'y'"):
        Table("data/raw/x.csv", "X", "", (Field("x", "string", ""),), primary_key=("y",))
