"""The closed sets of the dataset: the values a column may take, declared once, imported by everyone.

Why a module of its own: the raw reader (:mod:`analysis.ingest.rawdata`) checks these sets, the table
declarations (:mod:`analysis.core.tableschema`) publish them as ``enum`` constraints, and the schemas of the
processed tables (:mod:`analysis.core.schema`) enforce them. rawdata builds its checks from tableschema, so
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
#: The relations that derive an indicator from a count (100 × count / whole, count per 100 of whole).
DERIVING_RELATIONS = ("share_of", "per_100_of")
RELATION_TYPES = frozenset({*DERIVING_RELATIONS, "part_of", "comparable"})
#: The whole of a share_of / per_100_of relation, besides an indicator id.
IMPLIED_WHOLES = frozenset({"ratio", "population"})
#: A boolean of a raw file, or empty (indicators.csv ``higher_is_better``).
BOOLEAN_OR_EMPTY = frozenset({"true", "false", ""})
#: A place is a province (or a centrally run city) or the country as a whole.
LEVELS = frozenset({"province", "country"})
#: Columns of figures.csv that a declared correction may replace (corrections.csv ``column``).
CORRECTABLE = ("place", "indicator_id", "kind", "breakdown", "value_as_written", "unit_as_written",
               "qualifier_as_written", "period_as_written", "comparison_as_written")
#: A locator is the shortest phrase of the article that holds the figure: never more words than this (the
#: project keeps figures and a locator, never the text).
MAX_LOCATOR_WORDS = 12
#: Where a clean row comes from: a raw figure, or a share computed from two counts (analysis.clean.derive).
ORIGINS = ("reported", "derived")
#: rejected.csv ``stage``: the cleaning step that refused a raw row (analysis.clean.figures, in this order).
STAGES = ("value", "period", "comparison", "unit", "rules")

# ---------------------------------------------------------------- report languages and period types
#: The report languages (English, Vietnamese).
LANGS = ("en", "vi")

#: Period types of a clean figure (analysis.parse.concepts says how each is derived).
LEVEL, WINDOW, FLOW, EVENT, TARGET, CHANGE, SCOPE = "level", "window", "flow", "event", "target", "change", "scope"

#: Period type → what the figure's time reference is, and what may be computed from it.
PERIOD_TYPES: dict[str, str] = {
    LEVEL: "a stock at a date (a count or a share on that day): changes between levels",
    WINDOW: "a share or a rate over a window [start, end] (dossiers filed online from 1 January to 14 November): "
            "changes in points between windows, flagged when their lengths differ",
    FLOW: "an amount over a stated period (stations installed in 9 months): a run-rate per day, month and year; "
          "two flows are compared through their rates per day, flagged when the periods differ in length or season",
    EVENT: "a one-off event or campaign (a contest, an inspection round, a catch-up campaign): counted, "
           "never turned into a rate or annualized",
    TARGET: "a goal for a date: progress toward it in targets.csv",
    CHANGE: "a change against a basis (tăng … so với …): reported as written, one row per reading",
    SCOPE: "a number that describes structure or scope (3 administrative levels, 7 groups of measures): "
           "not a statistic, never in a series, a growth row or a chart",
}

#: The closed set of qualifiers of a cleaned figure (analysis.parse.numbers reads them from the words written).
QUALIFIERS = ("exact", "more_than", "at_least", "about", "nearly", "at_most", "less_than", "range", "ratio")

# ---------------------------------------------------------------- growth.csv
#: Methods, as they appear in the ``method`` column.
CONSECUTIVE = "consecutive"              # two successive observations of one series
FIRST_TO_LAST = "first_to_last"          # first and last of 3 or more observations
RUN_RATE = "run_rate"                    # a flow over its period, per day, month and year
RATE_CHANGE = "rate_change"              # two flows of one series, through their rates per day
DEFINITION_BREAK = "definition_break"    # consecutive observations of two concepts of one family: no change
COMPARABLE = "comparable_change"         # across two concepts declared comparable (status d)
REPORTED = "reported_change"             # a change as the article states it, one row per reading
BASE_ABSOLUTE = "baseline_absolute"      # level − change, the change in the indicator's unit
BASE_RELATIVE = "baseline_relative"      # level / (1 + change %)
BASE_POINTS = "baseline_points"          # share level − change read as percentage points
IMPLIED_BASE = "implied_base"            # absolute change / relative change, both given
BASELINES = (BASE_ABSOLUTE, BASE_RELATIVE, BASE_POINTS, IMPLIED_BASE)
METHODS = (CONSECUTIVE, FIRST_TO_LAST, RUN_RATE, RATE_CHANGE, DEFINITION_BREAK, COMPARABLE, REPORTED,
           BASE_ABSOLUTE, BASE_RELATIVE, BASE_POINTS, IMPLIED_BASE)

#: Readings of a change figure (growth.csv and checks.csv ``reading``).
ABSOLUTE, RELATIVE, POINTS = "absolute", "relative", "points"
READINGS = (ABSOLUTE, RELATIVE, POINTS)

#: Observation status, after Eurostat's flags: b break in series, d definition differs, e estimated.
BREAK, DEFINITION_DIFFERS, ESTIMATED = "b", "d", "e"
STATUSES = (BREAK, DEFINITION_DIFFERS, ESTIMATED)

#: Days in a year, for annualizing over exact day counts (leap years averaged in).
YEAR_DAYS = 365.25
#: Below this many days apart two observations count as one date (growth and checks): no rate per year.
MIN_INTERVAL_DAYS = 31

# ---------------------------------------------------------------- targets.csv
MET, ON_TRACK, OFF_TRACK, UNKNOWN = "met", "on track", "off track", "unknown"
VERDICTS = (MET, ON_TRACK, OFF_TRACK, UNKNOWN)

#: A latest actual older than this, before the as-of date, says nothing about progress since.
MAX_ACTUAL_AGE_DAYS = 365

#: Why a verdict was reached (the ``reason_code`` column; the report translates these).
REASONS = {
    "no_actual": "no actual of this concept for this province and breakdown",
    "other_concept": "the only actuals of the family measure another concept",
    "met": "the latest actual meets the target",
    "deadline_missed": "the deadline has passed and an actual on or after it falls short",
    "deadline_passed": "the deadline has passed with no actual on or after it",
    "too_old": f"the latest actual is more than {MAX_ACTUAL_AGE_DAYS} days older than the as-of date",
    "one_actual": "one actual only: the pace so far cannot be measured",
    "pace_enough": "the pace so far is at least the pace needed",
    "pace_short": "the pace so far is below the pace needed",
}

# ---------------------------------------------------------------- checks.csv
OK, WARNING, ERROR = "ok", "warning", "error"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, OK: 2}

# ---------------------------------------------------------------- series.csv
#: Why no change over time can be computed, by case (the ``why_not`` column).
WHY_NOT = {
    "event": "a one-off event or campaign: never turned into a rate; two editions only through a change an article reports",
    "no_actual": "no actual figure: only targets or changes",
    "one_flow_open": "one flow whose start is not written: no rate",
    "one_flow": "one period: a run-rate, but no change between periods",
    "one": "one observation",
    "one_date": "all observations on one date",
}
