"""Helpers for the record page tests: the fixture's records, changed as a test needs, drawn as
the page the build would stage, and the page's raw HTML tables read back cell by cell."""
from __future__ import annotations

import copy
from html.parser import HTMLParser

from conftest import FIXTURES
from kb.corpus import Corpus, load_corpus
from kb.render.record_page import render_record

VALID = FIXTURES / "valid" / "two-records" / "evidence"

GRADE = {"design": "randomised",
         **{d: {"rating": "not-serious", "reason": "No concern."}
            for d in ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")}}


def outcome(**fields) -> dict:
    """A critical live birth row, RR 1.02 (0.8 to 1.3), control 50/200: change what a test needs."""
    row = {"outcome": "Live birth", "importance": "critical", "desirable": "higher",
           "population": "Women with two failed transfers", "measure": "RR", "estimate": 1.02, "ci": [0.8, 1.3],
           "studies": 1, "participants": 200, "certainty": "high", "citation": "smith2021",
           "control_risk": {"events": 50, "total": 200, "citation": "smith2021"}, "grade": copy.deepcopy(GRADE)}
    row.update(fields)
    return {k: v for k, v in row.items() if v is not None}


def position(**fields) -> dict:
    found = {"body": "ESHRE", "document": "Fixture guideline", "version": "2023",
             "populations": ["recurrent-implantation-failure"], "applies_to": "Patients having IVF",
             "stance": "not-recommended", "statement": "Not recommended as an add-on.", "citation": "guideline2023"}
    found.update(fields)
    return found


def load(project) -> Corpus:
    return load_corpus(project(VALID))


def page(corpus: Corpus, record_id: str = "alpha-infusion", change=None, strip: bool = True) -> str:
    """The record's page; change(data) edits a copy of the record first. Admonitions are
    indented: strip=True reads the page as if they were not."""
    record = next(r for r in corpus.records if r.id == record_id)
    if change:
        record = copy.deepcopy(record)
        change(record.data)
    drawn = render_record(record, corpus.references)
    return "\n".join(line.strip() for line in drawn.splitlines()) if strip else drawn


def views(drawn: str) -> tuple[str, str]:
    """(the patient view, the clinician view)"""
    patient = drawn.split("/// tab | For patients", 1)[1].split("/// tab | For clinicians", 1)[0]
    clinician = drawn.split("/// tab | For clinicians", 1)[1].split("\n///\n", 1)[0]
    return patient, clinician


class Tables(HTMLParser):
    """Every <table> in a piece of HTML: its classes, column headings and body rows, each row
    a list of (tag, attributes, text) cells."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"classes": attrs.get("class", "").split(), "headers": [], "rows": [],
                                "row_classes": []})
        elif tag == "tr" and self.tables:
            self._row = []
            self._row_class = attrs.get("class", "")
        elif tag in ("th", "td") and self.tables:
            self._cell = (tag, attrs, [])

    def handle_data(self, data):
        if self._cell:
            self._cell[2].append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell:
            tag_, attrs, parts = self._cell
            # A soft hyphen is only a place the line may break.
            self._row.append((tag_, attrs, " ".join("".join(parts).replace("\xad", "").split())))
            self._cell = None
        elif tag == "tr" and self.tables:
            table = self.tables[-1]
            if all(attrs.get("scope") == "col" for _, attrs, _ in self._row):
                table["headers"] = [text for _, _, text in self._row]
            else:
                table["rows"].append(self._row)
                table["row_classes"].append(self._row_class)


def tables(html: str, cls: str) -> list[dict]:
    return [t for t in Tables(html).tables if cls in t["classes"]]
