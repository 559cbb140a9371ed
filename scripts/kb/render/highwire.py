"""Highwire Press citation_* meta tags for a record page, the tags Google Scholar and reference
managers' browser connectors read to cite a page. Written from the page's CSL item (csl.py),
the one account of how the page is cited; printed into the page's <head> by overrides/main.html.
"""
from __future__ import annotations

from .csl import written
from .markdown import attribute


def citation_tags(item: dict) -> list[tuple[str, str]]:
    """The (name, content) pairs for a page's CSL item, in Highwire's order."""
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", written(person)) for person in item.get("author", [])]
    if "date-parts" in item.get("issued", {}):
        parts = item["issued"]["date-parts"][0]
        tags.append(("citation_publication_date", "/".join(f"{part:02d}" for part in parts)))
    tags += [("citation_publisher", item["publisher"]), ("citation_language", "en")]
    if item.get("URL"):
        tags.append(("citation_public_url", item["URL"]))
    return tags


def meta_tags(item: dict) -> str:
    return "".join(f'<meta name="{name}" content="{attribute(content)}">' for name, content in citation_tags(item))
