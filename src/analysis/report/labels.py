"""Every word a report shows, in English and Vietnamese.

Indicator names and units come from the codebook (name_en/name_vi, unit/unit_vi); everything
else is here, keyed by a short id, so a figure or a PDF never mixes languages.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.vocabulary import LANGS  # noqa: E402 (the report languages)

#: What a source says about a figure's precision, as a sign before the number (">80%", "≈90%", "≤10"): the
#: same in both languages, in sentences, tables and charts.
QUALIFIER_SIGNS = {"more_than": ">", "at_least": "≥", "less_than": "<", "at_most": "≤", "about": "≈", "nearly": "≈"}

#: Qualifiers that make a figure a bound, and where its value may lie (+1 above, −1 below the number):
#: a chart draws a bound as a triangle pointing that way and never joins it to a neighbour by a line.
#: The other qualifiers of ``numbers.QUALIFIERS`` (exact, about, nearly, range, ratio) are values.
BOUND_DIRECTIONS = {"more_than": 1, "at_least": 1, "less_than": -1, "at_most": -1}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "report_title": "Digital transformation in {province}",
        "report_subtitle": "Figures reported by news articles, {years}",
        "as_of": "Data as of {date} (the newest source about {province}).",
        "province_now": "{province} has been part of {current} since {since}.",
        "province_formed": "{province} was formed on {since} from {parts}; their figures before then are in "
                           "their own reports, never the first points of {province}'s series.",
        "source": "Source",
        "sources": "Sources",
        "approximate": "approx.",
        "no_data": "No figures for {province} for this chart.",
        "stations": "stations",
        "operator": "operator",
        "total": "total",
        "other": "other",
        "share_axis": "share (%)",
        "target": "target",
        "latest": "latest actual",
        "target_by": "target by {year}",
        "relative_change": "relative change (%)",
        "annualized": "annualized (% a year)",
        "change_axis": "change (%)",
        "date_axis": "date the figure refers to",
        "kind_actual": "actual",
        "kind_target": "target",
        "kind_change": "change",
        "flagged": "* flagged: {flags}",
        "section_figures": "Figures",
        "section_targets": "Progress toward targets",
        "section_checks": "Do the figures agree?",
        "section_sources": "Sources",
        "col_indicator": "Indicator",
        "col_target": "Target",
        "col_deadline": "Deadline",
        "col_latest": "Latest actual",
        "col_date": "Date",
        "col_verdict": "Verdict",
        "col_check": "Check",
        "col_severity": "Severity",
        "col_explanation": "Numbers compared",
        "col_outlet": "Outlet",
        "col_published": "Published",
        "col_title": "Title",
        "col_figures": "Figures",
        "col_sources": "Sources",
        "no_targets": "The articles set no target for {province}.",
        "no_checks": "No check found a disagreement for {province}.",
        "verdict_met": "met",
        "verdict_on track": "on track",
        "verdict_off track": "off track",
        "verdict_unknown": "unknown",
        "verdict_missed": "missed",
        "col_why": "Why",
        "section_changes": "What changed",
        "section_benchmark": "Against the national figure",
        "break": "measured as {before} before, so the definitions differ and no change is computed",
        "points_change": "{value} points",
        "points_a_year": "{value} points a year",
        "percent_a_year": "{value}% a year",
        "close_concept": "(across two close concepts: the definitions differ)",
        "no_changes": "No series of {province} has two comparable observations yet.",
        "no_benchmark": "No figure of {province} has a national figure of the same concept beside it.",
        "nation": "Việt Nam",
        "rank_of": "rank {rank}",
        "one_concept_per_row": "Each row is one concept of one universe; a target marks the row of its own concept. "
                               "Rows of close concepts (covered, having, using) are not comparable.",
        "reason_no_actual": "no actual of this indicator",
        "reason_other_concept": "the only actuals measure another concept",
        "reason_met": "the latest actual meets it",
        "reason_deadline_missed": "deadline passed, not met",
        "reason_deadline_passed": "deadline passed, no actual since",
        "reason_too_old": "latest actual too old to judge",
        "reason_one_actual": "one actual: no pace yet",
        "reason_pace_enough": "pace so far is enough",
        "reason_pace_short": "pace so far is too slow",
        "severity_ok": "ok",
        "severity_warning": "warning",
        "severity_error": "error",
        "untitled": "(no headline)",
        "check_share_recomputed": "a printed share against the share computed from its counts",
        "check_implied_population": "the populations two per-capita figures imply",
        "check_part_within_whole": "a part never exceeds its whole",
        "check_share_base_in_range": "a share's earlier value implied by a change lies between 0 and 100",
        "check_cross_source": "two sources on the same figure and date",
        "check_change_vs_earlier_level": "a printed change against the earlier level it implies",
        "check_breakdown_sum": "subgroups never exceed their total",
        "check_page_date_before_text": "a page dated before the dates its text reports",
        "more_ids": "… ({n} figures)",
        "unchanged": "Unchanged",
        "unchanged_item": "{name} at {value} ({start} → {end})",
        "bounds_no_change": "one of the two is a bound (\"more than\", \"at most\" …), so the change cannot be told",
        "bounds_direction_up": "a rise (one of the two is a bound, so only the direction is known)",
        "bounds_direction_down": "a fall (one of the two is a bound, so only the direction is known)",
        "close_concept_no_rate": "two close concepts ({before} before): both values are shown, no change is computed",
        "dates_approximate": "(a date is approximate)",
        "dates_apart": "(dates {years} years apart)",
        "checks_summary": "Checks: {found} (see \"Do the figures agree?\").",
        "n_contradictions": "{n} contradiction{s} between figures",
        "n_to_review": "{n} point{s} to review",
        "doubted_by_check": "(a check finds these figures inconsistent: see \"Do the figures agree?\")",
        "as_reported": "(the change as the source states it)",
        "times": "{x} times as many",
        "target_after_merger": "the deadline falls after the province's merger on {since}",
        "national_comparison": "national",
        "checks_summary_none": "Checks: no disagreement between the figures.",
        "section_latest": "Latest figures",
        "latest_item": "{name}: {value} ({when})",
        "more_latest": "… and {n} more figures in the data.",
        "rank_top": "top {rank}",
        "observed_expected": "{observed} vs {expected} expected (difference {difference})",
        "former": "(former)",
        "section_key_findings": "Key findings",
        "targets_in_table": "{n} other targets (no actual of their concept yet, or not shares) are in the table of targets.",
        "rank_down": "down {n} place{s}",
        "rank_up": "up {n} place{s}",
        "rank_same": "the same place",
        "section_target_verdicts": "Targets with a verdict",
        "target_sentence": "target {target} by {deadline}; latest {latest} ({date}): {verdict}, {why}",
        "no_target_verdicts": "No target of {province} can be judged yet (see the table of targets).",
        "legend_bound": "a bound (▲ more than, ▼ less than): never joined to a neighbour",
        "legend_disputed": "another source on the same figure (disputed): not joined",
        "target_value": "target {value} ({deadline})",
        "by_deadline": "by {deadline}",
        "period_to": "to {date}",
        "part_above_total": "{part}: {value} is above the total, {total}: the dates or sources differ.",
        "single_figures": "Single figures (no chart): {items}.",
        "legend_series": "observations (a bar spans the period a share covers)",
        "legend_other_concept": "a close concept of the same family (not comparable)",
        "more_series": "{n} more series with two or more observations are not shown here (all are in the dataset).",
        "stock_panel": "Stock: what exists at a date",
        "additions_panel": "Additions: what was added in a period",
        "no_stock": "no stock reported",
        "no_additions": "no additions reported",
        "stock_additions_note": "A stock counts what exists at a date; additions count what was added in a period. "
                                "They are never summed or compared as one series.",
        "latest_same_concept": "latest actual of the same concept",
        "benchmark_note": "Each row compares one concept of one universe; the year of each figure is beside it.",
        "coverage_note": "{sources} sources. Targets are counted in the year of their deadline.",
    },
    "vi": {
        "report_title": "Chuyển đổi số ở {province}",
        "report_subtitle": "Số liệu từ các bài báo, {years}",
        "as_of": "Số liệu tính đến ngày {date} (nguồn mới nhất về {province}).",
        "province_now": "Từ ngày {since}, {province} thuộc tỉnh {current}.",
        "province_formed": "Tỉnh {province} được thành lập ngày {since} từ {parts}; số liệu trước đó của các tỉnh "
                           "này nằm trong báo cáo riêng, không phải là những điểm đầu tiên trong chuỗi số liệu của {province}.",
        "source": "Nguồn",
        "sources": "Nguồn",
        "approximate": "khoảng",
        "no_data": "Không có số liệu của {province} cho biểu đồ này.",
        "stations": "trạm",
        "operator": "doanh nghiệp",
        "total": "tổng",
        "other": "khác",
        "share_axis": "tỷ lệ (%)",
        "target": "mục tiêu",
        "latest": "thực tế mới nhất",
        "target_by": "mục tiêu đến năm {year}",
        "relative_change": "thay đổi tương đối (%)",
        "annualized": "quy đổi theo năm (%/năm)",
        "change_axis": "mức thay đổi (%)",
        "date_axis": "thời điểm của số liệu",
        "kind_actual": "thực tế",
        "kind_target": "mục tiêu",
        "kind_change": "thay đổi",
        "flagged": "* có lưu ý: {flags}",
        "section_figures": "Biểu đồ",
        "section_targets": "Tiến độ so với mục tiêu",
        "section_checks": "Các số liệu có khớp nhau không?",
        "section_sources": "Nguồn",
        "col_indicator": "Chỉ tiêu",
        "col_target": "Mục tiêu",
        "col_deadline": "Thời hạn",
        "col_latest": "Thực tế mới nhất",
        "col_date": "Ngày",
        "col_verdict": "Đánh giá",
        "col_check": "Kiểm tra",
        "col_severity": "Mức độ",
        "col_explanation": "Số liệu đối chiếu",
        "col_outlet": "Nơi đăng",
        "col_published": "Ngày đăng",
        "col_title": "Tiêu đề",
        "col_figures": "Số liệu",
        "col_sources": "Nguồn",
        "no_targets": "Các nguồn không nêu mục tiêu nào cho {province}.",
        "no_checks": "Không phát hiện số liệu nào của {province} mâu thuẫn với nhau.",
        "verdict_met": "đã đạt",
        "verdict_on track": "đúng tiến độ",
        "verdict_off track": "chậm tiến độ",
        "verdict_unknown": "chưa xác định",
        "verdict_missed": "không đạt",
        "col_why": "Lý do",
        "section_changes": "Những gì đã thay đổi",
        "section_benchmark": "So với số liệu cả nước",
        "break": "trước đó đo theo chỉ tiêu {before}, khái niệm khác nên không tính mức thay đổi",
        "points_change": "{value} điểm phần trăm",
        "points_a_year": "{value} điểm phần trăm mỗi năm",
        "percent_a_year": "{value}% mỗi năm",
        "close_concept": "(giữa hai khái niệm gần nhau: định nghĩa khác nhau)",
        "no_changes": "Chưa có chuỗi số liệu nào của {province} có hai lần quan sát so sánh được.",
        "no_benchmark": "Chưa có số liệu nào của {province} có số liệu cả nước cùng khái niệm để so sánh.",
        "nation": "Cả nước",
        "rank_of": "hạng {rank}",
        "one_concept_per_row": "Mỗi dòng là một chỉ tiêu; chỉ so với mục tiêu của chính chỉ tiêu đó. "
                               "Các dòng có chỉ tiêu gần nghĩa (được phủ, có, sử dụng) không so sánh được.",
        "reason_no_actual": "chưa có số liệu thực tế của chỉ tiêu",
        "reason_other_concept": "số liệu thực tế đo một khái niệm khác",
        "reason_met": "số liệu mới nhất đã đạt",
        "reason_deadline_missed": "đã quá hạn, chưa đạt",
        "reason_deadline_passed": "đã quá hạn, chưa có số liệu sau hạn",
        "reason_too_old": "số liệu mới nhất quá cũ để đánh giá",
        "reason_one_actual": "mới có một số liệu: chưa tính được tốc độ",
        "reason_pace_enough": "tốc độ hiện tại đủ để đạt",
        "reason_pace_short": "tốc độ hiện tại chưa đủ",
        "severity_ok": "khớp",
        "severity_warning": "cần xem lại",
        "severity_error": "mâu thuẫn",
        "untitled": "(không có tiêu đề)",
        "check_share_recomputed": "tỷ lệ được nêu so với tỷ lệ tính lại từ các số đếm",
        "check_implied_population": "dân số suy ra từ hai số liệu bình quân đầu người",
        "check_part_within_whole": "một phần không vượt quá tổng thể",
        "check_share_base_in_range": "giá trị trước đó của tỷ lệ suy ra từ mức thay đổi nằm trong khoảng 0–100",
        "check_cross_source": "hai nguồn nêu cùng một số liệu, cùng thời điểm",
        "check_change_vs_earlier_level": "mức thay đổi được nêu so với số liệu trước đó",
        "check_breakdown_sum": "các nhóm con không vượt quá tổng",
        "check_page_date_before_text": "ngày trên trang sớm hơn các thời điểm trong bài",
        "more_ids": "… ({n} số liệu)",
        "unchanged": "Không đổi",
        "unchanged_item": "{name} ở mức {value} ({start} → {end})",
        "bounds_no_change": "một trong hai số là giới hạn (\"hơn\", \"tối đa\" …) nên không xác định được mức thay đổi",
        "bounds_direction_up": "tăng (một trong hai số là giới hạn nên chỉ biết chiều thay đổi)",
        "bounds_direction_down": "giảm (một trong hai số là giới hạn nên chỉ biết chiều thay đổi)",
        "close_concept_no_rate": "hai khái niệm gần nhau (trước đó là {before}): nêu cả hai số, không tính mức thay đổi",
        "dates_approximate": "(có thời điểm chỉ là ước lượng)",
        "dates_apart": "(hai thời điểm cách nhau {years} năm)",
        "checks_summary": "Kiểm tra: {found} (xem \"Các số liệu có khớp nhau không?\").",
        "n_contradictions": "{n} chỗ số liệu mâu thuẫn nhau",
        "n_to_review": "{n} điểm cần xem lại",
        "doubted_by_check": "(kiểm tra thấy các số liệu này không khớp nhau: xem \"Các số liệu có khớp nhau không?\")",
        "as_reported": "(mức thay đổi theo nguồn)",
        "times": "gấp {x} lần",
        "target_after_merger": "hạn sau khi tỉnh sáp nhập ngày {since}",
        "national_comparison": "cả nước",
        "checks_summary_none": "Kiểm tra: không có số liệu nào mâu thuẫn với nhau.",
        "section_latest": "Số liệu mới nhất",
        "latest_item": "{name}: {value} ({when})",
        "more_latest": "… và {n} số liệu khác trong bộ dữ liệu.",
        "rank_top": "trong nhóm {rank}",
        "observed_expected": "{observed} so với {expected} kỳ vọng (chênh lệch {difference})",
        "former": "(cũ)",
        "section_key_findings": "Những điểm chính",
        "targets_in_table": "{n} mục tiêu khác (chưa có số liệu thực tế cùng khái niệm, hoặc không phải tỷ lệ) có trong bảng mục tiêu.",
        "rank_down": "tụt {n} bậc{s}",
        "rank_up": "tăng {n} bậc{s}",
        "rank_same": "giữ nguyên thứ hạng",
        "section_target_verdicts": "Các mục tiêu đã đánh giá được",
        "target_sentence": "mục tiêu {target} đến {deadline}; mới nhất {latest} ({date}): {verdict}, {why}",
        "no_target_verdicts": "Chưa đánh giá được mục tiêu nào của {province} (xem bảng mục tiêu).",
        "legend_bound": "giới hạn (▲ hơn, ▼ dưới): không nối với điểm bên cạnh",
        "legend_disputed": "nguồn khác nêu cùng số liệu (chênh nhau): không nối",
        "target_value": "mục tiêu {value} ({deadline})",
        "by_deadline": "đến {deadline}",
        "period_to": "đến {date}",
        "part_above_total": "{part}: {value} cao hơn tổng số, {total}: khác thời điểm hoặc nguồn.",
        "single_figures": "Số liệu đơn lẻ (không vẽ biểu đồ): {items}.",
        "legend_series": "các lần quan sát (vạch ngang: khoảng thời gian của tỷ lệ)",
        "legend_other_concept": "chỉ tiêu gần nghĩa (không so sánh được)",
        "more_series": "Còn {n} chuỗi số liệu có từ hai lần quan sát không hiển thị ở đây (có đủ trong bộ dữ liệu).",
        "stock_panel": "Tổng số hiện có tại một thời điểm",
        "additions_panel": "Số tăng thêm trong một khoảng thời gian",
        "no_stock": "không có số liệu tổng số hiện có",
        "no_additions": "không có số liệu tăng thêm",
        "stock_additions_note": "Tổng số hiện có đếm những gì có tại một thời điểm; số tăng thêm đếm những gì được "
                                "bổ sung trong một khoảng thời gian. Hai loại không bao giờ được cộng hay so sánh như một chuỗi.",
        "latest_same_concept": "số liệu thực tế mới nhất cùng khái niệm",
        "benchmark_note": "Mỗi dòng so sánh một khái niệm trên một tổng thể; năm của từng số liệu ghi bên cạnh.",
        "coverage_note": "{sources} nguồn. Mục tiêu được tính vào năm của thời hạn.",
    },
}


def check_lang(lang: str) -> str:
    """The language code, or a ValueError listing the valid ones (for notebook parameters)."""
    if lang not in LANGS:
        raise ValueError(f"unknown lang {lang!r}; valid: {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str, **values: object) -> str:
    """The phrase ``key`` in ``lang``, with ``{placeholders}`` filled."""
    return TEXT[check_lang(lang)][key].format(**values)


def indicator_names(indicators: pd.DataFrame, lang: str) -> dict[str, str]:
    """indicator_id → name in ``lang``."""
    column = "name_en" if check_lang(lang) == "en" else "name_vi"
    return dict(zip(indicators["indicator_id"], indicators[column]))


def unit_names(indicators: pd.DataFrame, lang: str) -> dict[str, str]:
    """indicator_id → unit in ``lang``."""
    column = "unit" if check_lang(lang) == "en" else "unit_vi"
    return dict(zip(indicators["indicator_id"], indicators[column]))


def date_text(date: pd.Timestamp, lang: str) -> str:
    """A date as each language writes it: 2024-10-10 / 10/10/2024."""
    if pd.isna(date):
        return ""
    return date.strftime("%Y-%m-%d") if check_lang(lang) == "en" else f"{date.day}/{date.month}/{date.year}"


def breakdown_names(breakdowns: pd.DataFrame, lang: str) -> dict[str, str]:
    """breakdown as written → its name in ``lang`` (data/raw/breakdowns.csv); '' stays ''."""
    column = "name_en" if check_lang(lang) == "en" else "name_vi"
    return dict(zip(breakdowns["breakdown"], breakdowns[column]))


def labelled(name: str, breakdown: str, breakdowns: dict[str, str]) -> str:
    """'Name (breakdown)' with the breakdown in the report's language; the name alone without one."""
    return f"{name} ({breakdowns.get(breakdown, breakdown)})" if breakdown else name
