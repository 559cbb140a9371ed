"""Render: write every page the site needs as Markdown into a docs folder."""
from __future__ import annotations

import shutil
import weakref
from pathlib import Path

from ..corpus import Corpus, Record
from . import labels
from .record_page import page_url, render_record
from .site_pages import bibliography_page, claims_page, home_page, kind_page

CONTENT_DIR = "content"
# Record pages are reached from the listing pages and search, not from the nav (see navigation).
NOT_IN_NAV = "\n".join(f"/{folder}/" for folder in labels.KIND_FOLDER.values())


def render_site(corpus: Corpus, docs: Path) -> list[Path]:
    """Copy the hand-written pages into docs/ and write the generated ones beside them."""
    shutil.copytree(corpus.root / CONTENT_DIR, docs, dirs_exist_ok=True)
    return [_write(docs / path, text) for path, text in render_pages(corpus).items()]


def render_pages(corpus: Corpus, memo: weakref.WeakKeyDictionary | None = None) -> dict[str, str]:
    """Every generated page: its path in the docs folder -> its Markdown.

    memo (kept by kb serve between rebuilds) holds each record's page with what it was drawn
    from; a page whose record, references and related names are unchanged is not drawn again.
    """
    names = {r.data["id"]: (r.data["name"], labels.KIND_FOLDER[r.data["kind"]]) for r in corpus.records}
    pages = {page_url(r.data): _record_page(r, corpus, names, memo) for r in corpus.records}
    intro = (corpus.root / CONTENT_DIR / "index.md").read_text(encoding="utf-8")
    pages["index.md"] = home_page(intro, corpus)
    for kind in _kinds(corpus):
        pages[listing_url(kind)] = kind_page(corpus, kind)
    pages["bibliography.md"] = bibliography_page(corpus)
    pages["claims.md"] = claims_page(corpus)
    return pages


def _record_page(record: Record, corpus: Corpus, names: dict, memo: weakref.WeakKeyDictionary | None) -> str:
    drawn_from = (corpus.bib_stamp, [names.get(other) for other in record.data["related"]])
    if memo is not None and record in memo and memo[record][0] == drawn_from:
        return memo[record][1]
    page = render_record(record, corpus.references, names)
    if memo is not None:
        memo[record] = (drawn_from, page)
    return page


def navigation(corpus: Corpus) -> list[dict]:
    """Nav entries for the generated pages: one listing page per kind, then the ledgers.

    Records are not listed in the nav itself: the theme draws the whole nav into every page,
    so a nav of N records makes every page grow with N and the build grow with N squared.
    """
    return ([{labels.KIND_PLURAL[kind]: listing_url(kind)} for kind in _kinds(corpus)]
            + [{"Claims checked": "claims.md"}, {"Bibliography": "bibliography.md"}])


def listing_url(kind: str) -> str:
    return f"{labels.KIND_FOLDER[kind]}/index.md"


def _kinds(corpus: Corpus) -> list[str]:
    present = {r.data["kind"] for r in corpus.records}
    return [kind for kind in labels.KIND if kind in present]  # treatments first, then tests


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
