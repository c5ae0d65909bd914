"""One reader per processed table: :func:`analysis.core.tables.read_processed`, typed by ``tables.PROCESSED``."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.tables import PROCESSED, read_processed, write_csv


def test_every_processed_table_has_one_reader_and_its_types_come_from_its_declaration():
    from analysis.core.tableschema import DATE, NUMBER, PROCESSED_TABLES
    from analysis.core.tables import declared_columns

    assert set(PROCESSED) == {Path(t.path).stem for t in PROCESSED_TABLES}, (
        "a processed table declared in tableschema.TABLES needs its entry in tables.PROCESSED (how it is read back)")
    assert declared_columns("growth", DATE) == ("from_start", "from_date", "to_start", "to_date")
    assert declared_columns("figures", NUMBER) == ("value", "value_high", "denominator")


def test_an_unknown_table_name_says_which_names_exist(tmp_path: Path):
    with pytest.raises(KeyError, match="no processed table 'growths'.*growth"):
        read_processed("growths", tmp_path)


def test_a_table_is_read_back_with_its_dates_numbers_and_text(tmp_path: Path):
    written = pd.DataFrame({"province_id": ["bac-kan", "ha-noi"], "from_date": pd.to_datetime(["2022-12-31", None]),
                            "days": [366, 10], "note": ["=SUM(A1)", None]})
    write_csv(written, tmp_path / "growth.csv")
    back = read_processed("growth", tmp_path)
    assert back["from_date"].iloc[0] == pd.Timestamp("2022-12-31") and pd.isna(back["from_date"].iloc[1])
    assert list(back["days"]) == [366, 10]
    assert list(back["note"]) == ["=SUM(A1)", ""]  # the spreadsheet escape removed, an empty cell as ''


def test_rejected_rows_stay_text_even_where_a_cell_looks_like_a_number(tmp_path: Path):
    write_csv(pd.DataFrame({"figure_id": ["007"], "value_as_written": ["1.407,5"]}), tmp_path / "rejected.csv")
    back = read_processed("rejected", tmp_path)
    assert back.loc[0, "figure_id"] == "007" and back.loc[0, "value_as_written"] == "1.407,5"


def test_figures_are_typed_and_checked_by_their_schema(tmp_path: Path):
    from helpers import clean_figure, clean_frame

    from analysis.core.schema import SchemaViolation

    write_csv(clean_frame(clean_figure("f1", "internet_users_share", 39.5, "2024-12-31", units={"internet_users_share": "%"})), tmp_path / "figures.csv")
    back = read_processed("figures", tmp_path)
    assert math.isclose(back.loc[0, "value"], 39.5) and back.loc[0, "figure_id"] == "f1"
    assert pd.api.types.is_datetime64_any_dtype(back["period_end"])
    broken = pd.read_csv(tmp_path / "figures.csv", dtype=str, keep_default_na=False).assign(kind="guess")
    broken.to_csv(tmp_path / "figures.csv", index=False)
    with pytest.raises(SchemaViolation, match="f1"):
        read_processed("figures", tmp_path)
