"""make report's pipeline: which steps are stale, in which order, and what a no-op does."""

from __future__ import annotations

import os
import subprocess
import sys

from analysis import paths
from analysis.pipeline import Step, is_stale, pdf_key, steps


def touch(path, ns: int) -> None:
    path.write_text("x")
    os.utime(path, ns=(ns, ns))


def test_the_steps_run_in_order_and_the_pdf_step_is_per_province_and_languages():
    names = [s.name for s in steps("Bắc Kạn", ["en", "vi"])]
    assert names == ["validate", "00_extract", "01_clean", "02_growth", "03_report", "pdf.Bắc_Kạn_en_vi"]
    assert pdf_key("Bến Tre", ["vi"]) == "Bến_Tre_vi"


def test_staleness(tmp_path):
    raw, notebook, stamp, earlier_stamp = (tmp_path / n for n in ("raw.csv", "nb.ipynb", "s.stamp", "e.stamp"))
    step = Step("s", (notebook,), stamp)
    earlier = Step("e", (), earlier_stamp)
    touch(raw, 1_000)
    touch(notebook, 1_000)
    assert is_stale(step, [raw], [], earlier_ran=False)  # never built
    touch(stamp, 2_000)
    assert not is_stale(step, [raw], [], earlier_ran=False)  # built after its inputs
    assert is_stale(step, [raw], [], earlier_ran=True)  # a step before it ran now
    touch(notebook, 3_000)
    assert is_stale(step, [raw], [], earlier_ran=False)  # its notebook changed
    touch(stamp, 4_000)
    touch(earlier_stamp, 5_000)
    assert is_stale(step, [raw], [earlier], earlier_ran=False)  # an earlier step ran in another call
    touch(stamp, 6_000)
    touch(raw, 7_000)
    assert is_stale(step, [raw], [earlier], earlier_ran=False)  # the raw data changed


def test_a_no_op_imports_nothing_heavy(tmp_path):
    # with every stamp newer than every input, the pipeline must answer without importing pandas
    code = ("import sys; from analysis import pipeline; "
            "pipeline.is_stale = lambda *a, **k: False; pipeline.run('Bắc Kạn', ['en']); "
            "print('pandas' in sys.modules, 'papermill' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "nothing to do" in out.stdout
    assert out.stdout.strip().endswith("False False")
    assert paths.PROJECT_ROOT.exists()
