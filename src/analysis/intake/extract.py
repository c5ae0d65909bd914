"""Candidate figures from an article text: a rule-based first draft of its rows of data/raw/figures.csv.

``extract(text, layer=…)`` reads a Vietnamese article and proposes one row per quantitative figure,
in reading order, with every quoted cell (value, unit, qualifier, period, comparison, locator) an
exact substring of the NFC text, so that the project's provenance checks find it. A person reviews
the draft before anything enters the raw layer: the extractor proposes, never decides.

How it reads a text, in order:

1. **Numbers** are digit tokens (``6.233``, ``69,72``, ``02``) checked against the article's number
   format (:mod:`analysis.parse.numbers`), joined into ratios (``268.749/270.962``), ranges (``75 - 100``)
   and scale words (``10 tỷ``).
2. **What is not a figure** is skipped, each with a reason (:func:`skipped_numbers` lists them):
   dates and periods (found with :data:`analysis.parse.periods.PATTERNS`, read at each call, so a new period
   pattern reaches the extractor with no change here), years, document numbers (``324/KH-UBND``),
   programme names (``Đề án 06``), ordinals (``phiên thứ 2``; ranks such as ``xếp thứ 9/63`` are kept),
   service levels (``mức độ 4``), age bounds that define a group (``dưới 14 tuổi``), codes and
   technology names (``4G``, ``IPv6``, ``Covid-19``, ``C06``, file names), the ``100`` of a unit such as
   ``thuê bao/100 dân``, version numbers, clock times, section numbers and page furniture
   (``Online: 32``, ``lượt xem: 25``, ``Ảnh 2``).
3. **Unit and qualifier**: the longest unit of data/raw/units.csv (and of the reference figures)
   written after the number, glued or not (``14GB/tháng/thuê bao``, ``0,22km``); an unknown glued unit of
   two letters or more (``585Mbps``) or a measure word (``điểm``, ``lần``) is proposed with a note. The
   qualifier is a word of :data:`analysis.parse.numbers.QUALIFIER_WORDS` before it, possibly across a verb
   (``tối thiểu đạt 0,22km``); ``trên 100%`` is "on 100 %", never "more than".
4. **Period**: the nearest period phrase of the figure's clause (one right after it before any comma,
   else the nearest before it), else the one that governs its sentence (at its start, or set off by a
   comma or colon), else a date (not a span) carried over from the sentence before in the same
   paragraph, which the note says. Years of names (``Luật Căn cước năm 2023``), comparison bases and a
   ``hiện`` that is a syllable of a word (``thực hiện``, ``phát hiện``, ``hiện đại``) are no periods; a
   ``hiện`` that means "currently" inside a clause (``Tỉnh hiện cung cấp …``) is one.
5. **Kind**: ``target`` after a goal word (``mục tiêu``, ``phấn đấu``, ``chỉ tiêu`` …) with no ``đã``
   (done) between it and the number, unless the goal word is a purpose (``Để thực hiện mục tiêu``) or
   closed in parentheses; ``change`` after ``tăng``/``giảm``/``thêm``/``gấp`` (not ``lên 41``, a level),
   with its ``so với …`` basis; ``target`` for a deadline year after the publication; else ``actual``.
6. **Breakdown**: a subgroup written next to the number: the breakdowns already coded in the
   reference figures (not unit words), administrative and school levels (``cấp xã``, ``tuyến tỉnh,
   huyện``), severities (``mức độ cao``), names in a ``trong đó`` list (``trong đó Viettel 13 trạm``) and
   a part with its own unit (``27.002 người, trong đó có 6.660 người dân``). One figure for two levels
   (``tại cấp tỉnh và tại cấp huyện``) gives one row per level.
7. **Indicator**: the codebook's indicators whose unit fits the figure's (``%`` → shares and rates;
   a change in ``%`` may also be the relative change of a count, as :mod:`analysis.parse.units` reads it),
   ranked by TF-IDF cosine similarity (word uni- and bigrams) between the figure's clause and each
   indicator's name, concept and unit words, averaged with the similarity to the locators of the
   reference figures coded with it. A share right after its count favours the shares declared of that
   count in data/raw/relations.csv; a bare change right after a level favours the level's indicator.
   An indicator whose name narrows its universe with a word of :data:`NARROWING_WORDS` (``thử nghiệm``,
   ``nghèo`` …) is proposed only when the figure's clause has that word; a flow of installations (its
   name says ``lắp đặt`` or ``xây dựng``) only when the clause says something is installed, built or new;
   and a figure whose clause says ``lắp mới``, ``xây dựng mới``, ``phát triển mới`` (:data:`NEW_WORDS`)
   counts additions over a period: a flow, so no stock is proposed for it. A change in ``%`` of a
   count is relative (the note says so); of a share, points or relative, which the article rarely says.
   ``confidence`` combines the best score, its margin over the next and how cleanly the figure was
   read; ``indicator_id`` is left empty when it is ``low``.

The locator is the figure with its neighbours in its clause (a few words before, up to 8 after, never
into the next figure's stretch), at least 3 words, extended up to 12 where it would not be unique.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from analysis.core.errors import quote
from analysis.core.text import fold, nfc
from analysis.core.vocabulary import DERIVING_RELATIONS
from analysis.ingest.rawdata import FIGURES, RawLayer, locator_words
from analysis.parse import periods as period_registry
from analysis.parse.numbers import AMBIGUOUS_NUMBER, QUALIFIER_WORDS, SCALE_WORDS, VALID_NUMBER
from analysis.parse.periods import parse_periods

#: The columns of a draft: those of data/raw/figures.csv, then the extractor's own.
DRAFT_COLUMNS = (*FIGURES.columns, "indicator_candidates", "confidence", "start", "end")

#: How many indicators a draft row proposes, best first.
TOP_CANDIDATES = 3

#: A locator is at most vocabulary.MAX_LOCATOR_WORDS (12) words.
LOCATOR_WORDS = 12

#: Thresholds of ``confidence`` on the indicator similarity (cosine, 0–1) and its margin over the next.
HIGH_SCORE, HIGH_MARGIN = 0.30, 0.06
LOW_SCORE = 0.12

# --------------------------------------------------------------------------------------------------
# Vocabulary: general Vietnamese, never words of one article

#: Words before a number that make it a goal.
TARGET_WORDS = ("đặt mục tiêu", "mục tiêu", "phấn đấu", "chỉ tiêu", "kế hoạch đề ra", "định hướng",
                "hướng tới", "dự kiến", "yêu cầu", "cần đạt", "phải đạt")
#: Words before a goal word that make it a purpose, not a goal stated (``Để thực hiện mục tiêu …``).
PURPOSE_WORDS = ("thực hiện", "triển khai", "hoàn thành", "đạt được", "vượt", "nhằm", "để")
#: Words between a goal word and the number that say the figure was reached: an actual.
DONE_WORDS = ("đã", "đang", "được công nhận", "vừa")
#: Words just before a number that make it a change (``tăng 17%``, ``thêm 04 CSDL``).
CHANGE_WORDS = ("tăng thêm", "giảm bớt", "tăng", "giảm", "thêm", "gấp")
#: Words after which a number is a level, not a change (``nâng … lên 41``, ``giảm xuống còn 5``).
LEVEL_WORDS = ("lên", "xuống", "còn", "lên mức", "xuống mức")
#: Words that may stand between a qualifier or a change word and the number.
LINK_WORDS = ("đạt", "là", "ở mức", "mức", "được", "tới", "lên", "có")
#: Words that, between a count and a share of the same clause, make the share the count's share.
SHARE_LINKS = ("đạt", "chiếm", "bằng", "tương đương", "tương ứng", "đạt tỷ lệ", "đạt tỉ lệ", "tỷ lệ", "tỉ lệ")
#: Heads of names that take a number or a year (``Đề án 06``, ``Luật Căn cước năm 2023``), capitalised.
NAME_HEADS = ("Đề án", "Nghị định", "Quyết định", "Nghị quyết", "Thông tư", "Chỉ thị", "Kế hoạch",
              "Công văn", "Luật", "Bộ luật", "Chương trình", "Công điện", "Thông báo", "Báo cáo", "Dự án",
              "Hướng dẫn", "Chiến lược", "Ngày", "Tuần", "Tháng hành động", "Giải thưởng", "Hội nghị",
              "Hội thi", "Cuộc thi", "Lễ", "Diễn đàn", "Triển lãm")
#: Document heads that take a number directly (``Đề án 06``, ``Chỉ thị số 01``).
DOCUMENT_HEADS = NAME_HEADS[:17]
#: Words before a number that number a picture, a page or a part of a text.
CAPTION_HEADS = ("Ảnh", "Hình", "Video", "Clip", "Trang", "Bài", "Kỳ", "Phần", "Tập", "Điều", "Khoản",
                 "Chương", "Mục", "Bảng", "Biểu đồ", "Phụ lục")
#: Words before ``thứ N`` that make it a rank, which is a figure (``xếp thứ 9/63``).
RANK_WORDS = ("xếp", "đứng", "xếp hạng", "hạng", "vị trí", "vươn lên", "tụt xuống")
#: Levels that subdivide a universe: administrative, school, health-care.
LEVEL_NAMES = ("tỉnh", "huyện", "xã", "thôn", "bản", "thành phố", "thị xã", "phường", "thị trấn", "trung ương",
               "bộ", "ngành", "cơ sở", "THPT", "THCS", "tiểu học", "mầm non", "trung học phổ thông",
               "trung học cơ sở", "đại học")
#: Severities and grades written after a count (``lỗ hổng mức độ cao``).
SEVERITIES = ("nghiêm trọng", "rất cao", "cao", "trung bình", "thấp", "nguy hiểm")
#: Units that make a number a time span, which periods already cover unless units.csv knows them.
TIME_WORDS = ("ngày", "tháng", "tuần", "giờ", "phút", "giây", "quý")
#: Frequent two-syllable words of report prose, so that a locator does not start on their second half.
COMMON_COMPOUNDS = ("đảm bảo", "bảo đảm", "khai thác", "triển khai", "số lượng", "tổng số", "toàn tỉnh", "hộ gia đình",
                    "người dân", "dân số", "doanh nghiệp", "cơ quan", "đơn vị", "địa phương", "thuê bao", "dịch vụ",
                    "hệ thống", "thông tin", "điện tử", "trực tuyến", "chuyển đổi", "cung cấp", "sử dụng", "hồ sơ",
                    "thành phố", "thị trấn", "tiến hành", "thu nhận", "tiếp nhận", "lắp đặt", "xây dựng", "vận hành",
                    "phủ sóng", "hạ tầng", "băng rộng", "cáp quang", "duy trì", "tiết kiệm", "ổn định", "kinh tế")
#: Measure words of scores, multipliers and ranks, proposed as the unit where units.csv lacks them.
MEASURE_WORDS = ("điểm", "lần", "bậc", "hạng", "lượt")
#: Words of an indicator's Vietnamese name that narrow its universe to a part (trial stations, pilot
#: communes, poor households): such an indicator is proposed only where the figure's clause has the word.
NARROWING_WORDS = ("thử nghiệm", "thí điểm", "nghèo")
#: Words of a flow indicator's name that make it a count of installations or constructions in a period
#: (``Số trạm BTS xây dựng trong kỳ``) ...
INSTALLED_NAME_WORDS = ("lắp đặt", "xây dựng")
#: ... which is proposed only where the clause says something is installed, built or new.
INSTALLED_CUES = ("lắp", "xây", "mới", "phát triển")
#: Words that make a figure a count of additions over a period (``214 trạm BTS được lắp mới trong 6 tháng``):
#: a flow, never a stock (a level at a date).
NEW_WORDS = ("lắp mới", "lắp đặt mới", "xây mới", "xây dựng mới", "phát triển mới", "mới được lắp", "mới được xây",
             "mới lắp", "mới xây")

# --------------------------------------------------------------------------------------------------
# Small text helpers


def _alternation(words) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in part.split()) for part in parts)


def _search_regex(full_match: str) -> str:
    """A period pattern written for full matches on folded text → a search on raw text (any spaces)."""
    return full_match.replace(" ?", r"\s*").replace(" ", r"\s+")


_WORD = re.compile(r"\S*\w\S*")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
_SCALE = re.compile(rf"\s*({_alternation(SCALE_WORDS)})(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def _compile_periods(patterns: tuple) -> tuple:
    return tuple((p, re.compile(rf"(?<!\w)(?:{_search_regex(p.regex)})(?!\w)", re.IGNORECASE)) for p in patterns)


def _period_searches() -> tuple:
    """The period patterns of analysis.parse.periods.PATTERNS as word-bounded searches, read at each call:
    a pattern added to the registry reaches the extractor with no change here."""
    return _compile_periods(tuple(period_registry.PATTERNS))


_YEAR = re.compile(r"(?:19|20)\d\d")
_BARE_NOW = {"hiện", "hiện tại", "nay"}
#: Syllables that make one word with a following "hiện" (``thực hiện``, ``phát hiện``): then no period.
_NOW_COMPOUND_BEFORE = {"thực", "phát", "thể", "xuất", "biểu", "tái", "hiển", "ẩn", "trình"}
#: Syllables that make one word with a preceding "hiện" (``hiện đại``, ``hiện trạng``): then no period.
_NOW_COMPOUND_AFTER = {"đại", "tượng", "trạng", "hành", "diện", "thực", "vật", "hình", "ra", "lên", "hữu", "rõ"}
_NAME_HEAD = re.compile(rf"(?<!\w)(?:{_alternation(NAME_HEADS)})(?!\w)")
_TARGET = re.compile(rf"(?<!\w)(?:{_alternation(TARGET_WORDS)})(?!\w)", re.IGNORECASE)
_PURPOSE_BEFORE = re.compile(rf"(?<!\w)(?:{_alternation(PURPOSE_WORDS)})(?:\s+(?:các|những|được))*\s*$", re.IGNORECASE)
_DONE = re.compile(rf"(?<!\w)(?:{_alternation(DONE_WORDS)})(?!\w)", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    rf"(?<!\w)({_alternation(QUALIFIER_WORDS)})\s+(?:(?:{_alternation(LINK_WORDS)})\s+)?$", re.IGNORECASE)
_RANK_BEFORE = re.compile(rf"(?<!\w)(?:(?:{_alternation(RANK_WORDS)})\s+(?:thứ\s+)?|thứ\s+)$", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(rf"(?<!\w)({_alternation(CHANGE_WORDS)})\s+(?:(?:{_alternation(LINK_WORDS)})\s+)?$",
                            re.IGNORECASE)


def _ends_with(before: str, words) -> re.Match | None:
    """The phrase of ``words`` that ``before`` ends with (as whole words), if any."""
    return re.search(rf"(?<!\w)(?:{_alternation(words)})\s*$", before, re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# Structure: paragraphs, sentences, clauses


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every sentence: split at line breaks and at ``. `` before a capital."""
    result = []
    paragraph = 0
    for match in re.finditer(r"[^\n]+", text):
        line_start = match.start()
        line = match.group()
        if not line.strip():
            continue
        start = 0
        for end in re.finditer(r"(?<=[.!?…])[\"”»)]*\s+(?=[\"“«(]?[^\W_])", line):
            if _is_upper_start(line[end.end():]):
                result.append((line_start + start, line_start + end.start(), paragraph))
                start = end.end()
        result.append((line_start + start, line_start + len(line.rstrip()), paragraph))
        paragraph += 1
    return [s for s in result if s[1] > s[0]]


