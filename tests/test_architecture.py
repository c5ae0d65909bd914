"""The package's architecture holds: modules by stage, each stage importing only the stages below it,
no import cycle, the command line imported by nothing.

The imports are read from the source (every ``import`` and ``from … import``, at module level or
inside a function: a deferred import is still a dependency), so the test needs no import to succeed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import paths

PACKAGE = paths.PROJECT_ROOT / "src" / "analysis"
CLI = "analysis.__main__"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (``from . import x`` names the module x, not the package)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found |= {f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                      for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imported(path, set(files)) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_through_three_modules_and_none_in_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_module_imports_another_that_imports_it_back():
    found = cycles(import_graph())
    assert not found, ("import cycles (a module needed by another must not need it back: move what both need "
                       f"into the lower stage, see CONTRIBUTING.md): {found}")


def test_the_command_line_is_on_top_imported_by_no_module():
    importers = sorted(name for name, deps in import_graph().items() if CLI in deps)
    assert not importers, (f"{importers} import the command line ({CLI}): move what they need from it into the "
                           "stage it belongs to (the command line only parses arguments and calls the stages)")


#: The stages, lowest first: a module imports only modules of its own stage or of a lower one
#: (CONTRIBUTING.md, "How the package is organised"). ``analysis.paths`` is below them all.
STAGES = ("core", "parse", "ingest", "clean", "analyze", "report", "intake", "docs", "run")
#: The only modules outside a stage: the package (the exploration API), its one config module, the command line.
TOP_LEVEL = {"analysis", "analysis.paths", CLI}


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in STAGES else None


def test_every_module_belongs_to_a_stage():
    loose = sorted(m for m in import_graph() if m not in TOP_LEVEL and stage_of(m) is None)
    assert not loose, (f"{loose} belong to no stage: move each into the subpackage of its stage ({', '.join(STAGES)}; "
                       "CONTRIBUTING.md says which owns what)")


def test_a_stage_imports_only_itself_and_the_stages_below():
    upward = sorted(f"{module} imports {other}" for module, deps in import_graph().items() for other in deps
                    if stage_of(module) and stage_of(other)
                    and STAGES.index(stage_of(other)) > STAGES.index(stage_of(module)))
    assert not upward, ("a stage imports a later one (order: " + " < ".join(STAGES) + "): move what is shared into the "
                        "lower stage, or the code into the higher one:\n" + "\n".join(upward))


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_owns(stage):
    init = PACKAGE / stage / "__init__.py"
    assert init.is_file(), f"src/analysis/{stage}/ is not a package: add its __init__.py with a docstring"
    assert (ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "").strip(), (
        f"src/analysis/{stage}/__init__.py: say in its docstring what the stage owns")
