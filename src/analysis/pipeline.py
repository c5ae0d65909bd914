"""``make report`` in one process: run only the stale steps, in order, and say what ran.

Each step has a stamp in build/ (not committed). A step is stale when its stamp is missing, when
one of its inputs (the raw data, the package, the pinned venv, its notebook) is newer than the
stamp, or when a step before it ran. Running every notebook with papermill's API in this one
process, rather than one command per notebook, saves the 2–3 s that each new Python process
spends importing papermill and nbformat (see benchmarks/README.md).

The staleness check imports nothing heavy, so a run with nothing to do takes a few tens of
milliseconds.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

BUILD = paths.PROJECT_ROOT / "build"
VENV_STAMP = paths.PROJECT_ROOT / ".venv" / ".installed"


@dataclass(frozen=True)
class Step:
    """One step of the pipeline: its name, the files it reads beyond the common ones, and its stamp."""

    name: str
    inputs: tuple[Path, ...] = ()
    stamp: Path = field(default=Path())

    @property
    def stamp_path(self) -> Path:
        return self.stamp if self.stamp != Path() else BUILD / f"{self.name}.stamp"


def common_inputs() -> list[Path]:
    """What every step depends on: the raw data, the package's code, the installed pins."""
    found = sorted(paths.RAW.glob("*.csv")) + sorted((paths.PROJECT_ROOT / "src" / "analysis").glob("*.py"))
    return found + ([VENV_STAMP] if VENV_STAMP.exists() else [])


def pdf_key(province: str, langs: list[str]) -> str:
    """A file-name-safe key for a PDF step: one stamp per province and set of languages."""
    return re.sub(r"\W+", "_", f"{province}.{'_'.join(langs)}", flags=re.UNICODE).strip("_")


def steps(province: str, langs: list[str]) -> list[Step]:
    notebooks = paths.NOTEBOOKS
    return [
        Step("validate"),
        Step("00_extract", (notebooks / "00_extract.ipynb",)),
        Step("01_clean", (notebooks / "01_clean.ipynb",)),
        Step("02_growth", (notebooks / "02_growth.ipynb",)),
        Step("03_report", (notebooks / "03_report.ipynb",)),
        Step(f"pdf.{pdf_key(province, langs)}"),
    ]


def is_stale(step: Step, common: list[Path], earlier: list[Step], earlier_ran: bool) -> bool:
    """Stale: never built, an earlier step ran now, or an input or an earlier step's stamp is newer."""
    stamp = step.stamp_path
    if earlier_ran or not stamp.exists():
        return True
    built = stamp.stat().st_mtime_ns
    newer = (*common, *step.inputs, *(e.stamp_path for e in earlier))
    return any(p.stat().st_mtime_ns > built for p in newer if p.exists())


def summary() -> str:
    """Row counts of the processed tables (cheap: counts lines, parses nothing)."""
    def rows(name: str) -> int:
        path = paths.PROCESSED / name
        return sum(1 for _ in path.open(encoding="utf-8")) - 1 if path.exists() else 0
    return (f"report: data/processed/: {rows('figures.csv')} clean figures (reported and derived), "
            f"{rows('rejected.csv')} rejected; {rows('series.csv')} series, {rows('growth.csv')} growth rows, "
            f"{rows('targets.csv')} targets, {rows('checks.csv')} checks; figures in reports/figures/, PDFs in reports/")


#: A step that could not run on this machine (an article text absent): not stamped, tried again next time.
SKIPPED = -1


def missing_text(notebook: Path) -> str | None:
    """Why a notebook that reads an article (a ``source_id`` parameter) cannot run here, or None."""
    from . import articles
    from .__main__ import notebook_defaults
    from .rawdata import load_raw_layer

    source_id = notebook_defaults(notebook).get("source_id")
    if not source_id or source_id in articles.available_articles(load_raw_layer().sources):
        return None
    return f"the text of {source_id} is not in the sources folders (${paths.SOURCES_ENV})"


def run_step(step: Step, province: str, langs: list[str]) -> int:
    """Run one step in this process; 0 on success, SKIPPED where it cannot run on this machine."""
    from .__main__ import build_pdfs, run_notebook, validate

    if step.name == "validate":
        return validate(paths.RAW)
    notebook = paths.NOTEBOOKS / f"{step.name}.ipynb"
    if notebook.exists() and (why := missing_text(notebook)):
        print(f"report: step {step.name} skipped: {why}")
        return SKIPPED
    if step.name.startswith("pdf."):
        return build_pdfs(province, langs)
    return run_notebook(paths.NOTEBOOKS / f"{step.name}.ipynb", None, {})


def run(province: str, langs: list[str]) -> int:
    """Run the stale steps in order; report what ran, or that nothing needed to."""
    common = common_inputs()
    ran: list[str] = []
    order = steps(province, langs)
    for position, step in enumerate(order):
        if not is_stale(step, common, order[:position], bool(ran)):
            continue
        start = time.perf_counter()
        code = run_step(step, province, langs)
        if code == SKIPPED:
            continue
        if code:
            print(f"report: step {step.name} failed; later steps not run", file=sys.stderr)
            return code
        step.stamp_path.parent.mkdir(parents=True, exist_ok=True)
        step.stamp_path.touch()
        ran.append(f"{step.name} ({time.perf_counter() - start:.1f} s)")
    if ran:
        print("report: ran " + ", ".join(ran))
        print(summary())
    else:
        print("report: nothing to do, every output is up to date (make clean-stamps to rebuild)")
    return 0
