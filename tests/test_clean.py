"""The cleaning step end to end: hand-checked figures, bad input, and nothing lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.clean.figures import CleanResult, clean, reconciliation, write
from analysis.core.errors import MAX_QUOTED
from analysis.ingest.rawdata import RawLayer, load_raw_layer
from helpers import assert_same_as_committed, rewrite


@pytest.fixture(scope="module")
def result(layer: RawLayer) -> CleanResult:
    return clean(layer)


def row(result: CleanResult, figure_id: str) -> pd.Series:
    rows = result.figures[result.figures["figure_id"] == figure_id]
    assert len(rows) == 1, f"{figure_id} not in the clean table"
    return rows.iloc[0]




def clean_copy(raw: Path) -> CleanResult:
    return clean(load_raw_layer(raw))


def rejected_reason(result: CleanResult, figure_id: str) -> str:
    rows = result.rejected[result.rejected["figure_id"] == figure_id]
    assert len(rows) == 1, f"{figure_id} was not rejected"
    return f"{rows.iloc[0]['stage']}: {rows.iloc[0]['reason']}"


# --- hand-checked against the articles -------------------------------------------------------

def test_fibre_length_thousands_dot(result):
    # "Tính đến cuối tháng 8/2022, toàn tỉnh có 6.233 km cáp quang" (article 000)
    fibre = row(result, "bk2022portal-04")
    assert (fibre["value"], fibre["unit"], fibre["qualifier"]) == (6233.0, "km", "exact")
    assert fibre["period_end"] == pd.Timestamp("2022-08-31") and pd.isna(fibre["period_start"])


def test_fibre_household_share_decimal_comma(result):
    # "tỷ lệ hộ gia đình sử dụng băng rộng cố định FTTH đạt 69,72%" (article 001, no period: publication)
    share = row(result, "bk2024bao-09")
    assert share["value"] == pytest.approx(69.72)
    assert share["unit"] == "%"
    assert share["period_end"] == pd.Timestamp("2024-10-10")
    assert "period_not_written" in share["flags"] and "publication_date_approximate" in share["flags"]


def test_money_with_scale_word(result):
    # "tiết kiệm trên 10 tỷ đồng": 10 × 10^9 VND, a lower bound
    saving = row(result, "bk2024bao-19")
    assert saving["value"] == 10_000_000_000
    assert (saving["unit"], saving["qualifier"]) == ("VND", "more_than")


def test_ratio_numerator_and_denominator(result):
    # "thu nhận 268.749/270.962 hồ sơ CCCD": 268749 of 270962 (= 99.18 %, the next row)
    ratio = row(result, "bk2022portal-17")
    assert (ratio["value"], ratio["denominator"], ratio["qualifier"]) == (268749.0, 270962.0, "ratio")
    assert ratio["value"] / ratio["denominator"] * 100 == pytest.approx(row(result, "bk2022portal-18")["value"], abs=0.005)


def test_range_target_for_2030(result):
    # "đạt từ 150 - 200 thiết bị/100 dân năm 2030"
    iot = row(result, "bg2021ict-06")
    assert (iot["value"], iot["value_high"], iot["qualifier"], iot["kind"]) == (150.0, 200.0, "range", "target")
    # a density is a stock: a level by the end of 2030, no start
    assert pd.isna(iot["period_start"]) and iot["period_end"] == pd.Timestamp("2030-12-31")


def test_5g_stations_in_the_first_nine_months(result):
    # "Trong 9 tháng đầu năm, toàn tỉnh đã lắp đặt được 15 trạm phát sóng 5G ... VNPT 02 trạm"
    total, vnpt = row(result, "bk2024bao-05"), row(result, "bk2024bao-07")
    assert (total["value"], vnpt["value"], vnpt["breakdown"]) == (15.0, 2.0, "VNPT")
    assert (total["period_start"], total["period_end"]) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-09-30"))
    assert "year_from_publication_date" in total["flags"]


def test_change_with_basis_year(result):
    # "tăng 17% so với năm 2023": a change; its basis is the year 2023
    change = row(result, "bk2024bao-24")
    assert (change["kind"], change["value"], change["unit"]) == ("change", 17.0, "%")
    assert (change["basis_start"], change["basis_end"]) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))


def test_quarterly_flows_get_the_quarter_by_declared_correction(result):
    # "xây dựng 05 trạm BTS" in the report on quý II năm 2022, presented on 15/6/2022 (publication)
    built = row(result, "bk2022meeting-05")
    assert built["corrections"] == "c001"
    assert (built["period_start"], built["period_end"]) == (pd.Timestamp("2022-04-01"), pd.Timestamp("2022-06-15"))
    assert "period_runs_to_publication_date" in built["flags"]


def test_flags_for_open_flows_and_ambiguous_share_changes(result):
    assert "period_start_unknown" in row(result, "bk2024bao-19")["flags"]  # cost savings, no start
    assert "period_start_unknown" in row(result, "bk2024bao-21")["flags"]  # online dossiers "đến giữa tháng 9/2024"
    assert "share_change_points_or_relative" in row(result, "bk2024bao-10")["flags"]  # FTTH "tăng 2,32%"
    assert "change_written_in_percent" in row(result, "bk2024bao-12")["flags"]  # a count "tỷ lệ tăng 2,8%"


def test_period_types_follow_the_codebook(result):
    assert row(result, "bk2022portal-04")["period_type"] == "level"    # 6.233 km of cable at the end of August
    assert row(result, "bk2024bao-05")["period_type"] == "flow"        # 15 stations installed in 9 months
    assert row(result, "bk2024bao-21")["period_type"] == "window"      # a share of the dossiers filed in a window
    assert row(result, "bk2024bao-25")["period_type"] == "event"       # a one-month contest
    assert row(result, "bk2024bao-29")["period_type"] == "level"       # child IDs collected since July 2024: a running total
    assert row(result, "bk2022portal-11")["period_type"] == "scope"    # "4 cấp hành chính"
    assert row(result, "bg2021ict-08")["period_type"] == "target"
    assert row(result, "bk2024bao-10")["period_type"] == "change"


def test_smartphone_share_of_subscriptions_is_derived_from_its_two_counts(result):
    # "279.568 thuê bao di động thì có tới 192.579 thuê bao di động là thiết bị thông minh" (end of August 2022):
    # 192 579 / 279 568 = 0.688845 → 68.88 % (192 579 × 100 = 19 257 900; 19 257 900 / 279 568 ≈ 68.8845)
    derived = result.figures[(result.figures["origin"] == "derived")
                             & (result.figures["indicator_id"] == "smartphone_subscriptions_share")]
    assert len(derived) == 1
    share = derived.iloc[0]
    assert share["value"] == pytest.approx(68.8845, abs=1e-4) and round(share["value"], 2) == 68.88
    assert share["derived_from"] == "bk2022portal-13;bk2022portal-12"
    assert share["period_end"] == pd.Timestamp("2022-08-31") and share["unit"] == "%"
    assert "100 × 192,579 / 279,568" in share["derivation"]
    assert share["qualifier"] == "exact" and share["value_as_written"] == ""


def test_derived_share_qualifier_follows_its_counts():
    from analysis.clean.derive import share_qualifier

    numerator = pd.Series(["exact", "more_than", "ratio", "about", "exact"])
    denominator = pd.Series(["exact", "exact", "exact", "exact", "more_than"])
    # "hơn 9.000 of 279.568" is more than 3.2 %; over an inexact whole nothing is bounded any more
    assert list(share_qualifier(numerator, denominator)) == ["exact", "more_than", "exact", "about", "about"]


def test_nearly_and_about_qualifiers(result):
    assert row(result, "bk2022meeting-11")["qualifier"] == "nearly"   # "gần 1000 virus"
    assert row(result, "bk2024bao-18")["qualifier"] == "about"        # "khoảng 98%"


def test_historical_and_current_province(result):
    bac_kan = row(result, "bk2022portal-04")
    assert (bac_kan["province"], bac_kan["current_province"]) == ("Bắc Kạn", "Thái Nguyên")
    ben_tre = row(result, "bt2023bao-01")
    assert (ben_tre["province"], ben_tre["current_province_id"]) == ("Bến Tre", "vinh-long")


def test_page_date_contradiction_is_flagged_not_changed(result):
    # the meeting page prints 14/5/2020 but reports a meeting of 15/6/2022
    meeting = row(result, "bk2022meeting-07")
    assert "page_date_before_reported_dates" in meeting["flags"]
    assert meeting["value"] == pytest.approx(76.6)
    assert "page_date_before_reported_dates" not in row(result, "bk2022portal-04")["flags"]


def test_targets_without_a_date_are_rejected_with_the_reason(result):
    assert rejected_reason(result, "bg2021ict-04") == "period: a target needs a date, and none is written"


def test_every_raw_row_is_clean_or_rejected_once(layer, result):
    clean_ids, rejected_ids = set(result.reported["figure_id"]), set(result.rejected["figure_id"])
    assert not clean_ids & rejected_ids
    assert clean_ids | rejected_ids == set(layer.figures["figure_id"])
    table = reconciliation(layer, result)
    assert table["balanced"].all()
    assert table.loc["total", "raw"] == len(layer.figures)


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("figure", "old", "new", "expected"),
    [
        ("bk2022portal-04", ",6.233,km,", ",6.23.3,km,", "value: malformed number '6.23.3'"),
        ("bk2022portal-04", ",6.233,km,", ",6\u00a0233,km,", "value: not a number, range or ratio: '6 233'"),
        ("bk2022portal-05", ",672,trạm BTS,", ",672,trạm xyz,", "unit: unknown unit 'trạm xyz'"),
        ("bk2022portal-04", ",6.233,km,", ",6.233,%,", "unit: unit '%' means %, but the indicator is in km"),
        ("bk2024bao-09", ",\"69,72\",%,", ",120,%,", "rules: share_out_of_range: share of 120% is outside [0, 100]"),
        ("bk2022portal-04", ",cuối tháng 8/2022,", ",cuối tháng 12/2022,",
         "rules: period_after_publication: period ends 2022-12-31, after the publication date 2022-09-20"),
        ("bg2021ict-05", ",75 - 100,", ",100 - 75,", "rules: range_reversed: range low 100 is above high 75"),
        ("bk2022portal-16", ",3/13,", ",13/3,", "rules: part_exceeds_whole: part 13 exceeds whole 3"),
        ("bk2022portal-01", ",đến năm 2025,", ",đến tuần sau,", "period: period not understood: 'đến tuần sau'"),
        ("bk2024bao-24", ",so với năm 2023,", ",hơn trước,", "comparison: comparison basis not understood"),
        ("bk2024bao-18", ",khoảng,", ",cỡ,", "value: unknown qualifier 'cỡ'"),
        # values that look valid but no float64 holds, or no share can be computed from
        ("bk2022portal-04", ",6.233,km,", "," + "1" * 400 + ",km,", "value: number '" + "1" * MAX_QUOTED + "… (400 characters)' "
         "has 400 digits, more than the 15 a float64 holds exactly"),
        ("bk2022portal-16", ",3/13,", ",0/0,", "value: ratio '0/0' has a whole of 0"),
        # a unit sign in the value that contradicts the unit: never 672 stations with the % dropped
        ("bk2022portal-05", ",672,trạm BTS,", ",672%,trạm BTS,",
         "unit: the value is written in %, but its unit 'trạm BTS' means stations"),
    ],
)
def test_bad_values_are_rejected_with_a_reason_naming_them(raw_copy, figure, old, new, expected):
    path = raw_copy / "figures.csv"
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith(figure + ","))
    rewrite(path, line, line.replace(old, new, 1))
    layer = load_raw_layer(raw_copy)
    result = clean(layer)
    assert rejected_reason(result, figure).startswith(expected)
    assert len(result.reported) + len(result.rejected) == len(layer.figures)  # nothing lost


def test_nbsp_in_a_qualifier_is_folded_not_rejected(raw_copy):
    path = raw_copy / "figures.csv"
    rewrite(path, ",98,%,khoảng,", ",98,%,khoảng\u00a0,")
    assert row(clean_copy(raw_copy), "bk2024bao-18")["qualifier"] == "about"


def test_english_format_source(raw_copy):
    # declare the Bắc Giang magazine as English-format: "7.200" becomes ambiguous, "13,02" malformed
    rewrite(raw_copy / "sources.csv", "19/08/2021 08:50,vi,", "19/08/2021 08:50,en,")
    result = clean_copy(raw_copy)
    assert "ambiguous number '7.200' for number format 'en'" in rejected_reason(result, "bg2021ict-14")
    assert "malformed number '13,02'" in rejected_reason(result, "bg2021ict-18")
    assert "ambiguous number '1.330'" in rejected_reason(result, "bg2021ict-16")
    assert row(result, "bg2021ict-15")["value"] == 130.0  # "130" reads the same in both formats


ARTICLE_FORMS = """\
bk2024bao-90,bk2024bao,,broadband_subscriptions,change,,"2,5",lần,,,so với năm 2023,"tăng gấp 2,5 lần so với năm 2023",test
bk2024bao-91,bk2024bao,,smartphone_subscriptions,change,,4,lần,hơn,,so với cùng kỳ,tăng hơn 4 lần so với cùng kỳ,test
bk2024bao-92,bk2024bao,,bts_stations,actual,,3,lần,,,,3 lần,test
bk2024bao-93,bk2024bao,,online_dossiers_share,actual,,"73,4",%,,"lũy kế từ ngày 1-1 đến 30.9.2024",,"đạt 73,4%",test
bk2024bao-94,bk2024bao,,broadband_subscriptions,actual,,"21,77 triệu",thuê bao,hơn,hết tháng 9-2024,,"hơn 21,77 triệu thuê bao",test
"""


def test_forms_of_public_reports_clean_end_to_end(raw_copy):
    path = raw_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8") + ARTICLE_FORMS, encoding="utf-8")
    result = clean_copy(raw_copy)
    # "tăng gấp 2,5 lần so với năm 2023": a multiple of the 2023 level, whatever the indicator's unit
    multiple = row(result, "bk2024bao-90")
    assert (multiple["value"], multiple["unit"], multiple["qualifier"]) == (2.5, "times", "exact")
    assert "change_written_as_multiple" in multiple["flags"].split(";")
    assert (multiple["basis_start"], multiple["basis_end"]) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))
    # "tăng hơn 4 lần so với cùng kỳ": more than 4 times; no period written, so the basis is the
    # publication date (10 October 2024) one year earlier
    more = row(result, "bk2024bao-91")
    assert (more["value"], more["unit"], more["qualifier"]) == (4.0, "times", "more_than")
    assert more["basis_end"] == pd.Timestamp("2023-10-10")
    # a level in "lần" of stations is a multiple of nothing
    assert rejected_reason(result, "bk2024bao-92") == "unit: unit 'lần' means times, but the indicator is in stations"
    # cumulative from 1 January to 30.9.2024: a window of 274 days (31+29+31+30+31+30+31+31+30, 2024 is leap)
    window = row(result, "bk2024bao-93")
    assert (window["period_start"], window["period_end"]) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-09-30"))
    assert (window["period_end"] - window["period_start"]).days + 1 == 274
    assert window["period_type"] == "window"
    # "hơn 21,77 triệu thuê bao" by the end of September 2024: 21.77 × 1e6, a lower bound, at 30 September
    level = row(result, "bk2024bao-94")
    assert (level["value"], level["qualifier"]) == (21_770_000.0, "more_than")
    assert pd.isna(level["period_start"]) and level["period_end"] == pd.Timestamp("2024-09-30")


# --- outputs -----------------------------------------------------------------------------------

def test_written_files_are_byte_identical_across_runs(layer, tmp_path):
    first = write(clean(layer), tmp_path / "a")
    second = write(clean(layer), tmp_path / "b")
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes()


def test_committed_processed_files_are_what_the_cleaning_step_writes(layer, tmp_path):
    fresh = write(clean(layer), tmp_path)
    for name, path in fresh.items():
        assert_same_as_committed(path, paths.PROCESSED / name)


def test_dates_are_iso_text_in_the_files(layer, tmp_path):
    written = write(clean(layer), tmp_path)
    table = pd.read_csv(written["figures.csv"], dtype=str, keep_default_na=False)
    dates = table[["period_start", "period_end", "published"]].stack()
    assert dates[dates != ""].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_the_direction_of_a_change_comes_from_its_locator():
    from analysis.clean.figures import change_signs

    locator = pd.Series(["đã giảm 9,29% so với tháng 12/2021", "tăng 8 bậc so với năm 2020", "giảm 31 bậc",
                         "tăng 17% so với năm 2023", "an increase of 0.07 points", "giảm 5 - 10%"])
    value = pd.Series(["9,29", "8", "31", "17", "0.07", "5 - 10"])
    kind = pd.Series("change", index=locator.index)
    measure = pd.Series(["count", "rank", "rank", "share", "index", "count"])
    unit = pd.Series(["%", "rank", "rank", "%", "points", "%"])
    sign, flag = change_signs(locator, value, kind, measure, unit)
    # a fall is negative; a rank that rises 8 places has a number 8 lower; one that falls 31 places, 31 higher
    assert list(sign) == [-1, -1, 1, 1, 1, -1]
    assert list(flag) == ["change_is_a_fall", "rank_rises_number_falls", "change_is_a_fall", "", "", "change_is_a_fall"]
    # a level is never signed by its locator
    level = change_signs(locator, value, pd.Series("actual", index=locator.index), measure, unit)[0]
    assert (level == 1).all()


# --- the end of the publication's own year -----------------------------------------------------

def with_rows(raw: Path, published: str, rows: list[tuple], page_date: str = "") -> CleanResult:
    """The raw layer plus one made-up source published on ``published`` (its page printing ``page_date``) and its
    rows (figure number, kind, value, unit, period as written, comparison as written), all of BTS stations, a stock."""
    sources = pd.read_csv(raw / "sources.csv", dtype=str, keep_default_na=False)
    source = dict.fromkeys(sources.columns, "") | {
        "source_id": "xx2024test", "title": "made up for the test", "outlet": "Test", "url": "https://example.org/a",
        "retrieved": "2026-11-23", "published": published, "published_precision": "day",
        "published_basis": "made up", "number_format": "vi", "province": "Bến Tre", "province_attribution": "made up",
        "page_date_as_printed": page_date}
    figures = pd.read_csv(raw / "figures.csv", dtype=str, keep_default_na=False)
    new = [dict.fromkeys(figures.columns, "") | {
        "figure_id": f"xx2024test-{n:02d}", "source_id": "xx2024test", "indicator_id": "bts_stations", "kind": kind,
        "value_as_written": value, "unit_as_written": unit, "period_as_written": period,
        "comparison_as_written": comparison, "locator": f"{value} {unit}"} for n, kind, value, unit, period, comparison in rows]
    pd.concat([sources, pd.DataFrame([source])]).to_csv(raw / "sources.csv", index=False, lineterminator="\n")
    pd.concat([figures, pd.DataFrame(new)]).to_csv(raw / "figures.csv", index=False, lineterminator="\n")
    return clean_copy(raw)


def test_a_year_end_in_a_december_article_is_an_estimate_kept_at_the_year_end(raw_copy):
    result = with_rows(raw_copy, "2024-12-13", [
        (1, "actual", "412", "trạm BTS", "đến cuối năm 2024", ""),
        (2, "change", "35", "%", "đến cuối năm 2024", "so với năm 2023"),
        (3, "actual", "410", "trạm BTS", "Đến hết năm 2024", ""),
        (4, "actual", "405", "trạm BTS", "Đến cuối năm", ""),          # the year from the publication
        (5, "target", "600", "trạm BTS", "cuối năm 2024", ""),          # a target: no estimate
        (6, "actual", "400", "trạm BTS", "năm 2024", ""),               # in the year: runs to the publication
        (7, "actual", "700", "trạm BTS", "cuối năm 2025", ""),          # the next year: after publication
    ])
    for n in (1, 2, 3, 4):
        figure = row(result, f"xx2024test-0{n}")
        assert figure["period_end"] == pd.Timestamp("2024-12-31"), n
        assert "estimate_year_end" in figure["flags"].split(";"), n
    assert "year_from_publication_date" in row(result, "xx2024test-04")["flags"]
    target = row(result, "xx2024test-05")
    assert target["period_end"] == pd.Timestamp("2024-12-31") and "estimate_year_end" not in target["flags"]
    in_year = row(result, "xx2024test-06")
    assert in_year["period_end"] == pd.Timestamp("2024-12-13") and "period_runs_to_publication_date" in in_year["flags"]
    assert rejected_reason(result, "xx2024test-07") == (
        "rules: period_after_publication: period ends 2025-12-31, after the publication date 2024-12-13")


def test_a_year_end_already_past_is_no_estimate(raw_copy):
    result = with_rows(raw_copy, "2025-01-10", [(1, "actual", "412", "trạm BTS", "đến cuối năm 2024", "")])
    figure = row(result, "xx2024test-01")
    assert figure["period_end"] == pd.Timestamp("2024-12-31") and "estimate_year_end" not in figure["flags"]


def test_a_value_that_its_unit_factor_makes_infinite_is_rejected_naming_both(raw_copy):
    # 1e13 (10 nghìn tỷ) × 1e300 km = 1e313 km: past float64's largest number (about 1.8e308)
    with open(raw_copy / "units.csv", "a", encoding="utf-8") as units:
        units.write("triệu tỷ tỷ km,,km,1e300,made up for the test\n")
    rewrite(raw_copy / "figures.csv", ",6.233,km,", ",10 nghìn tỷ,triệu tỷ tỷ km,")
    layer = load_raw_layer(raw_copy)
    result = clean(layer)
    assert rejected_reason(result, "bk2022portal-04") == (
        "unit: value '10 nghìn tỷ' × factor 1e+300 of unit 'triệu tỷ tỷ km' is not a finite number")
    assert len(result.reported) + len(result.rejected) == len(layer.figures)


def test_a_rejected_row_sets_no_flag_on_the_rows_that_are_kept(raw_copy):
    # the page prints 15/10/2024, the article is of 20/10/2024; only accepted rows can show that the page date
    # is not the publication date
    result = with_rows(raw_copy, "2024-10-20", [
        (1, "actual", "412", "trạm BTS", "cuối tháng 8/2024", ""),
        (2, "actual", "430", "trạm BTS", "cuối tháng 12/2024", ""),   # after the publication: rejected by a rule
        (3, "actual", "4x0", "trạm BTS", "ngày 18/10/2024", ""),      # after the page date, but its value is unread
    ], page_date="15/10/2024")
    assert rejected_reason(result, "xx2024test-02").startswith("rules: period_after_publication")
    assert rejected_reason(result, "xx2024test-03").startswith("value: ")
    assert "page_date_before_reported_dates" not in row(result, "xx2024test-01")["flags"]


def test_an_accepted_row_after_the_page_date_flags_the_rows_of_its_source(raw_copy):
    result = with_rows(raw_copy, "2024-10-20", [(1, "actual", "412", "trạm BTS", "cuối tháng 8/2024", ""),
                                                (3, "actual", "420", "trạm BTS", "ngày 18/10/2024", "")],
                       page_date="15/10/2024")
    for figure_id in ("xx2024test-01", "xx2024test-03"):
        assert "page_date_before_reported_dates" in row(result, figure_id)["flags"].split(";")
