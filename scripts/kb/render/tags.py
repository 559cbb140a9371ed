"""Tags: population, category, certainty and stance, each with a listing page.

Tag values are never free text: they come from the record's own schema-validated fields
(populations, category, evidence.certainty, positions' body and stance), so every tag belongs
to a vocabulary in the JSON Schema by construction.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..corpus import Corpus
from . import labels
from .fills import Page, marker
from .links import html_list, record_link
from .markdown import GENERATED, front_matter_value, text
from .paths import page_url, up_from

TAGS_DIR = "tags"
FACETS = {"population": "Population", "category": "Category", "certainty": "Certainty (live birth)",
          "stance": "Guideline position"}
# Listing pages repeat record names; in search they would only crowd out the records themselves.
NOT_SEARCHED = "search:\n  exclude: true\n"
VOCABULARY_ORDER = {"population": list(labels.POPULATION), "category": list(labels.CATEGORY),
                    "certainty": list(labels.CERTAINTY)}


@dataclass(frozen=True, order=True)
class Tag:
    facet: str
    value: str
    label: str

    @property
    def path(self) -> str:
        return f"{TAGS_DIR}/{self.facet}/{self.value}.md"


def record_tags(data: dict) -> list[Tag]:
    tags = [Tag("population", p, labels.POPULATION[p]) for p in data["populations"]]
    tags.append(Tag("category", data["category"], labels.CATEGORY[data["category"]]))
    certainty = data["evidence"]["certainty"]
    tags.append(Tag("certainty", certainty, labels.CERTAINTY[certainty]))
    for position in data["positions"]:
        value = f"{position['body'].lower()}-{position['stance']}"
        tags.append(Tag("stance", value, f"{position['body']}: {labels.STANCE[position['stance']]}"))
    return list(dict.fromkeys(tags))


def tag_links(data: dict) -> str:
    """The record page's tag line; links are relative to the record's page."""
    up = up_from(page_url(data))
    chips = [f'[{text(tag.label)}]({up}{tag.path}){{ .kb-tag }}' for tag in record_tags(data)]
    return '<p class="kb-tags" markdown>**Tags:** ' + " ".join(chips) + "</p>"


def tagged(corpus: Corpus) -> dict[Tag, list[dict]]:
    index: dict[Tag, list[dict]] = defaultdict(list)
    for record in sorted(corpus.records, key=lambda r: r.data["name"].casefold()):
        for tag in record_tags(record.data):
            index[tag].append(record.data)
    return index


def tag_pages(corpus: Corpus, directory_urls: bool = True) -> dict[str, Page]:
    """docs path -> page: one page per tag in use, and the tag index. A tag's records are a list
    filled in after the engine, like every listing (fills.py)."""
    index = tagged(corpus)
    pages = {}
    for tag, records in index.items():
        items = [f"{record_link(d, tag.path, directory_urls)} — {labels.KIND[d['kind']].lower()}, "
                 f"certainty {labels.certainty_badge(d['evidence']['certainty'])}" for d in records]
        pages[tag.path] = Page("\n\n".join([
            f'---\ntitle: {front_matter_value(f"{FACETS[tag.facet]}: {tag.label}")}\n{NOT_SEARCHED}---',
            GENERATED.format(path="the records' tags"),
            f"# {FACETS[tag.facet]}: {text(tag.label)}",
            f"{len(records)} {'record' if len(records) == 1 else 'records'} with this tag. "
            "[All tags](../index.md)",
            marker("records"),
        ]) + "\n", {"records": html_list(items, "kb-listing")})
    pages[f"{TAGS_DIR}/index.md"] = Page(_tag_index(index))
    return pages


def _listing_order(tag: Tag) -> tuple:
    order = VOCABULARY_ORDER.get(tag.facet)
    return (order.index(tag.value), "") if order else (0, tag.label.casefold())


def _tag_index(index: dict[Tag, list[dict]]) -> str:
    parts = [f"---\ntitle: Tags\n{NOT_SEARCHED}---", GENERATED.format(path="the records' tags"), "# Tags",
             "Browse the records by who they concern, what kind of add-on they are, how certain the "
             "evidence is, and what guideline bodies say."]
    for facet, title in FACETS.items():
        tags = sorted((t for t in index if t.facet == facet), key=_listing_order)
        parts.append(f"## {title}")
        parts.append("\n".join(f"- [{text(t.label)}]({facet}/{t.value}.md) ({len(index[t])})" for t in tags))
    return "\n\n".join(parts) + "\n"
