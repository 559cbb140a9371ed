"""kb check-references: the bibliography compared with PubMed and Crossref (recorded responses:
tests/fixtures/services/), one line per difference at the field's line; without the network,
nothing checked and nothing failed."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, edit_evidence
from kb.check_references import pages

VALID = FIXTURES / "valid" / "two-records" / "evidence"
BIB = "references.bib"


def line_of(root, text: str) -> int:
    lines = (root / "evidence" / BIB).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_entries_that_agree_with_the_services_report_nothing(project, kb, services):
    code, out, err = kb("check-references", root=project(VALID))
    assert (code, out) == (0, ""), out
    assert "compared 1 with PubMed and 1 with Crossref: 0 difference(s)" in err
    assert len(services) == 2  # one esummary request for every PMID, one Crossref request per DOI


def test_each_difference_is_one_line_at_the_field_that_differs(project, kb, services):
    root = project(VALID)
    for old, new in [("{Smith, A and", "{Smyth, A and"), ("alpha infusion}", "beta infusion}"), ("{2021}", "{2019}"),
                     ("{Journal of Tests}", "{Journal of Testing}"), ("volume  = {12}", "volume  = {13}"),
                     ("{100-110}", "{100-111}"),
                     ("{10.1000/gj.2023.1}", "{10.1000/gj.2023.9}")]:
        edit_evidence(root, old, new, BIB)
    code, out, err = kb("check-references", root=root)
    assert code == 1
    assert out.splitlines() == [
        f"evidence/references.bib:{line_of(root, 'Smyth')}: smith2021: first author 'Smyth, A' differs from PubMed's 'Smith, A'",
        f"evidence/references.bib:{line_of(root, 'beta infusion')}: smith2021: title 'A randomised trial of beta infusion' "
        "differs from PubMed's 'A randomised trial of alpha infusion.'",
        f"evidence/references.bib:{line_of(root, 'Journal of Testing')}: smith2021: journal 'Journal of Testing' "
        "differs from PubMed's 'Journal of tests'",
        f"evidence/references.bib:{line_of(root, '2019')}: smith2021: year '2019' differs from PubMed's '2021'",
        f"evidence/references.bib:{line_of(root, '{13}')}: smith2021: volume '13' differs from PubMed's '12'",
        f"evidence/references.bib:{line_of(root, '100-111')}: smith2021: pages '100-111' differs from PubMed's '100-10'",
        f"evidence/references.bib:{line_of(root, 'gj.2023.9')}: guideline2023: Crossref does not know DOI 10.1000/gj.2023.9",
    ]
    assert "7 difference(s)" in err


def test_an_empty_field_the_service_fills_is_reported(project, kb, services):
    root = project(VALID)
    edit_evidence(root, "  author  = {Smith, A and Jones, B},\n", "", BIB)
    code, out, _ = kb("check-references", root=root)
    assert code == 1 and "smith2021: author is empty; PubMed gives 'Smith, A and Jones, B'" in out


def test_a_doi_that_pubmed_gives_otherwise_is_reported(project, kb, services):
    root = project(VALID)
    edit_evidence(root, "{10.1000/jt.2021.12}", "{10.1000/jt.2021.21}", BIB)
    code, out, _ = kb("check-references", root=root)
    assert "smith2021: DOI '10.1000/jt.2021.21' differs from PubMed's '10.1000/jt.2021.12' for PMID 12345678" in out


def test_a_pmid_pubmed_does_not_know_is_reported(project, kb, services):
    root = project(VALID)
    edit_evidence(root, "{12345678}", "{99999999}", BIB)
    code, out, _ = kb("check-references", root=root)
    assert code == 1 and "smith2021: PubMed does not know PMID 99999999" in out


def test_without_the_network_nothing_is_checked_and_nothing_fails(project, kb):
    code, out, err = kb("check-references", root=project(VALID))
    assert (code, out) == (0, "")
    assert "no reference checked" in err and "no network" in err


@pytest.mark.parametrize("ours, theirs", [("2117-2125", "2117-25"), ("100-110", "100-10"), ("e0151763", "e0151763"),
                                          ("402–415", "402-15"), ("12--19", "12-9")])
def test_page_ranges_are_compared_in_full(ours, theirs):
    assert pages(ours) == pages(theirs)
