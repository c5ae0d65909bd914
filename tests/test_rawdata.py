"""The committed raw layer: complete, consistent and within its closed vocabularies."""

from __future__ import annotations

import pandas as pd

from analysis.core.text import fold_series
from analysis.ingest.rawdata import FIGURES, INDICATORS, SOURCES, RawLayer


def test_every_source_has_figures(layer: RawLayer):
    # a registered source without figures is an article half added (add-source without accept)
    assert set(layer.figures["source_id"]) == set(layer.sources["source_id"])


def test_ids_are_unique(layer: RawLayer):
    for table, spec in ((layer.figures, FIGURES), (layer.sources, SOURCES), (layer.indicators, INDICATORS)):
        assert table[spec.id_column].is_unique


def test_an_indicator_no_figure_uses_yet_is_valid_and_named_by_validate(tmp_path, capsys):
    # a new indicator comes before the figures of the article that needs it: a note, not an error
    from analysis.run.actions import validate
    from helpers import small_raw_layer

    raw = small_raw_layer(tmp_path / "raw")
    codebook = raw / "indicators.csv"
    first = codebook.read_text(encoding="utf-8").splitlines()[1]
    codebook.write_text(codebook.read_text(encoding="utf-8") + first.replace("bts_stations", "ai_chatbots", 1) + "\n",
                        encoding="utf-8")
    assert validate(raw, tmp_path / "no-texts", parse=False) == 0
    out = capsys.readouterr().out
    assert "indicators: 1 in" in out and "no figure uses yet" in out and "ai_chatbots" in out


def test_families_group_close_concepts_of_one_unit(layer: RawLayer):
    codebook = layer.indicators
    assert (codebook.groupby("family")["unit"].nunique() == 1).all()
    shares = codebook[codebook["measure_type"] == "share"]
    assert (shares["universe"] != "").all()


def test_all_three_kinds_occur(layer: RawLayer):
    assert set(layer.figures["kind"]) == {"actual", "target", "change"}


def test_changes_and_only_changes_may_have_a_comparison_basis(layer: RawLayer):
    with_basis = layer.figures[layer.figures["comparison_as_written"] != ""]
    assert (with_basis["kind"] == "change").all()


def test_shares_are_written_with_a_percent_sign(layer: RawLayer):
    # "%", "% dân số", or the English "per cent": a unit word that units.csv maps to %
    kinds = layer.figures.merge(layer.indicators, on="indicator_id")
    shares = kinds[(kinds["measure_type"] == "share") & (kinds["kind"] != "change")]
    percent = set(layer.units.loc[layer.units["unit"] == "%", "unit_as_written"].str.lower())
    assert shares["unit_as_written"].str.lower().isin(percent).all()


def test_provinces_map_to_their_post_merger_province(layer: RawLayer):
    current = layer.provinces.set_index("name_vi")["current_province_id"]
    # Nghị quyết 202/2025/QH15, in force from 1 July 2025
    assert current["Bắc Kạn"] == "thai-nguyen"
    assert current["Bắc Giang"] == "bac-ninh"
    assert current["Bến Tre"] == "vinh-long"
    merged = layer.provinces[layer.provinces["current_province_id"] != layer.provinces["province_id"]]
    assert set(merged["current_since"]) == {"2025-07-01"}


def test_sources_are_about_provinces_of_the_province_table(layer: RawLayer):
    assert set(layer.sources["province"]) <= set(layer.provinces["name_vi"])


def test_publication_dates_are_plausible(layer: RawLayer):
    # after the national programme of 2020 (Quyết định 749/QĐ-TTg) and never after the day a page was read
    published = pd.to_datetime(layer.sources["published"], format="%Y-%m-%d")
    assert published.min() >= pd.Timestamp("2020-06-03")
    retrieved = pd.to_datetime(layer.sources["retrieved"].replace("", None), format="%Y-%m-%d")
    assert (published <= retrieved.fillna(published)).all()


def test_page_dates_that_contradict_the_text_are_explained(layer: RawLayer):
    # bk2022meeting prints 14/5/2020 but reports a meeting of 15/6/2022
    meeting = layer.sources.set_index("source_id").loc["bk2022meeting"]
    assert meeting["published"] == "2022-06-15"
    assert meeting["published_precision"] == "approximate"
    assert "14/5/2020" in meeting["page_date_as_printed"]


def test_5g_stations_by_operator_add_up_to_the_total(layer: RawLayer):
    figures = layer.figures[layer.figures["source_id"] == "bk2024bao"]   # hand-checked against article 001
    fivegee = figures[figures["indicator_id"] == "5g_stations_installed"]
    by = dict(zip(fivegee["breakdown"], fivegee["value_as_written"]))
    # "15 trạm phát sóng 5G, trong đó Viettel 13 trạm, VNPT 02 trạm": 13 + 2 = 15
    assert by == {"": "15", "Viettel": "13", "VNPT": "02"}


def test_raw_values_are_as_written_not_cleaned(layer: RawLayer):
    values = set(layer.figures["value_as_written"])
    # Vietnamese formats stay as printed: thousands dots, decimal commas, leading zeros, scale words
    assert {"6.233", "69,72", "0,22", "02", "75 - 100", "268.749/270.962", "10 tỷ"} <= values


def test_text_cells_are_trimmed(layer: RawLayer):
    for table in (layer.figures, layer.sources, layer.indicators, layer.provinces):
        for column in table.columns:
            cells = table[column]
            assert (fold_series(cells) == cells).all(), column
