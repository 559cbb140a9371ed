"""What a record page puts in its <head> for search engines and Google Scholar: schema.org JSON-LD
(a MedicalWebPage about the therapy or test, when it was last reviewed, the sources it cites)
and Highwire citation_* tags. The built pages are checked in test_build.py."""
from __future__ import annotations

import html
import json
import re

import yaml

from conftest import FIXTURES
from kb.corpus import load_corpus
from kb.render import csl, highwire, jsonld
from kb.render.record_page import render_record
from kb.repository import Repository
from kb.rules import record_citations

VALID = FIXTURES / "valid" / "two-records" / "evidence"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def head_of(page: str) -> str:
    """The kb_head value of a page's front matter, read as MkDocs reads it (YAML)."""
    front_matter = page.split("---\n", 2)[1]
    return yaml.safe_load(front_matter)["kb_head"]


def rendered(root, record_id: str, repo: Repository = Repository()):
    corpus = load_corpus(root)
    record = next(r for r in corpus.records if r.id == record_id)
    return record, corpus.references, render_record(record, corpus.references, repo)


def test_a_record_page_is_a_medical_web_page_about_its_therapy_citing_its_sources(project):
    record, references, page = rendered(project(VALID), "alpha-infusion")
    [found] = SCRIPT.findall(head_of(page))
    document = json.loads(found)
    assert document["@context"] == "https://schema.org" and document["@type"] == "MedicalWebPage"
    assert document["about"] == {"@type": "MedicalTherapy", "name": "Alpha infusion",
                                 "alternateName": record.data["aliases"]}
    assert document["lastReviewed"] == "2024-01-05" and "url" not in document
    cited = {work["name"] for work in document["citation"]}
    assert cited == {references[key].get("title") for _, key in record_citations(record)} and len(cited) == 3
    smith = next(work for work in document["citation"] if work["name"].startswith("A randomised"))
    assert smith["@type"] == "ScholarlyArticle" and smith["sameAs"] == "https://doi.org/10.1000/jt.2021.12"
    assert smith["author"][0] == {"@type": "Person", "familyName": "Smith", "givenName": "A", "name": "A Smith"}
    assert smith["isPartOf"] == {"@type": "Periodical", "name": "Journal of Tests"}


def test_a_test_record_is_about_a_medical_test_and_the_page_address_comes_from_site_url(project):
    _, _, page = rendered(project(VALID), "beta-test", Repository(site="https://example.org/kb"))
    document = json.loads(SCRIPT.findall(head_of(page))[0])
    assert document["about"]["@type"] == "MedicalTest"
    assert document["url"] == "https://example.org/kb/tests/beta-test/"


def test_the_page_cites_itself_in_citation_tags(project):
    _, _, page = rendered(project(VALID), "alpha-infusion", Repository(site="https://example.org"))
    tags = dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', head_of(page)))
    assert tags == {"citation_title": "Alpha infusion", "citation_author": csl.PUBLISHER,
                    "citation_publication_date": "2024/01/05", "citation_publisher": csl.PUBLISHER,
                    "citation_language": "en",
                    "citation_public_url": "https://example.org/treatments/alpha-infusion/"}


def test_text_cannot_leave_the_script_or_the_attribute():
    hostile = 'Alpha</script><script>alert(1)</script> & "quoted"'
    script = jsonld.script({"name": hostile})
    assert script.count("</script>") == 1 and json.loads(SCRIPT.findall(script)[0]) == {"name": hostile}
    tags = highwire.meta_tags({"title": hostile, "publisher": "P", "author": [{"literal": 'A "B"'}],
                               "issued": {"date-parts": [[2024, 1, 5]]}})
    assert "<script>" not in tags and html.unescape(re.findall(r'content="([^"]*)"', tags)[0]) == hostile


def test_an_organisation_author_is_an_organization_and_a_name_given_whole_a_person():
    web = jsonld.creative_work({"id": "c", "type": "webpage", "title": "Why", "publisher": "Example Clinic",
                                "author": [{"literal": "Example Clinic"}]})
    assert web["author"] == [{"@type": "Organization", "name": "Example Clinic"}] and web["@type"] == "WebPage"
    article = jsonld.creative_work({"id": "a", "type": "article-journal", "title": "T",
                                    "author": [{"literal": "Abdolmohammadi-Vahid"}]})
    assert article["author"] == [{"@type": "Person", "name": "Abdolmohammadi-Vahid"}]
