"""The kb command as an editor meets it: one precise line per problem, honest exit codes."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT, edit_evidence
from kb import yamlload

VALID = FIXTURES / "valid" / "two-records" / "evidence"


def test_typo_duplicate_key_and_wrong_enum_each_get_one_precise_line(project, kb):
    root = project(VALID)
    edit_evidence(root, "citations: [smith2021]\nevidence:", "citations: [smith2012]\nevidence:")
    edit_evidence(root, "verdict: unproven", "verdict: unprovn")
    edit_evidence(root, "kind: test\n", "kind: test\nkind: test\n", "beta-test.yaml")
    code, out, _ = kb("validate", root=root)
    assert code == 1
    lines = out.splitlines()
    assert "evidence/beta-test.yaml:3:1: error [yaml-duplicate-key] duplicate key 'kind' (first at line 2)" in out
    assert any(line.startswith("evidence/alpha-infusion.yaml:26:14: error [schema] claims[0].verdict: 'unprovn'")
               and "did you mean 'unproven'?" in line for line in lines)
    assert len([line for line in lines if "[schema]" in line]) == 1


def test_typo_in_citation_key_suggests_the_right_one(project, kb):
    root = project(VALID)
    edit_evidence(root, "citation: smith2021", "citation: smith2012")
    code, out, _ = kb("validate", root=root)
    assert code == 1
    assert "error [citation-resolves] citation key 'smith2012' is not in evidence/references.bib" in out
    assert "did you mean 'smith2021'?" in out


def test_json_output_lists_every_problem_with_its_position(project, kb):
    root = project(VALID)
    edit_evidence(root, "verdict: unproven", "verdict: unprovn")
    code, out, _ = kb("validate", "--format", "json", root=root)
    problems = json.loads(out)
    assert code == 1
    assert problems[0] | {"message": ""} == {"path": "evidence/alpha-infusion.yaml", "line": 26, "col": 14,
                                           "severity": "error", "rule": "schema", "message": "",
                                           "hint": "did you mean 'unproven'?"}


def test_github_format_emits_annotations(project, kb):
    root = project(VALID)
    edit_evidence(root, "verdict: unproven", "verdict: unprovn")
    _, out, _ = kb("validate", "--format", "github", root=root)
    assert out.startswith("::error file=evidence/alpha-infusion.yaml,line=26,col=14,title=schema::")


def test_clean_corpus_exits_zero_with_a_summary(project, kb):
    code, out, err = kb("validate", root=project(VALID))
    assert (code, out) == (0, "")
    assert "0 error(s)" in err


def test_validating_one_file_reports_only_that_file(project, kb):
    root = project(VALID)
    edit_evidence(root, "kind: test\n", "kind: tst\n", "beta-test.yaml")
    code, out, _ = kb("validate", str(root / "evidence" / "alpha-infusion.yaml"), root=root)
    assert (code, out) == (0, "")
    code, out, _ = kb("validate", str(root / "evidence" / "beta-test.yaml"), root=root)
    assert code == 1 and "beta-test.yaml" in out


def test_usage_errors_exit_two(project, kb):
    root = project(VALID)
    assert kb("validate", "--format", "xml", root=root)[0] == 2
    assert kb("frobnicate", root=root)[0] == 2
    assert kb("validate", "no/such/file.yaml", root=root)[0] == 2
    code, _, err = kb("validate", str(ROOT / "README.md"), root=root)
    assert code == 2 and "not inside the project" in err


def test_no_project_found_is_a_usage_error(tmp_path, kb, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = kb("validate")
    assert code == 2 and "no project here" in err


def test_the_installed_console_command_runs(project):
    kb_command = Path(sys.executable).with_name("kb")
    assert kb_command.exists(), "pip install -e . should put kb beside python"
    result = subprocess.run([str(kb_command), "--root", str(project(VALID)), "validate"],
                            capture_output=True, text=True, env=os.environ | {"NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_real_corpus_validates_clean(kb):
    code, out, _ = kb("validate", root=ROOT)
    assert code == 0, out
    assert " error [" not in out


def test_validating_one_file_parses_only_that_file_once_the_record_index_is_written(project, kb, monkeypatch):
    root = project(VALID)
    alpha = str(root / "evidence" / "alpha-infusion.yaml")
    assert kb("validate", alpha, root=root)[0] == 0  # the first check of a file writes .build/record-index.json
    parsed = []
    real_load = yamlload.load
    monkeypatch.setattr(yamlload, "load", lambda text: parsed.append(text) or real_load(text))
    assert kb("validate", alpha, root=root)[0] == 0
    assert len(parsed) == 1


def test_the_record_index_carries_claim_ids_for_the_shared_claim_check(project, kb):
    root = project(FIXTURES / "valid" / "shared-claim" / "evidence")
    beta = str(root / "evidence" / "beta-test.yaml")
    assert kb("validate", beta, root=root)[0] == 0  # writes the index, alpha-infusion summarised
    edit_evidence(root, "claims: []", "claims:\n  - id: beta-picks-drip-responders\n    statement: Drip claim.\n"
                  "    type: efficacy\n    source: clinic2020\n    verdict: unproven\n    assessment: None.\n"
                  "    citations: [smith2021]")  # alpha now has a claim with the shared claim's id
    code, out, _ = kb("validate", beta, root=root)
    assert code == 1 and "[shared-claim-id-unique] claim id 'beta-picks-drip-responders' is also a claim id in " \
                         "evidence/alpha-infusion.yaml" in out


def test_the_record_index_notices_an_edited_record(project, kb):
    root = project(VALID)
    beta = str(root / "evidence" / "beta-test.yaml")
    assert kb("validate", beta, root=root)[0] == 0
    edit_evidence(root, "  - alpha drip\n", "  - alpha drip\n  - Beta test\n")  # alpha now claims beta's name
    code, out, _ = kb("validate", beta, root=root)
    assert code == 1 and "[alias-unique] 'Beta test' is also a name of record 'alpha-infusion'" in out
