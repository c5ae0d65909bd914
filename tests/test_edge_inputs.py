"""Valid-looking raw layers never crash a step: a subset of the figures, an empty table, odd but legal values.

Each layer is built in tmp_path from a copy of data/raw (only its shape is used, never its size or
findings) and run through the whole chain the notebooks run: clean → write → read back → results →
write. A figure the chain cannot use is a rejected row with a reason, never a traceback; an empty
input gives empty tables with the columns (and column types) of a full run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.analyze.checks import CHECK_COLUMNS
from analysis.analyze.growth import GROWTH_COLUMNS
from analysis.analyze.results import Results, compute
from analysis.analyze.series import SERIES_COLUMNS
from analysis.analyze.targets import TARGET_COLUMNS
from analysis.clean.figures import clean, write
from analysis.core.schema import CLEAN_COLUMNS, REJECTED_COLUMNS
from analysis.core.tables import read_processed
from analysis.core.tables import write_tables
from analysis.ingest.rawdata import RawLayer, load_raw_layer

COLUMNS = {"growth.csv": GROWTH_COLUMNS, "targets.csv": TARGET_COLUMNS, "checks.csv": CHECK_COLUMNS,
           "series.csv": SERIES_COLUMNS}


def keep_figures(raw: Path, keep: Callable[[pd.DataFrame], pd.Series]) -> None:
    """Keep the raw figures ``keep`` selects (and the corrections of those figures); the rest of the layer as is."""
    figures = pd.read_csv(raw / "figures.csv", dtype=str, keep_default_na=False)
    figures = figures[keep(figures)]
    figures.to_csv(raw / "figures.csv", index=False, lineterminator="\n")
    corrections = pd.read_csv(raw / "corrections.csv", dtype=str, keep_default_na=False)
    corrections = corrections[corrections["figure_id"].isin(figures["figure_id"])]
    corrections.to_csv(raw / "corrections.csv", index=False, lineterminator="\n")


def header_only(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def run_chain(raw: Path, out: Path) -> tuple[RawLayer, pd.DataFrame, pd.DataFrame, Results]:
    """What notebooks/01_clean and 02_growth do: clean, write, read back, compute, write."""
    layer = load_raw_layer(raw)
    result = clean(layer)
    write(result, out)
    figures, rejected = read_processed("figures", out), read_processed("rejected", out)
    results = compute(figures, layer, rejected)
    write_tables(results.files(), out)
    return layer, figures, rejected, results


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Results:
    """The chain over the real layer: the column types an empty table must have too."""
    import shutil

    from analysis import paths

    raw = tmp_path_factory.mktemp("full") / "raw"
    shutil.copytree(paths.RAW, raw)
    return run_chain(raw, raw.parent / "processed")[3]


def every_value_unreadable(raw: Path) -> None:
    figures = pd.read_csv(raw / "figures.csv", dtype=str, keep_default_na=False)
    figures.assign(value_as_written="n/a").to_csv(raw / "figures.csv", index=False, lineterminator="\n")
    corrections = pd.read_csv(raw / "corrections.csv", dtype=str, keep_default_na=False)
    corrections[corrections["column"] != "value_as_written"].to_csv(raw / "corrections.csv", index=False,
                                                                     lineterminator="\n")


LAYERS: dict[str, Callable[[Path], None]] = {
    "no figures": lambda raw: (header_only(raw / "figures.csv"), header_only(raw / "corrections.csv")),
    "no sources": lambda raw: [header_only(raw / f) for f in ("figures.csv", "corrections.csv", "sources.csv")],
    "every figure rejected": every_value_unreadable,
    "only targets": lambda raw: keep_figures(raw, lambda f: f["kind"] == "target"),
    "no targets": lambda raw: keep_figures(raw, lambda f: f["kind"] != "target"),
    "only changes": lambda raw: keep_figures(raw, lambda f: f["kind"] == "change"),
    "only actuals": lambda raw: keep_figures(raw, lambda f: f["kind"] == "actual"),
    "one figure": lambda raw: keep_figures(raw, lambda f: f.index == 0),
    "no unit words": lambda raw: header_only(raw / "units.csv"),
    "no relations": lambda raw: header_only(raw / "relations.csv"),
}


@pytest.mark.parametrize("name", list(LAYERS))
def test_a_valid_layer_runs_through_every_step(raw_copy: Path, tmp_path: Path, full: Results, name: str):
    LAYERS[name](raw_copy)
    layer, figures, rejected, results = run_chain(raw_copy, tmp_path / "processed")
    # nothing lost: every raw row is a clean row or a rejected row
    assert (figures["origin"] == "reported").sum() + len(rejected) == len(layer.figures)
    assert tuple(figures.columns) == CLEAN_COLUMNS and tuple(rejected.columns) == REJECTED_COLUMNS
    for file, table in results.files().items():
        assert tuple(table.columns) == COLUMNS[file], f"{file}: columns differ from a full run"
        expected = full.files()[file].dtypes
        kinds = {c: (table[c].dtype.kind, expected[c].kind) for c in table.columns if len(table) == 0}
        # an empty table keeps the types of the columns: numbers stay numbers, dates stay dates
        assert {c: k for c, k in kinds.items() if k[0] != k[1] and k[1] in "fiMb"} == {}, file
        header = (tmp_path / "processed" / file).read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(COLUMNS[file])


# --- values that look like numbers: a rejected row or a clean one, never a crash -------------------

_DIGITS = st.from_regex(r"\A[0-9]{1,40}(?:[.,][0-9]{1,20})*\Z")
#: Values that look like numbers to a reader: odd ones first (hypothesis draws the first branches most).
SPECIAL = st.sampled_from(["0", "0/0", "7/0", "0 - 0", "0%", "00,0", "1" * 400, "9" * 309, "1e400", "inf", "NaN",
                           "-5", "½", "1.234.567.890.123.456", "672%"])
VALUES = st.one_of(
    SPECIAL,
    _DIGITS,
    st.builds(lambda a, b, sep: f"{a}{sep}{b}", _DIGITS, _DIGITS, st.sampled_from(["/", " - ", " đến ", "/ "])),
    st.builds(lambda a, tail: a + tail, _DIGITS, st.sampled_from(["%", " %", " tỷ", " nghìn tỷ", " triệu", "%/100"])),
)


@pytest.fixture(scope="module")
def small_layer() -> RawLayer:
    """The real layer cut to the figures of one source (the one with the most kinds of figure)."""
    layer = load_raw_layer()
    source = layer.figures.groupby("source_id")["indicator_id"].nunique().idxmax()
    figures = layer.figures[layer.figures["source_id"] == source].reset_index(drop=True)
    corrections = layer.corrections[layer.corrections["figure_id"].isin(figures["figure_id"])]
    return replace(layer, figures=figures, corrections=corrections.reset_index(drop=True))


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_number_like_value_is_cleaned_or_rejected_and_the_results_follow(small_layer: RawLayer, data):
    figures = small_layer.figures.copy()
    rows = data.draw(st.lists(st.integers(0, len(figures) - 1), min_size=2, max_size=6, unique=True))
    for row in rows:
        figures.loc[row, "value_as_written"] = data.draw(VALUES)
        figures.loc[row, "unit_as_written"] = data.draw(st.sampled_from(
            ["", "%", figures.loc[row, "unit_as_written"], *small_layer.units["unit_as_written"].head(20)]))
    layer = replace(small_layer, figures=figures,
                    corrections=small_layer.corrections[~small_layer.corrections["figure_id"].isin(
                        figures.loc[rows, "figure_id"])])
    result = clean(layer)
    assert len(result.reported) + len(result.rejected) == len(figures)
    assert (result.rejected["reason"].str.len() < 600).all()  # a reason quotes a long value shortened
    assert np.isfinite(result.figures["value"].to_numpy()).all()
    compute(result.figures, layer, result.rejected)  # and the results step runs on what was kept


# --- rejected rows affect nothing downstream --------------------------------------------------------

def test_rejected_rows_change_no_result_of_the_accepted_ones(raw_copy: Path):
    # two rejected rows of an accepted series: one dated after its article (a checks row reports it), one unread
    figures = raw_copy / "figures.csv"
    accepted = pd.read_csv(figures, dtype=str, keep_default_na=False)
    model = accepted[(accepted["kind"] == "actual") & (accepted["period_as_written"] != "")].iloc[0]
    late = model.copy()
    late[["figure_id", "value_as_written", "period_as_written"]] = [f"{model['source_id']}-901", "1", "năm 2099"]
    unread = model.copy()
    unread[["figure_id", "value_as_written"]] = [f"{model['source_id']}-902", "n/a"]
    pd.concat([accepted, pd.DataFrame([late, unread])]).to_csv(figures, index=False, lineterminator="\n")
    layer = load_raw_layer(raw_copy)
    result = clean(layer)
    assert {late["figure_id"], unread["figure_id"]} <= set(result.rejected["figure_id"])
    told = compute(result.figures, layer, result.rejected)
    untold = compute(result.figures, layer, result.rejected.iloc[0:0])
    for name in ("growth.csv", "targets.csv", "series.csv"):
        pd.testing.assert_frame_equal(told.files()[name], untold.files()[name], obj=name)
    # checks only add what they say about the rejected rows themselves
    rejected_ids = set(result.rejected["figure_id"])
    about_rejected = told.checks["figure_ids"].str.split(";").map(lambda ids: set(ids) <= rejected_ids)
    assert set(told.checks.loc[about_rejected, "check"]) == {"dated_after_article"}
    pd.testing.assert_frame_equal(told.checks[~about_rejected].reset_index(drop=True), untold.checks)
