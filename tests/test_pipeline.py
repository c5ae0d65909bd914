"""make report's pipeline: which steps are stale, in which order, and what a no-op does."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analysis import paths
from analysis.run.pipeline import Step, is_stale, report_key, steps


def test_the_steps_form_a_dag_with_a_step_per_report_language():
    order = steps("Bắc Kạn", ["en", "vi"])
    names = [s.name for s in order]
    assert names == ["validate", "01_clean", "00_extract", "02_growth", "03_report", "report.Bắc_Kạn.en",
                     "report.Bắc_Kạn.vi"]
    for position, step in enumerate(order):  # what a step needs comes before it
        assert set(step.after) <= set(names[:position]), step.name
    needs = {s.name: set(s.after) for s in order}
    assert needs["00_extract"] == {"validate"} and needs["01_clean"] == {"validate"}  # side by side
    assert needs["report.Bắc_Kạn.vi"] == {"02_growth"}  # another language: beside the committed notebook
    assert needs["report.Bắc_Kạn.en"] == {"02_growth", "03_report"}  # the committed notebook's language
    assert report_key("Bến Tre", "vi") == "report.Bến_Tre.vi"


def test_a_step_starts_only_after_what_it_needs_and_a_failure_stops_what_needs_it(monkeypatch, tmp_path):
    import threading
    import time

    from analysis.run import pipeline

    monkeypatch.setattr(pipeline, "BUILD", tmp_path)
    monkeypatch.setattr(pipeline, "is_stale", lambda *a, **k: True)
    monkeypatch.setattr(pipeline, "summary", lambda: "")
    monkeypatch.setattr(pipeline, "notebook_of", lambda *a: None)  # no kernels for a fake run
    events, lock = [], threading.Lock()

    def fake(step, province, langs, kernel=None):
        with lock:
            events.append(("start", step.name))
        time.sleep(0.05)
        with lock:
            events.append(("end", step.name))
        return 1 if step.name == fail else 0

    monkeypatch.setattr(pipeline, "run_step", fake)
    order = steps("Bắc Kạn", ["en", "vi"])
    for fail in ("", "02_growth"):
        events.clear()
        code = pipeline.run("Bắc Kạn", ["en", "vi"])
        started = [name for kind, name in events if kind == "start"]
        for step in order:
            if step.name in started:
                begin = events.index(("start", step.name))
                assert all(events.index(("end", need)) < begin for need in step.after), step.name
        if fail:
            assert code == 1 and not {"03_report", "report.Bắc_Kạn.en", "report.Bắc_Kạn.vi"} & set(started)
        else:
            assert code == 0 and set(started) == {s.name for s in order}


def test_staleness(tmp_path):
    from analysis.run.pipeline import fingerprint

    raw, notebook, stamp, earlier_stamp = (tmp_path / n for n in ("raw.csv", "nb.ipynb", "s.stamp", "e.stamp"))
    step = Step("s", ("e",), (notebook,), stamp)
    earlier = Step("e", (), (), earlier_stamp)
    raw.write_text("a\n1\n")
    notebook.write_text('{"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}]}')
    earlier_stamp.write_text("e1\n")

    def built() -> None:
        stamp.write_text(fingerprint(step, [raw], [earlier]) + "\n")

    assert is_stale(step, [raw], [earlier], needed_ran=False)  # never built
    built()
    assert not is_stale(step, [raw], [earlier], needed_ran=False)  # built from what is there
    assert is_stale(step, [raw], [earlier], needed_ran=True)  # a step it needs ran now
    notebook.write_text('{"cells": [{"cell_type": "code", "source": "x = 2", "metadata": {}, "outputs": []}]}')
    assert is_stale(step, [raw], [earlier], needed_ran=False)  # its notebook's code changed
    built()
    notebook.write_text('{"cells": [{"cell_type": "code", "source": "x = 2", "metadata": {}, "outputs": [1]}]}')
    assert not is_stale(step, [raw], [earlier], needed_ran=False)  # only its outputs: another step's work
    earlier_stamp.write_text("e2\n")
    assert is_stale(step, [raw], [earlier], needed_ran=False)  # a step it needs ran in another call
    built()
    raw.write_text("a\n2\n")
    assert is_stale(step, [raw], [earlier], needed_ran=False)  # the raw data changed


def test_a_no_op_imports_nothing_heavy(tmp_path):
    # with every stamp newer than every input, the pipeline must answer without importing pandas
    code = ("import sys; from analysis.run import pipeline; "
            "pipeline.is_stale = lambda *a, **k: False; pipeline.run('Bắc Kạn', ['en']); "
            "print('pandas' in sys.modules, 'papermill' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "nothing to do" in out.stdout
    assert out.stdout.strip().endswith("False False")
    assert paths.PROJECT_ROOT.exists()


def test_a_stale_step_after_up_to_date_ones_runs_with_what_needs_it(monkeypatch, tmp_path):
    """Only 02 changed: validate and 01 are skipped, 02 runs, and so do the reports that need it."""
    from analysis.run import pipeline

    monkeypatch.setattr(pipeline, "BUILD", tmp_path)
    monkeypatch.setattr(pipeline, "summary", lambda: "")
    monkeypatch.setattr(pipeline, "notebook_of", lambda *a: None)
    monkeypatch.setattr(pipeline, "is_stale", lambda step, common, needed, needed_ran: needed_ran
                        or step.name == "02_growth")
    started = []
    monkeypatch.setattr(pipeline, "run_step", lambda step, *a, **k: started.append(step.name) or 0)
    assert pipeline.run("Bắc Kạn", ["en", "vi"]) == 0
    assert set(started) == {"02_growth", "03_report", "report.Bắc_Kạn.en", "report.Bắc_Kạn.vi"}


def test_a_missing_output_makes_its_step_stale(tmp_path):
    from analysis.run.pipeline import fingerprint

    built = tmp_path / "s.stamp"
    output = tmp_path / "growth.csv"
    step = Step("s", (), (), built, outputs=(output,))
    output.write_text("x")
    built.write_text(fingerprint(step, [], []))
    output.unlink()
    assert is_stale(step, [], [], needed_ran=False)  # the output was deleted: rebuild it
    output.write_text("x")
    assert not is_stale(step, [], [], needed_ran=False)


def test_two_runs_at_once_wait_for_each_other(tmp_path, monkeypatch):
    import fcntl
    import threading

    from analysis.run import pipeline

    monkeypatch.setattr(pipeline, "BUILD", tmp_path)
    calls = []
    monkeypatch.setattr(pipeline, "_run", lambda province, langs: calls.append(province) or 0)
    with open(tmp_path / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = threading.Thread(target=pipeline.run, args=("Bắc Kạn", ["en"]))
        second.start()
        second.join(timeout=0.5)
        assert second.is_alive() and calls == []  # waits while the first run holds the lock
    second.join(timeout=5)
    assert calls == ["Bắc Kạn"]


def test_staleness_follows_content_not_file_times(tmp_path):
    """An input edited under an old file time, an output truncated, a chart deleted: each makes the step
    stale; a file touched without change does not (doit and DVC compare hashes, not clocks)."""
    import os

    from analysis.run.pipeline import Step, fingerprint, is_stale

    raw, out, charts = tmp_path / "raw.csv", tmp_path / "out.csv", tmp_path / "figures"
    raw.write_text("a,b\n1,2\n")
    out.write_text("x\n1\n")
    charts.mkdir()
    (charts / "one_en.png").write_bytes(b"png")
    step = Step("s", stamp=tmp_path / "s.stamp", outputs=(out,), output_globs=((charts, "*_en.*"),))

    def stamp() -> None:
        step.stamp.write_text(fingerprint(step, [raw], []) + "\n")

    stamp()
    assert not is_stale(step, [raw], [], False)
    os.utime(raw, (0, 0))  # touched: same content
    assert not is_stale(step, [raw], [], False)
    raw.write_text("a,b\n1,3\n")
    os.utime(raw, (0, 0))  # edited, with a file time older than the stamp
    assert is_stale(step, [raw], [], False)
    stamp()
    out.write_text("x\n")  # truncated output
    assert is_stale(step, [raw], [], False)
    out.write_text("x\n1\n")
    assert not is_stale(step, [raw], [], False)
    (charts / "one_en.png").unlink()  # a chart deleted
    assert is_stale(step, [raw], [], False)


def test_the_committed_reports_are_those_make_report_builds():
    # a report built for another province (make report PROVINCE=…) is the researcher's own: committed, it
    # would go stale unseen, since make report never rebuilds it
    from analysis.run.pipeline import default_parameter, place_id

    if not (paths.PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout: which reports are committed cannot be told")
    report = paths.NOTEBOOKS / "03_report.ipynb"
    place = place_id(default_parameter(report, "province"))
    committed = subprocess.run(["git", "ls-files", "reports"], capture_output=True, text=True, check=True,
                               cwd=paths.PROJECT_ROOT).stdout.split()
    others = sorted(f for f in committed if not (f.startswith(f"reports/figures/{place}/")
                                                 or f in (f"reports/{place}.pdf", f"reports/{place}.vi.pdf")))
    assert not others, (f"{others} are not built by make report (its report is {place}'s): "
                        "`git rm` them, or make them a step of the pipeline")
