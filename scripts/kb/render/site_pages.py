"""Pages drawn from the whole corpus: the record listing on the home page and the bibliography."""
from __future__ import annotations

from collections import defaultdict

from ..bibliography import Reference
from ..corpus import Corpus
from ..rules import record_citations
from . import labels
from .markdown import cell, prose, table
from .record_page import GENERATED, page_url
from .vancouver import format_reference

RECORD_LIST_MARKER = "<!-- kb:record-list -->"
# Listings and ledgers grow with the corpus and only repeat what each record's page says; kept
# out of the search index, they cannot make it slow (the records are found by their own pages).
NOT_SEARCHED = "search:\n  exclude: true\n"


def record_list(corpus: Corpus) -> str:
    """Every record, by kind then category, with its certainty and direction."""
    parts = []
    for kind in labels.KIND:  # treatments first, then tests
        records = [r.data for r in corpus.records if r.data["kind"] == kind]
        if records:
            parts.append(f"## {labels.KIND_PLURAL[kind]}")
            parts.extend(_by_category(records, "###", page_url))
    return "\n\n".join(parts)


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
            f"- [{prose(d['name'])}]({href(d)}) — certainty {labels.certainty_badge(d['evidence']['certainty'])},"
            f" {labels.DIRECTION[d['evidence']['direction']].lower()}" for d in rows))
    return parts


def home_page(intro: str, corpus: Corpus) -> str:
    listing = f"<div markdown data-search-exclude>\n\n{record_list(corpus)}\n\n</div>"
    if RECORD_LIST_MARKER in intro:
        return intro.replace(RECORD_LIST_MARKER, listing)
    return intro.rstrip() + "\n\n" + listing + "\n"


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
        citing = ", ".join(f"[{prose(d['name'])}]({page_url(d)})" for d in users.get(ref.key, []))
        items.append(f'- <span id="{ref.key}"></span>{format_reference(ref)}  \n'
                     f"  *Cited by:* {citing or 'no record yet'}")
    return "\n\n".join([
        "---\ntitle: Bibliography\n" + NOT_SEARCHED + "---",
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
        "---\ntitle: Claims checked\n" + NOT_SEARCHED + "---",
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
        parts.append(f"## {prose(title)}")
        if ref:
            parts.append(f"{prose(who)}. [Full reference](bibliography.md#{key}).")
        rows = [[f"[{prose(data['name'])}]({page_url(data)}#claim-{claim['id']})", cell(claim["statement"]),
                 labels.CLAIM_TYPE[claim["type"]], labels.verdict_badge(claim["verdict"])]
                for data, claim in by_source[key]]
        parts.append(table(["About", "What the source claims", "Type", "Verdict"], rows))
    return "\n\n".join(parts) + "\n"
