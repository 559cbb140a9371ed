"""The bibliography in the plain layout (references.bib, `kb cite`) is read by kb's own
regular expressions; every other file by bibtexparser. Both readings must agree."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT
from kb import bibliography
from kb.bibliography import parse_bibliography

def readable(path) -> bool:
    """A file both readers get: a folder or a file that is not UTF-8 is refused before either."""
    try:
        path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


BIBLIOGRAPHIES = [p for p in [ROOT / "evidence" / "references.bib", *sorted(FIXTURES.glob("*/*/evidence/references.bib"))]
                  if readable(p)]


def by_bibtexparser(text: str, monkeypatch):
    monkeypatch.setattr(bibliography, "_read_plain_layout", lambda text: None)
    return parse_bibliography(text)


def test_the_real_bibliography_is_in_the_plain_layout():
    text = (ROOT / "evidence" / "references.bib").read_text(encoding="utf-8")
    assert bibliography._read_plain_layout(text) is not None


@pytest.mark.parametrize("path", BIBLIOGRAPHIES, ids=lambda p: p.parent.parent.name)
def test_the_plain_layout_reader_agrees_with_bibtexparser(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    plain = bibliography._read_plain_layout(text)
    if plain is None:
        return  # not in the plain layout: only bibtexparser reads it
    assert by_bibtexparser(text, monkeypatch) == (plain, [])


@pytest.mark.parametrize("changed", [
    "@article{doyle2022,\n  title = {A},\n  title = {B},\n}\n",   # a field twice
    "@article{a,\n  title = {A},\n}\n\n@article{a,\n  title = {B},\n}\n",  # a key twice
    "@article{a,\n  title = {A}\n}\n",   # no comma after the last field
    "@article{a,\n  title = A,\n}\n",     # a bare word
    "@article{a,\n  title = {A},\n} trailing\n",
    "stray text\n@article{a,\n  title = {A},\n}\n",
    "@string{x = {y}}\n",
    "@comment{a,\n  title = {A},\n}\n",   # not an entry to BibTeX, whatever it holds
    "@Preamble{a,\n  title = {A},\n}\n",
    "@article{a,\r\n  title = {A},\r\n}\r\n",
])
def test_anything_outside_the_plain_layout_goes_to_bibtexparser(changed):
    assert bibliography._read_plain_layout(changed) is None


def test_lines_are_counted_as_bibtexparser_counts_them(monkeypatch):
    text = "% a comment\n\n@article{first,\n  title = {One},\n  year  = {2020},\n}\n\n%\n@misc{second,\n  title = \"Two\",\n}\n"
    plain = bibliography._read_plain_layout(text)
    assert plain["second"].line == 9 and plain["first"].field_lines == {"title": 4, "year": 5}
    assert by_bibtexparser(text, monkeypatch) == (plain, [])
