"""Command line.

- ``python -m analysis validate``: check the raw layer and its provenance, and run the cleaning
  parsers over every raw row to name those they would reject (``make validate``);
- ``python -m analysis add-source TEXT_FILE --province … --published … --published-basis …``:
  register an article (its text copied into a sources folder, a row appended to sources.csv);
- ``python -m analysis extract TEXT_FILE [--source-id ID] [-o draft.csv]``: candidate figures of an
  article, one per row, for review (by default in ``build/drafts/<ID>.draft.csv``, where
  notebooks/00_extract.ipynb writes it too);
- ``python -m analysis accept draft.csv [--text TEXT_FILE]``: append reviewed rows to figures.csv, ids
  assigned; never the same figure twice (``--again``), never unchecked quotes (``--no-text-check``);
- ``python -m analysis run NOTEBOOK [-p NAME VALUE ...]``: execute a parameterized notebook with
  papermill in this process and save it with its outputs (``make report``);
- ``python -m analysis pdf --province NAME --lang en vi``: run the report notebook for a province
  and write ``reports/<province>.pdf`` (English) and ``reports/<province>.vi.pdf``;
- ``python -m analysis pipeline --province NAME --lang en vi``: every stale step of the above, in
  order, in this one process (``make report``);
- ``python -m analysis docs``: regenerate datapackage.json and data/README.md's data dictionary from
  the table declarations (:mod:`analysis.docs.dictionary`; ``make docs``).
"""

from __future__ import annotations

import argparse
import sys

# see analysis.run.notebooks: jsonschema would spend a second compiling a grammar no notebook needs
sys.modules.setdefault("rfc3987_syntax", None)
from pathlib import Path

from analysis import paths
from analysis.run.actions import build_pdfs, run_notebook, validate

#: Where extract writes a draft by default (relative to the project root), as notebooks/00_extract.ipynb does.
DRAFTS = "build/drafts"

# Everything else is imported where it is used: `python -m analysis pipeline` with nothing to do
# must not pay for pandas, papermill and nbformat (seconds) just to find that out.


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check data/raw and its provenance")
    check.add_argument("--raw", type=Path, default=paths.RAW, help="folder of the raw CSV files")
    check.add_argument("--sources", type=Path, default=None,
                       help=f"folder of the article texts (default: the folders of ${paths.SOURCES_ENV}, then ../shared/sources)")
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
    add = commands.add_parser("add-source", help="register an article: copy its text, append its row to sources.csv")
    add.add_argument("text_file", type=Path, nargs="?", default=None,
                     help="the article as UTF-8 text; with --no-store, the page text, read (to find the province) "
                          "but not stored; may be omitted with --no-store and --province-basis")
    add.add_argument("--province", required=True, help="as in data/raw/provinces.csv (Bến Tre, bac-kan, …)")
    add.add_argument("--published", required=True, help="YYYY-MM-DD, or YYYY-MM when only the month is known")
    add.add_argument("--published-basis", required=True,
                     help="how the date was found: 'printed under the headline', 'from URL (…06122024…)', …")
    add.add_argument("--approximate", action="store_true", help="the date is inferred, not printed")
    add.add_argument("--url", default="")
    add.add_argument("--retrieved", default="", help="YYYY-MM-DD you read the page (web pages)")
    add.add_argument("--outlet", default="", help="publisher as named on the page (default: the web site)")
    add.add_argument("--number-format", choices=["vi", "en"], default="vi")
    add.add_argument("--id", default="", help="source id (default: province initials, year, outlet)")
    add.add_argument("--title", default="")
    add.add_argument("--author", default="")
    add.add_argument("--site", default="")
    add.add_argument("--page-date", default="", help="a date printed on the page, exactly as printed")
    add.add_argument("--province-basis", default="", help="how the province was attributed, if the text does not name it")
    add.add_argument("--note", default="")
    add.add_argument("--no-store", action="store_true",
                     help="do not keep the text (a public web page): url and retrieved are recorded instead")
    ext = commands.add_parser("extract", help="candidate figures of an article, as a draft CSV to review")
    ext.add_argument("text_file", type=Path)
    ext.add_argument("--source-id", default="", help="the source (add-source); its number format and date are used")
    ext.add_argument("--number-format", choices=["vi", "en"], default=None)
    ext.add_argument("-o", "--output", type=Path, default=None,
                     help=f"draft CSV (default: {DRAFTS}/<source id>.draft.csv, as notebooks/00_extract.ipynb; "
                          "'-' for standard output)")
    ext.add_argument("--overwrite", action="store_true",
                     help="replace an existing draft that differs (a draft being reviewed is kept otherwise)")
    acc = commands.add_parser("accept", help="append a reviewed draft's rows to data/raw/figures.csv")
    acc.add_argument("draft", type=Path)
    acc.add_argument("--text", type=Path, default=None,
                     help="the article's text, to check the locators of a web page whose text is not stored")
    acc.add_argument("--allow-rejected", action="store_true",
                     help="accept rows that cleaning would reject (they go to rejected.csv with the reason), "
                          "e.g. to declare a correction of them afterwards")
    acc.add_argument("--again", action="store_true",
                     help="accept rows that repeat a figure already in figures.csv (refused otherwise)")
    acc.add_argument("--no-text-check", action="store_true",
                     help="accept rows whose source has no text on this machine, their locators unchecked")
    commands.add_parser("coverage", help="sources and figures per place and year of publication")
    commands.add_parser("docs", help="regenerate datapackage.json and data/README.md from the table declarations")
    args = parser.parse_args(argv)
    if args.command == "coverage":
        return coverage_command()
    if args.command == "docs":
        from analysis.docs.dictionary import main as docs

        return docs()
    if args.command == "add-source":
        return add_source_command(args)
    if args.command == "extract":
        return extract_command(args)
    if args.command == "accept":
        return accept_command(args)
    if args.command in ("pipeline", "pdf"):  # "en vi" from make arrives as one argument
        args.lang = [lang for value in args.lang for lang in value.replace(",", " ").split()]
    if args.command == "pipeline":
        from analysis.run.pipeline import run

        return run(args.province, args.lang)
    from analysis.run.interrupt import run_interruptibly

    if args.command == "run":  # papermill waits on the kernel in C: the main thread watches for Ctrl-C
        return run_interruptibly(run_notebook, args.notebook, args.output, dict(args.parameter))
    if args.command == "pdf":
        return run_interruptibly(build_pdfs, args.province, args.lang)
    return validate(args.raw, args.sources)


