"""Shared fixtures: the real raw layer, and the article texts where this machine has them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.ingest import articles
from analysis.ingest.rawdata import RawLayer, load_raw_layer


@pytest.fixture(scope="session")
def layer() -> RawLayer:
    return load_raw_layer()


@pytest.fixture(scope="session")
def article_paths(layer: RawLayer) -> dict[str, Path]:
    """source_id → article text; skips (with the reason) where the texts are not on this machine."""
    found = articles.available_articles(layer.sources)
    if not found:
        folders = ", ".join(str(f) for f in paths.sources_dirs())
        pytest.skip(f"article texts not found in {folders}: set ${paths.SOURCES_ENV} to their folder "
                    "to check locators and hashes")
    return found


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/raw that a test may break."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target
