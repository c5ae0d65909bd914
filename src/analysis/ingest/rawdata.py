"""The raw data layer: figures as the articles write them, their sources, codebook and provinces.

Raw files are immutable inputs edited by hand, so every check here reports *all* problems at
once, each with the file, line, row id, column and value, instead of failing on the first.
Values stay strings: turning ``6.233`` into a number is the cleaning step's job. What each file must
look like (its columns, required cells, closed sets, dates, patterns, key) is read from its declaration
in :mod:`analysis.core.tableschema` (:func:`spec_of`); the cross-file checks are written here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.core import tableschema
from analysis.core.errors import DataError, Problem, quote
from analysis.core.tableschema import DATE, Table
from analysis.core.text import is_nfc
from analysis.core.vocabulary import CORRECTABLE, DERIVING_RELATIONS, ID_PATTERN, IMPLIED_WHOLES, MAX_LOCATOR_WORDS, TRIMMED
from analysis.parse.periods import FIRST_YEAR, LAST_YEAR
from analysis.parse.units import CHANGE_UNITS, UNITS_WITHOUT_INDICATOR

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TableSpec:
    """What one raw file must look like, as :func:`read_table` and :func:`check_table` check it.

    Built from the file's declaration (:func:`spec_of`, :mod:`analysis.core.tableschema`), never written by hand:
    a column declared there is read, checked and documented at once.
    """

    file: str
    id_column: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    choices: dict[str, frozenset[str]] = field(default_factory=dict)
    iso_dates: tuple[str, ...] = ()
    patterns: dict[str, str] = field(default_factory=dict)
    positive_numbers: tuple[str, ...] = ()
    id_pattern: str = ID_PATTERN
    #: What a value of a ``patterns`` column must be, in words, where the pattern alone does not say it.
    pattern_reasons: dict[str, str] = field(default_factory=dict)
    #: Columns that identify a row together, where the id column alone does not (units.csv); default: the id.
    key: tuple[str, ...] = ()


def spec_of(table: Table, pattern_reasons: dict[str, str] | None = None) -> TableSpec:
    """rawdata's view of a raw declaration: the first key column is the row id (named in every message);
    required, enum (choices), date, pattern and ``exclusive_minimum=0`` (positive number) fields are checked."""
    id_column = table.primary_key[0]
    others = [f for f in table.fields if f.name != id_column]
    return TableSpec(
        file=Path(table.path).name,
        id_column=id_column,
        columns=table.columns,
        required=tuple(f.name for f in others if f.required),
        choices={f.name: frozenset(f.enum) for f in table.fields if f.enum is not None},
        iso_dates=tuple(f.name for f in table.fields if f.type == DATE),
        patterns={f.name: f.pattern for f in others if f.pattern is not None},
        positive_numbers=tuple(f.name for f in table.fields if f.exclusive_minimum == 0),
        id_pattern=table.field(id_column).pattern or TRIMMED,
        pattern_reasons=dict(pattern_reasons or {}),
        key=table.primary_key if len(table.primary_key) > 1 else (),
    )


SOURCES = spec_of(tableschema.RAW_SOURCES, pattern_reasons={
    "file": "a plain file name NNN_<16 hex digits>.txt in a sources folder, never a path: texts are read only "
            "inside the sources folders"})
FIGURES = spec_of(tableschema.RAW_FIGURES)
INDICATORS = spec_of(tableschema.RAW_INDICATORS)
PROVINCES = spec_of(tableschema.RAW_PROVINCES)
UNITS = spec_of(tableschema.RAW_UNITS)
CORRECTIONS = spec_of(tableschema.RAW_CORRECTIONS)
RELATIONS = spec_of(tableschema.RAW_RELATIONS)
BREAKDOWNS = spec_of(tableschema.RAW_BREAKDOWNS)

SPECS: tuple[TableSpec, ...] = (SOURCES, FIGURES, INDICATORS, PROVINCES, UNITS, CORRECTIONS, RELATIONS, BREAKDOWNS)


@dataclass(frozen=True)
class RawLayer:
    """The raw tables, all columns as strings (empty cells are empty strings)."""

    sources: pd.DataFrame
    figures: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    units: pd.DataFrame
    corrections: pd.DataFrame
    relations: pd.DataFrame
    breakdowns: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(BREAKDOWNS.columns)))

    def __repr__(self) -> str:
        return (f"RawLayer({len(self.figures)} figures, {len(self.sources)} sources, {len(self.indicators)} "
                f"indicators, {len(self.provinces)} places, {len(self.units)} unit words, {len(self.corrections)} "
                f"corrections, {len(self.relations)} relations, {len(self.breakdowns)} breakdowns)")


def read_table(path: Path, spec: TableSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one raw CSV as strings after checking its bytes: UTF-8, no BOM, NFC, the spec's columns.

    Returns the table (None when it cannot be read) and the problems found.
    """
    name = paths.relative(path)
    if not path.is_file():
        return None, [Problem(name, "file not found")]
    data = path.read_bytes()
    if data.startswith(BOM):
        return None, [Problem(name, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM", line=1)]
    damaged = _line_end_problems(name, data)
    if damaged:
        return None, damaged
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(name, f"not UTF-8 (byte {data[err.start]:#04x})", line=line)]
    if not is_nfc(text):
        return None, _nfc_problems(name, text)
    records, problems = csv_records(name, text)
    if problems:
        return None, problems
    header, rows = records[0], records[1:]
    table = pd.DataFrame(rows, columns=header, dtype=object)
    problems = [
        Problem(name, "column named twice in the header", line=1, column=col)
        for col in sorted({c for c in header if header.count(c) > 1})
    ] + [
        Problem(name, f"missing column (expected: {', '.join(spec.columns)})", line=1, column=col)
        for col in spec.columns
        if col not in table.columns
    ] + [
        Problem(name, "column not in the data dictionary (data/README.md)", line=1, column=col)
        for col in table.columns
        if col not in spec.columns
    ]
    if problems:
        return None, problems
    return table[list(spec.columns)].astype(object), []


def restore_hint(name: str) -> str:
    """What to do with a raw file damaged on its way to disk: the committed version is whole."""
    return f"restore it from git (git checkout -- {name}) and redo the edit"


def _line_end_problems(name: str, data: bytes) -> list[Problem]:
    """An empty file, line ends other than ``\\n`` (data/README.md) or a last line without one.

    Why: a file cut while copying or saving still parses as CSV, with its last row shorter (empty cells)
    or rows missing; only the missing final newline shows it. CR LF and CR files are refused rather
    than read, so that every raw file has one form and ``git diff`` shows the real changes.
    """
    if not data:
        return [Problem(name, f"the file is empty (not even its header): {restore_hint(name)}")]
    if b"\r" in data:
        at = data.index(b"\r")
        kind = "CR LF line ends (as Windows writes them" if data[at + 1:at + 2] == b"\n" else "CR line ends (as old Macs write them"
        return [Problem(name, f"{kind}; the first on this line): raw files end every line with \\n only "
                              "(data/README.md); convert the file (dos2unix, or your editor's LF setting)",
                        line=data[:at].count(b"\n") + 1)]
    if not data.endswith(b"\n"):
        return [Problem(name, "the file does not end with a newline: its last line looks truncated (cut while "
                              f"copying or saving); {restore_hint(name)}, or end the line with a newline if it "
                              "is whole", line=data.count(b"\n") + 1)]
    control = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data)
    if control:
        at = control.start()
        return [Problem(name, f"control character U+{data[at]:04X}: the file is damaged; {restore_hint(name)}",
                        line=data[:at].count(b"\n") + 1)]
    return []


