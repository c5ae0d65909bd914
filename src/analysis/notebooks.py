"""Running the parameterized notebooks: papermill in this process, outputs kept, volatile metadata dropped.

The committed notebooks carry the outputs of their default parameters and must be byte-identical
after every run, so the timings papermill and nbclient record are removed before saving.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from . import paths

#: Metadata keys that change on every run (timestamps, durations, the machine's paths).
VOLATILE_NOTEBOOK_KEYS = ("papermill",)
VOLATILE_CELL_KEYS = ("papermill", "execution")
#: A cell with this tag shows an article's text: its outputs are shown in JupyterLab but never saved,
#: so no article enters the repository (tag it ``nbval-ignore-output`` too, for strict nbval).
ARTICLE_TEXT_TAG = "article-text"


def strip_volatile(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove run timings, and the outputs of cells that show an article's text, in place; return it."""
    for key in VOLATILE_NOTEBOOK_KEYS:
        notebook.metadata.pop(key, None)
    for cell in notebook.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if ARTICLE_TEXT_TAG in cell.metadata.get("tags", []) and cell.cell_type == "code":
            cell.outputs = []
    return notebook


def execute(notebook: str | Path, output: str | Path | None = None,
            parameters: dict[str, Any] | None = None) -> Path:
    """Execute ``notebook`` with papermill and save it (by default over itself) without volatile metadata.

    Runs from the project root, like ``make``; the notebooks anchor their paths there anyway.
    """
    import papermill

    source = paths.resolve(notebook)
    target = paths.resolve(output) if output is not None else source
    executed = papermill.execute_notebook(
        str(source), None, parameters=parameters or {}, progress_bar=False, cwd=str(paths.PROJECT_ROOT),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(strip_volatile(executed), str(target))
    return target
