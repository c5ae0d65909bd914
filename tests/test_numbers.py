"""Numbers as articles write them: Vietnamese and English separators, scale words, ranges, ratios, qualifiers.

Every expected value below is worked out by hand from the written text (the arithmetic is in the
comments where it is not obvious), never copied from the module's output.
"""

from __future__ import annotations

import math
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.parse.numbers import (
    QUALIFIER_WORDS,
    QUALIFIERS,
    SCALE_WORDS,
    VALUE_EXAMPLES,
    accepted_forms,
    format_vi,
    parse_number_tokens,
    parse_qualifiers,
    parse_values,
)

PROPERTY = settings(max_examples=50, deadline=None, database=None)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def tokens(token, fmt) -> tuple[float, object]:
    values, errors = parse_number_tokens(pd.Series([token], dtype="object"), pd.Series([fmt], dtype="object"))
    return values.iloc[0], errors.iloc[0]


def value(text, fmt="vi", qualifier="") -> pd.Series:
    """parse_values on a one-row column; the row as a Series."""
    frame = parse_values(pd.Series([text], dtype="object"), pd.Series([fmt], dtype="object"),
                         pd.Series([qualifier], dtype="object"))
    assert list(frame.columns) == ["value", "value_high", "denominator", "percent", "qualifier", "error"]
    return frame.iloc[0]


