"""Every page the site needs, as Markdown in a docs folder: render_site, render_pages, navigation."""
from __future__ import annotations

import shutil
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..corpus import GLOSSARY_PATH, Corpus, Record
from ..repository import Repository, repository
from ..rules import record_citations
from . import bibliography_pages, claims, comparison, data_page, glossary, labels, situations
from .exports import export_files
from .fills import Page
from .paths import page_url, split_by_engine
from .record_page import DOWNLOADS, RELATED, record_downloads, related_list, render_record
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

    def family(self, name: str, facts, draw: Callable[[], dict[str, Page]]) -> dict[str, Page]:
        if name not in self.families or self.families[name][0] != facts:
            self.families[name] = (facts, draw())
        return self.families[name][1]


@dataclass
class Rendered:
    """What render makes: every Markdown page by its path in the docs folder, and the lists to
    fill into the built pages (fills.py); written: the generated pages render_site wrote;
    after_the_engine: the files render_site left for the built site (paths.split_by_engine)."""
    pages: dict[str, str]
    fills: dict[str, dict[str, str]]
    written: list[Path] = field(default_factory=list)
    after_the_engine: dict[str, str | bytes] = field(default_factory=dict)


def render_site(corpus: Corpus, docs: Path, directory_urls: bool = True) -> Rendered:
    """Copy the hand-written pages into docs/ and write the generated ones and the data exports
    beside them. directory_urls: the site's URL style (the offline build turns it off), needed
    where links are written as raw HTML. After the engine, fill_site(site, rendered.fills, ...) and
    write_files(site, rendered.after_the_engine)."""
    content = corpus.root / CONTENT_DIR
    shutil.copytree(content, docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns(Path(GLOSSARY_PATH).name))
    files = export_files(corpus)
    rendered = render_pages(corpus, directory_urls, files=files)
    hand_written = {p.relative_to(content).as_posix() for p in content.rglob("*.md")}
    rendered.written = [_write(docs / path, text) for path, text in rendered.pages.items() if path not in hand_written]
    for path in hand_written:
        _write(docs / path, rendered.pages[path])  # with the glossary's tooltips
    for_docs, for_site = split_by_engine(files)
    write_files(docs, files, for_docs)
    rendered.after_the_engine = {path: files[path] for path in for_site}
    return rendered


def render_pages(corpus: Corpus, directory_urls: bool = True, memo: RenderMemo | None = None,
                 files: dict[str, str | bytes] | None = None) -> Rendered:
    """Every Markdown page of the site by its path in the docs folder, the generated pages and
    the hand-written ones, with the glossary's tooltips appended (but to listings, which are
    names and links); and the lists to fill into them. files: the data files (export_files),
    which the Data page lists with their sizes; made here if not given."""
    memo = memo or RenderMemo()
    files = export_files(corpus) if files is None else files
    repo = repository(corpus.root)
    terms = corpus.glossary.data["terms"] if corpus.glossary else []
    definitions = glossary.abbreviations(terms)
    by_id = {r.data["id"]: r.data for r in corpus.records}
    elsewhere = claims.concerning(corpus)
    records = {page_url(r.data): _record_page(r, corpus, repo, definitions, memo, elsewhere.get(r.data["id"], []),
                                              by_id) for r in corpus.records}
    on_record_pages = {page_url(r.data): {DOWNLOADS: record_downloads(r.data, directory_urls),
                                          **({RELATED: related_list(r.data, by_id, directory_urls)}
                                             if r.data["related"] else {})}
                       for r in corpus.records}
    pages = {}
    content = corpus.root / CONTENT_DIR
    for path in sorted(content.rglob("*.md")):
        pages[path.relative_to(content).as_posix()] = path.read_text(encoding="utf-8")
    shown = tuple(_listed(r) for r in corpus.records)
    situated = tuple(frozenset(situations.evidence_populations(r.data)) for r in corpus.records)
    drawn = {**memo.family("home", (pages["index.md"], shown, situated, directory_urls),
                           lambda: {"index.md": home_page(pages["index.md"], corpus, directory_urls)}),
             **memo.family("comparison", (shown, directory_urls),
                           lambda: {comparison.PAGE: comparison.comparison_page(corpus, directory_urls)}),
             **memo.family("situations", (tuple(situations.situated(r) for r in corpus.records), directory_urls),
                           lambda: situations.situation_pages(corpus, directory_urls)),
             **memo.family("claims", (corpus.bib_stamp, tuple(_claimed(r) for r in corpus.records), directory_urls),
                           lambda: {p: Page(t) for p, t in claims.claims_pages(corpus, directory_urls).items()})}
    if terms:
        drawn[glossary.PAGE] = Page(glossary.glossary_page(terms))
    pages.update((path, page.markdown) for path, page in drawn.items())
    pages = {path: glossary.with_tooltips(text, definitions) for path, text in pages.items()}
    pages.update(records)
    listings = {**memo.family("listings", (shown, directory_urls), lambda: {
                    **{listing_url(kind): kind_page(corpus, kind, directory_urls) for kind in _kinds(corpus)},
                    **tag_pages(corpus, directory_urls)}),
                **memo.family("bibliography", (corpus.bib_stamp, tuple(_cites(r) for r in corpus.records),
                                               directory_urls),
                              lambda: bibliography_pages.bibliography_pages(corpus, directory_urls))}
    downloads = {data_page.PAGE: data_page.data_page(corpus, files, directory_urls)}  # its sizes change with any edit
    pages.update((path, page.markdown) for path, page in {**listings, **downloads}.items())
    fills = {path: page.fills for path, page in {**drawn, **listings, **downloads}.items() if page.fills}
    return Rendered(pages, {**fills, **on_record_pages})