def cli(argv: list[str] | None = None) -> int:
    """:func:`main`, with Ctrl-C reported in one line and exit code 130 (see :mod:`analysis.run.interrupt`)."""
    from analysis.run import interrupt

    try:
        return main(argv)
    except KeyboardInterrupt:
        interrupt.stop_all()
        given = sys.argv[1:] if argv is None else argv
        command = next((a for a in given if not a.startswith("-")), "analysis")
        print(f"{'report' if command == 'pipeline' else command}: {interrupt.MESSAGE}", file=sys.stderr)
        return interrupt.EXIT_CODE


def coverage_command() -> int:
    """What the dataset covers: per place of a source, how many sources of each year and figures in all."""
    import pandas as pd

    from analysis.ingest.rawdata import load_raw_layer

    layer = load_raw_layer()
    sources = layer.sources.assign(year=layer.sources["published"].str[:4])
    table = pd.crosstab(sources["province"], sources["year"])
    figures = layer.figures.merge(layer.sources[["source_id", "province"]], on="source_id")
    place = figures["place"].where(figures["place"] != "", figures["province"])
    table["figures"] = table.index.map(place.value_counts()).fillna(0).astype(int)
    others = set(place) - set(table.index)
    print(table.to_string())
    print(f"\n{len(layer.sources)} sources ({(layer.sources['file'] == '').sum()} web pages whose text is not stored), "
          f"{len(layer.figures)} figures; {len(others)} more places appear only in figures of other places' sources "
          "(national rankings)")
    return 0


def add_source_command(args) -> int:
    from analysis.core.errors import DataError
    from analysis.intake.register import add_source

    try:
        added = add_source(args.text_file, province=args.province, published=args.published,
                           published_basis=args.published_basis, outlet=args.outlet, url=args.url,
                           retrieved=args.retrieved, number_format=args.number_format, source_id=args.id,
                           title=args.title, author=args.author, site=args.site, page_date=args.page_date,
                           province_basis=args.province_basis, approximate=args.approximate, note=args.note,
                           store_text=not args.no_store)
    except (DataError, ValueError, PermissionError, OSError) as err:
        print(f"add-source: {err}", file=sys.stderr)
        return 1
    sid = added.row["source_id"]
    where = f"text stored as {added.text_path}" if added.text_path else "text not stored (a web page)"
    text = added.text_path or args.text_file or "PAGE.txt"
    draft = f"{DRAFTS}/{sid}.draft.csv"
    print(f"added source {sid} to data/raw/sources.csv; {where}")
    print("next:\n"
          f"  1. .venv/bin/python -m analysis extract {text} --source-id {sid}    (writes {draft})\n"
          f"  2. review {draft} (or in notebooks/00_extract.ipynb, source_id = {sid!r}): fix or fill indicator_id, "
          "delete what is not a figure\n"
          f"  3. .venv/bin/python -m analysis accept {draft}"
          + ("" if added.text_path else f" --text {text}") + "\n"
          "  4. make report")
    return 0