def _is_upper_start(rest: str) -> bool:
    rest = rest.lstrip("\"“«(")
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _clause_bounds(text: str, start: int, end: int, pos: int, separators: str) -> tuple[int, int]:
    """The part of ``text[start:end]`` around ``pos`` between two separators (a regex)."""
    left, right = start, end
    for match in re.finditer(separators, text[start:end]):
        if start + match.end() <= pos:
            left = start + match.end()
        elif start + match.start() >= pos:
            right = start + match.start()
            break
    return left, right


_CLAUSE = r";|:\s|…|\.\.\."
_SUBCLAUSE = _CLAUSE + r"|(?<!\w)và(?!\w)|,\s+(?:còn|trong đó|tuy nhiên)(?!\w)"
#: What separates the stretches of text of two figures of one sentence (the last one between them).
_BETWEEN = re.compile(r"[,;:(]|…|\.\.\.|(?<!\w)(?:và|còn|trong\s+đó)(?!\w)")


# --------------------------------------------------------------------------------------------------
# What is not a figure


@dataclass
class _Skip:
    start: int
    end: int
    reason: str


def _period_matches(text: str) -> list[tuple[int, int, str]]:
    """Every period phrase of the text (start, end, pattern name), longest first where they overlap."""
    found = []
    for pattern, regex in _period_searches():
        for match in regex.finditer(text):
            years = [g for g in match.groupdict().items() if g[0] in ("y", "y1", "y2") and g[1]]
            if any(not _YEAR.fullmatch(y) for _, y in years):
                continue  # "1000 virus" is no year
            if match.end() > match.start():
                found.append((match.start(), match.end(), pattern.name))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    kept: list[tuple[int, int, str]] = []
    for m in found:
        if all(m[1] <= k[0] or m[0] >= k[1] for k in kept):
            kept.append(m)
    return sorted(kept)


