"""The patient's view of the evidence, in plain words: for each group of patients the record
covers, what the studies found (out of 100 women like you, with a picture), how sure we are;
then safety and cost.

The row each group's answer stands on is findings.headline's; its statement is findings.statement
and its numbers come from kb.absolute_effects. Where the source reports no control risk the
page says so, and gives the relative effect in words instead of inventing a baseline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..absolute_effects import absolute_effect
from ..as_written import as_written
from ..corpus import Record
from ..findings import Row, headline, mid_sentence, say
from . import figures, labels
from .citations import Citations
from .markdown import inline, prose, text

HEADING = "What the studies found for women like you"
NO_HEADLINE = ("We have not found a study that compared women who had this with women who did not, on a "
               "result that matters most, such as having a baby.")
OUT_OF = 100


def findings_for_you(record: Record, cite: Citations) -> str:
    data = record.data
    blocks = [f"## {HEADING}"]
    for population in populations(data):
        found = headline(data, population)
        if found:
            blocks.append(_population_block(record, population, found, cite))
    if len(blocks) == 1:
        blocks.append(NO_HEADLINE)
    return "\n\n".join(blocks)


def populations(data: dict) -> list[str]:
    """The record's groups in its own order, then any group only its evidence names."""
    return list(dict.fromkeys([*data["populations"],
                               *(q["population"] for q in data["evidence"]["questions"])]))


@dataclass(frozen=True)
class Sides:
    """How the sentences name the two groups a row compares."""
    with_: str  # "with it"
    without: str  # "without it"
    pictured: str  # the name the picture gives the add-on ("Without <pictured>", "With <pictured>")


def sides(data: dict, question: dict) -> Sides:
    """A treatment's rows compare having it with not having it. A test's rows compare what its
    result leads to (IVIG vs no IVIG after NK cell testing): "with it" would say the test did
    what the treatment did, so the sentences name the options of the comparison shown instead."""
    if question.get("intervention"):
        return Sides("with it", "without it", question["intervention"])
    if data["kind"] == "test" and question.get("comparison"):
        return Sides("with the first option", "with the second option", "the first option")
    return Sides("with it", "without it", data["name"])


def _population_block(record: Record, population: str, found: Row, cite: Citations) -> str:
    row, data = found.row, record.data
    studied = f"Studied in: {inline(row['population'])}"
    if found.question.get("comparison"):
        studied += f". Compared: {inline(found.question['comparison'])}"
    parts = [f"### {labels.POPULATION_PLAIN[population]}",
             f"**{text(say(data, found))}**",
             f'<p class="kb-patient-source" markdown="span">{studied}. Source: {cite.source(row["citation"])}</p>']
    side = sides(data, found.question)
    effect = absolute_effect(row)
    if effect:
        without, with_, low, high = effect.out_of(OUT_OF)
        event = outcome_event(row["outcome"])
        parts.append(text(f"Out of {OUT_OF} women like you, about {without} had {event} {side.without} and about "
                          f"{with_} {side.with_} (could be between {low} and {high})."))
        picture = figures.icon_array(without, with_, low=low, high=high, outcome=f"had {event}", name=mid_sentence(side.pictured))
        if picture:  # a div: Markdown leaves the SVG inside it untouched
            parts.append(f'<div class="kb-figure kb-icon-array">\n{picture}\n</div>')
    else:
        parts.append(_without_a_baseline(record, found, side))
    parts.append(f"**How sure are we?** {labels.certainty_badge(row['certainty'])} "
                 f"{labels.CERTAINTY_PLAIN[row['certainty']]}")
    return "\n\n".join(parts)


# ---- the outcome as something a woman "had" --------------------------------------------------
# The outcomes the records use, in plain words; any other outcome is used as written.
EVENTS = [(re.compile(pattern, re.I), words) for pattern, words in [
    (r"no live birth\b", "no baby"),
    (r"delivery of a healthy baby\b", "a healthy baby"),
    (r"live birth\b", "a baby"),
    (r"biochemical pregnancy loss\b", "an early pregnancy loss"),
    (r"(miscarriage|pregnancy loss)\b", "a miscarriage"),
    (r"clinical pregnancy\b", "a pregnancy seen on a scan"),
    (r"ongoing pregnancy\b", "an ongoing pregnancy"),
    (r"pregnancy\b", "a pregnancy"),
]]


