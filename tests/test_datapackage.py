"""The artefacts generated from the declarations: datapackage.json and data/README.md's dictionary.

Both are committed, so a test fails while either differs from what `make docs` writes; the published
files must pass Frictionless's validation of datapackage.json, as a data portal would run it, and a bad
cell is reported with its file, line, column and value.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis import paths
from analysis.core.tableschema import TABLES
from analysis.docs import dictionary
from analysis.docs.dictionary import render_readme, stale, validate_package
from analysis.docs.flags import FLAGS

REGENERATE = "run `make docs` and commit datapackage.json and data/README.md"


def test_datapackage_json_and_the_data_dictionary_are_up_to_date():
    outdated = [paths.relative(p) for p in stale()]
    assert not outdated, f"stale (they differ from the table declarations): {', '.join(outdated)}; {REGENERATE}"


def _copy_docs(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(paths.DATA / "README.md", tmp_path / "data" / "README.md")
    shutil.copy(paths.PROJECT_ROOT / "datapackage.json", tmp_path / "datapackage.json")
    return tmp_path


def test_a_hand_edited_dictionary_is_stale_and_make_docs_restores_it_keeping_the_prose(tmp_path):
    root = _copy_docs(tmp_path)
    readme = root / "data" / "README.md"
    original = readme.read_text(encoding="utf-8")
    edited = original.replace("| `locator` | string | required |", "| `locator` | string | — |", 1)
    edited = edited.replace("Two layers, after cookiecutter-data-science:", "Two layers (prose edited):", 1)
    assert edited != original
    readme.write_text(edited, encoding="utf-8")
    assert stale(root) == [readme]
    assert dictionary.write_docs(root) == [readme]
    restored = readme.read_text(encoding="utf-8")
    assert "| `locator` | string | required |" in restored
    assert "Two layers (prose edited):" in restored  # prose is the author's: never rewritten
    assert stale(root) == []


def test_a_dictionary_without_a_block_for_a_declared_table_says_what_to_add():
    text = (paths.DATA / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- generated: data/raw/units.csv")
    end = text.index("<!-- end generated -->", start) + len("<!-- end generated -->")
    with pytest.raises(KeyError, match="no generated block for data/raw/units.csv"):
        render_readme(text[:start] + text[end:])
    with pytest.raises(KeyError, match="names no declared table"):
        render_readme(text + "\n<!-- generated: data/raw/nothing.csv -->\n<!-- end generated -->\n")


def test_make_docs_runs_the_generator():
    recipe = subprocess.run(["make", "-n", "docs"], cwd=paths.PROJECT_ROOT, capture_output=True, text=True).stdout
    assert "-m analysis docs" in recipe


def test_the_datapackage_describes_every_table_with_its_dialect_and_licence():
    package = json.loads((paths.PROJECT_ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == list(TABLES)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        assert resource["dialect"]["lineTerminator"] == "\n" and resource["encoding"] == "utf-8"
        assert resource["schema"]["missingValues"] == [""]
        assert [f["name"] for f in resource["schema"]["fields"]] == list(TABLES[resource["path"]].columns)
    figures = next(r for r in package["resources"] if r["path"] == "data/raw/figures.csv")
    assert {"fields": ["source_id"], "reference": {"resource": "raw-sources", "fields": ["source_id"]}} \
        in figures["schema"]["foreignKeys"]


# ---------------------------------------------------------------- Frictionless validation


def test_the_published_dataset_passes_frictionless_validation():
    """`frictionless validate datapackage.json`, as a data portal would run it."""
    problems = validate_package()
    assert not problems, ("frictionless validate datapackage.json fails (first problems below); fix the data, or the "
                          f"declaration in src/analysis/core/tableschema.py and {REGENERATE}:\n" + "\n".join(problems))


def _tiny_dataset(root: Path) -> None:
    """Every declared table with its header only, then one source, one indicator and one figure."""
    shutil.copy(paths.PROJECT_ROOT / "datapackage.json", root / "datapackage.json")
    for table in TABLES.values():
        (root / table.path).parent.mkdir(parents=True, exist_ok=True)
        (root / table.path).write_text(",".join(table.columns) + "\n", encoding="utf-8")

    def add(path: str, **cells: str) -> None:
        row = [cells.get(c, "") for c in TABLES[path].columns]
        with open(root / path, "a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(row)

    add("data/raw/sources.csv", source_id="s1", url="https://example.org/a", retrieved="2025-01-02", outlet="O",
        published="2025-01-01", published_precision="day", published_basis="printed", number_format="vi",
        province="Bắc Kạn", province_attribution="named")
    add("data/raw/indicators.csv", indicator_id="i1", name_en="I", name_vi="I", unit="%", unit_vi="%",
        measure_type="share", time_reference="stock", role="statistic", family="i1", concept="c", universe="u",
        domain="other", higher_is_better="true")
    add("data/raw/figures.csv", figure_id="s1-01", source_id="s1", indicator_id="i1", kind="actual",
        value_as_written="5", locator="5 %")


def test_a_dataset_that_keeps_the_declarations_is_valid(tmp_path):
    _tiny_dataset(tmp_path)
    assert validate_package(tmp_path / "datapackage.json") == []


def test_a_bad_cell_is_reported_with_file_line_column_and_value(tmp_path):
    _tiny_dataset(tmp_path)
    path = tmp_path / "data/raw/figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",actual,", ",estimate,"), encoding="utf-8")
    problems = validate_package(tmp_path / "datapackage.json")
    assert len(problems) == 1, problems
    assert problems[0].startswith("data/raw/figures.csv, line 2, column kind, value 'estimate': constraint-error")


def test_an_unknown_reference_and_a_huge_cell_are_reported_short(tmp_path):
    _tiny_dataset(tmp_path)
    path = tmp_path / "data/raw/figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",s1,", ",s2,").replace(",actual,", f",{'x' * 100_000},"),
                    encoding="utf-8")
    problems = validate_package(tmp_path / "datapackage.json")
    assert any(p.startswith("data/raw/figures.csv, line 2") and "foreign-key" in p for p in problems), problems
    assert any(p.startswith("data/raw/figures.csv, line 2, column kind, value 'xxx") for p in problems), problems
    assert all(len(p) < 600 for p in problems), [len(p) for p in problems]


def test_every_flag_is_documented_in_the_data_dictionary():
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- generated: flags", 1)[1].split("<!-- end generated -->", 1)[0]
    for name, flag in FLAGS.items():
        assert f"| `{name}` |" in block and flag.description.split(" (")[0] in block, name


def test_python_m_analysis_docs_calls_the_generator(monkeypatch, capsys):
    from analysis.__main__ import main

    calls = []
    monkeypatch.setattr(dictionary, "write_docs", lambda root=None: calls.append(root) or [])
    assert main(["docs"]) == 0 and calls == [None]
    assert "up to date" in capsys.readouterr().out
