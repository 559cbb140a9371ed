"""The clinician's "What the studies found": a Summary of findings table per question in
Cochrane's layout, whose every cell says something, and which a phone can stack."""
from __future__ import annotations

import re

import pytest

from conftest import edit_evidence
from kb.corpus import load_corpus
from kb.render.record_page import render_record
from kb.render.summary_of_findings import COLUMNS
from record_pages import VALID, load, outcome, page, tables, views

SOF = "kb-sof"


@pytest.fixture
def corpus(project):
    return load(project)


def clinician(corpus, change=None) -> str:
    return views(page(corpus, change=change))[1]


def sof_rows(html: str) -> list[dict[str, str]]:
    """Each body row of every Summary of findings table as {data-label: cell text}."""
    return [{attrs["data-label"]: text for _, attrs, text in row} for t in tables(html, SOF) for row in t["rows"]]


def with_questions(*questions):
    def change(data):
        data["evidence"]["questions"] = list(questions)
    return change


def test_each_question_has_its_own_table_headed_by_group_and_comparison(corpus):
    html = clinician(corpus, with_questions(
        {"population": "recurrent-implantation-failure", "comparison": "Alpha vs saline", "outcomes": [outcome()]},
        {"population": "recurrent-pregnancy-loss", "outcomes": [outcome(outcome="Miscarriage", desirable="lower")]}))
    assert "### Recurrent implantation failure: Alpha vs saline" in html
    assert "### Recurrent pregnancy loss {" in html  # no comparison: the group alone
    assert len(tables(html, SOF)) == 2
    first, second = html.split("### Recurrent pregnancy loss", 1)
    assert "Live birth" in first.split("### Recurrent implantation failure", 1)[1] and "Miscarriage" in second


def test_columns_are_cochranes_in_cochranes_order(corpus):
    (table,) = tables(clinician(corpus), SOF)
    assert table["headers"] == ["Outcome", "Risk without it (per 1,000)", "Risk with it (per 1,000, 95% CI)",
                                "Relative effect (95% CI)", "Participants (studies)", "Certainty", "What it means"]


def test_a_row_shows_absolute_effects_computed_from_the_control_risk(corpus):
    # Control 50/200 = 250 per 1,000; RR 1.02 (0.8 to 1.3) gives 255 (200 to 325): 5 more (50 fewer to 75 more).
    (row,) = sof_rows(clinician(corpus))
    assert row["Risk without it (per 1,000)"].startswith("250 per 1,000")
    assert "Control group: 50 of 200." in row["Risk without it (per 1,000)"]
    assert row["Risk with it (per 1,000, 95% CI)"] == "255 per 1,000 (200 to 325) 5 more per 1,000 (50 fewer to 75 more)"
    assert row["Relative effect (95% CI)"] == "RR 1.02 (0.80 to 1.30)"
    assert row["Participants (studies)"] == "200 (1 study)"


def test_outcome_cell_names_importance_who_was_studied_and_the_source_by_author_and_year(corpus):
    html = clinician(corpus)
    (row,) = sof_rows(html)
    assert row["Outcome"] == "Live birth Critical Women with two failed transfers Source: Smith 2021 [2]"
    assert 'Source: Smith 2021 <sup class="kb-cite">[<a href="#ref-2">2</a>]</sup>' in html


def test_a_control_risk_from_another_source_is_cited_with_its_basis(corpus):
    def change(data):
        data["evidence"]["questions"][0]["outcomes"][0]["control_risk"] = {
            "percent": 26.1, "citation": "guideline2023", "basis": "The review's assumed risk"}
    (row,) = sof_rows(clinician(corpus, change))
    assert row["Risk without it (per 1,000)"] == (
        "261 per 1,000 Control group: 26.1%. The review's assumed risk. Example Guideline Group 2023 [1]")


def test_without_a_control_risk_the_table_says_so_and_why_never_a_blank(corpus):
    reason = "The abstract gives only the pooled ratio."
    html = clinician(corpus, with_questions({"population": "recurrent-implantation-failure", "outcomes": [
        outcome(control_risk={"not_reported": reason}),
        outcome(outcome="Clinical pregnancy", importance="important", measure="percent", estimate=32.5,
                ci=[28, 37], control_risk=None, grade=None),
        outcome(outcome="Endometrial thickness", importance="important", measure="MD", estimate=0.5,
                ci=[-0.2, 1.2], control_risk=None, grade=None)]}))
    rows = sof_rows(html)
    merged = "Risk without and with it"
    assert rows[0][merged] == f"Not computed: the source does not report the control group's risk. {reason}"
    assert rows[1][merged] == "Not computed: a rate in one group: there is no comparison."
    assert rows[2][merged] == "Not computed: a mean difference: not a risk."
    assert 'colspan="2" data-label="Risk without and with it"' in html
    assert all(text for row in rows for text in row.values())
    assert rows[1]["What it means"] == "No comparison: a rate in one group cannot show an effect."
    assert rows[1]["Relative effect (95% CI)"] == "32.5% (28% to 37%)"


def test_certainty_shows_the_symbols_the_word_and_every_reason_it_was_rated_down(corpus):
    (row,) = sof_rows(clinician(corpus, lambda d: d["evidence"]["questions"][0]["outcomes"][0].update(
        certainty="low")))
    assert row["Certainty"].startswith("⊕⊕◯◯ Low")
    # The fixture rates risk of bias and imprecision serious; domains with no concern are not listed.
    (fixture_row,) = sof_rows(clinician(corpus))
    assert fixture_row["Certainty"] == ("⊕⊕◯◯ Low Risk of bias (serious): Allocation was not concealed. "
                                        "Imprecision (serious): One small trial.")


