"""Pages drawn from the whole corpus: the record listing on the home page and the bibliography."""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from ..bibliography import Reference
from ..corpus import Corpus
from ..rules import record_citations
from . import figures, labels
from .links import relative_href
from .markdown import GENERATED, attribute, cell, table, text
from .paths import page_url
from .vancouver import format_reference

RECORD_LIST_MARKER = "<!-- kb:record-list -->"
EVIDENCE_MAP_MARKER = "<!-- kb:evidence-map -->"
# Listings repeat record names; in search they would only crowd out the records themselves.
NOT_SEARCHED = "search:\n  exclude: true\n"


def evidence_map_section(corpus: Corpus, directory_urls: bool) -> str:
    """The evidence map for the home page, under a heading other pages link to (#evidence-map)."""
    svg = figures.evidence_map([r.data for r in corpus.records],
                               lambda d: relative_href("index.md", page_url(d), directory_urls))
    return ("## Evidence map { #evidence-map }\n\n"
            "Each treatment and test, placed by how certain the evidence on live birth is (rows) and what "
            "it shows (columns). Select a name to open its record; the [comparison table](compare.md) "
            "has the same judgements with guideline positions.\n\n"
            f'<div class="kb-figure">\n{svg}\n</div>')


def record_list(corpus: Corpus) -> str:
    """Every record, by kind then category, with its certainty and direction."""
    parts = []
    for kind in labels.KIND:  # treatments first, then tests
        records = [r.data for r in corpus.records if r.data["kind"] == kind]
        if records:
            parts.append(f"## {labels.KIND_PLURAL[kind]}")
            parts.extend(_by_category(records, "###", page_url))
    return "\n\n".join(parts)


def listing_url(kind: str) -> str:
    """The listing page of one kind: treatments/index.md, tests/index.md."""
    return f"{labels.KIND_FOLDER[kind]}/index.md"


def kind_page(corpus: Corpus, kind: str) -> str:
    """The listing of one kind (all treatments, or all tests): the nav links here, not to each record."""
    records = [r.data for r in corpus.records if r.data["kind"] == kind]
    title = labels.KIND_PLURAL[kind]
    return "\n\n".join([
        f"---\ntitle: {title}\n{NOT_SEARCHED}---",
        GENERATED.format(path="evidence/*.yaml"),
        f"# {title}",
        f"All {len(records)} {title.lower()} in the knowledge base, by category, with the certainty of "
        "the evidence on live birth and what it shows. Search finds each one by any of its names.",
        *_by_category(records, "##", lambda d: f"{d['id']}.md"),
    ]) + "\n"


def _by_category(records: list[dict], heading: str, href) -> list[str]:
    by_category: dict[str, list[dict]] = defaultdict(list)
    for data in records:
        by_category[data["category"]].append(data)
    parts = []
    for category in labels.CATEGORY:
        if category not in by_category:
            continue
        parts.append(f"{heading} {labels.CATEGORY[category]}")
        rows = sorted(by_category[category], key=lambda d: d["name"].casefold())
        parts.append("\n".join(
            f"- [{text(d['name'])}]({href(d)}) — certainty {labels.certainty_badge(d['evidence']['certainty'])},"
            f" {labels.DIRECTION[d['evidence']['direction']].lower()}" for d in rows))
    return parts


def home_page(intro: str, corpus: Corpus, directory_urls: bool = True) -> str:
    """The hand-written intro with the evidence map and the record list put in at their markers."""
    page = intro if EVIDENCE_MAP_MARKER in intro else intro.rstrip() + "\n\n" + EVIDENCE_MAP_MARKER
    page = page if RECORD_LIST_MARKER in page else page.rstrip() + "\n\n" + RECORD_LIST_MARKER
    page = page.replace(EVIDENCE_MAP_MARKER, evidence_map_section(corpus, directory_urls))
    return page.replace(RECORD_LIST_MARKER, record_list(corpus)) + "\n"


def cited_by(corpus: Corpus) -> dict[str, list[dict]]:
    users: dict[str, list[dict]] = defaultdict(list)
    for record in sorted(corpus.records, key=lambda r: r.data["name"].casefold()):
        for key in dict.fromkeys(key for _, key in record_citations(record)):
            users[key].append(record.data)
    return users


def _sort_key(ref: Reference) -> tuple:
    return ((ref.get("author") or ref.get("organization") or ref.get("title")).casefold(), ref.get("year"))


def bibliography_page(corpus: Corpus) -> str:
    users = cited_by(corpus)
    items = []
    for ref in sorted(corpus.references.values(), key=_sort_key):
        citing = ", ".join(f"[{text(d['name'])}]({page_url(d)})" for d in users.get(ref.key, []))
        items.append(f'- <span id="{attribute(ref.key)}"></span>{format_reference(ref)}  \n'
                     f"  *Cited by:* {citing or 'no record yet'}")
    return "\n\n".join([
        # Not in the search index: see record_page._references (digits trip a lunr bug).
        "---\ntitle: Bibliography\nsearch:\n  exclude: true\n---",
        GENERATED.format(path="evidence/references.bib"),
        "# Bibliography",
        f"All {len(corpus.references)} sources cited in the knowledge base, in Vancouver style, "
        "with the records that cite each one.",
        "\n".join(items),
    ]) + "\n"


def claims_page(corpus: Corpus) -> str:
    """The claims ledger: every claim from every source, with its verdict and record."""
    by_source: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for record in sorted(corpus.records, key=lambda r: r.data["name"].casefold()):
        for claim in record.data["claims"]:
            by_source[claim["source"]].append((record.data, claim))
    verdicts = defaultdict(int)
    for pairs in by_source.values():
        for _, claim in pairs:
            verdicts[claim["verdict"]] += 1
    tally = ", ".join(f"{verdicts[v]} {labels.VERDICT[v]}" for v in labels.VERDICT if verdicts[v])
    parts = [
        "---\ntitle: Claims checked\n---",
        GENERATED.format(path="the claims in evidence/*.yaml"),
        "# Claims checked",
        "Claims that clinics and articles make about immune and endometrial add-ons, each checked "
        "against the evidence. A claim is what the source says, not a finding: the verdict says "
        "whether the research bears it out. Follow the link to read the full assessment.",
        f"**{sum(verdicts.values())} claims from {len(by_source)} "
        f"{'source' if len(by_source) == 1 else 'sources'}:** {tally}.",
    ]
    for key in sorted(by_source, key=lambda k: _sort_key(corpus.references[k]) if k in corpus.references else (k, "")):
        ref = corpus.references.get(key)
        title = ref.get("title") if ref else key
        who = (ref.get("organization") or ref.get("author")) if ref else ""
        parts.append(f"## {text(title)}")
        if ref:
            parts.append(f"{text(who)}. [Full reference](bibliography.md#{quote(key)}).")
        rows = [[f"[{text(data['name'])}]({page_url(data)}#claim-{quote(claim['id'])})", cell(claim["statement"]),
                 labels.CLAIM_TYPE[claim["type"]], labels.verdict_badge(claim["verdict"])]
                for data, claim in by_source[key]]
        parts.append(table(["About", "What the source claims", "Type", "Verdict"], rows))
    return "\n\n".join(parts) + "\n"
