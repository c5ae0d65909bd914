"""Parameter sweep: the growth notebook runs under papermill for every province in the data, and 'all'."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.core.tables import read_processed
from analysis.ingest.rawdata import load_raw_layer
from analysis.run.notebooks import execute
from helpers import assert_same_as_committed

GROWTH = paths.NOTEBOOKS / "02_growth.ipynb"
# the places the sources are about (a national article's ranking of every province adds places with a
# handful of figures each: the same code paths, not worth a run each)
PROVINCES = sorted(set(load_raw_layer().sources["province"])) + ["all"]


@pytest.mark.parametrize("province", PROVINCES)
def test_growth_notebook_runs_for(province, tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    for name in ("figures.csv", "rejected.csv"):
        (out / name).write_bytes((paths.PROCESSED / name).read_bytes())
    saved = execute(GROWTH, tmp_path / "growth.ipynb", {"province": province, "processed_dir": str(out)})
    text = saved.read_text(encoding="utf-8")
    assert '"output_type": "error"' not in text
    if province == "all":
        assert f"showing {', '.join(sorted(set(read_processed('figures')['province_id'])))};" in text
    for name in ("growth.csv", "targets.csv", "checks.csv"):
        assert_same_as_committed(out / name, paths.PROCESSED / name)


def test_every_province_of_the_sources_is_swept():
    assert set(PROVINCES) - {"all"} == set(load_raw_layer().sources["province"])
