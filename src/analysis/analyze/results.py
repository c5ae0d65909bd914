"""The analysis tables in one call: growth, checks, targets and series, computed in the right order.

Growth comes first (checks test the levels it back-calculates), then the checks, which may refute a
reading of a change (:func:`analysis.analyze.checks.mark_refuted`), then targets and the series table. Each
table is checked against its declaration (:func:`analysis.core.schema.validate_table`) before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.analyze.checks import consistency_checks, mark_refuted
from analysis.analyze.growth import growth_table
from analysis.analyze.series import series_table
from analysis.analyze.targets import target_progress
from analysis.core.schema import validate_table
from analysis.core.tableschema import TABLES
from analysis.ingest.rawdata import RawLayer


@dataclass(frozen=True)
class Results:
    """The four tables notebooks/02_growth.ipynb writes to data/processed/."""

    growth: pd.DataFrame
    targets: pd.DataFrame
    checks: pd.DataFrame
    series: pd.DataFrame

    def __repr__(self) -> str:
        return (f"Results({len(self.growth)} growth rows, {len(self.targets)} targets, {len(self.checks)} checks, "
                f"{len(self.series)} series)")

    def files(self) -> dict[str, pd.DataFrame]:
        """file name → table, for :func:`analysis.core.tables.write_tables`."""
        return {"growth.csv": self.growth, "targets.csv": self.targets, "checks.csv": self.checks,
                "series.csv": self.series}


def compute(figures: pd.DataFrame, layer: RawLayer, rejected: pd.DataFrame | None = None,
            as_of: pd.Timestamp | None = None) -> Results:
    """Every table from the clean figures; ``as_of`` None measures each province at its newest article."""
    growth = growth_table(figures, layer.indicators, layer.relations)
    checks = consistency_checks(figures, growth, layer.relations, rejected)
    growth = mark_refuted(growth, checks)
    targets = target_progress(figures, layer.indicators, as_of, layer.relations)
    results = Results(growth=growth, targets=targets, checks=checks,
                      series=series_table(figures, layer.indicators, growth))
    for name, table in results.files().items():  # each as declared, before anything is written
        validate_table(TABLES[f"data/processed/{name}"], table)
    return results
