"""Situation pages: for one patient group ("After failed IVF cycles"), every add-on with evidence
for that group in one sortable table: the answer in plain words, what it means out of 100
people, how certain it is and what guideline bodies say for that group.

The answer is the GRADE statement of the row a patient in that group asks about
(findings.headline), else the record's judgement for the group (evidence.by_population). The
table grows with the corpus, so it is filled in after the engine (fills.py); the page's
Markdown, one per population in the schema's closed list, stays the same size.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

from .. import findings
from ..absolute_effects import AbsoluteEffect, absolute_effect, why_not_computed
from ..corpus import Corpus, Record
from ..grade import WORDS, rank
from . import labels, positions
from .fills import Page, marker
from .links import record_link
from .markdown import GENERATED, attribute, front_matter_value, inline, page_title, text
from .findings_csv import CSV as SOF_CSV

FOLDER = "situations"
INDEX = f"{FOLDER}/index.md"
TITLE = "Find your situation"
# Situation pages repeat record names; in search they would only crowd out the records themselves.
NOT_SEARCHED = "search:\n  exclude: true\n"

# Who each page is for, in plain words, with the name research papers use. Definitions differ
# between studies: the pages say so rather than pick one.
INTRO = {
    "recurrent-implantation-failure":
        "Embryo transfers have not led to a pregnancy several times. Research papers and guidelines "
        "call this *recurrent implantation failure* (RIF). Studies define it in different ways; many "
        "use three or more failed transfers of good-quality embryos.",
    "recurrent-pregnancy-loss":
        "Two or more pregnancies have ended in miscarriage. Research papers and guidelines call this "
        "*recurrent pregnancy loss* or recurrent miscarriage. ESHRE's guideline counts two or more "
        "losses; some studies count three.",
    "unselected-ivf":
        "Having IVF or ICSI without a history of failed transfers or miscarriages. The studies here "
        "took people having IVF in general, not only those with a particular problem.",
    "antiphospholipid-syndrome":
        "*Antiphospholipid syndrome* (APS) is an autoimmune condition: antibodies in the blood make "
        "blood clots or pregnancy problems, such as repeated miscarriage, more likely. It is "
        "diagnosed from a person's history together with blood tests repeated at least 12 weeks apart.",
    "inherited-thrombophilia":
        "An *inherited thrombophilia* is a tendency to form blood clots that runs in families, such "
        "as factor V Leiden, a prothrombin gene variant, or too little protein C, protein S or "
        "antithrombin.",
    "thin-endometrium":
        "The womb lining (*endometrium*) stays thin before embryo transfer. Many studies call a lining "
        "under 7 mm on ultrasound thin, but the cut-off differs between studies.",
    "good-prognosis-ivf":
        "People whose chance of success with IVF is already good: for example, younger people, or "
        "those with good-quality or genetically tested embryos. Studies define a good prognosis in "
        "different ways.",
    "threatened-miscarriage":
        "Vaginal bleeding in the first months of pregnancy. Doctors call this a *threatened "
        "miscarriage*: many such pregnancies continue, some end in miscarriage. Some studies look "
        "only at women who have also had miscarriages before.",
    "thyroid-autoimmunity":
        "Antibodies against the thyroid gland, most often *thyroid peroxidase (TPO) antibodies*, "
        "found in a blood test while the thyroid still works normally. They are common, and more "
        "common in women who have had miscarriages.",
    "chronic-endometritis":
        "*Chronic endometritis* is a long-lasting, mild inflammation of the womb lining, usually "
        "without symptoms. It is diagnosed from a sample of the lining (plasma cells seen with the "
        "CD138 stain) or by looking into the womb (hysteroscopy); how it is defined differs between "
        "studies.",
}
COLUMNS = ["Add-on", "Kind", "What the evidence says", "Out of 100 people", "Certainty",
           "Guideline position for this group"]
UNSORTED = {"What the evidence says", "Guideline position for this group"}  # sentences, not values
NO_SORT = ' data-sort-method="none"'
DIRECTION_WORDS = {
    "benefit": "The evidence suggests a benefit in this group.",
    "no-benefit": "No benefit has been shown in this group.",
    "harm": "The evidence suggests harm in this group.",
    "uncertain": "It is not known whether it helps in this group.",
}


def page_path(population: str) -> str:
    return f"{FOLDER}/{population}.md"


def populations_used(corpus: Corpus) -> list[str]:
    """Every population some record has evidence for, in the schema's order."""
    used = {p for record in corpus.records for p in evidence_populations(record.data)}
    return [p for p in labels.POPULATION if p in used]


def evidence_populations(data: dict) -> set[str]:
    """The populations a record has evidence for: its questions' and its judgements by population."""
    evidence = data["evidence"]
    return ({q["population"] for q in evidence["questions"]}
            | {b["population"] for b in evidence.get("by_population", [])})


@dataclass(frozen=True)
class Stance:
    body: str
    version: str
    stance: str


