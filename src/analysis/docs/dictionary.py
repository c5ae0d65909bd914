"""The published dataset's documentation, generated from the declarations: ``datapackage.json`` and the
data dictionary of data/README.md (``make docs``, ``python -m analysis docs``).

Why apart from :mod:`analysis.core.tableschema`: the declarations sit below every reader and writer (rawdata
and the pandera schemas are built from them), while the documentation also lists the flags, which are
declared beside the code that sets them and gathered from every stage by :mod:`analysis.docs.flags`. So the
declarations import nothing above them, and this module, which imports what it documents, is on top.

- ``datapackage.json`` at the project root: a Frictionless Data Package describing every CSV, so
  standard tools (``frictionless validate datapackage.json``) check the published files;
- the data dictionary of data/README.md: each table between ``<!-- generated: <path> … -->`` and
  ``<!-- end generated -->``, and the flags; the prose around them is hand-written.

tests/test_datapackage.py fails when either artefact is stale ("run `make docs` and commit") and when
the committed files do not validate.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

from analysis import paths
from analysis.core.tableschema import TABLES, Table
from analysis.docs.flags import flags_of

_FLAG_LIST = re.compile(r"<flags of (?P<table>[^>]+)>")


def described(text: str) -> str:
    """A description as published: each :func:`_flag_list` placeholder replaced by its table's flags."""
    return _FLAG_LIST.sub(lambda m: ", ".join(f"`{name}`" for name in flags_of(m.group("table"))), text)



# ---------------------------------------------------------------- the Data Package

DATAPACKAGE = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: How every file is written (analysis.core.tables.write_csv; the raw files by hand, checked by `make validate`).
DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}
PACKAGE = {
    "name": "vn-dx-analysis",
    "title": "Vietnamese provinces' digital transformation, in figures: a provenance-tracked dataset from news "
             "articles",
    "description": (
        "Figures on Vietnamese provinces' digital transformation (chuyển đổi số) as news articles and public pages "
        "print them, each with its source and a short locator phrase (the raw layer, data/raw), and the tables "
        "derived from them: clean figures and the rows cleaning refused, series, growth, progress toward targets "
        "and consistency checks (data/processed). The data dictionary is data/README.md."
    ),
    "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                  "path": "https://creativecommons.org/licenses/by/4.0/"}],
}


