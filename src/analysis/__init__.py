"""Figures on Vietnamese provinces' digital transformation, from news articles to a tidy dataset.

For exploring in JupyterLab (see README.md, "Exploring in JupyterLab"):

- ``analysis.load()``: every processed table (figures, rejected, series, growth, targets, checks)
  and the raw layer, as one :class:`~analysis.explore.Tables`;
- ``analysis.find_indicators("5G")``: the indicators whose names, ids or concepts say so;
- ``analysis.places(["Thái Nguyên", "Bắc Kạn"])``: how place names map to the 2025 provinces;
- ``analysis.observations(indicator, places)``: one indicator's observations for some places, with sources;
- ``analysis.plot_series(indicator, places, ax=None)``: the same, drawn with seaborn on your axes.

The pipeline's stages are modules: ``rawdata`` (the raw layer and its checks), ``clean``,
``growth``, ``targets``, ``checks``, ``series``, ``results`` (all analysis tables at once),
``plots`` and ``report`` (charts and the province report), ``pdf``, ``pipeline``, and the intake
tools ``intake`` and ``extract``. Importing ``analysis`` imports none of them (and no pandas):
the names above load on first use.
"""

__version__ = "0.1.0"

#: The exploration API: name → the module that defines it (imported on first use, PEP 562).
API = {"load": "explore", "Tables": "explore", "find_indicators": "explore", "places": "explore",
       "observations": "explore", "plot_series": "explore"}

__all__ = sorted(API)


def __getattr__(name: str):
    if name in API:
        import importlib

        return getattr(importlib.import_module(f".{API[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(API))
