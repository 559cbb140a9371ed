"""kb new: a new record from the annotated template, valid as a draft the moment it is written."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import FIXTURES, ROOT
from kb.fields import record_fields
from kb.template import new_record

VALID = FIXTURES / "valid" / "two-records" / "evidence"
SCHEMA = yaml.safe_load((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def template(kind: str = "treatment") -> str:
    return new_record(ROOT, "new-add-on", kind, dt.date(2026, 1, 31))


def uncomment_examples(text: str) -> str:
    """The template with every commented-out example made real: each `name: []` followed by its
    example loses the `[]` line, and every example block loses its leading '# '."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        start = re.match(r"# (\s*)(\w+):$", lines[i])
        if start:
            pad = start.group(1)
            if out and out[-1].strip() == f"{start.group(2)}: []":
                out.pop()
            out.append(lines[i][2:])
            i += 1
            while i < len(lines) and lines[i].startswith("# " + pad + " "):
                out.append(lines[i][2:])
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


@pytest.mark.parametrize("kind", ["treatment", "test"])
def test_a_new_record_validates_as_a_draft_and_lists_what_to_write(kind, project, kb):
    root = project(VALID)
    code, _, err = kb("new", "new-add-on", "--kind", kind, root=root)
    assert code == 0 and "wrote evidence/new-add-on.yaml" in err
    code, out, _ = kb("validate", str(root / "evidence" / "new-add-on.yaml"), root=root)
    assert code == 0, out
    assert " error [" not in out
    to_write = set(re.findall(r"warning \[template-text\] (\S+) still holds", out))
    assert to_write == {"aliases[0]", "summary.clinician", "summary.patient", "mechanism.description",
                        "evidence.rationale"}
    data = yaml.safe_load((root / "evidence" / "new-add-on.yaml").read_text(encoding="utf-8"))
    assert (data["id"], data["kind"], data["review"]["status"]) == ("new-add-on", kind, "draft")
    assert data["review"]["last_reviewed"] == dt.date.today().isoformat()


def test_a_new_record_builds_into_a_draft_page(project, kb):
    root = project(VALID)
    kb("new", "new-add-on", "--kind", "test", root=root)
    code, _, err = kb("build", root=root)
    assert code == 0, err
    html = (root / "site" / "tests" / "new-add-on" / "index.html").read_text(encoding="utf-8")
    assert "Not yet: this record is a draft" in html


def test_every_field_in_the_schema_is_annotated_in_the_template():
    text = template()
    for field in (f for top in record_fields(ROOT) for f in top.walk()):
        assert f"# {field.title} (" in text, field.path
        for value in field.allowed:
            assert str(value) in text, (field.path, value)
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/record.schema.json"


def test_comments_say_required_or_optional_and_give_an_example():
    text = template()
    assert "# Name (required; text, up to 80 characters)." in text
    assert "# Cost (optional; a group of fields)." in text
    assert "# 95% confidence interval (required when measure is RR, OR, Peto-OR, HR, RD or MD;" in text
    assert "# Control risk (required when importance is critical and measure is RR, OR, Peto-OR, HR or" in text
    assert "# Example: low-molecular-weight-heparin" in text
    assert "#     # When body is HFEA: green, amber, grey, red, black, not-addressed, not-retrieved." in text


def test_every_commented_example_made_real_passes_the_schema():
    data = yaml.safe_load(uncomment_examples(template()))
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(data)]
    assert errors == []
    for section in ("claims", "positions", "safety", "regimens_studied"):
        assert data[section], f"{section} has no example item"
    assert data["evidence"]["questions"][0]["outcomes"][0]["grade"] and data["evidence"]["by_population"]
    assert "cost" in data and "regulatory" in data


def test_the_template_excerpt_in_contributing_is_what_kb_new_writes():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    excerpt = guide.split("## The annotated template", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert excerpt in template()


@pytest.mark.parametrize("args, message", [
    (["Bad_Id", "--kind", "treatment"], "'Bad_Id' cannot be a record id"),
    (["new-add-on", "--kind", "procedure"], "--kind 'procedure' is not one of: treatment, test"),
    (["alpha-infusion", "--kind", "treatment"], "evidence/alpha-infusion.yaml already exists"),
    (["alphabrand", "--kind", "treatment"], "'Alphabrand' is already a name of evidence/alpha-infusion.yaml"),
])
def test_refuses_what_would_not_be_a_new_record_with_a_clear_message(args, message, project, kb):
    root = project(VALID)
    before = sorted(p.name for p in (root / "evidence").iterdir())
    code, _, err = kb("new", *args, root=root)
    assert code == 2
    assert message in err
    assert sorted(p.name for p in (root / "evidence").iterdir()) == before


def test_kind_is_required(project, kb):
    assert kb("new", "new-add-on", root=project(VALID))[0] == 2
