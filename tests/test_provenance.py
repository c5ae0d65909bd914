"""Provenance: every figure can be found in its article; the articles are the ones recorded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from analysis import paths
from analysis.core.text import fold
from analysis.ingest import articles
from analysis.ingest.rawdata import RawLayer


def test_every_article_hashes_to_its_recorded_sha256(layer: RawLayer, article_paths: dict[str, Path]):
    assert articles.check_hashes(layer.sources, article_paths) == []


def test_every_stored_text_is_found_where_the_texts_are(layer: RawLayer, article_paths: dict[str, Path]):
    stored = set(layer.sources.loc[layer.sources["file"] != "", "source_id"])
    missing = sorted(stored - set(article_paths))
    assert not missing, (f"texts of {missing} not found in {[str(f) for f in paths.sources_dirs()]}: "
                         f"add their folder to ${paths.SOURCES_ENV}")


def test_every_locator_period_and_comparison_is_in_its_article(layer: RawLayer, article_paths: dict[str, Path]):
    problems = articles.check_quotes(layer, article_paths)
    assert problems == [], "\n".join(map(str, problems))


def test_locator_check_finds_a_phrase_that_is_not_in_the_article(layer: RawLayer, article_paths: dict[str, Path]):
    figures = layer.figures.copy()
    row = figures.index[figures["figure_id"] == "bk2022portal-04"][0]
    assert figures.at[row, "locator"] == "toàn tỉnh có 6.233 km cáp quang"
    figures.at[row, "locator"] = "toàn tỉnh có 6.233 km cáp đồng"  # copper: not what the article says
    broken = replace(layer, figures=figures)
    problems = articles.check_quotes(broken, article_paths)
    assert [(p.row_id, p.column) for p in problems] == [("bk2022portal-04", "locator")]


def test_locator_check_finds_a_value_missing_from_its_locator(layer: RawLayer, article_paths: dict[str, Path]):
    figures = layer.figures.copy()
    row = figures.index[figures["figure_id"] == "bk2022portal-04"][0]
    figures.at[row, "value_as_written"] = "6.234"
    broken = replace(layer, figures=figures)
    problems = articles.check_quotes(broken, article_paths)
    assert [(p.row_id, p.column, p.value) for p in problems] == [("bk2022portal-04", "value_as_written", "6.234")]


def test_locators_match_across_nbsp_and_decomposed_accents(layer: RawLayer, article_paths: dict[str, Path]):
    text = fold(article_paths["bk2022portal"].read_text(encoding="utf-8"))
    assert "cuối tháng 8/2022" in text
    # the same phrase typed with an NBSP and decomposed (NFD) accents still folds to the article's text
    assert fold("cu\u00f4\u0301i\u00a0tha\u0301ng 8/2022") in text


def test_a_changed_article_fails_the_hash_check(layer: RawLayer, article_paths: dict[str, Path], tmp_path: Path):
    copy = tmp_path / "000.txt"
    copy.write_text(article_paths["bk2022portal"].read_text(encoding="utf-8") + " ", encoding="utf-8")
    problems = articles.check_hashes(layer.sources, {"bk2022portal": copy})
    assert [(p.row_id, p.column) for p in problems] == [("bk2022portal", "sha256")]
