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


def abbreviations(terms: list[dict]) -> str:
    """The block appended to every page: one `*[match]: definition` line per matched word.

    The abbr extension writes the definition into a title attribute, escaping it itself; a
    match is a plain word by the glossary schema."""
    lines = []
    for entry in terms:
        definition = " ".join(entry["definition"].split()).replace("]", ")")
        lines += [f"*[{match}]: {definition}" for match in entry.get("matches", [])]
    return "\n".join(lines)
