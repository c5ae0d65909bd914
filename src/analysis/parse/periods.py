"""Dates and periods as Vietnamese articles write them → ISO ``period_start`` / ``period_end``.

``cuối tháng 8/2022`` is a date (31 Aug 2022), ``9 tháng đầu năm`` a span whose year comes from the
publication date, ``quý II năm 2022`` a quarter, ``năm 2025`` a target year, ``đến nay`` the
publication date. Stocks have only an end (``period_start`` empty); flows and spans have both.
Dates take "/", "-" or "." (``11/8/2022``, ``1-12-2022``, ``14.11.2024``), as public reports print
them; "lũy kế" (cumulative) keeps the dates of the period it qualifies.
Each pattern is a full-match regular expression applied to a whole column at once, and carries
examples as articles write them: a test parses every one, and errors show a few (:func:`accepted_forms`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.errors import shorten_series
from analysis.core.text import fold_series

NaT = pd.NaT

#: Flags a period may carry into the clean table.
AS_OF_PUBLICATION = "ends_at_publication_date"
YEAR_FROM_PUBLICATION = "year_from_publication_date"
TO_DATE = "period_runs_to_publication_date"
#: The end of the publication's own year, after the publication date ("đến cuối năm 2024" in a December
#: 2024 article): for an actual or a change, a figure estimated to the year end (kept at 31 December).
ESTIMATE_YEAR_END = "estimate_year_end"

#: The flags the period parsers set, with what they mean (data/README.md, "Flags"; TO_DATE is cleaning's).
FLAGS: dict[str, str] = {
    AS_OF_PUBLICATION: "the period runs to the publication date (`đến nay`, `hiện`)",
    YEAR_FROM_PUBLICATION: "the year is not written and is the publication's (`9 tháng đầu năm`, `đến cuối năm`)",
    ESTIMATE_YEAR_END: "an actual or a change dated to the end of the publication's own year, after the publication "
                       "(`đến cuối năm 2024` in a December 2024 article): an estimate, kept at 31 December; see "
                       "\"Periods after the publication date\"",
}

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

Groups = pd.DataFrame
Resolver = Callable[[Groups, pd.Series], tuple[pd.Series, pd.Series, pd.Series]]


#: The years a period may name. Earlier or later is a typo (năm 9999) in a dataset of reports from 2020 on,
#: and past 2262 no datetime64[ns] column can hold the date: an error naming the period, never a crash.
FIRST_YEAR, LAST_YEAR = 1900, 2199
YEAR_RANGE_ERROR = f"year outside {FIRST_YEAR}–{LAST_YEAR}"
#: Pattern groups that hold a written year.
_YEAR_GROUPS = ("y", "y1", "y2")


def _date(year: pd.Series, month: pd.Series, day: pd.Series | int) -> pd.Series:
    """Vectorized calendar date; an impossible date (31/2, year 9999) is NaT, reported as an error by the caller."""
    frame = pd.DataFrame({"year": pd.to_numeric(year, errors="coerce"),
                          "month": pd.to_numeric(month, errors="coerce")})
    frame["day"] = pd.to_numeric(day, errors="coerce") if isinstance(day, pd.Series) else day
    valid = (frame.notna().all(axis=1) & frame["year"].between(FIRST_YEAR, LAST_YEAR)
             & frame["month"].between(1, 12) & frame["day"].between(1, 31))
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


def _estimated(end: pd.Series, published: pd.Series, flag: pd.Series) -> pd.Series:
    """``flag`` plus :data:`ESTIMATE_YEAR_END` where the year end is after the publication, in its year."""
    ahead = (end > published) & (end.dt.year == published.dt.year)
    return flag.where(~ahead, (flag + ";" + ESTIMATE_YEAR_END).str.lstrip(";"))


def _year_end_date(g: Groups, published: pd.Series):
    end = _date(g["y"], pd.Series(12, index=g.index), 31)
    return _nat(g.index), end, _estimated(end, published, _none(g.index))


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


def _day_of_publication_year(g: Groups, published: pd.Series):
    """"tính đến ngày 29/8": the publication's year, or the year before when that date would come after it."""
    year = published.dt.year
    end = _date(year, g["m"], g["d"])
    later = end > published
    end[later] = _date(year[later] - 1, g["m"][later], g["d"][later])
    return _nat(g.index), end, _none(g.index, YEAR_FROM_PUBLICATION)


