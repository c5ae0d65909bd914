"""Collection rules for the committed notebooks (strict nbval).

A notebook whose parameters name a ``source_id`` reads that article's text, which is never in the
repository: where the text is not on this machine, its cells are skipped with the reason, as the
provenance tests are.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest


@cache
def _missing_text(notebook: Path) -> str | None:
    """Why ``notebook`` cannot run here (its source's text is absent), or None."""
    import nbformat

    from analysis import articles, paths
    from analysis.rawdata import load_raw_layer

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


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if path.suffix == ".ipynb":
            reason = _missing_text(path)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