#: The longest cell a raw file may hold (characters); longer, the file is reported as damaged.
MAX_CELL = 64 * 2**20


def csv_records(name: str, text: str) -> tuple[list[list[str]], list[Problem]]:
    """The records of a CSV text (the header first), or the problems that make it unreadable.

    Every record has as many fields as the header: a row cut short is not read with empty cells. A
    quote opened and never closed, a stray quote after a quoted field, an empty line: each names the
    line the record starts on.
    """
    # A long cell is read whole and reported as a value (shortened), not as a damaged file: Python's
    # default limit (128 KiB) is raised to MAX_CELL, still a bound on what one cell may cost.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    starts: list[int] = []
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if "end of data" in str(err):
                reason = "a quoted field opens here and is never closed (a '\"' missing, or the file cut short)"
            elif "field limit" in str(err):
                reason = (f"a cell of more than {csv.field_size_limit()} characters starts here: a quote ('\"') "
                          "opened and never closed, or a damaged file")
            else:
                reason = f"a '\"' out of place ({err}): quote a whole cell, and double any '\"' inside it"
            first = text.split("\n")[start - 1].split(",", 1)[0].strip('"')
            return records, [Problem(name, f"not a well-formed CSV: {reason}", line=start, row_id=shorten(first))]
        records.append(record)
        starts.append(start)
        start = reader.line_num + 1
    header = records[0] if records else []
    problems = []
    for record, line in zip(records[1:], starts[1:]):
        if not record:
            problems.append(Problem(name, "an empty line: delete it", line=line))
        elif len(record) != len(header):
            problems.append(Problem(name, f"{len(record)} fields where the header has {len(header)}: a row cut "
                                          "short, a comma too many or a quote ('\"') unbalanced",
                                    line=line, row_id=shorten(record[0])))
    return records, problems