def _year_to_day(g: Groups, published: pd.Series):
    """"năm 2022 tính đến ngày 24/11": from 1 January of that year to that day."""
    ones = pd.Series(1, index=g.index)
    return _date(g["y"], ones, 1), _date(g["y"], g["m"], g["d"]), _none(g.index)


def _month_this_year(g: Groups, published: pd.Series):
    """"vào tháng 5" (no year): that month of the publication's year, flagged."""
    year = published.dt.year
    return _date(year, g["m"], 1), _month_end(year, g["m"]), _none(g.index, YEAR_FROM_PUBLICATION)


def _this_year_end(g: Groups, published: pd.Series):
    """"đến cuối năm" (no year): 31 December of the publication's year, flagged."""
    year = published.dt.year
    end = _date(year, pd.Series(12, index=g.index), 31)
    return _nat(g.index), end, _estimated(end, published, _none(g.index, YEAR_FROM_PUBLICATION))


def _years_ago(g: Groups, published: pd.Series):
    """"cách đây 2 năm": the publication date, that many years earlier (approximate by nature)."""
    years = pd.to_numeric(g["n"], errors="coerce")
    end = pd.Series([p - pd.DateOffset(years=int(n)) if pd.notna(n) else NaT for p, n in zip(published, years)],
                    index=g.index, dtype="datetime64[ns]")
    return _nat(g.index), end, _none(g.index, YEAR_FROM_PUBLICATION)


def _next_years(g: Groups, published: pd.Series):
    """"in the next five years": by the end of the year that many years after the publication's."""
    year = published.dt.year + pd.to_numeric(g["n"], errors="coerce")
    return _nat(g.index), _date(year, pd.Series(12, index=g.index), 31), _none(g.index, YEAR_FROM_PUBLICATION)


_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_MONTH_NAMES = "|".join(_MONTHS)


def _english_day(g: Groups, published: pd.Series):
    """"the week ending December 8", "as of June 30, 2025": the year from the publication when not written."""
    month = g["mon"].map(_MONTHS)
    written = pd.to_numeric(g["y"], errors="coerce")
    year = written.fillna(published.dt.year)
    end = _date(year, month, g["d"])
    later = written.isna() & (end > published)
    end[later] = _date(year[later] - 1, month[later], g["d"][later])
    return _nat(g.index), end, pd.Series(np.where(written.isna(), YEAR_FROM_PUBLICATION, ""), index=g.index)


def _english_month(g: Groups, published: pd.Series):
    month = g["mon"].map(_MONTHS)
    return _date(g["y"], month, 1), _month_end(g["y"], month), _none(g.index)


@dataclass(frozen=True)
class PeriodPattern:
    """One way of writing a period: a full-match regex (on folded, lower-case text), its dates, and
    examples as articles write them (tested to parse with this pattern; shown in error messages)."""

    name: str
    regex: str
    resolve: Resolver
    has_start: bool = False  # a span: an impossible start date is an error too
    examples: tuple[str, ...] = ()


_BY = r"(?:(?:tính )?(?:đến|tới|cho đến) |tính )"
#: Day, month and year are separated by "/", "-" or "." (11/8/2022, 1-12-2022, 14.11.2024), one kind
#: per date. A dotted date is never a Vietnamese number (its last group has 4 digits), and a period
#: phrase is always read as a date.
_SEP = r"[/.-]"
_MY = rf"(?P<m>\d{{1,2}})(?:{_SEP}| năm )(?P<y>\d{{4}})"
#: The first date of a span may leave its year to the last one ("từ ngày 1-1 đến 14-11-2024").
_D1 = rf"(?P<d1>\d{{1,2}})(?P<s1>{_SEP})(?P<m1>\d{{1,2}})(?:(?P=s1)(?P<y1>\d{{4}}))?"
_D2 = rf"(?P<d2>\d{{1,2}})(?P<s2>{_SEP})(?P<m2>\d{{1,2}})(?P=s2)(?P<y2>\d{{4}})"
#: "lũy kế" (cumulative, also spelled "luỹ kế") says the figure adds up over its period: the dates are
#: those of the period without it, so the word is read away before matching ("tính lũy kế đến" → "tính đến").
_CUMULATIVE = r"^(?:thống kê )?(tính )?(?:lũy|luỹ) kế "

