"""Indicators' display groups: one registry (analysis/core/domains.py), and a new indicator is one codebook row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.core.domains import DOMAIN_NAMES, DOMAINS, domain_name
from analysis.ingest.rawdata import load_raw_layer
from analysis.report.labels import LANGS, indicator_names


def test_the_raw_layer_accepts_exactly_the_registered_domains():
    from analysis.core.tableschema import RAW_INDICATORS

    assert next(f for f in RAW_INDICATORS.fields if f.name == "domain").enum is DOMAINS, (
        "the codebook's closed set of domains must be domains.DOMAINS: declare a group once, in "
        "analysis/core/domains.py DOMAIN_NAMES")


def test_every_domain_of_the_codebook_has_a_name_in_every_language(layer):
    for domain in set(layer.indicators["domain"]):
        for lang in LANGS:
            assert domain_name(domain, lang), f"add {domain!r} to analysis/core/domains.py DOMAIN_NAMES"


def test_a_domain_is_named_in_the_report_language_and_an_unknown_one_says_where_to_declare_it():
    assert domain_name("digital government", "vi") == DOMAIN_NAMES["digital government"]["vi"] == "chính quyền số"
    with pytest.raises(KeyError, match="add it to analysis/core/domains.py DOMAIN_NAMES"):
        domain_name("digital health", "en")


def test_a_new_indicator_is_one_row_of_the_codebook(raw_copy: Path):
    # a contributor's new indicator of a known group: one row, no code; it is read, named and grouped
    with open(raw_copy / "indicators.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    row = {"indicator_id": "ai_chatbot_services", "name_en": "Public services answered by an AI chatbot",
           "name_vi": "Dịch vụ công được trợ lý ảo trả lời", "unit": "services", "unit_vi": "dịch vụ",
           "measure_type": "count", "time_reference": "stock", "role": "statistic", "family": "ai_chatbot_services",
           "concept": "public services a citizen can ask an AI chatbot about", "universe": "public services",
           "aspect": "availability", "domain": "digital government", "higher_is_better": "true"}
    assert set(row) == set(header), "test setup: the codebook's columns changed; give the new row every column"
    with open(raw_copy / "indicators.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row[c] for c in header])
    layer = load_raw_layer(raw_copy)
    added = layer.indicators.set_index("indicator_id").loc["ai_chatbot_services"]
    assert indicator_names(layer.indicators, "vi")["ai_chatbot_services"] == row["name_vi"]
    assert domain_name(added["domain"], "en") == "digital government"
