"""Lists that grow with the corpus, and links to files the engine never sees (each record's own
downloads, paths.split_by_engine), filled into the built pages after the site engine.

A page's Markdown carries a marker, `<!-- kb:fill <name> -->`, where a long generated list goes
(the comparison table, the evidence map, the records of a listing or tag page, a letter of the
bibliography); once the engine has built the page, its HTML is put in after the marker. The
engine then converts pages that stay the same size at any N, and kb serve redraws a list
without converting its page again: at 1,000 records a rename changed 4 MB of these lists, 8 s
of MkDocs (BENCHMARKS.md). The HTML is escaped where it is drawn, like all raw HTML here; its
links are checked by tests/test_build_safety.py on the built site, not by MkDocs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .links import page_url

_START, _END = "<!-- kb:fill {} -->", "<!-- kb:/fill {} -->"


@dataclass
class Page:
    """A generated page: its Markdown, and the HTML for each of its markers by name."""
    markdown: str
    fills: dict[str, str] = field(default_factory=dict)


def marker(name: str) -> str:
    """What a page's Markdown holds where the list called name goes (a block of its own)."""
    return _START.format(name)


class FillError(Exception):
    pass


def fill(html: str, fills: dict[str, str]) -> str:
    """html with each named list put after its marker, replacing the list filled in before."""
    for name, content in fills.items():
        start, end = _START.format(name), _END.format(name)
        pattern = re.compile(re.escape(start) + "(?:.*?" + re.escape(end) + ")?", re.S)
        html, found = pattern.subn(lambda _: start + content + end, html, count=1)
        if not found:
            raise FillError(f"the built page has no marker for '{name}'")
    return html


def built_file(docs_path: str, directory_urls: bool) -> str:
    """The HTML file the engine writes for a docs page: compare.md -> compare/index.html."""
    url = page_url(docs_path, directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


def fill_site(site: Path, fills: dict[str, dict[str, str]], directory_urls: bool, only=None) -> None:
    """Fill the lists of every page in fills (or only of the pages named in only) in site/."""
    for docs_path in fills if only is None else [p for p in only if p in fills]:
        target = site / built_file(docs_path, directory_urls)
        target.write_text(fill(target.read_text(encoding="utf-8"), fills[docs_path]), encoding="utf-8")