def extract_command(args) -> int:
    from analysis.core.errors import DataError, quote
    from analysis.intake.extract import extract
    from analysis.ingest.rawdata import load_raw_layer
    from analysis.core.text import nfc

    try:
        layer = load_raw_layer()
        text = nfc(Path(args.text_file).read_text(encoding="utf-8"))
    except (DataError, OSError, UnicodeDecodeError) as err:
        print(f"extract: {err}", file=sys.stderr)
        return 1
    number_format, published, stored = args.number_format or "vi", None, True
    if args.source_id:
        known = layer.sources.set_index("source_id")
        if args.source_id not in known.index:
            print(f"extract: unknown source {quote(args.source_id)}: run add-source first", file=sys.stderr)
            return 1
        number_format = args.number_format or known.at[args.source_id, "number_format"]
        published = known.at[args.source_id, "published"]
        stored = bool(known.at[args.source_id, "file"])
    import pandas as pd

    draft = extract(text, number_format=number_format, layer=layer, source_id=args.source_id,
                    published=pd.Timestamp(published) if published else None)
    if str(args.output) == "-":
        draft.to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    from analysis.intake.register import write_csv_atomic

    output = args.output or paths.resolve(DRAFTS) / f"{args.source_id or 'article'}.draft.csv"
    if output.exists() and not args.overwrite:
        import io

        buffer = io.StringIO()
        draft.to_csv(buffer, index=False, lineterminator="\n")
        if output.read_text(encoding="utf-8") != buffer.getvalue():
            print(f"extract: {paths.relative(output)} exists and differs from this extraction (a draft being "
                  "reviewed?): nothing written; pass --overwrite to replace it, or -o another file", file=sys.stderr)
            return 1
    write_csv_atomic(draft, output)
    coded = (draft["indicator_id"] != "").sum()
    accept = f".venv/bin/python -m analysis accept {paths.relative(output)}"
    if not stored:  # a web page whose text is not stored: its locators are checked against the text given
        accept += f" --text {args.text_file}"
    print(f"extract: {len(draft)} candidate figures ({coded} with a suggested indicator) in {paths.relative(output)}; "
          f"review them, then: {accept}", file=sys.stderr)
    accepted = (layer.figures["source_id"] == args.source_id).sum() if args.source_id else 0
    if accepted:
        print(f"extract: note: {args.source_id} already has {accepted} figures in data/raw/figures.csv; accept "
              "refuses a row that repeats one of them", file=sys.stderr)
    return 0


def accept_command(args) -> int:
    from analysis.core.errors import DataError
    from analysis.intake.register import accept

    try:
        done = accept(args.draft, text_file=args.text, allow_rejected=args.allow_rejected, again=args.again,
                      check_text=not args.no_text_check)
    except (DataError, ValueError, OSError) as err:
        print(f"accept: {err}", file=sys.stderr)
        return 1
    ids = done.rows["figure_id"]
    print(f"accepted {len(ids)} figures into data/raw/figures.csv ({ids.iloc[0]} … {ids.iloc[-1]})" if len(ids)
          else "accept: the draft has no rows")
    for sid in done.unchecked:
        count = (done.rows["source_id"] == sid).sum()
        print(f"WARNING: the locators of {count} figure(s) of {sid} were NOT checked against any text "
              "(--no-text-check): nothing proves they are in the article; validate cannot check them either",
              file=sys.stderr)
    if len(done.would_be_rejected):
        print(f"  {len(done.would_be_rejected)} of them will be rejected by cleaning (see data/processed/rejected.csv): "
              "declare a correction for each where the article is wrong (data/README.md, 'Corrections or raw edits?')")
    print("next: make report")
    return 0



if __name__ == "__main__":
    sys.exit(cli())
