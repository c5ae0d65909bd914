"""Periods and comparison bases as Vietnamese articles write them → start, end, flag, error.

Every expected date is worked out by hand from the calendar (month ends, leap years, quarters),
never copied from the module's output. The publication date of most cases is 5 October 2024.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.parse.numbers import parse_values
from analysis.parse.periods import (
    AS_OF_PUBLICATION,
    ESTIMATE_YEAR_END,
    PATTERNS,
    YEAR_FROM_PUBLICATION,
    accepted_forms,
    parse_comparisons,
    parse_periods,
    pattern_names,
)

PUBLISHED = "2024-10-05"
PROPERTY = settings(max_examples=40, deadline=None, database=None)

AS_OF = AS_OF_PUBLICATION
FROM_PUB = YEAR_FROM_PUBLICATION
ESTIMATE = ESTIMATE_YEAR_END


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def published(dates: list[str]) -> pd.Series:
    return pd.Series(pd.to_datetime(dates, format="%Y-%m-%d"))


def periods(texts: list, dates: list[str] | None = None) -> pd.DataFrame:
    dates = dates if dates is not None else [PUBLISHED] * len(texts)
    frame = parse_periods(pd.Series(texts, dtype="object"), published(dates))
    assert list(frame.columns) == ["period_start", "period_end", "period_flag", "period_error"]
    return frame


def period(text, date: str = PUBLISHED) -> pd.Series:
    return periods([text], [date]).iloc[0]


def is_date(actual, expected: str | None) -> bool:
    """actual is the ISO date expected, or missing (NaT) where expected is None."""
    if expected is None:
        return pd.isna(actual)
    return not pd.isna(actual) and pd.Timestamp(actual) == pd.Timestamp(expected)


def test_flags_are_the_names_written_to_the_clean_table():
    assert AS_OF_PUBLICATION == "ends_at_publication_date"
    assert YEAR_FROM_PUBLICATION == "year_from_publication_date"
    assert ESTIMATE_YEAR_END == "estimate_year_end"


@pytest.mark.parametrize(("text", "date", "end", "flag"), [
    ("đến cuối năm 2024", "2024-12-13", "2024-12-31", ESTIMATE),    # a December report: to the year end
    ("hết năm 2024", "2024-12-13", "2024-12-31", ESTIMATE),
    ("Đến cuối năm", "2024-12-13", "2024-12-31", f"{FROM_PUB};{ESTIMATE}"),  # no year: the publication's
    ("đến cuối năm 2024", "2024-12-31", "2024-12-31", ""),          # published on the day itself
    ("đến cuối năm 2024", "2025-01-10", "2024-12-31", ""),          # already past
    ("đến cuối năm 2025", "2024-12-13", "2025-12-31", ""),          # another year: no estimate (a target, or wrong)
    ("cuối tháng 12/2024", "2024-12-13", "2024-12-31", ""),         # a month end is a date, not a year-end estimate
])
def test_the_end_of_the_publications_own_year_is_flagged_as_an_estimate(text, date, end, flag):
    row = period(text, date)
    assert pd.isna(row["period_error"]) and is_date(row["period_end"], end)
    assert row["period_flag"] == flag


# --------------------------------------------------------------------------------------------------
# parse_periods: periods it understands

GOOD_PERIODS = [
    # text, start, end, flag   (published 2024-10-05)
    # — as of the publication date
    ("Hiện", None, PUBLISHED, AS_OF),
    ("hiện nay", None, PUBLISHED, AS_OF),
    ("Hiện tại", None, PUBLISHED, AS_OF),
    ("Đến nay", None, PUBLISHED, AS_OF),
    ("Tính đến nay", None, PUBLISHED, AS_OF),
    ("tới nay", None, PUBLISHED, AS_OF),
    ("cho đến nay", None, PUBLISHED, AS_OF),
    ("đến thời điểm này", None, PUBLISHED, AS_OF),
    ("tính đến thời điểm hiện tại", None, PUBLISHED, AS_OF),
    ("HIỆN NAY", None, PUBLISHED, AS_OF),
    ("Hiện nay,", None, PUBLISHED, AS_OF),
    ("Tính\u00a0đến\u00a0nay", None, PUBLISHED, AS_OF),
    (nfd("Tính đến nay"), None, PUBLISHED, AS_OF),
    # — a day
    ("đến ngày 11/8/2022", None, "2022-08-11", ""),
    ("Tính đến ngày 11/8/2022", None, "2022-08-11", ""),
    ("tới 01/01/2023", None, "2023-01-01", ""),
    ("cho đến ngày 11/08/2022.", None, "2022-08-11", ""),
    ("ngày 11/8/2022", "2022-08-11", "2022-08-11", ""),      # one day: starts and ends that day
    ("11/08/2022", "2022-08-11", "2022-08-11", ""),
    ("29/2/2024", "2024-02-29", "2024-02-29", ""),           # 2024 is a leap year
    ("31/12/2023", "2023-12-31", "2023-12-31", ""),
    # — end of a month: a stock, no start
    ("cuối tháng 8/2022", None, "2022-08-31", ""),
    ("Cuối tháng 8/2022.", None, "2022-08-31", ""),
    ("CUỐI THÁNG 8/2022", None, "2022-08-31", ""),
    ("cu\u00f4\u0301i tha\u0301ng 8/2022", None, "2022-08-31", ""),   # NFD: ô + acute, a + acute
    (nfd("cuối tháng 8/2022"), None, "2022-08-31", ""),
    ("cuối\u00a0tháng\u00a08/2022", None, "2022-08-31", ""),
    ("  cuối   tháng 8/2022  ", None, "2022-08-31", ""),
    ("cuối tháng 08/2022", None, "2022-08-31", ""),
    ("cuối tháng 2 năm 2024", None, "2024-02-29", ""),       # leap year
    ("cuối tháng 2/2023", None, "2023-02-28", ""),
    ("cuối tháng 2/1900", None, "1900-02-28", ""),           # 1900: divisible by 100, not by 400
    ("cuối tháng 4/2024", None, "2024-04-30", ""),
    ("đến cuối tháng 6/2023", None, "2023-06-30", ""),
    ("tính đến cuối tháng 12/2021", None, "2021-12-31", ""),
    # — end of a year
    ("cuối năm 2022", None, "2022-12-31", ""),
    ("đến cuối năm 2025", None, "2025-12-31", ""),
    # — middle and start of a month
    ("giữa tháng 9/2024", None, "2024-09-15", ""),
    ("Giữa tháng 2 năm 2023", None, "2023-02-15", ""),
    ("đầu tháng 3/2023", None, "2023-03-01", ""),
    # — since a month, to the publication date
    ("Từ tháng 7/2024", "2024-07-01", PUBLISHED, AS_OF),
    ("kể từ tháng 7/2024 đến nay", "2024-07-01", PUBLISHED, AS_OF),
    ("từ tháng 1 năm 2024", "2024-01-01", PUBLISHED, AS_OF),
    # — from a day to a day
    ("từ ngày 26/8 đến 26/9/2024", "2024-08-26", "2024-09-26", ""),     # the start takes the end's year
    ("Từ 26/8/2023 đến ngày 26/9/2024", "2023-08-26", "2024-09-26", ""),
    ("trong thời gian từ ngày 1/3 - 31/3/2024", "2024-03-01", "2024-03-31", ""),
    ("từ 1/3–31/3/2024", "2024-03-01", "2024-03-31", ""),
    ("từ ngày 26/8 tới ngày 26/9/2024", "2024-08-26", "2024-09-26", ""),
    # — a month
    ("tháng 8/2022", "2022-08-01", "2022-08-31", ""),
    ("Tháng 12/2023", "2023-12-01", "2023-12-31", ""),
    ("trong tháng 2 năm 2023", "2023-02-01", "2023-02-28", ""),
    ("trong tháng 2/2024", "2024-02-01", "2024-02-29", ""),
    # — the first months of a year
    ("9 tháng đầu năm", "2024-01-01", "2024-09-30", FROM_PUB),          # the year of publication
    ("9 tháng đầu năm 2023", "2023-01-01", "2023-09-30", ""),
    ("Trong 6 tháng đầu năm 2022", "2022-01-01", "2022-06-30", ""),
    ("2 tháng đầu năm 2024", "2024-01-01", "2024-02-29", ""),
    ("12 tháng đầu năm 2023", "2023-01-01", "2023-12-31", ""),
    ("1 tháng đầu năm 2023", "2023-01-01", "2023-01-31", ""),
    ("9\u00a0tháng đầu\u00a0năm", "2024-01-01", "2024-09-30", FROM_PUB),
    (nfd("9 Tháng Đầu Năm 2023."), "2023-01-01", "2023-09-30", ""),
    # — the last months of a year
    ("6 tháng cuối năm 2023", "2023-07-01", "2023-12-31", ""),          # 13 − 6 = month 7
    ("3 tháng cuối năm", "2024-10-01", "2024-12-31", FROM_PUB),         # 13 − 3 = month 10
    ("trong 1 tháng cuối năm 2022", "2022-12-01", "2022-12-31", ""),
    ("12 tháng cuối năm 2022", "2022-01-01", "2022-12-31", ""),
    # — quarters: roman or arabic, "năm" or "/"
    ("quý II năm 2022", "2022-04-01", "2022-06-30", ""),
    ("Quý IV/2023", "2023-10-01", "2023-12-31", ""),
    ("quý 1 năm 2024", "2024-01-01", "2024-03-31", ""),
    ("trong quý I/2021", "2021-01-01", "2021-03-31", ""),
    ("quý 3 / 2020", "2020-07-01", "2020-09-30", ""),
    ("quý III", "2024-07-01", "2024-09-30", FROM_PUB),
    ("QUÝ II NĂM 2022", "2022-04-01", "2022-06-30", ""),
    ("quý\u00a0ii năm 2022", "2022-04-01", "2022-06-30", ""),
    (nfd("Quý IV năm 2023"), "2023-10-01", "2023-12-31", ""),
    ("quý 4", "2024-10-01", "2024-12-31", FROM_PUB),
    # — the start of a year: the date 1 January, or the span from 1 January to publication
    ("đầu năm", None, "2024-01-01", FROM_PUB),   # a date, like "đầu tháng 3/2023": no start
    ("đầu năm 2023", None, "2023-01-01", ""),
    ("từ đầu năm", "2024-01-01", PUBLISHED, AS_OF),
    ("Từ đầu năm đến nay", "2024-01-01", PUBLISHED, AS_OF),
    ("kể từ đầu năm 2024 đến nay", "2024-01-01", PUBLISHED, AS_OF),
    ("đầu năm tới nay", "2024-01-01", PUBLISHED, AS_OF),
    # — by a year: a target, no start
    ("đến năm 2025", None, "2025-12-31", ""),
    ("Đến năm 2030,", None, "2030-12-31", ""),
    ("tới 2030", None, "2030-12-31", ""),
    ("đến hết năm 2025", None, "2025-12-31", ""),
    # — a whole year
    ("năm 2024", "2024-01-01", "2024-12-31", ""),
    ("2030", "2030-01-01", "2030-12-31", ""),
    ("Trong năm 2021", "2021-01-01", "2021-12-31", ""),
    ("cả năm 2023", "2023-01-01", "2023-12-31", ""),
    ("vào năm 2022.", "2022-01-01", "2022-12-31", ""),
    ("NĂM 2024", "2024-01-01", "2024-12-31", ""),
    # — this year, last year
    ("năm nay", "2024-01-01", "2024-12-31", FROM_PUB),
    ("trong năm nay", "2024-01-01", "2024-12-31", FROM_PUB),
    ("năm ngoái", "2023-01-01", "2023-12-31", FROM_PUB),
    ("năm trước", "2023-01-01", "2023-12-31", FROM_PUB),
    # — a span of years
    ("giai đoạn 2021 - 2025", "2021-01-01", "2025-12-31", ""),
    ("Giai đoạn 2021–2025", "2021-01-01", "2025-12-31", ""),
    ("trong giai đoạn 2021-2025", "2021-01-01", "2025-12-31", ""),
    ("giai\u00a0đoạn 2021 – 2025", "2021-01-01", "2025-12-31", ""),
    # — as public reports write them: days with dashes or dots, one separator per date
    ("1-12-2022", "2022-12-01", "2022-12-01", ""),            # day 1, month 12: one day
    ("14.11.2024", "2024-11-14", "2024-11-14", ""),           # a period phrase is a date, never 14 112 024
    ("ngày 11-8-2022", "2022-08-11", "2022-08-11", ""),
    ("đến ngày 11.8.2022", None, "2022-08-11", ""),
    ("29.2.2024", "2024-02-29", "2024-02-29", ""),            # 2024 is a leap year
    ("tính đến hết ngày 30/9/2024", None, "2024-09-30", ""),  # "hết ngày": by the end of that day
    ("hết ngày 30-9-2024", None, "2024-09-30", ""),
    # — spans whose first day leaves its year to the last one, with dashes or dots
    ("từ ngày 1-1 đến 14-11-2024", "2024-01-01", "2024-11-14", ""),
    ("từ 26.8 đến 26.9.2024", "2024-08-26", "2024-09-26", ""),
    ("Từ ngày 1-1 đến 1-12-2022", "2022-01-01", "2022-12-01", ""),
    ("từ ngày 15.12 đến 15.1.2024", "2023-12-15", "2024-01-15", ""),   # 15 Dec after 15 Jan: the year before
    ("từ 1-3-2023 đến 28-2-2024", "2023-03-01", "2024-02-28", ""),
    # — cumulative ("lũy kế", also "luỹ kế"): the same dates as without the word
    ("lũy kế từ ngày 1-1 đến 14-11-2024", "2024-01-01", "2024-11-14", ""),
    ("thống kê lũy kế từ ngày 1-1 đến 14-11-2024", "2024-01-01", "2024-11-14", ""),
    ("tính lũy kế đến 14-11-2024", None, "2024-11-14", ""),
    ("luỹ kế từ đầu năm đến nay", "2024-01-01", PUBLISHED, AS_OF),
    ("lũy kế 9 tháng đầu năm", "2024-01-01", "2024-09-30", FROM_PUB),
    ("Lũy kế đến nay", None, PUBLISHED, AS_OF),
    # — month and year with a dash or a dot
    ("cuối tháng 8-2022", None, "2022-08-31", ""),
    ("tháng 12.2023", "2023-12-01", "2023-12-31", ""),
    # — "hết": the end of that month or year, a date (no start)
    ("tính đến hết tháng 9/2024", None, "2024-09-30", ""),    # September has 30 days
    ("đến hết tháng 9/2024", None, "2024-09-30", ""),
    ("hết tháng 9/2024", None, "2024-09-30", ""),
    ("hết tháng 2/2024", None, "2024-02-29", ""),             # leap year
    ("đến hết năm 2022", None, "2022-12-31", ""),
    ("hết năm 2022", None, "2022-12-31", ""),
    ("đến hết 2025", None, "2025-12-31", ""),
    ("tính đến năm 2025", None, "2025-12-31", ""),
    # — forms of public reports that already parsed
    ("cuối năm 2024", None, "2024-12-31", ESTIMATE),                  # the publication's year: an estimate
    ("đầu tháng 5/2025", None, "2025-05-01", ""),
    ("6 tháng đầu năm 2025", "2025-01-01", "2025-06-30", ""),  # January to the end of June
    ("tháng 12/2023", "2023-12-01", "2023-12-31", ""),
    ("quý IV/2024", "2024-10-01", "2024-12-31", ""),           # quarter 4: October to December
    ("quý 4 năm 2024", "2024-10-01", "2024-12-31", ""),
    ("giai đoạn 2021-2025", "2021-01-01", "2025-12-31", ""),
    ("giai đoạn 2021–2025", "2021-01-01", "2025-12-31", ""),  # en dash
    ("từ đầu năm đến nay", "2024-01-01", PUBLISHED, AS_OF),
]


@pytest.mark.parametrize(("text", "start", "end", "flag"), GOOD_PERIODS, ids=[ascii(case[0]) for case in GOOD_PERIODS])
def test_parse_periods(text, start, end, flag):
    row = period(text)
    assert pd.isna(row["period_error"]), row["period_error"]
    assert is_date(row["period_start"], start), row["period_start"]
    assert is_date(row["period_end"], end), row["period_end"]
    assert row["period_flag"] == flag


@pytest.mark.parametrize(
    ("text", "date", "start", "end", "flag"),
    [
        ("9 tháng đầu năm", "2023-11-20", "2023-01-01", "2023-09-30", FROM_PUB),
        ("6 tháng đầu năm", "2022-07-15", "2022-01-01", "2022-06-30", FROM_PUB),
        ("quý II", "2021-08-01", "2021-04-01", "2021-06-30", FROM_PUB),
        ("năm ngoái", "2020-01-02", "2019-01-01", "2019-12-31", FROM_PUB),
        ("năm nay", "2020-01-02", "2020-01-01", "2020-12-31", FROM_PUB),
        ("Hiện", "2022-08-12", None, "2022-08-12", AS_OF),
        ("từ đầu năm", "2022-08-12", "2022-01-01", "2022-08-12", AS_OF),
        ("Từ tháng 7/2024", "2024-12-31", "2024-07-01", "2024-12-31", AS_OF),
        # a written year wins over the publication year
        ("9 tháng đầu năm 2023", "2025-03-01", "2023-01-01", "2023-09-30", ""),
    ],
)
def test_periods_take_what_they_need_from_the_publication_date(text, date, start, end, flag):
    row = period(text, date)
    assert pd.isna(row["period_error"]), row["period_error"]
    assert is_date(row["period_start"], start)
    assert is_date(row["period_end"], end)
    assert row["period_flag"] == flag


def test_each_row_uses_its_own_publication_date_and_the_index_is_kept():
    index = pd.Index([7, 3, 11, 5])
    texts = pd.Series(["9 tháng đầu năm", "9 tháng đầu năm", "Hiện", "cuối tháng 8/2022"], index=index)
    dates = pd.Series(pd.to_datetime(["2024-10-05", "2023-11-20", "2022-08-12", "2024-10-05"]), index=index)
    frame = parse_periods(texts, dates)
    assert list(frame.index) == [7, 3, 11, 5]
    assert is_date(frame.loc[7, "period_end"], "2024-09-30")
    assert is_date(frame.loc[3, "period_end"], "2023-09-30")
    assert is_date(frame.loc[11, "period_end"], "2022-08-12") and pd.isna(frame.loc[11, "period_start"])
    assert is_date(frame.loc[5, "period_end"], "2022-08-31")
    assert list(frame["period_flag"]) == [FROM_PUB, FROM_PUB, AS_OF, ""]
    assert frame["period_error"].isna().all()


@pytest.mark.parametrize("text", ["", None, "   ", "\u00a0"])
def test_unwritten_period_is_open_and_not_an_error(text):
    row = period(text)
    assert pd.isna(row["period_start"]) and pd.isna(row["period_end"])
    assert row["period_flag"] == ""
    assert pd.isna(row["period_error"])


def test_period_columns_are_dates():
    frame = periods(["cuối tháng 8/2022", "Hiện", "abc"])
    assert pd.api.types.is_datetime64_any_dtype(frame["period_start"])
    assert pd.api.types.is_datetime64_any_dtype(frame["period_end"])


# --------------------------------------------------------------------------------------------------
# parse_periods: errors

BAD_PERIODS = [
    # text, what the error must contain
    ("31/2/2022", ["impossible date", "'31/2/2022'"]),
    ("ngày 29/2/2023", ["impossible date", "'ngày 29/2/2023'"]),      # 2023 is not a leap year
    ("đến ngày 31/4/2024", ["impossible date", "'đến ngày 31/4/2024'"]),  # April has 30 days
    ("0/5/2022", ["impossible date", "'0/5/2022'"]),
    ("5/13/2022", ["impossible date", "'5/13/2022'"]),
    ("cuối tháng 13/2022", ["impossible date", "'cuối tháng 13/2022'"]),
    ("cuối tháng 0/2022", ["impossible date", "'cuối tháng 0/2022'"]),
    ("giữa tháng 13/2024", ["impossible date", "'giữa tháng 13/2024'"]),
    ("tháng 13/2022", ["impossible date", "'tháng 13/2022'"]),
    ("13 tháng đầu năm 2023", ["impossible date", "'13 tháng đầu năm 2023'"]),
    ("0 tháng đầu năm", ["impossible date", "'0 tháng đầu năm'"]),
    ("từ ngày 1/3 đến 31/2/2024", ["impossible date", "'từ ngày 1/3 đến 31/2/2024'"]),
    ("Ngày 31/2/2022", ["impossible date", "'ngày 31/2/2022'"]),       # named as folded: lower case
    ("abc", ["period not understood", "'abc'"]),
    ("8/2022", ["period not understood", "'8/2022'"]),
    ("quý V năm 2022", ["period not understood", "'quý v năm 2022'"]),
    ("tháng sau", ["period not understood", "'tháng sau'"]),
    ("năm 24", ["period not understood", "'năm 24'"]),
    ("cuối tháng 8/2022 và 9/2022", ["period not understood", "'cuối tháng 8/2022 và 9/2022'"]),
    ("Sắp tới", ["period not understood", "'sắp tới'"]),
    ("\u00a0abc\u00a0\u00a0def ", ["period not understood: 'abc def'"]),
    ("31.2.2024", ["impossible date", "'31.2.2024'"]),
    ("hết tháng 13/2024", ["impossible date", "'hết tháng 13/2024'"]),
    ("từ ngày 1-1 đến 31-4-2024", ["impossible date"]),                 # April has 30 days
    ("1-12/2022", ["period not understood", "'1-12/2022'"]),            # one separator per date
    ("14.11", ["period not understood", "'14.11'"]),
    ("1.100", ["period not understood", "'1.100'"]),                    # a number is not a date
    ("lũy kế", ["period not understood", "'lũy kế'"]),
    ("lũy kế abc", ["period not understood", "'lũy kế abc'"]),          # named as written, word included
    # a year no article of this project can mean (a typo): an error, never past what a date column holds
    ("năm 9999", ["year outside 1900–2199", "'năm 9999'"]),
    ("năm 1899", ["year outside 1900–2199", "'năm 1899'"]),
    ("ngày 1/1/0001", ["year outside 1900–2199", "'ngày 1/1/0001'"]),
    ("giai đoạn 2020 - 2263", ["year outside 1900–2199", "'giai đoạn 2020 - 2263'"]),
    ("quý II năm 1000", ["year outside 1900–2199"]),
]


@pytest.mark.parametrize(("text", "needles"), BAD_PERIODS, ids=[ascii(case[0]) for case in BAD_PERIODS])
def test_bad_periods_are_errors_naming_the_text(text, needles):
    row = period(text)
    assert not pd.isna(row["period_error"])
    for needle in needles:
        assert needle in row["period_error"], row["period_error"]
    assert pd.isna(row["period_end"])


def test_a_long_period_or_basis_is_named_shortened():
    text = "cuối tháng " + "8" * 10_000
    assert len(period(text)["period_error"]) < 500
    assert len(comparison("so với " + text)["basis_error"]) < 500


def test_the_first_and_last_years_a_period_may_name():
    assert is_date(period("năm 1900")["period_end"], "1900-12-31")
    assert is_date(period("năm 2199")["period_end"], "2199-12-31")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("từ ngày 31/2 đến 5/3/2024", "'từ ngày 31/2 đến 5/3/2024'"),   # the start is impossible
        ("Từ tháng 13/2024", "'từ tháng 13/2024'"),                     # the start is impossible
        ("13 tháng cuối năm 2023", "'13 tháng cuối năm 2023'"),         # 13 − 13 = month 0
        ("0 tháng cuối năm 2023", "'0 tháng cuối năm 2023'"),           # 13 − 0 = month 13
    ],
)
def test_impossible_start_dates_are_errors(text, named):
    row = period(text)
    assert not pd.isna(row["period_error"])
    assert "impossible date" in row["period_error"] and named in row["period_error"]


# --------------------------------------------------------------------------------------------------
# Examples and accepted forms

EXAMPLES = [(pattern.name, example) for pattern in PATTERNS for example in pattern.examples]


def test_every_pattern_has_examples():
    assert all(pattern.examples for pattern in PATTERNS), [p.name for p in PATTERNS if not p.examples]


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[ascii(e) for _, e in EXAMPLES])
def test_every_example_parses_to_a_date_with_its_pattern(name, example):
    assert pattern_names(pd.Series([example])).iloc[0] == name
    row = period(example)
    assert pd.isna(row["period_error"]), row["period_error"]
    assert not pd.isna(row["period_end"])


def test_accepted_forms_are_one_example_per_pattern_in_order():
    forms = accepted_forms()
    assert forms == [pattern.examples[0] for pattern in PATTERNS]
    assert "cuối tháng 8/2022" in forms


def test_a_day_without_its_year_is_in_the_publications_year_or_the_one_before():
    # published 2024-10-10: "ngày 11/8" is 11 August 2024; "ngày 24/12" would come after the article,
    # so it is 24 December 2023; both say the year was taken from the publication
    published = pd.Series(pd.Timestamp("2024-10-10"), index=range(3))
    rows = parse_periods(pd.Series(["ngày 11/8", "tính đến ngày 11-8", "ngày 24/12"]), published)
    assert list(rows["period_end"]) == [pd.Timestamp("2024-08-11"), pd.Timestamp("2024-08-11"),
                                        pd.Timestamp("2023-12-24")]
    assert (rows["period_flag"] == "year_from_publication_date").all() and rows["period_error"].isna().all()


def test_numbers_written_as_words_and_english_dates_of_english_pages():
    published = pd.Series(pd.Timestamp("2025-12-16"), index=range(4))
    rows = parse_periods(pd.Series(["sáu tháng đầu năm 2023", "the week ending December 8", "cách đây hai năm",
                                    "In the next five years"]), published)
    # 1 Jan–30 Jun 2023; 8 Dec 2025 (the publication's year); 16 Dec 2023; by the end of 2030 (2025 + 5)
    assert list(rows["period_start"].fillna(pd.NaT)[:1]) == [pd.Timestamp("2023-01-01")]
    assert list(rows["period_end"]) == [pd.Timestamp("2023-06-30"), pd.Timestamp("2025-12-08"),
                                        pd.Timestamp("2023-12-16"), pd.Timestamp("2030-12-31")]


def test_pattern_names_of_texts_no_pattern_reads_are_missing():
    names = pattern_names(pd.Series(["cuối tháng 8/2022", "abc", ""], index=[4, 5, 6]))
    assert list(names.index) == [4, 5, 6]
    assert names[4] == "end of month" and pd.isna(names[5]) and pd.isna(names[6])


def test_period_not_understood_ends_with_a_short_list_of_accepted_forms():
    error = period("sắp tới")["period_error"]
    assert error.startswith("period not understood: 'sắp tới'; accepted forms: ")
    assert "cuối tháng 8/2022" in error and "ngày 11/8/2022" in error
    assert len(error) < 300, len(error)
    # an impossible date names no forms: the form is right, the date is not
    assert "accepted forms" not in period("31/2/2022")["period_error"]


def test_a_cumulative_period_has_the_dates_of_the_same_period_without_the_word():
    plain = ["từ ngày 1-1 đến 14-11-2024", "đến 14-11-2024", "9 tháng đầu năm", "đến nay", "cuối tháng 8/2022"]
    cumulative = ["lũy kế từ ngày 1-1 đến 14-11-2024", "tính lũy kế đến 14-11-2024", "luỹ kế 9 tháng đầu năm",
                  "thống kê lũy kế đến nay", "lũy kế đến cuối tháng 8/2022"]
    both = periods(plain + cumulative)
    assert both["period_error"].isna().all()
    without, with_word = both.iloc[:len(plain)].reset_index(drop=True), both.iloc[len(plain):].reset_index(drop=True)
    pd.testing.assert_frame_equal(without, with_word)


def test_a_dotted_date_is_a_date_in_a_period_and_not_a_number_elsewhere():
    # "14.11.2024": a date in a period; as a Vietnamese value its last group has 4 digits: malformed
    assert is_date(period("14.11.2024")["period_end"], "2024-11-14")
    values = parse_values(pd.Series(["14.11.2024", "1.100", "1.234.567"]), pd.Series(["vi", "vi", "vi"]))
    assert values["error"][0].startswith("malformed number '14.11.2024'")
    assert list(values["value"][1:]) == [1100, 1234567]     # thousands groups as before


def test_span_of_days_across_new_year():
    row = period("từ ngày 15/12 đến 15/1/2024")
    assert pd.isna(row["period_error"])
    assert is_date(row["period_start"], "2023-12-15")
    assert is_date(row["period_end"], "2024-01-15")


def test_reversed_span_of_years_is_an_error():
    row = period("giai đoạn 2025 - 2021")
    assert not pd.isna(row["period_error"]) and "'giai đoạn 2025 - 2021'" in row["period_error"]


def test_good_and_bad_rows_together():
    frame = periods(["cuối tháng 8/2022", "31/2/2022", "abc", "", "năm 2024"])
    assert list(frame["period_error"].isna()) == [True, False, False, True, True]
    assert is_date(frame["period_end"][0], "2022-08-31")
    assert is_date(frame["period_start"][4], "2024-01-01") and is_date(frame["period_end"][4], "2024-12-31")


# --------------------------------------------------------------------------------------------------
# parse_periods: properties against the calendar

years = st.integers(min_value=1900, max_value=2100)
months = st.integers(min_value=1, max_value=12)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@PROPERTY
@given(st.lists(st.tuples(years, months), min_size=1, max_size=10))
def test_months_and_month_ends_match_the_calendar(cases):
    texts = [f"tháng {m}/{y}" for y, m in cases] + [f"cuối tháng {m} năm {y}" for y, m in cases]
    frame = periods(texts)
    assert frame["period_error"].isna().all()
    n = len(cases)
    for i, (y, m) in enumerate(cases):
        assert is_date(frame["period_start"][i], dt.date(y, m, 1).isoformat())
        assert is_date(frame["period_end"][i], month_end(y, m).isoformat())
        assert pd.isna(frame["period_start"][n + i])
        assert is_date(frame["period_end"][n + i], month_end(y, m).isoformat())


@PROPERTY
@given(st.lists(st.tuples(years, st.integers(min_value=1, max_value=4), st.booleans()), min_size=1, max_size=10))
def test_quarters_match_the_calendar(cases):
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    texts = [f"quý {roman[q] if use_roman else q} năm {y}" for y, q, use_roman in cases]
    frame = periods(texts)
    assert frame["period_error"].isna().all()
    for i, (y, q, _) in enumerate(cases):
        first = 3 * (q - 1) + 1  # quarter 2 → April, quarter 4 → October
        assert is_date(frame["period_start"][i], dt.date(y, first, 1).isoformat())
        assert is_date(frame["period_end"][i], month_end(y, first + 2).isoformat())


@PROPERTY
@given(st.lists(st.tuples(years, months, st.integers(min_value=1, max_value=31)), min_size=1, max_size=10))
def test_days_are_dates_or_impossible(cases):
    texts = [f"đến ngày {d}/{m}/{y}" for y, m, d in cases]
    frame = periods(texts)
    for i, (y, m, d) in enumerate(cases):
        if d <= calendar.monthrange(y, m)[1]:
            assert pd.isna(frame["period_error"][i])
            assert is_date(frame["period_end"][i], dt.date(y, m, d).isoformat())
        else:
            assert f"impossible date in a 'day' period: '{texts[i]}'" == frame["period_error"][i]
            assert pd.isna(frame["period_end"][i])


@PROPERTY
@given(st.lists(st.tuples(years, st.integers(min_value=1, max_value=12), st.booleans()), min_size=1, max_size=10))
def test_first_and_last_months_of_a_year(cases):
    texts = [f"{n} tháng {'đầu' if first else 'cuối'} năm {y}" for y, n, first in cases]
    frame = periods(texts)
    assert frame["period_error"].isna().all()
    for i, (y, n, first) in enumerate(cases):
        if first:  # January to the end of month n
            assert is_date(frame["period_start"][i], f"{y}-01-01")
            assert is_date(frame["period_end"][i], month_end(y, n).isoformat())
        else:      # the first day of month 13 − n to 31 December
            assert is_date(frame["period_start"][i], dt.date(y, 13 - n, 1).isoformat())
            assert is_date(frame["period_end"][i], f"{y}-12-31")


@PROPERTY
@given(st.sampled_from([case[0].strip() for case in GOOD_PERIODS]), st.sampled_from(["NFC", "NFD"]),
       st.sampled_from([str.lower, str.upper, str.title]), st.sampled_from([" ", "\u00a0", "  "]),
       st.sampled_from(["", ".", ",", ";", ":"]))
def test_form_case_spacing_and_trailing_punctuation_do_not_matter(text, form, case, space, punctuation):
    variant = unicodedata.normalize(form, case(text)).replace(" ", space) + punctuation
    both = periods([text, variant])
    for column in ("period_start", "period_end"):
        assert (pd.isna(both[column][0]) and pd.isna(both[column][1])) or both[column][0] == both[column][1]
    assert both["period_flag"][0] == both["period_flag"][1]
    assert pd.isna(both["period_error"][1]), (variant, both["period_error"][1])


def test_trailing_punctuation_after_a_space():
    row = period("cuối tháng 8/2022 .")
    assert pd.isna(row["period_error"]), row["period_error"]
    assert is_date(row["period_end"], "2022-08-31")


# --------------------------------------------------------------------------------------------------
# parse_comparisons

def comparisons(rows: list[tuple], date: str = PUBLISHED) -> pd.DataFrame:
    """rows of (comparison text, figure's period_start, figure's period_end)."""
    texts = pd.Series([text for text, _, _ in rows], dtype="object")
    start = pd.Series(pd.to_datetime([s for _, s, _ in rows]))
    end = pd.Series(pd.to_datetime([e for _, _, e in rows]))
    frame = parse_comparisons(texts, start, end, published([date] * len(rows)))
    assert list(frame.columns) == ["basis_start", "basis_end", "basis_error"]
    return frame


def comparison(text, start: str | None = "2024-01-01", end: str | None = "2024-09-30",
               date: str = PUBLISHED) -> pd.Series:
    return comparisons([(text, start, end)], date).iloc[0]


GOOD_COMPARISONS = [
    # text, figure start, figure end, basis start, basis end   (published 2024-10-05)
    ("so với năm 2023", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),
    ("So với năm 2023", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),
    ("SO VỚI NĂM 2023", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),
    ("so với năm 2023.", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),
    ("so với\u00a0năm 2023", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),
    ("so vo\u031b\u0301i na\u0306m 2023", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),  # NFD ớ, ă
    ("tăng so với năm 2023", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),
    ("giảm so với năm 2022", None, "2024-08-31", "2022-01-01", "2022-12-31"),
    ("so với thời điểm tháng 12/2023", None, "2024-08-31", "2023-12-01", "2023-12-31"),
    ("so với cùng thời điểm năm 2022", None, "2023-08-31", "2022-01-01", "2022-12-31"),
    ("so với cuối năm 2023", None, "2024-08-31", None, "2023-12-31"),
    ("so với thời điểm cuối tháng 12/2023", None, "2024-08-31", None, "2023-12-31"),
    ("so với quý II/2023", "2024-04-01", "2024-06-30", "2023-04-01", "2023-06-30"),
    ("so với tháng 8/2023", "2024-08-01", "2024-08-31", "2023-08-01", "2023-08-31"),
    ("so với năm trước", "2024-01-01", "2024-09-30", "2023-01-01", "2023-12-31"),   # published 2024
    ("so với giai đoạn 2016 - 2020", "2021-01-01", "2025-12-31", "2016-01-01", "2020-12-31"),
    ("so với ngày 11/8/2022", None, "2024-08-11", "2022-08-11", "2022-08-11"),
    ("so với ngày 14.11.2023", None, "2024-11-14", "2023-11-14", "2023-11-14"),
    ("so với hết năm 2023", None, "2024-09-30", None, "2023-12-31"),
    # a span to 14 November: the same span one year earlier (2023 is not a leap year: 14 Nov all the same)
    ("so với cùng kỳ năm ngoái", "2024-01-01", "2024-11-14", "2023-01-01", "2023-11-14"),
    # the same period one year earlier
    ("so với cùng kỳ năm trước", "2024-01-01", "2024-09-30", "2023-01-01", "2023-09-30"),
    ("so với cùng kỳ", "2024-01-01", "2024-09-30", "2023-01-01", "2023-09-30"),
    ("So với cùng kỳ năm ngoái", "2024-04-01", "2024-06-30", "2023-04-01", "2023-06-30"),
    ("tăng so với cùng kỳ năm trước", "2022-01-01", "2022-06-30", "2021-01-01", "2021-06-30"),
    ("giảm so với cùng kỳ năm trước", "2024-01-01", "2024-02-29", "2023-01-01", "2023-02-28"),  # no 29/2/2023
    ("so với cùng kỳ năm trước", None, "2024-08-31", None, "2023-08-31"),                      # a stock
    ("so với\u00a0cùng\u00a0kỳ năm trước", "2024-01-01", "2024-09-30", "2023-01-01", "2023-09-30"),
    (nfd("So với cùng kỳ năm trước"), "2024-01-01", "2024-09-30", "2023-01-01", "2023-09-30"),
    # nothing written: no basis, no error
    ("", "2024-01-01", "2024-09-30", None, None),
    (None, "2024-01-01", "2024-09-30", None, None),
    ("   ", "2024-01-01", "2024-09-30", None, None),
]


@pytest.mark.parametrize(("text", "start", "end", "basis_start", "basis_end"), GOOD_COMPARISONS,
                         ids=[ascii(case[0]) for case in GOOD_COMPARISONS])
def test_parse_comparisons(text, start, end, basis_start, basis_end):
    row = comparison(text, start, end)
    assert pd.isna(row["basis_error"]), row["basis_error"]
    assert is_date(row["basis_start"], basis_start), row["basis_start"]
    assert is_date(row["basis_end"], basis_end), row["basis_end"]


def test_comparisons_each_row_with_its_own_period():
    frame = comparisons([
        ("so với cùng kỳ năm trước", "2024-01-01", "2024-09-30"),
        ("so với cùng kỳ năm trước", "2022-04-01", "2022-06-30"),
        ("so với năm 2023", "2024-01-01", "2024-09-30"),
    ])
    assert is_date(frame["basis_start"][0], "2023-01-01") and is_date(frame["basis_end"][0], "2023-09-30")
    assert is_date(frame["basis_start"][1], "2021-04-01") and is_date(frame["basis_end"][1], "2021-06-30")
    assert is_date(frame["basis_start"][2], "2023-01-01") and is_date(frame["basis_end"][2], "2023-12-31")
    assert frame["basis_error"].isna().all()


BAD_COMPARISONS = [
    # text, what the error must contain
    ("so với abc", ["period not understood", "'abc'"]),
    ("so với năm 2023 và 2022", ["period not understood", "'năm 2023 và 2022'"]),
    ("so với kỳ trước", ["period not understood", "'kỳ trước'"]),
    ("so với cùng kỳ năm 2022 và 2023", ["period not understood"]),
    ("so với ngày 31/2/2023", ["impossible date", "'ngày 31/2/2023'"]),
    ("so với năm 9999", ["year outside 1900–2199", "'năm 9999'"]),
    ("so với cùng kỳ 1000", ["year outside 1900–2199", "'cùng kỳ 1000'"]),
    ("so với", ["comparison basis not understood", "'so với'"]),
    ("tăng 5%", ["comparison basis not understood", "'so với …'", "'tăng 5%'"]),
    ("cùng kỳ năm trước", ["comparison basis not understood", "'cùng kỳ năm trước'"]),
    ("năm 2023", ["comparison basis not understood", "'năm 2023'"]),
    ("Gấp đôi năm 2023", ["comparison basis not understood", "'gấp đôi năm 2023'"]),
]


@pytest.mark.parametrize(("text", "needles"), BAD_COMPARISONS, ids=[ascii(case[0]) for case in BAD_COMPARISONS])
def test_bad_comparisons_are_errors_naming_the_text(text, needles):
    row = comparison(text)
    assert not pd.isna(row["basis_error"])
    for needle in needles:
        assert needle in row["basis_error"], row["basis_error"]
    assert pd.isna(row["basis_end"])


def test_same_period_with_trailing_punctuation():
    row = comparison("so với cùng kỳ năm trước.", "2024-01-01", "2024-09-30")
    assert pd.isna(row["basis_error"]), row["basis_error"]
    assert is_date(row["basis_start"], "2023-01-01") and is_date(row["basis_end"], "2023-09-30")
