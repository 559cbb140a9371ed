"""kb cite: the BibTeX entry for a DOI or PMID, looked up at Crossref or PubMed; offline, a
skeleton that kb validate guides to completion."""
from __future__ import annotations

import re
import socket

import pytest

from conftest import FIXTURES
from kb import sources
from kb.cite import CiteError, parse_identifier, skeleton
from kb.rules import REQUIRED_FIELDS

VALID = FIXTURES / "valid" / "two-records" / "evidence"
REAL_HTTP_GET = sources.http_get  # read at import, before any test replaces it
CITING = "citations: [smith2021]\nevidence:"


@pytest.mark.parametrize("text, kind, value", [
    ("10.1001/jama.2022.20438", "doi", "10.1001/jama.2022.20438"),
    ("https://doi.org/10.1001/jama.2022.20438", "doi", "10.1001/jama.2022.20438"),
    ("http://dx.doi.org/10.1016/S0140-6736(23)00001-1", "doi", "10.1016/S0140-6736(23)00001-1"),
    ("doi:10.1002/14651858.CD000112.pub4", "doi", "10.1002/14651858.CD000112.pub4"),
    ("https://doi.org/10.1093%2Fhumrep%2Fdeab001", "doi", "10.1093/humrep/deab001"),
    ("36472596", "pmid", "36472596"),
    ("PMID: 36472596", "pmid", "36472596"),
    ("https://pubmed.ncbi.nlm.nih.gov/36472596/", "pmid", "36472596"),
    ("  36472596\n", "pmid", "36472596"),
])
def test_recognises_dois_and_pmids_in_the_forms_editors_paste(text, kind, value):
    identifier = parse_identifier(text)
    assert (identifier.kind, identifier.value) == (kind, value)


@pytest.mark.parametrize("text", ["", "jama.2022.20438", "10.1001", "0123", "PMID: 12ab", "1234567890",
                                  "https://example.org/10.1001/x", "10.1000/a}b"])
def test_anything_else_is_refused(text):
    with pytest.raises(CiteError):
        parse_identifier(text)


@pytest.mark.parametrize("entry_type", list(REQUIRED_FIELDS))
def test_skeleton_has_every_required_field_of_its_type_and_the_identifier(entry_type):
    text = skeleton(parse_identifier("10.1000/xyz"), "key2024", entry_type)
    assert text.startswith(f"@{entry_type}{{key2024,")
    fields = dict(re.findall(r"^  (\w+)\s+= \{(.*)\},$", text, re.M))
    assert set(REQUIRED_FIELDS[entry_type]) <= set(fields)
    assert fields["doi"] == "10.1000/xyz" and fields["pmid"] == ""


def add_to_project(root, kb, *args):
    code, out, err = kb("cite", *args, root=root)
    assert code == 0, err
    with (root / "evidence" / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(out)
    return out


def cite_from_alpha(root, key):
    path = root / "evidence" / "alpha-infusion.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(CITING, f"citations: [smith2021, {key}]\nevidence:"),
                    encoding="utf-8")


def test_validate_points_at_each_required_field_left_empty(project, kb):
    root = project(VALID)
    out = add_to_project(root, kb, "https://doi.org/10.1000/new.2024.1", "--key", "new2024")
    bib = (root / "evidence" / "references.bib").read_text(encoding="utf-8").splitlines()
    cite_from_alpha(root, "new2024")
    code, report, _ = kb("validate", root=root)
    assert code == 1
    missing = [line for line in report.splitlines() if "[bibtex-required-field]" in line]
    assert len(missing) == len(REQUIRED_FIELDS["article"]) == 3
    for name, line in zip(REQUIRED_FIELDS["article"], missing):
        number = int(line.split(":")[1])
        assert bib[number - 1].strip().startswith(f"{name} "), line
        assert f"is missing the required field '{name}'" in line
    assert "new2024" in out


def test_the_skeleton_once_filled_validates_cleanly(project, kb):
    root = project(VALID)
    add_to_project(root, kb, "36472596", "--key", "new2024")
    bib = root / "evidence" / "references.bib"
    filled = {"author": "Doe, J and Roe, R", "title": "A trial", "journal": "A Journal", "year": "2024",
              "volume": "1", "number": "2", "pages": "3-4", "doi": "10.1000/new.2024.1"}
    text = bib.read_text(encoding="utf-8")
    for name, value in filled.items():
        text = re.sub(rf"^(  {name}\s+= )\{{\}},$", rf"\g<1>{{{value}}},", text, flags=re.M)
    bib.write_text(text, encoding="utf-8")
    cite_from_alpha(root, "new2024")
    code, out, err = kb("validate", root=root)
    assert (code, out) == (0, ""), out
    assert "0 error(s), 0 warning(s)" in err


