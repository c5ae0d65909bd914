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