_DATE_LIKE = (
    (re.compile(r"(?<![\d.,/])\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?![\d/])"), "a date"),
    (re.compile(r"(?<!\w)(?:ngày|từ|đến|tới|hôm)\s+\d{1,2}[/.-]\d{1,2}(?![\d/]|[.,-]\d)", re.IGNORECASE), "a date"),
    (re.compile(r"(?<!\w)(?:tháng|quý)\s+\d{1,2}(?:\s*/\s*\d{4})?(?![\d.,/])", re.IGNORECASE), "a month or quarter"),
    (re.compile(r"(?<!\w)ngày\s+\d{1,2}(?![\d.,])", re.IGNORECASE), "a date"),
    (re.compile(r"(?<![\d:])\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:AM|PM|SA|CH))?(?![\d:])"), "a clock time"),
    (re.compile(r"(?<![\w/])\d+(?:/\d+)*[/-][A-ZĐ][\w&.-]*(?:/[A-ZĐ][\w&-]*)*"), "a document number"),
    (re.compile(rf"(?<!\w)(?:{_alternation(DOCUMENT_HEADS)})(?:\s+số)?\s+\d+(?:[/.-]\d+)*(?![\d%])"), "a document or programme name"),
    (re.compile(rf"(?<!\w)(?:{_alternation(CAPTION_HEADS)})\s+\d+(?![\d%]|[.,]\d)"), "a picture, page or section number"),
    (re.compile(r"(?<!\w)(?:mức độ|cấp độ|level)\s+\d+(?![\d.,]*\s*%)", re.IGNORECASE), "the name of a level"),
    (re.compile(r"(?<!\w)(?:phiên bản|version|ver\.?|bản)\s*\d+(?:[.,]\d+)*", re.IGNORECASE), "a version number"),
    (re.compile(rf"(?<!\w)cách\s+đây\s+\d+\s+(?:{_alternation(TIME_WORDS + ('năm',))})(?!\w)"
                rf"|(?<!\w)\d+\s+(?:{_alternation(TIME_WORDS + ('năm',))})\s+(?:qua|trước|tới|sắp tới|gần đây|trở lại đây)(?!\w)",
                re.IGNORECASE), "a time reference (cách đây 2 năm, 5 năm qua)"),
    (re.compile(r"(?<!\w)(?:từ|dưới|trên|đủ|ngoài|hơn|độ tuổi|lứa tuổi)\s+\d+(?:\s*[-–]\s*\d+)?\s+tuổi(?!\w)"
                r"|(?<!\w)\d+\s+tuổi\s+trở\s+(?:lên|xuống)", re.IGNORECASE), "an age bound that defines a group"),
)

_FURNITURE_LINE = re.compile(r"^\s*[^\d:\n]{1,40}:\s*\d[\d.,]*\s*$")
#: Counters a page prints beside an article, wherever they stand on the line.
_COUNTER = re.compile(r"(?<!\w)(?:lượt\s+(?:xem|truy\s+cập|đọc|thích|chia\s+sẻ|đánh\s+giá|bình\s+luận)|bình\s+luận"
                      r"|đang\s+(?:truy\s+cập|online)|online|hôm\s+nay|tổng\s+(?:truy\s+cập|lượt\s+truy\s+cập)"
                      r"|truy\s+cập|thống\s+kê|views?)\s*:\s*\d[\d.,]*", re.IGNORECASE)
#: "1. Đặt vấn đề", "2) Kết quả": the number of a section or a list item at the start of a line.
_SECTION_NUMBER = re.compile(r"^[ \t]*\d{1,2}(?:\.\d{1,2})*[.)][ \t]+(?=\S)", re.MULTILINE)


def skipped_numbers(text: str, number_format: str = "vi", layer: RawLayer | None = None) -> pd.DataFrame:
    """Every digit token of ``text`` that is not a figure, with the reason (number, start, end, reason).

    With ``layer``, its unit words are known as in :func:`extract` (``2020 trạm`` is a count, not a year).
    """
    text = nfc(text)
    units = [*layer.units["unit_as_written"], *layer.figures["unit_as_written"]] if layer is not None else None
    reader = _Reader(text, number_format, units)
    rows = [(text[s.start:s.end], s.start, s.end, s.reason) for s in reader.skips]
    return pd.DataFrame(rows, columns=["number", "start", "end", "reason"])


# --------------------------------------------------------------------------------------------------
# The figures


@dataclass
class _Figure:
    """A number as written, with its unit and qualifier: what the rest of the reading starts from."""

    start: int                 # the value as written: text[start:end]
    end: int
    value: str
    unit: str = ""
    unit_end: int = 0          # where the unit (or the value, without one) ends
    qualifier: str = ""
    qual_start: int = 0
    percent: bool = False
    notes: list[str] = field(default_factory=list)
    doubts: int = 0            # how many things were read with doubt (lowers confidence)

    @property
    def span_start(self) -> int:
        return min(self.start, self.qual_start) if self.qualifier else self.start

    @property
    def span_end(self) -> int:
        return max(self.end, self.unit_end)


