"""The closed sets of the dataset: the values a column may take, declared once, imported by everyone.

Why a module of its own: the raw reader (:mod:`analysis.rawdata`) checks these sets, the table
declarations (:mod:`analysis.tableschema`) publish them as ``enum`` constraints, and the schemas of the
processed tables (:mod:`analysis.schema`) enforce them. rawdata builds its checks from tableschema, so
the sets live below both, here, where no module of the package is imported and no cycle can form.
A value added here is checked, validated and documented (``make docs``) at once.
"""

from __future__ import annotations

#: A row id: lower-case letters, digits, '-' and '_'.
ID_PATTERN = r"[a-z0-9][a-z0-9_-]*"
#: A trimmed, non-empty id (unit words and breakdowns are written as printed: spaces and capitals allowed).
TRIMMED = r"\S(?:.*\S)?"

#: figures.csv ``kind``.
KINDS = frozenset({"actual", "target", "change"})
#: sources.csv ``number_format``: how the article writes its numbers (``6.233`` is 6233 in ``vi``).
NUMBER_FORMATS = frozenset({"vi", "en"})
#: sources.csv ``published_precision``.
DATE_PRECISIONS = frozenset({"day", "month", "approximate"})
#: A stored article text: its number, then the first 16 hex digits of its SHA-256 (a plain name, no folder).
SOURCE_FILE = r"\d{3}_[0-9a-f]{16}\.txt"
#: indicators.csv ``measure_type``.
MEASURE_TYPES = frozenset(
    {"count", "share", "length", "area", "money", "density", "rate", "ratio", "duration", "index", "rank"}
)
#: How an indicator relates to time: a level at a date, an amount (or a share) over a period, a one-off.
TIME_REFERENCES = frozenset({"stock", "flow", "event"})
#: A statistic enters series, growth and charts; a scope number ("3 cấp", "7 nhóm giải pháp") never does.
ROLES = frozenset({"statistic", "scope"})
#: What a share of a network or service measures, where it matters: reach, offer, having, using.
ASPECTS = frozenset({"coverage", "availability", "possession", "use", ""})
#: Relations between indicators (data/raw/relations.csv).
RELATION_TYPES = frozenset({"share_of", "per_100_of", "part_of", "comparable"})
#: The whole of a share_of / per_100_of relation, besides an indicator id.
IMPLIED_WHOLES = frozenset({"ratio", "population"})
#: indicators.csv ``domain``: the pillar of digital transformation.
DOMAINS = frozenset(
    {"digital infrastructure", "digital government", "digital society", "digital economy", "other"}
)
#: A boolean of a raw file, or empty (indicators.csv ``higher_is_better``).
BOOLEAN_OR_EMPTY = frozenset({"true", "false", ""})
#: A place is a province (or a centrally run city) or the country as a whole.
LEVELS = frozenset({"province", "country"})
#: Columns of figures.csv that a declared correction may replace (corrections.csv ``column``).
CORRECTABLE = ("place", "indicator_id", "kind", "breakdown", "value_as_written", "unit_as_written",
               "qualifier_as_written", "period_as_written", "comparison_as_written")
#: Where a clean row comes from: a raw figure, or a share computed from two counts (analysis.derive).
ORIGINS = ("reported", "derived")
#: rejected.csv ``stage``: the cleaning step that refused a raw row (analysis.clean, in this order).
STAGES = ("value", "period", "comparison", "unit", "rules")
