"""PDF reports from executed report notebooks: notebook → Markdown → typst (pandoc) → PDF (typst).

A horizontal rule (``---`` in a Markdown output) starts a new page (unless one just began): the report
puts one before its figures, so the findings and tables flow together and the charts begin on a page of their own.

Everything runs offline from PyPI packages: pandoc from pypandoc-binary, the typst compiler from
typst. Code cells, the parameters and papermill's injected cell are left out; only their outputs
(Markdown text, tables, figures) and the notebook's report text are kept. The only font is
DejaVu Sans shipped with matplotlib (every Vietnamese letter), and system fonts are ignored, so
the PDF is the same on every machine; its date is unset, so it is byte-identical on re-runs.
"""

from __future__ import annotations

import base64
import re
import sys
import tempfile
import threading
from pathlib import Path

import matplotlib

# see analysis.run.notebooks: jsonschema would spend a second compiling a grammar no notebook needs
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402

#: Cells with these tags never reach the PDF.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-from-report"})

#: The page's margins in points (1 cm = 28.3465 pt): the layout check tests every object against them.
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 1.8 * 28.3465, 1.8 * 28.3465, 2.0 * 28.3465

#: The title reaches typst as a system input, never as template text, so no character of a province's
#: name can end the string it sits in.
TEMPLATE = r"""#set document(title: sys.inputs.at("title", default: none), date: none)
#set page(paper: "a4", margin: (x: 1.8cm, top: 1.8cm, bottom: 2cm), numbering: "1 / 1")
#set text(font: "DejaVu Sans", size: 9.5pt, lang: "$lang$")
#set par(justify: false, leading: 0.6em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): it => block(above: 1.4em, below: 0.8em, text(size: 12pt, it.body))
#set table(stroke: 0.4pt + luma(170), inset: 4pt)
#show table: set text(size: 7.5pt)
#set table.cell(breakable: false)
#show figure: set block(breakable: true)
#show figure.where(kind: table): set align(left)
#let horizontalrule = pagebreak(weak: true)

$body$
"""


#: Pandoc's Markdown without the extensions that pass text through as typst, LaTeX or HTML, or read
#: it as citations, maths or typographic quotes: whatever a cell from the data holds, typst receives it as escaped text.
READER = "markdown-raw_attribute-raw_html-raw_tex-citations-tex_math_dollars-native_divs-native_spans-smart"


class PdfError(RuntimeError):
    """A PDF that could not be made, in one line: which file, why, and what to do. Nothing is half-written."""


def _cannot_write(pdf_path: Path, err: OSError) -> PdfError:
    """The one-line message for a PDF path the OS refuses (read-only, a file or folder in the way, disk full)."""
    where = Path(err.filename2 or err.filename or Path(pdf_path).parent)  # os.replace names the target second
    return PdfError(f"cannot write {pdf_path} ({err.strerror or err}: {where}): make {Path(pdf_path).parent} a "
                    "writable folder (remove a file or folder in the way, free some space), then run it again")


