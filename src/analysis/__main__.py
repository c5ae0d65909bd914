"""Command line.

- ``python -m analysis validate``: check the raw layer and its provenance (``make validate``);
- ``python -m analysis run NOTEBOOK [-p NAME VALUE ...]``: execute a parameterized notebook with
  papermill in this process and save it with its outputs (``make report``);
- ``python -m analysis pdf --province NAME --lang en vi``: run the report notebook for a province
  and write ``reports/<province>.pdf`` (English) and ``reports/<province>.vi.pdf``;
- ``python -m analysis pipeline --province NAME --lang en vi``: every stale step of the above, in
  order, in this one process (``make report``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths

# Everything else is imported where it is used: `python -m analysis pipeline` with nothing to do
# must not pay for pandas, papermill and nbformat (seconds) just to find that out.


def validate(raw_dir: Path, sources_dir: Path) -> int:
    """Check the raw files, then the provenance against the article texts where they are available."""
    from . import articles
    from .errors import DataError
    from .rawdata import load_raw_layer

    try:
        layer = load_raw_layer(raw_dir)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"raw layer: {len(layer.figures)} figures from {len(layer.sources)} sources, "
          f"{len(layer.indicators)} indicators, {len(layer.provinces)} provinces: valid")
    found = articles.available_articles(layer.sources, sources_dir)
    if not found:
        print(f"provenance: no article texts in {sources_dir} (set ${paths.SOURCES_ENV}); "
              "locators and hashes not checked")
        return 0
    problems = articles.check_hashes(layer.sources, found) + articles.check_quotes(layer, found)
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    checked = layer.figures["source_id"].isin(found.keys()).sum()
    print(f"provenance: {len(found)}/{len(layer.sources)} article texts match their SHA-256; "
          f"{checked} locators found in their articles")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check data/raw and its provenance")
    check.add_argument("--raw", type=Path, default=paths.RAW, help="folder of the raw CSV files")
    check.add_argument("--sources", type=Path, default=None,
                       help=f"folder of the article texts (default: ${paths.SOURCES_ENV} or ../shared/sources)")
    run = commands.add_parser("run", help="execute a notebook with papermill and save its outputs")
    run.add_argument("notebook", type=Path)
    run.add_argument("-o", "--output", type=Path, default=None, help="where to save (default: over the input)")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    pdf = commands.add_parser("pdf", help="report notebook → PDF for one province, in one or more languages")
    pdf.add_argument("--province", default="Bắc Kạn")
    pdf.add_argument("--lang", nargs="+", default=["en", "vi"])
    pipeline = commands.add_parser("pipeline", help="run the stale steps of `make report` in this process")
    pipeline.add_argument("--province", default="Bắc Kạn")
    pipeline.add_argument("--lang", nargs="+", default=["en", "vi"])
    args = parser.parse_args(argv)
    if args.command == "pipeline":
        from .pipeline import run

        return run(args.province, args.lang)
    if args.command == "run":
        return run_notebook(args.notebook, args.output, dict(args.parameter))
    if args.command == "pdf":
        return build_pdfs(args.province, args.lang)
    return validate(args.raw, args.sources or paths.sources_dir())


def build_pdfs(province: str, langs: list[str]) -> int:
    """Execute notebooks/03_report.ipynb per language (copies in build/report/) and convert each to PDF."""
    from .errors import DataError
    from .labels import check_lang, text
    from .pdf import notebook_to_pdf
    from .provinces import resolve_province
    from .rawdata import load_raw_layer

    try:
        layer = load_raw_layer()
        province_id = resolve_province(province, layer.provinces)
        for lang in langs:
            check_lang(lang)
    except (DataError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    name = layer.provinces.set_index("province_id").at[province_id, "name_vi"]
    report = paths.NOTEBOOKS / "03_report.ipynb"
    defaults = notebook_defaults(report)
    for lang in langs:
        if (resolve_province(defaults["province"], layer.provinces), defaults["lang"]) == (province_id, lang):
            executed = report  # the committed notebook already holds this run (make report ran it first)
        else:
            executed = paths.PROJECT_ROOT / "build" / "report" / f"{province_id}.{lang}.ipynb"
            code = run_notebook(report, executed, {"province": name, "lang": lang})
            if code:
                return code
        suffix = "" if lang == "en" else f".{lang}"
        pdf = notebook_to_pdf(executed, paths.REPORTS / f"{province_id}{suffix}.pdf",
                              text("report_title", lang, province=name), lang)
        print(f"wrote {paths.relative(pdf)}")
    return 0


def notebook_defaults(notebook: Path) -> dict[str, str]:
    """The default values of a notebook's parameters cell (string parameters only)."""
    import ast

    import papermill

    found = papermill.inspect_notebook(str(notebook))
    values = {name: ast.literal_eval(spec["default"]) for name, spec in found.items()}
    return {name: value for name, value in values.items() if isinstance(value, str)}


def run_notebook(notebook: Path, output: Path | None, parameters: dict[str, str]) -> int:
    """Execute one notebook; a failing cell's error is printed without papermill's traceback."""
    from papermill.exceptions import PapermillExecutionError

    from .notebooks import execute

    try:
        saved = execute(notebook, output, parameters)
    except PapermillExecutionError as err:
        print(f"{notebook}: cell {err.exec_count} failed: {err.ename}: {err.evalue}", file=sys.stderr)
        return 1
    print(f"executed {paths.relative(saved)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