def test_cite_works_offline(project, kb, monkeypatch):
    """No network at all (the socket refused, below kb's own HTTP function): the skeleton."""
    def refuse(*args, **kwargs):
        raise OSError("Network is unreachable")
    monkeypatch.setattr(sources, "http_get", REAL_HTTP_GET)
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    code, out, err = kb("cite", "10.1000/offline.1", root=project(VALID))
    assert code == 0 and "@article{doi_offline_1," in out
    assert "Crossref could not be reached" in err and "a skeleton to fill in from the source" in err
    assert "https://doi.org/10.1000/offline.1" in err  # where to read the fields


def test_a_source_already_in_the_bibliography_is_named_not_duplicated(project, kb):
    code, out, err = kb("cite", "https://doi.org/10.1000/JT.2021.12", root=project(VALID))
    assert (code, out) == (1, "")
    assert "is already in evidence/references.bib as 'smith2021' (line 1)" in err


@pytest.mark.parametrize("args, message", [
    (["not-an-id"], "'not-an-id' is neither a DOI nor a PMID"),
    (["10.1000/x", "--key", "2024smith"], "'2024smith' cannot be a citation key"),
    (["10.1000/x", "--key", "clinic2020"], "the key 'clinic2020' is already used"),
])
def test_bad_input_is_a_usage_error_with_a_clear_message(args, message, project, kb):
    code, out, err = kb("cite", *args, root=project(VALID))
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err


# Looked up at Crossref and PubMed (recorded responses: tests/fixtures/services/) ------------

def bib_fields(text: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+)\s+= \{(.*)\},$", text, re.M))


def test_a_doi_is_looked_up_at_crossref_and_printed_whole(project, kb, services):
    code, out, err = kb("cite", "https://doi.org/10.1000/rb.2024.7", root=project(VALID))
    assert code == 0, err
    assert services == ["https://api.crossref.org/works/10.1000/rb.2024.7"]
    assert out.lstrip().startswith("@article{garcialopez2024,")
    assert bib_fields(out) == {
        "author": "García-López, MJ and O'Neill, TK and Li, W",
        "title": "Beta testing before embryo transfer: a cohort study",
        "journal": "Reproductive Tests", "year": "2024", "volume": "48", "number": "2",
        "pages": "211-219", "doi": "10.1000/rb.2024.7"}
    assert "Crossref gave this entry" in err and "Check each field against the source" in err


def test_a_pmid_is_looked_up_at_pubmed_and_printed_whole(project, kb, services):
    code, out, err = kb("cite", "PMID: 23456789", "--key", "garcia2024", root=project(VALID))
    assert code == 0, err
    assert services == ["https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi?db=pubmed&retmode=json&id=23456789"]
    assert out.lstrip().startswith("@article{garcia2024,")
    assert bib_fields(out) == {
        "author": "García-López, MJ and O'Neill, TK and Li, W",
        "title": "Beta testing before embryo transfer: a cohort study.",  # as PubMed gives it
        "journal": "Reproductive tests", "year": "2024", "volume": "48", "number": "2",
        "pages": "211-219", "doi": "10.1000/rb.2024.7", "pmid": "23456789"}


def test_a_looked_up_entry_validates_once_cited(project, kb, services):
    root = project(VALID)
    add_to_project(root, kb, "10.1000/rb.2024.7", "--key", "garcia2024")
    cite_from_alpha(root, "garcia2024")
    code, out, err = kb("validate", root=root)
    assert (code, out) == (0, ""), out


def test_a_group_author_is_kept_in_braces(project, kb, services):
    root = project(VALID)
    (root / "evidence" / "references.bib").write_text("", encoding="utf-8")
    code, out, err = kb("cite", "10.1000/gj.2023.1", root=root)
    assert code == 0 and bib_fields(out)["author"] == "{Example Guideline Group}"


def test_a_source_already_cited_under_its_doi_is_found_from_its_pmid(project, kb, services):
    root = project(VALID)
    bib = root / "evidence" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("  pmid    = {12345678},\n", ""), encoding="utf-8")
    code, out, err = kb("cite", "12345678", root=root)
    assert (code, out) == (1, "")
    assert "PMID 12345678 is DOI 10.1000/jt.2021.12, already in evidence/references.bib as 'smith2021'" in err


def test_an_unknown_identifier_gets_the_skeleton_and_says_why(project, kb, services):
    root = project(VALID)
    code, out, err = kb("cite", "10.1000/unknown.1", root=root)
    assert code == 0 and "@article{doi_unknown_1," in out and "title   = {}" in out
    assert "Crossref does not know DOI 10.1000/unknown.1: check it against the source" in err
    code, out, err = kb("cite", "99999999", root=root)
    assert code == 0 and "pmid    = {99999999}" in out
    assert "PubMed does not know PMID 99999999" in err


def test_offline_flag_makes_no_request(project, kb, services):
    code, out, err = kb("cite", "10.1000/rb.2024.7", "--offline", root=project(VALID))
    assert code == 0 and services == [] and "title   = {}" in out
