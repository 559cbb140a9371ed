"""What guideline bodies and regulators say: the clinician's table, the lines in "At a glance"
and the patient's "What guidelines say".

A position applies to patient groups: every place that shows one names its groups, so that a
body's "suggested" for one group and "suggested against" for another read as the two answers
they are, not as a contradiction. A superseded position stays shown, marked as such.
"""
from __future__ import annotations

from ..findings import mid_sentence
from . import labels
from .citations import Citations
from .markdown import inline, text
from .stacked_table import Cell, Row, detail, stacked_table

HEADING = "Guideline and regulator positions"
PATIENT_HEADING = "What guidelines say"
NOTHING_FOUND = ("We have not found a position from ESHRE, the HFEA, ASRM, RCOG or a regulator on this "
                 "that we could verify. This record is still a draft.")
COLUMNS = ["Body and document", "Applies to", "Position", "What they say", "Source"]


def is_current(position: dict) -> bool:
    return not position.get("superseded_by")


def groups(keys: list[str]) -> str:
    """'antiphospholipid syndrome and inherited thrombophilia': the groups inside a sentence."""
    names = [mid_sentence(labels.POPULATION[k]) for k in keys]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _source(position: dict) -> str:
    return f"{text(position['document'])}, {text(position['version'])}"


def glance_rows(data: dict, cite: Citations) -> list[list[str]]:
    """One "At a glance" line per position: its stance, for whom, and from which version."""
    rows = []
    for position in data["positions"]:
        when = text(position["version"]) + ("" if is_current(position) else "; superseded")
        rows.append([f"What does {text(position['body'])} say?",
                     f"{labels.stance_badge(position['stance'])} for {groups(position['populations'])} "
                     f"({when}) {cite(position['citation'])}"])
    return rows


def positions_section(data: dict, cite: Citations) -> str:
    if not data["positions"]:
        return f"## {HEADING}\n\n{NOTHING_FOUND}"
    rows = []
    for position in data["positions"]:  # cells in reading order: citations are numbered as drawn
        body = f"<strong>{text(position['body'])}</strong>" + detail(_source(position))
        applies = ", ".join(labels.POPULATION[p] for p in position["populations"]) + detail(inline(position["applies_to"]))
        stance = labels.stance_badge(position["stance"])
        if not is_current(position):
            stance += detail("<strong>Superseded</strong> by " + inline(position["superseded_by"]))
        said = inline(position["statement"])
        if position.get("searched"):
            said += detail("<strong>Searched:</strong> " + inline(position["searched"]))
        rows.append(Row([Cell(body, COLUMNS[0]), Cell(applies, COLUMNS[1]), Cell(stance, COLUMNS[2]),
                         Cell(said, COLUMNS[3]), Cell(cite.source(position["citation"]), COLUMNS[4])],
                        [] if is_current(position) else ["kb-superseded"]))
    return f"## {HEADING}\n\n" + stacked_table(COLUMNS, rows, "kb-positions")


def patient_guidelines(data: dict, cite: Citations) -> str:
    """For each patient group, what each body says now; then what older, replaced guidance said."""
    heading = f"## {PATIENT_HEADING}"
    if not data["positions"]:
        return f"{heading}\n\n{NOTHING_FOUND}"
    order = list(dict.fromkeys([*data["populations"], *(p for pos in data["positions"] for p in pos["populations"])]))
    blocks = [heading, "What the bodies that write guidance for fertility care say, for each group of patients. "
                       "Guidance is general: it cannot say what is right for you."]
    for population in order:
        here = [p for p in data["positions"] if population in p["populations"]]
        if not here:
            continue
        current = "\n".join(_patient_line(p, cite) for p in here if is_current(p))
        older = "\n".join(_patient_line(p, cite) for p in here if not is_current(p))
        if older:
            older = f"{OLDER}\n\n{older}"
        blocks.append(f"**{labels.POPULATION_PLAIN[population]}**\n\n" + "\n\n".join(s for s in (current, older) if s))
    return "\n\n".join(blocks)


OLDER = "Older guidance, since replaced by a newer version whose wording we have not seen:"


def _patient_line(position: dict, cite: Citations) -> str:
    return (f"- **{text(position['body'])}** ({text(position['version'])}): "
            f"{labels.stance_badge(position['stance'])} {inline(position['statement'])} {cite(position['citation'])}")
