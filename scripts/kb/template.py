"""`kb new`: a new record written from the JSON Schema, every field with a comment saying
what goes there, whether it is required, the allowed values and an example.

The record validates as a draft straight away: required text holds "FILL IN — ..." (the
template-text rule lists what is left to write), lists that may be empty are empty, and each
list of groups (claims, outcome rows, positions...) is followed by a commented-out example item.
"""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import yaml

from .corpus import Corpus, Record
from .fields import Field, describe_value, record_fields, requirement
from .rules import FILL_IN, normalise_name

WIDTH = 100
MODELINE = "# yaml-language-server: $schema=../schema/record.schema.json"
HEADER = f"""{MODELINE}
# A new record, written by `kb new` from schema/record.schema.json.
# Above every field, a comment says what goes there, whether it is required, the values allowed
# and an example. Replace every "{FILL_IN}" text (`kb validate` lists those left), change the
# values marked "check", and see CONTRIBUTING.md for how to add trials, claims and positions.
# The same information, as a page: content/field-reference.md (Field reference for editors)."""

# Starting values that are real choices, not text to write: the editor is asked to check them.
STARTING_CATEGORY = {"treatment": "immunomodulator", "test": "immune-test"}
CHECK = "check: chosen by kb new to start with"
UNTIL_OUTCOMES = "until outcome rows say otherwise"


def humanise(record_id: str) -> str:
    """low-molecular-weight-heparin -> Low molecular weight heparin"""
    words = record_id.replace("-", " ")
    return words[:1].upper() + words[1:]


def record_named(corpus: Corpus, name: str) -> Record | None:
    """The record that already has this name or alias, if any: kb new will not start a second one."""
    wanted = normalise_name(name)
    for record in corpus.records:
        aliases = record.data.get("aliases")
        names = [record.data.get("name"), *(aliases if isinstance(aliases, list) else [])]
        if any(isinstance(n, str) and normalise_name(n) == wanted for n in names):
            return record
    return None


def new_record(root: Path, record_id: str, kind: str, today: dt.date) -> str:
    name = humanise(record_id)
    starting = {
        "id": (record_id, ""),
        "kind": (kind, ""),
        "name": (name, "check: the page title"),
        "aliases": ([f"{FILL_IN} — other names for {name}"[:80]], ""),
        "category": (STARTING_CATEGORY[kind], CHECK),
        "evidence.certainty": ("very-low", UNTIL_OUTCOMES),
        "evidence.direction": ("uncertain", UNTIL_OUTCOMES),
        "review.status": ("draft", ""),
        "review.last_reviewed": (today.isoformat(), "the day this draft was started"),
    }
    lines = [HEADER]
    for item in record_fields(root):
        lines.append("")
        lines.extend(_field(item, 0, starting))
    return "\n".join(lines) + "\n"


def _field(item: Field, indent: int, starting: dict) -> list[str]:
    pad = " " * indent
    lines = _comment(item, pad)
    if not item.required:
        return lines + _commented(_example_lines(item, indent))
    if item.is_group:
        lines.append(f"{pad}{item.name}:")
        for child in item.children:
            lines.extend(_field(child, indent + 2, starting))
        return lines
    value, note = starting.get(item.path, (_starting_value(item), ""))
    if item.spec.get("type") == "array" and item.allowed and not item.may_be_empty and item.path not in starting:
        note = CHECK
    lines.append(f"{pad}{item.name}: {yaml_inline(value)}" + (f"  # {note}" if note else ""))
    if item.is_list_of_groups:
        lines.extend(_commented(_example_lines(item, indent)))
    return lines


def _starting_value(item: Field):
    spec = item.spec
    if spec.get("type") == "array":
        if item.may_be_empty:
            return []
        return [item.allowed[0] if item.allowed else f"{FILL_IN} — {item.title}"]
    if item.allowed:
        return item.allowed[0]
    return f"{FILL_IN} — {item.title}"


def _comment(item: Field, pad: str, in_example: bool = False) -> list[str]:
    kind = "one of the values allowed for it, below" if item.values_depend_on else describe_value(item.spec)
    text = [f"{item.title} ({requirement(item)}; {kind})."]
    if item.description:
        text.append(item.description.removeprefix("Optional. "))
    if item.allowed:
        text.append("Allowed: " + ", ".join(map(str, item.allowed)) + ".")
    for when, values in item.values_depend_on:
        text.append(f"When {when}: " + ", ".join(values) + ".")
    if item.is_list_of_groups:
        text.append("To add one, replace [] with items like the example below, "
                    "removing the first '# ' of each line.")
    elif not item.required and (item.is_group or item.children):
        text.append("To add it, remove the first '# ' of each line below.")
    elif item.example is not None and not item.is_group and not in_example:
        text.append(f"Example: {yaml_inline(item.example)}")
    wrapped = []
    for paragraph in text:
        wrapped += textwrap.wrap(paragraph, WIDTH - len(pad) - 2, break_on_hyphens=False)
    return [f"{pad}# {line}" for line in wrapped]


def _example_lines(item: Field, indent: int) -> list[str]:
    """The field with an example value, as YAML that validates once its comment marks are removed."""
    if not (item.is_group or item.is_list_of_groups):
        return _value_lines(item, indent)
    inner = indent + (4 if item.is_list_of_groups else 2)
    lines = [" " * indent + f"{item.name}:"]
    for n, child in enumerate(item.children):
        lines.extend(_comment(child, " " * inner, in_example=True))
        # A group inside the example (a question's outcome rows, a row's GRADE domains) is
        # annotated field by field too; the outermost lines carry the child's own comment.
        values = _example_lines(child, inner) if child.children else _value_lines(child, inner)
        if item.is_list_of_groups and n == 0:  # the item's first field carries the list dash
            values[0] = " " * (indent + 2) + "- " + values[0].lstrip()
        lines.extend(values)
    return lines


def _value_lines(item: Field, indent: int) -> list[str]:
    pad = " " * indent
    value = item.example
    if isinstance(value, str) and len(value) > 60:
        body = textwrap.wrap(value, WIDTH - indent - 4, break_on_hyphens=False)
        return [f"{pad}{item.name}: >-"] + [f"{pad}  {line}" for line in body]
    return [f"{pad}{item.name}: {yaml_inline(value)}"]


def _commented(lines: list[str]) -> list[str]:
    return [f"# {line}" for line in lines]


def yaml_inline(value) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()
