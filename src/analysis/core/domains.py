"""Indicators' display groups: the domains (pillars of digital transformation) and their names.

An indicator's group is its ``domain`` in data/raw/indicators.csv; the report and the charts show a
group by its name here, in each report language. This registry is the one place a group is declared:
the raw layer accepts exactly the domains listed here (:data:`DOMAINS`), so a new indicator of a known
group is one row of the codebook, and a new group is one entry here besides.
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.core.vocabulary import LANGS

#: domain as written in data/raw/indicators.csv → its name in each report language (vocabulary.LANGS).
DOMAIN_NAMES: dict[str, Mapping[str, str]] = {
    "digital infrastructure": {"en": "digital infrastructure", "vi": "hạ tầng số"},
    "digital government": {"en": "digital government", "vi": "chính quyền số"},
    "digital society": {"en": "digital society", "vi": "xã hội số"},
    "digital economy": {"en": "digital economy", "vi": "kinh tế số"},
    "other": {"en": "other", "vi": "khác"},
}

#: The closed set of the codebook's ``domain`` column.
DOMAINS = frozenset(DOMAIN_NAMES)

_MISSING = {d: [lang for lang in LANGS if not names.get(lang)] for d, names in DOMAIN_NAMES.items()}
if any(_MISSING.values()):
    raise ValueError("domains.DOMAIN_NAMES: give each domain its name in every report language: "
                     + "; ".join(f"{d!r} lacks {', '.join(m)}" for d, m in _MISSING.items() if m))


def domain_name(domain: str, lang: str) -> str:
    """The name of an indicators' group in ``lang``; a KeyError that says where to declare an unknown one."""
    if domain not in DOMAIN_NAMES:
        raise KeyError(f"domain {domain!r} has no name: add it to analysis/core/domains.py DOMAIN_NAMES "
                       f"with its name in {', '.join(LANGS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown lang {lang!r}; valid: {', '.join(LANGS)}")
    return DOMAIN_NAMES[domain][lang]
