"""The project's Jupyter kernel imports the package from any working folder (what `make lab` users get)."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from analysis import paths

KERNEL = "vn-dx"  # registered by the Makefile's venv step


def test_project_kernel_imports_analysis_from_another_folder(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "import analysis\nfrom analysis import paths\nprint(paths.RAW.relative_to(paths.PROJECT_ROOT))"
    )]
    NotebookClient(notebook, kernel_name=KERNEL, timeout=60, resources={"metadata": {"path": str(tmp_path)}}).execute()
    output = notebook.cells[0].outputs[0]
    assert output["text"].strip() == "data/raw"
    assert paths.RAW.is_dir()
