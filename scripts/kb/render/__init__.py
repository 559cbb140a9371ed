"""Render: write every page the site needs as Markdown into a docs folder."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..corpus import GLOSSARY_PATH, Corpus
from ..repository import repository
from . import comparison, glossary, labels
from .exports import write_exports
from .markdown import page_title
from .paths import page_url
from .record_page import render_record
from .site_pages import bibliography_page, claims_page, home_page
from .tags import tag_pages

CONTENT_DIR = "content"


def render_site(corpus: Corpus, docs: Path, directory_urls: bool = True) -> list[Path]:
    """Copy the hand-written pages into docs/ and write the generated ones and the data exports
    beside them. directory_urls: the site's URL style (the offline build turns it off), needed
    where links are written as raw HTML."""
    shutil.copytree(corpus.root / CONTENT_DIR, docs, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(Path(GLOSSARY_PATH).name))
    names = {r.data["id"]: (r.data["name"], labels.KIND_FOLDER[r.data["kind"]]) for r in corpus.records}
    repo = repository(corpus.root)
    pages = {page_url(r.data): render_record(r, corpus.references, names, repo) for r in corpus.records}
    intro = (corpus.root / CONTENT_DIR / "index.md").read_text(encoding="utf-8")
    pages["index.md"] = home_page(intro, corpus, directory_urls)
    pages["bibliography.md"] = bibliography_page(corpus)
    pages["claims.md"] = claims_page(corpus)
    pages[comparison.PAGE] = comparison.comparison_page(corpus, directory_urls)
    pages.update(tag_pages(corpus))
    terms = corpus.glossary.data["terms"] if corpus.glossary else []
    if terms:
        pages[glossary.PAGE] = glossary.glossary_page(terms)
    written = [_write(docs / path, text) for path, text in pages.items()]
    _add_tooltips(docs, glossary.abbreviations(terms))
    write_exports(corpus, docs)
    return written


def _add_tooltips(docs: Path, definitions: str) -> None:
    """Append the glossary's definitions to every page, hand-written or generated."""
    if not definitions:
        return
    for page in docs.rglob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").rstrip() + "\n\n" + definitions + "\n", encoding="utf-8")


def navigation(corpus: Corpus) -> list[dict]:
    """Nav entries for the generated pages: one section per kind, records by name."""
    sections = [{"Compare all": comparison.PAGE}]
    for kind, title in labels.KIND_PLURAL.items():
        records = sorted((r.data for r in corpus.records if r.data["kind"] == kind), key=lambda d: d["name"].casefold())
        if records:
            sections.append({title: [{page_title(d["name"]): page_url(d)} for d in records]})
    extra = [{"Claims checked": "claims.md"}, {"Tags": "tags/index.md"}]
    if corpus.glossary:
        extra.append({"Glossary": glossary.PAGE})
    return sections + extra + [{"Bibliography": "bibliography.md"}]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
