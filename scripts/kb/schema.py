"""Check a record against schema/record.schema.json, the one authority on field rules.

jsonschema's messages are written for programmers ("'x' is not valid under any of the given
schemas"); editors get the field's path, what is wrong in plain words, and a fix.

Most records are valid, and explaining is the slow part: jsonschema (pure Python) costs ~5 ms
a record, about twice the YAML parse. So every record is first checked by jsonschema-rs
(compiled, ~0.03 ms); only a record it rejects goes through jsonschema for the explanation.
tests/test_schema.py holds the two to the same verdicts.
"""
from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .corpus import Record, file_stamp
from .problems import Problem

if TYPE_CHECKING:
    import jsonschema

SCHEMA_PATH = Path("schema") / "record.schema.json"
_TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping of fields", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "empty"}


def schema_stamp(root: Path) -> tuple:
    return file_stamp(root / SCHEMA_PATH)


# Read and built once per run (and again only when the schema file changes under kb serve),
# never per record. The schema itself is checked against the metaschema by the test suite.
@cache
def _schema(root: Path, stamp: tuple) -> dict:
    return json.loads((root / SCHEMA_PATH).read_text(encoding="utf-8"))


@cache
def _fast_validator(root: Path, stamp: tuple):
    import jsonschema_rs
    return jsonschema_rs.Draft202012Validator(_schema(root, stamp), validate_formats=True)


@cache
def _validator(root: Path, stamp: tuple):
    from jsonschema import Draft202012Validator  # imported only when a record needs explaining
    return Draft202012Validator(_schema(root, stamp), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problems(record: Record, root: Path) -> list[Problem]:
    stamp = schema_stamp(root)
    if _fast_validator(root, stamp).is_valid(record.data):
        return []
    problems = []
    for error in _validator(root, stamp).iter_errors(record.data):
        for leaf in _leaves(error):
            path, message, hint, on_key = _explain(leaf, _schema(root, stamp))
            line, col = record.locate(path, key=on_key)
            problems.append(Problem(record.path, line, col, "error", "schema", message, hint))
    return problems


def _leaves(error: jsonschema.ValidationError):
    """The most specific errors: an anyOf/oneOf failure is explained by its sub-errors."""
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def field_name(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "record"


def _explain(error: jsonschema.ValidationError, schema: dict) -> tuple[tuple, str, str, bool]:
    path = tuple(error.absolute_path)
    where = field_name(path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = [k for k in instance if k not in allowed]
        key = unknown[0] if unknown else ""
        near = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{near[0]}'?" if near else f"allowed fields here: {', '.join(allowed)}"
        return path + (key,), f"{where}: unknown field '{key}'", hint, True
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(value)
        return path, f"{where}: missing required field '{missing}'", _describe_field(error, missing, schema), False
    if kind == "enum":
        allowed = [str(v) for v in value]
        near = difflib.get_close_matches(str(instance), allowed, n=1, cutoff=0.5)
        hint = f"did you mean '{near[0]}'?" if near else ""
        return path, f"{where}: '{instance}' is not one of: {', '.join(allowed)}", hint, False
    if kind == "type":
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in ([value] if isinstance(value, str) else value))
        hint = "put dates in quotes" if wanted == "text" and isinstance(instance, (int, float)) else ""
        return path, f"{where}: must be {wanted}, not {_TYPE_NAMES.get(_json_type(instance), 'that')}", hint, False
    if kind == "format":
        return path, f"{where}: '{instance}' is not a valid {value}", \
            "dates are YYYY-MM-DD and must exist on the calendar" if value == "date" else "", False
    if kind == "pattern":
        return path, f"{where}: '{instance}' does not have the required form", _describe_pattern(value), False
    if kind in ("minItems", "minLength"):
        return path, f"{where}: must not be empty", "fill it in, or remove the optional field", False
    if kind == "uniqueItems":
        return path, f"{where}: has the same item twice", "remove the repeated item", False
    return path, f"{where}: {error.message}", "", False


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return {str: "string", int: "integer", float: "number", list: "array", dict: "object"}.get(type(value), "")


def _describe_field(error: jsonschema.ValidationError, name: str, schema: dict) -> str:
    field_schema = error.schema.get("properties", {}).get(name) or _field_anywhere(schema, name)
    description = field_schema.get("description", "")
    return description.split(". ")[0].rstrip(".") if description else ""


def _field_anywhere(schema: dict, name: str) -> dict:
    # A conditional `then: {required: [ci]}` has no properties of its own; the field's docs
    # live in the definition that declares it.
    for definition in schema.get("$defs", {}).values():
        if name in definition.get("properties", {}):
            return definition["properties"][name]
    return {}


def _describe_pattern(pattern: str) -> str:
    if pattern.startswith("^[a-z0-9]+(-"):
        return "use lower-case letters and digits joined by hyphens, e.g. low-molecular-weight-heparin"
    if "[0-9]{4}-" in pattern:
        return "write the date as YYYY-MM-DD in quotes"
    return f"it must match {pattern}"
