"""The site's search index as kb ships it: a page's names indexed once, and a record's answer on
its own entry.

mkdocs-material copies a page's front-matter tags (for a record: its name and every alias) into
the index entry of each of the page's sections. A record has six entries, so the names were two
fifths of the index, and a query that matched a name matched all six; the theme highlights every
matched entry, name by name, before it shows a result. On the page's own entry the names still
put the page first (the theme boosts tags a million-fold), the sections are still found by
their own words, and the index is a third smaller. BENCHMARKS.md has the figures.

A record page's front matter carries what its search result shows (render/search_answer.py).
It goes onto the page's own entry as a field lunr does not index, so it changes no ranking;
kb's search worker shows it (search_worker_results_patch.js).
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from .render.search_answer import FRONT_MATTER_KEY

SEARCH_INDEX = Path("search") / "search_index.json"


def names_indexed_once(docs: list[dict]) -> list[dict]:
    """The entries, with tags kept only on each page's first entry (the page itself)."""
    pages_seen: set[str] = set()
    for entry in docs:
        page = entry["location"].split("#")[0]
        if page in pages_seen:
            entry.pop("tags", None)
        pages_seen.add(page)
    return docs


def with_answers(docs: list[dict], answers: dict[str, str]) -> list[dict]:
    """The entries, each page's own entry carrying its answer (by page location), if it has one."""
    for entry in docs:
        if entry["location"] in answers:
            entry[FRONT_MATTER_KEY] = answers[entry["location"]]
    return docs


class SearchIndexAsShipped:
    """MkDocs event handler: collects the answers from the pages it builds, then rewrites the
    index the search plugin has just written, before the offline plugin (priority -100) inlines
    it into a script for `kb build --offline`. A dirty build indexes only the pages it built, and
    sees only theirs: incremental.py carries the other entries over."""

    def __init__(self):
        self.answers: dict[str, str] = {}

    def on_page_context(self, context, *, page, config, nav):
        if FRONT_MATTER_KEY in page.meta:
            self.answers[page.url] = str(page.meta[FRONT_MATTER_KEY])
        return context

    @event_priority(-50)
    def on_post_build(self, *, config) -> None:
        path = Path(config.site_dir) / SEARCH_INDEX
        if not path.is_file():  # mkdocs.yml without the search plugin
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] = with_answers(names_indexed_once(index["docs"]), self.answers)
        path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
