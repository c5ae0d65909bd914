"""A notebook parameter the notebook does not declare is an error, through our runner and through plain
papermill, before anything is written; a file that is not a notebook is named, not a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import paths
from analysis.run.parameters import INJECTED_HEADER, assigned_names, check_injected, unknown_parameters, UnknownParameterError

PARAMETERIZED = [p for p in sorted(paths.NOTEBOOKS.glob("*.ipynb"))
                 if any("parameters" in c.metadata.get("tags", []) for c in nbformat.read(str(p), as_version=4).cells)]
CHECK = "refuse_unknown_parameters()"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True,
                          cwd=paths.PROJECT_ROOT, timeout=300)


def test_the_names_a_cell_assigns():
    assert assigned_names('# Parameters\nraw_dir = "x"  # where\nn: int = 2\nraw_dir = "y"\nprint(1)\n') == [
        "raw_dir", "n"]
    assert assigned_names("%matplotlib inline") == []  # not Python: nothing declared


def test_an_unknown_name_is_named_with_the_closest_known_one_and_the_list():
    assert unknown_parameters(["output_dir"], ["raw_dir", "output_dir"]) is None
    assert unknown_parameters(["outptu_dir", "zzz"], ["raw_dir", "output_dir"], "01_clean.ipynb") == (
        "unknown parameters 'outptu_dir' (did you mean 'output_dir'?), 'zzz'; the parameters of 01_clean.ipynb: "
        "raw_dir, output_dir")


def test_the_kernel_side_check_reads_papermills_injected_cell():
    declared = '# Parameters (papermill)\nraw_dir = "data/raw"\noutput_dir = "data/processed"\n'
    current = "refuse_unknown_parameters()"
    check_injected(["", declared, current])  # nbval, JupyterLab: nothing injected
    check_injected(["", declared, f'{INJECTED_HEADER}\noutput_dir = "/tmp/x"\n', current])
    with pytest.raises(UnknownParameterError, match="'outptu_dir' \\(did you mean 'output_dir'\\?\\)"):
        check_injected(["", declared, f'{INJECTED_HEADER}\noutptu_dir = "/tmp/x"\n', current])
    check_injected([current])  # too short a history to hold a parameters cell


@pytest.mark.parametrize("notebook", PARAMETERIZED, ids=lambda p: p.name)
def test_every_parameterized_notebook_refuses_unknown_parameters_right_after_its_parameters_cell(notebook):
    cells = nbformat.read(str(notebook), as_version=4).cells
    at = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    assert cells[at].source.split("\n", 1)[0].rstrip() != INJECTED_HEADER, \
        "the parameters cell must not start with papermill's own header line"
    following = cells[at + 1]
    assert following.cell_type == "code" and CHECK in following.source, (
        f"{notebook.name}: the cell after the parameters cell must call analysis.run.parameters.{CHECK}")


def test_our_runner_refuses_a_misspelt_parameter_before_any_kernel_starts(tmp_path):
    out = tmp_path / "processed"
    saved = tmp_path / "clean.ipynb"
    result = cli("run", "notebooks/01_clean.ipynb", "-o", str(saved), "-p", "output_dir", str(out),
                 "-p", "outptu_dir", str(out))
    assert result.returncode == 1, result.stderr
    message = result.stderr.strip()
    assert "\n" not in message and "'outptu_dir' (did you mean 'output_dir'?)" in message
    assert "raw_dir, output_dir" in message and "notebooks/01_clean.ipynb" in message
    assert not saved.exists() and not out.exists()  # nothing ran, nothing written


@pytest.mark.parametrize("notebook", PARAMETERIZED, ids=lambda p: p.name)
def test_plain_papermill_stops_on_a_misspelt_parameter_before_writing(notebook, tmp_path):
    cells = nbformat.read(str(notebook), as_version=4).cells
    declared = assigned_names(next(c.source for c in cells if "parameters" in c.metadata.get("tags", [])))
    # every folder parameter points into tmp_path, so even a notebook that ran on would write nothing here
    folders = {name: tmp_path / name for name in declared if name.endswith("_dir")}
    misspelt = declared[0][:-1] + declared[0][-1].upper() + "x"
    args = [a for name, folder in folders.items() for a in ("-p", name, str(folder))]
    result = subprocess.run([str(Path(sys.executable).parent / "papermill"), str(notebook), str(tmp_path / "out.ipynb"),
                             *args, "-p", misspelt, "1"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode != 0
    assert f"UnknownParameterError: unknown parameter '{misspelt}' (did you mean '{declared[0]}'?)" in result.stderr
    assert not any(folder.exists() for folder in folders.values())


@pytest.mark.parametrize(("make", "said"), [
    (lambda d: d / "missing.ipynb", "no such notebook"),
    (lambda d: d, "a folder, not a notebook"),
    (lambda d: (d / "text.ipynb", (d / "text.ipynb").write_text("hello\n"))[0], "not a Jupyter notebook"),
    (lambda d: (d / "bad.ipynb", (d / "bad.ipynb").write_text(json.dumps({"cells": 3})))[0], "not a Jupyter notebook"),
])
def test_run_on_something_that_is_not_a_notebook_says_so_in_one_line(tmp_path, make, said):
    path = make(tmp_path)
    result = cli("run", str(path), "-o", str(tmp_path / "out.ipynb"))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"{path}: {said}"), message


def test_run_with_an_output_that_cannot_be_written_says_so_in_one_line(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "vn-dx", "display_name": "Python (vn-dx)", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("1 + 1")]
    source = tmp_path / "tiny.ipynb"
    nbformat.write(notebook, str(source))
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    result = cli("run", str(source), "-o", str(blocker / "out.ipynb"))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "\n" not in message and message.startswith(f"{source}: cannot write {blocker}")
