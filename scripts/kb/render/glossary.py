"""The glossary: its own page, and tooltips wherever a term appears.

Tooltips use Python-Markdown's abbr extension (with mkdocs-material's content.tooltips): each
page gets the definitions appended as `*[term]: definition` lines, which the extension turns
into <abbr title> elements and removes from the visible text.
"""
from __future__ import annotations

import re

from .markdown import GENERATED, text

PAGE = "glossary.md"


def anchor(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def glossary_page(terms: list[dict]) -> str:
    parts = ["---\ntitle: Glossary\n---", GENERATED.format(path="content/glossary.yaml"), "# Glossary",
             "Words used on this site, in plain language. Wherever one of them appears on a page, you "
             "can point at it (or tap it) to see its meaning."]
    for entry in sorted(terms, key=lambda t: t["term"].casefold()):
        parts.append(f"## {text(entry['term'])} {{ #{anchor(entry['term'])} }}\n\n{text(entry['definition'])}")
    return "\n\n".join(parts) + "\n"


def abbreviations(terms: list[dict]) -> dict[str, str]:
    """One `*[match]: definition` line per matched word, by the word.

    The abbr extension writes the definition into a title attribute, escaping it itself; a
    match is a plain word by the glossary schema."""
    lines = {}
    for entry in terms:
        definition = " ".join(entry["definition"].split()).replace("]", ")")
        lines.update((match, f"*[{match}]: {definition}") for match in entry.get("matches", []))
    return lines


def with_tooltips(page: str, definitions: dict[str, str]) -> str:
    """A page with the definitions of the words it uses appended, for the abbr extension. A
    word the page does not contain would get no tooltip anyway: leaving its line out keeps the
    page the same and spares the extension the work (a quarter of a record page's conversion)."""
    used = [line for match, line in definitions.items() if match in page]
    return page.rstrip() + "\n\n" + "\n".join(used) + "\n" if used else page