@dataclass(frozen=True)
class SituationRow:
    """One add-on on a situation page: what the table shows, before it is drawn."""
    data: dict
    answer: str  # plain words
    headline: findings.Row | None  # the row the answer comes from, if any
    judged: dict | None  # the record's judgement for this group (evidence.by_population), if any
    effect: AbsoluteEffect | None
    stances: tuple[Stance, ...]

    @property
    def certainty(self) -> str | None:
        """The certainty for this group: the record's judgement for it, else its headline row's."""
        return self.judged["certainty"] if self.judged else self.headline and self.headline.row["certainty"]

    @property
    def row_certainty_differs(self) -> bool:
        """The statement's own certainty (its hedge) is not the one shown for the group."""
        return bool(self.headline and self.judged and self.headline.row["certainty"] != self.judged["certainty"])

    @property
    def not_computed(self) -> str:
        """Why there is no number out of 100: a phrase for the table cell."""
        if self.headline is None:
            return "no outcome compared in this group"
        return why_not_computed(self.headline.row, detail=False)


def records_by_population(corpus: Corpus) -> dict[str, list[Record]]:
    """Each population some record has evidence for, in the schema's order, with those records in
    name order: one pass over the records, where asking population by population took one each."""
    found: dict[str, list[Record]] = {}
    for record in corpus.records:
        for population in evidence_populations(record.data):
            found.setdefault(population, []).append(record)
    return {p: sorted(found[p], key=lambda r: (r.data["name"].casefold(), r.data["id"]))
            for p in labels.POPULATION if p in found}


def _row(data: dict, population: str) -> SituationRow:
    judged = next((b for b in data["evidence"].get("by_population", []) if b["population"] == population), None)
    headline = findings.headline(data, population)
    if headline is not None:
        answer = findings.say(data, headline)
    elif judged is not None:
        answer = DIRECTION_WORDS[judged["direction"]]
    else:
        answer = "No study in this group compared an outcome that matters most, such as live birth."
    return SituationRow(data, answer, headline, judged, headline and absolute_effect(headline.row),
                        group_stances(data, population))


def group_stances(data: dict, population: str) -> tuple[Stance, ...]:
    """The positions that apply to the population now: those naming it, less any superseded."""
    current = [Stance(p["body"], p["version"], p["stance"]) for p in data["positions"]
               if population in p["populations"] and positions.is_current(p)]
    return tuple(dict.fromkeys(current))


# ---- the pages --------------------------------------------------------------------------------

def situation_pages(corpus: Corpus, directory_urls: bool = True) -> dict[str, Page]:
    """docs path -> page: the index, and one page per population with evidence."""
    grouped = records_by_population(corpus)
    pages = {INDEX: Page(_index(corpus, list(grouped)))}
    for population, records in grouped.items():
        path = page_path(population)
        pages[path] = Page(_markdown(population, len(records)),
                           {"situation": _table(records, population, path, directory_urls)})
    return pages


def situation_links(corpus: Corpus, from_page: str = "index.md") -> str:
    """A Markdown list of the situation pages, each with how many add-ons it covers (the home page
    and the index); the list is as long as the schema's closed list of populations, at any N."""
    counts = {p: len(records) for p, records in records_by_population(corpus).items()}
    prefix = "" if from_page.startswith(f"{FOLDER}/") else f"{FOLDER}/"
    return "\n".join(f"- [**{labels.POPULATION_PLAIN[p]}**]({prefix}{p}.md): {n} "
                     f"{'treatment or test' if n == 1 else 'treatments and tests'} with evidence"
                     for p, n in counts.items())


def _index(corpus: Corpus, used: list[str]) -> str:
    return "\n\n".join([
        f"---\ntitle: {TITLE}\n{NOT_SEARCHED}---",
        GENERATED.format(path="evidence/*.yaml"),
        f"# {TITLE}",
        "Choose the group that describes you. Each page lists every treatment and test in this knowledge "
        "base with evidence for that group: what the studies found, what it means out of 100 people, "
        "how certain the evidence is, and what guideline bodies say for that group.",
        situation_links(corpus, INDEX) if used else "No record has evidence for a patient group yet.",
        "This site describes research. It does not advise any treatment: talk to your own doctor about your care.",
    ]) + "\n"


def _markdown(population: str, count: int) -> str:
    title = labels.POPULATION_PLAIN[population]
    return "\n\n".join([
        f"---\ntitle: {front_matter_value(title)}\nhide:\n  - toc\n{NOT_SEARCHED}---",
        GENERATED.format(path="evidence/*.yaml"),
        f"# {text(title)}",
        INTRO[population],
        f"{count} {'treatment or test has' if count == 1 else 'treatments and tests have'} evidence for this "
        "group. For each, the table shows what the best evidence found for the outcome that matters most "
        "(live birth where it was measured), what that means out of 100 people, how certain the evidence "
        "is, and what guideline bodies say for this group. Select a column heading to sort the table.",
        "*How to read \"26 → 29 of 100\":* in the studies, about 26 in 100 people had a live birth without "
        "the add-on; with it, the best estimate is 29 in 100. The range in brackets is the 95% confidence "
        "interval: the true figure is probably within it.",
        marker("situation"),
        f"Every outcome of every record, with its numbers, is in the [summary of findings data](../{SOF_CSV}) "
        "(CSV). [Other situations](index.md).",
        "This page describes research. It does not advise any treatment: talk to your own doctor about your care.",
    ]) + "\n"