def test_certainty_names_very_serious_concerns_upgrades_and_non_randomised_designs(corpus):
    def change(data):
        row = data["evidence"]["questions"][0]["outcomes"][0]
        row["certainty"] = "low"
        row["grade"] = {**row["grade"], "design": "non-randomised",
                        "imprecision": {"rating": "very-serious", "reason": "Twelve events."},
                        "risk_of_bias": {"rating": "not-serious", "reason": "Fine."},
                        "upgrades": [{"factor": "large-effect", "reason": "RR above 5."}]}
    (row,) = sof_rows(clinician(corpus, change))
    assert "Non-randomised studies: start at low." in row["Certainty"]
    assert "Imprecision (very serious): Twelve events." in row["Certainty"]
    assert "Rated up for a large effect: RR above 5." in row["Certainty"]


def test_what_it_means_is_the_grade_statement(corpus):
    (row,) = sof_rows(clinician(corpus))
    assert row["What it means"] == "Alpha infusion may make little or no difference to live birth."


def test_row_notes_are_numbered_through_the_section_and_linked_from_their_row(corpus):
    html = clinician(corpus, with_questions(
        {"population": "recurrent-implantation-failure", "outcomes": [outcome(note="First note.")]},
        {"population": "recurrent-pregnancy-loss", "outcomes": [outcome(), outcome(note="Second note.")]}))
    assert html.count('href="#kb-note-1"') == 1 and html.count('href="#kb-note-2"') == 1
    assert '<p class="kb-sof-note" id="kb-note-1" markdown="span"><strong>Note 1.</strong> First note.</p>' in html
    assert html.index('id="kb-note-2"') > html.index("### Recurrent pregnancy loss")  # under its own table


def test_every_cell_carries_its_columns_name_so_a_phone_can_stack_the_rows(corpus):
    html = clinician(corpus, with_questions({"population": "recurrent-implantation-failure", "outcomes": [
        outcome(), outcome(control_risk={"not_reported": "None given."})]}))
    (table,) = tables(html, SOF)
    assert "kb-stack" in table["classes"]
    full, merged = ([attrs.get("data-label") for _, attrs, _ in row] for row in table["rows"])
    assert full == COLUMNS
    assert merged == [COLUMNS[0], "Risk without and with it", *COLUMNS[3:]]
    assert all(tag == "th" and attrs.get("scope") == "row" for tag, attrs, _ in (r[0] for r in table["rows"]))


def test_the_stylesheet_stacks_the_tables_where_their_column_is_narrow():
    from conftest import ROOT
    css = (ROOT / "content" / "stylesheets" / "kb.css").read_text(encoding="utf-8")
    section = css.split("/* ---- record page ---- */", 1)[1].split("/* ---- ", 1)[0]
    narrow = section.split("@container (max-width:", 1)[1]
    assert "display: block" in narrow and "attr(data-label)" in narrow
    assert ".kb-table-frame { container-type: inline-size;" in section


def test_numbers_keep_the_decimals_the_source_gave(project):
    root = project(VALID)
    edit_evidence(root, "estimate: 1.02\n          ci: [0.8, 1.3]", "estimate: 1.20\n          ci: [0.90, 1.605]")
    corpus = load_corpus(root)
    record = next(r for r in corpus.records if r.id == "alpha-infusion")
    html = render_record(record, corpus.references)
    assert "RR 1.20 (0.90 to 1.605)" in html


def test_the_forest_plot_follows_the_tables(corpus):
    html = clinician(corpus)
    assert 'class="kb-figure"' in html
    assert html.index('class="kb-figure"') > html.rindex('class="kb-stack kb-sof"')


def test_a_record_without_results_says_so(corpus):
    html = clinician(corpus, with_questions())
    assert "No study results have been added to this record yet." in html
    assert not tables(html, SOF)


def test_where_the_answer_differs_by_population_is_a_stackable_table_too(corpus):
    def change(data):
        data["evidence"]["by_population"] = [{"population": "antiphospholipid-syndrome", "certainty": "low",
                                              "direction": "benefit", "rationale": "Five trials."}]
    (table,) = tables(clinician(corpus, change), "kb-by-population")
    assert [attrs["data-label"] for _, attrs, _ in table["rows"][0]] == ["Population", "Certainty", "Direction", "Why"]
    assert [text for _, _, text in table["rows"][0]] == ["Antiphospholipid syndrome", "Low", "Benefit", "Five trials."]


@pytest.mark.parametrize("field, value", [
    ("outcome", "<script>alert(1)</script>"), ("population", "<img src=x onerror=alert(1)>"),
    ("note", "<script>alert(1)</script>"), ("control_risk", {"not_reported": "<script>alert(1)</script>"}),
    ("grade", {"design": "randomised", "risk_of_bias": {"rating": "serious", "reason": "<script>x</script>"},
               **{d: {"rating": "not-serious", "reason": "ok"}
                  for d in ("inconsistency", "indirectness", "imprecision", "publication_bias")}}),
])
def test_record_text_in_the_table_is_shown_not_run(corpus, field, value):
    html = clinician(corpus, lambda d: d["evidence"]["questions"][0]["outcomes"][0].update({field: value}))
    assert "<script>" not in html and "<img" not in html
    assert re.search(r"&#60;(script|img)", html)


def test_a_hostile_comparison_cannot_break_out_of_its_heading(corpus):
    html = clinician(corpus, lambda d: d["evidence"]["questions"][0].update(
        comparison="x { #id .cls } <b>y</b>\n## Injected"))
    assert "<b>" not in html and "\n## Injected" not in html
