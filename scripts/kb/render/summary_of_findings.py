"""The clinician's "What the studies found": a Summary of findings table per question (patient
group x comparison) in Cochrane's layout, the notes on its rows, one forest plot of every
comparative row, and where the answer differs by population.

Absolute effects come from kb.absolute_effects, the statements from kb.findings and the
downgrades from kb.grade: this module only lays them out. Numbers are printed as the editor
typed them from the source (kb.as_written), so 1.20 is not shown as 1.2.
"""
from __future__ import annotations

from functools import partial

from ..absolute_effects import AbsoluteEffect, absolute_effect, why_not_computed
from ..as_written import as_written
from ..corpus import Record
from ..findings import Row, outcome_rows, say
from ..grade import downgrades
from . import figures, labels
from .citations import Citations
from .markdown import inline, text
from .stacked_table import Cell, Row as TableRow, detail, stacked_table

HEADING = "What the studies found"
COLUMNS = ["Outcome", "Risk without it (per 1,000)", "Risk with it (per 1,000, 95% CI)",
           "Relative effect (95% CI)", "Participants (studies)", "Certainty", "What it means"]
# A narrow column may break its heading there, with a hyphen, rather than anywhere.
HEADERS = [c.replace("Participants", "Partici&shy;pants") for c in COLUMNS]
NO_QUESTIONS = "No study results have been added to this record yet."
PER = 1000


def evidence_section(record: Record, cite: Citations) -> str:
    data = record.data
    ev = data["evidence"]
    parts = [f"## {HEADING}",
             f"**Certainty (live birth):** {labels.certainty_badge(ev['certainty'])} · "
             f"**Direction:** {labels.DIRECTION[ev['direction']]}",
             "**Why this rating:** " + inline(ev["rationale"])]
    notes = Notes()
    rows_by_question: dict[int, list[Row]] = {}
    for row in outcome_rows(data):
        rows_by_question.setdefault(row.path[2], []).append(row)
    for rows in rows_by_question.values():
        parts.append(_question(record, rows, cite, notes))
    if not rows_by_question:
        parts.append(NO_QUESTIONS)
    plot = figures.forest_plot(data, figures.author_year(cite.references), partial(as_written, record))
    if plot:  # a div: Markdown leaves the SVG inside it untouched
        parts.append(f'### All comparative results in one plot\n\n<div class="kb-figure">\n{plot}\n</div>')
    if ev.get("by_population"):
        parts.append(_by_population(ev["by_population"]))
    return "\n\n".join(parts)


class Notes:
    """Row notes, numbered through the whole section so that "Note 3" means one note on the page."""

    def __init__(self):
        self.count = 0

    def add(self, note: str) -> tuple[str, str]:
        """(the link in the row, the note under the table)"""
        self.count += 1
        n = self.count
        return (f'<a class="kb-note-ref" href="#kb-note-{n}">Note {n}</a>',
                f'<p class="kb-sof-note" id="kb-note-{n}" markdown="span"><strong>Note {n}.</strong> {inline(note)}</p>')


def question_heading(question: dict) -> str:
    label = labels.POPULATION[question["population"]]
    return f"{label}: {inline(question['comparison'])}" if question.get("comparison") else label


def _question(record: Record, rows: list[Row], cite: Citations, notes: Notes) -> str:
    table_rows, under = [], []
    for row in rows:  # cells in reading order: citations are numbered as they are drawn
        note_link = ""
        if row.row.get("note"):
            note_link, note = notes.add(row.row["note"])
            under.append(note)
        table_rows.append(TableRow(_cells(record, row, cite, note_link)))
    table = stacked_table(HEADERS, table_rows, "kb-sof")
    return "\n\n".join([f"### {question_heading(rows[0].question)}", table, *under])


