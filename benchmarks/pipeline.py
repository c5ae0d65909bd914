"""How long does the whole pipeline take, and how close is it to the floor?

Times, each as the median of several runs (warm .venv, this checkout):

(a) ``make report`` from clean outputs (stamps removed: every step runs; the report's charts are
    kept, and each is drawn again only if what it shows changed, as after any code change);
(a') the same with the charts removed too (every chart drawn: a cold start);
(b), (b') the floor: the same work as one plain Python process calling the package (the extraction
    review, clean, growth, targets, checks, the report in both languages with its charts kept or
    drawn, both PDFs), writing to a temporary folder;
(c) a no-op ``make report`` (everything up to date);
(d) ``make test``.

Goals on the 2-core reference machine: (a) ≤ 10 s, (a)/(b) ≤ 1.5, (c) ≤ 0.5 s, (d) ≤ 60 s; the cold
start is measured alongside. Usage::

    .venv/bin/python benchmarks/pipeline.py [--runs 3] [--test-runs 2]

The committed charts are restored from git after the cold runs.
"""

from __future__ import annotations

import argparse
import base64
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env={**os.environ, **(env or {})})
    if run.returncode:
        sys.exit(f"{' '.join(command)} failed ({run.returncode}); its messages:\n{run.stderr.decode(errors='replace')[-4000:]}")
    return time.perf_counter() - start


def floor(out: Path, cold: bool = False) -> None:
    """The whole analysis in this process: what the notebooks do, without kernels or papermill.

    The same work as ``make report``: the extraction review of the 00 notebook's article (when its
    text is here), cleaning, the analysis tables, the report of Bắc Kạn in both languages (its
    charts reuse the saved files whose inputs are unchanged, as the report's do) and both PDFs.
    """
    import json

    from analysis.ingest import articles
    from analysis.clean.figures import clean, write
    from analysis.core.tables import read_processed
    from analysis.intake.extract import extract
    from analysis.report.labels import text
    from analysis.report.pdf import markdown_to_pdf
    from analysis.ingest.rawdata import load_raw_layer
    from analysis.report.province import read_report_inputs, report_for
    from analysis.analyze.results import compute
    from analysis.core.tables import write_tables

    layer = load_raw_layer()
    cells = json.loads((ROOT / "notebooks" / "00_extract.ipynb").read_text(encoding="utf-8"))["cells"]
    source_id = "".join(cells[1]["source"]).split('source_id = "')[1].split('"')[0]
    if source_id in articles.available_articles(layer.sources):
        article = articles.article_text(layer, source_id, "", "")
        extract(article.text, number_format=article.number_format, layer=layer, source_id=source_id,
                published=article.published)
    result = clean(layer)
    write(result, out)
    figures = read_processed("figures", out)
    results = compute(figures, layer, read_processed("rejected", out))
    write_tables(results.files(), out)
    inputs = read_report_inputs(out)  # as the report notebook reads them
    for lang in ("en", "vi"):
        report = report_for(layer, inputs, "Bắc Kạn", lang, out / "figures" if cold else ROOT / "reports" / "figures")
        saved = report.save_figures()
        blocks = [report.heading(), report.section("section_key_findings"), report.key_findings(), "---",
                  report.section("section_figures"),
                  *(f"![]({files['png']}){{width=100%}}" for files in saved.values() if files),
                  report.section("section_targets"), report.targets_table(), report.section("section_checks"),
                  report.checks_table(), report.section("section_sources"), report.sources_table()]
        markdown_to_pdf("\n\n".join(blocks), out / f"bac-kan.{lang}.pdf",
                        text("report_title", lang, province="Bắc Kạn"), lang, media=Path("/"))


def median_of(runs: int, step) -> tuple[float, list[float]]:
    times = [step() for _ in range(runs)]
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--test-runs", type=int, default=2)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(args.floor, args.cold)
        return

    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(["make", "venv"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}")

    def full_report() -> float:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
        return timed(["make", "report"])

    def cold_report() -> float:
        shutil.rmtree(ROOT / "reports" / "figures", ignore_errors=True)
        return full_report()

    def floor_run(cold: bool = False) -> float:
        with tempfile.TemporaryDirectory() as scratch:
            return timed([python, __file__, "--floor", scratch] + (["--cold"] if cold else []))

    a, a_all = median_of(args.runs, full_report)
    b, b_all = median_of(args.runs, floor_run)
    try:
        a2, a2_all = median_of(args.runs, cold_report)
    finally:
        subprocess.run(["git", "checkout", "--", "reports"], cwd=ROOT, check=True)
    b2, b2_all = median_of(args.runs, lambda: floor_run(cold=True))
    c, c_all = median_of(args.runs, lambda: timed(["make", "report"]))
    d, d_all = median_of(args.test_runs, lambda: timed(["make", "test"])) if args.test_runs else (None, [])

    def show(label: str, value: float, runs: list[float], goal: str, met: bool) -> None:
        each = ", ".join(f"{r:.2f}" for r in runs)
        print(f"{label:<46} {value:8.2f} s   (runs: {each}; goal {goal}: {'met' if met else 'missed'})")

    show("(a) make report from clean outputs", a, a_all, "≤ 10 s", a <= 10)
    show("(b) one plain Python process (the floor)", b, b_all, "—", True)
    print(f"{'(a)/(b)':<46} {a / b:8.2f}     (goal ≤ 1.5: {'met' if a / b <= 1.5 else 'missed'})")
    show("(a') the same, every chart drawn (cold)", a2, a2_all, "≤ 10 s", a2 <= 10)
    show("(b') the floor, every chart drawn", b2, b2_all, "—", True)
    print(f"{chr(40) + 'a' + chr(39) + ')/(b' + chr(39) + ')':<46} {a2 / b2:8.2f}     "
          f"(goal ≤ 1.5: {'met' if a2 / b2 <= 1.5 else 'missed'})")
    show("(c) no-op make report", c, c_all, "≤ 0.5 s", c <= 0.5)
    if d is not None:
        show("(d) make test", d, d_all, "≤ 60 s", d <= 60)


if __name__ == "__main__":
    sys.exit(main())
