"""Check a record against schema/record.schema.json, the one authority on field rules.

jsonschema's messages are written for programmers ("'x' is not valid under any of the given
schemas"); editors get the field's path, what is wrong in plain words, and a fix.

Most records are valid, and explaining is the slow part: jsonschema (pure Python) costs ~5 ms
a record, about twice the YAML parse. So every record is first checked by jsonschema-rs
(compiled, ~0.03 ms); only a record it rejects goes through jsonschema for the explanation.
tests/test_schema.py holds the two to the same verdicts.
"""
from __future__ import annotations

import json
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .corpus import Record, file_stamp
from .problems import Problem, printable

if TYPE_CHECKING:
    import jsonschema

SCHEMA_PATH = Path("schema") / "record.schema.json"
GLOSSARY_SCHEMA_PATH = Path("schema") / "glossary.schema.json"
_TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping of fields", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "empty"}


def schema_stamp(root: Path) -> tuple:
    return file_stamp(root / SCHEMA_PATH)


# Read and built once per run (and again only when the schema file changes under kb serve),
# never per record. The schema itself is checked against the metaschema by the test suite.
def load_schema(root: Path, schema_path: Path = SCHEMA_PATH) -> dict:
    return _schema(root, schema_path, file_stamp(root / schema_path))


@cache
def _schema(root: Path, schema_path: Path, stamp: tuple) -> dict:
    return json.loads((root / schema_path).read_text(encoding="utf-8"))


def fast_validator(root: Path, schema_path: Path = SCHEMA_PATH):
    """The compiled validator (jsonschema-rs): says whether a file is valid, ~200x faster."""
    return _fast_validator(root, schema_path, file_stamp(root / schema_path))


def validator(root: Path, schema_path: Path = SCHEMA_PATH):
    """jsonschema, which explains what is wrong (with a linear-time uniqueItems)."""
    return _validator(root, schema_path, file_stamp(root / schema_path))


@cache
def _fast_validator(root: Path, schema_path: Path, stamp: tuple):
    import jsonschema_rs
    return jsonschema_rs.Draft202012Validator(_schema(root, schema_path, stamp), validate_formats=True)