def shorten(value: str, limit: int = 60) -> str:
    """A value short enough for a message (a damaged cell may hold a whole file)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _nfc_problems(name: str, text: str) -> list[Problem]:
    """Locate the lines (and the first field of each, the row id) that are not NFC."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not is_nfc(line):
            bad = next(word for word in line.split(",") if not is_nfc(word))
            problems.append(
                Problem(name, "text is not Unicode NFC (decomposed accents); normalise the file to NFC",
                        line=number, row_id=line.split(",", 1)[0], value=bad)
            )
    return problems


def check_table(table: pd.DataFrame, spec: TableSpec, name: str) -> list[Problem]:
    """Row-level checks of one table: ids, required cells, closed vocabularies, dates, patterns."""
    ids = table[spec.id_column]
    lines = pd.Series(range(2, len(table) + 2), index=table.index)
    problems: list[Problem] = []

    def report(mask: pd.Series, column: str, reason: str) -> None:
        for idx in mask[mask].index:
            problems.append(Problem(name, reason, line=int(lines[idx]), row_id=ids[idx] or None,
                                    column=column, value=table.at[idx, column]))

    id_reason = ("ids are lower-case letters, digits, '-' and '_'" if spec.id_pattern == ID_PATTERN
                 else "ids are non-empty and trimmed")
    report(~ids.str.fullmatch(spec.id_pattern), spec.id_column, id_reason)
    if spec.key:
        twice = table.duplicated(list(spec.key), keep="first") & (ids != "")
        first = lines.groupby([table[c] for c in spec.key], sort=False).transform("first")
        for idx in twice[twice].index:
            pair = ", ".join(f"{c} {quote(table.at[idx, c])}" for c in spec.key)
            problems.append(Problem(name, f"duplicate ({pair}): already declared on line {int(first[idx])}",
                                    line=int(lines[idx]), row_id=ids[idx] or None, column=spec.id_column,
                                    value=ids[idx]))
    else:
        report(ids.duplicated(keep="first") & (ids != ""), spec.id_column, "duplicate id")
    for column in spec.required:
        report(table[column].str.strip() == "", column, "required value is empty")
    for column, allowed in spec.choices.items():
        report(~table[column].isin(allowed), column, f"not one of: {', '.join(sorted(allowed))}")
    for column in spec.iso_dates:
        value = table[column]
        parsed = pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")
        report((value != "") & parsed.isna(), column, "not an ISO date (YYYY-MM-DD)")
        year = pd.to_numeric(value.str.extract(r"^(\d{4})-", expand=False), errors="coerce")
        report(parsed.notna() & ~year.between(FIRST_YEAR, LAST_YEAR), column,
               f"a date outside the years {FIRST_YEAR}–{LAST_YEAR} (the dates a period may name)")
    for column in spec.positive_numbers:  # unit factors: inf or 1e400 would turn every value it scales into inf
        number = pd.to_numeric(table[column], errors="coerce")
        report(~((number > 0) & np.isfinite(number)), column, "not a finite positive number")
    for column, pattern in spec.patterns.items():
        report((table[column] != "") & ~table[column].str.fullmatch(pattern), column,
               spec.pattern_reasons.get(column, f"does not match {pattern}"))
    return problems


