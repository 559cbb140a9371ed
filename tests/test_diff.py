"""kb diff: what a change does to the knowledge base, in the terms a reviewer checks."""
from __future__ import annotations

import subprocess

import pytest

from conftest import FIXTURES, edit_evidence

VALID = FIXTURES / "valid" / "two-records" / "evidence"


def git(root, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    "-c", "commit.gpgsign=false", "-C", str(root), *args], check=True, capture_output=True)


def commit_all(root, message="change"):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def repo(project):
    """The two-record project as the `main` branch of a fresh git repository."""
    root = project(VALID)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "base")
    return root


NEW_REFERENCE = """
@article{new2024,
  author  = {Doe, J},
  title   = {A second trial of alpha infusion},
  journal = {Journal of Tests},
  year    = {2024},
  doi     = {10.1000/jt.2024.2},
}
"""

LAST_ROW_END = """              reason: No concern.
positions:"""
SECOND_ROW = """              reason: No concern.
        - outcome: Clinical pregnancy
          importance: important
          desirable: higher
          population: Women with two failed transfers
          measure: RR
          estimate: 1.1
          ci: [0.9, 1.4]
          studies: 1
          participants: 180
          certainty: very-low
          citation: new2024
positions:"""


def test_no_change_says_so(repo, kb):
    code, out, _ = kb("diff", "main", root=repo)
    assert code == 0
    assert out.startswith("## What this change does to the knowledge base")
    assert "No record or reference changed." in out


def test_reports_every_kind_of_change_a_reviewer_checks(repo, kb):
    edit_evidence(repo, "  certainty: low\n  direction: no-benefit", "  certainty: moderate\n  direction: benefit")
    edit_evidence(repo, "verdict: unproven", "verdict: contradicted")
    edit_evidence(repo, "estimate: 1.02", "estimate: 1.05")
    edit_evidence(repo, LAST_ROW_END, SECOND_ROW)
    edit_evidence(repo, "stance: not-recommended", "stance: suggested-against")
    edit_evidence(repo, "Mild reactions", "Mild skin reactions")
    edit_evidence(repo, "pages   = {100-110}", "pages   = {100-111}", "references.bib")
    with (repo / "evidence" / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_REFERENCE)
    (repo / "evidence" / "beta-test.yaml").unlink()
    kb("new", "gamma-wash", "--kind", "treatment", root=repo)

    code, out, _ = kb("diff", "main", root=repo)
    assert code == 0
    assert "1 record added, 1 removed, 1 changed; 2 reference changes." in out
    assert "### Records added\n\n- Gamma wash (`gamma-wash`): treatment, draft; certainty very low" in out
    assert "### Records removed\n\n- Beta test (`beta-test`)" in out
    expected = [
        "- **Certainty (live birth):** Low → Moderate",
        "- **Direction:** No benefit shown → Benefit",
        "- **Verdict on claim `alpha-calms-cells`:** unproven → contradicted by the evidence",
        "- **Outcome row changed:** Live birth (Women with two failed transfers): RR 1.05 (0.80 to 1.30), "
        "low certainty [`smith2021`]: estimate 1.02 → 1.05",
        "- **Outcome row added:** Clinical pregnancy (Women with two failed transfers): RR 1.10 (0.90 to 1.40), "
        "very low certainty [`new2024`]",
        "- **ESHRE position:** Not recommended → Suggested against",
        "- **Citations added:** `new2024`",
        "- **Also edited:** safety",
        "- **Reference added:** `new2024`: A second trial of alpha infusion (2024)",
        "- **Reference edited:** `smith2021`: pages",
    ]
    for line in expected:
        assert line in out, f"missing: {line}\n{out}"


def test_rows_claims_citations_and_references_removed(repo, kb):
    alpha = (repo / "evidence" / "alpha-infusion.yaml").read_text(encoding="utf-8")
    questions = alpha[alpha.index("  questions:\n"):alpha.index("positions:\n")]
    edit_evidence(repo, questions, "  questions: []\n")
    edit_evidence(repo, "claims:\n  - id: alpha-calms-cells", "claims: []\nold_claims:\n  - id: alpha-calms-cells")
    for old in ("citations: [smith2021]\nevidence:", "citations: [smith2021]\nregimens", "citations: [smith2021]\nrelated"):
        edit_evidence(repo, old, old.replace("smith2021", "clinic2020"))
    edit_evidence(repo, "@article{smith2021,", "@article{smith2021x,", "references.bib")
    out = kb("diff", "main", root=repo)[1]
    for line in ("- **Outcome row removed:** Live birth (Women with two failed transfers): RR 1.02 (0.80 to 1.30)",
                 "- **Claim removed:** `alpha-calms-cells`",
                 "- **Citations removed:** `smith2021`",
                 "- **Reference removed:** `smith2021`",
                 "- **Reference added:** `smith2021x`"):
        assert line in out, f"missing: {line}\n{out}"


