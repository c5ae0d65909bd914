"""Unicode handling for Vietnamese text: one normal form, one way to compare.

Vietnamese letters can be written precomposed (NFC) or as a base letter plus combining marks
(NFD); they look identical but compare unequal. Web pages also mix in no-break spaces.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

_SPACES = re.compile(r"\s+")  # str.split semantics: includes NBSP (U+00A0) and other Unicode spaces


def nfc(text: str) -> str:
    """Text in Unicode Normal Form C, the form every file of the project uses."""
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def fold(text: str) -> str:
    """NFC, every run of whitespace (NBSP included) as one space, trimmed: for comparing phrases."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`fold` over a column of strings, vectorized."""
    return (
        values.astype("string")
        .str.normalize("NFC")
        .str.replace(_SPACES, " ", regex=True)
        .str.strip()
    )


#: Longest value a message quotes in full: a message names a value, it does not reproduce a 10 MB cell.
QUOTE_LIMIT = 60


def shorten(text: object, limit: int = QUOTE_LIMIT) -> str:
    """``text`` for a message: whole when short, else its start, an ellipsis and its length in characters."""
    text = str(text)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


def shorten_series(values: pd.Series, limit: int = QUOTE_LIMIT) -> pd.Series:
    """:func:`shorten` over a column (as text)."""
    return values.astype("string").map(lambda v: shorten(v, limit), na_action="ignore").astype("string")
