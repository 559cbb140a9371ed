"""What a record's outcome rows say: each row with its place in the record, whether its
interval shows a change and whether that change is good for the patient, GRADE's informative
statement for it, and which row answers a patient group's question."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .absolute_effects import RATIOS, absolute_effect
from .grade import WORDS, rank

# Every comparative measure, with the value that means no difference between the groups.
NO_EFFECT = {**dict.fromkeys(RATIOS, 1), "RD": 0, "MD": 0}


@dataclass(frozen=True)
class Row:
    question: dict
    row: dict
    path: tuple  # json path of the row in the record, for messages

    @property
    def population(self) -> str:
        return self.question["population"]

    @property
    def is_association(self) -> bool:
        """A comparison of people with and without a test result: what it predicts, not an effect."""
        return bool(self.question.get("association"))


def outcome_rows(data: dict) -> Iterator[Row]:
    for q, question in enumerate(data["evidence"]["questions"]):
        for r, row in enumerate(question["outcomes"]):
            yield Row(question, row, ("evidence", "questions", q, "outcomes", r))


def is_comparative(row: dict) -> bool:
    return row["measure"] in NO_EFFECT and "ci" in row


def change(row: dict) -> str | None:
    """'increase' or 'decrease' when the 95% CI excludes no effect, 'none' when it includes it,
    None for a row without a comparison."""
    if not is_comparative(row):
        return None
    low, high = row["ci"]
    null = NO_EFFECT[row["measure"]]
    return "increase" if low > null else "decrease" if high < null else "none"


def verdict(row: dict) -> str | None:
    """'benefit', 'harm' or 'no-clear-difference' for the patient, from the change and `desirable`."""
    moved = change(row)
    if moved in (None, "none"):
        return moved and "no-clear-difference"
    good = (moved == "increase") == (row["desirable"] == "higher")
    return "benefit" if good else "harm"


# ---- GRADE informative statements ------------------------------------------------------------
# The wording follows GRADE guidelines 26 (Santesso et al., J Clin Epidemiol 2020;119:126-135):
# high certainty states the effect, moderate says "probably", low "may", and very low says we are
# very uncertain. Where the interval includes no effect the statement is "little or no
# difference". We do not grade sizes (large, slight): that needs thresholds of importance that
# the records do not set, so no statement claims more than the interval shows.
HEDGE = {"high": "", "moderate": "probably ", "low": "may "}
VERB = {  # (change, after "may"?) -> verb phrase: "may" takes the bare verb, "probably" does not
    ("increase", False): "increases", ("increase", True): "increase",
    ("decrease", False): "reduces", ("decrease", True): "reduce",
    ("none", False): "makes little or no difference to", ("none", True): "make little or no difference to",
}


def mid_sentence(words: str) -> str:
    """'Live birth' -> 'live birth' inside a sentence; 'OHSS', 'IVIg' and 'G-CSF' keep their capitals."""
    letters = re.sub(r"[^A-Za-z]", "", words.split(" ", 1)[0][1:])
    return words[:1].lower() + words[1:] if letters and letters == letters.lower() else words


def statement(row: dict, name: str, association: bool = False) -> str | None:
    """GRADE's informative statement for a comparative row, e.g. 'Intralipid may make little or
    no difference to live birth.'; None for a row with no comparison. A row of an association
    question compares people with and without a result, so it says what the result predicts."""
    moved = change(row)
    if moved is None:
        return None
    if association:
        return association_statement(row, moved)
    outcome = mid_sentence(row["outcome"])
    if row["certainty"] == "very-low":
        return f"We are very uncertain about the effect of {mid_sentence(name)} on {outcome}."
    hedge = HEDGE[row["certainty"]]
    return f"{name} {hedge}{VERB[(moved, hedge == 'may ')]} {outcome}."


def association_statement(row: dict, moved: str) -> str:
    outcome = mid_sentence(row["outcome"])
    if row["certainty"] == "very-low":
        return (f"We are very uncertain whether {outcome} differs between the groups compared. "
                "This is what a test result predicts, not an effect of testing or treatment.")
    found = {"increase": f"{outcome[:1].upper() + outcome[1:]} was more common in the first group compared",
             "decrease": f"{outcome[:1].upper() + outcome[1:]} was less common in the first group compared",
             "none": f"{outcome[:1].upper() + outcome[1:]} did not clearly differ between the groups compared"}[moved]
    return (f"{found} ({WORDS[row['certainty']].lower()} certainty). "
            "This is what a test result predicts, not an effect of testing or treatment.")


def subject(data: dict, question: dict) -> str:
    """What a question's statements name: its `intervention`, else the record's name."""
    return question.get("intervention") or data["name"]


def say(data: dict, found: Row) -> str | None:
    """The statement for a row of this record, naming the right subject and reading an
    association as what a result predicts."""
    return statement(found.row, subject(data, found.question), found.is_association)


# ---- the row that answers a patient group's question ----------------------------------------
LIVE_BIRTH = re.compile(r"\blive birth", re.I)


def headline(data: dict, population: str | None = None) -> Row | None:
    """The row a patient in this group asks about: a critical comparative row (live birth first),
    the most certain, then one whose absolute effect can be computed, then the most participants."""
    rows = [r for r in outcome_rows(data) if r.row["importance"] == "critical" and is_comparative(r.row)
            and not r.is_association and (population is None or r.population == population)]
    if not rows:
        return None

    def weight(r: Row):
        participants = r.row["participants"] if isinstance(r.row["participants"], int) else 0
        return (bool(LIVE_BIRTH.search(r.row["outcome"])), rank(r.row["certainty"]),
                absolute_effect(r.row) is not None, participants)
    return max(rows, key=weight)