@cache
def _validator(root: Path, schema_path: Path, stamp: tuple):
    from jsonschema import Draft202012Validator, validators  # imported only when a file needs explaining
    extended = validators.extend(Draft202012Validator, {"uniqueItems": _unique_items})
    return extended(_schema(root, schema_path, stamp), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _unique_items(validator, unique, instance, schema):
    """uniqueItems in linear time. jsonschema compares unsortable items (mappings, mixed types)
    pair by pair: a few thousand hostile list items would take minutes. Reported at the repeat."""
    import jsonschema
    if not unique or not validator.is_type(instance, "array"):
        return
    seen = set()
    for index, item in enumerate(instance):
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            yield jsonschema.ValidationError("repeats an earlier item", path=[index], instance=item)
            return
        seen.add(key)


TEXT_DEFS = ("#/$defs/prose", "#/$defs/label")  # the free-text fields: see kb.prose


def text_fields(data, root: Path) -> Iterator[tuple[tuple, str]]:
    """(json path, text) of every free-text field in a record: the fields the schema declares
    as prose or label. Follows the data only where it has the shape the schema expects."""
    plan = _text_plan(root, file_stamp(root / SCHEMA_PATH))
    if plan is not None:
        yield from _walk(plan, data, ())


_TEXT = "text"


@cache
def _text_plan(root: Path, stamp: tuple):
    """Where the free-text fields are, worked out from the schema once (not for every record):
    "text", or (properties as (name, plan) pairs, plan of each list item); None where a part
    of the schema holds no free text, so records are not walked there at all."""
    schema = _schema(root, SCHEMA_PATH, stamp)

    def plan(node: dict, seen: frozenset):
        ref = node.get("$ref")
        if ref in TEXT_DEFS:
            return _TEXT
        if ref:
            if ref in seen:
                return None  # a recursive definition: no record is that deep
            seen, node = seen | {ref}, schema["$defs"][ref.rsplit("/", 1)[-1]]
        properties = tuple((key, sub) for key, sub in ((key, plan(spec, seen)) for key, spec in
                                                        node.get("properties", {}).items()) if sub is not None)
        items = plan(node["items"], seen) if isinstance(node.get("items"), dict) else None
        return (properties, items) if properties or items is not None else None

    return plan(schema, frozenset())


def _walk(plan, value, path: tuple) -> Iterator[tuple[tuple, str]]:
    if plan is _TEXT:
        if isinstance(value, str):
            yield path, value
        return
    properties, items = plan
    if isinstance(value, dict):
        for key, sub in properties:
            if key in value:
                yield from _walk(sub, value[key], path + (key,))
    elif isinstance(value, list) and items is not None:
        for index, item in enumerate(value):
            yield from _walk(items, item, path + (index,))


MAX_PROBLEMS = 200  # per record: jsonschema finds errors lazily, so a hostile record costs no more


def schema_problems(record: Record, root: Path, schema_path: Path = SCHEMA_PATH) -> list[Problem]:
    """Problems of one loaded file (a record, or the glossary) against its schema: none if the
    compiled validator passes it, else jsonschema's errors explained (see the module's docstring)."""
    if fast_validator(root, schema_path).is_valid(record.data):
        return []
    schema = load_schema(root, schema_path)
    problems = []
    leaves = (leaf for error in validator(root, schema_path).iter_errors(record.data) for leaf in _leaves(error))
    for leaf in islice(leaves, MAX_PROBLEMS):
        path, message, hint, on_key = _explain(leaf, schema)
        line, col = record.locate(path, key=on_key)
        problems.append(Problem(record.path, line, col, "error", "schema", message, hint))
    return problems


def _leaves(error: jsonschema.ValidationError):
    """The most specific errors: an anyOf/oneOf failure is explained by its sub-errors, unless
    they are all about the value itself (alternatives like 'a number or not-reported'):
    then the one failure says what is allowed."""
    if error.context and any(sub.absolute_path != error.absolute_path for sub in error.context):
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
    import difflib  # only when something is wrong: kb validate's start-up stays short

    path = tuple(error.absolute_path)
    where = field_name(path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = [k for k in instance if k not in allowed]
        key = unknown[0] if unknown else ""
        near = difflib.get_close_matches(key[:100], allowed, n=1)
        hint = f"did you mean '{near[0]}'?" if near else f"allowed fields here: {', '.join(allowed)}"
        return path + (key,), f"{where}: unknown field '{_short(key)}'", hint, True
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(value)
        return path, f"{where}: missing required field '{missing}'", _describe_field(error, missing, schema), False
    if kind == "enum":
        allowed = [str(v) for v in value]
        near = difflib.get_close_matches(_short(instance), allowed, n=1, cutoff=0.5)
        hint = f"did you mean '{near[0]}'?" if near else ""
        return path, f"{where}: '{_short(instance)}' is not one of: {', '.join(allowed)}", hint, False
    if kind == "type":
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in ([value] if isinstance(value, str) else value))
        hint = ""
        if wanted == "text" and isinstance(instance, (int, float)):
            hint = "put dates in quotes" if error.schema.get("format") == "date" else "put it in quotes if it is meant as text"
        return path, f"{where}: must be {wanted}, not {_kind_of(instance)}", hint, False
    if kind == "format":
        return path, f"{where}: '{_short(instance)}' is not a valid {value}", \
            "dates are YYYY-MM-DD and must exist on the calendar" if value == "date" else "", False
    if kind == "pattern":
        return path, f"{where}: '{_short(instance)}' does not have the required form", _describe_pattern(value), False
    if kind in ("minItems", "minLength") and value <= 1:
        return path, f"{where}: must not be empty", "fill it in, or remove the optional field", False
    if kind in ("minItems", "maxItems"):
        bound = "at least" if kind == "minItems" else "at most"
        return path, f"{where}: has {_items(len(instance))}; it must have {bound} {value}", _first_sentence(error.schema), False
    if kind in ("minLength", "maxLength"):
        bound = "at least" if kind == "minLength" else "at most"
        return path, f"{where}: is {len(instance):,} characters long; it must be {bound} {value:,}", \
            "shorten it" if kind == "maxLength" else "", False
    if kind == "uniqueItems":
        return path, f"{where}: repeats an earlier item", "remove the repeated item", False
    if kind in ("oneOf", "anyOf"):
        return path, f"{where}: {_quoted(instance)} is not allowed here", _first_sentence(error.schema), False
    return path, f"{where}: {_short(error.message, 200)}", "", False


def _short(value, limit: int = 60) -> str:
    """A value from the record, as much of it as a message needs."""
    return printable(str(value), limit)


def _quoted(value) -> str:
    return f"'{_short(value)}'" if isinstance(value, str) else _short(value)


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _first_sentence(field_schema: dict) -> str:
    description = field_schema.get("description", "")
    return description.split(". ")[0].rstrip(".") if description else ""


def _kind_of(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "empty"
    if isinstance(value, float):
        return f"the decimal number {value:g}"
    return {str: "text", int: "a whole number", list: "a list", dict: "a mapping of fields"}.get(type(value), "that")


def _describe_field(error: jsonschema.ValidationError, name: str, schema: dict) -> str:
    return _first_sentence(error.schema.get("properties", {}).get(name) or _field_anywhere(schema, name))


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
    if pattern == "^[^:^~*]+$":
        return "remove : ^ ~ and *: the site's search box reads them as operators, so this alias could never be found"
    if "[0-9]{4}-" in pattern:
        return "write the date as YYYY-MM-DD in quotes"
    return f"it must match {pattern}"
