"""A PDF that cannot be made says so in one line, naming the file and what to do; nothing half-written."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from analysis.report.pdf import PdfError, markdown_to_pdf

MARKDOWN = "# A title\n\nSome text.\n"


def one_line(message: str) -> str:
    assert "\n" not in message.strip() and "Traceback" not in message, message
    return message.strip()


def test_a_pdf_path_inside_a_file_is_a_clear_error(tmp_path: Path):
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(PdfError) as caught:
        markdown_to_pdf(MARKDOWN, blocker / "bac-kan.pdf", "t", "en")
    message = one_line(str(caught.value))
    assert f"cannot write {blocker / 'bac-kan.pdf'}" in message and "writable" in message
    assert blocker.read_text() == "a file where the folder should be"


def test_a_pdf_path_that_is_a_folder_is_a_clear_error(tmp_path: Path):
    target = tmp_path / "bac-kan.pdf"
    target.mkdir()
    with pytest.raises(PdfError) as caught:
        markdown_to_pdf(MARKDOWN, target, "t", "en")
    assert f"cannot write {target}" in one_line(str(caught.value))
    assert target.is_dir() and list(tmp_path.iterdir()) == [target]  # no scratch file left beside it


def test_typst_failing_is_a_clear_error(tmp_path: Path, monkeypatch):
    import typst

    def failing(*args, **kwargs):
        raise typst.TypstError("unknown font family: dejavu sans\n  hint: a second line")

    monkeypatch.setattr(typst, "compile", failing)
    with pytest.raises(PdfError) as caught:
        markdown_to_pdf(MARKDOWN, tmp_path / "r.pdf", "t", "en")
    message = one_line(str(caught.value))
    assert f"{tmp_path / 'r.pdf'}" in message and "typst failed: unknown font family: dejavu sans" in message
    assert not list(tmp_path.iterdir())


def test_the_pdf_command_reports_an_unwritable_reports_folder_in_one_line(tmp_path: Path, monkeypatch):
    from analysis import paths
    from analysis.__main__ import main

    blocker = tmp_path / "reports"
    blocker.write_text("x")
    monkeypatch.setattr(paths, "REPORTS", blocker)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["pdf", "--province", "Bắc Kạn", "--lang", "en"])
    assert code == 1
    assert one_line(err.getvalue()).startswith(f"pdf: cannot write {blocker}/")
