"""Render: write every page the site needs as Markdown into a docs folder."""
from __future__ import annotations

import shutil
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..corpus import GLOSSARY_PATH, Corpus, Record
from ..repository import Repository, repository
from ..rules import record_citations
from . import bibliography_pages, claims, comparison, glossary, labels
from .exports import write_exports
from .paths import page_url
from .record_page import render_record
from .site_pages import home_page, kind_page, listing_url
from .tags import TAGS_DIR, tag_pages

CONTENT_DIR = "content"
# Pages reached from a listing page, not from the nav (records from their kind's listing, a
# source's claims from the ledger, a letter of the bibliography from its index): the theme
# draws the whole nav into every page, so a nav of N records would make every page grow with
# N and the build with N squared. Joined to mkdocs.yml's not_in_nav (which has the tag pages).
NOT_IN_NAV = [f"/{folder}/*.md" for folder in labels.KIND_FOLDER.values()] + [
    f"/{claims.FOLDER}/*/", f"/{bibliography_pages.FOLDER}/*.md"]


@dataclass
class RenderMemo:
    """What kb serve keeps between rebuilds: each record's page with what it was drawn from, and
    each family of corpus-wide pages with the facts they show. Only what changed is drawn again."""
    records: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)
    families: dict[str, tuple] = field(default_factory=dict)

    def family(self, name: str, facts, draw: Callable[[], dict[str, str]]) -> dict[str, str]:
        if name not in self.families or self.families[name][0] != facts:
            self.families[name] = (facts, draw())
        return self.families[name][1]


def render_site(corpus: Corpus, docs: Path, directory_urls: bool = True) -> list[Path]:
    """Copy the hand-written pages into docs/ and write the generated ones and the data exports
    beside them. directory_urls: the site's URL style (the offline build turns it off), needed
    where links are written as raw HTML. Returns the generated pages."""
    content = corpus.root / CONTENT_DIR
    shutil.copytree(content, docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns(Path(GLOSSARY_PATH).name))
    pages = render_pages(corpus, directory_urls)
    written = [_write(docs / path, text) for path, text in pages.items()]
    write_exports(corpus, docs)
    hand_written = {p.relative_to(content).as_posix() for p in content.rglob("*.md")}
    return [path for path in written if path.relative_to(docs).as_posix() not in hand_written]


def render_pages(corpus: Corpus, directory_urls: bool = True, memo: RenderMemo | None = None) -> dict[str, str]:
    """Every Markdown page of the site by its path in the docs folder: the generated pages and
    the hand-written ones, with the glossary's tooltips appended (but to listings, which are
    names and links)."""
    memo = memo or RenderMemo()
    names = {r.data["id"]: (r.data["name"], labels.KIND_FOLDER[r.data["kind"]]) for r in corpus.records}
    repo = repository(corpus.root)
    pages = {page_url(r.data): _record_page(r, corpus, names, repo, memo) for r in corpus.records}
    content = corpus.root / CONTENT_DIR
    for path in sorted(content.rglob("*.md")):
        pages[path.relative_to(content).as_posix()] = path.read_text(encoding="utf-8")
    shown = tuple(_listed(r) for r in corpus.records)
    pages.update(memo.family("home", (pages["index.md"], shown, directory_urls),
                             lambda: {"index.md": home_page(pages["index.md"], corpus, directory_urls)}))
    pages.update(memo.family("comparison", (shown, directory_urls),
                             lambda: {comparison.PAGE: comparison.comparison_page(corpus, directory_urls)}))
    pages.update(memo.family("claims", (corpus.bib_stamp, tuple(_claimed(r) for r in corpus.records)),
                             lambda: claims.claims_pages(corpus)))
    terms = corpus.glossary.data["terms"] if corpus.glossary else []
    if terms:
        pages[glossary.PAGE] = glossary.glossary_page(terms)
    definitions = glossary.abbreviations(terms)
    if definitions:
        pages = {path: text.rstrip() + "\n\n" + definitions + "\n" for path, text in pages.items()}
    pages.update(memo.family("listings", (shown, directory_urls), lambda: {
        **{listing_url(kind): kind_page(corpus, kind, directory_urls) for kind in _kinds(corpus)},
        **tag_pages(corpus, directory_urls)}))
    pages.update(memo.family("bibliography", (corpus.bib_stamp, tuple(_cites(r) for r in corpus.records), directory_urls),
                             lambda: bibliography_pages.bibliography_pages(corpus, directory_urls)))
    return pages


def _listed(record: Record) -> tuple:
    """What listings, tags, the comparison and the evidence map show of a record."""
    d = record.data
    return (d["id"], d["name"], d["kind"], d["category"], d["evidence"]["certainty"], d["evidence"]["direction"],
            d["review"]["status"], tuple(d["populations"]), tuple(d["aliases"]),
            tuple((p["body"], p["stance"]) for p in d["positions"]), len(comparison.evidence_sources(record)))


def _claimed(record: Record) -> tuple:
    d = record.data
    return (d["id"], d["name"], d["kind"],
            tuple((c["id"], c["source"], c["statement"], c["type"], c["verdict"]) for c in d["claims"]))


def _cites(record: Record) -> tuple:
    d = record.data
    return d["id"], d["name"], d["kind"], tuple(dict.fromkeys(key for _, key in record_citations(record)))


def _record_page(record: Record, corpus: Corpus, names: dict, repo: Repository, memo: RenderMemo) -> str:
    drawn_from = (corpus.bib_stamp, [names.get(other) for other in record.data["related"]], repo)
    if record not in memo.records or memo.records[record][0] != drawn_from:
        memo.records[record] = (drawn_from, render_record(record, corpus.references, names, repo))
    return memo.records[record][1]


def navigation(corpus: Corpus) -> list[dict]:
    """Nav entries for the generated pages: the comparison, one listing page per kind, then
    the claims, tags, glossary and bibliography. Records are reached from the listings."""
    entries = [{"Compare all": comparison.PAGE}]
    entries += [{labels.KIND_PLURAL[kind]: listing_url(kind)} for kind in _kinds(corpus)]
    entries += [{"Claims checked": claims.INDEX}, {"Tags": f"{TAGS_DIR}/index.md"}]
    if corpus.glossary:
        entries.append({"Glossary": glossary.PAGE})
    return entries + [{"Bibliography": bibliography_pages.INDEX}]


def _kinds(corpus: Corpus) -> list[str]:
    present = {r.data["kind"] for r in corpus.records}
    return [kind for kind in labels.KIND if kind in present]  # treatments first, then tests


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
