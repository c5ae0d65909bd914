"""What the steps of ``make report`` do, also the command line's commands: validate the raw layer, run a
notebook, build a province's PDF in one language.

Why a module of its own: the pipeline (:mod:`analysis.run.pipeline`) and the command line
(:mod:`analysis.__main__`) both call these; the command line sits on top and is imported by nothing.
Heavy modules (pandas, papermill) are imported inside the functions: a no-op ``make report`` pays
for none of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis import paths


def validate(raw_dir: Path, sources_dir: Path | None = None, parse: bool = True) -> int:
    """Check the raw files, the rows cleaning would reject (``parse``), and the provenance where the texts are.

    ``make report`` leaves the parsing to its cleaning step, which shows the rejected rows anyway.
    """
    from analysis.ingest import articles
    from analysis.core.errors import DataError
    from analysis.intake.register import duplicate_figures, explain
    from analysis.ingest.rawdata import FIGURES, SOURCES, load_raw_layer

    try:
        layer = load_raw_layer(raw_dir)
    except DataError as err:
        print(explain(err), file=sys.stderr)
        return 1
    twice = duplicate_figures(layer.figures, paths.relative(Path(raw_dir) / FIGURES.file))
    if twice:
        print(DataError(twice), file=sys.stderr)
        return 1
    print(f"raw layer: {len(layer.figures)} figures from {len(layer.sources)} sources, "
          f"{len(layer.indicators)} indicators, {len(layer.provinces)} provinces: valid")
    if parse:
        report_parsing(layer, raw_dir)
    unnamed = sorted(set(layer.figures["breakdown"]) - set(layer.breakdowns["breakdown"]) - {""})
    if unnamed:
        from analysis.core.errors import quote
        from analysis.ingest.rawdata import BREAKDOWNS

        print(f"breakdowns: {len(unnamed)} without a name in {paths.relative(Path(raw_dir) / BREAKDOWNS.file)} "
              f"(reports show them as written): " + ", ".join(quote(b) for b in unnamed))
    unused = unused_indicators(layer)
    if unused:
        from analysis.ingest.rawdata import INDICATORS

        print(f"indicators: {len(unused)} in {paths.relative(Path(raw_dir) / INDICATORS.file)} that no figure uses yet "
              "(fine before an article's figures are accepted; otherwise a typo'd id?): " + ", ".join(unused))
    folders = [sources_dir] if sources_dir is not None else paths.sources_dirs()
    refused = articles.refused_texts(layer.sources, folders, paths.relative(Path(raw_dir) / SOURCES.file))
    if refused:
        print(DataError(refused), file=sys.stderr)
        return 1
    found = articles.available_articles(layer.sources, folders)
    pages = articles.unstored_sources(layer.sources)
    unchecked = layer.figures["source_id"].isin(set(pages["source_id"])).sum()
    page_note = (f"; {len(pages)} source(s) are web pages whose text is not stored: their {unchecked} "
                 "locators are checked only when accepted with --text" if len(pages) else "")
    if not found:
        where = ", ".join(str(f) for f in folders)
        print(f"provenance: no article texts in {where} (set ${paths.SOURCES_ENV}); "
              f"locators and hashes not checked{page_note}")
        return 0
    problems = articles.check_hashes(layer.sources, found, raw_dir) + articles.check_quotes(layer, found, raw_dir)
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    checked = layer.figures["source_id"].isin(found.keys()).sum()
    stored = (layer.sources["file"] != "").sum()
    missing = stored - len(found)
    print(f"provenance: {len(found)}/{stored} stored article texts found and match their SHA-256"
          + (f" ({missing} not on this machine: their locators are not checked)" if missing else "")
          + f"; {checked} locators found in their articles{page_note}")
    return 0


def unused_indicators(layer) -> list[str]:
    """Codebook entries no figure uses and no relation derives (a share_of/per_100_of indicator is derived)."""
    from analysis.core.vocabulary import DERIVING_RELATIONS

    relations = layer.relations
    derived = relations.loc[relations["relation"].isin(DERIVING_RELATIONS), "indicator_id"]
    return sorted(set(layer.indicators["indicator_id"]) - set(layer.figures["indicator_id"]) - set(derived))


def report_parsing(layer, raw_dir: Path = paths.RAW) -> int:
    """Run the cleaning parsers over the raw rows; print every row they would reject, with the reason
    (naming figures.csv of ``raw_dir``, the folder the layer was read from)."""
    from analysis.clean.figures import clean
    from analysis.core.errors import Problem
    from analysis.intake.register import rejected_cell
    from analysis.ingest.rawdata import FIGURES

    result = clean(layer)
    rejected = result.rejected
    if rejected.empty:
        print(f"parsing: all {len(layer.figures)} raw figures clean")
        return 0
    line = dict(zip(layer.figures["figure_id"], layer.figures.index + 2))
    name = paths.relative(Path(raw_dir) / FIGURES.file)
    print(f"parsing: {len(rejected)} raw figure(s) would be rejected by cleaning (rejected.csv keeps them with the "
          "reason; a wrong reading is fixed by a declared correction, see data/README.md):")
    for r in rejected.itertuples():
        column = rejected_cell(r.stage, r.reason)
        print(f"  - {Problem(name, f'{r.stage}: {r.reason}', int(line[r.figure_id]), r.figure_id, column, getattr(r, column))}")
    return len(rejected)


def report_target(province: str, lang: str):
    """(province_id, Vietnamese name, the executed notebook of this report) or a DataError/ValueError."""
    from analysis.report.labels import check_lang
    from analysis.ingest.provinces import resolve_province
    from analysis.ingest.rawdata import load_raw_layer
    from analysis.analyze.selection import figure_places, select_provinces

    layer = load_raw_layer()
    province_id = select_provinces(province, layer.provinces, figure_places(layer), sources=layer.sources,
                                   accept_all=False)[0]
    check_lang(lang)
    name = layer.provinces.set_index("province_id").at[province_id, "name_vi"]
    report = paths.NOTEBOOKS / "03_report.ipynb"
    defaults = notebook_defaults(report)
    if (resolve_province(defaults["province"], layer.provinces), defaults["lang"]) == (province_id, lang):
        return province_id, name, report  # the committed notebook holds this run (its own step runs it)
    return province_id, name, paths.PROJECT_ROOT / "build" / "report" / f"{province_id}.{lang}.ipynb"


def report_language(province: str, lang: str, kernel=None) -> int:
    """The PDF of one province in one language: the report notebook executed for it, then converted.

    The committed notebook's own province and language are not executed again (the 03_report step
    runs it); any other goes to build/report/ (on ``kernel`` if one was started for it). The PDF's
    pages are checked: whatever runs past a margin is printed as a warning.
    """
    from analysis.core.errors import DataError
    from analysis.report.labels import text
    from analysis.report.pdf import PdfError, layout_problems, notebook_to_pdf

    try:
        province_id, name, executed = report_target(province, lang)
    except (DataError, ValueError) as err:
        print(err, file=sys.stderr)
        if kernel is not None:
            kernel.close()
        return 1
    if executed != paths.NOTEBOOKS / "03_report.ipynb":
        code = run_notebook(paths.NOTEBOOKS / "03_report.ipynb", executed, {"province": name, "lang": lang}, kernel)
        if code:
            return code
    elif kernel is not None:
        kernel.close()
    suffix = "" if lang == "en" else f".{lang}"
    try:
        pdf = notebook_to_pdf(executed, paths.REPORTS / f"{province_id}{suffix}.pdf",
                              text("report_title", lang, province=name), lang)
    except PdfError as err:
        print(f"pdf: {err}", file=sys.stderr)
        return 1
    print(f"wrote {paths.relative(pdf)}")
    for problem in layout_problems(pdf):
        print(f"warning: {problem}", file=sys.stderr)
    return 0


def build_pdfs(province: str, langs: list[str]) -> int:
    """``python -m analysis pdf``: the PDF of ``province`` in each language (see :func:`report_language`)."""
    for lang in langs:
        if code := report_language(province, lang):
            return code
    return 0


def notebook_defaults(notebook: Path) -> dict[str, str]:
    """The default values of a notebook's parameters cell (string parameters only)."""
    import ast

    import papermill

    found = papermill.inspect_notebook(str(notebook))
    values = {name: ast.literal_eval(spec["default"]) for name, spec in found.items()}
    return {name: value for name, value in values.items() if isinstance(value, str)}


