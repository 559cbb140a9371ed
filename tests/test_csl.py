"""CSL-JSON: data/references.json (every reference) and each record page's citation, read by
reference managers and citation processors. Checked by rendering them with citeproc-py."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, ROOT
from kb.bibliography import parse_bibliography
from kb.render import csl

VALID = FIXTURES / "valid" / "two-records"


def references(root):
    refs, failures = parse_bibliography((root / "evidence" / "references.bib").read_text(encoding="utf-8"))
    assert not failures
    return refs


def render(items: list[dict]) -> dict[str, str]:
    """Each item's bibliography entry, as citeproc-py writes it in the style it ships with."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return dict(zip(bibliography.keys, (str(entry) for entry in bibliography.bibliography())))


def test_every_real_reference_renders_with_citeproc_with_its_title_and_year():
    refs = references(ROOT)
    items = json.loads(csl.csl_json(csl.references_items(refs)))
    entries = render(items)
    assert len(entries) == len(refs) == len(items)
    for item in items:
        entry = entries[item["id"].lower()]
        assert item["title"].rstrip(".?") in entry, item["id"]
        if "issued" in item:
            assert str(item["issued"]["date-parts"][0][0]) in entry, item["id"]


def test_an_article_keeps_its_authors_journal_issue_pages_and_identifiers():
    item = csl.reference_item(references(VALID)["smith2021"])
    assert item == {
        "id": "smith2021", "type": "article-journal", "title": "A randomised trial of alpha infusion",
        "author": [{"family": "Smith", "given": "A"}, {"family": "Jones", "given": "B"}],
        "container-title": "Journal of Tests", "volume": "12", "issue": "3", "page": "100-110",
        "issued": {"date-parts": [[2021]]}, "DOI": "10.1000/jt.2021.12", "PMID": "12345678"}


def test_an_organisation_writing_in_its_own_name_is_one_literal_author_and_the_publisher():
    refs = references(VALID)
    web = csl.reference_item(refs["clinic2020"])
    assert web["type"] == "webpage" and web["author"] == [{"literal": "Example Clinic"}]
    assert web["publisher"] == "Example Clinic" and web["accessed"] == {"date-parts": [[2024, 1, 5]]}
    assert csl.reference_item(refs["guideline2023"])["author"] == [{"literal": "Example Guideline Group"}]


def test_names_split_at_the_comma_and_drop_others():
    assert csl.names("Lédée, Nathalie and Doyle, N and others") == [
        {"family": "Lédée", "given": "Nathalie"}, {"family": "Doyle", "given": "N"}]
    assert csl.names("ESHRE Add-ons working group") == [{"literal": "ESHRE Add-ons working group"}]


def test_a_record_page_is_cited_as_a_web_page_of_the_knowledge_base_dated_by_its_last_review():
    data = {"id": "alpha", "name": "Alpha infusion", "review": {"status": "reviewed", "last_reviewed": "2024-01-05"},
            "kind": "treatment"}
    item = csl.page_item(data)
    assert item["type"] == "webpage" and item["title"] == "Alpha infusion"
    assert item["issued"] == {"date-parts": [[2024, 1, 5]]} and item["status"] == "reviewed"
    assert "URL" not in item  # the address is known only when mkdocs.yml gives the site_url
    assert csl.page_item(data, "https://example.org/kb/")["URL"] == "https://example.org/kb/treatments/alpha/"
    assert "Alpha infusion" in render([item])["alpha"]


@pytest.mark.parametrize("value, expected", [("2021", {"date-parts": [[2021]]}),
                                             ("2024-01-05", {"date-parts": [[2024, 1, 5]]}),
                                             ("in press", {"literal": "in press"})])
def test_dates_are_date_parts_or_literal_text(value, expected):
    assert csl.date(value) == expected
