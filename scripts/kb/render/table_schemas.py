"""Frictionless Table Schemas (v2) for the published CSV files, their columns documented from the
record schema: its field documentation is the one place those fields are described.

A column is given as (type, pointer, extra): pointer is where the record schema documents the
field (a JSON pointer into it, or None for a computed column, whose extra then holds its own
title and description); extra may add a note to the description, name the part of a pair the
column holds ("lower end"), or replace the schema's enum with the words the CSV writes (None
for none).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
# Instructions to editors in the record schema's descriptions, which mean nothing in the data.
_EDITOR_NOTES = [re.compile(r"\s*Prose: .*?no HTML\."),
                 re.compile(r";\s*write not-reported when the source does not give it"),
                 re.compile(r"\s*\[[a-z-]+\]")]  # a rule id, [direction-supported]


def table_schema(record_schema: dict, columns: dict[str, tuple], required: tuple[str, ...], title: str,
                 description: str) -> dict:
    return {"$schema": PROFILE, "title": title, "description": description,
            "fields": [_field(record_schema, name, *spec, name in required) for name, spec in columns.items()],
            "missingValues": [""]}


def _field(record_schema: dict, name: str, kind: str, pointer: str | None, extra: dict, required: bool) -> dict:
    field: dict = {"name": name, "type": kind}
    constraints: dict = {}
    if pointer:
        spec = _resolve(record_schema, pointer)
        title, description = spec.get("title", name), _for_data(spec.get("description", ""))
        if "part" in extra:
            title = f"{title}, {extra['part']}"
            description = f"The {extra['part']} of the interval: {description[:1].lower()}{description[1:]}"
        field.update(title=extra.get("title", title),
                     description=" ".join(filter(None, [description, extra.get("note")])))
        enum = extra["enum"] if "enum" in extra else spec.get("enum")
        if enum:
            constraints["enum"] = list(enum)
        elif "pattern" in spec:
            constraints["pattern"] = spec["pattern"]
    else:
        field.update(title=extra["title"], description=extra["description"])
    if kind == "integer":
        constraints["minimum"] = 0
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def record_schema(root: Path) -> dict:
    return json.loads((root / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def schema_json(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


def _resolve(schema: dict, pointer: str) -> dict:
    """The property at pointer with its $refs followed; the property's own keys win."""
    node = schema
    for step in pointer.split("/"):
        node = node[step]
    node = dict(node)
    while "$ref" in node:
        target = schema
        for step in node.pop("$ref").removeprefix("#/").split("/"):
            target = target[step]
        node = {**target, **node}
    return node


def _for_data(description: str) -> str:
    for note in _EDITOR_NOTES:
        description = note.sub("", description)
    return description.strip()
