"""Unicode handling for Vietnamese text: one normal form, one way to compare.

Vietnamese letters can be written precomposed (NFC) or as a base letter plus combining marks
(NFD); they look identical but compare unequal. Web pages also mix in no-break spaces.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the pipeline's no-op run needs bare() without it
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


def bare(text: str) -> str:
    """Letters and digits only, without tone marks, đ or case: 'Việt Nam', 'viet-nam', 'VietNam' → 'vietnam'
    (for matching names typed without diacritics, and for ids)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`fold` over a column of strings, vectorized."""
    return (
        values.astype("string")
        .str.normalize("NFC")
        .str.replace(_SPACES, " ", regex=True)
        .str.strip()
    )
