"""Declared corrections: applied with their id, guarded against stale raw values."""

from __future__ import annotations

import pytest

from analysis.clean.figures import clean
from analysis.core.errors import DataError
from analysis.ingest.rawdata import load_raw_layer

HEADER = "correction_id,figure_id,column,value_as_written,corrected_value,reason\n"


def declare(raw, line: str) -> None:
    (raw / "corrections.csv").write_text(HEADER + line + "\n", encoding="utf-8")


def test_a_correction_is_applied_and_named_on_the_row(raw_copy):
    declare(raw_copy, "c001,bg2021ict-04,period_as_written,,Đến năm 2025,test: the paragraph opens with 'Đến năm 2025'")
    result = clean(load_raw_layer(raw_copy))
    fixed = result.figures.set_index("figure_id").loc["bg2021ict-04"]
    assert fixed["corrections"] == "c001"
    assert str(fixed["period_end"].date()) == "2025-12-31"
    assert "bg2021ict-04" not in set(result.rejected["figure_id"])
    # the raw layer itself is untouched
    assert (raw_copy / "figures.csv").read_text(encoding="utf-8").count("bg2021ict-04,bg2021ict,,mobile_station_service_radius,target,,\"0,22\",km,tối thiểu,,") == 1


def test_a_stale_correction_fails_naming_it(raw_copy):
    declare(raw_copy, "c002,bk2022portal-04,value_as_written,6.234,6.233,test")
    with pytest.raises(DataError) as caught:
        load_raw_layer(raw_copy)
    assert "row c002" in str(caught.value) and "'6.234'" in str(caught.value) and "now '6.233'" in str(caught.value)


def test_a_correction_of_an_unknown_figure_or_column_fails(raw_copy):
    declare(raw_copy, "c003,bk2099-01,locator,x,y,test")
    with pytest.raises(DataError) as caught:
        load_raw_layer(raw_copy)
    message = str(caught.value)
    assert "row c003, column column: value 'locator': not one of" in message
    assert "row c003, column figure_id: value 'bk2099-01': unknown figure_id" in message


def test_a_correction_needs_a_reason(raw_copy):
    declare(raw_copy, "c004,bk2022portal-04,value_as_written,6.233,6.234,")
    with pytest.raises(DataError, match="row c004, column reason: value '': required value is empty"):
        load_raw_layer(raw_copy)
