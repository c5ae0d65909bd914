"""``make report`` in one process: run only the stale steps, in order, and say what ran.

Each step has a stamp in build/ (not committed). A step is stale when its stamp is missing, when
one of its outputs is missing, when one of its inputs (the raw data, the package, the pinned venv,
its notebook) is newer than the stamp, or when a step it needs ran. One run at a time: a second
``make report`` waits for the first (a lock in build/), so two runs never write the same files. Running every notebook with papermill's API in this one
process, rather than one command per notebook, saves the 2–3 s that each new Python process
spends importing papermill and nbformat (see benchmarks/README.md).

The staleness check imports nothing heavy, so a run with nothing to do takes a few tens of
milliseconds.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths

BUILD = paths.PROJECT_ROOT / "build"
VENV_STAMP = paths.PROJECT_ROOT / ".venv" / ".installed"


@dataclass(frozen=True)
class Step:
    """One step of the pipeline: its name, the steps it needs, the files it reads beyond the common ones."""

    name: str
    after: tuple[str, ...] = ()
    inputs: tuple[Path, ...] = ()
    stamp: Path = field(default=Path())
    #: Files the step writes: one missing makes the step stale (deleting an output rebuilds it).
    outputs: tuple[Path, ...] = ()
    #: Folders and patterns of files the step writes whose names depend on the data (the charts):
    #: their set and contents are part of the step's fingerprint.
    output_globs: tuple[tuple[Path, str], ...] = ()

    @property
    def stamp_path(self) -> Path:
        return self.stamp if self.stamp != Path() else BUILD / f"{self.name}.stamp"


def common_inputs() -> list[Path]:
    """What every step depends on: the raw data, the package's code, the installed pins."""
    found = sorted(paths.RAW.glob("*.csv")) + sorted((paths.PROJECT_ROOT / "src" / "analysis").rglob("*.py"))
    return found + ([VENV_STAMP] if VENV_STAMP.exists() else [])


def report_key(province: str, lang: str) -> str:
    """The step (and stamp) name of one report language: ``report.Bắc_Kạn.vi``."""
    place = re.sub(r"\W+", "_", province, flags=re.UNICODE).strip("_")
    return f"report.{place}.{lang}"


def default_parameter(notebook: Path, name: str) -> str:
    """The default of parameter ``name`` in a notebook's parameters cell, or '' (read without papermill)."""
    import ast
    import json

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
            return ast.literal_eval(node.value)
    return ""


def steps(province: str, langs: list[str]) -> list[Step]:
    """The steps and what each needs: a DAG, run in this order where one step waits for another.

    The extraction review (00) needs only the raw data, so it runs beside cleaning. Each report
    language is a step of its own that ends with its PDF: a language other than the committed
    notebook's runs its own notebook beside 03_report; the committed one's waits for 03_report.
    """
    notebooks = paths.NOTEBOOKS
    report = notebooks / "03_report.ipynb"
    committed = default_parameter(report, "lang")
    place = place_id(province)
    processed = paths.PROCESSED
    languages = [Step(report_key(province, lang), ("02_growth", "03_report") if lang == committed else ("02_growth",),
                      (report,), outputs=(paths.REPORTS / f"{place}{'' if lang == 'en' else '.' + lang}.pdf",)
                      if place else (),
                      output_globs=((paths.FIGURES / place, f"*_{lang}.*"),) if place and lang != committed else ())
                 for lang in langs]
    return [
        Step("validate"),
        Step("01_clean", ("validate",), (notebooks / "01_clean.ipynb",),  # first: the others wait for it
             outputs=(processed / "figures.csv", processed / "rejected.csv")),
        Step("00_extract", ("validate",), (notebooks / "00_extract.ipynb",)),
        Step("02_growth", ("01_clean",), (notebooks / "02_growth.ipynb",),
             outputs=tuple(processed / f"{name}.csv" for name in ("growth", "targets", "checks", "series"))),
        # the committed report notebook draws its default place's charts in its language
        Step("03_report", ("02_growth",), (report,),
             output_globs=((paths.FIGURES / place_id(default_parameter(report, "province")), f"*_{committed}.*"),)),
        *languages,
    ]