class _Reader:
    """One article: its structure, what is skipped, and the figures found."""

    def __init__(self, text: str, number_format: str, units: list[str] | None = None):
        if number_format not in VALID_NUMBER:
            raise ValueError(f"unknown number format {quote(number_format)} (known: {', '.join(VALID_NUMBER)})")
        self.text = text
        self.format = number_format
        self.valid = re.compile(VALID_NUMBER[number_format])
        self.ambiguous = re.compile(AMBIGUOUS_NUMBER[number_format])
        self.units = sorted({u for u in (units or []) if u}, key=len, reverse=True)
        self.unit_regex = re.compile(rf"(?:{_alternation(self.units)})(?!\w)", re.IGNORECASE) if self.units else None
        self.sentences = _sentences(text)
        self.masks = self._masks()
        # a period phrase inside a document number or a name ("Số: 1914/KH-UBND") is none
        named = [m for m in self.masks if m.reason.startswith("a document")]
        self.periods = [p for p in _period_matches(text)
                        if not any(m.start <= p[0] < m.end or m.start < p[1] <= m.end for m in named)
                        and not self._counted(p)]
        self.masks += [_Skip(s, e, "a date or period") for s, e, _ in self.periods]
        self.skips: list[_Skip] = []
        self.figures: list[_Figure] = self._numbers()

    # -- masks ------------------------------------------------------------------------------------

    def _masks(self) -> list[_Skip]:
        masks: list[_Skip] = []
        for regex, reason in _DATE_LIKE:
            masks += [_Skip(m.start(), m.end(), reason) for m in regex.finditer(self.text)]
        for line in re.finditer(r"[^\n]+", self.text):
            if _FURNITURE_LINE.match(line.group()):
                masks.append(_Skip(line.start(), line.end(), "page furniture (a counter or a label)"))
        masks += [_Skip(m.start(), m.end(), "the number of a section or a list item") for m in _SECTION_NUMBER.finditer(self.text)]
        masks += [_Skip(m.start(), m.end(), "page furniture (a counter or a label)") for m in _COUNTER.finditer(self.text)]
        # ordinals: "phiên thứ 2", "lần thứ 4", "Thứ 5" (a weekday); ranks ("xếp thứ 9/63") are figures
        for m in re.finditer(r"(?<!\w)thứ\s+\d+", self.text, re.IGNORECASE):
            if not _ends_with(self.text[max(0, m.start() - 30):m.start()], RANK_WORDS):
                masks.append(_Skip(m.start(), m.end(), "an ordinal (a session, a round, a weekday)"))
        return masks

    def _counted(self, period: tuple[int, int, str]) -> bool:
        """A bare "2020" before a unit other than "năm" is a count ("2020 trạm BTS"), not a year."""
        if not self.text[period[0]:period[1]].isdigit():
            return False
        unit = self._unit_at(period[1], glued=False)
        return bool(unit) and fold(unit.group()).lower() != "năm"

    def _masked(self, start: int, end: int) -> str | None:
        for mask in self.masks:
            if mask.start <= start and end <= mask.end:
                return mask.reason
        return None

    # -- numbers ----------------------------------------------------------------------------------

    def _unit_at(self, pos: int, glued: bool) -> re.Match | None:
        if self.unit_regex is None:
            return None
        rest = self.text[pos:]
        if not glued:
            space = re.match(r"[ \t\u00a0]*", rest).end()
            if space == 0 and not rest.startswith("%"):
                return None
            match = self.unit_regex.match(self.text, pos + space)
        else:
            match = self.unit_regex.match(self.text, pos)
        return match

    def _skip_reason(self, start: int, end: int) -> str | None:
        text = self.text
        token = text[start:end]
        before = text[start - 1] if start else ""
        before2 = text[max(0, start - 3):start]
        after = text[end] if end < len(text) else ""
        masked = self._masked(start, end)
        if masked:
            return masked
        if before and _LETTER.match(before):
            return "a code or a name with letters before the digits (IPv6, C06)"
        word = re.search(r"\S*$", text[max(0, start - 80):start]).group() + token + re.match(r"\S*", text[end:end + 80]).group()
        if re.search(r"[^\W\d_][-_.]\d|\d[-_][^\W\d_]|\d\.[^\W\d_]{2,}", word.strip("()[]\"“”'.,;:!?")):
            return "part of a code, a file name or a web address (Covid-19, ảnh-2958.jpg)"
        if after and _LETTER.match(after) and not self._unit_at(end, glued=True) and not _glued_unit(text, end):
            return "a technology or code name (4G, 5G)"
        if before == "-" and re.search(r"[^\W\d_]\s?-$", before2):
            return "part of a name (Covid-19)"
        if before == "/" and start >= 2 and _LETTER.match(text[start - 2]):
            return "the denominator of a unit (thuê bao/100 dân)"
        if _YEAR.fullmatch(token):  # unless a unit other than "năm" follows: "2000 người", "2020 trạm"
            follow = self._unit_at(end, glued=False)
            if not (follow and fold(follow.group()).lower() != "năm"):
                return "a year"
        if not self.valid.fullmatch(token) and not self.ambiguous.fullmatch(token):
            return f"not a number in the '{self.format}' format (a version or a code)"
        if re.fullmatch(r"\d+[.,]0", token) and self.format == "en":
            return "a version number"
        return None

    def _numbers(self) -> list[_Figure]:
        text = self.text
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        reasons = {t: self._skip_reason(*t) for t in tokens}
        figures: list[_Figure] = []
        consumed: set[tuple[int, int]] = set()
        for i, tok in enumerate(tokens):
            if tok in consumed:
                continue
            if reasons[tok]:
                self.skips.append(_Skip(tok[0], tok[1], reasons[tok]))
                continue
            start, end = tok
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            # a ratio "268.749/270.962", "9/63", "8,1/12"
            if nxt and text[end:nxt[0]] == "/" and not reasons[nxt]:
                end = nxt[1]
                consumed.add(nxt)
            # a range "75 - 100", "75% - 80%", "từ 5 đến 10"
            elif nxt and not reasons[nxt]:
                between = text[end:nxt[0]]
                led = bool(_ends_with(text[max(0, start - 10):start], ("từ",)))
                if re.fullmatch(r"\s*%?\s*[-–—]\s*", between) or (led and re.fullmatch(r"\s*%?\s+(?:đến|tới)\s+", between)):
                    end = nxt[1]
                    consumed.add(nxt)
            scale = _SCALE.match(text, end)
            if scale:
                end = scale.end()
            figures.append(self._read(start, end))
        return figures

    # -- one figure -------------------------------------------------------------------------------

    def _read(self, start: int, end: int) -> _Figure:
        text = self.text
        figure = _Figure(start=start, end=end, value=text[start:end])
        token = re.match(_TOKEN, figure.value).group()
        if self.ambiguous.fullmatch(token) and not (self.format == "vi" and _SCALE.match(figure.value, len(token))):
            figure.notes.append(f"'{token}' may be read either way (number format '{self.format}'): check it")
            figure.doubts += 1
        # unit: "%", glued ("0,22km") or after spaces
        if text.startswith("%", end) or re.match(r"[ \u00a0]%", text[end:end + 2]):
            pct_end = text.index("%", end) + 1
            unit = self._unit_at(end, glued=False)
            if unit and unit.group().startswith("%") and unit.end() > pct_end:
                figure.unit, figure.unit_end = unit.group(), unit.end()
            else:
                figure.unit, figure.unit_end = "%", pct_end
            figure.percent = True
            figure.unit = text[text.index("%", end):figure.unit_end]
        elif "%" in figure.value:
            figure.percent = True
            figure.unit_end = end
        else:
            glued = end < len(text) and bool(_LETTER.match(text[end]))
            unit = self._unit_at(end, glued=glued) or (_glued_unit(text, end) if glued else None)
            if unit:
                figure.unit, figure.unit_end = unit.group(), unit.end()
                if not self._unit_at(end, glued=glued):
                    figure.notes.append(f"unit '{unit.group()}' not in data/raw/units.csv")
            else:
                figure.unit_end = end
        if not figure.unit and not figure.percent:
            following = re.match(r"\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)", text[end:end + 40])
            word = following.group(1).split()[0] if following else ""
            if word.lower() in MEASURE_WORDS:  # "8,1/12 điểm", "gấp 2,5 lần"
                figure.unit, figure.unit_end = word, end + following.start(1) + len(word)
                figure.notes.append(f"unit '{word}' not in data/raw/units.csv")
            elif following and word.lower() not in TIME_WORDS and word[0].islower():
                figure.notes.append(f"no known unit: the words after it are '{following.group(1)}'")
        # qualifier, possibly before a verb: "tối thiểu đạt 0,22km", "từ 75 - 100"
        before = text[max(0, start - 60):start]
        qual = _QUALIFIER_BEFORE.search(before)
        if qual:
            word = qual.group(1)
            if fold(word).lower() == "trên" and figure.percent and _number_value(token, self.format) == 100:
                figure.notes.append("'trên' before 100% read as 'on', not 'more than'")
            else:
                figure.qualifier = word
                figure.qual_start = start - len(before) + qual.start(1)
        if _RANK_BEFORE.search(before):
            figure.notes.append("a rank")
        return figure


def _glued_unit(text: str, pos: int) -> re.Match | None:
    """An unknown unit glued to a number (``585Mbps``, ``10GHz``): two letters or more, not one (``4G``)."""
    match = re.compile(r"[^\W\d_]{2,}(?:/[^\W\d_]+)*(?![\w])").match(text, pos)
    return match


def _number_value(token: str, number_format: str) -> float | None:
    thousands, decimal = {"vi": (".", ","), "en": (",", ".")}[number_format]
    try:
        return float(token.replace(thousands, "").replace(decimal, "."))
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------
# Context: periods, kind, comparison, breakdown, locator

def _sentence_of(sentences: list[tuple[int, int, int]], pos: int) -> int:
    for i, (start, end, _) in enumerate(sentences):
        if start <= pos < end:
            return i
    return max(0, len(sentences) - 1)