def check_references(layer: RawLayer, raw_dir: Path) -> list[Problem]:
    """Cross-file checks: every id a row names exists in the table it points to."""
    problems: list[Problem] = []

    def refer(table: pd.DataFrame, spec: TableSpec, column: str, known: pd.Series, target: str,
              reason: str | None = None) -> None:
        name = paths.relative(raw_dir / spec.file)
        target = paths.relative(raw_dir / target) if target else target
        bad = ~table[column].isin(set(known))
        for idx in bad[bad].index:
            problems.append(Problem(name, reason or f"unknown {column} (not in {target})", line=int(idx) + 2,
                                    row_id=table.at[idx, spec.id_column], column=column,
                                    value=table.at[idx, column]))

    refer(layer.figures, FIGURES, "source_id", layer.sources["source_id"], SOURCES.file)
    refer(layer.figures, FIGURES, "indicator_id", layer.indicators["indicator_id"], INDICATORS.file)
    from analysis.ingest.provinces import place_ids

    places = f"a name_vi, name_en, id or alias of {paths.relative(raw_dir / PROVINCES.file)}"
    for table, spec, column in ((layer.sources, SOURCES, "province"), (layer.figures, FIGURES, "place")):
        unknown = (table[column] != "") & place_ids(table[column], layer.provinces).isna()
        refer(table[unknown], spec, column, pd.Series([], dtype=object), "", f"unknown place (not {places})")
    refer(layer.provinces, PROVINCES, "current_province_id", layer.provinces["province_id"], PROVINCES.file)
    refer(layer.units, UNITS, "unit", pd.concat([layer.indicators["unit"], pd.Series(UNITS_WITHOUT_INDICATOR)]),
          INDICATORS.file, f"unit not used by any indicator of {paths.relative(raw_dir / INDICATORS.file)} (nor one of "
          + ", ".join(UNITS_WITHOUT_INDICATOR) + ")")
    for_one = layer.units[layer.units["indicator_id"] != ""]
    refer(for_one, UNITS, "indicator_id", layer.indicators["indicator_id"], INDICATORS.file)
    problems += _unit_for_its_indicator(for_one, layer.indicators, raw_dir)
    refer(layer.corrections, CORRECTIONS, "figure_id", layer.figures["figure_id"], FIGURES.file)
    problems += _stale_corrections(layer, raw_dir)
    known = layer.indicators["indicator_id"]
    relations = layer.relations
    refer(relations, RELATIONS, "indicator_id", known, INDICATORS.file)
    with_of = relations[relations["relation"] != "part_of"]
    refer(with_of, RELATIONS, "of_indicator_id", known, INDICATORS.file)
    part_of = relations[relations["relation"] == "part_of"]
    refer(part_of, RELATIONS, "whole", known, INDICATORS.file,
          "unknown whole (a part_of relation names the whole's indicator_id)")
    shares = relations[relations["relation"].isin(DERIVING_RELATIONS)]
    refer(shares, RELATIONS, "whole", pd.concat([known, pd.Series(sorted(IMPLIED_WHOLES))]),
          INDICATORS.file, "unknown whole (ratio, population, or the indicator_id of the whole)")
    problems += _codebook_problems(layer, raw_dir)
    problems += _source_problems(layer.sources, paths.relative(raw_dir / SOURCES.file))

    # A figure id is its source id, a dash and a number: stable, and readable in any table.
    figures = layer.figures
    parts = figures["figure_id"].str.rsplit("-", n=1)
    bad = (parts.str[0] != figures["source_id"]) | ~parts.str[-1].str.fullmatch(r"[0-9]+")
    name = paths.relative(raw_dir / FIGURES.file)
    for idx in bad[bad].index:
        problems.append(Problem(name, "figure ids are the source id, a dash and a number",
                                line=int(idx) + 2, row_id=figures.at[idx, "figure_id"],
                                column="figure_id", value=figures.at[idx, "figure_id"]))
    # The project keeps a locator, never the article's text: a short one, whether or not the text is here.
    too_long = figures["locator"].map(locator_words) > MAX_LOCATOR_WORDS
    for idx in too_long[too_long].index:
        problems.append(Problem(name, f"a locator is at most {MAX_LOCATOR_WORDS} words: keep the shortest phrase "
                                "that holds the value, its unit and qualifier", line=int(idx) + 2,
                                row_id=figures.at[idx, "figure_id"], column="locator", value=figures.at[idx, "locator"]))
    return problems