def run_notebook(notebook: Path, output: Path | None, parameters: dict[str, str], kernel=None) -> int:
    """Execute one notebook (on ``kernel`` if one was started for it); every failure in one line, no traceback:
    a path that is not a notebook, a parameter it does not declare (before a kernel starts), a failing
    cell, an output that cannot be written."""
    from jupyter_client.kernelspec import NoSuchKernel
    from papermill.exceptions import PapermillExecutionError

    from analysis.core.errors import shorten
    from analysis.run.interrupt import Interrupted, pressed
    from analysis.run.notebooks import NotebookError, check_parameters, execute
    from analysis.run.parameters import UnknownParameterError

    try:
        check_parameters(notebook, parameters)
    except (NotebookError, UnknownParameterError) as err:
        if kernel is not None:
            kernel.close()
        print(err, file=sys.stderr)
        return 1
    try:
        saved = execute(notebook, output, parameters, kernel)
    except Interrupted:
        raise KeyboardInterrupt from None
    except PapermillExecutionError as err:
        if pressed():  # the cell stopped because Ctrl-C interrupted the kernel
            raise KeyboardInterrupt from None
        print(f"{notebook}: cell {err.exec_count} failed: {err.ename}: {shorten(err.evalue, 2000)}", file=sys.stderr)
        return 1
    except NoSuchKernel as err:
        print(f"{notebook}: asks for the kernel {err.name!r}, which is not installed here (make venv installs "
              "'vn-dx')", file=sys.stderr)
        return 1
    except OSError as err:  # the executed notebook could not be saved (a folder in the way, no space, read-only)
        print(f"{notebook}: cannot write {err.filename or output or notebook} ({err.strerror or err}): choose a "
              "writable -o path, or free the space", file=sys.stderr)
        return 1
    print(f"executed {paths.relative(saved)}")
    return 0
