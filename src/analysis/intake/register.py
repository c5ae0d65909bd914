"""Adding an article: register its source, then accept reviewed candidate figures, never half-written.

``add_source`` stores the text (when given) in a sources folder under the documented name
``NNN_<first 16 hex digits of its SHA-256>.txt`` and appends a row to data/raw/sources.csv;
``accept`` appends reviewed rows of a draft (from ``python -m analysis extract``) to
data/raw/figures.csv with ids assigned. Both validate the whole raw layer with the new rows in a
scratch copy first, and replace a raw file only by an atomic rename
(:func:`analysis.core.tables.write_text_atomic`, which gives a new file the user's umask), so a failure
leaves the raw layer exactly as it was.

``accept`` is safe to run twice: a draft row that is already in figures.csv (the same figure of the
same source, :data:`SAME_FIGURE`) is refused, naming the accepted row, unless ``again``; and it checks
every quote against a text (the stored one, or ``text_file`` for a web page whose text is not stored),
or refuses unless told not to check (``check_text=False``).
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.core.errors import DataError, Problem, quote
from analysis.core.tables import write_text_atomic
from analysis.core.text import bare, fold, nfc
from analysis.ingest.rawdata import CORRECTIONS, FIGURES, SOURCES, load_raw_layer

#: The columns a draft must have to be accepted (the rest, like indicator_candidates, is dropped).
DRAFT_REQUIRED = ("source_id", "indicator_id", "kind", "value_as_written", "locator")

#: The cells that make two rows the same figure of a source: accept refuses a draft row equal to an
#: accepted one in all of them (``place`` too: one figure given for several places is one row each).
SAME_FIGURE = ("source_id", "place", "indicator_id", "kind", "breakdown", "value_as_written", "locator",
               "period_as_written")

#: What to do with a draft row that cleaning would reject: the policy, in every such message.
REJECTED_POLICY = ("A draft is not raw data yet: where the draft misread the article, fix the draft row and accept "
                   "again. Where the article itself is wrong or incomplete (a period written in the sentence before, "
                   "a basis shared with a list), accept the row as printed with --allow-rejected, "
                   "then declare a correction of its accepted figure_id in data/raw/corrections.csv (a correction "
                   "names an accepted figure; see data/README.md, 'Corrections or raw edits?').")


class Refused(DataError):
    """A DataError whose message ends with what to do about it."""

    def __init__(self, problems: list[Problem], hint: str):
        super().__init__(problems)
        self.hint = hint
        self.args = (f"{self.args[0]}\n{hint}",)


def _cells(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """The cells compared for sameness: NFC, whitespace folded."""
    return frame[list(columns)].map(lambda v: nfc(" ".join(str(v).split())))


def duplicate_figures(figures: pd.DataFrame, name: str = "data/raw/" + FIGURES.file) -> list[Problem]:
    """Rows of figures.csv equal to an earlier row in every column but figure_id: one figure entered twice
    (a draft accepted twice); each names the row it repeats."""
    columns = [c for c in figures.columns if c != "figure_id"]
    cells = _cells(figures, columns)
    twice = cells.duplicated(keep="first")
    if not twice.any():
        return []
    lines = pd.Series(range(2, len(figures) + 2), index=figures.index)
    first = lines.groupby([cells[c] for c in columns], sort=False).transform("first")
    ids = dict(zip(lines, figures["figure_id"]))
    return [Problem(name, f"duplicate row: the same figure as {ids[int(first[i])]} (line {int(first[i])}) in every "
                          "column but figure_id; delete one of them (and any correction that names it)",
                    line=int(lines[i]), row_id=figures.at[i, "figure_id"], column="figure_id",
                    value=figures.at[i, "figure_id"])
            for i in twice[twice].index]


def already_accepted(rows: pd.DataFrame, figures: pd.DataFrame, name: str) -> list[Problem]:
    """Draft rows (in draft order, index = draft row) that repeat an accepted figure or an earlier draft row
    in the cells of :data:`SAME_FIGURE`."""
    accepted: dict[tuple, tuple[str, int]] = {}
    keys = map(tuple, _cells(figures, SAME_FIGURE).itertuples(index=False))
    for line, (fid, key) in enumerate(zip(figures["figure_id"], keys), start=2):
        accepted.setdefault(key, (fid, line))
    seen: dict[tuple, int] = {}
    problems = []
    for idx, key in zip(rows.index, map(tuple, _cells(rows, SAME_FIGURE).itertuples(index=False))):
        line = int(idx) + 2
        if key in accepted:
            fid, at = accepted[key]
            problems.append(Problem(name, f"already in data/raw/figures.csv as {fid} (line {at}): was this draft "
                                          "accepted before? Delete the row from the draft, or pass --again to add "
                                          "the figure once more", line=line, column="locator", value=key[6]))
        elif key in seen:
            problems.append(Problem(name, f"the same figure as line {seen[key]} of the draft: delete one, or pass "
                                          "--again to accept both", line=line, column="locator", value=key[6]))
        seen.setdefault(key, line)
    return problems


#: Said where a correction names a figure that is not accepted yet.
CORRECTION_BEFORE_ACCEPT = ("a correction names an accepted figure: accept the draft first (with --allow-rejected "
                            "for a row cleaning would reject), then declare the correction")


def explain(err: DataError) -> DataError:
    """The same error, with what to do where a correction names a figure of a draft not accepted yet."""
    problems = [replace(p, reason=f"{p.reason}; {CORRECTION_BEFORE_ACCEPT}")
                if p.file.endswith(CORRECTIONS.file) and p.column == "figure_id" and p.reason.startswith("unknown")
                else p for p in err.problems]
    return DataError(problems) if problems != err.problems else err


def rejected_cell(stage: str, reason: str) -> str:
    """The raw column a cleaning rejection points at: the stage's column, or the one the rule reads."""
    if stage == "rules" and str(reason).startswith("period_after_publication"):
        return "period_as_written"
    return STAGE_COLUMN[stage]


