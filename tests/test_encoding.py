"""Every CSV the project ships is UTF-8, NFC, without BOM, with Unix line ends."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.core.text import is_nfc

CSV_FILES = sorted(paths.DATA.rglob("*.csv"))


def test_there_are_csv_files():
    assert len(CSV_FILES) >= 4


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: paths.relative(p))
def test_csv_is_utf8_nfc_without_bom(path):
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert is_nfc(text)
    assert "\r" not in text
    assert text.endswith("\n")
