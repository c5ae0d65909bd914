"""Random damage to the raw files: a clear error naming the file, or rows rejected, never a traceback.

A small valid raw layer (tests/helpers.py) is copied into a scratch folder and one to three of its
files are damaged the ways files get damaged by hand or on their way to disk: cut at a random byte,
an invalid UTF-8 byte, a line in the wrong encoding, a stray quote, a row repeated (its id twice), CR LF line ends, the final
newline removed, a column dropped. Then ``validate`` (``make validate``), ``load_raw_layer`` and the
cleaning step must either refuse the layer with the project's DataError, every problem naming a raw
file, or account for every raw row: raw figure rows = clean + rejected, in memory and in the files
written. A file damaged once in a way data/README.md forbids is always refused, naming it.
"""

from __future__ import annotations

import csv
import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Callable

from hypothesis import event, given, settings
from hypothesis import strategies as st

from analysis.__main__ import validate
from analysis.clean.figures import clean, write
from analysis.core.errors import DataError
from analysis.core.tables import read_processed
from analysis.ingest.rawdata import load_raw_layer
from helpers import SMALL_RAW_LAYER, small_raw_layer

FILES = sorted(SMALL_RAW_LAYER)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def truncate(data: bytes, at: int) -> tuple[bytes, bool]:
    """Cut at a byte; refused for sure only if the cut is not at a line end (or leaves nothing)."""
    cut = data[: at % (len(data) + 1)]
    return cut, cut != data and (cut == b"" or not cut.endswith(b"\n"))


def invalid_utf8(data: bytes, at: int) -> tuple[bytes, bool]:
    i = at % (len(data) + 1)
    return data[:i] + b"\xff" + data[i:], True


def stray_quote(data: bytes, at: int) -> tuple[bytes, bool]:
    """A '"' somewhere: inside an unquoted cell it is a character like any other, so it may pass."""
    i = at % (len(data) + 1)
    return data[:i] + b'"' + data[i:], False


def _data_line(data: bytes, at: int) -> tuple[list[bytes], int | None]:
    """The file's lines and the index of one non-empty data line chosen by ``at`` (None: there is none)."""
    lines = _lines(data)
    rows = [i for i in range(1, len(lines)) if lines[i]]
    return lines, (rows[at % len(rows)] if rows else None)


def mojibake(data: bytes, at: int) -> tuple[bytes, bool]:
    """One data line's UTF-8 read as Latin-1 and saved again ("Bắc Kạn" → "BÄ\x83c") : valid UTF-8, wrong text."""
    lines, i = _data_line(data, at)
    if i is None:
        return data, False
    lines[i] = lines[i].decode("latin-1").encode("utf-8")
    return b"\n".join(lines), False


def duplicate_row(data: bytes, at: int) -> tuple[bytes, bool]:
    """A data line written twice: its id (or its key) twice."""
    lines, i = _data_line(data, at)
    if i is None:
        return data, False
    return b"\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1:]), True


def crlf(data: bytes, at: int) -> tuple[bytes, bool]:
    """CR LF line ends: in the whole file (even ``at``) or on one line."""
    if at % 2 == 0 or b"\n" not in data:
        changed = data.replace(b"\n", b"\r\n")
    else:
        ends = [i for i, b in enumerate(data) if b == 10]
        i = ends[at % len(ends)]
        changed = data[:i] + b"\r" + data[i:]
    return changed, changed != data


def no_final_newline(data: bytes, at: int) -> tuple[bytes, bool]:
    changed = data.rstrip(b"\n")
    return changed, changed != data


def drop_column(data: bytes, at: int) -> tuple[bytes, bool]:
    """One column removed from every row (even ``at``: header too) or from one data row."""
    try:
        records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error):
        return data, False  # already damaged beyond reading: leave it
    if len(records) < 2 or not records[0]:
        return data, False
    column = at % len(records[0])
    if at % 2 == 0:
        records = [r[:column] + r[column + 1:] for r in records]
    else:
        row = 1 + (at // 2) % (len(records) - 1)
        records[row] = records[row][:column] + records[row][column + 1:]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    return buffer.getvalue().encode("utf-8"), True


MUTATIONS: tuple[Callable[[bytes, int], tuple[bytes, bool]], ...] = (
    truncate, invalid_utf8, mojibake, stray_quote, duplicate_row, crlf, no_final_newline, drop_column,
)

damage = st.lists(st.tuples(st.sampled_from(FILES), st.sampled_from(MUTATIONS), st.integers(0, 10**6)),
                  min_size=1, max_size=3)


def run_validate(raw: Path, texts: Path) -> tuple[int, str]:
    """``python -m analysis validate --raw RAW --sources TEXTS`` in this process: exit code and messages."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = validate(raw, texts)
    return code, err.getvalue()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(damage=damage)
def test_damaged_raw_files_give_a_clear_error_or_rejected_rows_never_a_traceback(damage):
    with tempfile.TemporaryDirectory() as scratch:
        raw = small_raw_layer(Path(scratch) / "raw")
        texts = Path(scratch) / "texts"
        texts.mkdir()
        touched: dict[str, list[bool]] = {}
        for file, mutate, at in damage:
            data, refused = mutate((raw / file).read_bytes(), at)
            (raw / file).write_bytes(data)
            touched.setdefault(file, []).append(refused)
        must_refuse = sorted(f for f, refusals in touched.items() if refusals == [True])

        code, messages = run_validate(raw, texts)
        assert code in (0, 1)
        try:
            layer = load_raw_layer(raw)
        except DataError as error:
            named = {Path(p.file).name for p in error.problems}
            assert error.problems and named <= set(FILES), f"problems must name raw files: {error}"
            assert code == 1 and all(name in messages for name in named), "validate names the same files"
            assert set(must_refuse) <= named, f"damage to {must_refuse} must be named: {error}"
            event("refused with a clear error")
            return
        assert not must_refuse, f"{must_refuse} damaged ({damage}) but accepted"
        assert code == 0 or "figures.csv" in messages

        result = clean(layer)
        assert len(result.reported) + len(result.rejected) == len(layer.figures), "raw = clean + rejected"
        assert set(result.reported["figure_id"]) | set(result.rejected["figure_id"]) == set(layer.figures["figure_id"])
        processed = Path(scratch) / "processed"
        write(result, processed)
        written = read_processed("figures", processed)
        assert ((written["origin"] == "reported").sum() + len(read_processed("rejected", processed))) == len(layer.figures)
        event("accepted: every raw row clean or rejected")