def _source_problems(sources: pd.DataFrame, name: str) -> list[Problem]:
    """A source is a stored text (file and SHA-256) or a web page whose text is not stored (url and
    retrieval date); a month-only publication date is written as that month's last day."""
    problems: list[Problem] = []

    def report(mask: pd.Series, column: str, reason: str) -> None:
        for idx in mask[mask].index:
            problems.append(Problem(name, reason, line=int(idx) + 2, row_id=sources.at[idx, "source_id"],
                                    column=column, value=sources.at[idx, column]))

    stored = sources["file"] != ""
    report(stored & (sources["sha256"] == ""), "sha256", "a stored text needs its SHA-256 (sha256sum of the file)")
    report(~stored & (sources["sha256"] != ""), "file", "a SHA-256 needs the file it hashes")
    report(~stored & (sources["url"] == ""), "url",
           "a source is a stored text (file) or a public web page (url and retrieved): neither is given")
    report(~stored & (sources["url"] != "") & (sources["retrieved"] == ""), "retrieved",
           "a web page whose text is not stored needs the date it was read (retrieved, YYYY-MM-DD)")
    published = pd.to_datetime(sources["published"], format="%Y-%m-%d", errors="coerce")
    month = (sources["published_precision"] == "month") & published.notna()
    report(month & ~published.dt.is_month_end, "published",
           "a month-only publication date is written as the last day of that month (the latest it can be)")
    return problems


def _unit_for_its_indicator(for_one: pd.DataFrame, indicators: pd.DataFrame, raw_dir: Path) -> list[Problem]:
    """A unit declared for one indicator is in that indicator's unit (or a change unit: %, times):
    any other would reject every figure that uses it, so say so when the row is written."""
    own = for_one["indicator_id"].map(dict(zip(indicators["indicator_id"], indicators["unit"])))
    bad = own.notna() & (for_one["unit"] != own) & ~for_one["unit"].isin(list(CHANGE_UNITS))
    name = paths.relative(raw_dir / UNITS.file)
    return [Problem(name, f"declared for {for_one.at[i, 'indicator_id']}, whose unit is {quote(own[i])}: a unit for one "
                          "indicator is in its unit (or " + ", ".join(CHANGE_UNITS) + " for its changes)",
                    line=int(i) + 2, row_id=for_one.at[i, "unit_as_written"], column="unit",
                    value=for_one.at[i, "unit"])
            for i in bad[bad].index]


