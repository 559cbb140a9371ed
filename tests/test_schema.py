"""The JSON Schema is the single source of field rules and field documentation."""
from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from conftest import ROOT

SCHEMA = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def documented_properties(node, path=""):
    """Every named property anywhere in the schema, with its (resolved) definition."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{path}.{name}", prop
        for key, value in node.items():
            yield from documented_properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from documented_properties(item, path)


def resolve(prop):
    while "$ref" in prop and "title" not in prop:
        prop = SCHEMA["$defs"][prop["$ref"].split("/")[-1]]
    return prop


def required_docs(prop):
    # Groups of fields are documented by title and description; every value field also by example.
    return ("title", "description") if resolve(prop).get("type") == "object" else ("title", "description", "examples")


def test_every_field_has_a_title_description_and_example():
    undocumented = [path for path, prop in documented_properties(SCHEMA)
                    if "/allOf" not in path and "/if" not in path and not all(k in resolve(prop) for k in required_docs(prop))]
    assert not undocumented, undocumented


def test_every_object_rejects_unknown_fields():
    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for item in node:
                yield from objects(item)
    assert all(obj.get("additionalProperties") is False for obj in objects(SCHEMA))


def test_every_record_starts_with_the_schema_modeline():
    for path in (ROOT / "evidence").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/record.schema.json", path.name
