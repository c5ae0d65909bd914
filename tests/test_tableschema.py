"""One declaration per table (analysis.core.tableschema), in agreement with the code that reads and writes it.

rawdata's TableSpecs, the clean and rejected columns and the pandera schemas of the processed tables are
built from the declarations, so they agree by construction; what is tested here is what is still written
twice (the analysis modules' column tuples and closed sets) and the committed headers. Nothing here
depends on the size or the rows of the dataset: the committed files are read for their headers only.
"""

from __future__ import annotations

import ast
import csv
import importlib
import inspect
from pathlib import Path

import pytest

from analysis import paths
from analysis.analyze import checks, growth
from analysis.clean import figures as clean
from analysis.core import domains, tableschema, vocabulary
from analysis.core.tableschema import PROCESSED_TABLES, RAW_TABLES, TABLES, Field, Table
from analysis.ingest.rawdata import SPECS


def header(path: Path) -> tuple[str, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple(next(csv.reader(handle)))


def test_every_csv_of_the_dataset_is_declared_once():
    on_disk = {paths.relative(p) for p in paths.DATA.rglob("*.csv")}
    assert on_disk == set(TABLES), ("declare every CSV of data/ in analysis.core.tableschema.TABLES (and nothing else): "
                                    f"undeclared {sorted(on_disk - set(TABLES))}, "
                                    f"missing {sorted(set(TABLES) - on_disk)}")
    assert {t.path for t in RAW_TABLES} == {f"data/raw/{spec.file}" for spec in SPECS}
    assert len({t.name for t in TABLES.values()}) == len(TABLES)


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.path)
def test_every_committed_header_is_its_declaration(table):
    """The data dictionary (data/README.md) and datapackage.json are generated from the declarations
    (test_datapackage.py keeps them current), so a header equal to its declaration is documented."""
    assert header(paths.PROJECT_ROOT / table.path) == table.columns, (
        f"{table.path}: its header differs from its declaration: edit the declaration in src/analysis/core/tableschema.py, "
        "run `make docs` and commit (a processed file: run `make report` too)")


@pytest.mark.parametrize("table", RAW_TABLES, ids=lambda t: t.path)
def test_rawdata_reads_each_raw_table_as_declared(table):
    """rawdata's TableSpecs are built from the declarations (rawdata.spec_of): one per raw table, its enums the
    vocabulary's own sets."""
    spec = next(s for s in SPECS if f"data/raw/{s.file}" == table.path)
    assert spec.columns == table.columns
    for field in table.fields:
        if field.enum is not None:
            assert any(field.enum is value for value in (*vars(vocabulary).values(), domains.DOMAINS)), (
                f"{table.path} {field.name}: declare analysis.core.vocabulary's own set (or domains.DOMAINS), not a copy")


def test_every_processed_table_the_code_writes_is_declared():
    from analysis.analyze.results import Results

    written = {"figures.csv", "rejected.csv", *Results(*(None,) * 4).files()}
    assert {f"data/processed/{name}" for name in written} == {t.path for t in PROCESSED_TABLES}


def _enum(path: str, column: str):
    return TABLES[path].field(column).enum


@pytest.mark.parametrize("path, column, code", [
    ("data/processed/figures.csv", "kind", "core.vocabulary.KINDS"),
    ("data/processed/figures.csv", "period_type", "parse.concepts.PERIOD_TYPES"),
    ("data/processed/figures.csv", "qualifier", "parse.numbers.QUALIFIERS"),
    ("data/processed/figures.csv", "origin", "core.vocabulary.ORIGINS"),
    ("data/processed/rejected.csv", "kind", "core.vocabulary.KINDS"),
    ("data/processed/targets.csv", "target_qualifier", "parse.numbers.QUALIFIERS"),
    ("data/processed/targets.csv", "reason_code", "analyze.targets.REASONS"),
    ("data/processed/checks.csv", "severity", None),
    ("data/processed/series.csv", "why_not", None),
])
def test_processed_enums_are_the_codes_sets(path, column, code):
    declared = _enum(path, column)
    if code is not None:
        module, name = code.rsplit(".", 1)
        assert declared is getattr(importlib.import_module(f"analysis.{module}"), name)
    elif column == "severity":
        assert set(declared) == set(checks.SEVERITY_ORDER) == {checks.OK, checks.WARNING, checks.ERROR}
    else:
        from analysis.analyze.series import WHY_NOT

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
    from analysis.analyze import targets

    assert set(tableschema.VERDICTS) == {targets.MET, targets.ON_TRACK, targets.OFF_TRACK, targets.UNKNOWN}


def test_a_field_refuses_an_unknown_type_and_a_table_an_undeclared_key():
    with pytest.raises(ValueError, match="type 'text'"):
        Field("x", "text", "")
    with pytest.raises(ValueError, match="'y'"):
        Table("data/raw/x.csv", "X", "", (Field("x", "string", ""),), primary_key=("y",))