def _codebook_problems(layer: RawLayer, raw_dir: Path) -> list[Problem]:
    """A family's indicators share one unit (a break shows both sides in it); shares name their universe;
    a ``comparable`` relation joins two indicators of one family (close concepts, never unrelated ones)."""
    indicators = layer.indicators
    problems: list[Problem] = []
    name = paths.relative(raw_dir / INDICATORS.file)
    units = indicators.groupby("family")["unit"].transform("nunique")
    for idx in units[units > 1].index:
        problems.append(Problem(name, "the indicators of one family share one unit", line=int(idx) + 2,
                                row_id=indicators.at[idx, "indicator_id"], column="family",
                                value=indicators.at[idx, "family"]))
    no_universe = indicators["measure_type"].isin(["share", "density"]) & (indicators["universe"].str.strip() == "")
    for idx in no_universe[no_universe].index:
        problems.append(Problem(name, "a share or a density names its universe (its denominator)", line=int(idx) + 2,
                                row_id=indicators.at[idx, "indicator_id"], column="universe", value=""))
    family = dict(zip(indicators["indicator_id"], indicators["family"]))
    relations = layer.relations
    name = paths.relative(raw_dir / RELATIONS.file)
    twice = relations.duplicated(["relation", "indicator_id", "of_indicator_id", "whole"], keep="first")
    for idx in twice[twice].index:
        problems.append(Problem(name, "the same relation is declared twice", line=int(idx) + 2,
                                row_id=relations.at[idx, "relation_id"], column="indicator_id",
                                value=relations.at[idx, "indicator_id"]))
    comparable = relations[relations["relation"] == "comparable"]
    for idx, row in comparable.iterrows():
        a, b = family.get(row["indicator_id"]), family.get(row["of_indicator_id"])
        if a is not None and b is not None and a != b:
            problems.append(Problem(name, f"a comparable relation joins indicators of one family ({a} ≠ {b})",
                                    line=int(idx) + 2, row_id=row["relation_id"], column="of_indicator_id",
                                    value=row["of_indicator_id"]))
        if row["note"].strip() == "":
            problems.append(Problem(name, "a comparable relation says why, and its caveat, in note",
                                    line=int(idx) + 2, row_id=row["relation_id"], column="note", value=""))
    return problems


def _stale_corrections(layer: RawLayer, raw_dir: Path) -> list[Problem]:
    """A correction names the raw value it replaces; if the raw file changed since, it no longer applies."""
    corrections = layer.corrections
    known = corrections[corrections["figure_id"].isin(set(layer.figures["figure_id"]))
                        & corrections["column"].isin(CORRECTABLE)]
    figures = layer.figures.drop_duplicates("figure_id").set_index("figure_id")
    current = pd.Series([figures.at[f, c] for f, c in zip(known["figure_id"], known["column"])],
                        index=known.index, dtype=object)
    stale = current != known["value_as_written"]
    name = paths.relative(raw_dir / CORRECTIONS.file)
    return [
        Problem(name, f"the raw value of {known.at[i, 'figure_id']}.{known.at[i, 'column']} is now "
                      f"{quote(current[i])}: review the correction", line=int(i) + 2,
                row_id=known.at[i, "correction_id"], column="value_as_written", value=known.at[i, "value_as_written"])
        for i in stale[stale].index
    ]


def load_raw_layer(raw_dir: Path | None = None) -> RawLayer:
    """Read and check the raw files; raise :class:`DataError` listing every problem found."""
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.RAW
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for spec in SPECS:
        table, found = read_table(raw_dir / spec.file, spec)
        problems += found
        if table is not None:
            problems += check_table(table, spec, paths.relative(raw_dir / spec.file))
            tables[spec.file] = table
    if len(tables) < len(SPECS):  # a file could not be read: cross-file checks would only add noise
        raise DataError(problems)
    layer = RawLayer(
        sources=tables[SOURCES.file],
        figures=tables[FIGURES.file],
        indicators=tables[INDICATORS.file],
        provinces=tables[PROVINCES.file],
        units=tables[UNITS.file],
        corrections=tables[CORRECTIONS.file],
        relations=tables[RELATIONS.file],
        breakdowns=tables[BREAKDOWNS.file],
    )
    problems += check_references(layer, raw_dir)
    if problems:
        raise DataError(problems)
    return layer


def locator_words(locator: str) -> int:
    """Number of words of a locator phrase (at most :data:`MAX_LOCATOR_WORDS`)."""
    return len(re.findall(r"\S+", locator))
