"""The offline grade-level measure that holds patient summaries to US grade 8."""
from __future__ import annotations

import pytest

from kb.readability import PATIENT_GRADE_LIMIT, grade_level, syllables


@pytest.mark.parametrize("word, count", [("cat", 1), ("baby", 2), ("heparin", 3), ("miscarriage", 3),
                                         ("implantation", 4), ("take", 1), ("helped", 1), ("little", 2)])
def test_syllables_are_counted_like_a_reader_says_them(word, count):
    assert syllables(word) == count


def test_plain_short_sentences_score_low():
    assert grade_level("The drip is made from soy oil. It did not lead to more babies.") < 5


def test_dense_clinical_prose_scores_far_above_the_limit():
    text = ("Immunomodulatory interventions demonstrated insufficient methodological robustness "
            "to substantiate therapeutic efficacy in heterogeneous populations.")
    assert grade_level(text) > 20


def test_abbreviations_do_not_inflate_the_grade():
    assert grade_level("IVF and NK tests cost money.") == grade_level("Tea and pie tests cost money.")


def test_the_limit_is_grade_eight():
    assert PATIENT_GRADE_LIMIT == 8.0