class _Context:
    """Reads what surrounds each figure of a :class:`_Reader`.

    Two figures of one sentence share the text between them: the last separator there (a comma,
    ``và``, ``trong đó`` …) ends the stretch of the first and starts the stretch of the second.
    """

    def __init__(self, reader: _Reader, published: pd.Timestamp | None, breakdown_words: list[str],
                 compounds: set[tuple[str, str]] = frozenset()):
        self.r = reader
        self.compounds = compounds
        self.text = reader.text
        self.folded = fold(reader.text)
        self.published = published
        self.comparisons = self._comparisons()
        self.periods = self._governing_periods()
        self._ends: dict[str, pd.Timestamp] | None = None
        self.breakdown_regex = (re.compile(rf"(?<!\w)(?:{_alternation(breakdown_words)})(?!\w)")
                                if breakdown_words else None)
        level = _alternation(LEVEL_NAMES)
        head = r"(?:cấp|tuyến)\s+"
        self.level_regex = re.compile(
            rf"(?<!\w)(?:(?:từ\s+)?{head}(?:{level})(?:\s*,\s*(?:{head})?(?:{level}))*(?:\s+đến\s+(?:{head})?(?:{level}))?"
            rf"|mức\s+độ\s+(?:{_alternation(SEVERITIES)}))(?!\w)")
        figures = reader.figures
        self.sentence = [_sentence_of(reader.sentences, f.start) for f in figures]
        self.left = [self.r.sentences[s][0] for s in self.sentence]
        self.right = [self.r.sentences[s][1] for s in self.sentence]
        for i in range(len(figures) - 1):
            if self.sentence[i] != self.sentence[i + 1]:
                continue
            a, b = figures[i], figures[i + 1]
            # "Kinh tế số (300 điểm)": a parenthesis that opens on the figure itself separates nothing
            between = [m for m in _BETWEEN.finditer(self.text, a.span_end, b.span_start)
                       if not (m.group() == "(" and not self.text[m.end():b.span_start].strip())]
            if between:
                self.right[i], self.left[i + 1] = between[-1].start(), between[-1].end()
            else:
                self.right[i], self.left[i + 1] = b.span_start, a.span_end

    # -- periods and comparison bases -------------------------------------------------------------

    def _comparisons(self) -> list[tuple[int, int]]:
        """Spans of "so với <basis>": a period phrase, "cùng kỳ …", or a few words up to punctuation."""
        spans = []
        starts = {s: e for s, e, _ in self.r.periods}
        same_period = re.compile(r"cùng\s+kỳ(?:\s+năm\s+(?:trước|ngoái))?(?!\w)", re.IGNORECASE)
        for m in re.finditer(r"(?<!\w)so\s+với\s+(?:(?:cùng\s+)?thời\s+điểm\s+)?", self.text, re.IGNORECASE):
            end = starts.get(m.end())
            if end is None:
                same = same_period.match(self.text, m.end())
                if same:  # "cùng kỳ", "cùng kỳ năm trước", "cùng kỳ tháng 6/2022"
                    gap = re.match(r"\s+", self.text[same.end():])
                    end = starts.get(same.end() + (gap.end() if gap else 0), same.end())
                else:
                    words = re.match(r"(?:[^\W\d_]+[ \t]+){0,3}[^\W\d_]+", self.text[m.end():m.end() + 60])
                    end = m.end() + words.end() if words else m.end()
            if end > m.end():
                spans.append((m.start(), end))
        return spans

    def _governing_periods(self) -> list[tuple[int, int, str]]:
        """Period phrases that can govern a figure: not a comparison basis, not a year of a name
        (``Luật Căn cước năm 2023``), not a bare "hiện"/"nay" inside a clause (``thực hiện``)."""
        kept = []
        for start, end, name in self.r.periods:
            if any(cs <= start and end <= ce for cs, ce in self.comparisons):
                continue
            phrase = fold(self.text[start:end]).lower()
            if phrase == "nay" or (phrase in _BARE_NOW and not self._at_clause_start(start)
                                   and not self._now_adverb(start, end)):
                continue
            if re.match(r"năm\s", phrase) and self._after_name(start):
                continue
            kept.append((start, end, name))
        return kept

    def _now_adverb(self, start: int, end: int) -> bool:
        """A "hiện" inside a clause that means "currently" (``Tỉnh hiện cung cấp …``, ``hiện có``), not a
        syllable of a word (``thực hiện``, ``phát hiện``, ``hiện đại``, ``thực hiện tại xã``)."""
        before = re.search(r"([^\W\d_]+)\s*$", self.text[max(0, start - 20):start])
        after = re.match(r"\s*([^\W\d_]+)", self.text[end:end + 20])
        if before and fold(before.group(1)).lower() in _NOW_COMPOUND_BEFORE:
            return False
        # "mở rộng 03 khu công nghiệp hiện có và …": "existing", not "currently has" (which has an object)
        if re.match(r"\s*có\s*(?:[,.;:)]|$|(?:và|hoặc|của|với|trên|tại)(?!\w))", self.text[end:end + 20]):
            return False
        return not (after and fold(after.group(1)).lower() in _NOW_COMPOUND_AFTER)

    def _at_clause_start(self, pos: int) -> bool:
        before = self.text[max(0, pos - 40):pos]
        return bool(re.search(r"(?:^|[.;:,!?(\n“\"]|…)\s*$", before))

    def _adverbial(self, period: tuple[int, int, str], sentence_start: int) -> bool:
        """A period that governs its whole sentence: at its start, or set off by a comma
        (``Tính đến cuối tháng 8/2022, …``, ``…, đến ngày 11/8/2022, …``)."""
        start, end, _ = period
        return not self.text[sentence_start:start].strip() or bool(re.match(r"\s*[,:]", self.text[end:end + 3]))

    def _after_name(self, pos: int) -> bool:
        """``năm 2023`` closes a name when a capitalised name head stands a few words before it."""
        sentence = self.r.sentences[_sentence_of(self.r.sentences, pos)]
        clause_start, _ = _clause_bounds(self.text, sentence[0], sentence[1], pos, r"[;,:]")
        window = " ".join(self.text[clause_start:pos].split()[-7:])
        return bool(_NAME_HEAD.search(window))

    def period_for(self, figure: _Figure) -> tuple[str, str]:
        """(period as written, note): the nearest of the figure's clause, else the period that governs
        its sentence, else a date carried over from the sentence before in the same paragraph."""
        text = self.text
        s_index = _sentence_of(self.r.sentences, figure.start)
        s_start, s_end, paragraph = self.r.sentences[s_index]
        c_start, c_end = _clause_bounds(text, s_start, s_end, figure.start, _SUBCLAUSE)
        pos_a, pos_b = figure.span_start, figure.span_end

        def distance(p: tuple[int, int, str]) -> int:
            return pos_a - p[1] if p[1] <= pos_a else p[0] - pos_b

        inside = [p for p in self.periods if c_start <= p[0] and p[1] <= c_end and (p[1] <= pos_a or p[0] >= pos_b)]
        # "… 75 - 100 thiết bị/100 dân vào năm 2025": a period right after the figure, before any comma,
        # else the nearest before it ("năm 2026 đạt 80%"), else one after a comma
        close_after = [p for p in inside if p[0] >= pos_b and not re.search(r"[,;]", text[pos_b:p[0]])]
        before_it = [p for p in inside if p[1] <= pos_a]
        for choice in (close_after, before_it, inside):
            if choice:
                best = min(choice, key=distance)
                return text[best[0]:best[1]], ""
        governing = [p for p in self.periods if s_start <= p[0] and p[1] <= s_end and self._adverbial(p, s_start)]
        before = [p for p in governing if p[1] <= pos_a]
        if before:
            best = before[-1]
            return text[best[0]:best[1]], ""
        k_start, k_end = _clause_bounds(text, s_start, s_end, figure.start, _CLAUSE)
        after = [p for p in governing if pos_b <= p[0] and k_start <= p[0] and p[1] <= k_end]
        if after:
            best = after[0]
            return text[best[0]:best[1]], "period written later in the sentence"
        if s_index > 0:
            p_start, p_end, p_paragraph = self.r.sentences[s_index - 1]
            if p_paragraph == paragraph:
                has_start = {p.name: p.has_start for p in period_registry.PATTERNS}
                # a date carries over to the next sentence; a span (9 tháng đầu năm, từ tháng 7) does not
                previous = [p for p in self.periods if p_start <= p[0] and p[1] <= p_end
                            and self._adverbial(p, p_start) and not has_start.get(p[2], False)]
                if previous:
                    best = previous[-1]
                    return text[best[0]:best[1]], "period from the preceding sentence"
        return "", ""

    def comparison_for(self, i: int, figure: _Figure) -> tuple[int, int] | None:
        """The ``so với …`` of a change: after it in its stretch, else before it in its clause."""
        text = self.text
        s_start, s_end, _ = self.r.sentences[self.sentence[i]]
        c_start, c_end = _clause_bounds(text, s_start, s_end, figure.start, _CLAUSE)
        forward = [c for c in self.comparisons if figure.span_end <= c[0] and c[1] <= min(c_end, self.right[i])]
        if forward:
            return forward[0]
        backward = [c for c in self.comparisons if max(c_start, self.left[i]) <= c[0] and c[1] <= figure.span_start]
        return backward[-1] if backward else None

    # -- kind -------------------------------------------------------------------------------------

    def kind_for(self, i: int, figure: _Figure, period: str) -> tuple[str, str]:
        """(kind, note): a target after a goal word, a change after a change word, a target for a
        deadline after the publication, else an actual."""
        text = self.text
        lead = text[max(self.left[i], figure.span_start - 80):figure.span_start]
        change = None
        if not _ends_with(lead, LEVEL_WORDS):
            change = _CHANGE_BEFORE.search(lead)
        # a goal word governs the rest of its sentence, or of its clause after "; " and a capital
        s_start, _, _ = self.r.sentences[self.sentence[i]]
        restarts = [s_start + m.start() + 1 for m in re.finditer(r";\s+\S", text[s_start:figure.span_start])
                    if text[s_start + m.end() - 1].isupper()]
        scope = max([s_start, *restarts])
        before = text[scope:figure.span_start]
        cues = [m for m in _TARGET.finditer(before)
                if not _PURPOSE_BEFORE.search(before[max(0, m.start() - 40):m.start()])
                and not _closed_parenthesis(before, m.end())]  # "(mục tiêu 70%), còn … 18,54%"
        if cues and not _DONE.search(before[cues[-1].end():]):
            word = cues[-1].group()
            if change:
                return "target", f"target: '{word}', for a change ('{change.group(1)}')"
            return "target", f"target: '{word}'"
        if change:
            word = fold(change.group(1)).lower()
            return "change", ("a multiplier ('gấp')" if word == "gấp" else "")
        ended = self._period_end(period)
        if ended is not None and self.published is not None and ended.year > self.published.year:
            return "target", "target: a deadline after the publication date"
        return "actual", ""

    def _period_end(self, period: str) -> pd.Timestamp | None:
        """The last day of a period as written, by analysis.parse.periods (None where it cannot tell)."""
        if not period or self.published is None:
            return None
        if self._ends is None:  # every period phrase of the text at once: parse_periods works on columns
            phrases = sorted({self.text[s:e] for s, e, _ in self.periods})
            parsed = parse_periods(pd.Series(phrases, dtype=object), pd.Series([self.published] * len(phrases)))
            self._ends = dict(zip(phrases, parsed["period_end"]))
        end = self._ends.get(period)
        return None if end is None or pd.isna(end) else pd.Timestamp(end)

    # -- breakdown --------------------------------------------------------------------------------

    def breakdowns_for(self, i: int, figure: _Figure, previous: _Figure | None) -> tuple[list[tuple[str, int, int]], str]:
        """The subgroups written next to the figure (usually none, sometimes two: one row each)."""
        text = self.text
        s_start, s_end, _ = self.r.sentences[self.sentence[i]]
        c_start, c_end = _clause_bounds(text, s_start, s_end, figure.start, _CLAUSE)
        figures = self.r.figures
        same = i + 1 < len(figures) and self.sentence[i + 1] == self.sentence[i]
        right_end = min(c_end, figures[i + 1].span_start if same else s_end)
        right = text[figure.span_end:right_end]
        # within the figure's own words: "100% chữ ký số cán bộ, giáo viên cấp THPT", but not past
        # "trong đó", "còn" or the stretch of the next figure ("15 trạm …, trong đó Viettel 13 trạm")
        stop = re.search(r"(?<!\w)(?:trong\s+đó|còn)(?!\w)", right)
        limit = min(stop.start() if stop else len(right), self.right[i] - figure.span_end)
        found = self._find_breakdowns(right, figure.span_end, limit)
        if found:
            return found, ""
        left_start = max(c_start, previous.span_end if previous else c_start)
        left = text[left_start:figure.span_start]
        cut = max((m.end() for m in re.finditer(r"[,;:(]|(?<!\w)và(?!\w)", left)), default=0)
        near = left[cut:]
        found = self._find_breakdowns(near, left_start + cut, len(near))
        if found:
            return found[-1:], ""
        # "trong đó Viettel 13 trạm": a name heading a part of the figure before
        if previous is not None and re.search(r"(?<!\w)trong\s+đó(?!\w)", text[s_start:figure.span_start], re.IGNORECASE):
            name = re.search(rf"(?<!\w)([A-ZĐ][\w&-]*(?:\s+[A-ZĐ][\w&-]*)?)\s+(?:(?:{_alternation(LINK_WORDS + ('chiếm',))})\s+)?$",
                             near + " ")
            if name and not re.search(rf"(?<!\w)(?:{_alternation(NAME_HEADS)})$", name.group(1)):
                start = left_start + cut + name.start(1)
                return [(name.group(1), start, start + len(name.group(1)))], ""
            if re.search(r"(?<!\w)trong\s+đó(?:\s+có)?\s*$", near, re.IGNORECASE):
                whole = _written(previous)
                if figure.unit and previous.unit and fold(figure.unit).lower() != fold(previous.unit).lower():
                    return [(figure.unit, figure.unit_end - len(figure.unit), figure.unit_end)], f"part of the {whole} before it"
                return [], f"part of the {whole} before it"
        return [], ""

    def _find_breakdowns(self, segment: str, offset: int, limit: int) -> list[tuple[str, int, int]]:
        matches = []
        for regex in (self.breakdown_regex, self.level_regex):
            if regex is not None:
                matches += [(m.start(), m.end()) for m in regex.finditer(segment) if m.start() <= limit]
        if not matches:
            return []
        matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen = [matches[0]]
        for m in matches[1:]:
            last = chosen[-1]
            if m[0] < last[1]:
                continue
            # "tại cấp tỉnh và tại cấp huyện": one figure for two groups
            if re.fullmatch(r"\s*(?:,|và|hoặc)\s*(?:(?:tại|ở|cho)\s+)?", segment[last[1]:m[0]]):
                chosen.append(m)
        return [(segment[a:b], offset + a, offset + b) for a, b in chosen]

    # -- locator ----------------------------------------------------------------------------------

    def locator_for(self, i: int, figure: _Figure, cover: int = 0) -> tuple[int, int]:
        """A short phrase around the figure: up to 8 words after it and a few before it (not across a
        comma), within its stretch of its clause; at least 3 words, and extended (across the stretch,
        within the clause) to 12 words where it would not be unique in the text."""
        text = self.text
        s_start, s_end, _ = self.r.sentences[self.sentence[i]]
        c_start, c_end = _clause_bounds(text, s_start, s_end, figure.start, _CLAUSE)
        left_limit, right_limit = max(c_start, self.left[i]), min(c_end, self.right[i])
        all_left = list(_WORD.finditer(text, c_start, figure.span_start))
        all_right = list(_WORD.finditer(text, figure.span_end, c_end))
        if len(all_left) + len(all_right) < 2:  # "Tây Ninh: 92%": a clause too short to find it by
            all_left = list(_WORD.finditer(text, s_start, figure.span_start))
            all_right = list(_WORD.finditer(text, figure.span_end, s_end))
        left_words = [w for w in all_left if w.end() > left_limit]
        right_words = [w for w in all_right if w.start() < right_limit]
        core = len(_WORD.findall(text[figure.span_start:figure.span_end]))
        commas = [k for k, w in enumerate(left_words) if re.search(r"[,;:]$", w.group())]
        soft = len(left_words) - (commas[-1] + 1) if commas else len(left_words)
        n_right = min(len(right_words), 8, max(0, LOCATOR_WORDS - core))
        # after three words, a comma ends the phrase; a breakdown written after the figure stays in
        for k, w in enumerate(right_words[:n_right]):
            if k >= 2 and re.search(r"[,;:]$", w.group()) and w.end() >= cover:
                n_right = k + 1
                break
        while n_right < min(len(right_words), LOCATOR_WORDS - core) and right_words[n_right - 1].end() < cover:
            n_right += 1
        n_left = min(soft, max(0, LOCATOR_WORDS - core - n_right), 4 if n_right >= 4 else 7)
        if n_left + n_right < 3:  # a very short phrase: allow words before a comma
            n_left = min(len(left_words), max(0, LOCATOR_WORDS - core - n_right), 4)

        def split_compound(nl: int) -> bool:  # "… mục | tiêu có thêm", "Tiền | Giang còn"
            if not nl or nl >= len(all_left):
                return False
            first, before = all_left[-nl].group(), all_left[-nl - 1].group()
            names = first[:1].isupper() and before[:1].isupper() and not re.search(r"[,;:.]$", before)
            return names or (before.lower(), first.lower()) in self.compounds

        def span(nl: int, nr: int) -> tuple[int, int]:
            if split_compound(nl):  # take the whole word, or none of it
                nl += 1 if core + nl + nr < LOCATOR_WORDS else -1
            while nr and fold(all_right[nr - 1].group()).lower().rstrip(",;:.") in _DANGLING:
                nr -= 1  # "… cấp xã với", "… tại cấp tỉnh và": a phrase does not end on these
            a = all_left[-nl].start() if nl else figure.span_start
            b = all_right[nr - 1].end() if nr else figure.span_end
            return _trim(text, a, b, figure.span_start, figure.span_end)

        folded = self.folded

        def ambiguous(a: int, b: int) -> bool:
            return folded.count(fold(text[a:b])) > 1 or len(_WORD.findall(text[a:b])) < 3

        a, b = span(n_left, n_right)
        while ambiguous(a, b) and core + n_left + n_right < LOCATOR_WORDS:
            if n_right < len(right_words):
                n_right += 1
            elif n_left < len(left_words):
                n_left += 1
            elif n_left < len(all_left):  # beyond its own stretch: into the figure before it
                n_left += 1
            elif n_right < len(all_right):
                n_right += 1
            else:
                break
            a, b = span(n_left, n_right)
        while locator_words(text[a:b]) > LOCATOR_WORDS and (n_left or n_right):  # lone dashes count as words
            if n_left:  # the words after a figure (its unit's noun, its period) matter more
                n_left -= 1
            else:
                n_right -= 1
            a, b = span(n_left, n_right)
        return a, b

    # -- what the figure is about -----------------------------------------------------------------

    def query_for(self, i: int, figure: _Figure, locator: tuple[int, int]) -> Counter:
        """Its locator and its stretch of the clause (weight 1), and the whole clause (weight ½)."""
        text = self.text
        s_start, s_end, _ = self.r.sentences[self.sentence[i]]
        c_start, c_end = _clause_bounds(text, s_start, s_end, figure.start, r";")
        query = _features(text[max(c_start, self.left[i]):min(c_end, self.right[i])])
        query += _features(text[locator[0]:locator[1]])
        for term, count in _features(text[c_start:c_end]).items():
            query[term] += 0.5 * count
        return query

    def clause_for(self, i: int, figure: _Figure) -> tuple[str, str]:
        """The figure's clause (between ``;``, ``:`` or ``…``) and its own stretch of it; a part in a
        ``trong đó`` list (``15 trạm …, trong đó Viettel 13 trạm``) shares the stretch of its whole."""
        s_start, s_end, _ = self.r.sentences[self.sentence[i]]
        c_start, c_end = _clause_bounds(self.text, s_start, s_end, figure.start, _CLAUSE)
        left = self.left[i]
        parts = [m for m in re.finditer(r"(?<!\w)trong\s+đó(?!\w)", self.text[c_start:figure.start], re.IGNORECASE)]
        if parts:
            opened = c_start + parts[-1].start()
            wholes = [j for j in range(i) if self.sentence[j] == self.sentence[i] and self.r.figures[j].start < opened]
            if wholes:
                left = min(left, self.left[wholes[-1]])
        return self.text[c_start:c_end], self.text[max(c_start, left):min(c_end, self.right[i])]

    def sentence_for(self, i: int) -> Counter:
        s_start, s_end, _ = self.r.sentences[self.sentence[i]]
        return _features(self.text[s_start:s_end])


