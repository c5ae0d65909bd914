"""Adding an article end to end, as a researcher would, in a scratch copy of the project.

add-source → extract → review (as a person would: fix one suggestion, drop nothing) → accept →
the report pipeline. The article is invented for the test (no outlet printed it): its numbers are
chosen so that the expectations can be read off it, and it extends a series the seed articles
started (Bến Tre's share of people with an electronic health record: 82 % in December 2023).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths

ARTICLE = (
    "Chuyển đổi số ở Bến Tre năm 2024\n"
    "Theo Sở Thông tin và Truyền thông, đến hết năm 2024, 85% người dân có hồ sơ sức khỏe điện tử, "
    "toàn tỉnh có 1.250 trạm BTS, tăng 120 trạm so với năm 2023. "
    "Mục tiêu đến năm 2025, 100% xã có cáp quang.\n"
)
IGNORED = shutil.ignore_patterns(".venv", ".git", "build", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")


def run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the project whose package is imported from the copy, with a writable sources folder."""
    copy = tmp_path / "project"
    shutil.copytree(paths.PROJECT_ROOT, copy, ignore=IGNORED)
    env = {**os.environ, "PYTHONPATH": str(copy / "src"),
           paths.SOURCES_ENV: os.pathsep.join([str(tmp_path / "texts"), str(paths.DEFAULT_SOURCES)])}
    return copy, env


def test_a_new_article_reaches_growth_and_the_report_without_code_or_corrections(project, tmp_path):
    copy, env = project
    article = tmp_path / "bai-bao.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    corrections = (copy / "data/raw/corrections.csv").read_bytes()

    out = run(["add-source", str(article), "--province", "Bến Tre", "--published", "2025-01-15",
               "--published-basis", "invented for the test", "--outlet", "Báo Thử Nghiệm"], copy, env)
    sid = re.search(r"added source (\S+)", out).group(1)   # bt2025baothunghiem, or with a letter if taken
    assert sid.startswith("bt2025baothunghiem") and "extract" in out  # it says what to do next
    stored = next((tmp_path / "texts").glob("*.txt"))

    out = run(["extract", str(stored), "--source-id", sid], copy, env)
    draft = copy / "build" / "drafts" / f"{sid}.draft.csv"   # where notebooks/00_extract.ipynb writes it too
    assert f"accept build/drafts/{sid}.draft.csv" in out
    rows = pd.read_csv(draft, dtype=str, keep_default_na=False)
    assert list(rows["value_as_written"]) == ["85", "1.250", "120", "100"]
    # the review: the commune target is of communes reached by fibre, one of the suggestions
    target = rows["value_as_written"] == "100"
    assert "fiber_coverage_communes" in rows.loc[target, "indicator_candidates"].iloc[0]
    rows.loc[target, "indicator_id"] = "fiber_coverage_communes"
    assert (rows["indicator_id"] != "").all()
    rows.to_csv(draft, index=False, lineterminator="\n")

    out = run(["accept", f"build/drafts/{sid}.draft.csv"], copy, env)
    assert "accepted 4 figures" in out
    # the same draft a second time enters nothing
    twice = subprocess.run([sys.executable, "-m", "analysis", "accept", str(draft)], cwd=copy, env=env,
                           capture_output=True, text=True)
    assert twice.returncode == 1 and f"already in data/raw/figures.csv as {sid}-01" in twice.stderr
    run(["pipeline", "--province", "Bến Tre", "--lang", "en"], copy, env)

    processed = copy / "data" / "processed"
    assert (copy / "data/raw/corrections.csv").read_bytes() == corrections  # no correction needed
    rejected = pd.read_csv(processed / "rejected.csv", dtype=str)
    assert not rejected["source_id"].eq(sid).any()
    growth = pd.read_csv(processed / "growth.csv", dtype=str, keep_default_na=False)
    health = growth[(growth["province_id"] == "ben-tre") & (growth["indicator_id"] == "people_with_health_record_share")
                    & (growth["method"] == "consecutive") & growth["to_figure_id"].str.startswith(f"{sid}-")]
    # from the latest earlier Bến Tre observation to 85 % at the end of 2024, in points
    assert len(health) == 1
    row = health.iloc[0]
    days = (pd.Timestamp(row["to_date"]) - pd.Timestamp(row["from_date"])).days
    assert float(row["to_value"]) == 85 and row["to_date"] == "2024-12-31"
    assert float(row["pp_change"]) == pytest.approx(85 - float(row["from_value"]))
    assert int(float(row["days"])) == days
    assert float(row["pp_per_year"]) == pytest.approx(float(row["pp_change"]) * 365.25 / days)
    if row["from_figure_id"] == "bt2023bao-03":  # the seed article: 82 % on 2023-12-18, 13 + 366 = 379 days before
        assert (float(row["pp_change"]), days) == (pytest.approx(3), 379)
    series = pd.read_csv(processed / "series.csv", dtype=str, keep_default_na=False)
    bts = series[(series["province_id"] == "ben-tre") & (series["indicator_id"] == "bts_stations")]
    assert sid in bts["source_ids"].iloc[0].split(";")
    assert (copy / "reports" / "ben-tre.pdf").stat().st_size > 10_000