def place_id(name: str) -> str:
    """The province_id a report's place name gives (name_vi, name_en, id or alias, without tone marks or
    case), read from data/raw/provinces.csv without pandas; '' where none matches (the step then fails
    with the list of names)."""
    import csv

    from analysis.core.text import bare as key

    try:
        with open(paths.RAW / "provinces.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names = [row["province_id"], row["name_vi"], row["name_en"], *row.get("aliases", "").split(";")]
                if key(name) in {key(n) for n in names if n.strip()}:
                    return row["province_id"]
    except (OSError, KeyError):
        pass
    return ""


def is_stale(step: Step, common: list[Path], needed: list[Step], needed_ran: bool) -> bool:
    """Stale: never built, an output missing, a step it needs ran now, or the content of what it read
    or wrote differs from what its stamp recorded (an input edited, even with an old file time; an
    output truncated, edited or deleted; a chart gone)."""
    stamp = step.stamp_path
    if needed_ran or not stamp.exists() or not all(p.exists() for p in step.outputs):
        return True
    return stamp.read_text(encoding="utf-8").strip() != fingerprint(step, common, needed)


def fingerprint(step: Step, common: list[Path], needed: list[Step]) -> str:
    """SHA-256 of the contents of what ``step`` reads and writes, and of the stamps of the steps it needs.

    Content, not file times (as doit and DVC do): a copy, a checkout or a clock does not make a step
    stale, and a damaged output does.
    """
    import hashlib

    files = [*common, *step.outputs, *(e.stamp_path for e in needed)]
    for folder, pattern in step.output_globs:
        files += sorted(folder.glob(pattern)) + [folder]  # the folder itself: an empty set is a state too
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path}\0".encode())
        digest.update(_content_hash(path))
    for notebook in step.inputs:  # a notebook as an input is its code: its outputs are another step's
        digest.update(f"{notebook}\0".encode())
        digest.update(_code_hash(notebook))
    return digest.hexdigest()


def _content_hash(path: Path) -> bytes:
    import hashlib

    if path.is_file():
        return hashlib.sha256(path.read_bytes()).digest()
    return b"folder" if path.is_dir() else b"missing"


def _code_hash(notebook: Path) -> bytes:
    """The hash of a notebook's cells without their outputs (the whole file where it is not JSON)."""
    import hashlib
    import json

    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = json.dumps([[c["cell_type"], "".join(c["source"]), c.get("metadata", {})] for c in cells],
                          sort_keys=True)
    except (OSError, ValueError, KeyError, TypeError):
        return _content_hash(notebook)
    return hashlib.sha256(code.encode()).digest()


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
    from analysis.ingest import articles
    from analysis.run.actions import notebook_defaults
    from analysis.ingest.rawdata import load_raw_layer

    source_id = notebook_defaults(notebook).get("source_id")
    if not source_id or source_id in articles.available_articles(load_raw_layer().sources):
        return None
    return f"the text of {source_id} is not in the sources folders (${paths.SOURCES_ENV})"


#: Steps run at once at most (the reference machine has 2 cores; a notebook run is one kernel process).
WORKERS = max(1, min(2, os.cpu_count() or 1))


#: Modules a notebook's kernel loads ahead besides the notebook's own imports: what they import later.
WARM_EXTRA = {"03_report.ipynb": "import analysis.report.plots"}  # the report draws its charts with it


def notebook_of(step: Step, province: str, langs: list[str]) -> Path | None:
    """The notebook ``step`` executes (and so the kernel it needs), or None: validation, a skipped
    notebook whose article text is not here, or the committed report language (03_report runs it)."""
    if step.name == "validate":
        return None
    if step.name.startswith("report."):
        from analysis.run.actions import report_target

        lang = next(lang for lang in langs if step.name == report_key(province, lang))
        report = paths.NOTEBOOKS / "03_report.ipynb"
        try:
            return None if report_target(province, lang)[2] == report else report
        except ValueError:
            return None  # an unknown province: the step fails with the message, no kernel needed
    notebook = paths.NOTEBOOKS / f"{step.name}.ipynb"
    return notebook if notebook.exists() and missing_text(notebook) is None else None


def run_step(step: Step, province: str, langs: list[str], kernel=None) -> int:
    """Run one step (a notebook on ``kernel`` if one was started for it); 0 on success, SKIPPED where it
    cannot run on this machine."""
    from analysis.run.actions import report_language, run_notebook, validate

    if step.name == "validate":
        return validate(paths.RAW, parse=False)  # 01_clean shows the rows cleaning rejects
    if step.name.startswith("report."):
        lang = next(lang for lang in langs if step.name == report_key(province, lang))
        return report_language(province, lang, kernel)
    notebook = paths.NOTEBOOKS / f"{step.name}.ipynb"
    if notebook.exists() and (why := missing_text(notebook)):
        print(f"report: step {step.name} skipped: {why}")
        return SKIPPED
    return run_notebook(notebook, None, {}, kernel)


def plan(order: list[Step], common: list[Path]) -> list[Step]:
    """The steps a run will execute if none fails: stale ones, and every step that needs one of them."""
    will: set[str] = set()
    for step in order:
        needed = [s for s in order if s.name in step.after]
        if is_stale(step, common, needed, any(n in will for n in step.after)):
            will.add(step.name)
    return [s for s in order if s.name in will]


