"""RIS: data/references.ris and each record page's citation, for EndNote, Zotero, Mendeley,
Covidence and Rayyan. Checked by reading them back with rispy, a RIS reader."""
from __future__ import annotations

import rispy

from conftest import ROOT
from kb.bibliography import parse_bibliography
from kb.render import csl, ris


def real_items() -> list[dict]:
    refs, _ = parse_bibliography((ROOT / "evidence" / "references.bib").read_text(encoding="utf-8"))
    return csl.references_items(refs)


def test_the_real_references_read_back_to_the_same_count_titles_and_identifiers():
    items = real_items()
    entries = rispy.loads(ris.ris(items))
    assert len(entries) == len(items) > 100
    assert [e["title"] for e in entries] == [i["title"] for i in items]
    assert [e["id"] for e in entries] == [i["id"] for i in items]
    assert [e.get("doi") for e in entries] == [i.get("DOI") for i in items]


def test_an_article_reads_back_with_its_authors_journal_year_and_pages():
    item = {"id": "smith2021", "type": "article-journal", "title": "A trial",
            "author": [{"family": "Smith", "given": "A"}, {"literal": "Example Group"}],
            "container-title": "Journal of Tests", "volume": "12", "issue": "3", "page": "100-110",
            "issued": {"date-parts": [[2021]]}, "DOI": "10.1000/jt.2021.12", "PMID": "12345678"}
    [entry] = rispy.loads(ris.ris_entry(item))
    assert entry["type_of_reference"] == "JOUR" and entry["authors"] == ["Smith, A", "Example Group"]
    assert (entry["secondary_title"], entry["volume"], entry["number"]) == ("Journal of Tests", "12", "3")
    assert (entry["start_page"], entry["end_page"], entry["year"]) == ("100", "110", "2021")
    assert entry["accession_number"] == "PMID: 12345678"


def test_a_record_page_reads_back_as_an_electronic_source_dated_by_its_last_review():
    data = {"id": "alpha", "name": "Alpha infusion", "kind": "treatment",
            "review": {"status": "reviewed", "last_reviewed": "2024-01-05"}}
    [entry] = rispy.loads(ris.ris_entry(csl.page_item(data, "https://example.org")))
    assert entry["type_of_reference"] == "ELEC" and entry["title"] == "Alpha infusion"
    assert entry["date"] == "2024/01/05" and entry["urls"] == ["https://example.org/treatments/alpha/"]


def test_a_line_break_in_a_value_cannot_end_the_field_or_the_entry():
    item = {"id": "x", "type": "webpage", "title": "Two\nlines\r\nER  - ", "author": []}
    text = ris.ris_entry(item)
    assert text.count("\r\n") == 4 and text.endswith("ER  - \r\n")
    [entry] = rispy.loads(text)
    assert entry["title"] == "Two lines ER -"
