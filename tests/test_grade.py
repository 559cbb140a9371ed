"""A row's GRADE certainty follows from its domains: randomised starts high, non-randomised low,
serious -1, very serious -2, each upgrade +1, kept between very low and high."""
from __future__ import annotations

import pytest

from kb.grade import certainty_from, downgrades, working

FINE = {"rating": "not-serious", "reason": "No concern."}


def grade(design="randomised", upgrades=(), **ratings):
    g = {"design": design, **{d: dict(FINE) for d in
                              ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")}}
    for domain, rating in ratings.items():
        g[domain] = {"rating": rating, "reason": f"{domain} concern."}
    if upgrades:
        g["upgrades"] = [{"factor": f, "reason": "Why."} for f in upgrades]
    return g


@pytest.mark.parametrize("g, expected", [
    (grade(), "high"),
    (grade(imprecision="serious"), "moderate"),
    (grade(risk_of_bias="serious", imprecision="serious"), "low"),
    (grade(risk_of_bias="very-serious", imprecision="serious"), "very-low"),
    (grade(risk_of_bias="very-serious", imprecision="very-serious"), "very-low"),  # floor
    (grade("non-randomised"), "low"),
    (grade("non-randomised", upgrades=["large-effect"]), "moderate"),
    (grade("non-randomised", upgrades=["large-effect", "dose-response", "opposing-confounding"]), "high"),  # ceiling
])
def test_certainty_from_domains(g, expected):
    assert certainty_from(g) == expected


def test_downgrades_list_only_the_domains_rated_down_with_their_reasons():
    assert downgrades(grade(imprecision="serious")) == [("Imprecision", "serious", "imprecision concern.")]


def test_working_shows_how_the_level_was_reached():
    assert working(grade(risk_of_bias="very-serious")) == "randomised (starts high), risk of bias very-serious (-2)"