def same(actual, expected) -> bool:
    """Equal floats (to 1e-12 relative, for scaled decimals), or both missing."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return pd.isna(actual)
    return not pd.isna(actual) and actual == pytest.approx(expected, rel=1e-12, abs=0)


# --------------------------------------------------------------------------------------------------
# The closed sets

def test_qualifiers_are_the_closed_set():
    assert set(QUALIFIERS) == {"exact", "more_than", "at_least", "about", "nearly", "at_most",
                               "less_than", "range", "ratio"}
    assert len(QUALIFIERS) == 9  # no duplicates


def test_every_qualifier_word_maps_into_the_closed_set():
    assert set(QUALIFIER_WORDS.values()) <= set(QUALIFIERS)
    # "range" and "ratio" come from the shape of the value, never from a word
    assert "range" not in QUALIFIER_WORDS.values() and "ratio" not in QUALIFIER_WORDS.values()


def test_qualifier_words_are_lower_case_nfc_and_single_spaced():
    for word in QUALIFIER_WORDS:
        assert word == unicodedata.normalize("NFC", word).lower().strip(), word
        assert "  " not in word and "\u00a0" not in word, word


@pytest.mark.parametrize(
    ("word", "factor"),
    [
        ("nghìn", 1e3), ("ngàn", 1e3), ("thousand", 1e3),
        ("triệu", 1e6), ("million", 1e6),
        ("tỷ", 1e9), ("tỉ", 1e9), ("billion", 1e9),
        ("nghìn tỷ", 1e12), ("ngàn tỷ", 1e12), ("nghìn tỉ", 1e12), ("ngàn tỉ", 1e12),  # 1e3 × 1e9
    ],
)
def test_scale_words(word, factor):
    assert SCALE_WORDS[word] == factor


def test_scale_words_are_nfc():
    for word in SCALE_WORDS:
        assert unicodedata.is_normalized("NFC", word), word


# --------------------------------------------------------------------------------------------------
# parse_number_tokens

@pytest.mark.parametrize(
    ("token", "fmt", "expected"),
    [
        # Vietnamese: '.' groups thousands, ',' marks decimals
        ("6.233", "vi", 6233),              # 6.233 → 6233
        ("69,72", "vi", 69.72),             # 69,72 → 69.72
        ("268.749", "vi", 268749),
        ("270.962", "vi", 270962),
        ("1.100", "vi", 1100),              # unambiguous in vi: a thousands group
        ("1.234.567", "vi", 1234567),
        ("1.234.567,89", "vi", 1234567.89),
        ("12.345,6", "vi", 12345.6),
        ("0,5", "vi", 0.5),
        ("0,100", "vi", 0.1),               # leading 0: cannot be a thousands group
        ("1,1000", "vi", 1.1),              # 4 decimals: cannot be a thousands group
        ("1234,567", "vi", 1234.567),       # 4 digits before ',': cannot be en thousands
        ("1,5", "vi", 1.5),
        ("02", "vi", 2),                    # leading zero
        ("007", "vi", 7),
        ("0", "vi", 0),
        ("100", "vi", 100),
        ("6233", "vi", 6233),               # ungrouped digits
        ("1000000", "vi", 1_000_000),
        # English: ',' groups thousands, '.' marks decimals
        ("6,233", "en", 6233),
        ("69.72", "en", 69.72),
        ("1,100", "en", 1100),
        ("1,234,567", "en", 1234567),
        ("1,234,567.89", "en", 1234567.89),
        ("0.5", "en", 0.5),
        ("0.100", "en", 0.1),
        ("1.1000", "en", 1.1),
        ("1234.567", "en", 1234.567),
        ("1.5", "en", 1.5),
        ("02", "en", 2),
        ("6233", "en", 6233),
    ],
)
def test_parse_number_tokens(token, fmt, expected):
    number, error = tokens(token, fmt)
    assert pd.isna(error), error
    assert number == expected


@pytest.mark.parametrize(
    ("token", "fmt", "kind"),
    [
        ("1.100", "en", "ambiguous"),       # en decimals, but vi would read 1100
        ("12.345", "en", "ambiguous"),
        ("999.000", "en", "ambiguous"),
        ("1,100", "vi", "ambiguous"),       # vi decimals, but en would read 1100
        ("12,345", "vi", "ambiguous"),
        ("999,000", "vi", "ambiguous"),
        ("6.23.3", "vi", "malformed"),      # groups of 2 and 1 digits
        ("6.23.3", "en", "malformed"),
        ("6,23,3", "vi", "malformed"),
        ("6,23,3", "en", "malformed"),
        ("1.5", "vi", "malformed"),         # '.' in vi is only a thousands separator
        ("1,5", "en", "malformed"),         # ',' in en is only a thousands separator
        ("1.2345", "vi", "malformed"),      # a group of 4 digits
        ("1,2345", "en", "malformed"),
        ("1.234.56", "vi", "malformed"),
        ("1.234,5,6", "vi", "malformed"),   # two decimal marks
        ("1,234.5.6", "en", "malformed"),
        ("1.234,", "vi", "malformed"),      # trailing decimal mark
        ("75,", "vi", "malformed"),
        ("75.", "en", "malformed"),
        ("1.234.", "vi", "malformed"),      # trailing punctuation is not read away
        ("1234.567", "vi", "malformed"),    # a group after 4 digits
        ("1,234.567,8", "en", "malformed"),
        ("abc", "vi", "malformed"),
        ("", "vi", "malformed"),
        ("1 000", "vi", "malformed"),       # a space is not a separator in either format
    ],
)
def test_bad_number_tokens_are_errors_naming_the_token(token, fmt, kind):
    number, error = tokens(token, fmt)
    assert pd.isna(number)
    assert not pd.isna(error)
    assert error.startswith(kind), error
    assert f"'{token}'" in error
    assert f"'{fmt}'" in error  # and the declared format


def test_ambiguous_token_says_what_to_do():
    _, error = tokens("1.100", "en")
    assert "correction" in error  # the reading is declared, not guessed


@pytest.mark.parametrize("fmt", ["fr", "VI", "de", "", "vi "])
def test_unknown_number_format_is_an_error_naming_the_format(fmt):
    number, error = tokens("6.233", fmt)
    assert pd.isna(number)
    assert error == f"unknown number format {fmt}"


def test_missing_number_format_is_an_error():
    number, error = tokens("6.233", None)
    assert pd.isna(number)
    assert error.startswith("unknown number format")


def test_missing_token_is_neither_a_value_nor_an_error():
    number, error = tokens(None, "vi")
    assert pd.isna(number) and pd.isna(error)
    number, error = tokens(None, "fr")  # an unknown format only matters where there is a token
    assert pd.isna(number) and pd.isna(error)


def test_parse_number_tokens_reads_each_row_by_its_own_format_and_keeps_the_index():
    index = pd.Index(["a", "b", "c", "d", "e", "f"])
    written = pd.Series(["6.233", "6,233", "69,72", "69.72", "1.100", None], index=index)
    formats = pd.Series(["vi", "en", "vi", "en", "en", "vi"], index=index)
    values, errors = parse_number_tokens(written, formats)
    assert list(values.index) == list(index) and list(errors.index) == list(index)
    assert values["a"] == 6233 and values["b"] == 6233
    assert values["c"] == 69.72 and values["d"] == 69.72
    assert pd.isna(values["e"]) and "'1.100'" in errors["e"]
    assert pd.isna(values["f"]) and pd.isna(errors["f"])
    assert errors[["a", "b", "c", "d"]].isna().all()


# --------------------------------------------------------------------------------------------------
# parse_qualifiers

@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("", "exact"),
        (None, "exact"),
        ("duy nhất", "exact"),
        ("đúng", "exact"),
        ("trên", "more_than"),
        ("hơn", "more_than"),
        ("vượt", "more_than"),
        ("hơn mức", "more_than"),
        ("khoảng", "about"),
        ("xấp xỉ", "about"),
        ("chừng", "about"),
        ("ước tính", "about"),
        ("gần", "nearly"),
        ("gần như", "nearly"),
        ("tối thiểu", "at_least"),
        ("ít nhất", "at_least"),
        ("từ", "at_least"),
        ("tối đa", "at_most"),
        ("không quá", "at_most"),
        ("dưới", "less_than"),
        ("chưa đến", "less_than"),
        ("chưa tới", "less_than"),
        # English
        ("more than", "more_than"),
        ("over", "more_than"),
        ("about", "about"),
        ("approximately", "about"),
        ("nearly", "nearly"),
        ("at least", "at_least"),
        ("up to", "at_most"),
        ("less than", "less_than"),
        # case
        ("Trên", "more_than"),
        ("HƠN", "more_than"),
        ("Khoảng", "about"),
        ("KHOẢNG", "about"),
        ("Tối Thiểu", "at_least"),
        ("More Than", "more_than"),
        # spaces: NBSP inside, runs of spaces, around
        ("tối\u00a0thiểu", "at_least"),
        ("duy\u00a0nhất", "exact"),
        ("  trên  ", "more_than"),
        ("tối   thiểu", "at_least"),
        ("\u00a0khoảng\u00a0", "about"),
        ("   ", "exact"),
        # NFD-decomposed letters: kho + a + hook above + ng, g + a + circumflex + grave + n
        ("kho\u0061\u0309ng", "about"),
        ("ga\u0302\u0300n", "nearly"),
        ("tre\u0302n", "more_than"),
        (nfd("tối thiểu"), "at_least"),
        (nfd("duy nhất"), "exact"),
        (nfd("Xấp Xỉ"), "about"),
    ],
)
def test_parse_qualifiers(word, expected):
    qualifier, error = parse_qualifiers(pd.Series([word], dtype="object"))
    assert qualifier.iloc[0] == expected
    assert pd.isna(error.iloc[0])


@pytest.mark.parametrize(
    ("word", "named"),
    [
        ("cỡ", "cỡ"),
        ("hơn kém", "hơn kém"),
        ("trên,", "trên,"),              # punctuation is not read away
        ("Hơn nữa", "hơn nữa"),          # named as folded: lower case
        ("approx", "approx"),
        ("khoang", "khoang"),            # without its diacritics it is a different word
        ("kho\u0061\u0309ng kho\u0061\u0309ng", "khoảng khoảng"),  # named in NFC
    ],
)
def test_unknown_qualifier_is_an_error_not_exact(word, named):
    qualifier, error = parse_qualifiers(pd.Series([word]))
    assert pd.isna(qualifier.iloc[0])
    assert error.iloc[0].startswith(f"unknown qualifier '{named}'")
    assert "trên" in error.iloc[0] and "khoảng" in error.iloc[0]  # the known words are listed


def test_parse_qualifiers_keeps_the_index():
    words = pd.Series(["trên", "cỡ", None], index=[10, 20, 30])
    qualifier, error = parse_qualifiers(words)
    assert list(qualifier.index) == [10, 20, 30] and list(error.index) == [10, 20, 30]
    assert qualifier[10] == "more_than" and pd.isna(qualifier[20]) and qualifier[30] == "exact"
    assert pd.isna(error[10]) and "'cỡ'" in error[20] and pd.isna(error[30])


# --------------------------------------------------------------------------------------------------
# parse_values: good values

GOOD_VALUES = [
    # text, format, qualifier word, value, value_high, denominator, percent, qualifier
    ("6.233", "vi", "", 6233, None, None, False, "exact"),
    ("69,72", "vi", "", 69.72, None, None, False, "exact"),
    ("02", "vi", "", 2, None, None, False, "exact"),
    ("0", "vi", "", 0, None, None, False, "exact"),
    ("1.234.567", "vi", "", 1234567, None, None, False, "exact"),
    ("1.234,5", "vi", "", 1234.5, None, None, False, "exact"),
    ("1.100", "vi", "", 1100, None, None, False, "exact"),
    # percent
    ("50%", "vi", "", 50, None, None, True, "exact"),
    ("69,72%", "vi", "", 69.72, None, None, True, "exact"),
    ("69,72 %", "vi", "", 69.72, None, None, True, "exact"),
    ("100%", "vi", "duy nhất", 100, None, None, True, "exact"),
    # ranges: hyphen, en dash, em dash, words
    ("75 - 100", "vi", "", 75, 100, None, False, "range"),
    ("75-100", "vi", "", 75, 100, None, False, "range"),
    ("75–100", "vi", "", 75, 100, None, False, "range"),
    ("75 – 100", "vi", "", 75, 100, None, False, "range"),
    ("75—100", "vi", "", 75, 100, None, False, "range"),
    ("từ 75 đến 100", "vi", "", 75, 100, None, False, "range"),
    ("Từ 75 đến 100", "vi", "", 75, 100, None, False, "range"),
    ("TỪ 75 ĐẾN 100", "vi", "", 75, 100, None, False, "range"),
    ("75 đến 100", "vi", "", 75, 100, None, False, "range"),
    ("từ 75 tới 100", "vi", "", 75, 100, None, False, "range"),
    ("1.000 - 1.500", "vi", "", 1000, 1500, None, False, "range"),
    ("69,5 - 70,25", "vi", "", 69.5, 70.25, None, False, "range"),
    ("10 - 20%", "vi", "", 10, 20, None, True, "range"),
    ("10% - 20%", "vi", "", 10, 20, None, True, "range"),
    ("75 - 100", "vi", "khoảng", 75, 100, None, False, "range"),   # the shape decides: a range
    # ratios
    ("268.749/270.962", "vi", "", 268749, None, 270962, False, "ratio"),  # 268.749 → 268749, 270.962 → 270962
    ("268.749 / 270.962", "vi", "", 268749, None, 270962, False, "ratio"),
    ("3/4", "vi", "", 3, None, 4, False, "ratio"),
    ("63/63", "vi", "", 63, None, 63, False, "ratio"),
    ("3/4", "vi", "trên", 3, None, 4, False, "ratio"),
    # scale words
    ("10 tỷ", "vi", "", 1e10, None, None, False, "exact"),           # 10 × 1e9
    ("10tỷ", "vi", "", 1e10, None, None, False, "exact"),
    ("3 tỉ", "vi", "", 3e9, None, None, False, "exact"),
    ("2 ngàn", "vi", "", 2000, None, None, False, "exact"),          # 2 × 1e3
    ("2 nghìn", "vi", "", 2000, None, None, False, "exact"),
    ("5 triệu", "vi", "", 5e6, None, None, False, "exact"),
    ("1,5 triệu", "vi", "", 1.5e6, None, None, False, "exact"),       # 1,5 → 1.5; × 1e6
    ("69,72 tỷ", "vi", "", 69.72e9, None, None, False, "exact"),      # 69.72 × 1e9 = 69 720 000 000
    ("5 nghìn tỷ", "vi", "", 5e12, None, None, False, "exact"),       # 5 × 1e3 × 1e9
    ("2 ngàn tỉ", "vi", "", 2e12, None, None, False, "exact"),
    ("1.200 tỷ", "vi", "", 1.2e12, None, None, False, "exact"),       # 1200 × 1e9
    ("2 Tỷ", "vi", "", 2e9, None, None, False, "exact"),
    ("2 TỶ", "vi", "", 2e9, None, None, False, "exact"),
    ("1 - 2 triệu", "vi", "", 1e6, 2e6, None, False, "range"),       # the scale after the range applies to both
    ("1,5 - 2 tỷ", "vi", "", 1.5e9, 2e9, None, False, "range"),
    ("từ 1 đến 2 triệu", "vi", "", 1e6, 2e6, None, False, "range"),
    ("500 nghìn - 2 triệu", "vi", "", 5e5, 2e6, None, False, "range"),  # each bound its own scale
    # qualifiers from the qualifier column
    ("6.233", "vi", "trên", 6233, None, None, False, "more_than"),
    ("6.233", "vi", "hơn", 6233, None, None, False, "more_than"),
    ("1.000", "vi", "khoảng", 1000, None, None, False, "about"),
    ("500", "vi", "gần", 500, None, None, False, "nearly"),
    ("100", "vi", "tối thiểu", 100, None, None, False, "at_least"),
    ("100", "vi", "tối\u00a0thiểu", 100, None, None, False, "at_least"),
    ("1", "vi", "duy nhất", 1, None, None, False, "exact"),
    ("1", "vi", nfd("duy nhất"), 1, None, None, False, "exact"),
    ("10 tỷ", "vi", "Khoảng", 1e10, None, None, False, "about"),
    ("50%", "vi", "dưới", 50, None, None, True, "less_than"),
    # whitespace and Unicode forms of the value
    ("\u00a06.233\u00a0", "vi", "", 6233, None, None, False, "exact"),
    ("10\u00a0tỷ", "vi", "", 1e10, None, None, False, "exact"),
    ("  75  -  100  ", "vi", "", 75, 100, None, False, "range"),
    ("75\u00a0–\u00a0100", "vi", "", 75, 100, None, False, "range"),
    ("10 ty\u0309", "vi", "", 1e10, None, None, False, "exact"),         # NFD tỷ: y + hook above
    ("2 nga\u0300n", "vi", "", 2000, None, None, False, "exact"),        # NFD ngàn: a + grave
    (nfd("từ 1 đến 2 triệu"), "vi", "", 1e6, 2e6, None, False, "range"),
    (nfd("5 nghìn tỷ"), "vi", "", 5e12, None, None, False, "exact"),
    # English sources
    ("6,233", "en", "", 6233, None, None, False, "exact"),
    ("69.72", "en", "", 69.72, None, None, False, "exact"),
    ("1,100", "en", "", 1100, None, None, False, "exact"),
    ("1,234,567.89", "en", "", 1234567.89, None, None, False, "exact"),
    ("0.100", "en", "", 0.1, None, None, False, "exact"),
    ("12.5%", "en", "", 12.5, None, None, True, "exact"),
    ("268,749/270,962", "en", "", 268749, None, 270962, False, "ratio"),
    ("75 to 100", "en", "", 75, 100, None, False, "range"),
    ("from 75 to 100", "en", "", 75, 100, None, False, "range"),
    ("From 75 To 100", "en", "", 75, 100, None, False, "range"),
    ("75–100", "en", "", 75, 100, None, False, "range"),
    ("1.5 - 2.5", "en", "", 1.5, 2.5, None, False, "range"),
    ("10 billion", "en", "", 1e10, None, None, False, "exact"),
    ("2.5 million", "en", "", 2.5e6, None, None, False, "exact"),      # 2.5 × 1e6
    ("3 thousand", "en", "", 3000, None, None, False, "exact"),
    ("1 - 2 million", "en", "", 1e6, 2e6, None, False, "range"),
    ("1,200", "en", "more than", 1200, None, None, False, "more_than"),
    ("1,200", "en", "about", 1200, None, None, False, "about"),
    # as public reports write them
    ("21,77 triệu", "vi", "", 21_770_000, None, None, False, "exact"),  # 21,77 → 21.77; × 1e6 = 21 770 000
    ("40 nghìn", "vi", "hơn", 40_000, None, None, False, "more_than"),  # "hơn 40 nghìn": 40 × 1e3, a lower bound
    ("2 ngàn", "vi", "hơn", 2000, None, None, False, "more_than"),      # 2 × 1e3
    ("1,5 nghìn", "vi", "", 1500, None, None, False, "exact"),          # 1.5 × 1e3
    ("8,1/12", "vi", "", 8.1, None, 12, False, "ratio"),                # a score: 8,1 → 8.1 of 12 points
    ("9/63", "vi", "", 9, None, 63, False, "ratio"),                    # a rank: 9th of 63 provinces
    ("2,5", "vi", "", 2.5, None, None, False, "exact"),                 # "gấp 2,5 lần": the unit is "lần"
    ("4", "vi", "hơn", 4, None, None, False, "more_than"),              # "tăng hơn 4 lần"
    ("8.1/12", "en", "", 8.1, None, 12, False, "ratio"),
]


@pytest.mark.parametrize(
    ("text", "fmt", "word", "number", "high", "denominator", "percent", "qualifier"), GOOD_VALUES,
    ids=[f"{case[0]!a}-{case[1]}-{case[2]!a}" for case in GOOD_VALUES],
)
def test_parse_values(text, fmt, word, number, high, denominator, percent, qualifier):
    row = value(text, fmt, word)
    assert pd.isna(row["error"]), row["error"]
    assert same(row["value"], number), row["value"]
    assert same(row["value_high"], high), row["value_high"]
    assert same(row["denominator"], denominator), row["denominator"]
    assert bool(row["percent"]) is percent
    assert row["qualifier"] == qualifier


def test_parse_values_without_qualifier_column_is_exact():
    frame = parse_values(pd.Series(["6.233", "75 - 100", "3/4"]), pd.Series(["vi", "vi", "vi"]))
    assert list(frame["qualifier"]) == ["exact", "range", "ratio"]
    assert list(frame["value"]) == [6233, 75, 3]
    assert frame["error"].isna().all()


def test_parse_values_is_vectorized_over_mixed_formats_and_keeps_the_index():
    index = pd.Index(["r1", "r2", "r3", "r4", "r5", "r6"])
    written = pd.Series(["6.233", "6,233", "1 - 2 triệu", "1.100", "268.749/270.962", ""], index=index)
    formats = pd.Series(["vi", "en", "vi", "en", "vi", "vi"], index=index)
    words = pd.Series(["trên", "about", "", "", "", ""], index=index)
    frame = parse_values(written, formats, words)
    assert list(frame.index) == list(index)
    assert frame.loc["r1", "value"] == 6233 and frame.loc["r1", "qualifier"] == "more_than"
    assert frame.loc["r2", "value"] == 6233 and frame.loc["r2", "qualifier"] == "about"
    assert frame.loc["r3", "value"] == 1e6 and frame.loc["r3", "value_high"] == 2e6
    assert pd.isna(frame.loc["r4", "value"]) and "'1.100'" in frame.loc["r4", "error"]
    assert frame.loc["r5", "value"] == 268749 and frame.loc["r5", "denominator"] == 270962
    assert frame.loc["r6", "error"] == "empty value"
    assert frame.loc[["r1", "r2", "r3", "r5"], "error"].isna().all()


# --------------------------------------------------------------------------------------------------
# parse_values: bad values

BAD_VALUES = [
    # text, format, qualifier word, what the error must contain
    ("6.23.3", "vi", "", ["malformed", "'6.23.3'"]),
    ("6.23.3", "en", "", ["malformed", "'6.23.3'"]),
    ("1.100", "en", "", ["ambiguous", "'1.100'", "'en'"]),
    ("1,100", "vi", "", ["ambiguous", "'1,100'", "'vi'"]),
    ("1.5", "vi", "", ["malformed", "'1.5'"]),
    ("1,5", "en", "", ["malformed", "'1,5'"]),
    ("75 - 1.100", "en", "", ["ambiguous", "'1.100'"]),         # the upper bound is named
    ("1.100 - 75", "en", "", ["ambiguous", "'1.100'"]),         # the lower bound is named
    ("6.233/6.23.3", "vi", "", ["malformed", "'6.23.3'"]),      # the denominator is named
    ("1.234.", "vi", "", ["malformed", "'1.234.'"]),            # trailing punctuation: an error, not 1234
    ("75,", "vi", "", ["malformed", "'75,'"]),
    ("", "vi", "", ["empty value"]),
    ("   ", "vi", "", ["empty value"]),
    ("\u00a0", "vi", "", ["empty value"]),
    (None, "vi", "", ["empty value"]),
    ("abc", "vi", "", ["not a number, range or ratio", "'abc'"]),
    ("10 tỷ đồng", "vi", "", ["'10 tỷ đồng'"]),               # units are not part of the value
    ("khoảng 10 tỷ", "vi", "", ["'khoảng 10 tỷ'"]),           # qualifiers belong in their own column
    ("75 -", "vi", "", ["'75 -'"]),
    ("- 100", "vi", "", ["'- 100'"]),
    ("75 - 100 - 125", "vi", "", ["'75 - 100 - 125'"]),
    ("1/2/3", "vi", "", ["'1/2/3'"]),
    ("75 hay 100", "vi", "", ["'75 hay 100'"]),
    ("6.233", "vi", "cỡ", ["unknown qualifier 'cỡ'"]),
    ("6.233", "vi", "hơn kém", ["unknown qualifier 'hơn kém'"]),
    ("6.233", "fr", "", ["unknown number format fr"]),
    ("6.233", "", "", ["unknown number format"]),
    ("6.233", None, "", ["unknown number format"]),
]


@pytest.mark.parametrize(("text", "fmt", "word", "needles"), BAD_VALUES,
                         ids=[f"{case[0]!a}-{case[1]}-{case[2]!a}" for case in BAD_VALUES])
def test_bad_values_are_errors_naming_the_value(text, fmt, word, needles):
    row = value(text, fmt, word)
    assert not pd.isna(row["error"])
    for needle in needles:
        assert needle in row["error"], row["error"]
    # no half-read numbers survive an error
    assert pd.isna(row["value"]) and pd.isna(row["value_high"]) and pd.isna(row["denominator"])


def test_a_number_float64_cannot_hold_exactly_is_an_error_naming_it_briefly():
    # float64 holds 15 significant decimal digits exactly (DBL_DIG); leading zeros carry no precision
    assert value("123.456.789.012.345", "vi")["value"] == 123_456_789_012_345
    assert value("0," + "0" * 14 + "1", "vi")["value"] == 1e-15
    assert value("999.999.999.999.999 nghìn tỷ", "vi")["value"] == 999_999_999_999_999e12  # a scale adds no digit
    sixteen = value("1.234.567.890.123.456", "vi")
    assert "'1.234.567.890.123.456' has 16 digits" in sixteen["error"] and pd.isna(sixteen["value"])
    assert "has 16 digits" in value("75 - 1234567890123456", "en")["error"]   # either bound
    huge = value("1" * 400, "vi")  # would read as inf: an error, never a number
    assert "has 400 digits" in huge["error"] and pd.isna(huge["value"])
    assert len(huge["error"]) < 200 and "1" * 100 not in huge["error"]        # the value is shortened


@pytest.mark.parametrize("text", ["x" * 10_000, "1." * 5_000 + "1", "1" * 5_000 + " - 2"])
def test_an_error_quotes_a_long_value_shortened(text):
    error = value(text, "vi")["error"]
    assert len(error) < 400 and " characters)" in error, error  # its start and its length, not 10,000 characters


@pytest.mark.parametrize("text", ["0/0", "3/0", "3/0,0"])
def test_a_ratio_of_nothing_is_an_error_naming_it(text):
    row = value(text, "vi")
    assert f"ratio '{text}' has a whole of 0" in row["error"]
    assert pd.isna(row["value"]) and pd.isna(row["denominator"])
    assert value("0/13", "vi")["value"] == 0  # nothing of a whole is a ratio like any other


def test_number_words_and_english_ratios_and_a_scaled_decimal_comma():
    # "ba trụ cột", "twelfth week", "96 out of 99", "11,496 nghìn tỷ" (a decimal before a scale word)
    rows = [value("ba", "vi"), value("twelfth", "en"), value("96 out of 99", "en"), value("10 of 13", "en"),
            value("11,496 nghìn tỷ", "vi"), value("1,488 triệu", "vi")]
    assert [r["value"] for r in rows] == [3, 12, 96, 10, 11.496e12, 1.488e6]
    # the same rule in an English source: "12.345 tỷ" is 12.345 billion, and "mười" (ten) is a number
    assert value("12.345 tỷ", "en")["value"] == pytest.approx(12.345e9) and value("mười", "vi")["value"] == 10
    assert rows[2]["denominator"] == 99 and rows[2]["qualifier"] == "ratio" and rows[3]["denominator"] == 13
    # without a scale word "1,488" stays ambiguous in a Vietnamese source
    assert "ambiguous number '1,488'" in value("1,488", "vi")["error"]


def test_unknown_value_text_is_named_after_folding():
    row = value("\u00a0abc\u00a0\u00a0def ", "vi")
    assert row["error"].startswith("not a number, range or ratio: 'abc def'; accepted forms: ")


# --------------------------------------------------------------------------------------------------
# Accepted forms

@pytest.mark.parametrize("fmt", sorted(VALUE_EXAMPLES))
def test_every_value_example_parses_in_its_number_format(fmt):
    examples = list(VALUE_EXAMPLES[fmt])
    frame = parse_column(examples, fmt)
    assert_no_errors(frame, examples)


def test_accepted_forms_per_number_format():
    assert accepted_forms() == accepted_forms("vi") == list(VALUE_EXAMPLES["vi"])
    assert accepted_forms("en") == list(VALUE_EXAMPLES["en"])
    assert accepted_forms("fr") == accepted_forms("vi")       # an unknown format is an error anyway
    assert "69,72" in accepted_forms("vi") and "69.72" in accepted_forms("en")


@pytest.mark.parametrize(("fmt", "shown", "not_shown"), [("vi", "'69,72'", "'69.72'"), ("en", "'69.72'", "'69,72'")])
def test_not_a_number_ends_with_the_forms_of_the_sources_format(fmt, shown, not_shown):
    error = value("vài", fmt)["error"]   # "a few": no number at all
    assert error.startswith("not a number, range or ratio: 'vài'; accepted forms: '")
    assert shown in error and not_shown not in error
    assert len(error) < 300, len(error)
    # a malformed number names what is wrong with it instead
    assert "accepted forms" not in value("6.23.3", fmt)["error"]


def test_single_value_led_by_tu_is_not_exact():
    row = value("từ 75", "vi")
    assert pd.isna(row["error"]) and row["value"] == 75
    assert row["qualifier"] == "at_least"


# --------------------------------------------------------------------------------------------------
# format_vi

@pytest.mark.parametrize(
    ("number", "decimals", "expected"),
    [
        (6233, 0, "6.233"),
        (69.72, 2, "69,72"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (268749, 0, "268.749"),
        (1234567, 0, "1.234.567"),
        (1_000_000_000, 0, "1.000.000.000"),
        (0.5, 1, "0,5"),
        (1234.56, 1, "1.234,6"),           # 1234.56 rounded to 1 decimal
        (1234567.891, 2, "1.234.567,89"),
        (7, 2, "7,00"),
        (12.0, 0, "12"),
    ],
)
def test_format_vi(number, decimals, expected):
    assert format_vi(number, decimals) == expected


@PROPERTY
@given(st.integers(min_value=0, max_value=10**15))
def test_format_vi_integers_group_digits_in_threes(n):
    text = format_vi(n)
    assert "," not in text
    assert text.replace(".", "") == str(n)
    groups = text.split(".")
    assert 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])


# --------------------------------------------------------------------------------------------------
# Properties: formatted numbers parse back to themselves

def parse_column(texts: list[str], fmt: str) -> pd.DataFrame:
    return parse_values(pd.Series(texts), pd.Series(fmt, index=range(len(texts))))


def assert_no_errors(frame: pd.DataFrame, texts: list[str]) -> None:
    bad = frame["error"].notna()
    assert not bad.any(), list(zip([texts[i] for i in bad[bad].index], frame.loc[bad, "error"]))


def numbers(max_value: int):
    """Columns of 1-20 numbers: each example parses one column, as the cleaning step does."""
    return st.lists(st.integers(min_value=0, max_value=max_value), min_size=1, max_size=20)


@PROPERTY
@given(numbers(10**13))
def test_vi_integers_round_trip(ns):
    texts = [format_vi(n) for n in ns]  # 6233 → "6.233"
    frame = parse_column(texts, "vi")
    assert_no_errors(frame, texts)
    assert list(frame["value"]) == ns
    assert (frame["qualifier"] == "exact").all()


@PROPERTY
@given(numbers(10**13), st.sampled_from([1, 2]))
def test_vi_decimals_round_trip(ns, decimals):
    expected = [n / 10**decimals for n in ns]  # n = 6972, 2 decimals → 69.72, written "69,72"
    texts = [format_vi(x, decimals) for x in expected]
    frame = parse_column(texts, "vi")
    assert_no_errors(frame, texts)
    assert list(frame["value"]) == expected, texts


@PROPERTY
@given(numbers(10**13))
def test_en_decimals_round_trip(ns):
    expected = [n / 100 for n in ns]
    texts = [f"{x:,.2f}" for x in expected]  # 6233.5 → "6,233.50"
    frame = parse_column(texts, "en")
    assert_no_errors(frame, texts)
    assert list(frame["value"]) == expected, texts


@PROPERTY
@given(numbers(10**13))
def test_en_integers_round_trip(ns):
    texts = [f"{n:,}" for n in ns]  # 6233 → "6,233"
    frame = parse_column(texts, "en")
    assert_no_errors(frame, texts)
    assert list(frame["value"]) == ns, texts


PROPERTY_EXTRA = settings(max_examples=40, deadline=None, database=None)


@PROPERTY_EXTRA
@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**9), st.sampled_from(["-", "–", "đến"])),
                min_size=1, max_size=20))
def test_vi_ranges_round_trip(cases):
    texts = [f"{format_vi(low)} {separator} {format_vi(high)}" for low, high, separator in cases]
    frame = parse_column(texts, "vi")
    assert_no_errors(frame, texts)
    assert list(frame["value"]) == [low for low, _, _ in cases]
    assert list(frame["value_high"]) == [high for _, high, _ in cases]
    assert (frame["qualifier"] == "range").all() and frame["denominator"].isna().all()


@PROPERTY_EXTRA
@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(1, 10**9)), min_size=1, max_size=20))
def test_vi_ratios_round_trip(cases):
    texts = [f"{format_vi(numerator)}/{format_vi(denominator)}" for numerator, denominator in cases]
    frame = parse_column(texts, "vi")
    assert_no_errors(frame, texts)
    assert list(frame["value"]) == [numerator for numerator, _ in cases]
    assert list(frame["denominator"]) == [denominator for _, denominator in cases]
    assert (frame["qualifier"] == "ratio").all() and frame["value_high"].isna().all()


@PROPERTY_EXTRA
@given(st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(sorted(SCALE_WORDS))), min_size=1, max_size=20))
def test_vi_scaled_integers(cases):
    texts = [f"{format_vi(n)} {word}" for n, word in cases]  # "10 tỷ" → 10 × 1e9
    frame = parse_column(texts, "vi")
    assert_no_errors(frame, texts)
    assert list(frame["value"]) == [n * SCALE_WORDS[word] for n, word in cases]


@PROPERTY_EXTRA
@given(st.integers(min_value=1000, max_value=999_999))
def test_one_thousands_group_is_ambiguous_in_the_other_format(n):
    # "12.345" (vi for 12345) could be 12.345 in en, "12,345" (en for 12345) 12.345 in vi.
    vi_text, en_text = format_vi(n), f"{n:,}"
    frame = parse_values(pd.Series([vi_text, en_text]), pd.Series(["en", "vi"]))
    assert frame["value"].isna().all()
    assert f"ambiguous number '{vi_text}'" in frame["error"][0]
    assert f"ambiguous number '{en_text}'" in frame["error"][1]


@PROPERTY_EXTRA
@given(st.integers(min_value=1_000_000, max_value=10**13))
def test_two_thousands_groups_are_malformed_in_the_other_format(n):
    # "1.234.567" cannot be English at all (two decimal points), nor "1,234,567" Vietnamese.
    vi_text, en_text = format_vi(n), f"{n:,}"
    frame = parse_values(pd.Series([vi_text, en_text]), pd.Series(["en", "vi"]))
    assert frame["value"].isna().all()
    assert f"malformed number '{vi_text}'" in frame["error"][0]
    assert f"malformed number '{en_text}'" in frame["error"][1]