def resource(table: Table) -> dict:
    """The Data Package resource of one table."""
    fields = [{**f.descriptor(), "description": described(f.description)} for f in table.fields]
    schema: dict = {"fields": fields, "missingValues": [""],
                    "primaryKey": list(table.primary_key)}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.fields), "reference": (
                {"fields": list(fk.reference)} if fk.table == table.path  # a reference to the table itself
                else {"resource": TABLES[fk.table].name, "fields": list(fk.reference)})}
            for fk in table.foreign_keys]
    return {"name": table.name, "type": "table", "path": table.path, "title": table.title,
            "description": table.description, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": DIALECT, "schema": schema}


def datapackage() -> dict:
    """The descriptor of datapackage.json: the package and every table of :data:`TABLES`."""
    return {"$schema": PROFILE, **PACKAGE, "resources": [resource(t) for t in TABLES.values()]}


def render_datapackage() -> str:
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"


def validate_package(descriptor: Path | None = None, limit: int = 20) -> list[str]:
    """Frictionless's validation of the Data Package: the first ``limit`` problems, each naming the file, the
    line (the header is line 1), the column and the value; an empty list when the package is valid."""
    import frictionless

    descriptor = Path(descriptor) if descriptor is not None else paths.PROJECT_ROOT / DATAPACKAGE
    report = frictionless.validate(str(descriptor))
    problems = [f"{descriptor.name}: {e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            cell = getattr(error, "cell", None)
            where = ", ".join(part for part in (
                task.place, f"line {row}" if row else "", f"column {column}" if column else "",
                f"value {_short(str(cell))!r}" if cell not in (None, "") else "") if part)
            problems.append(f"{where}: {error.type}: {_short(getattr(error, 'note', '') or error.message, 300)}")
    return problems[:limit]


def _short(text: str, width: int = 80) -> str:
    """Text as it may be printed in a message: cut to ``width`` (a 10 MB cell is never printed whole)."""
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- the data dictionary (data/README.md)

README = "data/README.md"
FLAGS_BLOCK = "flags"
_BLOCK = re.compile(r"(?P<open><!-- generated: (?P<key>\S+)[^\n]*-->\n)(?P<body>.*?)(?P<close><!-- end generated -->)",
                    re.S)
#: What a reader of the generated block is told: where to edit it (the block itself is overwritten).
_NOTES = {FLAGS_BLOCK: "(gathered by src/analysis/docs/flags.py from the code that sets each flag: edit a description "
                       "where its flag is declared, then run `make docs`)"}
_NOTE = "(from {}: edit there, then run `make docs`)"


def _cell(text: str) -> str:
    """Markdown table cell text: a `|` would end the cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _wrap(paragraph: str) -> str:
    """A paragraph wrapped as the hand-written prose is (100 columns), never inside a word."""
    return textwrap.fill(paragraph, width=100, break_long_words=False, break_on_hyphens=False)


def markdown_table(table: Table) -> str:
    """The dictionary entry of one table: its description, key, references, then one row per column."""
    lines = [_wrap(table.description), "", "Key: " + ", ".join(f"`{c}`" for c in table.primary_key) + "."]
    if table.foreign_keys:
        refs = "; ".join(f"`{', '.join(fk.fields)}` → {fk.table.removeprefix('data/')} `{', '.join(fk.reference)}`"
                         for fk in table.foreign_keys)
        lines[-1] += f" References (an empty cell refers to nothing): {refs}."
    lines[-1] = _wrap(lines[-1])
    lines += ["", "| Header | Type | Constraints | Definition | Unit |", "|---|---|---|---|---|"]
    for f in table.fields:
        lines.append(f"| `{f.name}` | {f.type} | {_cell(f.constraint_text()) or '—'} | {_cell(described(f.description))} | "
                     f"{_cell(f.unit) or '—'} |")
    return "\n".join(lines) + "\n"


def flags_table() -> str:
    """Every flag (:data:`analysis.docs.flags.FLAGS`): the tables it appears in and what it means."""
    from analysis.docs.flags import FLAGS

    lines = ["| Flag | In | Meaning |", "|---|---|---|"]
    for name, flag in FLAGS.items():
        tables = ", ".join(t.removeprefix("data/processed/") for t in flag.tables)
        lines.append(f"| `{name}` | {tables} | {_cell(flag.description)} |")
    return "\n".join(lines) + "\n"


def generated_block(key: str) -> str:
    """The generated text of a block of data/README.md: a table's path, or ``flags``."""
    if key == FLAGS_BLOCK:
        return flags_table()
    if key not in TABLES:
        raise KeyError(f"{README}: '<!-- generated: {key} -->' names no declared table (one of "
                       f"{', '.join(TABLES)} or {FLAGS_BLOCK})")
    return markdown_table(TABLES[key])


def render_readme(text: str) -> str:
    """data/README.md with every generated block rewritten from the declarations; the prose is kept as is.

    Every declared table and the flags must have a block: a new table gets its section by hand once.
    """
    found = [m.group("key") for m in _BLOCK.finditer(text)]
    missing = [key for key in (*TABLES, FLAGS_BLOCK) if key not in found]
    if missing:
        raise KeyError(f"{README} has no generated block for {', '.join(missing)}: add "
                       f"'<!-- generated: {missing[0]} -->' and '<!-- end generated -->' lines where it belongs")
    def block(match: re.Match) -> str:
        key = match.group("key")
        note = _NOTES.get(key, _NOTE.format("src/analysis/core/tableschema.py"))
        return f"<!-- generated: {key} {note} -->\n{generated_block(key)}{match.group('close')}"

    return _BLOCK.sub(block, text)


def artefacts(root: Path | None = None) -> dict[Path, str]:
    """path → the text it must hold: datapackage.json and data/README.md, as generated now."""
    root = Path(root) if root is not None else paths.PROJECT_ROOT
    readme = root / README
    return {root / DATAPACKAGE: render_datapackage(),
            readme: render_readme(readme.read_text(encoding="utf-8"))}


def stale(root: Path | None = None) -> list[Path]:
    """The generated files whose committed text differs from what the declarations give."""
    return [path for path, text in artefacts(root).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]


def write_docs(root: Path | None = None) -> list[Path]:
    """Regenerate datapackage.json and data/README.md's dictionary (atomically); return the files changed."""
    from analysis.core.tables import write_text_atomic

    changed = []
    for path, text in artefacts(root).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(text, path)
            changed.append(path)
    return changed


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m analysis docs`` (or ``python -m analysis.docs.dictionary``): regenerate the artefacts and say
    which changed."""
    del argv
    changed = write_docs()
    for path in changed:
        print(f"rewrote {paths.relative(path)}")
    if not changed:
        print(f"{DATAPACKAGE} and {README} are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
