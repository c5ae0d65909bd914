"""Narrow views for notebooks: words and rounded numbers, hand-checked on small frames."""

from __future__ import annotations

import pandas as pd

from analysis.analyze.results import compute
from analysis.report import views
from helpers import clean_figure, clean_frame

UNITS = {"online_dossiers_share_electronic": "%", "community_tech_team_members": "members"}


def row(figure_id, value, end, **other):
    return clean_figure(figure_id, "online_dossiers_share_electronic", value, end, units=UNITS, province="Bến Tre",
                        province_id="ben-tre", current_province="Vĩnh Long", current_province_id="vinh-long",
                        **other)


def test_changes_view_gives_points_for_shares_and_a_yearly_rate_only_over_a_year(layer):
    figures = clean_frame(row("a", 39, "2022-12-01", period_start="2022-01-01"),
                          row("b", 76, "2024-11-14", period_start="2024-01-01"),
                          row("c", 80, "2025-03-01", period_start="2025-01-01"), codebook=layer.indicators)
    growth = compute(figures, layer).growth
    view = views.changes_view(growth[growth["method"] == "consecutive"], layer)
    assert "place" not in view  # one place: its name is the notebook's heading
    first, second = view.iloc[0], view.iloc[1]
    assert first["from → to"] == "39% (2022-12-01) → 76% (2024-11-14)"
    assert first["change"] == "+37 pts"
    assert first["a year"] == "+18.9 pts"  # 37 × 365.25 / 714 days = 18.93
    assert second["change"] == "+4 pts" and second["a year"] == ""  # 107 days: never extrapolated to a year


def test_targets_view_states_target_latest_verdict_and_why(layer):
    figures = clean_frame(row("a", 76, "2024-11-14"), row("t", 90, "2025-12-31", kind="target"),
                          codebook=layer.indicators)
    view = views.targets_view(compute(figures, layer).targets, layer)
    assert view.iloc[0]["target"] == "90% by 2025" and view.iloc[0]["latest"] == "76% (2024-11-14)"
    assert view.iloc[0]["verdict"] == "unknown" and view.iloc[0]["why"] == "one actual: no pace yet"


def test_findings_are_sentences_for_a_few_places_and_counts_for_many(layer):
    figures = clean_frame(row("a", 39, "2022-12-01"), row("b", 76, "2024-11-14"), codebook=layer.indicators)
    r = compute(figures, layer)
    words = views.findings(["ben-tre"], layer, figures, r.growth, r.targets, r.checks, r.series)
    assert words.startswith("### Bến Tre") and "39% (2022-12-01) → 76% (2024-11-14), +37 points" in words
    many = views.findings([f"p{i}" for i in range(views.MAX_PLACES_IN_WORDS + 1)], layer, figures, r.growth,
                          r.targets, r.checks, r.series)
    assert many.startswith(f"{views.MAX_PLACES_IN_WORDS + 1} places selected") and "province" in many
    assert isinstance(views.checks_view(r.checks), pd.DataFrame)
