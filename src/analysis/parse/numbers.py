"""Numbers as Vietnamese (and English) articles write them → floats, bounds and a qualifier.

Vietnamese prints ``6.233`` for six thousand two hundred and thirty-three and ``69,72`` for a
decimal; English the other way round. The source's declared number format decides, and a string
that could be read both ways (``1.100`` in an English source) is an error that says why, never a
guess. Everything here is vectorized over a column: the cleaning step runs on millions of rows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.core.errors import shorten_series
from analysis.core.text import fold_series

#: (thousands separator, decimal separator) per number format of sources.csv.
SEPARATORS: dict[str, tuple[str, str]] = {"vi": (".", ","), "en": (",", ".")}

#: A well-formed number token per format: grouped thousands, or plain digits, with optional decimals.
VALID_NUMBER: dict[str, str] = {
    "vi": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
}
#: Tokens that the other format would read as a thousands group: "1,100" in vi, "1.100" in en.
AMBIGUOUS_NUMBER: dict[str, str] = {"vi": r"[1-9]\d{0,2},\d{3}", "en": r"[1-9]\d{0,2}\.\d{3}"}

#: Most digits a number may have (leading zeros aside): float64 holds 15 significant decimal digits exactly
#: (DBL_DIG), so a 16th would be rounded away and 309 or more read as inf. Articles write large amounts with a
#: scale word ("10 tỷ"), which adds no digit.
MAX_DIGITS = 15

#: Scale words after a number. Longer phrases first: "nghìn tỷ" is a thousand billion.
SCALE_WORDS: dict[str, float] = {
    "nghìn tỷ": 1e12, "ngàn tỷ": 1e12, "nghìn tỉ": 1e12, "ngàn tỉ": 1e12,
    "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
    "thousand": 1e3, "million": 1e6, "billion": 1e9,
}

from analysis.core.vocabulary import QUALIFIERS  # noqa: E402,F401 (the closed set of qualifiers of a cleaned figure)
#: Qualifiers that bound a value on one side ("trên 80%", "top 10"): the value itself is not known.
BOUNDS = frozenset({"more_than", "at_least", "less_than", "at_most"})

#: Qualifier words as articles write them → the closed set. Lower case, NFC.
QUALIFIER_WORDS: dict[str, str] = {
    "": "exact", "duy nhất": "exact", "đúng": "exact",
    "trên": "more_than", "hơn": "more_than", "vượt": "more_than", "hơn mức": "more_than",
    "more than": "more_than", "over": "more_than", "above": "more_than",
    "từ": "at_least", "tối thiểu": "at_least", "ít nhất": "at_least", "at least": "at_least",
    "khoảng": "about", "xấp xỉ": "about", "chừng": "about", "ước": "about", "ước tính": "about",
    "about": "about", "around": "about", "approximately": "about",
    "gần": "nearly", "gần như": "nearly", "nearly": "nearly", "almost": "nearly",
    "tối đa": "at_most", "không quá": "at_most", "up to": "at_most", "at most": "at_most",
    "dưới": "less_than", "chưa đến": "less_than", "chưa tới": "less_than",
    # a rank "in the top 10" or "in the group of 15" is at most that rank
    "top": "at_most", "trong top": "at_most", "lọt vào top": "at_most", "lọt top": "at_most",
    "thuộc nhóm": "at_most", "nằm trong nhóm": "at_most", "trong nhóm": "at_most", "một trong": "at_most",
    "among the top": "at_most", "in the top": "at_most", "surpassed": "more_than", "exceeded": "more_than",
    "từ khoảng": "about",
    "less than": "less_than", "under": "less_than", "below": "less_than",
}

_NUMBER = r"[0-9][0-9.,]*"
_SCALE = "|".join(re.escape(word) for word in sorted(SCALE_WORDS, key=len, reverse=True))
VALUE_PATTERN = re.compile(
    rf"(?:(?P<lead>từ|from)\s+)?"
    rf"(?P<a>{_NUMBER})\s*(?P<scale_a>{_SCALE})?\s*(?P<pct_a>%)?"
    rf"(?:\s*(?P<sep>-|–|—|đến|tới|to|/)\s*"
    rf"(?P<b>{_NUMBER})\s*(?P<scale_b>{_SCALE})?\s*(?P<pct_b>%)?)?",
    re.IGNORECASE,
)

PARSED_COLUMNS = ("value", "value_high", "denominator", "percent", "qualifier", "error")

#: Values as articles of each number format write them: a test parses every one, and the
#: "not a number" error shows them, so whoever enters a figure sees how to write it.
VALUE_EXAMPLES: dict[str, tuple[str, ...]] = {
    "vi": ("6.233", "69,72", "02", "10 tỷ", "21,77 triệu", "2 ngàn", "50%", "75 - 100", "từ 75 đến 100",
           "268.749/270.962", "8,1/12"),
    "en": ("6,233", "69.72", "02", "10 billion", "2.5 million", "50%", "75 - 100", "from 75 to 100",
           "268,749/270,962", "8.1/12"),
}


def accepted_forms(number_format: str = "vi") -> list[str]:
    """Values as a source of that number format writes them (Vietnamese for an unknown format)."""
    return list(VALUE_EXAMPLES.get(number_format, VALUE_EXAMPLES["vi"]))


def _forms_hint(number_format: str) -> str:
    """'accepted forms: '6.233', '69,72', …': quoted, since a Vietnamese decimal comma would blur a list."""
    return "accepted forms: " + ", ".join(f"'{form}'" for form in accepted_forms(number_format))


_HINTS = {fmt: _forms_hint(fmt) for fmt in VALUE_EXAMPLES}


def parse_number_tokens(tokens: pd.Series, number_format: pd.Series,
                        scaled: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """Number tokens (``6.233``, ``69,72``) → floats, read by each row's number format.

    A token that the other format would read as thousands (``1,488`` in a Vietnamese source) is
    ambiguous, unless a scale word follows (``1,488 triệu``): nobody groups thousands before a scale
    word, so the decimal reading stands. Returns (values, errors); a row with an error has NaN and a
    reason naming the token.
    """
    scaled = pd.Series(False, index=tokens.index) if scaled is None else scaled.fillna(False).astype(bool)
    values = pd.Series(np.nan, index=tokens.index, dtype="float64")
    errors = pd.Series(pd.NA, index=tokens.index, dtype="string")
    present = tokens.notna()
    known = number_format.isin(SEPARATORS.keys())
    errors[present & ~known] = "unknown number format " + number_format[present & ~known].astype("string").fillna("")
    for fmt, (thousands, decimal) in SEPARATORS.items():
        rows = present & (number_format == fmt)
        if not rows.any():
            continue
        token = tokens[rows].astype("string")
        ambiguous = token.str.fullmatch(AMBIGUOUS_NUMBER[fmt]).astype(bool) & ~scaled[rows]
        valid = token.str.fullmatch(VALID_NUMBER[fmt]).astype(bool) & ~ambiguous
        other = "en" if fmt == "vi" else "vi"
        errors[ambiguous[ambiguous].index] = (
            "ambiguous number '" + shorten_series(token[ambiguous]) + f"' for number format '{fmt}': "
            f"'{decimal}' marks decimals here, but it may be '{other}' thousands; "
            "declare a correction with the reading"
        )
        malformed = ~valid & ~ambiguous
        errors[malformed[malformed].index] = (
            "malformed number '" + shorten_series(token[malformed]) + f"' for number format '{fmt}' "
            f"(thousands '{thousands}' in groups of 3 digits, decimals after '{decimal}')"
        )
        digits = token.str.replace(r"\D", "", regex=True).str.lstrip("0").str.len()
        long = valid & (digits > MAX_DIGITS)
        errors[long[long].index] = (
            "number '" + shorten_series(token[long]) + "' has " + digits[long].astype("string")
            + f" digits, more than the {MAX_DIGITS} a float64 holds exactly; check the value"
        )
        valid = valid & ~long
        ok = valid[valid].index
        values[ok] = (
            token[ok].str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False).astype(float)
        )
    return values, errors


def parse_qualifiers(words: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Qualifier words as written → the closed set; unknown words are errors, not 'exact'."""
    words = words.fillna("")
    distinct = pd.Series(words.unique())  # a handful of words, however many rows
    folded = pd.Series(fold_series(distinct).str.lower().to_numpy(), index=distinct.to_numpy())
    folded = words.map(folded).astype("string")  # text even when there are no rows
    qualifier = folded.map(QUALIFIER_WORDS).astype("string")
    errors = pd.Series(pd.NA, index=words.index, dtype="string")
    unknown = qualifier.isna()
    errors[unknown] = "unknown qualifier '" + shorten_series(folded[unknown]) + "' (known: " + ", ".join(
        sorted(w for w in QUALIFIER_WORDS if w)) + ")"
    return qualifier, errors


