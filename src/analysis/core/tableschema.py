"""Every table of the published dataset, declared once: columns, types, constraints, descriptions.

Why: the columns of a table used to be written three times (the raw layer's ``TableSpec``s, the
pandera schema of the clean figures, the prose of data/README.md) and drifted (a measure type or a
correctable column the README did not list). Here each table — the raw layer (data/raw/*.csv) and
the processed one (data/processed/*.csv) — is declared once, with Frictionless Data types (string,
number, integer, date, boolean) and constraints (required, unique, enum, pattern, minimum). Closed
sets are the very objects the code checks against (``vocabulary.KINDS``, ``numbers.QUALIFIERS``, …),
so a new value added in code appears in the documentation and in ``datapackage.json`` at once.

From these declarations come the raw layer's checks (:func:`analysis.ingest.rawdata.spec_of`), the pandera
schemas of the processed tables (:mod:`analysis.core.schema`), the readers' types
(:func:`analysis.core.tables.read_processed`), the columns the analysis modules write (``growth.GROWTH_COLUMNS``
is ``GROWTH.columns``), and the documentation: ``datapackage.json`` and data/README.md's dictionary
(:mod:`analysis.docs.dictionary`, ``make docs``).

The readers and writers use these declarations: ``rawdata``'s ``TableSpec``s are
built from the raw ones (:func:`analysis.ingest.rawdata.spec_of`: columns, required, enum fields, date fields,
patterns, ``exclusive_minimum=0``, the key), the pandera schemas of the processed tables from the
processed ones (:mod:`analysis.core.schema`), and the closed sets live in :mod:`analysis.core.vocabulary`, below
both. This module imports only the closed sets (:mod:`analysis.core.vocabulary`, :mod:`analysis.core.domains`),
so every stage can import it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from analysis.core.domains import DOMAINS
from analysis.core.vocabulary import (
    ASPECTS, BOOLEAN_OR_EMPTY, CORRECTABLE, DATE_PRECISIONS, DEFINITION_DIFFERS, ERROR, EVENT, FLOW, ID_PATTERN,
    KINDS, LEVEL, LEVELS, MAX_ACTUAL_AGE_DAYS, MAX_LOCATOR_WORDS, MEASURE_TYPES, METHODS, MIN_INTERVAL_DAYS,
    NUMBER_FORMATS, OK, ORIGINS, PERIOD_TYPES, QUALIFIERS, READINGS, REASONS, RELATION_TYPES, ROLES,
    SEVERITY_ORDER, SOURCE_FILE, STAGES, STATUSES, TIME_REFERENCES, TRIMMED, VERDICTS, WARNING, WHY_NOT, WINDOW,
    YEAR_DAYS,
)

#: The Frictionless field types the dataset uses.
TYPES = ("string", "number", "integer", "date", "boolean")
STRING, NUMBER, INTEGER, DATE, BOOLEAN = TYPES
#: The pandas dtype of each type but text (which is ``object``) in a frame the code builds.
PANDAS_DTYPES = {NUMBER: "float64", INTEGER: "int64", DATE: "datetime64[ns]", BOOLEAN: "bool"}

#: targets.csv ``status``: the latest actual is of a concept declared comparable.
TARGET_STATUSES = (DEFINITION_DIFFERS,)
#: The period types of actual observations: those of a series (growth.csv, series.csv).
SERIES_PERIOD_TYPES = (LEVEL, WINDOW, FLOW, EVENT)
#: checks.csv ``check``: every consistency check (analysis.analyze.checks), with what it tests.
CHECKS: dict[str, str] = {
    "share_recomputed": "a share printed beside its own ratio, or beside the two counts of a `share_of` relation, "
                        "agrees with the share they give",
    "implied_population": "the populations that shares of the whole population imply (count / share) agree",
    "part_within_whole": "a part is not larger than its whole (declared `part_of`)",
    "share_base_in_range": "a share back-calculated from a change lies in [0, 100] (`expected` is the nearer bound)",
    "cross_source": "two sources giving one series on (nearly) one date agree",
    "change_vs_earlier_level": "the base a change implies is close to the earlier level of the series",
    "breakdown_sum": "subgroups add up to no more than the total written beside them",
    "dated_after_article": "a figure dated after its article (rejected by cleaning): `observed` is the days after",
    "page_date_before_text": "the date printed on a page comes before dates its text reports",
}
#: checks.csv ``severity``.
SEVERITIES = tuple(SEVERITY_ORDER)


@dataclass(frozen=True)
class Field:
    """One column: its Frictionless type and constraints, and what it means to a reader.

    ``enum`` is the code's own closed set (a set, tuple or dict of strings); an empty string in it
    means "may be empty" and is not a value (Frictionless reads an empty cell as missing).
    """

    name: str
    type: str
    description: str
    unit: str = ""
    required: bool = False
    unique: bool = False
    enum: Collection[str] | None = None
    pattern: str | None = None
    minimum: float | None = None
    exclusive_minimum: float | None = None
    #: How a boolean is written: raw files write ``true``/``false``, pandas writes ``True``/``False``.
    true_false: tuple[str, str] = ("true", "false")

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: type {self.type!r} is not one of {', '.join(TYPES)}")

    def values(self) -> list[str]:
        """The enum's values in a stable order (a set sorted; a tuple or dict as declared), without ''."""
        if self.enum is None:
            return []
        values = sorted(self.enum) if isinstance(self.enum, (set, frozenset)) else list(self.enum)
        return [v for v in values if v != ""]

    def descriptor(self) -> dict:
        """The Frictionless field descriptor (Table Schema); a list of flags is a placeholder until
        :func:`analysis.docs.dictionary.described` fills it in."""
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        if self.unit:
            out["unit"] = self.unit
        if self.type == BOOLEAN:
            out["trueValues"], out["falseValues"] = [self.true_false[0]], [self.true_false[1]]
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None and self.type != BOOLEAN:  # a boolean's domain is its true and false values
            constraints["enum"] = self.values()
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.exclusive_minimum is not None:
            constraints["exclusiveMinimum"] = self.exclusive_minimum
        if constraints:
            out["constraints"] = constraints
        return out

    def constraint_text(self) -> str:
        """The constraints in words, for the data dictionary."""
        parts = [word for word, on in (("required", self.required), ("unique", self.unique)) if on]
        if self.type == BOOLEAN:
            parts.append(f"`{self.true_false[0]}` or `{self.true_false[1]}`")
        elif self.enum is not None:
            parts.append("one of " + ", ".join(f"`{v}`" for v in self.values()))
        if self.pattern is not None:
            parts.append(f"pattern `{self.pattern}`")
        if self.minimum is not None:
            parts.append(f"≥ {self.minimum:g}")
        if self.exclusive_minimum is not None:
            parts.append(f"> {self.exclusive_minimum:g}")
        return "; ".join(parts)


