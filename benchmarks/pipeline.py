"""How long does the whole pipeline take, and how close is it to the floor?

Times, each as the median of several runs (warm .venv, this checkout):

(a) ``make report`` from clean outputs (stamps removed: every step runs);
(b) the floor: the same analysis as one plain Python process calling the package (clean, growth,
    targets, checks, the report figures in both languages, both PDFs), writing to a temporary
    folder;
(c) a no-op ``make report`` (everything up to date);
(d) ``make test``.

Goals on the 2-core reference machine: (a) ≤ 10 s, (a)/(b) ≤ 3, (c) ≤ 0.5 s, (d) ≤ 60 s. Usage::

    .venv/bin/python benchmarks/pipeline.py [--runs 3] [--test-runs 2]
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
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def floor(out: Path) -> None:
    """The whole analysis in this process: what the notebooks do, without kernels or papermill."""
    from analysis.checks import consistency_checks
    from analysis.clean import clean, read_clean, write
    from analysis.growth import growth_table
    from analysis.labels import text
    from analysis.pdf import notebook_to_pdf
    from analysis.rawdata import load_raw_layer
    from analysis.report import ReportInputs, report_for
    from analysis.tables import write_tables
    from analysis.targets import target_progress

    import nbformat
    from IPython.display import Markdown

    layer = load_raw_layer()
    result = clean(layer)
    write(result, out)
    figures = read_clean(out)
    growth = growth_table(figures, layer.indicators)
    targets = target_progress(figures, layer.indicators)
    checks = consistency_checks(figures, growth, layer.relations, result.rejected)
    write_tables({"growth.csv": growth, "targets.csv": targets, "checks.csv": checks}, out)
    inputs = ReportInputs(figures, growth, targets, checks)
    for lang in ("en", "vi"):
        report = report_for(layer, inputs, "Bắc Kạn", lang, out / "figures")
        saved = report.save_figures()
        # the PDF from the same blocks the notebook displays, as a notebook of outputs
        cells = []
        for block in [Markdown(report.heading()), Markdown(report.section("section_figures")),
                      *report.figure_blocks(saved), Markdown(report.targets_table()),
                      Markdown(report.checks_table()), Markdown(report.sources_table())]:
            bundle = ({"text/markdown": block.data} if isinstance(block, Markdown)
                      else {"image/png": base64.b64encode(block.data).decode()})
            cells.append(nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=bundle)]))
        notebook = nbformat.v4.new_notebook(cells=cells)
        path = out / f"floor.{lang}.ipynb"
        nbformat.write(notebook, str(path))
        notebook_to_pdf(path, out / f"bac-kan.{lang}.pdf", text("report_title", lang, province="Bắc Kạn"), lang)


def median_of(runs: int, step) -> tuple[float, list[float]]:
    times = [step() for _ in range(runs)]
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--test-runs", type=int, default=2)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(args.floor)
        return

    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(["make", "venv"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}")

    def full_report() -> float:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
        return timed(["make", "report"])

    def floor_run() -> float:
        with tempfile.TemporaryDirectory() as scratch:
            return timed([python, __file__, "--floor", scratch])

    a, a_all = median_of(args.runs, full_report)
    b, b_all = median_of(args.runs, floor_run)
    c, c_all = median_of(args.runs, lambda: timed(["make", "report"]))
    d, d_all = median_of(args.test_runs, lambda: timed(["make", "test"]))

    def show(label: str, value: float, runs: list[float], goal: str, met: bool) -> None:
        each = ", ".join(f"{r:.2f}" for r in runs)
        print(f"{label:<46} {value:8.2f} s   (runs: {each}; goal {goal}: {'met' if met else 'missed'})")

    show("(a) make report from clean outputs", a, a_all, "≤ 10 s", a <= 10)
    show("(b) one plain Python process (the floor)", b, b_all, "—", True)
    print(f"{'(a)/(b)':<46} {a / b:8.2f}     (goal ≤ 3: {'met' if a / b <= 3 else 'missed'})")
    show("(c) no-op make report", c, c_all, "≤ 0.5 s", c <= 0.5)
    show("(d) make test", d, d_all, "≤ 60 s", d <= 60)


if __name__ == "__main__":
    sys.exit(main())
