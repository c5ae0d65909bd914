"""The package installs, imports, and its command line works on the committed data."""

from __future__ import annotations

import csv
import subprocess
import sys

import analysis
from analysis import paths


def test_package_imports_from_the_project():
    assert analysis.__version__
    assert paths.PROJECT_ROOT.joinpath("pyproject.toml").is_file()
    assert paths.RAW.is_dir()


def test_validate_command_accepts_the_committed_raw_layer(tmp_path):
    run = subprocess.run([sys.executable, "-m", "analysis", "validate", "--sources", str(tmp_path)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    with open(paths.RAW / "figures.csv", encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1  # minus the header
    with open(paths.RAW / "sources.csv", encoding="utf-8", newline="") as handle:
        sources = sum(1 for _ in csv.reader(handle)) - 1
    assert f"raw layer: {rows} figures from {sources} sources" in run.stdout
    assert "locators and hashes not checked" in run.stdout


def test_make_help_lists_the_targets():
    run = subprocess.run(["make", "--no-print-directory", "help"], capture_output=True, text=True,
                         cwd=paths.PROJECT_ROOT)
    assert run.returncode == 0
    for target in ("report", "test", "lab", "venv"):
        assert f"make {target}" in run.stdout


def test_no_module_of_the_package_shadows_a_name_of_the_exploration_api():
    # importing a submodule sets it as an attribute of the package, hiding the lazy API name of the same
    # spelling (analysis.observations would become a module, no longer the function)
    modules = {path.stem for path in (paths.PROJECT_ROOT / "src" / "analysis").glob("*.py")}
    clashes = sorted(modules & set(analysis.API))
    assert not clashes, f"rename the modules {clashes}: they hide analysis.<name> of the exploration API"
