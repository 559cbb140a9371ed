"""Draw one record as a Markdown page: names, at a glance, then two views. For patients: the plain
summary, what the studies found for each group (patient_view.py), safety and cost, what
guidelines say (positions.py) and questions to ask. For clinicians: the clinical summary,
mechanism, claims checked, the summary of findings tables (summary_of_findings.py), positions,
safety, cost, regulation and regimens studied. Then related records, review and references."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Mapping, Sequence
from urllib.parse import quote

from ..bibliography import Reference
from ..corpus import Record
from ..repository import Repository
from . import csl, highwire, jsonld, labels, positions
from .citations import Citations
from .data_page import PAGE as DATA_PAGE
from .fills import marker
from .links import file_href, html_list, record_link, relative_href
from .markdown import (GENERATED, attribute, external_link, front_matter_value, indent, inline, page_title, prose,
                       table, text)
from .paths import cite_file, fhir_bundle, page_url, record_source, up_from
from .patient_view import findings_for_you, safety_and_cost
from .questions import HEADING as QUESTIONS_HEADING, questions_section
from .search_answer import front_matter_line as search_answer
from .summary_of_findings import evidence_section
from .tags import tag_links
from .vancouver import format_reference


def generated_from(path: str) -> str:
    # A folder name under evidence/ is the editor's choice: keep it from closing the comment.
    return GENERATED.format(path=re.sub(r"[^\w./-]", "_", path))


PATIENT_VIEW, CLINICIAN_VIEW = "For patients", "For clinicians"


def render_record(record: Record, references: dict[str, Reference], repo: Repository = Repository(),
                  elsewhere: Sequence[tuple[dict, dict]] = (), concerned: Mapping[str, dict] | None = None) -> str:
    """repo: where the record's history and edit links point. The related records' names are
    filled in after the engine (related_list), so renaming one does not redraw this page.
    elsewhere: the claims stored in other records that concern this one, as (home record's
    data, claim); concerned: the data of the records this record's own claims concern, by id
    (claims.concerning and pages.py give both, and redraw the page when they change)."""
    data = record.data
    cite = Citations(references)
    # Citations are numbered in reading order, so sections are drawn top to bottom.
    at_a_glance = _at_a_glance(data, cite)
    # Each view leads with what its reader came for; the patient view is the default, so the page
    # leads with the plain summary. Both views hold "At a glance"; only the clinician's copy is
    # indexed for search and printed (print shows both views one after the other).
    patient_view = "\n\n".join([
        "## In plain words\n\n" + prose(data["summary"]["patient"]),
        f'<div class="kb-patient-copy" data-search-exclude markdown>\n\n{at_a_glance}\n\n</div>',
        findings_for_you(record, cite),
        safety_and_cost(data, cite),
        positions.patient_guidelines(data, cite),
        questions_section(data),
    ])
    clinician_view = "\n\n".join(s for s in [
        at_a_glance,
        "## Clinical summary\n\n" + prose(data["summary"]["clinician"]),
        _mechanism(data, cite),
        _claims(data, cite, elsewhere, concerned or {}),
        evidence_section(record, cite),
        positions.positions_section(data, cite),
        _cited_list("Safety", data["safety"], cite),
        _cited_paragraph("Cost", data.get("cost"), cite),
        _cited_paragraph("Regulatory status", data.get("regulatory"), cite),
        _regimens(data, cite),
    ] if s)
    head = _head(data, [references[key] for key in cite.order if key in references], repo.site)
    sections = [
        _front_matter(data, head),
        generated_from(record.path),
        f"# {text(data['name'])}",
        _draft_notice(data),
        _views(patient_view, clinician_view),
        _names_and_tags(data),
        "## Related\n\n" + marker(RELATED) if data["related"] else "",
        _review(data, record.path, repo),
        _cite_this_page(data),
        _references(cite),  # last: it lists what the sections above cited
    ]
    return _exclude_unsearched_sections("\n\n".join(s for s in sections if s) + "\n")


# Search finds a record by its names and aliases (front-matter tags, which the theme copies into
# every indexed section, and the names section), its at-a-glance box, its two summaries and
# the questions to ask. The other sections stay on the page and out of the index: indexing them
# made the index about four times larger (BENCHMARKS.md). The references must stay out in any
# case: long runs of digits (DOIs, PMIDs) trip a lunr bug that fails every query with a
# one-letter word in it ("protein C").
NAMES_HEADING = "Other names and tags"
SEARCHED_SECTIONS = ("In plain words", QUESTIONS_HEADING, "Clinical summary", NAMES_HEADING)
_SECTION_HEADING = re.compile(r"^(##+) (.+)$", re.M)  # record text never starts a line with '#'


def _exclude_unsearched_sections(page: str) -> str:
    def mark(heading: re.Match) -> str:
        return heading[0] if heading[2] in SEARCHED_SECTIONS else heading[0] + " { data-search-exclude }"
    return _SECTION_HEADING.sub(mark, page)


def _views(patient: str, clinician: str) -> str:
    """The patient/clinician switch: linked content tabs, so the reader's choice holds on every
    record page and is remembered between visits. The patient view comes first.

    Block syntax (/// tab), not indented tabs (===): an indented figure is read as a paragraph,
    so Markdown and the glossary's abbr extension would rewrite the text inside its SVG."""
    return (f"/// tab | {PATIENT_VIEW}\n\n{patient}\n\n///\n\n"
            f"/// tab | {CLINICIAN_VIEW}\n\n{clinician}\n\n///")


def _cite_this_page(data: dict) -> str:
    # The address is filled in by the browser (kb.js), so the text is right wherever the site is hosted.
    review = data["review"]
    citation = (f"{csl.PUBLISHER}. {text(data['name'])} [{csl.PAGE_GENRE}; {review['status']}, "
                f"last reviewed {text(review['last_reviewed'])}]. Available from: "
                f'<span class="kb-page-address">this page\'s address</span>')
    return f'## Cite this page\n\n<p class="kb-cite-this">{citation}</p>\n\n' + marker(DOWNLOADS)


DOWNLOADS = "downloads"


def record_downloads(data: dict, directory_urls: bool) -> str:
    """The Cite this page section's links to the record's own files, filled in after the engine:
    the files are written into the built site after it (paths.split_by_engine)."""
    return _downloads(page_url(data), data["id"], directory_urls)


@lru_cache(maxsize=1 << 14)  # the same for every record after each kb serve rebuild
def _downloads(here: str, record_id: str, directory_urls: bool) -> str:
    def link(path: str, label: str) -> str:
        return f'<a href="{attribute(file_href(here, path, directory_urls))}">{label}</a>'

    data_page = attribute(relative_href(here, DATA_PAGE, directory_urls))
    return (f"<p>Download this citation for a reference manager (Zotero, Mendeley, EndNote): "
            f"{link(cite_file(record_id, 'ris'), 'RIS')} · {link(cite_file(record_id, 'json'), 'CSL-JSON')}</p>\n"
            f"<p>The data behind this page: {link(record_source(record_id), page_title(record_id) + '.yaml')} "
            f"(YAML, valid against the {link('data/record.schema.json', 'record schema')}); its outcomes as HL7 "
            f"FHIR R5 Evidence resources: {link(fhir_bundle(record_id), 'FHIR Bundle (JSON)')}. Every download "
            f'is listed on the <a href="{data_page}">Data page</a>.</p>')


def _description(data: dict) -> str:
    # The theme prints it into the page head unescaped: it loses its markup first.
    return re.sub(r"[<>&\"*_`\[\]\\{}]", "", " ".join(data["summary"]["patient"].split()))[:155]


def _head(data: dict, cited: list[Reference], site: str) -> str:
    """What the page adds to its <head> (overrides/main.html prints it): schema.org JSON-LD and
    the citation_* tags, both from the page's citation (csl.py)."""
    item = csl.page_item(data, site)
    document = jsonld.record_jsonld(data, _description(data), [csl.reference_item(ref) for ref in cited],
                                    item.get("URL", ""))
    return jsonld.script(document) + highwire.meta_tags(item)


def _front_matter(data: dict, head: str) -> str:
    # The theme prints these into the page head unescaped: front_matter_value escapes them.
    # kb_head is HTML escaped where it was written (jsonld.py, highwire.py), as a JSON string.
    return "\n".join([
        "---",
        f"title: {front_matter_value(data['name'])}",
        f"description: {front_matter_value(_description(data))}",
        f"kb_head: {json.dumps(head, ensure_ascii=False)}",
        # Front-matter tags are not shown (no tags plugin) but mkdocs-material indexes them in every
        # section of the page with a very high weight: every name a reader may type finds this
        # record first, ahead of pages that merely mention it. Escaped like the title: a theme
        # partial or plugin that shows tags prints them as they are.
        "tags:",
        *(f"  - {front_matter_value(name)}" for name in [data["name"], *data["aliases"]]),
        search_answer(data),  # what the record's search result shows in place of the names
        "---",
    ])


def _draft_notice(data: dict) -> str:
    # Before anything a reader might act on: a draft's sections may be incomplete.
    if data["review"]["status"] != "draft":
        return ""
    return ('!!! warning "Draft: not yet fully reviewed"\n\n'
            "    Editors have not yet checked every part of this record against its sources, and some "
            "sections may be incomplete. A section with nothing verified in it says so.")


def _names_and_tags(data: dict) -> str:
    # Aliases include the misspellings readers type, so they are "names and spellings"; search
    # finds them through the front-matter tags.
    aliases = ", ".join(text(a) for a in data["aliases"])
    return (f"## {NAMES_HEADING}\n\n"
            f'<p class="kb-aliases" markdown><strong>Other names and spellings:</strong> {aliases}</p>\n\n'
            f"**{labels.KIND[data['kind']]}** · {labels.CATEGORY[data['category']]} · "
            + ", ".join(labels.POPULATION[p] for p in data["populations"]) + "\n\n" + tag_links(data))


def _at_a_glance(data: dict, cite: Citations) -> str:
    ev = data["evidence"]
    rows = [
        ["How certain is the evidence on live birth?", labels.certainty_badge(ev["certainty"])],
        ["What does it show?", labels.DIRECTION[ev["direction"]]],
    ]
    if data["review"]["status"] == "draft":
        rows.append(["Has this page been fully reviewed?", "Not yet: this record is a draft"])
    rows += positions.glance_rows(data, cite)  # one line per position, naming its patient groups
    body = table(["Question", "Answer"], rows)
    return '!!! abstract "At a glance"\n\n' + indent(body)


def _mechanism(data: dict, cite: Citations) -> str:
    mech = data["mechanism"]
    return ("## Proposed mechanism\n\n"
            '!!! note "A proposal, not a finding"\n\n'
            + indent(prose(mech["description"]) + " " + cite(mech["proposed_by"])))


NOTHING_FOUND = {
    "claims": "No claim about this from the write-ups we checked.",
    "safety": "No safety information has been added to this record yet.",
    "regimens_studied": "No trial regimen has been added to this record yet.",
}


def _claims(data: dict, cite: Citations, elsewhere: Sequence[tuple[dict, dict]],
            concerned: Mapping[str, dict]) -> str:
    """The record's own claims, then those stored in another record that concern this one too: a
    claim is one fact with one verdict, kept once, in the record it is most about (its home)."""
    if not data["claims"] and not elsewhere:
        return "## Claims checked\n\n" + NOTHING_FOUND["claims"]
    here = page_url(data)
    blocks = ["## Claims checked",
              "What clinics and write-ups claim, and what the evidence says about each claim."]
    for claim in data["claims"]:
        also = [concerned[other] for other in claim.get("concerns", []) if other in concerned]
        note = ("**Also about:** " + ", ".join(claim_link(other, here, claim) for other in also)
                + ". This claim is checked here once, with one verdict, for each of them.") if also else ""
        blocks.append(_claim(claim, cite, after=note))
    if elsewhere:
        blocks += [f"### {CHECKED_ELSEWHERE}",
                   "These claims are about this add-on and others. Each is stored and checked once, on the "
                   "page of the record it is most about, with one verdict for all of them; it is shown here "
                   "as it is there."]
        for home, claim in elsewhere:
            blocks.append(_claim(claim, cite, before=f"**Checked on:** {claim_link(home, here, claim)}, "
                                                     "where this claim is stored."))
    return "\n\n".join(blocks)


CHECKED_ELSEWHERE = "Claims about this and other add-ons"


def _claim(claim: dict, cite: Citations, before: str = "", after: str = "") -> str:
    verdict = claim["verdict"]
    body = "\n\n".join(part for part in [
        before,
        f"**Claimed** ({labels.CLAIM_TYPE[claim['type']]}, source {cite(claim['source'])}): {inline(claim['statement'])}",
        f"**What the evidence shows:** {inline(claim['assessment'])} {cite(claim['citations'])}",
        after] if part)
    return (f'<a id="claim-{attribute(claim["id"])}"></a>\n'
            f'!!! {labels.VERDICT_ADMONITION[verdict]} "Verdict: {labels.VERDICT[verdict]}"\n\n' + indent(body))


def claim_link(data: dict, from_page: str, claim: dict) -> str:
    """A Markdown link to where a record's page shows a claim (each page it concerns shows it)."""
    return f"[{text(data['name'])}]({up_from(from_page)}{page_url(data)}#claim-{quote(claim['id'])})"


def _cited_list(title: str, items: list[dict], cite: Citations) -> str:
    if not items:
        return f"## {title}\n\n" + NOTHING_FOUND["safety"]
    lines = [f"- {inline(item['statement'])} {cite(item['citations'])}" for item in items]
    return f"## {title}\n\n" + "\n".join(lines)


def _cited_paragraph(title: str, item: dict | None, cite: Citations) -> str:
    if not item:
        return ""
    return f"## {title}\n\n{prose(item['statement'])} {cite(item['citations'])}"


def _regimens(data: dict, cite: Citations) -> str:
    if not data["regimens_studied"]:
        return "## Regimens studied\n\n" + NOTHING_FOUND["regimens_studied"]
    return ("## Regimens studied\n\n"
            "What trials gave. This describes research, not advice: doses and schedules are for a "
            "clinician to decide.\n\n"
            + "\n".join(f"- {inline(r['statement'])} {cite(r['citations'])}" for r in data["regimens_studied"]))


RELATED = "related"


def related_list(data: dict, by_id: dict[str, dict], directory_urls: bool) -> str:
    """The Related section's links (by_id: every record's data by id), filled in after the engine."""
    return html_list([record_link(by_id[other], page_url(data), directory_urls) for other in data["related"]],
                     "kb-related")


def _review(data: dict, path: str, repo: Repository) -> str:
    review = data["review"]
    section = ("## Review\n\n"
               f"**Status:** {review['status']} · **Last reviewed:** {text(review['last_reviewed'])} · "
               f"**Reviewers:** {', '.join(text(r) for r in review['reviewers']) or 'none yet'}")
    if not repo.url:
        return section
    return section + ("\n\n" + " · ".join([
        external_link("History of this record", repo.history(path)),
        external_link("Suggest an edit", repo.edit(path)),
        external_link("Report an error", repo.report_error(data["id"], data["name"]))]))


def _references(cite: Citations) -> str:
    items = [f'{n}. <span id="ref-{n}"></span>{format_reference(cite.references[key])}'
             for n, key in enumerate(cite.order, start=1) if key in cite.references]
    return "## References\n\n" + "\n".join(items)  # not searched: see SEARCHED_SECTIONS