def _table(records: list[Record], population: str, page: str, directory_urls: bool) -> str:
    """Raw HTML, every value escaped where it is written (page_title for plain text, inline for
    record prose, attribute for attribute values). Each cell carries its column's name in
    data-label, which a phone shows beside the value when the rows are stacked (kb.css)."""
    if not records:
        return "<p>No treatment or test has evidence for this group yet.</p>"
    # No class on the table: like the comparison table's, kb.js sorts it and, on a phone, kb.css
    # stacks its rows into cards with the headings as sort buttons (the phone-first section).
    lines = ['<div class="kb-comparison kb-situation">', "<table>", "<thead><tr>"]
    lines += [f'<th scope="col"{NO_SORT if c in UNSORTED else ""}>{c}</th>' for c in COLUMNS]
    lines += ["</tr></thead>", "<tbody>"]
    lines += [_table_row(record, population, page, directory_urls) for record in records]
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines)


# A record's row on a situation page, drawn once per loaded record: when kb serve redraws the
# pages after one record changed (a rename reorders every table), the other rows are reused.
_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _table_row(record: Record, population: str, page: str, directory_urls: bool) -> str:
    drawn = _ROWS.setdefault(record, {})
    key = (population, page, directory_urls)
    if key not in drawn:
        row, d = _row(record.data, population), record.data
        drawn[key] = "<tr>" + "".join([
            f'<th scope="row" data-label="{COLUMNS[0]}">{record_link(d, page, directory_urls)}</th>',
            _td(1, labels.KIND[d["kind"]]),
            _td(2, _answer(row)),
            _td(3, _effect(row), _effect_sort(row)),
            _td(4, _certainty(row), str(rank(row.certainty) + 1) if row.certainty else "0"),
            _td(5, _stances(row.stances)),
        ]) + "</tr>"
    return drawn[key]


def _td(column: int, content: str, sort: str | None = None) -> str:
    sort_attribute = f' data-sort="{attribute(sort)}"' if sort is not None else ""
    return f'<td data-label="{attribute(COLUMNS[column])}"{sort_attribute}>{content}</td>'


def _answer(row: SituationRow) -> str:
    """The statement, what was compared, and the record's judgement for the group with its reason:
    a result can say "may increase" while the whole evidence for the group is judged uncertain."""
    parts = [f"<p>{page_title(row.answer)}</p>"]
    if row.headline is not None and row.headline.question.get("comparison"):
        parts.append(f'<p class="kb-situation-note">Compared: {inline(row.headline.question["comparison"])}</p>')
    if row.judged and row.headline is not None:
        parts.append(f'<p>Overall for this group: <strong>{labels.DIRECTION[row.judged["direction"]].lower()}'
                     "</strong></p>")
    if row.judged:
        parts.append('<details class="kb-situation-why"><summary>Why</summary>'
                     f'<p>{inline(row.judged["rationale"])}</p></details>')
    return "".join(parts)


def _effect(row: SituationRow) -> str:
    if row.effect is None:
        return f'<span class="kb-situation-note">Not computable: {page_title(row.not_computed)}</span>'
    without, with_addon, low, high = row.effect.out_of(100)
    return (f'<span class="kb-situation-note">{page_title(row.headline.row["outcome"])}</span><br>'
            f'<span aria-hidden="true">{without} → {with_addon} of 100</span>'
            f'<span class="kb-sr-only">{without} of 100 without, {with_addon} of 100 with the add-on</span>'
            f' <span class="kb-situation-range">({low} to {high})</span>')


def _effect_sort(row: SituationRow) -> str:
    """Sorts by the change out of 1,000; rows with no number sort below every change."""
    return str(row.effect.difference(1000)[0]) if row.effect else "-10000"


def _certainty(row: SituationRow) -> str:
    if row.certainty is None:
        return "Not graded for this group"
    shown = labels.graded_badge(row.certainty)
    if row.row_certainty_differs:
        shown += (f'<br><span class="kb-situation-note">The result shown alone: '
                  f'{WORDS[row.headline.row["certainty"]].lower()}</span>')
    return shown


def _stances(stances: tuple[Stance, ...]) -> str:
    if not stances:
        return "No position recorded"
    return "".join(f'<span class="kb-situation-stance">{page_title(s.body)} {page_title(s.version)}: '
                   f"{labels.stance_badge(s.stance)}</span>" for s in stances)


def situated(record: Record) -> tuple:
    """What the situation pages show of a record (kb serve redraws them only when it changed)."""
    d = record.data
    return d["id"], d["name"], d["kind"], d["evidence"]["questions"], d["evidence"].get("by_population"), d["positions"]
