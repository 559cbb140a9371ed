"""The site's search index as kb ships it: a page's names are indexed once, on the page's own entry.

mkdocs-material copies a page's front-matter tags (for a record: its name and every alias) into
the index entry of each of the page's sections. A record has six entries, so the names were two
fifths of the index, and a query that matched a name matched all six; the theme highlights every
matched entry, name by name, before it shows a result. On the page's own entry the names still
put the page first (the theme boosts tags a million-fold), the sections are still found by
their own words, and the index is a third smaller. BENCHMARKS.md has the figures.
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

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


class NamesIndexedOnce:
    """MkDocs event handler: rewrites the index the search plugin has just written, before the
    offline plugin (priority -100) inlines it into a script for `kb build --offline`."""

    @event_priority(-50)
    def on_post_build(self, *, config) -> None:
        path = Path(config.site_dir) / SEARCH_INDEX
        if not path.is_file():  # mkdocs.yml without the search plugin
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] = names_indexed_once(index["docs"])
        path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