#: Words a locator does not end on.
_DANGLING = {"và", "với", "của", "cho", "tại", "ở", "trong", "là", "các", "những", "được", "có", "để", "từ",
             "đến", "tới", "theo", "trên", "về", "bằng", "hoặc", "như", "mà", "thì", "đã", "đang", "sẽ",
             # words that lead to the next number
             "đạt", "chiếm", "lên", "còn", "tăng", "giảm", "thêm", "gấp", "khoảng", "gần", "hơn", "dưới", "mức",
             # a period cut off from its number
             "năm", "tháng", "ngày", "quý"}


def _closed_parenthesis(text: str, pos: int) -> bool:
    """Whether a parenthesis open at ``pos`` closes later in ``text``."""
    depth = 0
    for char in text[pos:]:
        if char == ")":
            if depth == 0:
                return True
            depth -= 1
        elif char == "(":
            depth += 1
    return False


def _written(figure: _Figure) -> str:
    """A figure's value and unit as a reader would quote them: ``100%``, ``27.002 người``."""
    if not figure.unit:
        return figure.value
    return figure.value + ("" if figure.unit.startswith("%") else " ") + figure.unit


def _trim(text: str, a: int, b: int, keep_a: int, keep_b: int) -> tuple[int, int]:
    """Strip punctuation and spaces at both ends of a span, never into the figure itself."""
    while a < keep_a and (text[a].isspace() or text[a] in ",;:.…\"“”'()-–"):
        a += 1
    while b > keep_b and (text[b - 1].isspace() or text[b - 1] in ",;:.…\"“”'(-–"):
        b -= 1
    if text[a:b].count("(") < text[a:b].count(")") and b > keep_b and text[b - 1] == ")":
        b -= 1
    return a, b


