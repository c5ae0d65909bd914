"""Dates and periods as Vietnamese articles write them → ISO ``period_start`` / ``period_end``.

``cuối tháng 8/2022`` is a date (31 Aug 2022), ``9 tháng đầu năm`` a span whose year comes from the
publication date, ``quý II năm 2022`` a quarter, ``năm 2025`` a target year, ``đến nay`` the
publication date. Stocks have only an end (``period_start`` empty); flows and spans have both.
Each pattern is a full-match regular expression applied to a whole column at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .text import fold_series

NaT = pd.NaT

#: Flags a period may carry into the clean table.
AS_OF_PUBLICATION = "ends_at_publication_date"
YEAR_FROM_PUBLICATION = "year_from_publication_date"
TO_DATE = "period_runs_to_publication_date"

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

Groups = pd.DataFrame
Resolver = Callable[[Groups, pd.Series], tuple[pd.Series, pd.Series, pd.Series]]


def _date(year: pd.Series, month: pd.Series, day: pd.Series | int) -> pd.Series:
    """Vectorized calendar date; an impossible date (31/2) is NaT, reported as an error by the caller."""
    frame = pd.DataFrame({"year": pd.to_numeric(year, errors="coerce"),
                          "month": pd.to_numeric(month, errors="coerce")})
    frame["day"] = pd.to_numeric(day, errors="coerce") if isinstance(day, pd.Series) else day
    valid = frame.notna().all(axis=1) & frame["month"].between(1, 12) & frame["day"].between(1, 31)
    result = pd.Series(NaT, index=year.index, dtype="datetime64[ns]")
    if valid.any():
        result[valid] = pd.to_datetime(frame[valid].astype(int), errors="coerce")
    return result


def _month_end(year: pd.Series, month: pd.Series) -> pd.Series:
    return _date(year, month, 1) + pd.offsets.MonthEnd(0)


def _year(groups: Groups, published: pd.Series, column: str = "y") -> tuple[pd.Series, pd.Series]:
    """The written year, else the publication year (with a flag saying so)."""
    written = pd.to_numeric(groups[column], errors="coerce")
    flag = pd.Series(np.where(written.isna(), YEAR_FROM_PUBLICATION, ""), index=groups.index)
    return written.fillna(published.dt.year), flag


def _none(index: pd.Index, flag: str = "") -> pd.Series:
    return pd.Series(flag, index=index)


def _nat(index: pd.Index) -> pd.Series:
    return pd.Series(NaT, index=index, dtype="datetime64[ns]")


def _as_of_publication(g: Groups, published: pd.Series):
    return _nat(g.index), published, _none(g.index, AS_OF_PUBLICATION)


def _day(g: Groups, published: pd.Series):
    end = _date(g["y"], g["m"], g["d"])
    start = end.where(g["by"].isna(), NaT)
    return start, end, _none(g.index)


def _month_end_date(g: Groups, published: pd.Series):
    return _nat(g.index), _month_end(g["y"], g["m"]), _none(g.index)


def _year_end_date(g: Groups, published: pd.Series):
    return _nat(g.index), _date(g["y"], pd.Series(12, index=g.index), 31), _none(g.index)


def _mid_month(g: Groups, published: pd.Series):
    return _nat(g.index), _date(g["y"], g["m"], 15), _none(g.index)


def _early_month(g: Groups, published: pd.Series):
    return _nat(g.index), _date(g["y"], g["m"], 1), _none(g.index)


def _since_month(g: Groups, published: pd.Series):
    return _date(g["y"], g["m"], 1), published, _none(g.index, AS_OF_PUBLICATION)


def _span(g: Groups, published: pd.Series):
    end_year = pd.to_numeric(g["y2"], errors="coerce")
    end = _date(end_year, g["m2"], g["d2"])
    start = _date(pd.to_numeric(g["y1"], errors="coerce").fillna(end_year), g["m1"], g["d1"])
    # "từ 15/12 đến 15/1/2024": without its own year, the start is in the year before when needed
    earlier = g["y1"].isna() & (start > end)
    start[earlier] = _date(end_year[earlier] - 1, g["m1"][earlier], g["d1"][earlier])
    return start, end, _none(g.index)


def _month(g: Groups, published: pd.Series):
    return _date(g["y"], g["m"], 1), _month_end(g["y"], g["m"]), _none(g.index)


def _first_months(g: Groups, published: pd.Series):
    year, flag = _year(g, published)
    months = pd.to_numeric(g["n"], errors="coerce").where(lambda n: n.between(1, 12))
    return _date(year, pd.Series(1, index=g.index), 1), _month_end(year, months), flag


def _last_months(g: Groups, published: pd.Series):
    year, flag = _year(g, published)
    months = pd.to_numeric(g["n"], errors="coerce").where(lambda n: n.between(1, 12))
    return _date(year, 13 - months, 1), _date(year, pd.Series(12, index=g.index), 31), flag


def _quarter(g: Groups, published: pd.Series):
    year, flag = _year(g, published)
    quarter = g["q"].str.lower().map(ROMAN_QUARTERS)
    first = (quarter - 1) * 3 + 1
    return _date(year, first, 1), _month_end(year, first + 2), flag


def _year_start(g: Groups, published: pd.Series):
    year, flag = _year(g, published)
    jan1 = _date(year, pd.Series(1, index=g.index), 1)
    running = g["since"].notna() | g["now"].notna()
    end = jan1.where(~running, published)
    flag = flag.where(~running, AS_OF_PUBLICATION)
    return jan1.where(running, NaT), end, flag


def _by_year(g: Groups, published: pd.Series):
    return _nat(g.index), _date(g["y"], pd.Series(12, index=g.index), 31), _none(g.index)


def _in_year(g: Groups, published: pd.Series):
    ones = pd.Series(1, index=g.index)
    return _date(g["y"], ones, 1), _date(g["y"], ones * 12, 31), _none(g.index)


def _this_year(g: Groups, published: pd.Series):
    year = published.dt.year - g["back"].notna().astype(int)
    ones = pd.Series(1, index=g.index)
    return _date(year, ones, 1), _date(year, ones * 12, 31), _none(g.index, YEAR_FROM_PUBLICATION)


def _years_span(g: Groups, published: pd.Series):
    ones = pd.Series(1, index=g.index)
    return _date(g["y1"], ones, 1), _date(g["y2"], ones * 12, 31), _none(g.index)


@dataclass(frozen=True)
class PeriodPattern:
    """One way of writing a period: a full-match regex (on folded, lower-case text) and its dates."""

    name: str
    regex: str
    resolve: Resolver
    has_start: bool = False  # a span: an impossible start date is an error too


_BY = r"(?:(?:tính )?(?:đến|tới|cho đến) )"
_MY = r"(?P<m>\d{1,2})(?:/| năm )(?P<y>\d{4})"

#: Every period pattern the cleaning step knows, tried in order; the first full match wins.
PATTERNS: tuple[PeriodPattern, ...] = (
    PeriodPattern("as of publication", rf"{_BY}?(?:nay|hiện nay|thời điểm này|thời điểm hiện tại)|hiện|hiện nay|hiện tại", _as_of_publication),
    PeriodPattern("day", rf"(?P<by>{_BY})?(?:ngày )?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}})", _day),
    PeriodPattern("end of month", rf"{_BY}?cuối tháng {_MY}", _month_end_date),
    PeriodPattern("end of year", rf"{_BY}?cuối năm (?P<y>\d{{4}})", _year_end_date),
    PeriodPattern("middle of month", rf"{_BY}?giữa tháng {_MY}", _mid_month),
    PeriodPattern("start of month", rf"{_BY}?đầu tháng {_MY}", _early_month),
    PeriodPattern("since month", rf"(?:kể )?từ tháng {_MY}(?: (?:đến|tới) nay)?", _since_month, has_start=True),
    PeriodPattern("span of days", r"(?:trong thời gian )?từ (?:ngày )?(?P<d1>\d{1,2})/(?P<m1>\d{1,2})(?:/(?P<y1>\d{4}))? ?(?:đến|tới|-|–) ?(?:ngày )?(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})", _span, has_start=True),
    PeriodPattern("month", rf"(?:trong )?tháng {_MY}", _month, has_start=True),
    PeriodPattern("first months of the year", r"(?:trong )?(?P<n>\d{1,2}) tháng đầu năm(?: (?P<y>\d{4}))?", _first_months, has_start=True),
    PeriodPattern("last months of the year", r"(?:trong )?(?P<n>\d{1,2}) tháng cuối năm(?: (?P<y>\d{4}))?", _last_months, has_start=True),
    PeriodPattern("quarter", r"(?:trong )?quý (?P<q>iv|iii|ii|i|[1-4])(?:(?: năm | ?/ ?)(?P<y>\d{4}))?", _quarter, has_start=True),
    PeriodPattern("start of year", r"(?P<since>(?:kể )?từ )?đầu năm(?: (?P<y>\d{4}))?(?P<now> (?:đến|tới) nay)?", _year_start),
    PeriodPattern("by a year", r"(?:đến|tới|trước|đến hết) (?:năm )?(?P<y>\d{4})", _by_year),
    PeriodPattern("in a year", r"(?:(?:trong|vào|cả|hết) )?(?:năm )?(?P<y>\d{4})", _in_year, has_start=True),
    PeriodPattern("this or last year", r"(?:trong |vào )?năm (?:nay|(?P<back>ngoái|trước))", _this_year, has_start=True),
    PeriodPattern("span of years", r"(?:trong )?giai đoạn (?P<y1>\d{4}) ?[-–] ?(?P<y2>\d{4})", _years_span, has_start=True),
)

PERIOD_COLUMNS = ("period_start", "period_end", "period_flag", "period_error")


def parse_periods(text: pd.Series, published: pd.Series) -> pd.DataFrame:
    """Periods as written → start, end (datetime64; NaT where open), a flag and an error.

    Empty text gives NaT/NaT with no error: what an unwritten period means depends on the
    figure's kind, which the cleaning step decides. Text that no pattern matches is an error.
    """
    folded = fold_series(text.fillna("")).str.lower().str.rstrip(",.;: ")
    result = pd.DataFrame(
        {
            "period_start": _nat(text.index),
            "period_end": _nat(text.index),
            "period_flag": pd.Series("", index=text.index, dtype=object),
            "period_error": pd.Series(pd.NA, index=text.index, dtype="string"),
        }
    )
    pending = folded != ""
    for pattern in PATTERNS:
        if not pending.any():
            break
        candidates = folded[pending]
        hit = candidates.str.fullmatch(pattern.regex).astype(bool)
        if re.compile(pattern.regex).groups:
            groups = candidates.str.extract(rf"^(?:{pattern.regex})$")
        else:
            groups = pd.DataFrame(index=candidates.index)
        if not hit.any():
            continue
        rows = hit[hit].index
        start, end, flag = pattern.resolve(groups.loc[rows], published.loc[rows])
        result.loc[rows, "period_start"] = start
        result.loc[rows, "period_end"] = end
        result.loc[rows, "period_flag"] = flag
        invalid = end.isna() | (start.isna() if pattern.has_start else False)
        result.loc[invalid[invalid].index, "period_error"] = (
            f"impossible date in a '{pattern.name}' period: '" + folded[invalid[invalid].index] + "'"
        )
        reversed_ = ~invalid & (start > end)
        result.loc[reversed_[reversed_].index, "period_error"] = (
            "period starts after it ends: '" + folded[reversed_[reversed_].index] + "'"
        )
        pending[rows] = False
    result.loc[pending, "period_error"] = "period not understood: '" + folded[pending] + "'"
    return result


#: "so với năm 2023", "so với thời điểm tháng 12/2023", "so với cùng kỳ năm trước".
_COMPARISON = re.compile(r"^(?:tăng |giảm )?so với (?:thời điểm |cùng thời điểm )?(?P<rest>.*)$")
_SAME_PERIOD = re.compile(r"^cùng kỳ(?: năm (?:trước|ngoái))?$")


def parse_comparisons(text: pd.Series, period_start: pd.Series, period_end: pd.Series,
                      published: pd.Series) -> pd.DataFrame:
    """The basis of a change as written → basis_start / basis_end, or an error.

    "cùng kỳ (năm trước)" is the figure's own period one year earlier.
    """
    folded = fold_series(text.fillna("")).str.lower().str.rstrip(",.;: ")
    rest = folded.str.extract(_COMPARISON)["rest"]
    written = folded != ""
    understood = rest.notna()
    same = rest.fillna("").str.fullmatch(_SAME_PERIOD).astype(bool)
    parsed = parse_periods(rest.where(understood & ~same, ""), published)
    year = pd.DateOffset(years=1)
    basis = pd.DataFrame(
        {
            "basis_start": parsed["period_start"].mask(same, period_start - year),
            "basis_end": parsed["period_end"].mask(same, period_end - year),
            "basis_error": parsed["period_error"],
        }
    )
    basis.loc[written & ~understood, "basis_error"] = (
        "comparison basis not understood (expected 'so với …'): '" + folded[written & ~understood] + "'"
    )
    return basis