def _listed(record: Record) -> tuple:
    """What listings, tags, the comparison and the evidence map show of a record."""
    d = record.data
    return (d["id"], d["name"], d["kind"], d["category"], d["evidence"]["certainty"], d["evidence"]["direction"],
            d["review"]["status"], tuple(d["populations"]), tuple(d["aliases"]),
            tuple((p["body"], p["stance"]) for p in d["positions"]), len(comparison.evidence_sources(record)))


def _claimed(record: Record) -> tuple:
    d = record.data
    return (d["id"], d["name"], d["kind"],
            tuple((c["id"], c["source"], c["statement"], c["type"], c["verdict"], tuple(c.get("concerns", ())))
                  for c in d["claims"]))


def _cites(record: Record) -> tuple:
    d = record.data
    return d["id"], d["name"], d["kind"], tuple(dict.fromkeys(key for _, key in record_citations(record)))


def _record_page(record: Record, corpus: Corpus, repo: Repository, definitions: dict[str, str],
                 memo: RenderMemo, elsewhere: list[tuple[dict, dict]], by_id: dict[str, dict]) -> str:
    """A record's page, drawn again only when what it shows has changed: the record, the
    references, the glossary, the claims stored in other records that concern it (edited in
    their home record) and the names and kinds of the records its own claims concern."""
    concerned = {other: by_id[other] for claim in record.data["claims"] for other in claim.get("concerns", ())
                 if other in by_id}
    drawn_from = (corpus.bib_stamp, repo, definitions,
                  tuple((home["id"], home["name"], home["kind"], claim) for home, claim in elsewhere),
                  tuple((other, data["name"], data["kind"]) for other, data in concerned.items()))
    if record not in memo.records or memo.records[record][0] != drawn_from:
        page = render_record(record, corpus.references, repo, elsewhere, concerned)
        memo.records[record] = (drawn_from, glossary.with_tooltips(page, definitions))
    return memo.records[record][1]


def navigation(corpus: Corpus) -> list[dict]:
    """Nav entries for the generated pages: the situation pages, the comparison, one listing page
    per kind, then the claims, tags, glossary and bibliography. Records are reached from the
    listings; the situations are as many as the schema's populations, at any N."""
    entries = [{situations.TITLE: [{"All situations": situations.INDEX}] + [
        {labels.POPULATION_PLAIN[p]: situations.page_path(p)} for p in situations.populations_used(corpus)]}]
    entries += [{"Compare all": comparison.PAGE}]
    entries += [{labels.KIND_PLURAL[kind]: listing_url(kind)} for kind in _kinds(corpus)]
    entries += [{"Claims checked": claims.INDEX}, {"Tags": f"{TAGS_DIR}/index.md"}]
    if corpus.glossary:
        entries.append({"Glossary": glossary.PAGE})
    return entries + [{"Bibliography": bibliography_pages.INDEX}, {data_page.TITLE: data_page.PAGE}]


def _kinds(corpus: Corpus) -> list[str]:
    present = {r.data["kind"] for r in corpus.records}
    return [kind for kind in labels.KIND if kind in present]  # treatments first, then tests


def write_files(folder: Path, files: dict[str, str | bytes], paths=None) -> None:
    """Write files (content by path) into folder: every one, or only those named in paths."""
    for path in files if paths is None else paths:
        _write(folder / path, files[path])


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
