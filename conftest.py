"""Collection rules for the committed notebooks (strict nbval).

Only the pipeline's numbered notebooks (``notebooks/NN_name.ipynb``) are collected: a notebook a
researcher creates (``Untitled.ipynb``, anything in ``scratch/``) is theirs, and never breaks
``make test``; the test header names the ones left out.

A notebook whose parameters name a ``source_id`` reads that article's text, which is never in the
repository: where the text is not on this machine, its cells are skipped with the reason, as the
provenance tests are.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest


@cache
def _missing_text(notebook: Path) -> str | None:
    """Why ``notebook`` cannot run here (its source's text is absent), or None."""
    import nbformat

    from analysis.ingest import articles
    from analysis import paths
    from analysis.ingest.rawdata import load_raw_layer

    cells = nbformat.read(str(notebook), as_version=4).cells
    parameters = next((c.source for c in cells if "parameters" in c.metadata.get("tags", [])), "")
    defaults = {t.id: ast.literal_eval(node.value) for node in ast.parse(parameters).body
                if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}
    source_id = defaults.get("source_id")
    if not source_id:
        return None
    if source_id in articles.available_articles(load_raw_layer().sources):
        return None
    folders = ", ".join(str(f) for f in paths.sources_dirs())
    return (f"{notebook.name} reads the text of {source_id}, not found in {folders}: "
            f"set ${paths.SOURCES_ENV} to the folder of the article texts to run it")


#: The pipeline's notebooks: two digits, an underscore, a lower-case name.
PROJECT_NOTEBOOK = re.compile(r"\d\d_[a-z0-9_]+\.ipynb")
_LEFT_OUT: list[str] = []


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """Leave out scratch/ and every notebook that is not one of the pipeline's."""
    root = Path(str(config.rootpath))
    if collection_path.name == "scratch" and collection_path.parent == root:
        return True
    if collection_path.suffix == ".ipynb" and not PROJECT_NOTEBOOK.fullmatch(collection_path.name):
        _LEFT_OUT.append(str(collection_path.relative_to(root)) if collection_path.is_relative_to(root)
                         else str(collection_path))
        return True
    return None


def pytest_report_header(config) -> list[str]:
    return ["notebooks: only notebooks/NN_name.ipynb are tested (strict nbval); your own belong in scratch/"]


def pytest_terminal_summary(terminalreporter) -> None:
    if _STALE:
        terminalreporter.write_line(f"stale notebooks: {', '.join(sorted(_STALE))}: run `make report` and commit them "
                                    "if the change is intended")
    if _LEFT_OUT:
        terminalreporter.write_line("not tested (not a pipeline notebook NN_name.ipynb; keep your own in scratch/): "
                                    + ", ".join(sorted(set(_LEFT_OUT))))


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if path.suffix == ".ipynb":
            reason = _missing_text(path)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


#: Notebooks whose committed outputs strict nbval found different from a fresh run (named at the end).
_STALE: set[str] = set()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A notebook cell whose output differs says what to do, not only nbval's diff."""
    report = yield
    path = Path(str(item.path))
    if path.suffix == ".ipynb" and report.when == "call" and report.failed:
        name = f"notebooks/{path.name}"
        report.sections.append(("what to do", (
            f"{name}: a cell's output differs from the committed one. If your change of code or data is intended, "
            f"run `make report` and commit {name} (with data/processed/ and reports/); if not, your change altered "
            "what this notebook shows.")))
    return report


def pytest_runtest_logreport(report) -> None:
    """Gather the stale notebooks where the reports arrive (the controller, under xdist)."""
    notebook = report.nodeid.split("::")[0]
    if notebook.endswith(".ipynb") and report.when == "call" and report.failed:
        _STALE.add(notebook)
