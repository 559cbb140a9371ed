"""The bibliography: every reference in Vancouver style with the records that cite it, one page
per first letter (of the first author, organisation or title), and an index of the letters.

A page per letter keeps each page a size a reader can scroll (one page of 1,000 records'
references was 1 MB). The lists are filled in after the engine (fills.py): a renamed record
changes the "cited by" line of every reference it cites. Their anchors are the citation keys;
MkDocs does not see them, so other pages link to them in raw HTML (reference_link).
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from urllib.parse import quote

from ..bibliography import Reference
from ..corpus import Corpus
from ..rules import record_citations
from .fills import Page, marker
from .links import html_list, record_link, relative_href
from .markdown import GENERATED, attribute, front_matter_value
from .vancouver import format_reference

FOLDER = "bibliography"
INDEX = f"{FOLDER}/index.md"
OTHER = "other"  # references whose sort key does not start with a letter
# Not in the search index: see record_page._references (digits trip a lunr bug).
NOT_SEARCHED = "search:\n  exclude: true\n"


def sort_key(ref: Reference) -> tuple:
    return ((ref.get("author") or ref.get("organization") or ref.get("title")).casefold(), ref.get("year"))


def letter(ref: Reference) -> str:
    """The page a reference is on: the first letter of its sort key, accents removed."""
    first = unicodedata.normalize("NFKD", sort_key(ref)[0][:1])[:1]
    return first if "a" <= first <= "z" else OTHER


def reference_page(key: str, references: dict[str, Reference]) -> str:
    """Docs path of the page that lists a reference (anchor: its key)."""
    return f"{FOLDER}/{letter(references[key])}.md"


def reference_link(key: str, references: dict[str, Reference], from_page: str, directory_urls: bool,
                   label: str = "Full reference") -> str:
    """A raw HTML link to a reference on its letter's page (MkDocs cannot check that anchor)."""
    href = relative_href(from_page, reference_page(key, references), directory_urls) + "#" + quote(key)
    return f'<a href="{attribute(href)}">{label}</a>'


def cited_by(corpus: Corpus) -> dict[str, list[dict]]:
    users: dict[str, list[dict]] = defaultdict(list)
    for record in sorted(corpus.records, key=lambda r: (r.data["name"].casefold(), r.data["id"])):
        for key in dict.fromkeys(key for _, key in record_citations(record)):
            users[key].append(record.data)
    return users


def bibliography_pages(corpus: Corpus, directory_urls: bool = True) -> dict[str, Page]:
    """docs path -> page: the index of letters and one page per letter in use, whose list of
    references is filled in after the engine (fills.py)."""
    users = cited_by(corpus)
    by_letter: dict[str, list[Reference]] = defaultdict(list)
    for ref in sorted(corpus.references.values(), key=sort_key):
        by_letter[letter(ref)].append(ref)
    letters = sorted(by_letter, key=lambda x: (x == OTHER, x))
    pages = {INDEX: Page(_index(corpus, by_letter, letters))}
    for here in letters:
        page = f"{FOLDER}/{here}.md"
        items = [f'<span id="{attribute(ref.key)}"></span>{format_reference(ref)}<br>\n<em>Cited by:</em> '
                 + (", ".join(record_link(d, page, directory_urls) for d in users.get(ref.key, [])) or "no record yet")
                 for ref in by_letter[here]]
        pages[page] = Page("\n\n".join([
            f"---\ntitle: {front_matter_value(f'Bibliography: {_label(here)}')}\n{NOT_SEARCHED}---",
            GENERATED.format(path="evidence/references.bib"),
            f"# Bibliography: {_label(here)}",
            f"{len(items)} of the {len(corpus.references)} sources cited in the knowledge base, in Vancouver "
            "style, with the records that cite each one. " + _letter_links(letters, here),
            marker("references"),
        ]) + "\n", {"references": html_list(items, "kb-bibliography")})
    return pages


def _label(here: str) -> str:
    return "other" if here == OTHER else here.upper()


def _letter_links(letters: list[str], here: str) -> str:
    links = [f"**{_label(x)}**" if x == here else f"[{_label(x)}]({x}.md)" for x in letters]
    return "Other letters: " + " · ".join(links) + " ([all](index.md))."


def _index(corpus: Corpus, by_letter: dict[str, list[Reference]], letters: list[str]) -> str:
    lines = [f"- [{_label(x)}]({x}.md): {len(by_letter[x])} {'source' if len(by_letter[x]) == 1 else 'sources'}"
             for x in letters]
    return "\n\n".join([
        f"---\ntitle: Bibliography\n{NOT_SEARCHED}---",
        GENERATED.format(path="evidence/references.bib"),
        "# Bibliography",
        f"All {len(corpus.references)} sources cited in the knowledge base, in Vancouver style, with the "
        "records that cite each one, by the first letter of the first author (or organisation).",
        "\n".join(lines),
    ]) + "\n"