def _cells(record: Record, found: Row, cite: Citations, note_link: str) -> list[Cell]:
    row = found.row

    def written(path: tuple) -> str:
        return as_written(record, found.path + path)

    outcome = (f"<strong>{text(row['outcome'])}</strong> "
               f'<span class="kb-importance kb-importance-{row["importance"]}">'
               f"{labels.IMPORTANCE[row['importance']]}</span>"
               + detail(inline(row["population"]))
               + detail("Source: " + cite.source(row["citation"]))
               + (detail(note_link) if note_link else ""))
    cells = [Cell(outcome, COLUMNS[0])]
    # An association compares people with and without a test result: per-1,000 risks "with"
    # and "without" would read as an effect of the add-on, so none are drawn.
    effect = None if found.is_association else absolute_effect(row)
    if effect:
        cells += _absolute_cells(record, found, effect, cite)
    elif found.is_association:
        cells.append(Cell("Not computed: this compares people with and without a test result, so it shows what "
                          "the result predicts, not an effect of the add-on.", "Risk without and with it", span=2))
    else:
        cells.append(Cell(_not_computed(row), "Risk without and with it", span=2))
    studies = row["studies"]
    studies_text = (f"{studies} {'study' if studies == 1 else 'studies'}" if isinstance(studies, int)
                    else "studies not reported")
    meaning = say(record.data, found)
    cells += [
        Cell(labels.effect(row, written), COLUMNS[3]),
        Cell(f"{labels.count(row['participants'])} ({studies_text})", COLUMNS[4]),
        Cell(certainty(row), COLUMNS[5]),
        Cell(text(meaning) if meaning else "No comparison: a rate in one group cannot show an effect.", COLUMNS[6]),
    ]
    return cells


def _absolute_cells(record: Record, found: Row, effect: AbsoluteEffect, cite: Citations) -> list[Cell]:
    without, with_, low, high = effect.out_of(PER)
    difference, diff_low, diff_high = effect.difference(PER)
    risk = found.row["control_risk"]
    reported = _control_risk_as_reported(record, found, risk)
    basis = f" {inline(risk['basis'])}" if risk.get("basis") else ""
    basis += "." if basis and not basis.endswith(".") else ""
    # The control group's source is named only where it is not the row's own.
    source = "" if risk["citation"] == found.row["citation"] else " " + cite.source(risk["citation"])
    without_html = f"{without:,} per 1,000" + detail(f"Control group: {reported}.{basis}{source}")
    with_html = (f"{with_:,} per 1,000 ({low:,} to {high:,})"
                 + detail(f"{_more_or_fewer(difference)} per 1,000 "
                           f"({_more_or_fewer(diff_low)} to {_more_or_fewer(diff_high)})"))
    return [Cell(without_html, COLUMNS[1]), Cell(with_html, COLUMNS[2])]


def _control_risk_as_reported(record: Record, found: Row, risk: dict) -> str:
    if "events" in risk:
        return f"{risk['events']:,} of {risk['total']:,}"
    if "percent" in risk:
        return labels.number(as_written(record, found.path + ("control_risk", "percent"))) + "%"
    return labels.number(as_written(record, found.path + ("control_risk", "per_1000"))) + " per 1,000"


def _more_or_fewer(n: int) -> str:
    return f"{n:,} more" if n > 0 else f"{-n:,} fewer" if n < 0 else "0 fewer"


def _not_computed(row: dict) -> str:
    """Never a blank: say that there is no absolute effect, why, and what the source shows instead."""
    reason = (row.get("control_risk") or {}).get("not_reported")
    return (f"Not computed: {text(why_not_computed(row, detail=False))}."
            + (detail(inline(reason)) if reason else ""))


RATING = {"serious": "serious", "very-serious": "very serious"}
UPGRADE = {"large-effect": "a large effect", "dose-response": "a dose-response gradient",
           "opposing-confounding": "confounding that would reduce the effect shown"}


def certainty(row: dict) -> str:
    """⊕⊕◯◯ and the word, then each reason the evidence was rated down (or up)."""
    level = row["certainty"]
    shown = labels.graded_badge(level)
    grade = row.get("grade")
    if not grade:
        return shown
    reasons = []
    if grade["design"] == "non-randomised":
        reasons.append("Non-randomised studies: start at low.")
    reasons += [f"{domain} ({RATING[rating]}): {inline(reason)}" for domain, rating, reason in downgrades(grade)]
    reasons += [f"Rated up for {UPGRADE[u['factor']]}: {inline(u['reason'])}" for u in grade.get("upgrades", [])]
    return shown + "".join(detail(r) for r in reasons)


BY_POPULATION_COLUMNS = ["Population", "Certainty", "Direction", "Why"]


def _by_population(groups: list[dict]) -> str:
    rows = [TableRow([Cell(labels.POPULATION[p["population"]], "Population"),
                      Cell(labels.certainty_badge(p["certainty"]), "Certainty"),
                      Cell(labels.DIRECTION[p["direction"]], "Direction"),
                      Cell(inline(p["rationale"]), "Why")]) for p in groups]
    return "### Where the answer differs by population\n\n" + stacked_table(BY_POPULATION_COLUMNS, rows, "kb-by-population")
