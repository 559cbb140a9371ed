"""kb serve rebuilds only what an edit changed, and ends with the same site a full build makes."""
from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from conftest import FIXTURES, edit_evidence
from kb.incremental import LiveSite, page_location
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
    assert set(live.rebuilt) == rebuilt
    full = tmp_path / "full-site"
    assert build_site(live.root, full).ok
    assert differences(live.root / "site", full) == []


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
