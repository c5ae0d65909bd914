"""An article text is read only from inside a sources folder: never a path, never a link leading out.

sources.csv names each stored text by a plain file name; a name that climbs out (``../../etc/passwd``),
an absolute path or a link in the folder pointing elsewhere must never make validate read (and hash)
a file of the machine: the row is refused, naming the file, line, id, column and value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import validate
from analysis.ingest import articles
from helpers import rewrite

NAME = "000_0123456789abcdef.txt"


def sources_frame(*names: str) -> pd.DataFrame:
    """A sources table with one stored text per name (ids s1, s2, …): only the columns the lookup reads."""
    return pd.DataFrame({"source_id": [f"s{i}" for i in range(1, len(names) + 1)], "file": list(names),
                         "sha256": ["0" * 64] * len(names)})


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """(a sources folder, a secret file beside it, outside the folder)."""
    texts = tmp_path / "texts"
    texts.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not an article\n", encoding="utf-8")
    return texts, secret


def test_a_name_that_climbs_out_of_the_folder_is_never_looked_up(folders):
    texts, secret = folders
    found = articles.available_articles(sources_frame("../secret.txt"), texts)
    assert found == {}, "a ../ name must not reach a file outside the sources folder"


def test_an_absolute_path_is_never_looked_up(folders):
    texts, secret = folders
    assert articles.available_articles(sources_frame(str(secret)), texts) == {}


def test_a_link_leading_out_of_the_folder_is_not_read(folders):
    texts, secret = folders
    (texts / NAME).symlink_to(secret)
    assert articles.available_articles(sources_frame(NAME), texts) == {}
    problems = articles.refused_texts(sources_frame(NAME), [texts], "data/raw/sources.csv")
    assert [(p.line, p.row_id, p.column, p.value) for p in problems] == [(2, "s1", "file", NAME)]
    assert "outside the sources folder" in problems[0].reason and str(texts) in problems[0].reason


def test_a_link_within_the_folder_and_a_linked_folder_are_fine(folders, tmp_path: Path):
    texts, _ = folders
    (texts / "real.txt").write_text("an article\n", encoding="utf-8")
    (texts / NAME).symlink_to(texts / "real.txt")
    linked = tmp_path / "linked"
    linked.symlink_to(texts, target_is_directory=True)
    assert articles.available_articles(sources_frame(NAME), linked) == {"s1": linked / NAME}
    assert articles.refused_texts(sources_frame(NAME), [linked], "data/raw/sources.csv") == []


def test_validate_refuses_a_text_linked_from_outside_and_never_hashes_it(raw_copy: Path, folders, capsys):
    texts, secret = folders
    name = pd.read_csv(raw_copy / "sources.csv", dtype=str, keep_default_na=False)["file"].iloc[0]
    (texts / name).symlink_to(secret)
    assert validate(raw_copy, texts, parse=False) == 1
    err = capsys.readouterr().err
    assert f"sources.csv, line 2, row bk2022portal, column file: value {name!r}" in err
    assert "outside the sources folder" in err
    assert "hashes to" not in err, "the linked file was read and hashed"


def test_validate_names_a_path_in_the_file_column(raw_copy: Path, folders, capsys):
    texts, _ = folders
    name = pd.read_csv(raw_copy / "sources.csv", dtype=str, keep_default_na=False)["file"].iloc[0]
    rewrite(raw_copy / "sources.csv", f"bk2022portal,{name},", "bk2022portal,../../../../etc/passwd,")
    assert validate(raw_copy, texts, parse=False) == 1
    err = capsys.readouterr().err
    assert "sources.csv, line 2, row bk2022portal, column file: value '../../../../etc/passwd'" in err
    assert "never a path" in err


def test_a_folder_named_by_the_environment_confines_as_well(folders, monkeypatch):
    texts, secret = folders
    (texts / NAME).symlink_to(secret)
    monkeypatch.setenv("VN_DX_SOURCES", str(texts))
    assert "s1" not in articles.available_articles(sources_frame(NAME))
