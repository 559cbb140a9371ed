"""Render: write every page the site needs as Markdown into a docs folder."""
from __future__ import annotations

import shutil
import weakref
from pathlib import Path

from ..corpus import GLOSSARY_PATH, Corpus, Record
from ..repository import Repository, repository
from . import comparison, glossary, labels
from .exports import write_exports
from .paths import page_url
from .record_page import render_record
from .site_pages import bibliography_page, claims_page, home_page, kind_page, listing_url
from .tags import TAGS_DIR, tag_pages

CONTENT_DIR = "content"
# Record pages are reached from their kind's listing page, not from the nav: the theme draws the whole nav into every page, so a nav of N records would
# make every page grow with N and the build with N squared. Joined to mkdocs.yml's not_in_nav.
NOT_IN_NAV = [f"/{folder}/*.md" for folder in labels.KIND_FOLDER.values()]


def render_site(corpus: Corpus, docs: Path, directory_urls: bool = True) -> list[Path]:
    """Copy the hand-written pages into docs/ and write the generated ones and the data exports
    beside them. directory_urls: the site's URL style (the offline build turns it off), needed
    where links are written as raw HTML. Returns the generated pages."""
    shutil.copytree(corpus.root / CONTENT_DIR, docs, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(Path(GLOSSARY_PATH).name))
    pages = render_pages(corpus, directory_urls)
    written = [_write(docs / path, text) for path, text in pages.items()]
    write_exports(corpus, docs)
    content = corpus.root / CONTENT_DIR
    hand_written = {p.relative_to(content).as_posix() for p in content.rglob("*.md")}
    return [path for path in written if path.relative_to(docs).as_posix() not in hand_written]


def render_pages(corpus: Corpus, directory_urls: bool = True,
                 memo: weakref.WeakKeyDictionary | None = None) -> dict[str, str]:
    """Every Markdown page of the site by its path in the docs folder: the generated pages and
    the hand-written ones, each with the glossary's tooltips appended.

    memo (kept by kb serve between rebuilds) holds each record's page with what it was drawn
    from; a page whose record, references, related names and repository are unchanged is not
    drawn again.
    """
    names = {r.data["id"]: (r.data["name"], labels.KIND_FOLDER[r.data["kind"]]) for r in corpus.records}
    repo = repository(corpus.root)
    pages = {page_url(r.data): _record_page(r, corpus, names, repo, memo) for r in corpus.records}
    content = corpus.root / CONTENT_DIR
    for path in sorted(content.rglob("*.md")):
        pages[path.relative_to(content).as_posix()] = path.read_text(encoding="utf-8")
    pages["index.md"] = home_page(pages["index.md"], corpus, directory_urls)
    for kind in _kinds(corpus):
        pages[listing_url(kind)] = kind_page(corpus, kind)
    pages["bibliography.md"] = bibliography_page(corpus)
    pages["claims.md"] = claims_page(corpus)
    pages[comparison.PAGE] = comparison.comparison_page(corpus, directory_urls)
    pages.update(tag_pages(corpus))
    terms = corpus.glossary.data["terms"] if corpus.glossary else []
    if terms:
        pages[glossary.PAGE] = glossary.glossary_page(terms)
    definitions = glossary.abbreviations(terms)
    if definitions:
        pages = {path: text.rstrip() + "\n\n" + definitions + "\n" for path, text in pages.items()}
    return pages


def _record_page(record: Record, corpus: Corpus, names: dict, repo: Repository,
                 memo: weakref.WeakKeyDictionary | None) -> str:
    drawn_from = (corpus.bib_stamp, [names.get(other) for other in record.data["related"]], repo)
    if memo is not None and record in memo and memo[record][0] == drawn_from:
        return memo[record][1]
    page = render_record(record, corpus.references, names, repo)
    if memo is not None:
        memo[record] = (drawn_from, page)
    return page


def navigation(corpus: Corpus) -> list[dict]:
    """Nav entries for the generated pages: the comparison, one listing page per kind, then
    the claims, tags, glossary and bibliography. Records are reached from the listings."""
    entries = [{"Compare all": comparison.PAGE}]
    entries += [{labels.KIND_PLURAL[kind]: listing_url(kind)} for kind in _kinds(corpus)]
    entries += [{"Claims checked": "claims.md"}, {"Tags": f"{TAGS_DIR}/index.md"}]
    if corpus.glossary:
        entries.append({"Glossary": glossary.PAGE})
    return entries + [{"Bibliography": "bibliography.md"}]


def _kinds(corpus: Corpus) -> list[str]:
    present = {r.data["kind"] for r in corpus.records}
    return [kind for kind in labels.KIND if kind in present]  # treatments first, then tests


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
