"""`kb check-references`: every bibliography entry with a PMID compared with PubMed, and every
other entry with a DOI with Crossref: title, first author, year, journal, volume and pages (and,
for PubMed, the DOI). Each difference is one line, `evidence/references.bib:LINE: key: ...`, at
the line of the field that differs, for an editor to check against the source: the services
are not always right either (a year of online publication, a journal's older name).

Comparisons ignore what does not change the reference: case, accents, punctuation, markup,
PubMed's closing full stop and shortened page ranges (100-10 is 100-110). A year matches any of
the years the service gives (print, online, issue).
Without the network nothing is checked, and the command says so and exits 0 (see sources.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import sources
from .bibliography import Reference, first_author, first_surname
from .corpus import Corpus
from .sources import NotFound, Source, Unreachable, plain

COMPARED = ("title", "author", "year", "journal", "volume", "pages")


class NotChecked(Exception):
    """Neither service could be reached: no entry was checked."""


@dataclass(frozen=True)
class Difference:
    path: str
    line: int
    key: str
    text: str

    def as_text(self) -> str:
        return f"{self.path}:{self.line}: {self.key}: {self.text}"


@dataclass
class Report:
    differences: list[Difference]
    checked: dict[str, int]  # entries compared, by service
    unchecked: list[str]  # keys whose service could not be asked mid-run


def check_references(corpus: Corpus) -> Report:
    report = Report([], {"PubMed": 0, "Crossref": 0}, [])
    by_pmid = [ref for ref in corpus.references.values() if ref.get("pmid")]
    by_doi = [ref for ref in corpus.references.values() if ref.get("doi") and not ref.get("pmid")]
    answered = False
    if by_pmid:
        try:
            found = sources.pubmed([ref.get("pmid") for ref in by_pmid])
            answered = True
        except Unreachable as exc:
            if not by_doi:
                raise NotChecked(f"PubMed could not be reached ({exc})") from None
            found, report.unchecked = {}, [ref.key for ref in by_pmid]
        for ref in by_pmid if answered else ():
            report.checked["PubMed"] += 1
            source = found.get(ref.get("pmid"))
            if source is None:
                report.differences.append(_at(corpus, ref, "pmid", f"PubMed does not know PMID {ref.get('pmid')}"))
            else:
                report.differences += [_at(corpus, ref, name, text) for name, text in compare(ref, source)]
    for ref in by_doi:
        try:
            source = sources.crossref(ref.get("doi"))
        except NotFound:
            report.checked["Crossref"] += 1
            report.differences.append(_at(corpus, ref, "doi", f"Crossref does not know DOI {ref.get('doi')}"))
            answered = True
            continue
        except Unreachable as exc:
            if not answered:
                services = "PubMed and Crossref" if report.unchecked else "Crossref"
                raise NotChecked(f"{services} could not be reached ({exc})") from None
            report.unchecked.append(ref.key)
            continue
        answered = True
        report.checked["Crossref"] += 1
        report.differences += [_at(corpus, ref, name, text) for name, text in compare(ref, source)]
    return report


def _at(corpus: Corpus, ref: Reference, name: str, text: str) -> Difference:
    return Difference(corpus.bib_path, ref.line_of(name) if ref.get(name) else ref.line, ref.key, text)


def compare(ref: Reference, source: Source) -> Iterator[tuple[str, str]]:
    """(field, what differs) for each compared field the two disagree on."""
    theirs = source.fields
    service = source.service
    for name in COMPARED:
        ours, given = ref.get(name), theirs.get(name, "")
        if not given:
            continue  # the service does not say: nothing to compare
        if not ours:
            yield name, f"{name} is empty; {service} gives '{given}'"
        elif not SAME[name](ours, given, source):
            shown = first_author(ours) if name == "author" else ours
            their_shown = first_author(given) if name == "author" else given
            label = "first author" if name == "author" else name
            yield name, f"{label} '{shown}' differs from {service}'s '{their_shown}'"
    if service == "PubMed" and ref.get("doi") and theirs.get("doi") and \
            ref.get("doi").casefold() != theirs["doi"].casefold():
        yield "doi", f"DOI '{ref.get('doi')}' differs from PubMed's '{theirs['doi']}' for PMID {ref.get('pmid')}"


def _surname(authors: str) -> str:
    return plain(first_surname(authors))


def _journal(name: str) -> str:
    """A journal's name without a leading 'The' or PubMed's place ('Human reproduction (Oxford, England)')."""
    return plain(re.sub(r"\s*\([^)]*\)\s*$", "", re.sub(r"^the\s+", "", name.strip(), flags=re.I)))


def pages(text: str) -> str:
    """A page range in full: '2117-25' as '2117-2125'; dashes of any kind."""
    parts = [p.strip() for p in re.split(r"\s*(?:-+|–|—)\s*", text.strip()) if p.strip()]
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit() and len(parts[1]) < len(parts[0]):
        parts[1] = parts[0][: len(parts[0]) - len(parts[1])] + parts[1]
    return "-".join(parts).casefold()


SAME = {
    "title": lambda ours, given, source: plain(ours) == plain(given),
    "author": lambda ours, given, source: _surname(ours) == _surname(given),
    "year": lambda ours, given, source: ours.strip() in source.years | {given},
    "journal": lambda ours, given, source: _journal(ours) in {_journal(j) for j in source.journals | {given}},
    "volume": lambda ours, given, source: plain(ours) == plain(given),
    "pages": lambda ours, given, source: pages(ours) == pages(given),
}
