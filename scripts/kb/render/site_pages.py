"""Pages drawn from the whole corpus: the home page (evidence map) and one listing page per
kind. Their lists are filled in after the engine (fills.py)."""
from __future__ import annotations

from collections import defaultdict

from ..corpus import Corpus
from . import comparison, data_page, figures, labels, situations
from .fills import Page, marker
from .links import html_list, record_link, relative_href
from .markdown import GENERATED
from .paths import page_url

RECORD_LIST_MARKER = "<!-- kb:record-list -->"
EVIDENCE_MAP_MARKER = "<!-- kb:evidence-map -->"
SITUATIONS_MARKER = "<!-- kb:situations -->"
# Listings repeat record names; in search they would only crowd out the records themselves.
NOT_SEARCHED = "search:\n  exclude: true\n"


def listing_url(kind: str) -> str:
    """The listing page of one kind: treatments/index.md, tests/index.md."""
    return f"{labels.KIND_FOLDER[kind]}/index.md"


def evidence_map(corpus: Corpus, directory_urls: bool) -> str:
    svg = figures.evidence_map([r.data for r in corpus.records],
                               lambda d: relative_href("index.md", page_url(d), directory_urls))
    return f'<div class="kb-figure">\n{svg}\n</div>'


def evidence_map_section() -> str:
    """Where the evidence map goes on the home page, under a heading other pages link to."""
    return ("## Evidence map { #evidence-map }\n\n"
            "Each treatment and test, placed by how certain the evidence on live birth is (rows) and what "
            "it shows (columns). Select a name to open its record; the [comparison table](compare.md) "
            "has the same judgements with guideline positions.\n\n" + marker("evidence-map"))


def browse_section(corpus: Corpus) -> str:
    """Where the records are listed: one page per kind, and the comparison table."""
    counts = defaultdict(int)
    for record in corpus.records:
        counts[record.data["kind"]] += 1
    lines = [f"- [{labels.KIND_PLURAL[kind]}]({listing_url(kind)}): all {counts[kind]} "
             f"{labels.KIND_PLURAL[kind].lower() if counts[kind] != 1 else labels.KIND[kind].lower()} "
             "by category, with the certainty of the evidence and what it shows"
             for kind in labels.KIND if counts[kind]]
    lines.append(f"- [{comparison.TITLE}]({comparison.PAGE}): every record in one table, sortable and filterable")
    return "\n".join(lines)


def situations_section(corpus: Corpus) -> str:
    """The way in for a patient: a page per situation, each listing every add-on with evidence for it."""
    if not situations.populations_used(corpus):
        return ""
    return ("## Find your situation { #find-your-situation }\n\n"
            "Choose the group that describes you to see, for every add-on with evidence for that group, "
            "what the studies found, what it means out of 100 people, how certain it is and what "
            "guideline bodies say.\n\n"
            # The theme's grid cards: one box per situation, two or three a row, one a row on a phone.
            '<div class="grid cards kb-situations" markdown>\n\n' + situations.situation_links(corpus) + "\n\n</div>")


def data_section() -> str:
    """The data files published with the site (exports.py, listed on the Data page), for reuse
    under the content licence."""
    return "\n".join([
        "## Download the data { #data }", "",
        "Everything on this site is also published as data (content licence CC BY 4.0); the "
        f"[{data_page.TITLE} page]({data_page.PAGE}) lists every download with its format and size:", "",
        data_page.home_list(),
    ])


def home_page(intro: str, corpus: Corpus, directory_urls: bool = True) -> Page:
    """The hand-written intro with the situations, the evidence map, the ways to browse and the
    data put in at their markers (the data last)."""
    page = intro if SITUATIONS_MARKER in intro else intro.rstrip() + "\n\n" + SITUATIONS_MARKER
    page = page if EVIDENCE_MAP_MARKER in page else page.rstrip() + "\n\n" + EVIDENCE_MAP_MARKER
    page = page if RECORD_LIST_MARKER in page else page.rstrip() + "\n\n" + RECORD_LIST_MARKER
    page = page.replace(SITUATIONS_MARKER, situations_section(corpus))
    page = page.replace(EVIDENCE_MAP_MARKER, evidence_map_section())
    page = page.replace(RECORD_LIST_MARKER, browse_section(corpus))
    return Page(page.rstrip() + "\n\n" + data_section() + "\n", {"evidence-map": evidence_map(corpus, directory_urls)})


def kind_page(corpus: Corpus, kind: str, directory_urls: bool = True) -> Page:
    """The listing of one kind (all treatments, or all tests): the nav links here, not to each record."""
    records = [r.data for r in corpus.records if r.data["kind"] == kind]
    title = labels.KIND_PLURAL[kind]
    parts = [f"---\ntitle: {title}\n{NOT_SEARCHED}---", GENERATED.format(path="evidence/*.yaml"), f"# {title}",
             f"All {len(records)} {title.lower()} in the knowledge base, by category, with the certainty of "
             "the evidence on live birth and what it shows. Search finds each one by any of its names."]
    by_category: dict[str, list[dict]] = defaultdict(list)
    for data in records:
        by_category[data["category"]].append(data)
    fills = {}
    for category in labels.CATEGORY:
        if category in by_category:
            rows = sorted(by_category[category], key=lambda d: (d["name"].casefold(), d["id"]))
            parts += [f"## {labels.CATEGORY[category]}", marker(category)]
            fills[category] = html_list([
                f"{record_link(d, listing_url(kind), directory_urls)} — certainty "
                f"{labels.certainty_badge(d['evidence']['certainty'])}, {labels.DIRECTION[d['evidence']['direction']].lower()}"
                for d in rows], "kb-listing")
    return Page("\n\n".join(parts) + "\n", fills)
