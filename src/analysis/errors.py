"""Errors that name the file, the row and the value, instead of a deep pandas traceback."""

from __future__ import annotations

from dataclasses import dataclass


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
            where.append(f"row {self.row_id}")
        if self.column:
            where.append(f"column {self.column}")
        value = "" if self.value is None else f": value {self.value!r}"
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
