"""The source articles and the provenance checks against them.

The texts are not part of the repository (the project holds facts and short locators, not the
articles). Where they are available, every locator must be found in its article and every
article must still hash to the SHA-256 recorded in data/raw/sources.csv.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.core.errors import Problem, quote
from analysis.core.text import fold, fold_series, nfc
from analysis.ingest.rawdata import FIGURES, SOURCES, RawLayer


#: Columns of figures.csv that quote the article and so must be found in its text.
QUOTED_COLUMNS = ("locator", "period_as_written", "comparison_as_written")


def is_plain_name(name: str) -> bool:
    """A file name without any folder part: ``../x``, ``/etc/passwd``, ``a\\b`` or ``..`` are paths, not names."""
    return (name not in ("", ".", "..") and "/" not in name and "\\" not in name and "\0" not in name
            and Path(name).name == name)


def _escapes(folder: Path, name: str) -> bool:
    """Whether ``folder/name`` exists but, links followed, lies outside ``folder`` (a link leading out)."""
    candidate = Path(folder) / name
    if not candidate.is_symlink():
        return False  # a plain name without a link cannot leave the folder
    try:
        return not candidate.resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError):  # a link loop: nothing readable inside the folder either
        return True


def text_in(folder: Path, name: str) -> Path | None:
    """``folder/name`` when it is a text inside ``folder``: a plain name, a regular file, no link leading out.

    sources.csv is data edited by hand: whatever it names, the project reads no file outside the sources
    folders (``../../etc/passwd``, an absolute path, a link to elsewhere are never opened).
    """
    if not is_plain_name(name) or _escapes(folder, name):
        return None
    candidate = Path(folder) / name
    return candidate if candidate.is_file() else None


def _folders(folder: Path | list[Path] | None) -> list[Path]:
    return [Path(folder)] if isinstance(folder, (str, Path)) else [Path(f) for f in (folder or paths.sources_dirs())]


def available_articles(sources: pd.DataFrame, folder: Path | list[Path] | None = None) -> dict[str, Path]:
    """source_id → path of its text, for the sources whose text is in ``folder`` (default: every sources folder).

    A source without a file (a web page whose text is not stored) has none; a name that is a path, or a
    link leading out of its folder, has none either (:func:`refused_texts` says why).
    """
    found = {}
    for sid, name in zip(sources["source_id"], sources["file"]):
        if not name:
            continue
        for f in _folders(folder):
            if (candidate := text_in(f, name)) is not None:
                found[sid] = candidate
                break
    return found


def refused_texts(sources: pd.DataFrame, folder: Path | list[Path] | None = None,
                  name: str = "data/raw/" + SOURCES.file) -> list[Problem]:
    """The sources whose ``file`` would lead outside the sources folders: a path, or a link leading out.

    Such a text is never read (:func:`available_articles` skips it); this says so, by file, line, id and
    value, instead of reporting the text as merely absent.
    """
    problems = []
    for idx, row in sources[sources["file"] != ""].iterrows():
        file = row["file"]
        if not is_plain_name(file):
            reason = "a plain file name in a sources folder, never a path: refused, nothing read"
        else:
            out = [f for f in _folders(folder) if _escapes(f, file)]
            if not out:
                continue
            reason = (f"a link leading outside the sources folder {out[0]}: refused, never read; "
                      "store the text itself in the folder")
        problems.append(Problem(name, reason, line=int(idx) + 2, row_id=row["source_id"], column="file", value=file))
    return problems


def unstored_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources whose text is not stored anywhere (public web pages recorded by url and retrieval date)."""
    return sources[sources["file"] == ""]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check_hashes(sources: pd.DataFrame, articles: dict[str, Path], raw_dir: Path | None = None) -> list[Problem]:
    """Each available article hashes to the SHA-256 recorded for it: the figures came from this text.

    ``raw_dir`` (default data/raw) is the folder messages name: the one the sources were read from.
    """
    name = paths.relative(Path(raw_dir or paths.RAW) / SOURCES.file)
    problems = []
    for idx, row in sources[sources["source_id"].isin(articles.keys())].iterrows():
        actual = sha256(articles[row["source_id"]])
        if actual != row["sha256"]:
            problems.append(Problem(name, f"the article text hashes to {actual}", line=int(idx) + 2,
                                    row_id=row["source_id"], column="sha256", value=row["sha256"]))
    return problems


def check_quotes(layer: RawLayer, articles: dict[str, Path], raw_dir: Path | None = None) -> list[Problem]:
    """Every quoted cell of figures.csv is found in its article, after NFC and whitespace folding.

    The locator must also hold the value, unit and qualifier as written, so that a reader who
    searches the article for the locator sees the figure itself. ``raw_dir`` as for :func:`check_hashes`.
    """
    name = paths.relative(Path(raw_dir or paths.RAW) / FIGURES.file)
    texts = {sid: fold(path.read_text(encoding="utf-8")) for sid, path in articles.items()}
    figures = layer.figures[layer.figures["source_id"].isin(texts.keys())]
    folded = {col: fold_series(figures[col]) for col in (*QUOTED_COLUMNS, "value_as_written",
                                                          "unit_as_written", "qualifier_as_written")}
    problems: list[Problem] = []

    def report(mask: pd.Series, column: str, reason: str) -> None:
        for idx in mask[mask].index:
            problems.append(Problem(name, reason, line=int(idx) + 2, row_id=figures.at[idx, "figure_id"],
                                    column=column, value=figures.at[idx, column]))

    article = figures["source_id"].map(texts)
    for column in QUOTED_COLUMNS:
        quoted = folded[column]
        found = pd.Series([q in t for q, t in zip(quoted, article)], index=figures.index, dtype=bool)
        report((quoted != "") & ~found, column, "not found in the article text")
    locator = folded["locator"]
    for column in ("value_as_written", "unit_as_written", "qualifier_as_written"):
        inside = pd.Series([v in loc for v, loc in zip(folded[column], locator)], index=figures.index, dtype=bool)
        report(~inside, column, "not found in the row's locator")
    return problems


@dataclass(frozen=True)
class Article:
    """An article's text, with what reading it needs: its number format and publication date."""

    text: str
    number_format: str
    published: pd.Timestamp | None


def article_text(layer: RawLayer, source_id: str = "", text_file: str | Path = "", number_format: str = "") -> Article:
    """The text of ``source_id`` (from the sources folders) or of ``text_file``, NFC, with its metadata.

    Raises FileNotFoundError saying where the text was looked for, or what to run first.
    """
    known = layer.sources.set_index("source_id")
    if source_id and source_id not in known.index and not text_file:
        raise FileNotFoundError(f"unknown source {quote(source_id)}: register the article with "
                                "`python -m analysis add-source` first, or give text_file")
    row = known.loc[source_id] if source_id in known.index else None
    if text_file:
        path = paths.resolve(text_file)
    else:
        found = available_articles(layer.sources.loc[layer.sources["source_id"] == source_id])
        if source_id not in found:
            folders = ", ".join(str(f) for f in paths.sources_dirs())
            raise FileNotFoundError(f"the text of {source_id} ({row['file'] or 'not stored: a web page'}) is not in "
                                    f"{folders}; set ${paths.SOURCES_ENV}, or give text_file")
        path = found[source_id]
    fmt = number_format or (row["number_format"] if row is not None else "vi")
    published = pd.Timestamp(row["published"]) if row is not None else None
    return Article(text=nfc(Path(path).read_text(encoding="utf-8")), number_format=fmt, published=published)
