"""The comparison table: every record in one row, sortable and filterable in the browser.

The same rows feed the page (HTML, so each row can carry the data the filters read) and the
CSV export, so the two never disagree.
"""
from __future__ import annotations

from ..corpus import Corpus, Record
from ..rules import record_citations
from . import labels
from .fills import Page, marker
from .links import relative_href
from .markdown import GENERATED, attribute, page_title
from .paths import page_url

PAGE = "compare.md"
TITLE = "Compare all records"
COLUMNS = ["Name", "Kind", "Certainty (live birth)", "Direction", "ESHRE", "HFEA", "Populations", "Sources"]


def evidence_sources(record: Record) -> list[str]:
    """Distinct references a record cites as evidence (a claim's `source` is what is checked, not evidence)."""
    return list(dict.fromkeys(key for path, key in record_citations(record)
                              if not (path[0] == "claims" and path[-1] == "source")))


def stances(data: dict, body: str) -> list[str]:
    return list(dict.fromkeys(labels.STANCE[p["stance"]] for p in data["positions"] if p["body"] == body))


def comparison_rows(corpus: Corpus) -> list[dict]:
    """One plain-text row per record, in name order: what the table and the CSV show."""
    rows = []
    for record in sorted(corpus.records, key=lambda r: r.data["name"].casefold()):
        d = record.data
        rows.append({
            "id": d["id"], "name": d["name"], "kind": d["kind"],
            "certainty": d["evidence"]["certainty"], "direction": d["evidence"]["direction"],
            "eshre": "; ".join(stances(d, "ESHRE")), "hfea": "; ".join(stances(d, "HFEA")),
            "populations": [labels.POPULATION[p] for p in d["populations"]],
            "population_ids": d["populations"], "sources": len(evidence_sources(record)),
            "aliases": d["aliases"], "page": page_url(d),
        })
    return rows


def comparison_page(corpus: Corpus, directory_urls: bool) -> Page:
    """The page, with the table filled in after the engine (fills.py). Not in the search index:
    it repeats every record's name, and would only crowd out the records themselves."""
    rows = comparison_rows(corpus)
    markdown = "\n\n".join([
        f"---\ntitle: {TITLE}\nhide:\n  - toc\nsearch:\n  exclude: true\n---",
        GENERATED.format(path="evidence/*.yaml"),
        f"# {TITLE}",
        "Every treatment and test in one table. Select a column heading to sort by it; use the "
        "filters to narrow the list. Certainty and direction are for live birth, the outcome that "
        "matters most. The [evidence map](index.md#evidence-map) shows the same judgements as a figure, "
        "and the table can be [downloaded as CSV](data/comparison.csv).",
        _filters(),
        marker("comparison"),
    ]) + "\n"
    return Page(markdown, {"comparison": _table(rows, directory_urls)})


def _options(name: str, label: str, choices: dict[str, str]) -> str:
    options = "".join(f'<option value="{attribute(v)}">{page_title(t)}</option>' for v, t in choices.items())
    return (f'<label>{label} <select data-kb-filter="{name}">'
            f'<option value="">All</option>{options}</select></label>')


def _filters() -> str:
    return "\n".join([
        # No inline handler (kb.js keeps Enter from submitting): the site's pages carry no on* attribute.
        '<form class="kb-filters" role="search" aria-label="Filter the comparison table">',
        '<label>Name <input type="search" data-kb-filter="text" placeholder="e.g. heparin"></label>',
        _options("kind", "Kind", labels.KIND),
        _options("certainty", "Certainty", labels.CERTAINTY),
        _options("direction", "Direction", labels.DIRECTION),
        _options("populations", "Population", labels.POPULATION),
        "</form>",
        '<p class="kb-filter-status" role="status" aria-live="polite"></p>',
    ])


def _table(rows: list[dict], directory_urls: bool) -> str:
    """Raw HTML, which Markdown leaves as it is: every value in it is escaped here (page_title
    for text, attribute for attribute values), record names and aliases above all."""
    certainty_rank = {value: n for n, value in enumerate(labels.CERTAINTY, start=1)}
    lines = ['<div class="kb-comparison">', '<table>', "<thead><tr>"]
    lines += [f'<th scope="col"{_no_sort(c)}>{c}</th>' for c in COLUMNS]
    lines += ["</tr></thead>", "<tbody>"]
    for row in rows:
        words = " ".join([row["name"], *row["aliases"]]).casefold()
        href = relative_href(PAGE, row["page"], directory_urls)
        lines.append(
            f'<tr data-kind="{attribute(row["kind"])}" data-certainty="{attribute(row["certainty"])}"'
            f' data-direction="{attribute(row["direction"])}"'
            f' data-populations="{attribute(" ".join(row["population_ids"]))}" data-text="{page_title(words)}">'
            f'<td><a href="{attribute(href)}">{page_title(row["name"])}</a></td>'
            f'<td>{labels.KIND[row["kind"]]}</td>'
            f'<td data-sort="{certainty_rank[row["certainty"]]}">{labels.certainty_badge(row["certainty"])}</td>'
            f'<td>{labels.DIRECTION[row["direction"]]}</td>'
            f'<td>{page_title(row["eshre"]) or "—"}</td><td>{page_title(row["hfea"]) or "—"}</td>'
            f'<td>{page_title(", ".join(row["populations"]))}</td>'
            f'<td>{row["sources"]}</td></tr>')
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines)


def _no_sort(column: str) -> str:
    return ' data-sort-method="none"' if column == "Populations" else ""
