"""What a search result shows for a record: what a reader needs to choose between results.

Its kind, the certainty of the evidence on live birth (the listing pages' badge) and what the
evidence shows, then the first sentence of the plain summary (what the thing is). The record's
page carries it in its front matter; kb.search_index puts it on the page's own index entry, and
kb's search worker shows it under the name (search_worker_results_patch.js). The aliases stay
searchable but are not shown.
"""
from __future__ import annotations

import json
import re

from .. import prose as subset
from . import labels
from .markdown import page_title

FRONT_MATTER_KEY = "search_answer"
# A sentence ends at . ! or ? before a space or the end ("2.5 mg" and "e.g.," do not end one).
_SENTENCE = re.compile(r".+?[.!?]+(?=\s|$)", re.S)
LONGEST = 200  # characters of the sentence shown; a phone shows about four lines of it


def search_answer(data: dict) -> str:
    """The result's text, as HTML: the theme inserts a result's text as it is, so the sentence is
    escaped as the theme's titles are."""
    ev = data["evidence"]
    # After the kind, the words and badge of the listing pages (site_pages.kind_page).
    facts = (f'<strong>{labels.KIND[data["kind"]]}</strong> · certainty '
             f'{labels.certainty_badge(ev["certainty"])}, {labels.DIRECTION[ev["direction"]].lower()}')
    return (f'<p class="kb-search-answer">{facts}</p>'
            f'<p class="kb-search-summary">{page_title(first_sentence(data["summary"]["patient"]))}</p>')


def front_matter_line(data: dict) -> str:
    # A JSON string is valid YAML, and keeps the HTML exactly as drawn.
    return f"{FRONT_MATTER_KEY}: {json.dumps(search_answer(data), ensure_ascii=False)}"


def first_sentence(prose: str) -> str:
    """The first sentence of record prose, as plain text (its emphasis and links dropped)."""
    first = subset.blocks(prose)[0]
    words = " ".join(_plain(subset.spans(first.items[0])).split())
    sentence = _SENTENCE.match(words)
    shown = sentence[0] if sentence else words
    if len(shown) <= LONGEST:
        return shown
    return shown[:LONGEST].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _plain(spans) -> str:
    return "".join(span.text if span.kind == "text" else _plain(span.children) for span in spans)
