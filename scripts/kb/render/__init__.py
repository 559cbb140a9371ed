"""Render: write every page the site needs as Markdown into a docs folder."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..corpus import Corpus
from ..repository import repository
from . import labels
from .record_page import page_url, render_record
from .site_pages import bibliography_page, claims_page, home_page

CONTENT_DIR = "content"


def render_site(corpus: Corpus, docs: Path) -> list[Path]:
    """Copy the hand-written pages into docs/ and write the generated ones beside them."""
    shutil.copytree(corpus.root / CONTENT_DIR, docs, dirs_exist_ok=True)
    names = {r.data["id"]: (r.data["name"], labels.KIND_FOLDER[r.data["kind"]]) for r in corpus.records}
    repo = repository(corpus.root)
    written = []
    for record in corpus.records:
        page = render_record(record, corpus.references, names, repo)
        written.append(_write(docs / page_url(record.data), page))
    intro = (corpus.root / CONTENT_DIR / "index.md").read_text(encoding="utf-8")
    written.append(_write(docs / "index.md", home_page(intro, corpus)))
    written.append(_write(docs / "bibliography.md", bibliography_page(corpus)))
    written.append(_write(docs / "claims.md", claims_page(corpus)))
    return written


def navigation(corpus: Corpus) -> list[dict]:
    """Nav entries for the generated pages: one section per kind, records by name."""
    sections = []
    for kind, title in labels.KIND_PLURAL.items():
        records = sorted((r.data for r in corpus.records if r.data["kind"] == kind), key=lambda d: d["name"].casefold())
        if records:
            sections.append({title: [{d["name"]: page_url(d)} for d in records]})
    return sections + [{"Claims checked": "claims.md"}, {"Bibliography": "bibliography.md"}]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