#: Every period pattern the cleaning step knows, tried in order; the first full match wins.
PATTERNS: tuple[PeriodPattern, ...] = (
    PeriodPattern("as of publication",
                  rf"{_BY}?(?:nay|hiện nay|thời điểm này|thời điểm hiện tại)|hiện|hiện nay|hiện tại"
                  r"|(?:up to |until )?(?:now|currently|so far|to date|at present)",
                  _as_of_publication,
                  examples=("đến nay", "Tính đến nay", "Hiện", "hiện nay", "tính đến thời điểm hiện tại", "so far",
                            "currently")),
    PeriodPattern("day",
                  rf"(?P<by>{_BY}?hết |{_BY})?(?:vào )?(?:thời điểm )?(?:ngày )?(?P<d>\d{{1,2}})(?P<s>{_SEP})(?P<m>\d{{1,2}})(?P=s)(?P<y>\d{{4}})",
                  _day,
                  examples=("ngày 11/8/2022", "đến ngày 11/8/2022", "1-12-2022", "14.11.2024", "ngày 11-8-2022",
                            "tính đến hết ngày 30/9/2024", "tính lũy kế đến 14-11-2024", "Vào ngày 22/12/2025")),
    PeriodPattern("day of the publication's year",
                  rf"(?:{_BY}?hết |{_BY})?(?:vào )?(?:thời điểm )?ngày (?P<d>\d{{1,2}})(?P<s>{_SEP})(?P<m>\d{{1,2}})",
                  _day_of_publication_year,
                  examples=("tính đến ngày 29/8", "đến ngày 13/11", "ngày 24/4")),
    PeriodPattern("a year to a day", rf"năm (?P<y>\d{{4}}),? {_BY}(?:thời điểm )?(?:ngày )?(?P<d>\d{{1,2}})(?P<s>{_SEP})(?P<m>\d{{1,2}})",
                  _year_to_day, has_start=True,
                  examples=("Năm 2022 tính đến thời điểm ngày 24/11",)),
    PeriodPattern("end of month", rf"(?:{_BY}?(?:cuối|hết) |{_BY})tháng {_MY}", _month_end_date,
                  examples=("cuối tháng 8/2022", "Đến cuối tháng 8/2022", "tính đến hết tháng 9/2024",
                            "đến hết tháng 9/2024", "hết tháng 9/2024", "Đến tháng 10/2025", "Tính đến tháng 3/2022")),
    PeriodPattern("end of year", rf"{_BY}?(?:cuối|hết|ngày cuối cùng của) năm (?P<y>\d{{4}})", _year_end_date,
                  examples=("cuối năm 2024", "đến hết năm 2022", "hết năm 2022", "tính cuối năm 2021",
                            "đến ngày cuối cùng của năm 2025")),
    PeriodPattern("middle of month", rf"{_BY}?giữa tháng {_MY}", _mid_month,
                  examples=("giữa tháng 9/2024", "đến giữa tháng 9/2024")),
    PeriodPattern("start of month", rf"{_BY}?đầu tháng {_MY}", _early_month,
                  examples=("đầu tháng 5/2025",)),
    PeriodPattern("since month", rf"(?:kể )?từ tháng {_MY}(?: (?:đến|tới) nay)?", _since_month, has_start=True,
                  examples=("từ tháng 7/2024", "kể từ tháng 7/2024 đến nay")),
    PeriodPattern("span of days",
                  rf"(?:(?:trong thời gian )?từ )?(?:ngày )?{_D1} ?(?:đến|tới|-|–) ?(?:ngày )?{_D2}",
                  _span, has_start=True,
                  examples=("từ ngày 1/1 đến 14/11/2024", "từ ngày 26/8 đến 26/9/2024", "từ ngày 1-1 đến 14-11-2024",
                            "từ 26.8 đến 26.9.2024", "Từ ngày 1-1 đến 1-12-2022",
                            "lũy kế từ ngày 1-1 đến 14-11-2024", "thống kê lũy kế từ ngày 1-1 đến 14-11-2024",
                            "24/9 - 13/11/2025")),
    PeriodPattern("month", rf"(?:trong )?tháng {_MY}", _month, has_start=True,
                  examples=("tháng 12/2023", "trong tháng 2 năm 2023")),
    PeriodPattern("first months of the year", r"(?:trong )?(?P<n>\d{1,2}) tháng đầu năm(?: (?P<y>\d{4}))?",
                  _first_months, has_start=True,
                  examples=("9 tháng đầu năm", "6 tháng đầu năm 2025")),
    PeriodPattern("last months of the year", r"(?:trong )?(?P<n>\d{1,2}) tháng cuối năm(?: (?P<y>\d{4}))?",
                  _last_months, has_start=True,
                  examples=("6 tháng cuối năm 2023",)),
    PeriodPattern("quarter", r"(?:trong )?quý (?P<q>iv|iii|ii|i|[1-4])(?:(?: năm | ?/ ?)(?P<y>\d{4}))?",
                  _quarter, has_start=True,
                  examples=("quý II năm 2022", "quý IV/2024", "quý 4 năm 2024")),
    PeriodPattern("start of year",
                  r"(?P<since>(?:kể )?từ )?đầu năm(?: (?P<y>\d{4}))?(?P<now> (?:đến|tới) nay)?", _year_start,
                  examples=("từ đầu năm đến nay", "đầu năm 2023")),
    PeriodPattern("by a year", rf"(?:{_BY}?hết |{_BY}|trước )(?:năm )?(?P<y>\d{{4}})", _by_year,
                  examples=("đến năm 2025", "tính đến năm 2025")),
    PeriodPattern("in a year", r"(?:(?:(?:ngay|riêng) )?(?:trong|vào|cả) )?(?:năm )?(?P<y>\d{4})", _in_year,
                  has_start=True,
                  examples=("năm 2024", "Trong năm 2021", "2030", "Ngay trong 2021", "Riêng trong năm 2025")),
    PeriodPattern("this or last year", r"(?:trong |vào )?năm (?:nay|(?P<back>ngoái|trước))", _this_year,
                  has_start=True,
                  examples=("năm nay", "năm ngoái")),
    PeriodPattern("month of the publication's year", r"(?:(?:trong|vào) )?tháng (?P<m>\d{1,2})", _month_this_year,
                  has_start=True, examples=("vào tháng 5", "tháng 12")),
    PeriodPattern("end of the publication's year", rf"{_BY}?(?:cuối|hết) năm(?: nay)?", _this_year_end,
                  examples=("Đến cuối năm", "cuối năm nay")),
    PeriodPattern("years ago", r"cách đây (?P<n>\d{1,2}) năm", _years_ago,
                  examples=("cách đây 2 năm", "cách đây hai năm")),
    PeriodPattern("next years", r"(?:in|within|over) the next (?P<n>\d{1,2}) years", _next_years,
                  examples=("in the next five years",)),
    PeriodPattern("day (English)",
                  rf"(?:(?:as of|by|until|on|in|(?:in )?the week ending) )?(?P<mon>{_MONTH_NAMES}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y>\d{{4}}))?",
                  _english_day,
                  examples=("the week ending December 8", "as of June 30, 2025")),
    PeriodPattern("month (English)", rf"(?:in )?(?P<mon>{_MONTH_NAMES}),? (?P<y>\d{{4}})", _english_month,
                  has_start=True, examples=("in October 2025",)),
    PeriodPattern("in a year (English)", r"(?:in|during) (?P<y>\d{4})", _in_year, has_start=True,
                  examples=("in 2024",)),
    PeriodPattern("by a year (English)", r"(?:by|until) (?:the end of )?(?P<y>\d{4})", _by_year,
                  examples=("by 2030", "by the end of 2025")),
    PeriodPattern("span of years", r"(?:trong )?giai đoạn (?P<y1>\d{4}) ?[-–] ?(?P<y2>\d{4})", _years_span,
                  has_start=True,
                  examples=("giai đoạn 2021-2025", "giai đoạn 2021–2025")),
)