def outcome_event(outcome: str) -> str:
    """'Live birth after first embryo transfer' -> 'a baby after first embryo transfer'. A closing
    aside ('Miscarriage (prognostic value of high NK)') is left to the statement and the
    comparison above the sentence, which name the outcome in full."""
    outcome = re.sub(r"\s*\([^()]*\)$", "", outcome) or outcome
    for pattern, words in EVENTS:
        match = pattern.match(outcome)
        if match:
            return words + outcome[match.end():]
    words = mid_sentence(outcome)
    if words.split(" ", 1)[0].isupper():  # an acronym: 'OHSS'
        return words
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


# ---- no control risk: the relative effect in words --------------------------------------------
def _without_a_baseline(record: Record, found: Row, side: Sides) -> str:
    row = found.row
    event = outcome_event(row["outcome"])
    opening = side.with_[:1].upper() + side.with_[1:]  # "With it, ..."

    def shown(*path) -> str:
        return labels.number(as_written(record, found.path + path), labels.DECIMALS[row["measure"]])
    said = (f"The studies did not report how many women had {event} {side.without}, so we cannot say how many "
            f"out of {OUT_OF} it would change. ")
    estimate, low, high = shown("estimate"), shown("ci", 0), shown("ci", 1)
    measure = row["measure"]
    if measure == "RR":
        said += (f"{opening}, the chance of having {event} was {estimate} times the chance {side.without} "
                 f"(could be between {low} and {high} times).")
    elif measure in ("OR", "Peto-OR"):
        said += (f"{opening}, the odds of having {event} were {estimate} times the odds {side.without} "
                 f"(could be between {low} and {high} times). Odds compare the women who had {event} with those "
                 "who did not.")
    elif measure == "HR":
        said += (f"{opening}, {event} happened at {estimate} times the rate {side.without} "
                 f"(could be between {low} and {high} times).")
    elif measure == "RD":
        said = (f"Out of {OUT_OF} women, {_more_or_fewer(estimate)} had {event} {side.with_} than {side.without} "
                f"(could be between {_more_or_fewer(low)} and {_more_or_fewer(high)}).")
    else:  # MD: a difference in an average
        said = (f"On average, {mid_sentence(row['outcome'])} was {_higher_or_lower(estimate)} {side.with_} "
                f"(could be between {_higher_or_lower(low)} and {_higher_or_lower(high)}).")
    return text(said)


def _more_or_fewer(shown: str) -> str:
    """'−2.6' -> '2.6 fewer'; the number as written, without its sign."""
    return f"{shown.lstrip('−')} fewer" if shown.startswith("−") else f"{shown} more"


def _higher_or_lower(shown: str) -> str:
    return f"{shown.lstrip('−')} lower" if shown.startswith("−") else f"{shown} higher"


# ---- safety and cost ----------------------------------------------------------------------------
SAFETY_AND_COST = "Safety and cost"
NO_SAFETY = "We have not yet added what is known about side effects and risks. Ask your clinic."
NO_COST = ("We have not found a reliable price. Ask your clinic for the full cost, with any extra tests, "
           "drugs and visits.")


def safety_and_cost(data: dict, cite: Citations) -> str:
    safety = ("\n".join(f"- {inline(item['statement'])} {cite(item['citations'])}" for item in data["safety"])
              or NO_SAFETY)
    cost = data.get("cost")
    cost_text = f"{prose(cost['statement'])} {cite(cost['citations'])}" if cost else NO_COST
    return (f"## {SAFETY_AND_COST}\n\n**Side effects and risks**\n\n{safety}\n\n**Cost**\n\n{cost_text}")