def run(province: str, langs: list[str]) -> int:
    """Run the stale steps, each once the steps it needs are done, two at a time; report what ran.

    Holds build/.lock for the whole run: a second run at the same time waits, then finds its steps done.
    """
    import fcntl

    if not place_id(province):  # the report step would fail last: say so before any step runs
        from analysis.run.actions import report_target

        try:
            report_target(province, langs[0] if langs else "en")
        except ValueError as err:
            print(f"report: {err}", file=sys.stderr)
            return 1
    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("report: another make report is running here; waiting for it to finish", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        return _run(province, langs)


def _run(province: str, langs: list[str]) -> int:
    """Start the fork servers and the kernels the planned steps need, run the steps, always stop them."""
    common = common_inputs()
    order = steps(province, langs)
    by_name = {step.name: step for step in order}
    pool = None
    planned = plan(order, common)
    if any(s.name != "validate" for s in planned):  # kernels start now, beside validation and earlier steps
        from analysis.run.forkserver import start_servers
        from analysis.run.notebooks import KernelPool, imports_of, kernel_name

        project = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
        preloads = {nb.name: imports_of(nb) + "\n" + WARM_EXTRA.get(nb.name, "") for nb in project}
        # First of all, a fork server per kernelspec imports what every notebook imports: the rest
        # of the planning (reading the raw layer) and validation happen while it does.
        servers = start_servers({kernel_name(nb) for nb in project}, "\n".join(dict.fromkeys(
            "\n".join(preloads.values()).splitlines())), paths.PROJECT_ROOT)
        pool = KernelPool(WORKERS, servers)
    try:
        for step in planned if pool is not None else []:
            if (notebook := _warm_notebook(step, province, langs)) is not None:
                pool.warm(step.name, notebook, preloads.get(notebook.name))
        return _schedule(order, by_name, common, lambda step: timed(step, pool, province, langs), {}, set(),
                         list(order))
    finally:
        if pool is not None:
            pool.close()


def _warm_notebook(step: Step, province: str, langs: list[str]) -> Path | None:
    """:func:`notebook_of`, or None where the raw layer cannot be read: validation then says why, in one message."""
    from analysis.core.errors import DataError

    try:
        return notebook_of(step, province, langs)
    except DataError:
        return None


def timed(step: Step, pool, province: str, langs: list[str]) -> tuple[int, float]:
    """Run ``step`` on the kernel warmed for it (if any); its exit code and seconds."""
    start = time.perf_counter()
    kernel = pool.take(step.name) if pool is not None else None
    return run_step(step, province, langs, kernel=kernel), time.perf_counter() - start


def _schedule(order, by_name, common, timed, ran, finished, pending) -> int:
    """Start each pending step once what it needs has finished, up to :data:`WORKERS` at a time."""
    from concurrent.futures import ThreadPoolExecutor, wait

    from analysis.run import interrupt

    failed: str | None = None
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        running: dict = {}
        try:
            failed = _loop(order, by_name, common, timed, ran, finished, pending, pool, running)
        except KeyboardInterrupt:  # Ctrl-C: no step starts, the running ones stop (their kernels interrupted)
            interrupt.stop_all()
            for future in running:
                future.cancel()
            interrupt.wind_down(lambda seconds: wait(running, timeout=seconds))
            raise
    if failed:
        return 1
    if ran:
        print("report: ran " + ", ".join(f"{name} ({seconds:.1f} s)" for name, seconds in ran.items()))
        print(summary())
    else:
        print("report: nothing to do, every output is up to date (make clean-stamps to rebuild)")
    return 0


def _loop(order, by_name, common, timed, ran, finished, pending, pool, running) -> str | None:
    """The scheduling loop of :func:`_schedule`; the name of the step that failed, or None. The main thread
    waits a tenth of a second at a time, so Ctrl-C is seen at once (see analysis.run.interrupt)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from analysis.run.interrupt import POLL

    failed: str | None = None
    while True:
        ready = True
        while ready:  # a step found up to date makes the steps that need it ready at once
            ready = [s for s in pending if failed is None and all(n in finished for n in s.after)]
            for step in ready:
                pending.remove(step)
                needed = [by_name[n] for n in step.after]
                if is_stale(step, common, needed, any(n in ran for n in step.after)):
                    running[pool.submit(timed, step)] = step
                else:
                    finished.add(step.name)
        if not running:
            break
        done, _ = wait(running, timeout=POLL, return_when=FIRST_COMPLETED)
        for future in done:
            step = running.pop(future)
            code, seconds = future.result()
            if code == SKIPPED:
                finished.add(step.name)  # not stamped: tried again next time
            elif code:
                print(f"report: step {step.name} failed; the steps that need it are not run", file=sys.stderr)
                failed = failed or step.name
            else:
                from analysis.core.tables import write_text_atomic  # only once a step ran: a no-op run imports no pandas

                step.stamp_path.parent.mkdir(parents=True, exist_ok=True)
                write_text_atomic(fingerprint(step, common, [by_name[n] for n in step.after]) + "\n",
                                  step.stamp_path)
                ran[step.name] = seconds
                finished.add(step.name)
    return failed
