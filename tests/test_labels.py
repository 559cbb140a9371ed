"""How values are worded on the page: every vocabulary value the schema allows has its words,
and an effect is printed with the decimals its source gave."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from kb.render import labels

SCHEMA = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def test_every_patient_group_has_a_label_a_heading_and_a_phrase():
    groups = SCHEMA["$defs"]["population"]["enum"]
    for table in (labels.POPULATION, labels.POPULATION_PLAIN, labels.POPULATION_PEOPLE):
        assert list(table) == groups


def test_every_stance_any_body_may_take_has_words():
    stances = {s for rule in SCHEMA["$defs"]["position"]["allOf"]
               for s in rule["then"].get("properties", {}).get("stance", {}).get("enum", [])}
    assert {"not-addressed", "not-retrieved", "suggested", "red"} <= stances
    assert stances <= set(labels.STANCE)


def test_every_certainty_has_a_plain_meaning():
    assert set(labels.CERTAINTY_PLAIN) == set(SCHEMA["$defs"]["certainty"]["enum"])


@pytest.mark.parametrize("row, written, shown", [
    ({"measure": "RR", "estimate": 1.2, "ci": [0.9, 1.61]}, None, "RR 1.20 (0.90 to 1.61)"),
    ({"measure": "RR", "estimate": 1.2, "ci": [0.9, 1.61]},
     {("estimate",): "1.200", ("ci", 0): "0.9", ("ci", 1): "1.61"}, "RR 1.200 (0.90 to 1.61)"),
    ({"measure": "Peto-OR", "estimate": 0.5, "ci": [0.25, 1]}, None, "Peto OR 0.50 (0.25 to 1.00)"),
    ({"measure": "RD", "estimate": -2.6, "ci": [-15, 9.9]}, None, "RD −2.6 percentage points (−15.0 to 9.9)"),
    ({"measure": "percent", "estimate": 32.5, "ci": [28, 37]}, None, "32.5% (28% to 37%)"),
    ({"measure": "percent", "estimate": 4}, None, "4%"),
    ({"measure": "MD", "estimate": 0.05, "ci": [-0.1, 0.2]}, None, "MD 0.05 (−0.1 to 0.2)"),
])
def test_effects_keep_the_sources_decimals_and_at_least_the_measures(row, written, shown):
    assert labels.effect(row, written.__getitem__ if written else None) == shown
