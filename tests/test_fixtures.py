"""Every rule has fixtures that trip it, and the valid fixtures pass. Adding a case is adding a folder:

    <case>/evidence/...      the records and references.bib to check
    <case>/expected.txt      one line per problem kb validate must report (optional for valid cases,
                             which may list warnings):  path:line:col: severity [rule-id] message...

An invalid case is hostile or broken input. For every one, kb must exit 1 from both validate and
build, never crash or show a traceback, name the file, line and column of every problem, and
leave no site behind.
"""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES
from kb.rules import RULES

VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
LOCATED = re.compile(r"evidence/\S+:[1-9][0-9]*:[1-9][0-9]*: (error|warning) \[[a-z0-9-]+\]( |$)")


def expected_lines(case):
    path = case / "expected.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def assert_no_crash(out: str, err: str) -> None:
    assert "Traceback" not in out + err
    assert "internal error" not in out + err


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_fixture_passes_every_check(case, project, kb):
    code, out, err = kb("validate", root=project(case / "evidence"))
    assert code == 0, out
    assert " error [" not in out
    for line in expected_lines(case):
        assert " warning [" in line and any(r.startswith(line) for r in out.splitlines()), f"missing: {line}\n{out}"


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_reports_each_expected_problem(case, project, kb):
    expected = expected_lines(case)
    assert any(" error [" in line for line in expected), f"{case.name}/expected.txt lists no error"
    assert all(LOCATED.match(line) for line in expected), "expected lines are path:line:col: severity [rule]"
    root = project(case / "evidence")
    code, out, err = kb("validate", root=root)
    assert_no_crash(out, err)
    assert code == 1, out
    reported = out.splitlines()
    for line in reported:
        assert LOCATED.match(line), f"not located as path:line:col: {line}"
    for line in expected:
        assert any(r.startswith(line) for r in reported), f"missing: {line}\nreported:\n{out}"


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_stops_the_build_before_any_site_is_written(case, project, kb):
    root = project(case / "evidence")
    code, out, err = kb("build", root=root)
    assert_no_crash(out, err)
    assert code == 1 and "site/ was left as it was" in err
    assert not (root / "site").exists()


def test_every_rule_has_a_fixture_that_trips_it():
    tripped = {line.split("[", 1)[1].split("]", 1)[0]
               for case in INVALID + VALID for line in expected_lines(case)}
    missing = {rule.id for rule in RULES} - tripped
    assert not missing, f"rules with no fixture: {sorted(missing)}"


@pytest.mark.parametrize("case", VALID + INVALID, ids=lambda p: p.name)
def test_validating_one_file_reports_what_the_full_run_reports_on_it(case, project, kb):
    """kb validate <file> takes the other records from the record index: cold or warm, it must
    report on the file exactly what a run over the whole corpus reports on it."""
    root = project(case / "evidence")
    _, everything, _ = kb("validate", root=root)
    for path in sorted((root / "evidence").rglob("*.y*ml")):
        shown = path.relative_to(root).as_posix()
        expected = [line for line in everything.splitlines() if line.startswith(shown + ":")]
        for run in ("index written", "index read"):
            _, out, _ = kb("validate", str(path), root=root)
            assert out.splitlines() == expected, f"{shown}, {run}"
