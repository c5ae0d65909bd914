"""Errors that name the file, the row and the value, instead of a deep pandas traceback."""

from __future__ import annotations

from dataclasses import dataclass

#: The longest piece of data a message quotes, in characters: a 10 MB cell is named by its start and length.
MAX_QUOTED = 80


def shorten(text: object, limit: int = MAX_QUOTED) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was: what a message may print of a value.

    Every message that quotes data goes through here (or :func:`quote`, :func:`shorten_series`), so
    a huge cell never floods a terminal or a log.
    """
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def quote(value: object, limit: int = MAX_QUOTED) -> str:
    """``value`` quoted for a message, like ``repr``, cut as :func:`shorten` cuts it."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def shorten_series(texts, limit: int = MAX_QUOTED):
    """:func:`shorten` for a pandas Series of text (the reasons of rejected rows quote their cells)."""
    lengths = texts.str.len()
    long = (lengths > limit).fillna(False).astype(bool)
    if not long.any():
        return texts
    cut = texts.str.slice(0, limit) + "… (" + lengths.map("{:,.0f}".format, na_action="ignore") + " characters)"
    return texts.where(~long, cut)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located precisely enough to fix it by hand."""

    file: str
    reason: str
    line: int | None = None  # 1-based line of the file (the header is line 1)
    row_id: str | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row_id:
            where.append(f"row {shorten(self.row_id)}")
        if self.column:
            where.append(f"column {shorten(self.column)}")
        value = "" if self.value is None else f": value {quote(self.value)}"
        return f"{', '.join(where)}{value}: {self.reason}"


class DataError(ValueError):
    """Input data that the project refuses; its message lists every problem found."""

    MAX_LISTED = 40

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        listed = [f"  - {p}" for p in self.problems[: self.MAX_LISTED]]
        more = len(self.problems) - self.MAX_LISTED
        if more > 0:
            listed.append(f"  … and {more} more")
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} in the input data:\n" + "\n".join(listed))