PERIOD_COLUMNS = ("period_start", "period_end", "period_flag", "period_error")

#: The list of accepted forms at the end of a "period not understood" error stays this short.
FORMS_IN_ERRORS = 160


def accepted_forms() -> list[str]:
    """One example of each pattern, in the order they are tried: what an error message can show."""
    return [pattern.examples[0] for pattern in PATTERNS if pattern.examples]


def _forms_hint(forms: list[str], budget: int) -> str:
    """'accepted forms: a, b, …': as many forms as fit in ``budget`` characters."""
    shown: list[str] = []
    for form in forms:
        if len(", ".join([*shown, form])) > budget:
            shown.append("…")
            break
        shown.append(form)
    return "accepted forms: " + ", ".join(shown)


def _fold_periods(text: pd.Series) -> pd.Series:
    """Folded, lower-case text without trailing punctuation: what the error messages name."""
    return fold_series(text.fillna("")).str.lower().str.rstrip(",.;: ")


#: Numbers written as words before a unit of time ("sáu tháng đầu năm", "cách đây hai năm", "next five years").
_SPELLED = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
            "mười một": 11, "mười hai": 12, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_SPELLED_BEFORE_TIME = re.compile(
    r"(?<!\S)(" + "|".join(sorted(_SPELLED, key=len, reverse=True)) + r")(?= (?:tháng|năm|quý|years?|months?)\b)")


