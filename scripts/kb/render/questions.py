"""'Questions to ask your clinic': drawn from a record's own evidence, so they never go stale.

Each question comes with a one-line note of what this record found, so a reader knows why it
is worth asking. Written for patients: short words, no jargon.
"""
from __future__ import annotations

from . import labels
from .positions import is_current
from .markdown import text

# Stances that say "do not use this outside research", whatever the body's own wording.
AGAINST = {"not-recommended", "suggested-against", "not-routinely-recommended", "research-only",
           "investigational-only", "red"}
WEAK_CERTAINTY = {"low", "very-low"}

DIRECTION_IN_WORDS = {
    "benefit": "it may raise the chance of having a baby",
    "no-benefit": "it has not been shown to raise the chance of having a baby",
    "harm": "it may lower the chance of having a baby",
    "uncertain": "no one can yet say whether it changes the chance of having a baby",
}


def questions(data: dict) -> list[tuple[str, str]]:
    """(question, why it is worth asking) pairs for a record."""
    ev = data["evidence"]
    certainty = labels.CERTAINTY[ev["certainty"]].lower()
    found = f"The studies we found suggest {DIRECTION_IN_WORDS[ev['direction']]} ({certainty} certainty)."
    if data["kind"] == "test":
        asked = [
            ("What will you do differently depending on my result?",
             "A test only helps if a result leads to a treatment that works. " + found),
            ("Has anyone shown that using this test leads to more babies?", found),
        ]
    else:
        asked = [("What do you expect this to change for me, and what is your evidence?", found)]
    # Current positions only, and for whom: a body may advise against an add-on for one group
    # and suggest it for another.
    against = [p for p in data["positions"] if p["stance"] in AGAINST and is_current(p)]
    if against:
        bodies = list(dict.fromkeys(p["body"] for p in against))
        verb = "advises" if len(bodies) == 1 else "advise"
        groups = list(dict.fromkeys(g for p in against for g in p["populations"]))
        for_whom = "" if set(groups) >= set(data["populations"]) else " for " + _people(groups)
        asked.append((f"{' and '.join(bodies)} {verb} against using this routinely{for_whom}. "
                      "Why do you suggest it for me?",
                      "See what guidelines say on this page."))
    if data["kind"] == "treatment" and data["safety"]:
        asked.append(("What side effects could it have, for me and for a pregnancy?",
                      "This page lists the safety findings we found."))
    if ev["certainty"] in WEAK_CERTAINTY or ev["direction"] == "uncertain":
        asked.append(("Could I have this as part of a research trial instead?",
                      "When the evidence is weak, a trial is the fair way to find out if it works."))
    asked.append(("What is the full cost, with any extra tests, drugs and visits?",
                  "Add-ons are often paid for on top of IVF."))
    asked.append(("What happens if I choose not to have it?",
                  "You can decide not to have an add-on. Ask what the plan would be without it."))
    return asked


def _people(groups: list[str]) -> str:
    names = [labels.POPULATION_PEOPLE[g] for g in groups]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


HEADING = "Questions to ask your clinic"


def questions_section(data: dict) -> str:
    # Our own words, with the names of guideline bodies from the record: written as text all the same.
    items = "\n".join(f"1. **{text(q)}**  \n   {text(why)}" for q, why in questions(data))
    return f"## {HEADING}\n\n" + items
