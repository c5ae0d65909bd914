"""Figures on Vietnamese provinces' digital transformation, from news articles to a tidy dataset.

The package holds every step the notebooks run, so that each step is tested once and reused:
``paths`` (where things live), ``text`` (Unicode folding), ``rawdata`` (the raw layer and its
checks) and ``articles`` (the source texts and the provenance checks against them).
"""

__version__ = "0.1.0"