def _digits(folded: pd.Series) -> pd.Series:
    return folded.str.replace(_SPELLED_BEFORE_TIME, lambda m: str(_SPELLED[m.group(1)]), regex=True)


def _match(folded: pd.Series) -> Iterator[tuple[PeriodPattern, pd.Index, pd.DataFrame]]:
    """(pattern, rows it reads, their regex groups) for each pattern that reads some text, in order."""
    matchable = _digits(folded.str.replace(_CUMULATIVE, r"\1", regex=True))
    pending = folded != ""
    for pattern in PATTERNS:
        if not pending.any():
            break
        candidates = matchable[pending]
        hit = candidates.str.fullmatch(pattern.regex).astype(bool)
        if not hit.any():
            continue
        rows = hit[hit].index
        if re.compile(pattern.regex).groups:
            groups = candidates[rows].str.extract(rf"^(?:{pattern.regex})$")
        else:
            groups = pd.DataFrame(index=rows)
        yield pattern, rows, groups
        pending[rows] = False


def pattern_names(text: pd.Series) -> pd.Series:
    """The name of the pattern that reads each period (NA where none does): for tests and diagnostics."""
    names = pd.Series(pd.NA, index=text.index, dtype="string")
    for pattern, rows, _ in _match(_fold_periods(text)):
        names[rows] = pattern.name
    return names


def parse_periods(text: pd.Series, published: pd.Series) -> pd.DataFrame:
    """Periods as written → start, end (datetime64; NaT where open), a flag and an error.

    Empty text gives NaT/NaT with no error: what an unwritten period means depends on the
    figure's kind, which the cleaning step decides. Text that no pattern matches is an error that
    ends with a few accepted forms, so whoever enters the figure sees how to write it.
    """
    folded = _fold_periods(text)
    result = pd.DataFrame(
        {
            "period_start": _nat(text.index),
            "period_end": _nat(text.index),
            "period_flag": pd.Series("", index=text.index, dtype=object),
            "period_error": pd.Series(pd.NA, index=text.index, dtype="string"),
        }
    )
    pending = folded != ""
    for pattern, rows, groups in _match(folded):
        start, end, flag = pattern.resolve(groups, published.loc[rows])
        result.loc[rows, "period_start"] = start
        result.loc[rows, "period_end"] = end
        result.loc[rows, "period_flag"] = flag
        invalid = end.isna() | (start.isna() if pattern.has_start else False)
        result.loc[invalid[invalid].index, "period_error"] = (
            f"impossible date in a '{pattern.name}' period: '" + shorten_series(folded[invalid[invalid].index]) + "'"
        )
        reversed_ = ~invalid & (start > end)
        result.loc[reversed_[reversed_].index, "period_error"] = (
            "period starts after it ends: '" + shorten_series(folded[reversed_[reversed_].index]) + "'"
        )
        written = groups[[c for c in _YEAR_GROUPS if c in groups]].apply(pd.to_numeric, errors="coerce")
        far = (written.notna() & ~written.apply(lambda y: y.between(FIRST_YEAR, LAST_YEAR))).any(axis=1)
        result.loc[far[far].index, "period_error"] = f"{YEAR_RANGE_ERROR}: '" + shorten_series(folded[far[far].index]) + "'"
        pending[rows] = False
    result.loc[pending, "period_error"] = (
        "period not understood: '" + shorten_series(folded[pending]) + "'; " + _forms_hint(accepted_forms(), FORMS_IN_ERRORS)
    )
    return result


