"""How well the rule-based extractor (analysis.intake.extract) finds the hand-coded figures.

Leave-one-source-out: each article is extracted with ``reference`` = the raw figures of the OTHER
articles only, so an article's own coding never helps its own suggestions. For each article and in
total it prints

- recall: share of the article's raw figures found by some candidate (the same value as written
  after whitespace folding, and the candidate's locator overlapping the raw locator in the text);
- precision: share of the candidates that match some raw figure (the same rule);
- indicator accuracy on the found figures: top-1 and top-3 of ``indicator_candidates``;
- how the candidates' confidence splits, and how often a filled ``indicator_id`` is right;
- for the other columns, how often the found figure's candidate has the raw cell exactly (after
  whitespace folding): kind, unit, qualifier, period, comparison, breakdown.

The article texts come from ``../shared/sources`` or ``$VN_DX_SOURCES`` (analysis.paths); without
them the script says so and stops. ``--details`` also lists the figures missed, the candidates that
match nothing and the wrong indicators (short locator phrases only).

    python benchmarks/extract_quality.py [--details] [--no-reference] [--hide-names]
"""

from __future__ import annotations

import argparse
import re
from dataclasses import replace
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from analysis import paths  # noqa: E402
from analysis.core.text import fold, nfc  # noqa: E402
from analysis.ingest import articles
from analysis.ingest.rawdata import load_raw_layer  # noqa: E402
from analysis.intake.extract import extract  # noqa: E402


def phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every place of ``phrase`` in ``text``, whatever the whitespace between its words."""
    words = fold(phrase).split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def candidate_span(text: str, row: pd.Series) -> tuple[int, int] | None:
    """The place of a candidate's locator: the occurrence that holds its number."""
    spans = phrase_spans(text, row["locator"])
    holding = [s for s in spans if s[0] <= row["start"] and row["end"] <= s[1]]
    return (holding or spans or [None])[0]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(text: str, raw: pd.DataFrame, draft: pd.DataFrame) -> dict:
    """Match candidates and raw figures; return the counts and the lists behind them."""
    raw_spans = {i: phrase_spans(text, loc) for i, loc in raw["locator"].items()}
    cand_spans = {i: candidate_span(text, row) for i, row in draft.iterrows()}
    raw_value = raw["value_as_written"].map(fold)
    cand_value = draft["value_as_written"].map(fold)
    matches: dict[int, list[int]] = {i: [] for i in raw.index}
    matched_candidates: set[int] = set()
    for i in raw.index:
        for j in draft.index:
            span = cand_spans[j]
            if span is None or raw_value[i] != cand_value[j]:
                continue
            if any(overlaps(span, r) for r in raw_spans[i]):
                matches[i].append(j)
                matched_candidates.add(j)
    found = [i for i in raw.index if matches[i]]
    top1 = top3 = 0
    wrong = []
    same = {column: 0 for column in COMPARED}
    differ = []
    calibration = {level: [0, 0] for level in ("high", "medium", "low")}  # found, top-1 right
    for i in found:
        j = matches[i][0]
        ranked = [c.split(":")[0] for c in draft.at[j, "indicator_candidates"].split(";") if c]
        top1 += bool(ranked) and ranked[0] == raw.at[i, "indicator_id"]
        calibration[draft.at[j, "confidence"]][0] += 1
        calibration[draft.at[j, "confidence"]][1] += bool(ranked) and ranked[0] == raw.at[i, "indicator_id"]
        top3 += raw.at[i, "indicator_id"] in ranked[:3]
        if not ranked or ranked[0] != raw.at[i, "indicator_id"]:
            wrong.append((raw.at[i, "figure_id"], raw.at[i, "indicator_id"], ranked[:3]))
        # a figure coded as two rows (two breakdowns) matches the candidate row of its own breakdown
        j = next((k for k in matches[i] if draft.at[k, "breakdown"] == raw.at[i, "breakdown"]), j)
        for column in COMPARED:
            equal = fold(draft.at[j, column]) == fold(raw.at[i, column])
            same[column] += equal
            if not equal:
                differ.append((raw.at[i, "figure_id"], column, raw.at[i, column], draft.at[j, column]))
    filled = draft["indicator_id"] != ""
    filled_right = sum(
        draft.at[matches[i][0], "indicator_id"] == raw.at[i, "indicator_id"] for i in found
        if draft.at[matches[i][0], "indicator_id"] != ""
    )
    filled_found = sum(draft.at[matches[i][0], "indicator_id"] != "" for i in found)
    return {
        "raw": len(raw), "candidates": len(draft), "found": len(found), "matching": len(matched_candidates),
        "top1": top1, "top3": top3, "filled": int(filled.sum()), "filled_found": filled_found,
        "filled_right": filled_right,
        "confidence": draft["confidence"].value_counts().to_dict(),
        "missed": raw.loc[[i for i in raw.index if not matches[i]], ["figure_id", "value_as_written", "locator"]],
        "extra": draft.loc[[j for j in draft.index if j not in matched_candidates],
                           ["value_as_written", "unit_as_written", "locator"]],
        "wrong": wrong, "same": same, "differ": differ, "calibration": calibration,
    }


