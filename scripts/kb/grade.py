"""GRADE: certainty from the domain judgements, and how certainty is shown.

Randomised evidence starts high and non-randomised evidence low; each serious concern takes
one level off and each very serious concern two; each upgrade adds one; the result is kept
between very low and high (GRADE Handbook, section 5)."""
from __future__ import annotations

LEVELS = ("very-low", "low", "moderate", "high")  # in order: index is the level
DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
DOMAIN_LABEL = {"risk_of_bias": "Risk of bias", "inconsistency": "Inconsistency", "indirectness": "Indirectness",
                "imprecision": "Imprecision", "publication_bias": "Publication bias"}
DOWN = {"not-serious": 0, "serious": 1, "very-serious": 2}
START = {"randomised": "high", "non-randomised": "low"}
# The GRADE symbols for certainty, as in Cochrane's summary of findings tables.
SYMBOL = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very-low": "⊕◯◯◯"}
WORDS = {"high": "High", "moderate": "Moderate", "low": "Low", "very-low": "Very low"}


def rank(certainty: str) -> int:
    return LEVELS.index(certainty)


def certainty_from(grade: dict) -> str:
    level = rank(START[grade["design"]])
    level -= sum(DOWN[grade[domain]["rating"]] for domain in DOMAINS)
    level += len(grade.get("upgrades", []))
    return LEVELS[min(len(LEVELS) - 1, max(0, level))]


def downgrades(grade: dict) -> list[tuple[str, str, str]]:
    """(domain label, rating, reason) for every domain rated down: the reasons a table shows."""
    return [(DOMAIN_LABEL[d], grade[d]["rating"], grade[d]["reason"]) for d in DOMAINS
            if grade[d]["rating"] != "not-serious"]


def working(grade: dict) -> str:
    """How the domains add up, for an error message: 'randomised (high), risk of bias serious (-1)'."""
    parts = [f"{grade['design']} (starts {START[grade['design']].replace('-', ' ')})"]
    parts += [f"{DOMAIN_LABEL[d].lower()} {grade[d]['rating']} (-{DOWN[grade[d]['rating']]})"
              for d in DOMAINS if DOWN[grade[d]["rating"]]]
    parts += [f"upgrade for {u['factor']} (+1)" for u in grade.get("upgrades", [])]
    return ", ".join(parts)
