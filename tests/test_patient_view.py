"""The patient view ("For patients", the default): after the plain summary, what the studies
found for each group of women the record covers, out of 100 with a picture, how sure we are;
then safety and cost, and what guidelines say. Nothing a clinician sees is hidden from it."""
from __future__ import annotations

import pytest

from kb.render.patient_view import NO_COST, NO_HEADLINE, outcome_event
from record_pages import load, outcome, page, position, views

FOUND = "## What the studies found for women like you"


@pytest.fixture
def corpus(project):
    return load(project)


def patient(corpus, change=None) -> str:
    return views(page(corpus, change=change))[0]


def found(corpus, change=None) -> str:
    return patient(corpus, change).split(FOUND, 1)[1].split("## Safety and cost", 1)[0]


def with_questions(*questions, populations=None):
    def change(data):
        data["evidence"]["questions"] = list(questions)
        if populations:
            data["populations"] = populations
    return change


def test_the_findings_follow_the_plain_summary(corpus):
    view = patient(corpus)
    assert view.index("## In plain words") < view.index(FOUND) < view.index("## Safety and cost") \
        < view.index("## What guidelines say") < view.index("## Questions to ask your clinic")


def test_each_group_with_a_headline_result_gets_its_situation_in_plain_words(corpus):
    said = found(corpus)
    assert "### After failed IVF cycles" in said
    assert "**Alpha infusion may make little or no difference to live birth.**" in said
    assert "Studied in: Women with two failed transfers. Compared: Alpha vs saline. Source: Smith 2021" in said


def test_out_of_100_women_like_you_with_the_range_and_a_picture(corpus):
    said = found(corpus)
    # Control 50/200 = 25 in 100; RR 1.02 (0.8 to 1.3) gives 26 (20 to 33), rounded half up.
    assert ("Out of 100 women like you, about 25 had a baby without it and about 26 with it "
            "(could be between 20 and 33).") in said
    figure = said.split('<div class="kb-figure kb-icon-array">', 1)[1].split("</div>", 1)[0]
    assert 'role="img"' in figure and "<title" in figure and "<desc" in figure
    assert "had a baby" in figure and "alpha infusion" in figure


def test_how_sure_we_are_in_plain_words(corpus):
    said = found(corpus)
    assert ('**How sure are we?** <span class="kb-badge kb-certainty-low">Low</span> We are not sure: the true '
            "effect could be quite different from this.") in said


@pytest.mark.parametrize("measure, estimate, ci, words", [
    ("RR", 1.27, [1.09, 1.49], "With it, the chance of having a baby was 1.27 times the chance without it "
                              "(could be between 1.09 and 1.49 times)."),
    ("OR", 1.7, [1.07, 2.9], "With it, the odds of having a baby were 1.70 times the odds without it "
                            "(could be between 1.07 and 2.90 times)."),
    ("RD", -2.6, [-15.0, 9.9], "Out of 100 women, 2.6 fewer had a baby with it than without it "
                              "(could be between 15.0 fewer and 9.9 more)."),
])
def test_without_a_control_risk_it_says_so_and_gives_the_relative_effect_in_words(corpus, measure, estimate, ci, words):
    row = outcome(measure=measure, estimate=estimate, ci=ci, control_risk={"not_reported": "Only the pooled ratio."})
    said = found(corpus, with_questions({"population": "recurrent-implantation-failure", "outcomes": [row]}))
    if measure != "RD":
        assert ("The studies did not report how many women had a baby without it, so we cannot say how many "
                "out of 100 it would change.") in said
    assert words in said
    assert "kb-icon-array" not in said and "about" not in said


