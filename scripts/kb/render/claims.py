"""The claims ledger: what each source (a clinic, an article) claims, with the verdicts.

claims/index.md lists the sources with their tallies; each source's claims are on pages of at
most RECORDS_PER_PAGE records, in name order. A claim about several records is stored once, in
its home record (its `concerns` name the others): it is listed once, under its home, naming
every record it concerns. A page then stays the same size however many
records there are, and an edit or a rename redraws one or two pages of the ledger, not all of
it (one ledger page of 1,000 records was 1.6 MB of Markdown: two seconds of MkDocs).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from ..corpus import Corpus
from . import labels
from .bibliography_pages import reference_link
from .markdown import GENERATED, cell, front_matter_value, table, text
from .paths import page_url

FOLDER = "claims"
INDEX = f"{FOLDER}/index.md"
RECORDS_PER_PAGE = 25


@dataclass
class Source:
    key: str
    title: str
    who: str
    pages: list[list[tuple[dict, dict]]]  # each page: (record data, claim) in reading order
    slug: str = ""

    def page_path(self, number: int) -> str:
        return f"{FOLDER}/{self.slug}/index.md" if number == 1 else f"{FOLDER}/{self.slug}/{number}.md"

    @property
    def claims(self) -> int:
        return sum(len(page) for page in self.pages)


def concerning(corpus: Corpus) -> dict[str, list[tuple[dict, dict]]]:
    """The claims each record's page shows from other records: by the id of every record a claim
    concerns, (its home record's data, the claim), in the order of the records."""
    found: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for record in corpus.records:
        for claim in record.data["claims"]:
            for other in claim.get("concerns", []):
                found[other].append((record.data, claim))
    return found


def sources(corpus: Corpus) -> list[Source]:
    """Every source of a claim, in bibliography order, its claims paged by record."""
    by_source: dict[str, dict[str, list[tuple[dict, dict]]]] = defaultdict(dict)
    for record in sorted(corpus.records, key=lambda r: (r.data["name"].casefold(), r.data["id"])):
        for claim in record.data["claims"]:
            by_source[claim["source"]].setdefault(record.data["id"], []).append((record.data, claim))
    found = []
    for key, by_record in by_source.items():
        ref = corpus.references.get(key)
        records = list(by_record.values())
        pages = [[pair for claims in records[i:i + RECORDS_PER_PAGE] for pair in claims]
                 for i in range(0, len(records), RECORDS_PER_PAGE)]
        found.append(Source(key, ref.get("title") if ref else key,
                            (ref.get("organization") or ref.get("author")) if ref else "", pages))
    found.sort(key=lambda s: (s.title.casefold(), s.key))
    used: set[str] = set()
    for source in found:  # a folder name per source: lower case, so no two differ only by case
        slug = re.sub(r"[^a-z0-9_-]+", "-", source.key.lower()).strip("-") or "source"
        source.slug = next(s for n, s in enumerate([slug] + [f"{slug}-{n}" for n in range(2, len(found) + 2)])
                           if s not in used)
        used.add(source.slug)
    return found


def claims_pages(corpus: Corpus, directory_urls: bool = True) -> dict[str, str]:
    """docs path -> Markdown: the ledger's index and every source's pages."""
    found = sources(corpus)
    pages = {INDEX: _index(corpus, found, directory_urls)}
    for source in found:
        for number, claims in enumerate(source.pages, start=1):
            pages[source.page_path(number)] = _source_page(corpus, source, number, claims, directory_urls)
    return pages


def _tally(pairs) -> str:
    verdicts: dict[str, int] = defaultdict(int)
    for _, claim in pairs:
        verdicts[claim["verdict"]] += 1
    return ", ".join(f"{verdicts[v]} {labels.VERDICT[v]}" for v in labels.VERDICT if verdicts[v])


def _span(claims: list[tuple[dict, dict]]) -> str:
    first, last = claims[0][0]["name"], claims[-1][0]["name"]
    return text(first) if first == last else f"{text(first)} to {text(last)}"


def _index(corpus: Corpus, found: list[Source], directory_urls: bool) -> str:
    every = [pair for source in found for page in source.pages for pair in page]
    parts = [
        "---\ntitle: Claims checked\n---",
        GENERATED.format(path="the claims in evidence/*.yaml"),
        "# Claims checked",
        "Claims that clinics and articles make about immune and endometrial add-ons, each checked "
        "against the evidence. A claim is what the source says, not a finding: the verdict says "
        "whether the research bears it out. Follow a source to its claims, and a claim to the full "
        "assessment on its record's page.",
        f"**{len(every)} claims from {len(found)} {'source' if len(found) == 1 else 'sources'}:** {_tally(every)}.",
    ]
    for source in found:
        parts.append(f"## {text(source.title)}")
        lines = [_who(corpus, source, INDEX, directory_urls) + f"{source.claims} claims: {_tally(p for page in source.pages for p in page)}."]
        links = [(f"Claims about {_span(claims)}", source.page_path(n)) for n, claims in enumerate(source.pages, start=1)]
        if len(links) == 1:
            links = [(f"Read the {source.claims} {'claim' if source.claims == 1 else 'claims'}", source.page_path(1))]
        lines += [f"- [{label}]({path.removeprefix(FOLDER + '/')})" for label, path in links]
        parts.append("\n\n".join([lines[0], "\n".join(lines[1:])]))
    return "\n\n".join(parts) + "\n"


def _who(corpus: Corpus, source: Source, here: str, directory_urls: bool) -> str:
    if source.key not in corpus.references:
        return ""
    return f"{text(source.who)}. {reference_link(source.key, corpus.references, here, directory_urls)}. "


def _source_page(corpus: Corpus, source: Source, number: int, claims: list[tuple[dict, dict]],
                 directory_urls: bool) -> str:
    here = source.page_path(number)
    up = "../" * here.count("/")
    pager = " · ".join(f"**{n}**" if n == number else
                       f"[{n}]({source.page_path(n).removeprefix(f'{FOLDER}/{source.slug}/')})"
                       for n in range(1, len(source.pages) + 1))
    by_id = {record.data["id"]: record.data for record in corpus.records}

    def link(data: dict, claim: dict) -> str:
        return f"[{text(data['name'])}]({up}{page_url(data)}#claim-{quote(claim['id'])})"

    def about(data: dict, claim: dict) -> str:
        also = [link(by_id[other], claim) for other in claim.get("concerns", []) if other in by_id]
        return link(data, claim) + ("; also about " + ", ".join(also) if also else "")
    rows = [[about(data, claim), cell(claim["statement"]), labels.CLAIM_TYPE[claim["type"]],
             labels.verdict_badge(claim["verdict"])] for data, claim in claims]
    return "\n\n".join([
        f"---\ntitle: {front_matter_value(f'Claims checked: {source.title}')}\n---",
        GENERATED.format(path="the claims in evidence/*.yaml"),
        f"# {text(source.title)}",
        _who(corpus, source, here, directory_urls) + f"Claims about {_span(claims)}"
        + (f" (page {number} of {len(source.pages)}: {pager})" if len(source.pages) > 1 else "")
        + ". [All sources](../index.md)",
        table(["About", "What the source claims", "Type", "Verdict"], rows),
    ]) + "\n"
