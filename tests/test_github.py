"""The repository's GitHub files and pre-commit hook are valid and run what `make test` runs."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from kb.cli import COMMANDS

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def by_trigger(trigger: str) -> dict:
    found = [load(p) for p in WORKFLOWS if trigger in (load(p)["on"] or {})]
    assert len(found) == 1, f"one workflow should run on {trigger}"
    return found[0]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_is_well_formed(path):
    workflow = load(path)
    assert workflow["name"] and workflow["on"] and workflow["jobs"]
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", name
        assert job["steps"], name
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step


PINNED = re.compile(r"^\s*(?:- )?uses: ([\w-]+/[\w-]+)@([0-9a-f]{40})  # (v\d+\.\d+\.\d+)$")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version_beside_it(path):
    """A tag can be moved to other code; a commit cannot. Dependabot updates both together."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.match(line), f"pin by a 40-character commit SHA, with '# vX.Y.Z' after it: {line.strip()}"


def test_one_action_is_pinned_to_one_commit_everywhere():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for match in filter(None, map(PINNED.match, path.read_text(encoding="utf-8").splitlines())):
            pins.setdefault(match[1], set()).add(match[2] + " " + match[3])
    assert all(len(versions) == 1 for versions in pins.values()), pins


def test_dependabot_updates_the_actions_and_the_python_dependencies():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip"}  # no npm: the browser scripts are vendored
    assert all(update["directory"] == "/" and update["schedule"]["interval"] for update in config["updates"])


def test_dependencies_are_installed_by_hash():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--generate-hashes" in makefile.split("\nlock:", 1)[1]
    pins = re.findall(r"^([A-Za-z0-9._-]+)==\S+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
                      (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
    names = [name for name, _ in pins]
    assert "mkdocs" in names and "setuptools" in names, "kb's build backend is pinned too"
    every = re.findall(r"^[A-Za-z0-9._-]+==", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
    assert len(pins) == len(every), "every pin carries its hashes"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_call_only_commands_that_exist(path):
    for script in runs(load(path)):
        for line in script.splitlines():
            words = shlex.split(line, comments=True) if line.strip() else []
            for i, word in enumerate(words):
                if word == ".venv/bin/kb":
                    assert words[i + 1] in COMMANDS, line
                if word == "make":
                    assert words[i + 1] in make_targets(), line
                if word == "bash":
                    assert (ROOT / words[i + 1]).is_file(), line


def test_ci_runs_exactly_what_make_test_runs():
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci_script.strip().splitlines()[-1] == "make test"
    for trigger in ("pull_request", "push"):
        assert "bash .ci/run" in runs(by_trigger(trigger)), trigger


def test_pull_requests_are_validated_built_uploaded_and_summarised():
    workflow = by_trigger("pull_request")
    commands = runs(workflow)
    assert ".venv/bin/kb validate --format github" in commands
    assert ".venv/bin/kb build" in commands
    assert any(c.startswith(".venv/bin/kb diff ") and c.endswith('>> "$GITHUB_STEP_SUMMARY"') for c in commands)
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "kb diff needs the base branch's history"
    order = [s.get("run", s.get("uses")) for s in steps(workflow)]
    assert order.index(".venv/bin/kb build") < order.index(upload["uses"])


def test_main_is_tested_built_and_deployed_to_pages():
    workflow = by_trigger("push")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert ".venv/bin/kb build" in runs({"jobs": {"build": build}})
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") and s["with"]["path"] == "site/"
               for s in build["steps"])
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def scheduled(name: str) -> dict:
    return next(load(p) for p in WORKFLOWS if p.name == name and "schedule" in load(p)["on"])


def test_a_monthly_workflow_opens_an_issue_for_records_due_for_review():
    workflow = scheduled("review-due.yml")
    assert workflow["permissions"]["issues"] == "write"
    script = "\n".join(runs(workflow))
    assert ".venv/bin/kb review-due --months 24 > review-due.md" in script
    assert "gh issue create" in script and "gh issue edit" in script


def test_a_weekly_workflow_checks_references_and_links_and_opens_one_issue():
    workflow = scheduled("references.yml")
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    script = "\n".join(runs(workflow))
    # Exit 1 (differences found) goes into the issue; exit 2 (a usage or tool error) fails the run.
    assert ".venv/bin/kb check-references > reference-differences.txt || [ $? -eq 1 ]" in script
    assert ".venv/bin/kb build" in script
    lychee = next(s for s in steps(workflow) if s.get("uses", "").startswith("lycheeverse/lychee-action@"))
    assert "site/**/*.html" in lychee["with"]["args"] and lychee["with"]["fail"] is False
    assert "steps.links.outputs.exit_code" in str(workflow) and lychee["id"] == "links"
    assert "gh issue create" in script and "gh issue edit" in script
    order = [s.get("run", s.get("uses")) for s in steps(workflow)]
    assert order.index(".venv/bin/kb build") < order.index(lychee["uses"])


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_forms_are_well_formed(path):
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and form["body"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in FORM_TYPES
        if item["type"] == "markdown":
            assert item["attributes"]["value"]
        else:
            assert re.fullmatch(r"[a-z][a-z0-9_-]*", item["id"]) and item["attributes"]["label"]
        if item["type"] in ("dropdown", "checkboxes"):
            assert item["attributes"]["options"]


def test_there_are_forms_to_report_an_error_and_suggest_a_study():
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in FORMS}
    assert names == {"Report an error in a record", "Suggest a new study"}


def test_the_pull_request_template_asks_for_a_summary_sources_and_a_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Summary" in text and "## Sources" in text and "## Checklist" in text
    assert "DOI or PMID" in text and "one intervention" in text
    assert text.count("- [ ]") >= 5


def test_pre_commit_validates_changed_records_with_the_projects_kb(project, kb):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    validate = hooks["kb-validate"]
    assert validate["entry"] == ".venv/bin/kb validate" and validate["language"] == "system"
    assert validate.get("pass_filenames", True)
    matches = re.compile(validate["files"]).search
    assert matches("evidence/intralipid.yaml") and matches("evidence/references.bib")
    assert not matches("content/index.md") and not matches("scripts/kb/cli.py")
    # What the hook runs: kb validate with the changed files as arguments.
    root = project()
    changed = [str(root / "evidence" / "intralipid.yaml"), str(root / "evidence" / "references.bib")]
    assert kb(*validate["entry"].split()[1:], *changed, root=root)[0] == 0
    assert hooks["kb-docs"]["entry"] == ".venv/bin/kb docs --check"
