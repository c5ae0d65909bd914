"""The parameterized notebooks run under papermill from any folder, with other parameters too."""

from __future__ import annotations

import json

import nbformat

from analysis import paths
from analysis.run.notebooks import execute, strip_volatile
from helpers import assert_same_as_committed

CLEAN = paths.NOTEBOOKS / "01_clean.ipynb"
GROWTH = paths.NOTEBOOKS / "02_growth.ipynb"


def test_clean_notebook_has_a_parameters_cell():
    notebook = nbformat.read(str(CLEAN), as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "raw_dir" in tagged[0].source and "output_dir" in tagged[0].source


def test_committed_notebooks_hold_outputs_and_no_timings():
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] for c in code), path.name
        assert "papermill" not in notebook["metadata"], path.name
        assert all("execution" not in c["metadata"] for c in code), path.name


def test_clean_notebook_writes_to_another_folder_when_told(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # papermill from elsewhere: paths are anchored at the project root
    out = tmp_path / "processed"
    saved = execute(CLEAN, tmp_path / "run.ipynb", {"output_dir": str(out)})
    for name in ("figures.csv", "rejected.csv"):
        assert_same_as_committed(out / name, paths.PROCESSED / name)
    notebook = nbformat.read(str(saved), as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in notebook.cells)
    assert "papermill" not in notebook.metadata


def test_strip_volatile_removes_timings_only():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata.update({"execution": {"iopub.execute_input": "2026-01-01T00:00:00Z"}, "tags": ["keep"]})
    notebook.cells = [cell]
    notebook.metadata["papermill"] = {"duration": 1.0}
    strip_volatile(notebook)
    assert notebook.metadata.get("papermill") is None
    assert cell.metadata == {"tags": ["keep"]}


def test_growth_notebook_for_another_province_writes_the_same_files(tmp_path):
    # the files cover every province, so a run for Bắc Giang writes what the default run wrote
    out = tmp_path / "processed"
    for name in ("figures.csv", "rejected.csv"):
        out.mkdir(exist_ok=True)
        (out / name).write_bytes((paths.PROCESSED / name).read_bytes())
    saved = execute(GROWTH, tmp_path / "growth.ipynb", {"province": "Bắc Giang", "processed_dir": str(out)})
    for name in ("growth.csv", "targets.csv", "checks.csv"):
        assert_same_as_committed(out / name, paths.PROCESSED / name)
    text = saved.read_text(encoding="utf-8")
    assert "showing bac-giang" in text


def test_growth_notebook_fails_on_an_unknown_province_listing_the_valid_ones(tmp_path):
    from analysis.__main__ import run_notebook

    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_notebook(GROWTH, tmp_path / "bad.ipynb", {"province": "Atlantis"})
    assert code == 1
    assert "ValueError: unknown province 'Atlantis';" in err.getvalue() and "or 'all'" in err.getvalue()
