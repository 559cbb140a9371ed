"""The JSON Schema is the single source of field rules and field documentation."""
from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import FIXTURES, ROOT, json_paths
from kb import yamlload
from kb.schema import GLOSSARY_SCHEMA_PATH, fast_validator, validator

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


def _record(path) -> dict | None:
    try:
        data = yamlload.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlload.YamlError):
        return None  # the fixtures that fail before the schema
    return data if isinstance(data, dict) else None


# kb checks every record with a compiled validator (jsonschema-rs) and asks jsonschema (with
# kb's linear uniqueItems) only to explain a record the compiled one refused; the two must
# agree on what is valid.
FAST, FULL = fast_validator(ROOT), validator(ROOT)
RECORDS = [data for data in map(_record, sorted((ROOT / "evidence").glob("*.yaml"))
                                 + sorted(FIXTURES.glob("*/*/evidence/*.yaml"))) if data is not None]


def test_the_compiled_validator_agrees_with_jsonschema_on_every_record_and_fixture():
    for data in RECORDS:
        assert FAST.is_valid(data) == FULL.is_valid(data), data.get("id")


def test_the_two_validators_agree_on_the_glossary_and_its_breakages():
    fast, full = fast_validator(ROOT, GLOSSARY_SCHEMA_PATH), validator(ROOT, GLOSSARY_SCHEMA_PATH)
    glossary = yamlload.load((ROOT / "content" / "glossary.yaml").read_text(encoding="utf-8"))
    first = glossary["terms"][0]
    broken = [glossary, {"terms": []}, {"terms": [first, first]}, {"terms": [dict(first, term="")]},
              {"terms": [dict(first, extra=1)]}, {"terms": [{"term": "x"}]}, {}]
    for data in broken:
        assert fast.is_valid(data) == full.is_valid(data), data
    assert fast.is_valid(glossary)


ODD_VALUES = st.sampled_from([None, True, 0, -1, 1.5, "", "x", "2024-02-30", "2024-01-05", "Not An Id",
                              "very-low", "RR", [], ["x"], [1, 2], {}, {"unknown": 1}])


@settings(max_examples=300, deadline=None, derandomize=True, database=None,  # the same cases on every run
          suppress_health_check=[HealthCheck.too_slow])
@given(record=st.sampled_from(RECORDS[:3]), choice=st.integers(min_value=0), value=ODD_VALUES,
       change=st.sampled_from(["set", "remove", "repeat"]))
def test_the_compiled_validator_agrees_with_jsonschema_on_broken_records(record, choice, value, change):
    data = copy.deepcopy(record)
    paths = [p for p in json_paths(data) if p]
    *parent_path, last = paths[choice % len(paths)]
    parent = data
    for part in parent_path:
        parent = parent[part]
    if change == "remove":
        del parent[last]
    elif change == "repeat" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))  # lists whose items must be unique
    else:
        parent[last] = value
    assert FAST.is_valid(data) == FULL.is_valid(data)
