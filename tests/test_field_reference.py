"""The editors' field reference is generated from the JSON Schema and never goes stale."""
from __future__ import annotations

import json


from conftest import ROOT, mkdocs_config
from kb.fields import record_fields
from kb.render.field_reference import PAGE, field_reference


def test_the_committed_page_matches_the_schema(kb):
    code, _, err = kb("docs", "--check", root=ROOT)
    assert code == 0, f"{PAGE} is stale: run `make docs` and commit it ({err})"


def test_a_stale_page_fails_the_check_and_names_the_command_to_run(project, kb):
    root = project()
    schema_path = root / "schema" / "record.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["name"]["description"] = "A changed description."
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    code, _, err = kb("docs", "--check", root=root)
    assert code == 1
    assert "content/field-reference.md does not match schema/record.schema.json (hint: run `make docs`" in err
    assert kb("docs", root=root)[0] == 0
    assert "A changed description." in (root / PAGE).read_text(encoding="utf-8")
    assert kb("docs", "--check", root=root)[0] == 0


def test_every_field_has_its_own_section_with_requirement_and_example():
    page = field_reference(ROOT)
    for field in (f for top in record_fields(ROOT) for f in top.walk()):
        assert f"`{field.path}` — {field.title}" in page, field.path
    assert "**Required when measure is RR, OR, Peto-OR, HR, RD or MD** · a list of exactly 2 numbers, [low, high]" in page
    assert "**When body is HFEA:** `green`, `amber`, `grey`, `red`, `black`" in page
    assert "**Example:** `[0.8, 1.3]`" in page


def test_the_page_is_in_the_site_navigation_under_about():
    nav = mkdocs_config()["nav"]
    about = next(item["About"] for item in nav if isinstance(item, dict) and "About" in item)
    assert {"Field reference for editors": PAGE.name} in about
