"""How a figure names a source: first author and year, as readers cite it."""
from __future__ import annotations

from typing import Callable

from ...bibliography import first_surname


def author_year(references: dict) -> Callable[[str], str]:
    """A source_label: 'Zhou 2020' from the first author's surname and the year (the key if unknown)."""
    def label(key: str) -> str:
        reference = references.get(key)
        if reference is None:
            return key
        # Without an author (a guideline, a web page), the journal or organisation stands in.
        who = (first_surname(reference.get("author"))
               or reference.get("journal") or reference.get("organization") or key)
        return " ".join(p for p in (who, reference.get("year")) if p)
    return label
