"""kb serve rebuilds only what an edit changed, and ends with the same site a full build makes."""
from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from conftest import FIXTURES, edit_evidence
from kb.incremental import LiveSite, page_location
from kb.render.data_page import PAGE as DATA_PAGE
from kb.site import build_site

VALID = FIXTURES / "valid" / "two-records" / "evidence"


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ in content, or exist on one side only."""
    def walk(compared: filecmp.dircmp, prefix: str) -> list[str]:
        found = [prefix + name for name in compared.diff_files + compared.left_only + compared.right_only]
        for name, sub in compared.subdirs.items():
            found += walk(sub, f"{prefix}{name}/")
        return found
    return walk(filecmp.dircmp(left, right), "")


def changed_pages(live: LiveSite) -> set[str]:
    """The pages the last rebuild redrew, but the Data page: it shows every file's size, so it is
    filled in again whenever an edit changes a size as shown (29.1 kB); see the test below."""
    return set(live.rebuilt) - {DATA_PAGE}


@pytest.fixture
def live(project):
    root = project(VALID)
    site = LiveSite(root)
    first = site.rebuild()
    assert first.ok, first.problems
    return site


@pytest.mark.parametrize("name, old, new, rebuilt", [
    ("alpha-infusion.yaml", "A fictional infusion used to test", "An invented infusion used to test",
     {"treatments/alpha-infusion.md"}),
    # The plain summary's first sentence is also what the record's search result shows.
    ("alpha-infusion.yaml", "This is a made-up drip", "This is an invented drip",
     {"treatments/alpha-infusion.md"}),
    # A claim shows on its record's page and on its source's page of the claims ledger.
    ("alpha-infusion.yaml", "calms immune cells in most patients", "calms immune cells in all patients",
     {"treatments/alpha-infusion.md", "claims/clinic2020/index.md"}),
    # A name shows on the record's page, the listings (home, its kind, the comparison, its tags),
    # the bibliography (as a citing record) and the page of a record related to it.
    ("beta-test.yaml", "name: Beta test", "name: Beta blood test",
     {"tests/beta-test.md", "index.md", "tests/index.md", "compare.md", "tags/category/immune-test.md",
      "tags/population/recurrent-pregnancy-loss.md", "tags/certainty/very-low.md", "bibliography/e.md",
      "treatments/alpha-infusion.md"}),
])
def test_an_edit_rebuilds_only_the_pages_it_changed_and_gives_the_full_builds_site(live, tmp_path, name, old, new,
                                                                                   rebuilt):
    edit_evidence(live.root, old, new, name)
    result = live.rebuild()
    assert result.ok, result.problems
    assert changed_pages(live) == rebuilt
    full = tmp_path / "full-site"
    assert build_site(live.root, full).ok
    assert differences(live.root / "site", full) == []


def test_the_data_page_is_filled_in_again_when_a_record_is_renamed(live):
    edit_evidence(live.root, "name: Beta test", "name: Beta blood test", "beta-test.yaml")
    assert live.rebuild().ok
    assert DATA_PAGE in live.rebuilt
    assert ">Beta blood test</a>" in (live.root / "site" / "data" / "index.html").read_text(encoding="utf-8")


SHARED = FIXTURES / "valid" / "shared-claim" / "evidence"  # beta-test's claim concerns alpha-infusion too


@pytest.fixture
def live_shared(project):
    site = LiveSite(project(SHARED))
    first = site.rebuild()
    assert first.ok, first.problems
    return site


@pytest.mark.parametrize("name, old, new, rebuilt", [
    # A shared claim's assessment shows on its home page and on the page of every record it concerns.
    ("beta-test.yaml", "No trial gave the drip by test result.", "No trial gave the drip by the test's result.",
     {"tests/beta-test.md", "treatments/alpha-infusion.md"}),
    # Its verdict also on its source's page of the ledger, and in the ledger's tallies.
    ("beta-test.yaml", "verdict: unproven", "verdict: contradicted",
     {"tests/beta-test.md", "treatments/alpha-infusion.md", "claims/clinic2020/index.md", "claims/index.md"}),
    # The home page names the records a claim concerns, as the ledger does (a rename also
    # redraws the listings, tags, situations and bibliography, as for any record).
    ("alpha-infusion.yaml", "name: Alpha infusion", "name: Alpha drip infusion",
     {"treatments/alpha-infusion.md", "tests/beta-test.md", "claims/clinic2020/index.md", "index.md"}),
])
def test_an_edit_to_a_shared_claim_rebuilds_every_page_that_shows_it(live_shared, tmp_path, name, old, new, rebuilt):
    edit_evidence(live_shared.root, old, new, name)
    result = live_shared.rebuild()
    assert result.ok, result.problems
    assert rebuilt <= set(live_shared.rebuilt)
    if name == "beta-test.yaml":
        assert changed_pages(live_shared) == rebuilt
    full = tmp_path / "full-site"
    assert build_site(live_shared.root, full).ok
    assert differences(live_shared.root / "site", full) == []


def test_a_concern_dropped_from_its_home_record_is_checked_on_the_record_it_concerned(live_shared):
    """alpha-infusion is reviewed and has no claims of its own: once beta-test's claim no longer
    concerns it, its claims section is empty, though alpha-infusion.yaml did not change."""
    edit_evidence(live_shared.root, "    concerns: [alpha-infusion]\n", "", "beta-test.yaml")
    result = live_shared.rebuild()
    assert [(p.path, p.rule) for p in result.problems if p.is_error] == [
        ("evidence/alpha-infusion.yaml", "reviewed-complete")]


def test_a_broken_edit_leaves_the_site_as_it_was_and_the_fix_is_rebuilt(live):
    before = {p: p.read_bytes() for p in (live.root / "site").rglob("*") if p.is_file()}
    edit_evidence(live.root, "kind: treatment", "kind: treatmnt")
    result = live.rebuild()
    assert not result.ok
    assert {p: p.read_bytes() for p in (live.root / "site").rglob("*") if p.is_file()} == before
    edit_evidence(live.root, "kind: treatmnt", "kind: treatment")
    edit_evidence(live.root, "name: Alpha infusion", "name: Alpha infusion therapy")
    assert live.rebuild().ok
    assert "Alpha infusion therapy" in (live.root / "site" / "treatments" / "alpha-infusion" / "index.html").read_text(encoding="utf-8")


def test_a_change_to_a_hand_written_page_rebuilds_everything(live):
    page = live.root / "content" / "methods.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = live.rebuild()
    assert result.ok and result.pages == len(live.pages)
    assert "One more sentence." in (live.root / "site" / "methods" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("docs_path, location", [("index.md", ""), ("claims.md", "claims/"),
                                                 ("treatments/index.md", "treatments/"),
                                                 ("treatments/intralipid.md", "treatments/intralipid/")])
def test_search_entries_are_matched_to_their_page(docs_path, location):
    assert page_location(docs_path) == location
