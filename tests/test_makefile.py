"""make's parameters reach the program as data: no value is ever run as make or shell code."""

from __future__ import annotations

import subprocess

import pytest

from analysis import paths


def params(tmp_path, *assignments: str) -> str:
    done = subprocess.run(["make", "-s", "params", *assignments], cwd=paths.PROJECT_ROOT, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


@pytest.mark.parametrize("value", [
    'Bắc Kạn"; touch {marker}; "',   # closes the quotes of a pasted recipe
    "`touch {marker}`",               # command substitution
    "$(touch {marker})",              # shell command substitution, make-escaped
    "$(shell touch {marker})",        # make's own function call
])
def test_a_province_value_is_data_never_code(tmp_path, value):
    marker = tmp_path / "ran"
    text = value.format(marker=marker)
    shown = params(tmp_path, f"PROVINCE={text}")
    assert not marker.exists(), f"make ran code from PROVINCE={text!r}"
    assert shown.startswith(repr(text)), shown   # and the program receives it unchanged


def test_a_language_value_is_data_never_code(tmp_path):
    marker = tmp_path / "ran"
    shown = params(tmp_path, f"LANG=en; touch {marker}")
    assert not marker.exists()
    assert shown.endswith(repr(f"en; touch {marker}"))


def test_the_defaults(tmp_path):
    assert params(tmp_path) == "'Bắc Kạn' 'en vi'"


def test_make_lab_opens_in_scratch_which_git_and_the_tests_ignore():
    recipe = subprocess.run(["make", "-n", "lab"], cwd=paths.PROJECT_ROOT, capture_output=True, text=True).stdout
    assert "--LabApp.default_url=/lab/tree/scratch" in recipe
    ignored = subprocess.run(["git", "check-ignore", "-q", "scratch/Untitled.ipynb"], cwd=paths.PROJECT_ROOT)
    assert ignored.returncode == 0, "scratch/ notebooks must be ignored by git (.gitignore)"
    kept = subprocess.run(["git", "check-ignore", "-q", "scratch/README.md"], cwd=paths.PROJECT_ROOT)
    assert kept.returncode == 1, "scratch/README.md is the project's: it must not be ignored"


def test_a_notebook_of_ones_own_never_breaks_make_test(tmp_path):
    """Strict nbval collects only notebooks/NN_name.ipynb: an Untitled notebook (with a failing cell) is left out."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    mine = paths.NOTEBOOKS / "Untitled-test-scratch.ipynb"
    nbformat.write(notebook, str(mine))
    try:
        done = subprocess.run([str(paths.PROJECT_ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-p", "no:xdist",
                               "--collect-only", "-q", str(paths.NOTEBOOKS)],
                              cwd=paths.PROJECT_ROOT, capture_output=True, text=True)
    finally:
        mine.unlink()
    assert "Untitled-test-scratch" not in done.stdout.split("not tested")[0]
    assert "not tested" in done.stdout and "notebooks/Untitled-test-scratch.ipynb" in done.stdout
