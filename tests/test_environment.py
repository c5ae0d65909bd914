"""The pins: requirements.txt, requirements-lock.txt and environment.yml agree."""

from __future__ import annotations

import re

from analysis import paths


def pins(text: str, separator: str) -> dict[str, str]:
    """name → version of every exact pin in ``text`` (``name==1.2`` or ``name=1.2``)."""
    pattern = re.compile(rf"^[\s-]*([A-Za-z0-9_.-]+){re.escape(separator)}([0-9][^\s#]*)", re.M)
    return {name.lower().replace("_", "-"): version for name, version in pattern.findall(text)}


def requirements() -> dict[str, str]:
    return pins((paths.PROJECT_ROOT / "requirements.txt").read_text(), "==")


def test_requirements_pin_every_direct_dependency_exactly():
    text = (paths.PROJECT_ROOT / "requirements.txt").read_text()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert all("==" in ln for ln in lines), lines
    assert {"jupyterlab", "pandas", "matplotlib", "seaborn", "papermill", "nbval"} <= set(requirements())


def test_environment_yml_pins_the_same_versions():
    text = (paths.PROJECT_ROOT / "environment.yml").read_text()
    conda = pins(text, "=") | pins(text, "==")
    conda.pop("python", None)
    assert conda == requirements()


def test_lock_file_agrees_with_the_direct_pins():
    lock = pins((paths.PROJECT_ROOT / "requirements-lock.txt").read_text(), "==")
    for name, version in requirements().items():
        assert lock.get(name) == version, name


def test_installed_versions_are_the_pinned_ones():
    from importlib.metadata import version

    for name, pinned in requirements().items():
        assert version(name) == pinned, name
