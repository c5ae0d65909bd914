"""on_unique gives exactly what the direct call gives, row for row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.clean.dedupe import on_unique
from analysis.parse.periods import parse_periods


def test_on_unique_matches_the_direct_call_with_repeats_and_missing_values():
    text = pd.Series(["cuối tháng 8/2022", "", "Hiện", "cuối tháng 8/2022", None, "quý II năm 2022", "Hiện"] * 3,
                     index=np.arange(21) * 10)  # a non-default index survives
    published = pd.Series(pd.to_datetime(["2022-09-20", "2024-10-10", "2022-09-20"] * 7), index=text.index)
    direct = parse_periods(text, published)
    via = on_unique(parse_periods, text=text, published=published)
    pd.testing.assert_frame_equal(via, direct)


def test_on_unique_calls_the_function_once_per_distinct_row():
    seen = []

    def spy(a: pd.Series, b: pd.Series) -> pd.DataFrame:
        seen.append(len(a))
        return pd.DataFrame({"sum": a + b}, index=a.index)

    a = pd.Series([1, 2, 1, 2, 1])
    b = pd.Series([10, 20, 10, 30, 10])
    out = on_unique(spy, a=a, b=b)
    assert seen == [3]  # (1,10), (2,20), (2,30)
    assert list(out["sum"]) == [11, 22, 11, 32, 11]