# --------------------------------------------------------------------------------------------------
# Indicators: TF-IDF over word uni- and bigrams


_FEATURE_WORD = re.compile(r"[^\W\d_]+")
_CHUNK = re.compile(r"[,;:.()!?\"“”…]|\s[-–]\s")


def _features(text: str) -> Counter:
    """Lower-case words and the bigrams within each punctuation-free chunk (numbers dropped)."""
    counts: Counter = Counter()
    for chunk in _CHUNK.split(nfc(text).lower()):
        words = _FEATURE_WORD.findall(chunk)
        counts.update(words)
        counts.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return counts


def _has_words(folded: str, phrases) -> bool:
    """Whether the folded, lower-case text has one of the phrases as whole words."""
    return bool(_words_regex(tuple(phrases)).search(folded))


@functools.lru_cache(maxsize=256)
def _words_regex(phrases: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_alternation(fold(p).lower() for p in phrases)})(?!\w)")


def _norm(vector: dict[str, float]) -> dict[str, float]:
    length = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / length for k, v in vector.items()} if length else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


class IndicatorRanker:
    """Ranks the codebook's indicators for a figure's clause.

    Each indicator is described twice: by the codebook (name_vi, concept, universe, unit words) and
    by the locators of the reference figures coded with it. The score is the mean of the two cosine
    similarities where the indicator has reference figures, else the codebook similarity alone; only
    indicators whose unit fits the figure's are ranked.
    """

    def __init__(self, indicators: pd.DataFrame, units: pd.DataFrame, reference: pd.DataFrame):
        self.indicators = indicators.reset_index(drop=True)
        self.unit_map = {fold(u).lower(): c for u, c in zip(units["unit_as_written"], units["unit"])}
        described = {
            row.indicator_id: " . ".join([row.name_vi, row.name_vi, row.unit_vi, row.concept])
            for row in self.indicators.itertuples()
        }
        located: dict[str, list[str]] = {}
        for row in reference.itertuples():
            if row.indicator_id in described:
                located.setdefault(row.indicator_id, []).append(f"{row.locator} . {row.unit_as_written}")
        names = {row.indicator_id: fold(row.name_vi).lower() for row in self.indicators.itertuples()}
        reference = self.indicators["time_reference"]
        flows = set(self.indicators.loc[reference == "flow", "indicator_id"])
        # indicator → the narrowing words of its name that the clause must have
        self.narrowed = {k: tuple(w for w in NARROWING_WORDS if _has_words(name, (w,))) for k, name in names.items()}
        self.installs = {k for k, name in names.items() if k in flows and _has_words(name, INSTALLED_NAME_WORDS)}
        self.stocks = set(self.indicators.loc[reference == "stock", "indicator_id"])
        raw_described = {k: _features(v) for k, v in described.items()}
        raw_located = {k: _features(" . ".join(v)) for k, v in located.items()}
        documents = [raw_described[k] + raw_located.get(k, Counter()) for k in described]
        df: Counter = Counter()
        for doc in documents:
            df.update(doc.keys())
        n = len(documents)
        self.idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
        self.described = {k: self._vector(v) for k, v in raw_described.items()}
        self.located = {k: self._vector(v) for k, v in raw_located.items()}

    def _vector(self, counts: Counter) -> dict[str, float]:
        # sublinear term frequency; a term seen only in the wider context (weight below 1) counts that much
        return _norm({t: (1 + math.log(c) if c >= 1 else c) * self.idf.get(t, 0.0) for t, c in counts.items() if c > 0})

    def is_share(self, indicator_id: str) -> bool:
        """Whether an indicator is a share or a rate in % (whose change in % may be points)."""
        row = self.indicators[self.indicators["indicator_id"] == indicator_id]
        return bool(len(row)) and row["unit"].iloc[0] == "%"

    def canonical_unit(self, unit_as_written: str) -> str | None:
        return self.unit_map.get(fold(unit_as_written).lower()) if unit_as_written else None

    def compatible(self, unit_as_written: str, percent: bool, kind: str) -> pd.Series:
        """Which indicators a figure with this unit could measure."""
        ind = self.indicators
        is_share = ind["measure_type"].isin(["share", "rate"]) & (ind["unit"] == "%")
        if percent:
            return is_share | (kind == "change")  # "tăng 2,8%" of a count is a relative change
        canonical = self.canonical_unit(unit_as_written)
        if canonical is not None:
            return ind["unit"] == canonical
        return ~is_share  # no unit, or one the vocabulary does not know: anything but a share

    def excluded(self, clause: str, stretch: str, kind: str) -> set[str]:
        """Indicators the words of the figure's clause (and its own stretch of it) rule out: those narrowed
        by a word the clause lacks (``thử nghiệm``, ``nghèo``), installations where nothing is installed or
        built, and stocks where the figure counts what is new (``lắp mới``), unless it is a change."""
        clause, stretch = fold(clause).lower(), fold(stretch).lower()
        out = {k for k, words in self.narrowed.items() if words and not _has_words(clause, words)}
        if not _has_words(clause, INSTALLED_CUES):
            out |= self.installs
        if kind != "change" and _has_words(stretch, NEW_WORDS):
            out |= self.stocks
        return out

    def rank(self, query: Counter, unit_as_written: str, percent: bool, kind: str,
             excluded: set[str] = frozenset()) -> list[tuple[str, float]]:
        vector = self._vector(query)
        scores = []
        for ok, indicator_id in zip(self.compatible(unit_as_written, percent, kind), self.indicators["indicator_id"]):
            if not ok or indicator_id in excluded:
                continue
            described = _cosine(vector, self.described[indicator_id])
            located = self.located.get(indicator_id)
            score = (described + _cosine(vector, located)) / 2 if located else described
            scores.append((indicator_id, score))
        scores.sort(key=lambda s: (-s[1], s[0]))
        return scores


