"""Parameter sweep: the report notebook runs under papermill for every province and both languages."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.ingest.rawdata import load_raw_layer
from analysis.report.labels import LANGS, text
from analysis.run.forkserver import start_servers
from analysis.run.notebooks import execute, imports_of, kernel_name, start_kernel

REPORT = paths.NOTEBOOKS / "03_report.ipynb"
PROVINCES = sorted(set(load_raw_layer().sources["province"]))
IMPORTS = imports_of(REPORT) + "\nimport analysis.report.plots"


@pytest.fixture(scope="module")
def fork_server():
    """Kernels forked from one process that imported the report's modules, as ``make report`` starts them."""
    servers = start_servers({kernel_name(REPORT)}, IMPORTS, paths.PROJECT_ROOT)
    yield servers[kernel_name(REPORT)]
    for server in servers.values():
        if server is not None:
            server.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("province", PROVINCES)
def test_report_notebook_runs_for(province, lang, tmp_path, fork_server, layer):
    from analysis.report import plots
    from analysis.report.province import read_report_inputs, report_for

    saved = execute(REPORT, tmp_path / "report.ipynb",
                    {"province": province, "lang": lang, "figures_dir": str(tmp_path / "figures")},
                    kernel=start_kernel(kernel_name(REPORT), IMPORTS, fork_server))
    notebook = saved.read_text(encoding="utf-8")
    assert '"output_type": "error"' not in notebook
    assert text("report_title", lang, province=province) in notebook
    # every chart with something to show, and only those (a place with a few figures may have none)
    data = report_for(layer, read_report_inputs(), province, lang, tmp_path / "figures").chart_data()
    expected = {f"{c.name}_{lang}.png" for c in plots.CHARTS if not c.select(data).empty}
    assert {p.name for p in (tmp_path / "figures").glob(f"*/*_{lang}.png")} == expected


@pytest.mark.parametrize(("name", "value", "message"), [
    ("province", "Atlantis", "unknown province 'Atlantis'; valid: "),
    ("lang", "fr", "unknown lang 'fr'; valid: en, vi"),
])
def test_unknown_parameter_values_fail_listing_the_valid_ones(name, value, message, tmp_path, capsys):
    from analysis.__main__ import run_notebook

    code = run_notebook(REPORT, tmp_path / "bad.ipynb", {name: value, "figures_dir": str(tmp_path / "figures")})
    assert code == 1
    assert message in capsys.readouterr().err
