"""Adding an article: register its source, then accept reviewed candidate figures, never half-written.

``add_source`` stores the text (when given) in a sources folder under the documented name
``NNN_<first 16 hex digits of its SHA-256>.txt`` and appends a row to data/raw/sources.csv;
``accept`` appends reviewed rows of a draft (from ``python -m analysis extract``) to
data/raw/figures.csv with ids assigned. Both validate the whole raw layer with the new rows in a
scratch copy first, and replace a raw file only by an atomic rename, so a failure leaves the
raw layer exactly as it was.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .errors import DataError, Problem
from .rawdata import FIGURES, SOURCES, load_raw_layer
from .tables import write_text_atomic
from .text import fold, nfc

#: The columns a draft must have to be accepted (the rest, like indicator_candidates, is dropped).
DRAFT_REQUIRED = ("source_id", "indicator_id", "kind", "value_as_written", "locator")


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
    raise ValueError(f"--published must be YYYY-MM-DD or YYYY-MM (a month only), not {value!r}")


def _ascii(text: str) -> str:
    """Vietnamese without diacritics, lower case, letters and digits only (for ids)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


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
    from .provinces import resolve_province

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
        if text is not None and fold(province_name).lower() in fold(text).lower():
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
    """What accept did: the rows appended (with their new ids) and the rows cleaning would reject."""

    rows: pd.DataFrame
    would_be_rejected: pd.DataFrame


def read_draft(path: Path) -> pd.DataFrame:
    """A draft CSV (extract's output, reviewed): text cells, the columns of figures.csv it has."""
    draft = _read(Path(path))
    missing = [c for c in DRAFT_REQUIRED if c not in draft.columns]
    if missing:
        raise DataError([Problem(str(path), f"missing column (a draft has the columns of data/raw/figures.csv; "
                                            f"extract writes them)", line=1, column=c) for c in missing])
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
           allow_rejected: bool = False) -> Accepted:
    """Append the draft's rows to figures.csv: every row coded, the layer valid, the quotes found, or nothing.

    Rows with an empty ``indicator_id`` are refused with their line numbers (fill it from
    ``indicator_candidates`` or delete the row). Rows that cleaning would reject are refused too,
    naming the reason and the accepted forms, unless ``allow_rejected``.
    """
    from . import articles
    from .clean import clean

    raw_dir = Path(raw_dir) if raw_dir is not None else paths.RAW
    layer = load_raw_layer(raw_dir)
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
    figures = pd.concat([layer.figures, rows], ignore_index=True)[list(FIGURES.columns)]
    _check_in_copy(raw_dir, {FIGURES.file: figures})

    # the quotes against the text: the stored one, or the one given for a page that is not stored
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "raw"
        shutil.copytree(raw_dir, copy)
        write_csv_atomic(figures, copy / FIGURES.file)
        checked = load_raw_layer(copy)
        texts = articles.available_articles(checked.sources)
        if text_file is not None:
            texts.update({sid: Path(text_file) for sid in set(rows["source_id"])})
        quotes = [p for p in articles.check_quotes(checked, texts) if p.row_id in set(rows["figure_id"])]
        if quotes:
            raise DataError(quotes)
        result = clean(checked)
    rejected = result.rejected[result.rejected["figure_id"].isin(set(rows["figure_id"]))]
    if len(rejected) and not allow_rejected:
        line = dict(zip(rows["figure_id"], rows.index + 2))  # the draft's own lines
        raise DataError([Problem(name, f"cleaning would reject it ({r.stage}): {r.reason}", line=int(line[r.figure_id]),
                                 row_id=r.figure_id, column=STAGE_COLUMN[r.stage],
                                 value=getattr(r, STAGE_COLUMN[r.stage]))
                         for r in rejected.itertuples()])
    write_csv_atomic(figures, raw_dir / FIGURES.file)
    return Accepted(rows=rows, would_be_rejected=rejected)


#: The raw column each cleaning stage reads (for messages that point at the cell to fix).
STAGE_COLUMN = {"value": "value_as_written", "period": "period_as_written", "comparison": "comparison_as_written",
                "unit": "unit_as_written", "rules": "value_as_written"}
