"""References as CSL-JSON, the format reference managers (Zotero, Mendeley) and citation
processors read: data/references.json, every entry of references.bib; and each record page as
an item of its own, for its "cite this page" download.

BibTeX is read in one place (kb.bibliography); this is the one place its fields are mapped to
those of other tools: RIS (ris.py), schema.org (jsonld.py) and the page's citation_* tags
(highwire.py) are written from these items.
"""
from __future__ import annotations

import json
import re

from ..bibliography import Reference
from .links import page_url as built_url
from .paths import page_url

PUBLISHER = "Fertility Immunotherapy Evidence"  # the author, publisher and container of every record page
PAGE_GENRE = "evidence record"
# Our entry types (rules.REQUIRED_FIELDS) as CSL item types.
TYPES = {"article": "article-journal", "online": "webpage", "misc": "document", "report": "report",
         "techreport": "report", "book": "book", "incollection": "chapter"}
# BibTeX field -> CSL variable, where the value is copied as it is.
COPIED = {"title": "title", "volume": "volume", "doi": "DOI", "pmid": "PMID", "url": "URL", "issn": "ISSN",
          "note": "note", "type": "genre"}


def reference_item(ref: Reference) -> dict:
    """One references.bib entry as a CSL-JSON item (its id is the BibTeX key)."""
    item: dict = {"id": ref.key, "type": TYPES.get(ref.entry_type, "document")}
    for field, variable in COPIED.items():
        if ref.get(field):
            item[variable] = ref.get(field)
    people = names(ref.get("author"))
    organisation = ref.get("organization") or ref.get("institution") or ref.get("publisher")
    if people:
        item["author"] = people
    elif organisation:
        item["author"] = [{"literal": organisation}]  # a guideline body writing in its own name
    if organisation:
        item["publisher"] = organisation
    container = ref.get("journal") or ref.get("booktitle")
    if container:
        item["container-title"] = container
    if ref.get("number"):
        # An article's number is its issue; a report's is its number in a series.
        item["issue" if ref.entry_type == "article" else "number"] = ref.get("number")
    if ref.get("pages"):
        item["page"] = ref.get("pages").replace("--", "-").replace("–", "-")
    if ref.get("year"):
        item["issued"] = date(ref.get("year"))
    if ref.get("urldate"):
        item["accessed"] = date(ref.get("urldate"))
    return item


def names(authors: str) -> list[dict]:
    """'Lédée, Nathalie and Doyle, N and others' -> family/given parts; a name without a comma
    (an organisation, a consortium) stays whole, as a literal. 'others' cannot be said in CSL."""
    people = []
    for name in (n.strip() for n in authors.split(" and ")):
        if not name or name.lower() == "others":
            continue
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
            people.append({"family": family, "given": given} if given else {"family": family})
        else:
            people.append({"literal": name})
    return people


def written(person: dict) -> str:
    """A CSL name as the bibliography writes it: 'Family, Given', 'Family', or a literal whole."""
    return person.get("literal") or ", ".join(filter(None, (person.get("family"), person.get("given"))))


def date(value: str) -> dict:
    """A year or a YYYY-MM-DD date as CSL date parts; anything else as literal text."""
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", value):
        return {"date-parts": [[int(part) for part in value.split("-")]]}
    return {"literal": value}


def references_items(references: dict[str, Reference]) -> list[dict]:
    return [reference_item(references[key]) for key in sorted(references)]


def page_item(data: dict, site_url: str = "") -> dict:
    """A record page as a CSL item: what the page's "cite this page" text says. Its address is
    known only when mkdocs.yml names the site_url; the page's own text is completed in the browser."""
    review = data["review"]
    item = {"id": data["id"], "type": "webpage", "title": data["name"], "author": [{"literal": PUBLISHER}],
            "container-title": PUBLISHER, "publisher": PUBLISHER, "genre": PAGE_GENRE, "status": review["status"],
            "issued": date(review["last_reviewed"])}
    if site_url:
        item["URL"] = page_address(data, site_url)
    return item


def page_address(data: dict, site_url: str) -> str:
    return site_url.rstrip("/") + "/" + built_url(page_url(data), directory_urls=True)


def csl_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