def test_groups_follow_the_record_and_those_without_a_headline_row_are_left_out(corpus):
    said = found(corpus, with_questions(
        {"population": "recurrent-pregnancy-loss", "outcomes": [outcome(outcome="Miscarriage", desirable="lower")]},
        {"population": "unselected-ivf", "outcomes": [outcome(importance="important", control_risk=None, grade=None)]},
        {"population": "antiphospholipid-syndrome", "outcomes": [outcome()]},
        populations=["antiphospholipid-syndrome", "unselected-ivf", "recurrent-pregnancy-loss"]))
    assert said.index("### With antiphospholipid syndrome") < said.index("### After repeated miscarriages")
    assert "### Starting IVF" not in said  # only an important row: no headline for this group
    assert "about 25 had a miscarriage without it" in said


def test_a_record_with_no_headline_row_says_so(corpus):
    assert NO_HEADLINE in found(corpus, with_questions())


def test_safety_cost_and_guidelines_are_in_the_patient_view(corpus):
    def change(data):
        data["cost"] = {"statement": "About 300 pounds a cycle.", "citations": ["clinic2020"]}
        data["positions"].append(position(body="HFEA", version="2026", stance="red", statement="Rated red."))
    view = patient(corpus, change)
    assert "Mild reactions at the infusion site." in view.split("## Safety and cost", 1)[1]
    assert "About 300 pounds a cycle." in view
    guidelines = view.split("## What guidelines say", 1)[1]
    assert "**ESHRE** (2023)" in guidelines and "**HFEA** (2026)" in guidelines and "Rated red." in guidelines
    assert NO_COST in patient(corpus)


@pytest.mark.parametrize("outcome_name, event", [
    ("Live birth", "a baby"), ("Live birth after first embryo transfer", "a baby after first embryo transfer"),
    ("No live birth", "no baby"), ("Delivery of a healthy baby", "a healthy baby"), ("Miscarriage", "a miscarriage"),
    ("Clinical pregnancy", "a pregnancy seen on a scan"), ("Ongoing pregnancy at 22 weeks", "an ongoing pregnancy at 22 weeks"),
    ("Biochemical pregnancy loss", "an early pregnancy loss"), ("OHSS", "OHSS"),
    ("Implantation failure", "an implantation failure"),
])
def test_an_outcome_is_something_a_woman_had(outcome_name, event):
    assert outcome_event(outcome_name) == event


def test_an_outcome_name_cannot_inject_markup_into_the_sentence_or_the_picture(corpus):
    def change(data):
        data["evidence"]["questions"][0]["outcomes"][0]["outcome"] = "Birth <script>alert(1)</script>"
    view = patient(corpus, change)
    assert "<script>" not in view


def test_an_aside_in_the_outcome_name_is_left_to_the_statement():
    assert outcome_event("Miscarriage (prognostic value of high blood NK activity)") == "a miscarriage"


def test_a_tests_sentences_name_the_options_compared_not_the_test(corpus):
    """A test's rows compare what its result leads to: 'with it' would credit the test with the
    treatment's effect."""
    def change(data):
        data["kind"], data["category"] = "test", "immune-test"
        question = data["evidence"]["questions"][0]
        question["comparison"] = "IVIG vs no IVIG"
        question["outcomes"].append(outcome(estimate=2.57, ci=[1.79, 3.69], certainty="low",
                                            control_risk={"not_reported": "Not given."}))
        data["populations"].append("recurrent-pregnancy-loss")
        data["evidence"]["questions"].append({**question, "population": "recurrent-pregnancy-loss",
                                              "outcomes": [question["outcomes"].pop()]})
    said = found(corpus, change)
    assert "Compared: IVIG vs no IVIG" in said
    assert ("Out of 100 women like you, about 25 had a baby with the second option and about 26 with the first "
            "option (could be between 20 and 33).") in said
    assert ("With the first option, the chance of having a baby was 2.57 times the chance with the second option "
            "(could be between 1.79 and 3.69 times).") in said
    assert "without it" not in said and "With it" not in said
    figure = said.split('<div class="kb-figure kb-icon-array">', 1)[1].split("</div>", 1)[0]
    assert "With the first option" in figure
