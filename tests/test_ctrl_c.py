"""Ctrl-C stops any command with one line on stderr and exit code 130; the notebook kernels are shut down
and nothing is half-written."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat

from analysis import paths


def sleeping_notebook(folder: Path) -> tuple[Path, Path]:
    """A notebook whose first cell records its kernel's pid (in ``marker``) and then sleeps a minute."""
    marker = folder / "kernel.pid"
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "vn-dx", "display_name": "Python (vn-dx)", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell(f"import os, pathlib, time\npathlib.Path({str(marker)!r}).write_text(str(os.getpid()))\n"
                                  "time.sleep(60)"),
        nbformat.v4.new_code_cell(f"pathlib.Path({str(folder / 'second-cell-ran')!r}).touch()"),
    ]
    path = folder / "sleep.ipynb"
    nbformat.write(notebook, str(path))
    return path, marker


def interrupt_when(process: subprocess.Popen, marker: Path, timeout: float = 120) -> tuple[str, str, float]:
    """Send SIGINT to ``process`` once ``marker`` exists (the kernel is busy); its stdout, stderr and how long
    it took to exit."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the notebook never started"
        time.sleep(0.1)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    start = time.monotonic()
    out, err = process.communicate(timeout=60)
    return out, err, time.monotonic() - start


def gone(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def assert_one_clean_line(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    assert "Traceback" not in err and "interrupted (Ctrl-C)" in lines[0]


def test_ctrl_c_during_run_stops_the_kernel_with_one_line_and_exit_130(tmp_path: Path):
    notebook, marker = sleeping_notebook(tmp_path)
    output = tmp_path / "out.ipynb"
    process = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(notebook), "-o", str(output)],
                               cwd=paths.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err, seconds = interrupt_when(process, marker)
    assert process.returncode == 130, err
    assert_one_clean_line(err)
    assert seconds < 20, "Ctrl-C must stop the run at once, not when the cell ends"
    assert gone(int(marker.read_text())), "the kernel must be shut down"
    assert not output.exists() and not (tmp_path / "second-cell-ran").exists()


def fake_pipeline(tmp_path: Path, notebook: Path) -> str:
    """A script that runs ``python -m analysis`` as make report does, with the pipeline's steps replaced: 01_clean
    runs the sleeping notebook, the others only log their name to ``tmp_path / "ran"``."""
    return textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from analysis.run import pipeline
        from analysis.__main__ import cli, run_notebook

        pipeline.BUILD = Path({str(tmp_path / 'build')!r})
        pipeline.is_stale = lambda *a, **k: True
        pipeline.notebook_of = lambda *a: None
        ran = Path({str(tmp_path / 'ran')!r})

        def step(step, province, langs, kernel=None):
            with ran.open("a") as log:
                log.write(step.name + "\\n")
            if step.name == "01_clean":
                return run_notebook(Path({str(notebook)!r}), Path({str(tmp_path / 'out.ipynb')!r}), {{}}, kernel)
            return 0

        pipeline.run_step = step
        sys.exit(cli(sys.argv[sys.argv.index("pipeline"):]))
    """)


def test_ctrl_c_during_the_pipeline_stops_every_step_with_one_line_and_exit_130(tmp_path: Path):
    notebook, marker = sleeping_notebook(tmp_path)
    process = subprocess.Popen([sys.executable, "-c", fake_pipeline(tmp_path, notebook), "pipeline", "--province",
                                "Bắc Kạn", "--lang", "en"], cwd=paths.PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    out, err, seconds = interrupt_when(process, marker)
    assert process.returncode == 130, err
    assert_one_clean_line(err)
    assert seconds < 20
    assert gone(int(marker.read_text()))
    ran = (tmp_path / "ran").read_text().split()
    assert "02_growth" not in ran and "03_report" not in ran  # what needs the interrupted step never starts
    assert not list((tmp_path / "build").glob("01_clean.stamp"))  # an interrupted step is not stamped


def test_ctrl_c_during_make_report_is_our_line_and_makes_own(tmp_path: Path):
    notebook, marker = sleeping_notebook(tmp_path)
    script = tmp_path / "pipeline.py"
    script.write_text(fake_pipeline(tmp_path, notebook), encoding="utf-8")
    # as a terminal's Ctrl-C: the signal goes to make and everything it started
    process = subprocess.Popen(["make", "--no-print-directory", "report", f"PY={sys.executable} {script}"],
                               cwd=paths.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.1)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode in (-signal.SIGINT, 130), err  # make dies by SIGINT: the shell says 130
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and lines[0].startswith("report: interrupted (Ctrl-C)"), err
    # make's own status line ("make[1]: …" under another make)
    assert len(lines) <= 2 and all(re.match(r"make(\[\d+\])?: ", line) for line in lines[1:]), err
    assert gone(int(marker.read_text()))


def test_ctrl_c_in_a_command_without_kernels_is_one_line_and_130(tmp_path: Path):
    # validate reads and checks the raw layer: interrupted as soon as it has started
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import os, signal, sys, threading
        from analysis.__main__ import cli
        import analysis.ingest.rawdata as rawdata

        original = rawdata.load_raw_layer
        def slow(*a, **k):
            os.kill(os.getpid(), signal.SIGINT)
            threading.Event().wait(30)
            return original(*a, **k)
        rawdata.load_raw_layer = slow
        sys.exit(cli(["validate"]))
    """)], cwd=paths.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert_one_clean_line(err)
