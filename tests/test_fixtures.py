"""Every rule has failing fixtures (tests/fixtures/invalid/<case>/) and is passed by the valid
ones (tests/fixtures/valid/<case>/). Adding a case is adding a folder:

    <case>/evidence/...      the records and references.bib to check
    <case>/expected.txt      (invalid cases) one line per problem kb validate must report:
                             path:line:col: severity [rule-id]   (the message may follow)
"""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from kb.rules import RULES

VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def expected_lines(case):
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_fixture_passes_every_check(case, project, kb):
    code, out, err = kb("validate", root=project(case / "evidence"))
    assert code == 0, out
    assert " error [" not in out


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_reports_each_expected_problem(case, project, kb):
    expected = expected_lines(case)
    assert expected, f"{case.name}/expected.txt lists no problem"
    code, out, err = kb("validate", root=project(case / "evidence"))
    reported = out.splitlines()
    for line in expected:
        assert any(r.startswith(line) for r in reported), f"missing: {line}\nreported:\n{out}"
    assert code == (1 if any(" error [" in line for line in expected) else 0), out
    assert "Traceback" not in out + err


def test_every_rule_has_a_failing_fixture():
    tripped = {line.split("[", 1)[1].split("]", 1)[0]
               for case in INVALID for line in expected_lines(case) if "[" in line}
    missing = {rule.id for rule in RULES} - tripped
    assert not missing, f"rules with no invalid fixture: {sorted(missing)}"


@pytest.mark.parametrize("case", VALID + INVALID, ids=lambda p: p.name)
def test_validating_one_file_reports_what_the_full_run_reports_on_it(case, project, kb):
    """kb validate <file> takes the other records from the record index: cold or warm, it must
    report on the file exactly what a run over the whole corpus reports on it."""
    root = project(case / "evidence")
    _, everything, _ = kb("validate", root=root)
    for path in sorted((root / "evidence").rglob("*.y*ml")):
        if path.is_symlink():
            continue  # a symlink names the file it points to (the file-type case is checked above)
        shown = path.relative_to(root).as_posix()
        expected = [line for line in everything.splitlines() if line.startswith(shown + ":")]
        for run in ("index written", "index read"):
            _, out, _ = kb("validate", str(path), root=root)
            assert out.splitlines() == expected, f"{shown}, {run}"
