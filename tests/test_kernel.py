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


def run_cells(*sources: str, folder) -> list:
    """Execute code cells on the project kernel in ``folder``; return the executed cells."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(notebook, kernel_name=KERNEL, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    return notebook.cells


def images(cell) -> int:
    return sum("image/png" in output.get("data", {}) for output in cell.outputs)


def test_a_researchers_own_plot_shows_after_the_report_is_imported_and_run(tmp_path):
    """Importing and running the report switches no backend and leaks no figure into later cells."""
    cells = run_cells(
        "import matplotlib.pyplot as plt\nimport analysis\nimport analysis.report.province, analysis.report.plots",
        "from analysis.report.province import read_report_inputs, report_for\n"
        "report = report_for(analysis.load().layer, read_report_inputs(), 'Bắc Kạn', 'en', r'%s')\n"
        "saved = report.save_figures()" % (tmp_path / "figures"),
        "plt.plot([1, 2, 3], [3, 1, 2])\nplt.show()",
        "ax = analysis.plot_series('5g_stations', 'Việt Nam')",
        folder=tmp_path,
    )
    assert images(cells[1]) == 0  # saving the report's charts displays nothing
    assert images(cells[2]) == 1  # the researcher's own plot shows, once
    assert images(cells[3]) == 1  # and the API's plot shows too


def test_the_exploration_api_is_listed_and_concise(tmp_path):
    cells = run_cells("import analysis\nprint(sorted(set(analysis.__all__) & set(dir(analysis))))",
                      "data = analysis.load()\ndata", folder=tmp_path)
    assert cells[0].outputs[0]["text"].strip() == repr(sorted(["Tables", "find_indicators", "load", "observations",
                                                              "places", "plot_series"]))
    shown = cells[1].outputs[0]["data"]["text/plain"]
    assert shown.startswith("Tables(") and len(shown) < 400  # a summary, not a table dump