# --------------------------------------------------------------------------------------------------
# The draft

#: Weight of the sentence's words in what a figure is about, where its clause alone says too little
#: to reach LOW_SCORE ("…, như Đà Nẵng đạt 95,6%; Cà Mau đạt 92%").
SENTENCE_WEIGHT = 0.5

#: Added to the score of an indicator that a declared relation or the figure before suggests.
RELATED_BOOST = 0.25


def extract(text: str, *, number_format: str = "vi", layer: RawLayer, source_id: str = "",
            published: pd.Timestamp | None = None, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Candidate raw rows for every quantitative figure of ``text``, in reading order (DRAFT_COLUMNS).

    ``reference`` is a frame like data/raw/figures.csv whose coding teaches the extractor (unit
    words, breakdowns, the locators of each indicator); by default the layer's own figures.
    ``published`` decides whether a year is a deadline (a target); without it only goal words make
    a target. Quoted cells are exact substrings of the NFC text; ``start``/``end`` are the offsets of
    the value in it.
    """
    text = nfc(text)
    published = pd.Timestamp(published) if published is not None and not pd.isna(published) else None
    reference = layer.figures if reference is None else reference
    reference = (reference.reindex(columns=list(FIGURES.columns)).fillna("").astype(str)
                 if len(reference) else pd.DataFrame(columns=list(FIGURES.columns), dtype=str))
    units = [*layer.units["unit_as_written"], *reference["unit_as_written"]]
    reader = _Reader(text, number_format, units)
    # a breakdown that is also a unit word ("người dân") is a subgroup only in a "trong đó" list
    unit_words = {fold(u).lower() for u in units}
    breakdown_words = sorted({b for b in reference["breakdown"] if b.strip() and fold(b).lower() not in unit_words})
    context = _Context(reader, published, breakdown_words, _compounds())
    ranker = IndicatorRanker(layer.indicators, layer.units, reference)
    shares_of = _shares_of(layer.relations)
    figures = reader.figures
    rows, tops = [], []
    for i, figure in enumerate(figures):
        previous = figures[i - 1] if i and context.sentence[i - 1] == context.sentence[i] else None
        notes = list(figure.notes)
        period, note = context.period_for(figure)
        notes.append(note)
        kind, note = context.kind_for(i, figure, period)
        notes.append(note)
        comparison = ""
        if kind == "change":
            span = context.comparison_for(i, figure)
            comparison = text[span[0]:span[1]] if span else ""
            notes.append("" if span else "basis of the change not written beside it")
        breakdowns, note = context.breakdowns_for(i, figure, previous)
        notes.append(note)
        if len(breakdowns) > 1:
            notes.append("one figure for " + " and ".join(b[0] for b in breakdowns) + ": one row each")
        a, b = context.locator_for(i, figure, cover=max((end for _, _, end in breakdowns), default=0))
        query = context.query_for(i, figure, (a, b))
        excluded = ranker.excluded(*context.clause_for(i, figure), kind)
        ranked = ranker.rank(query, figure.unit, figure.percent, kind, excluded)
        if not ranked or ranked[0][1] < LOW_SCORE:
            for term, count in context.sentence_for(i).items():
                query[term] += SENTENCE_WEIGHT * count
            ranked = ranker.rank(query, figure.unit, figure.percent, kind, excluded)
        # the figure just before, in the same clause, tells what a bare share or change is of
        link = _link(text, previous, figure) if previous is not None else ""
        if link == "share":
            notes.append(f"the same figure as a {'share' if figure.percent else 'density'} "
                         f"(of the {_written(previous)} before it)")
            ranked = _boost(ranked, shares_of.get(tops[-1], set()))
        elif link == "change" and tops[-1] and kind == "change":
            notes.append(f"a change of the {_written(previous)} before it")
            ranked = _boost(ranked, {tops[-1]})
        tops.append(ranked[0][0] if ranked else "")
        top = ranked[:TOP_CANDIDATES]
        doubts = figure.doubts + (0 if (figure.unit or figure.percent) else 1)
        confidence = _confidence([s for _, s in ranked[:2]], doubts)
        if kind == "change" and figure.percent:  # "tăng 35%": of a count, relative; of a share, not said
            of_share = ranker.is_share(top[0][0]) if top and confidence != "low" else True
            notes.append("percentage points or relative change: not said" if of_share
                         else "relative change: a change in % of a count (or another amount) is relative")
        row = {
            "figure_id": "", "source_id": source_id,
            "indicator_id": top[0][0] if top and confidence != "low" else "",
            "kind": kind, "breakdown": "",
            "value_as_written": figure.value, "unit_as_written": figure.unit,
            "qualifier_as_written": figure.qualifier, "period_as_written": period,
            "comparison_as_written": comparison, "locator": text[a:b],
            "note": "; ".join(dict.fromkeys(n for n in notes if n)),
            "indicator_candidates": ";".join(f"{k}:{s:.2f}" for k, s in top),
            "confidence": confidence, "start": figure.start, "end": figure.end,
        }
        for breakdown, start, end in breakdowns or [("", 0, 0)]:
            out = dict(row, breakdown=breakdown)
            if breakdown and not (a <= start and end <= b):
                out["note"] = "; ".join(filter(None, [row["note"], f"breakdown '{breakdown}' written beside the locator"]))
            rows.append(out)
    draft = pd.DataFrame(rows, columns=list(DRAFT_COLUMNS))
    return draft.astype({"start": "int64", "end": "int64"})


def _compounds() -> set[tuple[str, str]]:
    """Pairs of syllables that make one word (``tỷ lệ``, ``mục tiêu``, ``đảm bảo``), from the extractor's
    word lists; a locator does not start between them."""
    phrases = [*TARGET_WORDS, *SHARE_LINKS, *CHANGE_WORDS, *LEVEL_WORDS, *QUALIFIER_WORDS, *LEVEL_NAMES,
               *SEVERITIES, *PURPOSE_WORDS, *RANK_WORDS, *DONE_WORDS, *COMMON_COMPOUNDS]
    pairs = set()
    for phrase in phrases:
        words = _FEATURE_WORD.findall(nfc(phrase).lower())
        pairs.update(zip(words, words[1:]))
    return pairs


def _shares_of(relations: pd.DataFrame) -> dict[str, set[str]]:
    """count indicator → the shares and densities declared to be computed from it (relations.csv)."""
    result: dict[str, set[str]] = {}
    for row in relations.itertuples():
        if row.relation in DERIVING_RELATIONS:
            result.setdefault(row.of_indicator_id, set()).add(row.indicator_id)
    return result


def _link(text: str, previous: _Figure, figure: _Figure) -> str:
    """How a figure hangs on the one before it in its clause: ``share`` (``174.411 hồ sơ, đạt 76%``),
    ``change`` (``đạt 69,72%, tăng 2,32%``) or nothing."""
    between = text[previous.span_end:figure.span_start]
    if ";" in between or len(between.split()) > 6:
        return ""
    # "174.411 hồ sơ trực tuyến, đạt 76%": the count's words, a comma, then only linking words
    tail = re.split(r"[,(]", between)[-1] if re.search(r"[,(]", between) else between
    words = rf"(?:{_alternation((*SHARE_LINKS, *CHANGE_WORDS, *LINK_WORDS, 'với'))})"
    if not re.fullmatch(rf"\s*(?:{words}\s*)*", tail, re.IGNORECASE) or (tail == between and between.strip()
                                                                        and len(between.split()) > 3):
        return ""
    relative = figure.percent or "/100" in figure.unit  # a share, or a density per 100
    if relative and not previous.percent and not re.search(rf"(?<!\w)(?:{_alternation(CHANGE_WORDS)})(?!\w)", between):
        return "share"
    if re.search(rf"(?<!\w)(?:{_alternation(CHANGE_WORDS)})\s*$", between):
        return "change"
    return ""


def _boost(ranked: list[tuple[str, float]], favoured: set[str]) -> list[tuple[str, float]]:
    if not favoured:
        return ranked
    boosted = [(k, s + RELATED_BOOST if k in favoured else s) for k, s in ranked]
    return sorted(boosted, key=lambda x: (-x[1], x[0]))


def _confidence(scores: list[float], doubts: int) -> str:
    """high, medium or low from the best indicator score, its margin and the doubts of the reading."""
    if not scores or scores[0] < LOW_SCORE:
        return "low"
    margin = scores[0] - (scores[1] if len(scores) > 1 else 0.0)
    level = 2 if scores[0] >= HIGH_SCORE and margin >= HIGH_MARGIN else 1
    level -= min(doubts, 1)
    return ("low", "medium", "high")[max(level, 0)]
