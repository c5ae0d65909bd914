"""PDF reports from executed report notebooks: notebook → Markdown → typst (pandoc) → PDF (typst).

Everything runs offline from PyPI packages: pandoc from pypandoc-binary, the typst compiler from
typst. Code cells, the parameters and papermill's injected cell are left out; only their outputs
(Markdown text, tables, figures) and the notebook's report text are kept. The only font is
DejaVu Sans shipped with matplotlib (every Vietnamese letter), and system fonts are ignored, so
the PDF is the same on every machine; its date is unset, so it is byte-identical on re-runs.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import matplotlib
import nbformat

#: Cells with these tags never reach the PDF.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-from-report"})

TEMPLATE = r"""#set document(title: "$title$", date: none)
#set page(paper: "a4", margin: (x: 1.8cm, top: 1.8cm, bottom: 2cm), numbering: "1 / 1")
#set text(font: "DejaVu Sans", size: 9.5pt, lang: "$lang$")
#set par(justify: false, leading: 0.6em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): it => block(above: 1.4em, below: 0.8em, text(size: 12pt, it.body))
#set table(stroke: 0.4pt + luma(170), inset: 4pt)
#show table: set text(size: 7.5pt)
#show figure: set block(breakable: true)

$body$
"""


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


def markdown_to_typst(markdown: str, title: str, lang: str) -> str:
    """Pandoc's typst writer with the project's A4 template."""
    import pypandoc

    with tempfile.TemporaryDirectory() as scratch:
        template = Path(scratch) / "report.typ"
        template.write_text(TEMPLATE, encoding="utf-8")
        return pypandoc.convert_text(
            markdown, "typst", format="markdown",
            extra_args=["--standalone", f"--template={template}", f"--metadata=title:{title}",
                        f"--metadata=lang:{lang}", "--wrap=none"],
        )


def notebook_to_pdf(notebook_path: Path, pdf_path: Path, title: str, lang: str) -> Path:
    """Build ``pdf_path`` from an executed report notebook."""
    import typst

    notebook = nbformat.read(str(notebook_path), as_version=4)
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        build = Path(scratch)
        source = build / "report.typ"
        source.write_text(markdown_to_typst(notebook_markdown(notebook, build), title, lang), encoding="utf-8")
        typst.compile(str(source), output=str(pdf_path), root=str(build), font_paths=[str(font_folder())],
                      ignore_system_fonts=True)
    return pdf_path