@dataclass(frozen=True)
class ForeignKey:
    """Values of ``fields`` are values of ``reference`` in the table at ``table`` (empty cells excepted)."""

    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One CSV file of the dataset: where it is, what a row is, its key and its columns in file order."""

    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.path}: a column is declared twice")
        for column in (*self.primary_key, *(c for fk in self.foreign_keys for c in fk.fields)):
            if column not in names:
                raise ValueError(f"{self.path}: key column {column!r} is not a declared column")

    @property
    def name(self) -> str:
        """The Data Package resource name: ``raw-figures``, ``processed-figures``."""
        layer, file = self.path.split("/")[-2:]
        return f"{layer}-{file.removesuffix('.csv')}"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def dtypes(self) -> dict[str, str]:
        """The pandas dtype of every column that is not text, from its declared type (an empty table keeps them)."""
        return {f.name: PANDAS_DTYPES[f.type] for f in self.fields if f.type in PANDAS_DTYPES}


def _id(name: str, what: str, pattern: str = ID_PATTERN) -> Field:
    """The id column of a raw table: required, unique, in the id alphabet."""
    return Field(name, STRING, what, required=True, unique=True, pattern=pattern)


# ---------------------------------------------------------------- the raw layer (hand-entered, immutable)

RAW_SOURCES = Table(
    path="data/raw/sources.csv",
    title="Sources",
    description=(
        "One row per source: an article whose text is stored in a sources folder (outside the repository), "
        "or a public web page whose text is not stored (its url and the date it was read instead): a stored "
        "text has `file` and `sha256`, a page whose text is not stored `url` and `retrieved`. "
        "`python -m analysis add-source` writes this row (see \"Adding a new article\")."
    ),
    fields=(
        _id("source_id", "Stable id of the source: province initials, year and outlet (`bk2022portal`, "
                         "`bt2024baodongkhoi`), with a letter added when taken (`bt2024baodongkhoib`)."),
        Field("file", STRING, "File name of the stored text in a sources folder: `NNN_<first 16 hex digits of its "
                              "SHA-256>.txt` (NNN: the next free number); a plain name, never a path. Empty for a "
                              "web page whose text is not stored.", pattern=SOURCE_FILE),
        Field("sha256", STRING, "SHA-256 of that text file's bytes: proves which text the figures were read from. "
                                "Required with `file`; empty when no text is stored.", unit="hex",
              pattern=r"[0-9a-f]{64}"),
        Field("title", STRING, "Headline as printed; empty where the saved page has none."),
        Field("outlet", STRING, "Publisher (newspaper, magazine or portal), short, as a citation names it. Reports "
                                "print it in both languages, so how it was determined (inferred from the address, "
                                "an aggregator's page) goes in `note`.", required=True),
        Field("site", STRING, "The web site's host name (from `url`, or as named on the page)."),
        Field("url", STRING, "Address of the page where known; required when no text is stored.",
              pattern=r"https?://\S+"),
        Field("retrieved", DATE, "The date the page was read, for a web page whose text is not stored (its content "
                                 "may change); required then.", unit="ISO date"),
        Field("author", STRING, "Byline as printed; empty where none."),
        Field("published", DATE, "Publication date; for a month-only date, the last day of that month (the latest "
                                 "it can be). Every ISO date of the raw files lies in the years 1900–2199.", unit="ISO date",
              required=True),
        Field("published_precision", STRING, "How precise `published` is: `day`, printed on the page and consistent "
                                             "with the text; `month`, only the month is known (printed, or in the "
                                             "URL); `approximate`, inferred (see `published_basis`).",
              required=True, enum=DATE_PRECISIONS),
        Field("published_basis", STRING, "How the publication date was determined (`printed under the headline`, "
                                         "`from URL (…06122024…)`, `inferred: …`), and why a printed date was "
                                         "rejected if it was.", required=True),
        Field("page_date_as_printed", STRING, "The date printed on the saved page, exactly as printed (it may be page "
                                              "furniture, such as a clock)."),
        Field("number_format", STRING, "How the article writes numbers: `vi` (`6.233` thousands, `69,72` decimals) "
                                       "or `en` (`6,233`, `69.72`).", required=True, enum=NUMBER_FORMATS),
        Field("province", STRING, "The place that is the source's subject: its Vietnamese name (NFC) as in "
                                  "provinces.csv `name_vi` (a `name_en`, id or alias is accepted too).",
              required=True),
        Field("province_attribution", STRING, "How the province was attributed, in particular where the text does "
                                              "not name it.", required=True),
        Field("note", STRING, "Anything else a reader of the source should know."),
    ),
    primary_key=("source_id",),
)

RAW_FIGURES = Table(
    path="data/raw/figures.csv",
    title="Figures as written",
    description=(
        "One row per quantitative figure of an article, **as written**. Where one sentence gives a figure both "
        "as a count and as a share, both are rows; where one figure applies to two groups (\"100% at province and "
        "district level\"), there is one row per group. Not figures: dates themselves, years used as names, "
        "document numbers, version numbers, ordinals (\"phiên thứ 2\"), technology names (\"4G/5G\") and page "
        "furniture (visit counters, page clocks)."
    ),
    fields=(
        _id("figure_id", "Stable id: the source id, a dash and a two-digit number in reading order "
                         "(`bk2024bao-05`)."),
        Field("source_id", STRING, "The article (sources.csv).", required=True),
        Field("place", STRING, "The place the figure is about when it is not the source's (a national ranking of "
                               "every province, a national article naming a province's share): a `name_vi`, "
                               "`name_en`, id or alias of provinces.csv; empty for the source's own place."),
        Field("indicator_id", STRING, "What is measured (indicators.csv): the project's coding of the figure, one "
                                      "concept of one universe.", required=True),
        Field("kind", STRING, "`actual`: a level or a count reached; `target`: a goal for a date; `change`: an "
                              "increase or decrease against a basis.", required=True, enum=KINDS),
        Field("breakdown", STRING, "The subgroup of the indicator's universe the figure is for, as written (operator "
                                   "`Viettel`, level `cấp xã`, severity `mức độ cao`); empty for the whole universe. "
                                   "A group that *is* the universe (adults, people aged 14 and over) is part of the "
                                   "indicator, not a breakdown."),
        Field("value_as_written", STRING, "The number as printed: `6.233`, `69,72`, `02`, `75 - 100`, "
                                          "`268.749/270.962`, `10 tỷ`. At most 15 digits, leading zeros aside (what a "
                                          "float64 holds exactly: a larger amount is written with a scale word, `10 "
                                          "tỷ`); a ratio's whole is not 0 (`0/0` is rejected).", unit="as written",
              required=True),
        Field("unit_as_written", STRING, "The unit word(s) printed with the number (`%`, `km`, `trạm BTS`, "
                                         "`thuê bao/100 dân`); empty where none is printed. A `%` printed in the "
                                         "value (`69,72%`) is the unit: with any other unit (`672%` and `trạm BTS`) "
                                         "the row is rejected, never read without its `%`."),
        Field("qualifier_as_written", STRING, "The word that bounds or softens the number (`trên`, `hơn`, `gần`, "
                                              "`khoảng`, `từ`, `tối thiểu`); empty for an exact figure."),
        Field("period_as_written", STRING, "The date or period as printed (`cuối tháng 8/2022`, `9 tháng đầu năm`, "
                                           "`năm 2025`, `Đến nay`); empty where only the publication date tells. May "
                                           "come from the sentence before (the note says so)."),
        Field("comparison_as_written", STRING, "For a change: its basis as printed (`so với năm 2023`); empty where "
                                               "not written."),
        Field("locator", STRING, f"The shortest phrase of the article (at most {MAX_LOCATOR_WORDS} words) that contains the "
                                 "figure, its unit and qualifier; found in the text after NFC and whitespace folding.",
              required=True),
        Field("note", STRING, "Reading notes: ambiguities (percentage points or relative?), where a period comes "
                              "from, what a figure covers."),
    ),
    primary_key=("figure_id",),
    foreign_keys=(ForeignKey(("source_id",), "data/raw/sources.csv", ("source_id",)),
                  ForeignKey(("indicator_id",), "data/raw/indicators.csv", ("indicator_id",))),
)

RAW_INDICATORS = Table(
    path="data/raw/indicators.csv",
    title="Codebook of indicators",
    description=(
        "The codebook: one row per indicator. **One indicator is one concept of one universe**: households "
        "*covered by* fibre, households *having* a fibre line and households *using* FTTH are three indicators, "
        "and so are people using a smartphone, people having one, and adults having one. A figure is coded with "
        "the indicator whose concept it states; where a later codebook splits an indicator, the figures are "
        "re-coded in figures.csv (the project's coding, not the article's numbers; see \"Corrections or raw "
        "edits?\" below)."
    ),
    fields=(
        _id("indicator_id", "Stable id (`ftth_households_using_share`)."),
        Field("name_en", STRING, "English name, for labels.", required=True),
        Field("name_vi", STRING, "Vietnamese name, for labels.", required=True),
        Field("unit", STRING, "Canonical unit of the cleaned value (`%`, `km`, `VND`, `stations`, `subscriptions per "
                              "100 inhabitants`).", required=True),
        Field("unit_vi", STRING, "The canonical unit in Vietnamese, for labels.", required=True),
        Field("measure_type", STRING, "What kind of quantity it is. Counts, money, areas and lengths are amounts (a "
                                      "flow of them has a rate per day); shares and rates in `%` change in percentage "
                                      "points; a rank moves by places, never by a percentage.",
              required=True, enum=MEASURE_TYPES),
        Field("time_reference", STRING, "`stock`: a level at a date; `flow`: an amount, or a share, over a period or "
                                        "window (stations installed in 9 months, dossiers filed online from 1 January "
                                        "to 14 November); `event`: a one-off event or campaign (a contest, an "
                                        "inspection round, a catch-up campaign), never turned into a rate.",
              required=True, enum=TIME_REFERENCES),
        Field("role", STRING, "`statistic`, or `scope` for a number that describes structure or scope (\"4 cấp hành "
                              "chính\", \"7 nhóm giải pháp\", \"3 trụ cột\"): scope numbers enter no series, growth "
                              "row or chart.", required=True, enum=ROLES),
        Field("family", STRING, "Indicators a reader could mistake for one series share a family "
                                "(`fiber_households`); a change of indicator within a family is a break, never a "
                                "movement (growth.csv, status `b`). Otherwise the indicator's own id. The indicators "
                                "of one family share a unit.", required=True),
        Field("concept", STRING, "Exactly what is counted, in words (with the Vietnamese wording that identifies it).",
              required=True),
        Field("universe", STRING, "The denominator of a share or a density (households, people, adults, people aged "
                                  "14 and over, mobile subscriptions, dossiers received, administrative procedures "
                                  "…); for a count, empty or the population counted. Required for shares and "
                                  "densities."),
        Field("aspect", STRING, "Where it matters: `coverage` (within reach of a network or service), `availability` "
                                "(offered), `possession` (having), `use` (using); empty otherwise.", enum=ASPECTS),
        Field("domain", STRING, "The pillar of digital transformation it belongs to.", required=True, enum=DOMAINS),
        Field("higher_is_better", BOOLEAN, "Whether a higher value is better (targets are met from below where it "
                                           "is `false`); empty where a higher value is neither good nor bad "
                                           "(vulnerabilities found).", enum=BOOLEAN_OR_EMPTY),
    ),
    primary_key=("indicator_id",),
)

RAW_PROVINCES = Table(
    path="data/raw/provinces.csv",
    title="Places",
    description=(
        "The places figures are about: a crosswalk of the 63 provinces before 1 July 2025 and the 34 units after "
        "the merger decided by Nghị quyết 202/2025/QH15, and Việt Nam as a whole. A merged province is a place of "
        "its own, valid from 1 July 2025: its figures are never the next point of its predecessors' series (Bắc "
        "Ninh 2025 is not Bắc Giang 2024), and a province that kept its name after absorbing others is two places: "
        "the former one (`Bắc Ninh (cũ)`, id `bac-ninh-cu`) and the merged one (`Bắc Ninh`, id `bac-ninh`). The "
        "11 provinces the merger left unchanged are one place each. National figures (place `Việt Nam`) are "
        "benchmarks, never a province."
    ),
    fields=(
        _id("province_id", "Stable id: the name without diacritics, lower case, dashes (`bac-kan`); `-cu` for a "
                           "former province whose name the merged one took."),
        Field("name_vi", STRING, "Vietnamese name, NFC (`Bắc Kạn`; `Thái Nguyên (cũ)` for the former province).",
              required=True),
        Field("name_en", STRING, "Name without diacritics (`Bac Kan`).", required=True),
        Field("official_name_vi", STRING, "Official name with its administrative level (`tỉnh Bắc Kạn`, `thành phố "
                                          "Huế`).", required=True),
        Field("level", STRING, "`province` (a province or a centrally run city) or `country`.", required=True,
              enum=LEVELS),
        Field("aliases", STRING, "Other names the sources use, `;`-separated (`Thừa Thiên Huế;TP Huế`); matched like "
                                 "`name_vi`."),
        Field("current_province_id", STRING, "The place it belongs to today: the merged province for one merged on 1 "
                                             "July 2025, itself otherwise.", required=True),
        Field("current_since", DATE, "Date from which `current_province_id` applies, for a province merged into "
                                     "another; empty otherwise.", unit="ISO date"),
        Field("valid_from", DATE, "First day of a place formed by the merger (2025-07-01); empty for a place that "
                                  "existed before.", unit="ISO date"),
        Field("legal_basis", STRING, "The legal act behind the place: unchanged, merged into …, or formed from …."),
    ),
    primary_key=("province_id",),
    foreign_keys=(ForeignKey(("current_province_id",), "data/raw/provinces.csv", ("province_id",)),),
)

RAW_UNITS = Table(
    path="data/raw/units.csv",
    title="Units as written",
    description=(
        "The vocabulary of units as articles write them, and what each means in the codebook's units. Declared "
        "data, not code: a new article with a new unit word adds a row here. A word is declared once for any "
        "indicator and, where it means something else for one indicator, once more for that indicator: the pair "
        "(`unit_as_written`, `indicator_id`) is the key, and a duplicate pair is an error."
    ),
    fields=(
        Field("unit_as_written", STRING, "A unit as printed (`trạm BTS`, `thuê bao/100 dân`, `triệu đồng`); compared "
                                         "after NFC folding, then case-insensitively.", required=True,
              pattern=TRIMMED),
        Field("indicator_id", STRING, "Empty: the row applies to the figures of any indicator. An indicator id "
                                      "(indicators.csv): the row applies only to that indicator's figures and wins "
                                      "over the row with an empty `indicator_id`; its `unit` is that indicator's unit "
                                      "(or `%` or `times`, for its changes)."),
        Field("unit", STRING, "The canonical unit it stands for: the `unit` of some indicator, or `%`, `times` (a "
                              "multiple, `lần`: a change written \"gấp 2,5 lần\" fits any indicator) or `points` (an "
                              "index score, `điểm`).", required=True),
        Field("factor", NUMBER, "What one of it is in the canonical unit (`triệu đồng` → 1000000 VND): a finite "
                                "positive number. Multiplies the value, after any scale word in the value itself "
                                "(`10 tỷ`); a product past float64's range rejects the row.",
              unit="canonical unit per unit as written", required=True, exclusive_minimum=0),
        Field("note", STRING, "Anything a reader should know about the mapping."),
    ),
    primary_key=("unit_as_written", "indicator_id"),
    foreign_keys=(ForeignKey(("indicator_id",), "data/raw/indicators.csv", ("indicator_id",)),),
)

RAW_CORRECTIONS = Table(
    path="data/raw/corrections.csv",
    title="Declared corrections",
    description=(
        "Declared corrections of raw figures (after Our World in Data's etl): the raw file keeps what the article "
        "printed; a correction replaces one cell during cleaning, with a reason, and the cleaned row names the "
        "correction in its `corrections` column. A correction whose `value_as_written` no longer matches the raw "
        "cell fails validation, so a correction never silently outlives the data it fixed."
    ),
    fields=(
        _id("correction_id", "Stable id (`c001`)."),
        Field("figure_id", STRING, "The figure corrected (figures.csv).", required=True),
        Field("column", STRING, "The column of figures.csv replaced: a coding or an as-written column, never the "
                                "locator or the ids.", required=True, enum=CORRECTABLE),
        Field("value_as_written", STRING, "The raw cell as it stands (a guard: it must still match)."),
        Field("corrected_value", STRING, "The value used instead, written the way the raw column is written."),
        Field("reason", STRING, "Why, with the evidence (another source, the article's own text, an official "
                                "statistic).", required=True),
    ),
    primary_key=("correction_id",),
    foreign_keys=(ForeignKey(("figure_id",), "data/raw/figures.csv", ("figure_id",)),),
)

RAW_RELATIONS = Table(
    path="data/raw/relations.csv",
    title="Relations between indicators",
    description=(
        "Declared relations between indicators: which share is a share of which counts, which count is part of "
        "which whole, which two close concepts may be compared with a caveat. Data, not code: a new article with a "
        "new pair of related figures adds a row here."
    ),
    fields=(
        _id("relation_id", "Stable id (`r01`)."),
        Field("relation", STRING, "`share_of`: the indicator is 100 × count / whole; `per_100_of`: count per 100 of "
                                  "the whole; `part_of`: the indicator's value never exceeds the whole's; "
                                  "`comparable`: two concepts of one family close enough to compare with a caveat.",
              required=True, enum=RELATION_TYPES),
        Field("indicator_id", STRING, "The share, density, part, or one of the two comparable indicators.",
              required=True),
        Field("of_indicator_id", STRING, "For `share_of` and `per_100_of`: the count it is computed from; for "
                                         "`comparable`: the other indicator; empty for `part_of`."),
        Field("whole", STRING, "For `share_of` and `per_100_of`: `ratio` (the count's own denominator, as in "
                               "`268.749/270.962`), `population` (the province's population, unknown but implied), "
                               "or the indicator id of the whole (then the share is **derived** wherever both counts "
                               "exist for one province, breakdown and date, and checked against a printed share); for "
                               "`part_of`: the whole's indicator id; empty for `comparable`."),
        Field("note", STRING, "Why the relation holds; for `comparable`, why the two may be compared and the caveat "
                              "that travels with every comparison (required then)."),
    ),
    primary_key=("relation_id",),
    foreign_keys=(ForeignKey(("indicator_id",), "data/raw/indicators.csv", ("indicator_id",)),
                  ForeignKey(("of_indicator_id",), "data/raw/indicators.csv", ("indicator_id",))),
)

RAW_BREAKDOWNS = Table(
    path="data/raw/breakdowns.csv",
    title="Names of breakdowns",
    description=(
        "How each breakdown of figures.csv (an operator, a level of government, a kind of service) is named in the "
        "reports: an English report never shows a Vietnamese label it could translate. A breakdown without a row "
        "is shown as written, and `python -m analysis validate` lists it."
    ),
    fields=(
        Field("breakdown", STRING, "The breakdown exactly as in figures.csv (after corrections).", required=True,
              unique=True, pattern=TRIMMED),
        Field("name_en", STRING, "Its name in English reports.", required=True),
        Field("name_vi", STRING, "Its name in Vietnamese reports.", required=True),
        Field("note", STRING, "What the breakdown belongs to (an operator, a sub-index), where helpful."),
    ),
    primary_key=("breakdown",),
)

# ---------------------------------------------------------------- the processed layer (written by the notebooks)

_PROVINCE_ID = Field("province_id", STRING, "The province (data/raw/provinces.csv), as it was at the figure's date.",
                     required=True)
_PROVINCE = Field("province", STRING, "Its Vietnamese name (NFC).", required=True)
_CURRENT = Field("current_province", STRING, "The province it belongs to today (after the merger of 1 July 2025).",
                 required=True)
_BREAKDOWN = Field("breakdown", STRING, "The subgroup (operator, level …); empty for the whole universe.")
_INDICATOR = Field("indicator_id", STRING, "What is measured (data/raw/indicators.csv).", required=True)
_PROVINCES_FK = ForeignKey(("province_id",), "data/raw/provinces.csv", ("province_id",))
_INDICATORS_FK = ForeignKey(("indicator_id",), "data/raw/indicators.csv", ("indicator_id",))


def _flag_list(table: str) -> str:
    """A placeholder for the flags of ``table``, filled in when a description is rendered
    (:func:`analysis.docs.dictionary.described`).

    Why not the list itself: :mod:`analysis.docs.flags` imports the cleaning code, which reads its columns from
    here; the flags are looked up once every module is loaded.
    """
    return f"<flags of {table}>"


FIGURES = Table(
    path="data/processed/figures.csv",
    title="Clean figures",
    description=(
        "Written by `notebooks/01_clean.ipynb` (`make report`): one tidy row per raw figure that could be cleaned, "
        "in raw-row order, then the derived shares. Every raw row is here (`origin` `reported`) or in "
        "rejected.csv, never both, never neither. Valid data never stops the cleaning or the results: a figure "
        "they cannot use is a rejected row with the reason, and no figures at all (or none of a kind: no targets, no "
        "changes) give these tables and growth, targets, checks and series with their header only."
    ),
    fields=(
        Field("figure_id", STRING, "The raw row (data/raw/figures.csv); for a derived row "
                                   "`<relation_id>:<count id>/<whole id>`.", required=True, unique=True),
        Field("source_id", STRING, "The article (data/raw/sources.csv).", required=True),
        Field("province", STRING, "The place the figure is about (the source's, unless the raw row names another "
                                  "`place`), as it was then (Vietnamese, NFC).", required=True),
        Field("province_id", STRING, "Its id (data/raw/provinces.csv).", required=True),
        Field("current_province", STRING, "The province it belongs to today (after the merger of 1 July 2025).",
              required=True),
        Field("current_province_id", STRING, "Its id.", required=True),
        _INDICATOR,
        Field("kind", STRING, "`actual`, `target` or `change`, as in the raw row (after corrections).", required=True,
              enum=KINDS),
        Field("period_type", STRING, "What the figure's time reference is, and so what may be computed from it (see "
                                     "\"Concepts, period types and what may be compared\").", required=True,
              enum=PERIOD_TYPES),
        Field("breakdown", STRING, "Subgroup of the indicator's universe, as written (operator, level, severity); "
                                   "empty for the whole universe."),
        Field("value", NUMBER, "The figure as a number in `unit`: thousands and decimals read by the source's number "
                               "format, scale words and unit factors applied (`10 tỷ đồng` → 10000000000); negative for "
                               "a fall. For a range, its low end; for a ratio, its numerator.", unit="`unit`",
              required=True),
        Field("value_high", NUMBER, "The high end of a range (`75 - 100` → 100); empty otherwise.", unit="`unit`"),
        Field("denominator", NUMBER, "The whole of a ratio (`3/13` → 13); empty otherwise.", unit="`unit`",
              exclusive_minimum=0),
        Field("unit", STRING, "The codebook's canonical unit; `%` for a change written in per cent (relative change "
                              "or percentage points: see `flags`); `times` for a change written as a multiple "
                              "(`gấp 2,5 lần`).", required=True),
        Field("qualifier", STRING, "How the number bounds the figure: `exact`; `more_than` (trên, hơn); `at_least` "
                                   "(tối thiểu, từ); `about` (khoảng); `nearly` (gần); `at_most`; `less_than` (dưới); "
                                   "`range`; `ratio`.", required=True, enum=QUALIFIERS),
        Field("period_start", DATE, "First day of the period a flow, a window or an event covers (stations installed "
                                    "in 9 months); empty for stocks (levels and shares at a date refer to `period_end` "
                                    "only) and where the start is not known (flagged `period_start_unknown`).",
              unit="ISO date"),
        Field("period_end", DATE, "The date the figure refers to (a level's date, a span's last day, a target's "
                                  "deadline).", unit="ISO date", required=True),
        Field("comparison_basis", STRING, "For a change, its basis as written (`so với năm 2023`)."),
        Field("basis_start", DATE, "First day of the basis period.", unit="ISO date"),
        Field("basis_end", DATE, "Last day of the basis period.", unit="ISO date"),
        Field("published", DATE, "The article's publication date (see sources.csv for how it was determined).",
              unit="ISO date", required=True),
        Field("flags", STRING, "`;`-separated, sorted: how the figure was read where the reading is not the plain "
                               f"one; any of {_flag_list('data/processed/figures.csv')} (see \"Flags\")."),
        Field("value_as_written", STRING, "The raw value, for reading the row against the article; empty for a "
                                          "derived row.", unit="as written"),
        Field("corrections", STRING, "`;`-separated ids of the declared corrections applied (corrections.csv); empty "
                                     "for none."),
        Field("origin", STRING, "`reported`: a raw figure of an article; `derived`: a share computed from two "
                                "reported counts of one province, breakdown and date by a `share_of` relation whose "
                                "whole is an indicator, where no article states it. Raw rows = `reported` rows + "
                                "rejected rows.", required=True, enum=ORIGINS),
        Field("derived_from", STRING, "For a derived row: the `;`-separated ids of the count and the whole it is "
                                      "computed from; empty otherwise."),
        Field("derivation", STRING, "For a derived row: the formula with its numbers and the relation (`100 × 192,579 "
                                    "/ 279,568 (r06: bk2022portal-13 / bk2022portal-12)`); empty otherwise."),
    ),
    primary_key=("figure_id",),
    foreign_keys=(ForeignKey(("source_id",), "data/raw/sources.csv", ("source_id",)), _INDICATORS_FK,
                  _PROVINCES_FK, ForeignKey(("current_province_id",), "data/raw/provinces.csv", ("province_id",))),
)

REJECTED = Table(
    path="data/processed/rejected.csv",
    title="Rejected figures",
    description=("Written by `notebooks/01_clean.ipynb`: every raw figure that could not be cleaned, with the "
                 "reason, its raw cells after corrections. A rejected row affects nothing downstream: rules that "
                 "compare rows (`page_date_before_reported_dates`), derived shares, growth, targets and checks see "
                 "only the clean rows (checks.csv reports a figure dated after its article, `dated_after_article`, "
                 "about that row alone)."),
    fields=(
        Field("figure_id", STRING, "The raw row (data/raw/figures.csv).", required=True, unique=True),
        Field("source_id", STRING, "The article.", required=True),
        Field("indicator_id", STRING, "What it measures.", required=True),
        Field("kind", STRING, "`actual`, `target` or `change`.", required=True, enum=KINDS),
        Field("value_as_written", STRING, "The raw value.", unit="as written", required=True),
        Field("unit_as_written", STRING, "The raw unit."),
        Field("qualifier_as_written", STRING, "The raw qualifier."),
        Field("period_as_written", STRING, "The raw period."),
        Field("comparison_as_written", STRING, "The raw comparison basis."),
        Field("stage", STRING, "The first step that refused it (value, period, comparison basis, unit, then the "
                               "sanity rules).", required=True, enum=STAGES),
        Field("reason", STRING, "Why, in words, naming the value (`malformed number '6.23.3' …`, `period ends "
                                "2024-12-31, after the publication date 2024-10-10`).", required=True),
    ),
    primary_key=("figure_id",),
    foreign_keys=(ForeignKey(("figure_id",), "data/raw/figures.csv", ("figure_id",)),
                  ForeignKey(("source_id",), "data/raw/sources.csv", ("source_id",))),
)

_FIGURE_REF = ("figure_id",)
GROWTH = Table(
    path="data/processed/growth.csv",
    title="Growth",
    description=(
        "Written by `notebooks/02_growth.ipynb`: how fast each series moves, one row per computation, for every "
        "province. A row compares two observations of **one series**, or says why it does not (a break). Years "
        f"are {YEAR_DAYS} days; months {YEAR_DAYS}/12 days. A row is identified by its method, its two figures "
        "and its reading."
    ),
    fields=(
        _PROVINCE_ID, _PROVINCE, _CURRENT,
        Field("indicator_id", STRING, "What is measured (for a break or a declared comparison: the later concept).",
              required=True),
        Field("from_indicator_id", STRING, "The concept of the earlier observation: the same as `indicator_id` except "
                                           "for `definition_break` and `comparable_change` rows.", required=True),
        _BREAKDOWN,
        Field("unit", STRING, "The unit of `from_value`, `to_value` and `abs_change` (`%` for shares and for a change "
                              "read in points; `<unit> per day` for `rate_change`).", required=True),
        Field("period_type", STRING, "The period type of the observations compared.", required=True,
              enum=SERIES_PERIOD_TYPES),
        Field("method", STRING, "`consecutive`: two successive observations of a series; `first_to_last`: first and "
                                "last of 3 or more; `run_rate`: a flow over its period; `rate_change`: two flows "
                                "through their rates per day; `definition_break`: two successive observations of a "
                                "family whose concept changes (both values, no change); `comparable_change`: across "
                                "two concepts declared comparable; `reported_change`: a change as the article states "
                                "it, one row per reading; `baseline_absolute`: level − change; `baseline_relative`: "
                                "level / (1 + change/100); `baseline_points`: share level − change read as points; "
                                "`implied_base`: change / (change % / 100), when an article gives both.",
              required=True, enum=METHODS),
        Field("reading", STRING, "For changes and baselines: `absolute` (in the indicator's unit), `relative` (in % "
                                 "of the earlier value) or `points` (percentage points of a share). A change of a "
                                 "share written in % gives one row per reading, flagged "
                                 "`ambiguous_points_or_relative`; each fills only its own column. A change written as "
                                 "a multiple (unit `times`) has no reading yet and gives no row. Empty for rows "
                                 "between observations.", enum=READINGS),
        Field("status", STRING, "Status of the comparison, after Eurostat's observation flags: `b` break in series (a "
                                "definition change: both sides, no change), `d` definition differs (compared across a "
                                "declared `comparable` relation, with its caveat), `e` estimated (a baseline "
                                "back-calculated from a change); empty otherwise.", enum=STATUSES),
        Field("from_figure_id", STRING, "The earlier figure, or the change figure a baseline comes from; empty for "
                                        "run-rates and reported changes."),
        Field("to_figure_id", STRING, "The later figure (the level, the flow, or the change).", required=True),
        Field("from_start", DATE, "Start of the earlier window or period (windows and flows); empty otherwise.",
              unit="ISO date"),
        Field("from_date", DATE, "Date of the earlier value (the end of its window or period, or the end of a "
                                 "change's basis); empty where a change's basis is not written (flag "
                                 "`basis_date_unknown`: then no interval and no rate per year).", unit="ISO date"),
        Field("to_start", DATE, "Start of the later window or period (windows, flows, run-rates, events).",
              unit="ISO date"),
        Field("to_date", DATE, "Date of the later value (the end of its window or period).", unit="ISO date",
              required=True),
        Field("days", NUMBER, "Days between `from_date` and `to_date`; for run-rates, days in the period counted "
                              "inclusively.", unit="days"),
        Field("from_value", NUMBER, "The earlier value; for baselines the back-calculated one; for `rate_change` the "
                                    "earlier rate per day. A range counts as its midpoint.", unit="`unit`"),
        Field("to_value", NUMBER, "The later value (for `rate_change`, the later rate per day).", unit="`unit`"),
        Field("abs_change", NUMBER, "Counts and other amounts: `to_value − from_value`; for a reported change read as "
                                    "absolute, the change itself. Empty for shares and rates in % (their change is "
                                    "`pp_change`: one number, one column) and for a break.", unit="`unit`"),
        Field("rel_change_pct", NUMBER, "`(to_value / from_value − 1) × 100`; for a share an extra only; empty for a "
                                        "zero or missing base (flagged) and for a rank.", unit="%"),
        Field("pp_change", NUMBER, "For shares and rates in %: the change in percentage points.",
              unit="percentage points"),
        Field("pp_per_year", NUMBER, "For shares and rates in %: `pp_change / (days / 365.25)`, linear, between two "
                                     f"dated levels or windows; empty under {MIN_INTERVAL_DAYS} days, for a baseline "
                                     "of an event or a flow, and for a reported change of a window (its own window "
                                     "is not written).", unit="percentage points per year"),
        Field("annualized_pct", NUMBER, "Counts, amounts (money, area, length) and densities only: "
                                        "`((to/from)^(365.25/days) − 1) × 100`; never for a share or a rate in %, an "
                                        "index, an event or a flow; empty where there is no positive base or fewer "
                                        f"than {MIN_INTERVAL_DAYS} days between the dates.", unit="% per year"),
        Field("per_day", NUMBER, "Run-rates: the flow per day.", unit="`unit` per day"),
        Field("per_month", NUMBER, "Run-rates: the flow per month.", unit="`unit` per month"),
        Field("per_year", NUMBER, "Run-rates: the flow per year.", unit="`unit` per year"),
        Field("flags", STRING, "`;`-separated, sorted: how the numbers were chosen and the date caveats of the "
                               f"figures compared; any of {_flag_list('data/processed/growth.csv')} (see \"Flags\")."),
        Field("refuted_by", STRING, "The `check_id`s of checks.csv that rule this reading out (a base that exceeds "
                                    "its whole, a share base outside [0, 100]): on the baseline the check tested and on "
                                    "the change's own `reported_change` row of that reading; empty where no check "
                                    "does."),
        Field("note", STRING, "The arithmetic of a baseline, the change as written, the windows compared, or the "
                              "caveat of a declared comparison."),
    ),
    primary_key=("method", "from_figure_id", "to_figure_id", "reading"),
    foreign_keys=(_INDICATORS_FK, _PROVINCES_FK,
                  ForeignKey(("to_figure_id",), "data/processed/figures.csv", _FIGURE_REF),
                  ForeignKey(("from_figure_id",), "data/processed/figures.csv", _FIGURE_REF)),
)

TARGETS = Table(
    path="data/processed/targets.csv",
    title="Progress toward targets",
    description=(
        "Written by `notebooks/02_growth.ipynb`: every target against the latest comparable actual of its "
        "province on or before the as-of date, with a verdict and its reason (see \"Verdicts\")."
    ),
    fields=(
        Field("target_figure_id", STRING, "The target figure.", required=True, unique=True),
        _PROVINCE_ID, _PROVINCE, _CURRENT, _INDICATOR, _BREAKDOWN,
        Field("unit", STRING, "Unit of the values, gap and paces.", required=True),
        Field("target_value", NUMBER, "The target (a range's low end).", unit="`unit`", required=True),
        Field("target_high", NUMBER, "A range target's high end.", unit="`unit`"),
        Field("target_qualifier", STRING, "How the target is written: `more_than` must be exceeded, `less_than` "
                                          "undercut, a `range` reached at its near end.", required=True,
              enum=QUALIFIERS),
        Field("deadline", DATE, "The date by which it is due.", unit="ISO date", required=True),
        Field("as_of", DATE, "The date progress is measured at: by default the newest article **of that province** "
                             "(so an article about another province never moves it); the notebook parameter `as_of` "
                             "sets one date for all.", unit="ISO date", required=True),
        Field("latest_figure_id", STRING, "The latest comparable actual on or before `as_of`; empty if none."),
        Field("latest_indicator_id", STRING, "Its indicator: the target's own, or one declared `comparable` (then "
                                             "`status` is `d`)."),
        Field("latest_value", NUMBER, "Its value.", unit="`unit`"),
        Field("latest_date", DATE, "Its date.", unit="ISO date"),
        Field("latest_age_days", NUMBER, "Days from `latest_date` to `as_of`.", unit="days", minimum=0),
        Field("first_figure_id", STRING, "The first actual of the same series (for the pace achieved)."),
        Field("first_value", NUMBER, "Its value.", unit="`unit`"),
        Field("first_date", DATE, "Its date.", unit="ISO date"),
        Field("actuals", INTEGER, "How many actuals of the series there are up to `as_of`.", unit="count",
              required=True, minimum=0),
        Field("gap", NUMBER, "goal − `latest_value`, where the goal is the target's number, or a range's near end "
                             "(its low end; its high end where lower is better).", unit="`unit`"),
        Field("years_left", NUMBER, f"`(deadline − as_of) / {YEAR_DAYS} days`; negative when overdue.", unit="years",
              required=True),
        Field("years_from_latest", NUMBER, f"`(deadline − latest_date) / {YEAR_DAYS} days`: the time the pace needed "
                                           "is spread over.", unit="years"),
        Field("pace_needed_per_year", NUMBER, "`gap / years_from_latest`: the linear pace needed from the latest "
                                              "actual's date.", unit="`unit` per year"),
        Field("pace_achieved_per_year", NUMBER, "`(latest − first) / years between them`: the linear pace so far (2 "
                                                "or more actuals).", unit="`unit` per year"),
        Field("status", STRING, "`d` where the actual is of a concept declared comparable (its caveat is in "
                                "`reason`); empty otherwise.", enum=TARGET_STATUSES),
        Field("verdict", STRING, "Whether the target is met, on track or off track, or why that is unknown "
                                 "(`reason_code`).", required=True, enum=VERDICTS),
        Field("reason_code", STRING, "Why, as a code: the first rule of \"Verdicts\" that applies (a latest actual "
                                     f"more than {MAX_ACTUAL_AGE_DAYS} days old is `too_old`).", required=True,
              enum=REASONS),
        Field("reason", STRING, "Why, in one sentence with the numbers.", required=True),
    ),
    primary_key=("target_figure_id",),
    foreign_keys=(ForeignKey(("target_figure_id",), "data/processed/figures.csv", _FIGURE_REF),
                  ForeignKey(("latest_figure_id",), "data/processed/figures.csv", _FIGURE_REF),
                  ForeignKey(("first_figure_id",), "data/processed/figures.csv", _FIGURE_REF),
                  _INDICATORS_FK, _PROVINCES_FK),
)

CHECKS_TABLE = Table(
    path="data/processed/checks.csv",
    title="Consistency checks",
    description=(
        "Written by `notebooks/02_growth.ipynb`: consistency checks across figures and sources, errors and "
        "warnings first. `ok` rows are kept to show what was compared. Tolerances follow the precision the "
        "article printed (`83` may be 82.5–83.5)."
    ),
    fields=(
        Field("check_id", STRING, "Stable id: the check, its figure ids and, for a reading, the reading "
                                  "(`part_within_whole:bk2024bao-11;bk2024bao-12;bk2022portal-12:relative`).",
              required=True, unique=True),
        Field("check", STRING, "What is checked: " + "; ".join(f"`{name}`: {what}" for name, what in CHECKS.items())
              + ".", required=True, enum=CHECKS),
        Field("severity", STRING, f"`{ERROR}` (cannot both be true), `{WARNING}` (hard to reconcile), `{OK}`.",
              required=True, enum=SEVERITIES),
        Field("province_id", STRING, "The province; empty where a rejected figure's article has no clean figure."),
        Field("indicator_id", STRING, "The indicator checked; empty where the check spans indicators."),
        Field("reading", STRING, "The reading of a change whose consequence is checked; empty otherwise. A failing "
                                 "`part_within_whole` or `share_base_in_range` refutes that reading (growth.csv "
                                 "`refuted_by`).", enum=READINGS),
        Field("figure_ids", STRING, "`;`-separated figures involved.", required=True),
        Field("observed", NUMBER, "The value tested: the printed share, the part, the base implied by a change, the "
                                  "later source's value, the sum of subgroups, the later implied population; for "
                                  "`dated_after_article`, the days after publication.", unit="`unit`"),
        Field("expected", NUMBER, "What it is tested against: the recomputed share, the whole, the earlier level, the "
                                  "other source's value, the total, the other implied population.", unit="`unit`"),
        Field("difference", NUMBER, "`observed − expected`.", unit="`unit`"),
        Field("tolerance", NUMBER, "How far apart they may be: half a unit of the last printed digit (both sources' "
                                   "for `cross_source`), 5 % of the earlier level for `change_vs_earlier_level`, the "
                                   "half-widths of both intervals for `implied_population`, 0 for bounds.",
              unit="`unit`", minimum=0),
        Field("unit", STRING, "The unit of `observed`, `expected`, `difference` and `tolerance`."),
        Field("numbers", STRING, "The numbers compared, as text.", required=True),
        Field("explanation", STRING, "One sentence.", required=True),
    ),
    primary_key=("check_id",),
    foreign_keys=(_INDICATORS_FK, _PROVINCES_FK),
)

SERIES = Table(
    path="data/processed/series.csv",
    title="Series",
    description=(
        "Written by `notebooks/02_growth.ipynb`: one row per series (province, indicator, breakdown) of statistics "
        "(scope numbers form none), so that a researcher sees what can be compared over time before looking for "
        "growth."
    ),
    fields=(
        Field("province_id", STRING, "The province (historical).", required=True),
        _PROVINCE, _CURRENT,
        Field("indicator_id", STRING, "The indicator: one concept of one universe.", required=True),
        Field("breakdown", STRING, "The subgroup; empty for the whole universe."),
        Field("family", STRING, "The family of close concepts it belongs to (indicators.csv).", required=True),
        Field("concept", STRING, "What is counted (indicators.csv)."),
        Field("universe", STRING, "Of what (indicators.csv)."),
        Field("unit", STRING, "The indicator's unit."),
        Field("period_type", STRING, "The period type of its actual figures.", required=True,
              enum=SERIES_PERIOD_TYPES),
        Field("observations", INTEGER, "Actual figures of the series, reported and derived.", unit="count",
              required=True, minimum=0),
        Field("derived", INTEGER, "How many of them are derived shares.", unit="count", required=True, minimum=0),
        Field("changes", INTEGER, "Change figures of the series.", unit="count", required=True, minimum=0),
        Field("targets", INTEGER, "Target figures of the series.", unit="count", required=True, minimum=0),
        Field("first_date", DATE, "Date of the first observation.", unit="ISO date"),
        Field("last_date", DATE, "Date of the last observation.", unit="ISO date"),
        Field("source_ids", STRING, "`;`-separated sources of any figure of the series.", required=True),
        Field("growth_rows", INTEGER, "Rows of growth.csv that compare observations of the series over time "
                                      "(`consecutive`, `first_to_last`, `comparable_change`, `rate_change`, "
                                      "`run_rate`); reported changes, baselines and breaks are not counted.",
              unit="count", required=True, minimum=0),
        Field("computable", BOOLEAN, "Whether a change over time can be computed (two or more observations on "
                                     "different dates, not an event, flows with their starts).", required=True,
              true_false=("True", "False")),
        Field("why_not", STRING, "Where it cannot, why; empty where it can.", enum=WHY_NOT.values()),
        Field("family_members_observed", STRING, "Other indicators of its family observed in the province and "
                                                 "breakdown (`;`-separated): close concepts that are never compared "
                                                 "with this one."),
    ),
    primary_key=("province_id", "indicator_id", "breakdown"),
    foreign_keys=(_INDICATORS_FK, _PROVINCES_FK),
)

RAW_TABLES = (RAW_SOURCES, RAW_FIGURES, RAW_INDICATORS, RAW_PROVINCES, RAW_UNITS, RAW_CORRECTIONS, RAW_RELATIONS,
              RAW_BREAKDOWNS)
PROCESSED_TABLES = (FIGURES, REJECTED, GROWTH, TARGETS, CHECKS_TABLE, SERIES)

#: path (relative to the project root) → table: every CSV of the published dataset.
TABLES: dict[str, Table] = {t.path: t for t in (*RAW_TABLES, *PROCESSED_TABLES)}
