"""What a row says: the change its interval shows, whether that is good for the patient, GRADE's
informative statement (one table, row by row), and the row a patient group's answer stands on."""
from __future__ import annotations

import pytest

from kb.findings import change, headline, statement, verdict


def row(estimate, ci, certainty="low", measure="RR", desirable="higher", outcome="Live birth", **extra):
    return {"outcome": outcome, "measure": measure, "estimate": estimate, "ci": ci, "certainty": certainty,
            "desirable": desirable, "importance": "critical", "participants": 100, **extra}


@pytest.mark.parametrize("r, moved", [
    (row(1.5, [1.1, 2.0]), "increase"),
    (row(0.6, [0.4, 0.9]), "decrease"),
    (row(1.0, [0.8, 1.3]), "none"),
    (row(1.2, [1.0, 1.4]), "none"),  # touching 1 is not excluding it
    (row(3.0, [0.5, 5.5], measure="RD"), "increase"),
    (row(-0.5, [-1.0, 0.2], measure="MD"), "none"),
    ({"measure": "percent", "estimate": 30}, None),
])
def test_change_is_read_from_the_interval(r, moved):
    assert change(r) == moved


@pytest.mark.parametrize("r, expected", [
    (row(1.5, [1.1, 2.0]), "benefit"),
    (row(1.5, [1.1, 2.0], desirable="lower", outcome="Miscarriage"), "harm"),
    (row(0.6, [0.4, 0.9], desirable="lower", outcome="Miscarriage"), "benefit"),
    (row(0.6, [0.4, 0.9]), "harm"),
    (row(1.0, [0.8, 1.3]), "no-clear-difference"),
])
def test_verdict_depends_on_which_way_is_good(r, expected):
    assert verdict(r) == expected


# The informative statement for each certainty and change (GRADE guidelines 26).
STATEMENTS = [
    ("high", [1.1, 2.0], "Alpha increases live birth."),
    ("high", [0.4, 0.9], "Alpha reduces live birth."),
    ("high", [0.8, 1.3], "Alpha makes little or no difference to live birth."),
    ("moderate", [1.1, 2.0], "Alpha probably increases live birth."),
    ("moderate", [0.4, 0.9], "Alpha probably reduces live birth."),
    ("moderate", [0.8, 1.3], "Alpha probably makes little or no difference to live birth."),
    ("low", [1.1, 2.0], "Alpha may increase live birth."),
    ("low", [0.4, 0.9], "Alpha may reduce live birth."),
    ("low", [0.8, 1.3], "Alpha may make little or no difference to live birth."),
    ("very-low", [1.1, 2.0], "We are very uncertain about the effect of alpha on live birth."),
    ("very-low", [0.4, 0.9], "We are very uncertain about the effect of alpha on live birth."),
    ("very-low", [0.8, 1.3], "We are very uncertain about the effect of alpha on live birth."),
]


@pytest.mark.parametrize("certainty, ci, expected", STATEMENTS)
def test_informative_statement(certainty, ci, expected):
    estimate = (ci[0] + ci[1]) / 2
    assert statement(row(estimate, ci, certainty), "Alpha") == expected


def test_statement_keeps_an_acronym_and_has_none_without_a_comparison():
    assert statement(row(1.5, [1.1, 2.0], outcome="OHSS", certainty="moderate"), "Alpha") == "Alpha probably increases OHSS."
    assert statement(row(1.0, [0.8, 1.3], "very-low"), "IVIg") == "We are very uncertain about the effect of IVIg on live birth."
    assert statement(row(1.0, [0.8, 1.3], "very-low"), "Low-molecular-weight heparin") == (
        "We are very uncertain about the effect of low-molecular-weight heparin on live birth.")
    assert statement(row(1.0, [0.8, 1.3], "very-low"), "G-CSF") == "We are very uncertain about the effect of G-CSF on live birth."
    assert statement({"measure": "percent", "estimate": 30, "outcome": "Live birth", "certainty": "low"}, "Alpha") is None


def record(*questions):
    return {"evidence": {"questions": [{"population": p, "outcomes": rows} for p, rows in questions]}}


def test_headline_prefers_live_birth_then_certainty_then_a_computable_effect_then_size():
    miscarriage = row(0.8, [0.6, 1.1], "high", outcome="Miscarriage", desirable="lower")
    weak = row(1.3, [0.9, 1.8], "very-low", participants=5000)
    strong = row(1.1, [0.9, 1.3], "moderate")
    computable = row(1.1, [0.9, 1.3], "moderate", control_risk={"events": 30, "total": 100})
    data = record(("recurrent-pregnancy-loss", [miscarriage, weak, strong, computable]))
    assert headline(data, "recurrent-pregnancy-loss").row is computable
    assert headline(data, "recurrent-implantation-failure") is None


def test_headline_skips_important_and_single_group_rows():
    surrogate = dict(row(2.0, [1.5, 3.0], "high", outcome="Clinical pregnancy"), importance="important")
    rate = {"outcome": "Live birth", "measure": "percent", "estimate": 30, "certainty": "low", "importance": "critical"}
    assert headline(record(("unselected-ivf", [surrogate, rate])), "unselected-ivf") is None


def test_an_association_says_what_a_result_predicts_not_an_effect():
    high_vs_normal = row(2.0, [1.2, 3.1], "low", outcome="Miscarriage", desirable="lower")
    assert statement(high_vs_normal, "NK cell testing", association=True) == (
        "Miscarriage was more common in the first group compared (low certainty). "
        "This is what a test result predicts, not an effect of testing or treatment.")
    assert statement(row(1.1, [0.5, 2.2], "very-low"), "NK cell testing", association=True).startswith(
        "We are very uncertain whether live birth differs between the groups compared.")


def test_an_association_never_answers_a_patient_groups_question():
    data = {"evidence": {"questions": [{"population": "recurrent-pregnancy-loss", "association": True,
                                        "outcomes": [row(2.0, [1.2, 3.1], "high")]}]}}
    assert headline(data, "recurrent-pregnancy-loss") is None


def test_a_question_may_name_what_its_statements_are_about():
    from kb.findings import outcome_rows, say
    data = {"name": "Thrombophilia testing", "evidence": {"questions": [
        {"population": "inherited-thrombophilia", "intervention": "LMWH", "outcomes": [row(1.0, [0.9, 1.1], "high")]},
        {"population": "unselected-ivf", "outcomes": [row(1.0, [0.9, 1.1], "high")]}]}}
    first, second = outcome_rows(data)
    assert say(data, first) == "LMWH makes little or no difference to live birth."
    assert say(data, second) == "Thrombophilia testing makes little or no difference to live birth."