def rejection_hint(stage: str, reason: str) -> str:
    """How to fix a row that cleaning would reject, where the reason alone does not say."""
    if stage == "rules" and str(reason).startswith("period_after_publication"):
        return ("; the period as written ends after the article was published: a goal or a forecast is kind "
                "'target'; an estimate to the end of the publication's own year ('đến cuối năm 2024' in a "
                "December 2024 article) is accepted as it is; any other date after publication is a misreading "
                "(fix period_as_written in the draft) or a fault of the article (see below)")
    return ""


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as a raw CSV (UTF-8, ``\\n``, quoted as needed) to a temporary file, then rename it."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    write_text_atomic(buffer.getvalue(), path)


def _check_in_copy(raw_dir: Path, replaced: dict[str, pd.DataFrame]) -> None:
    """Load the raw layer with some files replaced, in a scratch copy: raises DataError naming what is wrong."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "raw"
        shutil.copytree(raw_dir, copy)
        for name, frame in replaced.items():
            write_csv_atomic(frame, copy / name)
        try:
            load_raw_layer(copy)
        except DataError as err:  # name the real files, not the scratch copy
            raise DataError([Problem(paths.relative(raw_dir / Path(p.file).name), p.reason, p.line, p.row_id,
                                     p.column, p.value) for p in err.problems]) from None


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


# --- add-source -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewSource:
    """What add-source did: the row appended and where the text went (None for a page not stored)."""

    row: dict[str, str]
    text_path: Path | None


def publication(value: str) -> tuple[str, str]:
    """``YYYY-MM-DD`` → (that date, ``day``); ``YYYY-MM`` → (the month's last day, ``month``): the latest it can be."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return pd.Timestamp(value).strftime("%Y-%m-%d"), "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        end = pd.Timestamp(value + "-01") + pd.offsets.MonthEnd(0)
        return end.strftime("%Y-%m-%d"), "month"
    raise ValueError(f"--published must be YYYY-MM-DD or YYYY-MM (a month only), not {quote(value)}")


def _ascii(text: str) -> str:
    """Vietnamese without diacritics, lower case, ASCII letters and digits only (for ids)."""
    return re.sub(r"[^a-z0-9]+", "", bare(text))


def new_source_id(province_id: str, published: str, outlet: str, url: str, taken: set[str]) -> str:
    """``<province initials><year><outlet>``, as the existing ids (``bk2024bao``); a letter added if taken.

    The outlet part is the web site's first name (``baodongkhoi`` from baodongkhoi.vn) or the outlet's
    name without diacritics, at most 16 letters.
    """
    initials = "".join(part[0] for part in province_id.split("-") if part)
    host = re.sub(r"^(?:www|m|amp|en|lite)\.", "", re.sub(r"^https?://", "", url).split("/")[0]) if url else ""
    outlet_key = (_ascii(host.split(".")[0]) if host else _ascii(outlet))[:16] or "src"
    base = f"{initials}{published[:4]}{outlet_key}"
    if base not in taken:
        return base
    return next(f"{base}{letter}" for letter in "bcdefghijklmnopqrstuvwxyz" if f"{base}{letter}" not in taken)


def _next_file_number(sources: pd.DataFrame) -> int:
    numbers = [int(n) for n in sources["file"].str.extract(r"^(\d{3})_", expand=False).dropna()]
    for folder in paths.sources_dirs():
        if folder.is_dir():
            numbers += [int(p.name[:3]) for p in folder.glob("[0-9][0-9][0-9]_*.txt")]
    return max(numbers, default=-1) + 1


def add_source(text_file: Path | None, *, province: str, published: str, published_basis: str, outlet: str = "",
               url: str = "", retrieved: str = "", number_format: str = "vi", source_id: str = "", title: str = "",
               author: str = "", site: str = "", page_date: str = "", province_basis: str = "",
               approximate: bool = False, note: str = "", store_text: bool = True,
               raw_dir: Path | None = None) -> NewSource:
    """Register an article: copy its text into a sources folder (unless not stored) and append its source row.

    Without a stored text the source is a public web page: ``url`` and ``retrieved`` are then required.
    The province is checked against provinces.csv; when the text names it, the attribution says so.
    """
    from analysis.ingest.provinces import resolve_province

    raw_dir = Path(raw_dir) if raw_dir is not None else paths.RAW
    layer = load_raw_layer(raw_dir)
    province_id = resolve_province(province, layer.provinces)
    province_name = layer.provinces.set_index("province_id").at[province_id, "name_vi"]
    date, precision = publication(published)
    precision = "approximate" if approximate else precision
    text = None
    if text_file is not None:
        raw = Path(text_file).read_bytes()
        try:
            text = nfc(raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
        except UnicodeDecodeError as err:
            raise ValueError(f"{text_file}: not UTF-8 text (byte {raw[err.start]:#04x} at {err.start}); "
                             "save the page as UTF-8 text") from None
    if not province_basis:
        if text is None:
            raise ValueError(f"no text was given, so nothing shows the source is about {province_name}: say how the "
                             "province was attributed (--province-basis 'named in the page title', 'the outlet is the "
                             "province's newspaper', …), or give the page text as TEXT_FILE (with --no-store it is "
                             "read to find the province, never stored; accept checks the locators against it "
                             "with --text)")
        if fold(province_name).lower() in fold(text).lower():
            province_basis = f"named in the text ({province_name})"
        else:
            raise ValueError(f"the text does not name {province_name}: say how the province was attributed "
                             "(--province-basis 'the outlet is the province's newspaper', …)")
    if not outlet:
        if not url:
            raise ValueError("--outlet is required when there is no --url to name the site")
        outlet = re.sub(r"^https?://", "", url).split("/")[0].split(":")[0]
        note = " ".join(filter(None, [note, "Outlet: named by its web address (none given)."]))
    if not site and url:
        site = re.sub(r"^https?://", "", url).split("/")[0].split(":")[0]
    stored = text is not None and store_text
    if not stored and not (url and retrieved):
        raise ValueError("a source whose text is not stored is a public web page: give --url and --retrieved "
                         "(the date you read it, YYYY-MM-DD)")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest() if stored else ""
    file = f"{_next_file_number(layer.sources):03d}_{sha[:16]}.txt" if stored else ""
    source_id = source_id or new_source_id(province_id, date, outlet, url, set(layer.sources["source_id"]))
    row = {
        "source_id": source_id, "file": file, "sha256": sha, "title": title, "outlet": outlet, "site": site,
        "url": url, "retrieved": retrieved, "author": author, "published": date, "published_precision": precision,
        "published_basis": published_basis, "page_date_as_printed": page_date, "number_format": number_format,
        "province": province_name, "province_attribution": province_basis, "note": note,
    }
    row = {column: nfc(" ".join(str(value).split())) for column, value in row.items()}
    sources = pd.concat([layer.sources, pd.DataFrame([row])], ignore_index=True)[list(SOURCES.columns)]
    _check_in_copy(raw_dir, {SOURCES.file: sources})
    target = None
    if stored:
        target = paths.writable_sources_dir() / file
        write_text_atomic(text, target)
    write_csv_atomic(sources, raw_dir / SOURCES.file)
    return NewSource(row=row, text_path=target)


# --- accept -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Accepted:
    """What accept did: the rows appended (with their new ids), the rows cleaning would reject, and the
    sources whose locators no text checked."""

    rows: pd.DataFrame
    would_be_rejected: pd.DataFrame
    unchecked: tuple[str, ...] = ()  # sources whose quotes were not checked (no text, check_text=False)


def read_draft(path: Path) -> pd.DataFrame:
    """A draft CSV (extract's output, reviewed): text cells, the columns of figures.csv it has."""
    draft = _read(Path(path))
    missing = [c for c in DRAFT_REQUIRED if c not in draft.columns]
    if missing:
        raise DataError([Problem(str(path), "missing column (a draft has the columns of data/raw/figures.csv; "
                                            "extract writes them)", line=1, column=c) for c in missing])
    for column in FIGURES.columns:
        if column not in draft.columns:
            draft[column] = ""
    return draft


def assign_ids(draft: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """``<source_id>-NN`` in draft order, continuing after each source's highest number."""
    highest = (figures["figure_id"].str.rsplit("-", n=1).str[-1].where(figures["figure_id"].str.contains("-"))
               .pipe(pd.to_numeric, errors="coerce").groupby(figures["source_id"]).max())
    start = draft["source_id"].map(highest).fillna(0).astype(int)
    number = start + draft.groupby("source_id").cumcount() + 1
    return draft["source_id"] + "-" + number.map("{:02d}".format)


def accept(draft_path: Path, *, raw_dir: Path | None = None, text_file: Path | None = None,
           allow_rejected: bool = False, again: bool = False, check_text: bool = True) -> Accepted:
    """Append the draft's rows to figures.csv: every row coded, new, the layer valid, the quotes found, or nothing.

    Rows with an empty ``indicator_id`` are refused with their line numbers (fill it from
    ``indicator_candidates`` or delete the row). Rows already in figures.csv (:data:`SAME_FIGURE`) are
    refused, naming the accepted row, unless ``again``. The quotes are checked against the stored text,
    or ``text_file`` (a web page whose text is not stored); a source with neither is refused unless
    ``check_text`` is False (then ``Accepted.unchecked`` names it). Rows that cleaning would reject are
    refused too, naming the cell, the reason and what to do (:data:`REJECTED_POLICY`), unless
    ``allow_rejected``.
    """
    from analysis.ingest import articles
    from analysis.clean.figures import clean

    raw_dir = Path(raw_dir) if raw_dir is not None else paths.RAW
    try:
        layer = load_raw_layer(raw_dir)
    except DataError as err:
        raise explain(err) from None
    draft = read_draft(draft_path)
    name = str(draft_path)
    problems = [Problem(name, "no indicator_id: fill it (see indicator_candidates) or delete the row", line=i + 2,
                        column="indicator_id", value=draft.at[i, "value_as_written"])
                for i in draft.index[draft["indicator_id"].str.strip() == ""]]
    problems += [Problem(name, "unknown source_id: run add-source first", line=i + 2, column="source_id",
                         value=draft.at[i, "source_id"])
                 for i in draft.index[~draft["source_id"].isin(set(layer.sources["source_id"]))]]
    if problems:
        raise DataError(problems)
    draft = draft.assign(figure_id=assign_ids(draft, layer.figures))
    rows = draft[list(FIGURES.columns)].map(lambda v: nfc(" ".join(str(v).split())))
    if not again:
        repeated = already_accepted(rows, layer.figures, name)
        if repeated:
            raise Refused(repeated, "Nothing was written. Accepting a draft twice would enter its figures twice "
                                    "under new ids; --again accepts such rows all the same.")
    texts = _texts_for(rows, layer.sources, text_file)
    unchecked = sorted(set(rows["source_id"]) - set(texts))
    if unchecked and check_text:
        raise Refused([_no_text_problem(name, sid, layer.sources) for sid in unchecked],
                      "Nothing was written. The locators prove where each figure is in its text: give the text with "
                      "--text, or pass --no-text-check to accept the rows unchecked (validate cannot check them later).")
    figures = pd.concat([layer.figures, rows], ignore_index=True)[list(FIGURES.columns)]
    new_ids = dict(zip(rows["figure_id"], rows.index + 2))
    identical = [Problem(name, p.reason.replace("delete one of them (and any correction that names it)",
                                                "a raw row is never entered twice, even with --again"),
                         line=new_ids[p.row_id], column="locator", value=rows.at[new_ids[p.row_id] - 2, "locator"])
                 for p in duplicate_figures(figures) if p.row_id in new_ids]
    if identical:
        raise DataError(identical)
    _check_in_copy(raw_dir, {FIGURES.file: figures})

    # the quotes against the text: the stored one, or the one given for a page that is not stored
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "raw"
        shutil.copytree(raw_dir, copy)
        write_csv_atomic(figures, copy / FIGURES.file)
        checked = load_raw_layer(copy)
        quotes = [p for p in articles.check_quotes(checked, texts) if p.row_id in set(rows["figure_id"])]
        if quotes:
            raise DataError(quotes)
        result = clean(checked)
    rejected = result.rejected[result.rejected["figure_id"].isin(set(rows["figure_id"]))]
    if len(rejected) and not allow_rejected:
        line = dict(zip(rows["figure_id"], rows.index + 2))  # the draft's own lines
        refused = []
        for r in rejected.itertuples():
            column = rejected_cell(r.stage, r.reason)
            refused.append(Problem(name, f"cleaning would reject it ({r.stage}): {r.reason}"
                                         f"{rejection_hint(r.stage, r.reason)}", line=int(line[r.figure_id]),
                                   row_id=r.figure_id, column=column, value=getattr(r, column)))
        raise Refused(refused, "Nothing was written. " + REJECTED_POLICY)
    write_csv_atomic(figures, raw_dir / FIGURES.file)
    return Accepted(rows=rows, would_be_rejected=rejected, unchecked=tuple(unchecked))


def _texts_for(rows: pd.DataFrame, sources: pd.DataFrame, text_file: Path | None) -> dict[str, Path]:
    """source_id → the text its quotes are checked against: ``text_file`` where given (for a stored text,
    only if it is that text), else the stored text where it is on this machine."""
    from analysis.ingest import articles

    named = sources[sources["source_id"].isin(set(rows["source_id"]))]
    texts = articles.available_articles(named)
    if text_file is None:
        refused = articles.refused_texts(named)
        if refused:
            raise DataError(refused)
        return texts
    given = Path(text_file)
    body = nfc(given.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    recorded = dict(zip(sources["source_id"], sources["sha256"]))
    problems = [Problem(str(given), f"not the stored text of {sid} (its SHA-256 is {digest}, sources.csv records "
                                    f"{recorded[sid]}): give that text, or none", column="sha256", value=digest)
                for sid in sorted(set(rows["source_id"])) if recorded.get(sid) and recorded[sid] != digest]
    if problems:
        raise DataError(problems)
    texts.update({sid: given for sid in set(rows["source_id"])})
    return texts


def _no_text_problem(name: str, source_id: str, sources: pd.DataFrame) -> Problem:
    row = sources.set_index("source_id").loc[source_id]
    if not row["file"]:
        reason = ("a web page whose text is not stored: its locators can be checked only against the page text, "
                  "given with --text PAGE.txt (read, never stored)")
    else:
        folders = ", ".join(str(f) for f in paths.sources_dirs())
        reason = (f"its stored text {row['file']} is in none of the sources folders ({folders}): set "
                  f"${paths.SOURCES_ENV} to its folder, or give it with --text")
    return Problem(name, reason, column="source_id", value=source_id)


#: The raw column each cleaning stage reads (for messages that point at the cell to fix).
STAGE_COLUMN = {"value": "value_as_written", "period": "period_as_written", "comparison": "comparison_as_written",
                "unit": "unit_as_written", "rules": "value_as_written"}