#: "so với năm 2023", "so với thời điểm tháng 12/2023", "so với cùng kỳ năm trước".
_COMPARISON = re.compile(r"^(?:tăng |giảm )?(?:so với|compared (?:with|to)|from|than|over) (?:thời điểm |cùng thời điểm )?"
                         r"(?:mức [\d.,]+(?: [^\d\s]\S*)? )?(?P<rest>.*)$")
_SAME_PERIOD = re.compile(r"^cùng kỳ(?: năm (?:trước|ngoái))?$")
#: "cùng kỳ 2021", "cùng kỳ năm 2022": the figure's own period in that year.
_SAME_PERIOD_OF = re.compile(r"^cùng kỳ (?:năm )?(?P<y>\d{4})$")
#: "tuần trước": the figure's own period a week earlier.
_LAST_WEEK = re.compile(r"^(?:so với )?(?:tuần trước|(?:the )?(?:previous|last|prior) week)$")


def parse_comparisons(text: pd.Series, period_start: pd.Series, period_end: pd.Series,
                      published: pd.Series) -> pd.DataFrame:
    """The basis of a change as written → basis_start / basis_end, or an error.

    "cùng kỳ (năm trước)" is the figure's own period one year earlier; "cùng kỳ 2021" the figure's
    own period in 2021; "tuần trước" a week earlier. "so với mức 120,32 Mbps năm 2023" compares with
    a value in a period: the period is the basis.
    """
    folded = fold_series(text.fillna("")).str.lower().str.rstrip(",.;: ")
    rest = folded.str.extract(_COMPARISON)["rest"].fillna(folded.where(folded.str.fullmatch(_LAST_WEEK)))
    written = folded != ""
    understood = rest.notna()
    same = rest.fillna("").str.fullmatch(_SAME_PERIOD).astype(bool)
    of_year = pd.to_numeric(rest.fillna("").str.extract(_SAME_PERIOD_OF)["y"], errors="coerce")
    week = rest.fillna("").str.fullmatch(_LAST_WEEK).astype(bool)
    shifted = same | of_year.notna() | week
    parsed = parse_periods(rest.where(understood & ~shifted, ""), published)
    far = of_year.notna() & ~of_year.between(FIRST_YEAR, LAST_YEAR)  # "cùng kỳ 1000": no date so far back
    years = (period_end.dt.year - of_year.where(~far)).fillna(1)  # how many years back: 1 for "năm trước"
    back = pd.Series([pd.DateOffset(years=int(n)) for n in years], index=text.index, dtype=object)
    start_back = pd.Series([s - b if pd.notna(s) else pd.NaT for s, b in zip(period_start, back)], index=text.index,
                           dtype="datetime64[ns]")
    end_back = pd.Series([e - b if pd.notna(e) else pd.NaT for e, b in zip(period_end, back)], index=text.index,
                         dtype="datetime64[ns]")
    a_week = pd.Timedelta(days=7)
    basis = pd.DataFrame(
        {
            "basis_start": parsed["period_start"].mask(same | of_year.notna(), start_back).mask(week, period_start - a_week),
            "basis_end": parsed["period_end"].mask(same | of_year.notna(), end_back).mask(week, period_end - a_week),
            "basis_error": parsed["period_error"],
        }
    )
    basis.loc[far, ["basis_start", "basis_end"]] = NaT
    basis.loc[far, "basis_error"] = f"{YEAR_RANGE_ERROR}: '" + shorten_series(rest[far]) + "'"
    basis.loc[written & ~understood, "basis_error"] = (
        "comparison basis not understood (expected 'so với …', or 'compared with …' in English): '"
        + shorten_series(folded[written & ~understood]) + "'"
    )
    return basis