#: Columns compared cell by cell on the found figures.
COMPARED = ("kind", "unit_as_written", "qualifier_as_written", "period_as_written", "comparison_as_written",
            "breakdown")


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    – "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list misses, extras and wrong indicators")
    parser.add_argument("--no-reference", action="store_true",
                        help="an empty reference: the codebook alone ranks the indicators (an ablation)")
    parser.add_argument("--hide-names", action="store_true",
                        help="hide the codebook's Vietnamese names and wording (name_vi, '(…)' in concept): "
                             "the unit filter, the English concept and the reference locators rank alone")
    args = parser.parse_args(argv)
    layer = load_raw_layer()
    if args.hide_names:
        indicators = layer.indicators.assign(
            name_vi="", concept=layer.indicators["concept"].str.replace(r"\([^)]*\)", "", regex=True))
        layer = replace(layer, indicators=indicators)
    folder = paths.sources_dir()
    found = articles.available_articles(layer.sources, folder)
    if not found:
        print(f"article texts not found in {folder}: set ${paths.SOURCES_ENV} to their folder; nothing measured")
        return 0
    header = (f"{'source':<14} {'raw':>4} {'cand':>5} {'found':>6} {'recall':>8} {'precision':>10} "
              f"{'top-1':>8} {'top-3':>8}   confidence high/medium/low   id filled (right)")
    print("Extractor quality, " + ("with no reference figures (the codebook alone)" if args.no_reference else
                                   "leave-one-source-out (reference = the other articles' raw figures)")
          + (", the codebook's Vietnamese names hidden" if args.hide_names else "") + "\n")
    print(header)
    print("-" * len(header))
    totals = dict(raw=0, candidates=0, found=0, matching=0, top1=0, top3=0, filled=0, filled_found=0,
                  filled_right=0, high=0, medium=0, low=0)
    details = []
    same = {column: 0 for column in COMPARED}
    calibration = {level: [0, 0] for level in ("high", "medium", "low")}
    started = time.perf_counter()
    for source in layer.sources.itertuples():
        if source.source_id not in found:
            print(f"{source.source_id:<14} text not found in {folder}: skipped")
            continue
        text = nfc(found[source.source_id].read_text(encoding="utf-8"))
        raw = layer.figures[layer.figures["source_id"] == source.source_id]
        reference = layer.figures[layer.figures["source_id"] != source.source_id]
        if args.no_reference:
            reference = reference.iloc[0:0]
        draft = extract(text, number_format=source.number_format, layer=layer, source_id=source.source_id,
                        published=pd.Timestamp(source.published), reference=reference)
        r = evaluate(text, raw, draft)
        conf = r["confidence"]
        for key in ("raw", "candidates", "found", "matching", "top1", "top3", "filled", "filled_found", "filled_right"):
            totals[key] += r[key]
        for key in ("high", "medium", "low"):
            totals[key] += conf.get(key, 0)
        for column in COMPARED:
            same[column] += r["same"][column]
        for level, (n, right) in r["calibration"].items():
            calibration[level][0] += n
            calibration[level][1] += right
        print(f"{source.source_id:<14} {r['raw']:>4} {r['candidates']:>5} {r['found']:>6} "
              f"{pct(r['found'], r['raw']):>8} {pct(r['matching'], r['candidates']):>10} "
              f"{pct(r['top1'], r['found']):>8} {pct(r['top3'], r['found']):>8}   "
              f"{conf.get('high', 0):>4} / {conf.get('medium', 0):>3} / {conf.get('low', 0):>3}"
              f"{'':>14}{r['filled']:>3} ({r['filled_right']}/{r['filled_found']} found)")
        details.append((source.source_id, r))
    elapsed = time.perf_counter() - started
    t = totals
    print("-" * len(header))
    print(f"{'total':<14} {t['raw']:>4} {t['candidates']:>5} {t['found']:>6} {pct(t['found'], t['raw']):>8} "
          f"{pct(t['matching'], t['candidates']):>10} {pct(t['top1'], t['found']):>8} {pct(t['top3'], t['found']):>8}   "
          f"{t['high']:>4} / {t['medium']:>3} / {t['low']:>3}{'':>14}{t['filled']:>3} "
          f"({t['filled_right']}/{t['filled_found']} found)")
    print(f"\ngoals: recall ≥ 95 %, precision ≥ 85 %, top-3 ≥ 80 %   ({elapsed:.1f} s for {len(details)} articles)")
    right = t["filled_right"] / t["filled_found"] if t["filled_found"] else float("nan")
    print(f"indicator_id filled on {t['filled_found']} of {t['found']} found figures, right on {100 * right:.1f} % of them")
    print("Top-1 right by confidence, on the found figures: " + "   ".join(
        f"{level} {right}/{n}" for level, (n, right) in calibration.items()))
    print("\nOther columns on the found figures (the candidate's cell equals the raw one after whitespace folding):")
    print("  " + "   ".join(f"{c.replace('_as_written', '')} {pct(same[c], t['found']).strip()}" for c in COMPARED))
    if args.details:
        for source_id, r in details:
            print(f"\n== {source_id}")
            for row in r["missed"].itertuples():
                print(f"  missed   {row.figure_id}: {row.value_as_written!r} in {row.locator!r}")
            for row in r["extra"].itertuples():
                print(f"  extra    {row.value_as_written!r} {row.unit_as_written!r} in {row.locator!r}")
            for figure_id, expected, ranked in r["wrong"]:
                print(f"  indicator {figure_id}: coded {expected}, proposed {', '.join(ranked) or 'none'}")
            for figure_id, column, coded, proposed in r["differ"]:
                print(f"  {column.replace('_as_written', '')} {figure_id}: coded {coded!r}, proposed {proposed!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
