"""Guideline and regulator positions on a record page: each names whom it applies to, which
document and version it comes from, and whether it has been superseded, so that two answers
for two groups never read as one contradiction."""
from __future__ import annotations

import pytest

from kb.render import labels
from kb.render.questions import questions
from record_pages import load, page, position, tables, views

APS = position(document="Recurrent pregnancy loss guideline", version="2018", populations=["antiphospholipid-syndrome"],
               applies_to="Women with APS and three or more losses", stance="suggested",
               statement="Heparin plus aspirin is suggested.", citation="guideline2023")
INHERITED = position(document="Recurrent pregnancy loss guideline", version="2018",
                     populations=["inherited-thrombophilia"], applies_to="Women with hereditary thrombophilia",
                     stance="suggested-against", statement="Antithrombotic prophylaxis is suggested against.",
                     citation="guideline2023")


@pytest.fixture
def corpus(project):
    return load(project)


def with_positions(*found, populations=None):
    def change(data):
        data["positions"] = [dict(p) for p in found]
        if populations:
            data["populations"] = populations
    return change


def test_stances_that_are_not_ratings_have_their_own_words():
    assert labels.STANCE["not-addressed"] == "Does not address this"
    assert labels.STANCE["not-retrieved"] == "Wording not retrieved"


def test_the_clinician_table_shows_body_document_version_groups_stance_statement_and_source(corpus):
    html = views(page(corpus, change=with_positions(APS)))[1]
    (table,) = tables(html, "kb-positions")
    assert table["headers"] == ["Body and document", "Applies to", "Position", "What they say", "Source"]
    (row,) = table["rows"]
    assert [text for _, _, text in row] == [
        "ESHRE Recurrent pregnancy loss guideline, 2018",
        "Antiphospholipid syndrome Women with APS and three or more losses",
        "Suggested", "Heparin plus aspirin is suggested.", "Example Guideline Group 2023 [1]"]
    assert [attrs["data-label"] for _, attrs, _ in row] == table["headers"]


def test_a_superseded_position_stays_shown_and_says_by_what(corpus):
    old = dict(APS, superseded_by="The 2022 update, whose wording was not seen.")
    html = views(page(corpus, change=with_positions(old, INHERITED)))[1]
    (table,) = tables(html, "kb-positions")
    assert table["row_classes"] == ["kb-superseded", ""]
    assert table["rows"][0][2][2] == "Suggested Superseded by The 2022 update, whose wording was not seen."


def test_a_position_not_retrieved_says_what_was_searched(corpus):
    missing = position(stance="not-retrieved", statement="The guideline covers this area.",
                       searched="PubMed and the publisher's page, 2026-12-03.")
    html = views(page(corpus, change=with_positions(missing)))[1]
    (row,) = tables(html, "kb-positions")[0]["rows"]
    assert row[2][2] == "Wording not retrieved"
    assert row[3][2] == "The guideline covers this area. Searched: PubMed and the publisher's page, 2026-12-03."


def test_at_a_glance_names_each_positions_groups_so_two_answers_do_not_look_contradictory(corpus):
    drawn = page(corpus, change=with_positions(APS, dict(INHERITED, superseded_by="A later version.")))
    glance = drawn.split("!!! abstract", 2)[1]
    assert ('| What does ESHRE say? | <span class="kb-badge kb-stance-suggested">Suggested</span> for '
            "antiphospholipid syndrome (2018)") in glance
    assert ('| What does ESHRE say? | <span class="kb-badge kb-stance-suggested-against">Suggested against</span> '
            "for inherited thrombophilia (2018; superseded)") in glance


def test_at_a_glance_lists_several_groups_in_a_sentence(corpus):
    both = dict(APS, populations=["recurrent-pregnancy-loss", "unselected-ivf", "antiphospholipid-syndrome"])
    glance = page(corpus, change=with_positions(both)).split("!!! abstract", 2)[1]
    assert "for recurrent pregnancy loss, IVF (unselected) and antiphospholipid syndrome (2018)" in glance


def test_patients_see_every_position_by_group_with_replaced_guidance_marked(corpus):
    replaced = dict(APS, superseded_by="A later version.")
    current = position(populations=["antiphospholipid-syndrome", "inherited-thrombophilia"], body="RCOG",
                       version="2023", stance="research-only", statement="Only in research.")
    patient = views(page(corpus, change=with_positions(
        replaced, INHERITED, current, populations=["antiphospholipid-syndrome", "inherited-thrombophilia"])))[0]
    said = patient.split("## What guidelines say", 1)[1].split("## Questions to ask your clinic", 1)[0]
    aps, inherited = said.split("**With an inherited clotting condition**")
    assert "**With antiphospholipid syndrome**" in aps
    # Current guidance first; the replaced version after it, said to be replaced.
    assert aps.index("**RCOG** (2023)") < aps.index("Older guidance, since replaced") < aps.index("**ESHRE** (2018)")
    assert "**ESHRE** (2018): " in inherited and "Suggested against" in inherited and "Older" not in inherited
    assert "**RCOG** (2023)" in inherited


def test_a_record_without_positions_says_so_in_both_views(corpus):
    patient, clinician = views(page(corpus, "beta-test"))
    assert "We have not found a position from ESHRE" in patient and "We have not found a position from ESHRE" in clinician


def test_advice_against_names_its_groups_when_it_does_not_cover_them_all(corpus):
    record = next(r for r in corpus.records if r.id == "alpha-infusion")
    data = dict(record.data, populations=["antiphospholipid-syndrome", "inherited-thrombophilia"],
                positions=[APS, INHERITED])
    asked = [q for q, _ in questions(data)]
    assert ("ESHRE advises against using this routinely for women with an inherited clotting condition. "
            "Why do you suggest it for me?") in asked


def test_superseded_advice_against_is_not_put_to_the_clinic(corpus):
    record = next(r for r in corpus.records if r.id == "alpha-infusion")
    data = dict(record.data, positions=[dict(INHERITED, populations=["recurrent-implantation-failure"],
                                             superseded_by="A later version.")])
    assert not [q for q, _ in questions(data) if "advises against" in q]
    data["positions"][0].pop("superseded_by")
    assert "ESHRE advises against using this routinely. Why do you suggest it for me?" in [q for q, _ in questions(data)]