#: Numbers written as words (a value that is only the word): Vietnamese and English, ordinals of ranks.
NUMBER_WORDS: dict[str, int] = {
    **{w: i for i, w in enumerate(("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
                                   "mười một", "mười hai"), start=1)},
    **{w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                   "eleven", "twelve"), start=1)},
    **{w: i for i, w in enumerate(("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                   "ninth", "tenth", "eleventh", "twelfth"), start=1)},
}
#: "96 out of 99", "10 of 13": an English ratio, read like "96/99".
_OUT_OF = re.compile(r"^(?P<a>[0-9][0-9.,]*)\s+(?:out\s+)?of\s+(?P<b>[0-9][0-9.,]*)$", re.IGNORECASE)


def spelled_numbers(text: pd.Series) -> pd.Series:
    """Values written as a number word (``ba``, ``three``, ``twelfth``) or an English ratio → digits."""
    lower = text.str.lower().str.strip()
    words = lower.map(NUMBER_WORDS)
    text = text.where(words.isna(), words.astype("Int64").astype("string"))
    return text.str.replace(_OUT_OF, lambda m: f"{m['a']}/{m['b']}", regex=True)


def parse_values(values: pd.Series, number_format: pd.Series, qualifier_words: pd.Series | None = None) -> pd.DataFrame:
    """Values as written → value, value_high (range), denominator (ratio), percent sign, qualifier, error.

    Scale words multiply (``10 tỷ`` → 1e10); a scale written only after the upper bound of a range
    applies to both bounds (``1 - 2 triệu``). A range's qualifier is ``range``, a ratio's ``ratio``.
    """
    index = values.index
    text = spelled_numbers(fold_series(values.fillna("")))
    if qualifier_words is None:
        qualifier_words = pd.Series("", index=index)
    # Fast path: most values are a bare number token; only the rest needs the full grammar.
    match = pd.DataFrame(pd.NA, index=index, columns=list(VALUE_PATTERN.groupindex), dtype=object)
    bare = text.str.fullmatch(_NUMBER).astype(bool)
    match.loc[bare, "a"] = text[bare]
    rest = ~bare & (text != "")
    if rest.any():
        match.loc[rest] = text[rest].str.extract(rf"^(?:{VALUE_PATTERN.pattern})$", flags=re.IGNORECASE)
    matched = match["a"].notna()

    a, error_a = parse_number_tokens(match["a"], number_format, scaled=match["scale_a"].notna() | match["scale_b"].notna())
    b, error_b = parse_number_tokens(match["b"], number_format, scaled=match["scale_b"].notna())
    scale_a = match["scale_a"].str.lower().map(SCALE_WORDS).astype("float64")
    scale_b = match["scale_b"].str.lower().map(SCALE_WORDS).astype("float64")
    scale_a = scale_a.fillna(scale_b).fillna(1.0)
    scale_b = scale_b.fillna(1.0)
    a = a * scale_a
    b = b * scale_b

    ratio = match["sep"].eq("/").fillna(False).astype(bool)
    two_numbers = match["b"].notna()
    is_range = two_numbers & ~ratio
    qualifier, error_q = parse_qualifiers(qualifier_words)
    # "từ 75" written inside the value is a lower bound, like the qualifier word "từ"
    led = match["lead"].notna() & (qualifier == "exact")
    qualifier = qualifier.mask(led, "at_least").mask(is_range, "range").mask(ratio, "ratio")

    errors = pd.Series(pd.NA, index=index, dtype="string")
    errors = errors.fillna(error_q).fillna(error_b).fillna(error_a)
    nothing = ratio & (b == 0)  # "0/0", "3/0": a part of no whole is no number; the share would divide by 0
    errors[nothing & errors.isna()] = "ratio '" + shorten_series(text[nothing]) + "' has a whole of 0"
    hints = number_format[~matched].map(_HINTS).fillna(_HINTS["vi"])
    errors[~matched] = "not a number, range or ratio: '" + shorten_series(text[~matched]) + "'; " + hints
    errors[text == ""] = "empty value"

    result = pd.DataFrame(
        {
            "value": a,
            "value_high": b.where(is_range),
            "denominator": b.where(ratio),
            "percent": (match["pct_a"].notna() | match["pct_b"].notna()),
            "qualifier": qualifier,
            "error": errors,
        },
        index=index,
    )
    bad = result["error"].notna()
    result.loc[bad, ["value", "value_high", "denominator"]] = np.nan
    return result


def format_vi(number: float, decimals: int = 0) -> str:
    """A number as Vietnamese prints it: ``6.233``, ``69,72``. The inverse of the vi parser."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