def test_records_that_were_invalid_at_the_ref_are_compared_as_far_as_they_can_be(repo, kb):
    edit_evidence(repo, "claims: []", "claims: just text", "beta-test.yaml")
    edit_evidence(repo, "  questions: []", "  questions:\n    - outcomes:\n        - 1: mixed keys\n          outcome: 2", "beta-test.yaml")
    (repo / "evidence" / "delta.yaml").write_text("id: delta\nname: [unclosed\n", encoding="utf-8")
    (repo / "evidence" / "link.yaml").symlink_to("beta-test.yaml")
    commit_all(repo, "broken records on main")
    edit_evidence(repo, "claims: just text", "claims: []", "beta-test.yaml")
    edit_evidence(repo, "  questions:\n    - outcomes:\n        - 1: mixed keys\n          outcome: 2", "  questions: []", "beta-test.yaml")
    (repo / "evidence" / "delta.yaml").unlink()
    (repo / "evidence" / "link.yaml").unlink()

    code, out, err = kb("diff", "main", root=repo)
    assert code == 0, err
    assert "### Beta test (`beta-test`)" in out
    assert "- **Outcome row removed:** 2 (none)" in out
    assert "### Files that could not be read at `main`" in out
    assert "evidence/delta.yaml:2:7: error [yaml-syntax]" in out
    assert "evidence/link.yaml:1:1: error [file-type] is a symbolic link" in out
    assert "### Records removed" not in out  # unreadable at the ref: listed, not guessed at


def test_files_that_cannot_be_read_now_are_listed_not_reported_as_removed(repo, kb):
    edit_evidence(repo, "kind: test\n", "kind: [test\n", "beta-test.yaml")
    out = kb("diff", "main", root=repo)[1]
    assert "### Records removed" not in out
    assert "### Files that could not be read in this change" in out
    assert "evidence/beta-test.yaml:2:" in out


def test_works_when_the_project_is_a_folder_inside_the_repository(project, kb):
    root = project(VALID)
    git(root.parent, "init", "-q", "-b", "main")
    commit_all(root.parent, "base")
    edit_evidence(root, "verdict: unproven", "verdict: mixed")
    out = kb("diff", "HEAD", root=root)[1]
    assert "- **Verdict on claim `alpha-calms-cells`:** unproven → mixed evidence" in out


@pytest.mark.parametrize("ref, message", [
    ("no-such-branch", "'no-such-branch' is not a branch, tag or commit in this repository"),
    ("--output=/tmp/x", "is not a git ref"),
    ("main~5", "'main~5' is not a branch, tag or commit"),
])
def test_a_ref_that_does_not_exist_is_a_usage_error(ref, message, repo, kb):
    code, out, err = kb("diff", ref, root=repo) if not ref.startswith("-") else kb("diff", "--", ref, root=repo)
    assert (code, out) == (2, "")
    assert message in err


def test_outside_a_git_repository_is_a_usage_error(project, kb):
    code, out, err = kb("diff", "main", root=project(VALID))
    assert (code, out) == (2, "")
    assert "is not in a git repository" in err


def test_what_a_record_holds_is_shown_as_text_even_the_names_of_its_fields():
    # The report goes into a pull request's summary, which GitHub renders as Markdown and HTML.
    from kb.diff import record_changes
    old = {"id": "a", "claims": [{"id": "c", "verdict": "unproven"}]}
    new = {"id": "a", "claims": [{"id": "c", "verdict": "unproven", "<b>": 1}], "<img src=x onerror=alert(1)>": 1}
    assert record_changes(old, new) == ["**Claim `c` edited:** &#60;b&#62;",
                                        "**Also edited:** &#60;img src=x onerror=alert(1)&#62;"]
