"""schema.org JSON-LD for a record page, so search engines know what the page is: a
MedicalWebPage about a therapy or a test, when it was last reviewed, and the sources it cites.
Printed into the page's <head> by overrides/main.html (the record page's front matter carries it).

Written from the same CSL items as the reference downloads (csl.py).
"""
from __future__ import annotations

import json

from .csl import PUBLISHER
from .datapackage import LICENCE_URL
ABOUT = {"treatment": "MedicalTherapy", "test": "MedicalTest"}
WORK = {"article-journal": "ScholarlyArticle", "webpage": "WebPage", "report": "Report", "book": "Book",
        "chapter": "Chapter", "document": "CreativeWork"}


def record_jsonld(data: dict, description: str, cited: list[dict], address: str = "") -> dict:
    """data: the record; description: the page's one-line description; cited: the CSL items of
    the sources the page cites, in the order it cites them; address: the page's URL, if known."""
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": data["name"],
        "description": description,
        "inLanguage": "en",
        "lastReviewed": data["review"]["last_reviewed"],
        "about": {"@type": ABOUT[data["kind"]], "name": data["name"], "alternateName": data["aliases"]},
        "isPartOf": {"@type": "WebSite", "name": PUBLISHER},
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "license": LICENCE_URL,
        "citation": [creative_work(item) for item in cited],
    }
    if address:
        page["url"] = address
    return page


def creative_work(item: dict) -> dict:
    """A CSL item as a schema.org CreativeWork."""
    work: dict = {"@type": WORK.get(item["type"], "CreativeWork"), "name": item["title"]}
    if item.get("author"):
        work["author"] = [_agent(person, item) for person in item["author"]]
    if "date-parts" in item.get("issued", {}):
        work["datePublished"] = "-".join(f"{part:02d}" for part in item["issued"]["date-parts"][0])
    if item.get("container-title"):
        kind = "Periodical" if item["type"] == "article-journal" else "CreativeWork"
        work["isPartOf"] = {"@type": kind, "name": item["container-title"]}
    if item.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if item.get("page"):
        work["pagination"] = item["page"]
    identifiers = [{"@type": "PropertyValue", "propertyID": name, "value": item[name]}
                   for name in ("DOI", "PMID") if item.get(name)]
    if identifiers:
        work["identifier"] = identifiers
    if item.get("DOI"):
        work["sameAs"] = f"https://doi.org/{item['DOI']}"
    if item.get("URL"):
        work["url"] = item["URL"]
    return work


def _agent(person: dict, item: dict) -> dict:
    if "literal" in person:  # an organisation writing in its own name, or a name given whole
        kind = "Organization" if person["literal"] == item.get("publisher") else "Person"
        return {"@type": kind, "name": person["literal"]}
    agent = {"@type": "Person", "familyName": person["family"],
             "name": " ".join(filter(None, (person.get("given"), person["family"])))}
    if person.get("given"):
        agent["givenName"] = person["given"]
    return agent


def script(document: dict) -> str:
    """The <script> element. Inside it, '</script>' in any text would end the element, and
    HTML's parser never decodes entities there: < > & are written as JSON \\u escapes."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/ld+json">{text}</script>'
