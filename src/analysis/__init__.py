"""Figures on Vietnamese provinces' digital transformation, from news articles to a tidy dataset.

For exploring in JupyterLab (see README.md, "Exploring in JupyterLab"):

- ``analysis.load()``: every processed table (figures, rejected, series, growth, targets, checks)
  and the raw layer, as one :class:`~analysis.report.explore.Tables`;
- ``analysis.find_indicators("5G")``: the indicators whose names, ids or concepts say so;
- ``analysis.places(["Thái Nguyên", "Bắc Kạn"])``: how place names map to the 2025 provinces;
- ``analysis.observations(indicator, places)``: one indicator's observations for some places, with sources;
- ``analysis.plot_series(indicator, places, ax=None)``: the same, drawn with seaborn on your axes.

The package has one subpackage per stage of the pipeline (CONTRIBUTING.md): ``core`` (table
declarations, closed sets, schemas, reading and writing), ``parse``, ``ingest`` (the raw layer),
``clean``, ``analyze`` (growth, targets, checks, series), ``report`` (charts, the province report,
PDFs), ``intake`` (adding an article), ``docs`` and ``run`` (``make report``); the command line is
``analysis.__main__``. Importing ``analysis`` imports none of them (and no pandas): the names above
load on first use.
"""

__version__ = "0.1.0"

#: The exploration API: name → the module that defines it (imported on first use, PEP 562).
API = {name: "report.explore" for name in ("load", "Tables", "find_indicators", "places", "observations", "plot_series")}

__all__ = sorted(API)


def __getattr__(name: str):
    if name in API:
        import importlib

        return getattr(importlib.import_module(f".{API[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(API))