def font_folder() -> Path:
    """matplotlib's bundled fonts (DejaVu Sans among them): installed wherever the project is."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def notebook_markdown(notebook: nbformat.NotebookNode, media: Path) -> str:
    """The report's Markdown: markdown cells, and the Markdown and PNG outputs of code cells.

    PNG outputs are written to ``media`` as ``figure-N.png`` and linked at full text width.
    """
    media.mkdir(parents=True, exist_ok=True)
    blocks: list[str] = []
    count = 0
    for cell in notebook.cells:
        if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            blocks.append(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                count += 1
                path = media / f"figure-{count}.png"
                path.write_bytes(base64.b64decode(data["image/png"]))
                blocks.append(f"![]({path.name}){{width=100%}}")
            elif "text/markdown" in data:
                blocks.append(data["text/markdown"])
    return "\n\n".join(blocks) + "\n"


def markdown_to_typst(markdown: str, lang: str) -> str:
    """Pandoc's typst writer with the project's A4 template; ``lang`` is checked (en or vi)."""
    from analysis.report.labels import check_lang

    check_lang(lang)
    import pypandoc

    from analysis.core.errors import shorten

    with tempfile.TemporaryDirectory() as scratch:
        template = Path(scratch) / "report.typ"
        template.write_text(TEMPLATE, encoding="utf-8")
        try:
            return pypandoc.convert_text(
                markdown, "typst", format=READER,
                extra_args=["--standalone", f"--template={template}", f"--metadata=lang:{lang}", "--wrap=none",
                            "--columns=100000"],
            )
        except (RuntimeError, OSError) as err:  # pandoc missing, or failing on the Markdown
            raise PdfError(f"pandoc failed: {shorten(' '.join(str(err).split()), 300)}; reinstall the venv "
                           "(make clean venv) if pandoc is missing") from None


def markdown_to_pdf(markdown: str, pdf_path: Path, title: str, lang: str, media: Path | None = None) -> Path:
    """Compile report Markdown (images relative to ``media``) to ``pdf_path``, written atomically.

    Raises :class:`PdfError` in one line where pandoc or typst fail or ``pdf_path`` cannot be written;
    the previous PDF, if any, is then left as it was.
    """
    import typst

    from analysis.core.errors import shorten
    from analysis.core.tables import replace_atomically

    with tempfile.TemporaryDirectory() as scratch:
        build = Path(media) if media is not None else Path(scratch)
        source = build / "report.typ"
        try:
            source.write_text(markdown_to_typst(markdown, lang), encoding="utf-8")
        except PdfError as err:
            raise PdfError(f"cannot make {pdf_path}: {err}") from None
        try:
            with replace_atomically(Path(pdf_path)) as target:
                typst.compile(str(source), output=str(target), root=str(build), font_paths=[str(font_folder())],
                              ignore_system_fonts=True, sys_inputs={"title": title})
        except typst.TypstError as err:
            first = next((line.strip() for line in str(err).splitlines() if line.strip()), type(err).__name__)
            raise PdfError(f"cannot make {pdf_path}: typst failed: {shorten(first, 300)}; the previous PDF is "
                           "unchanged; run `make report` again, and report this error if it stays") from None
        except OSError as err:
            raise _cannot_write(Path(pdf_path), err) from None
    return Path(pdf_path)


def notebook_to_pdf(notebook_path: Path, pdf_path: Path, title: str, lang: str) -> Path:
    """Build ``pdf_path`` from an executed report notebook (:class:`PdfError` in one line where it cannot)."""
    try:
        notebook = nbformat.read(str(notebook_path), as_version=4)
    except (OSError, ValueError) as err:
        raise PdfError(f"cannot make {pdf_path}: the executed report {notebook_path} cannot be read "
                       f"({getattr(err, 'strerror', None) or type(err).__name__}); run `make report` again") from None
    with tempfile.TemporaryDirectory() as scratch:
        build = Path(scratch)
        return markdown_to_pdf(notebook_markdown(notebook, build), pdf_path, title, lang, media=build)


#: PDFium is not thread-safe (two documents read at once in two threads crash the process with
#: SIGTRAP), and the pipeline builds the two languages' PDFs in two threads: one reader at a time.
PDFIUM_LOCK = threading.Lock()


def layout_problems(pdf_path: Path, tolerance: float = 4.0) -> list[str]:
    """Objects (text, images, table lines) that run into a margin or off the page, one line each.

    Everything must lie inside the margins of :data:`TEMPLATE`, except the page number in the
    bottom margin. Typst never shrinks what does not fit: a figure taller than the page, or a table
    column that cannot wrap, runs past the margin, and this finds it. Uses pypdfium2 (no poppler).
    """
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(str(pdf_path))
        try:
            return _objects_outside(document, pdf_path, tolerance)
        finally:
            document.close()


def _objects_outside(document, pdf_path: Path, tolerance: float) -> list[str]:
    problems = []
    for number, page in enumerate(document, start=1):
        width, height = page.get_size()
        textpage = page.get_textpage()
        for item in page.get_objects(max_depth=5):
            left, bottom, right, top = item.get_bounds()
            inside = (left >= MARGIN_X - tolerance and right <= width - MARGIN_X + tolerance
                      and top <= height - MARGIN_TOP + tolerance and bottom >= MARGIN_BOTTOM - tolerance)
            if inside:
                continue
            words = textpage.get_text_bounded(left, bottom, right, top).strip()
            if top < MARGIN_BOTTOM and left >= MARGIN_X and re.fullmatch(r"\d+ / \d+", words):
                continue  # the page number
            problems.append(f"{Path(pdf_path).name}, page {number}: an object at ({left:.0f}, {bottom:.0f})–"
                            f"({right:.0f}, {top:.0f}) pt runs past the margins ({words[:60]!r})")
    return problems


def page_text(pdf_path: Path, page: int = 1) -> str:
    """The text of one page (1 = the first), whitespace collapsed: what a reader can select and copy."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(str(pdf_path))
        try:
            return " ".join(document[page - 1].get_textpage().get_text_range().split())
        finally:
            document.close()
