"""Absolute effects are computed from a relative effect and the control risk, as the Cochrane
Handbook does it; the worked examples are the Handbook's own (version 5.1, archived pages)."""
from __future__ import annotations

import pytest

from kb.absolute_effects import absolute_effect, control_risk, per, risk_with, why_not_computed


def row(measure, estimate, ci, **control):
    return {"measure": measure, "estimate": estimate, "ci": ci, "control_risk": control}


# Handbook 5.1, 11.5.5: "if the risk ratio is consistently 0.75, then treatment would reduce a
# control group risk of 80% to 60% ... but would reduce a control group risk of 20% to 15%".
@pytest.mark.parametrize("control, expected", [(0.80, 600), (0.20, 150)])
def test_risk_ratio_handbook_11_5_5(control, expected):
    assert per(1000, risk_with("RR", 0.75, control)) == expected


def test_risk_ratio_handbook_12_5_4_2():
    # "RR = 0.92, and an assumed control risk of ACR = 0.3 ... the effect on risk is 24 fewer per 1000"
    effect = absolute_effect(row("RR", 0.92, [0.92, 0.92], per_1000=300))
    assert effect.difference(1000)[0] == -24


def test_odds_ratio_handbook_12_5_4_3():
    # "OR = 0.73, and a control risk of ACR = 0.3 ... the effect on risk is 62 fewer per 1000"
    effect = absolute_effect(row("OR", 0.73, [0.73, 0.73], percent=30))
    assert effect.out_of(1000)[:2] == (300, 238)
    assert effect.difference(1000)[0] == -62


def test_a_peto_odds_ratio_is_converted_as_an_odds_ratio():
    assert risk_with("Peto-OR", 0.73, 0.3) == risk_with("OR", 0.73, 0.3)


def test_risk_difference_handbook_12_5_4():
    # "a risk difference of -0.133 corresponds to 133 fewer participants with the event per 1000";
    # our RD is in percentage points.
    effect = absolute_effect(row("RD", -13.3, [-13.3, -13.3], events=400, total=1000))
    assert effect.difference(1000)[0] == -133


def test_hazard_ratio_uses_the_survival_formula():
    # risk with = 1 - (1 - CR)^HR; no Handbook example was retrieved, so the formula is checked
    # against its defining property: an HR of 1 changes nothing, and 2 squares the survivors.
    assert risk_with("HR", 1, 0.3) == pytest.approx(0.3)
    assert risk_with("HR", 2, 0.3) == pytest.approx(1 - 0.7 ** 2)


def test_the_interval_comes_from_the_relative_effects_interval():
    effect = absolute_effect(row("RR", 1.12, [0.98, 1.28], events=273, total=1000))
    assert effect.out_of(1000) == (273, 306, 268, 349)
    assert effect.out_of(100) == (27, 31, 27, 35)
    assert effect.difference(1000) == (33, -5, 76)


def test_control_risk_as_events_percent_or_per_1000():
    assert control_risk({"control_risk": {"events": 176, "total": 674}}) == pytest.approx(0.2611, abs=1e-4)
    assert control_risk({"control_risk": {"percent": 26.1}}) == pytest.approx(0.261)
    assert control_risk({"control_risk": {"per_1000": 261}}) == pytest.approx(0.261)
    assert control_risk({"control_risk": {"not_reported": "only the pooled OR"}}) is None
    assert control_risk({}) is None


def test_a_risk_never_passes_1000_per_1000():
    assert risk_with("RR", 3.0, 0.6) == 1.0
    assert risk_with("RD", -80, 0.5) == 0.0


def test_rounding_is_half_up():
    assert per(100, 0.265) == 27 and per(100, 0.264) == 26


@pytest.mark.parametrize("given, reason", [
    (row("RR", 1.1, [0.9, 1.3], not_reported="only the pooled RR"), "does not report the control group's risk (only the pooled RR)"),
    ({"measure": "percent", "estimate": 30}, "a rate in one group"),
    ({"measure": "MD", "estimate": 0.4, "ci": [0.1, 0.7]}, "a mean difference"),
])
def test_no_absolute_effect_without_a_comparison_of_risks_and_the_reason_is_given(given, reason):
    assert absolute_effect(given) is None
    assert reason in why_not_computed(given)


def test_the_short_reason_leaves_out_the_editors_note_for_a_table_cell():
    given = row("RR", 1.1, [0.9, 1.3], not_reported="only the pooled RR")
    assert why_not_computed(given, detail=False) == "the source does not report the control group's risk"
