"""Field documentation read from the JSON Schema: one walk, used by the annotated template
(`kb new`) and the editors' field reference (`kb docs`), so neither can drift from the rules.

A Field is one named property: its title, description, whether it is required (always, or
only when another field has certain values), what values it takes, an example, and its own
fields (for a group of fields, or for each item of a list of groups).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .corpus import FIELD_REFERENCE_PATH
from .schema import load_schema

PAGE = Path(FIELD_REFERENCE_PATH)


@dataclass
class Field:
    name: str
    path: str  # as editors read it: "evidence.outcomes[].ci"
    spec: dict  # the property's schema with its $ref resolved
    required: bool
    example: object = None  # the group's own example for this field, else the field's
    required_when: str = ""  # "measure is RR, OR, MD or RD" for a conditionally required field
    values_depend_on: list[tuple[str, list]] = field(default_factory=list)  # [("body is ESHRE", [...])]
    children: list["Field"] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.spec.get("title", self.name)

    @property
    def description(self) -> str:
        return self.spec.get("description", "")

    @property
    def is_group(self) -> bool:
        return self.spec.get("type") == "object"

    @property
    def is_list_of_groups(self) -> bool:
        return self.spec.get("type") == "array" and self.item_spec.get("type") == "object"

    @property
    def item_spec(self) -> dict:
        return self.spec.get("items", {})

    @property
    def may_be_empty(self) -> bool:
        return self.spec.get("type") == "array" and not self.spec.get("minItems")

    @property
    def allowed(self) -> list:
        """The closed list of values the field (or each item of it) takes, if there is one."""
        return self.spec.get("enum") or self.item_spec.get("enum") or []

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def record_fields(root: Path) -> list[Field]:
    """Every top-level field of a record, in the schema's order, with their own fields."""
    schema = load_schema(root)
    return _fields_of(schema, schema, "")


def _resolve(node: dict, schema: dict) -> dict:
    """A property with its $ref merged in; the property's own title and description win.
    `definition` keeps the name of the first definition referred to (citationKey, recordId)."""
    node = dict(node)
    while "$ref" in node:
        name = node.pop("$ref").removeprefix("#/$defs/")
        node = {**schema["$defs"][name], **node}
        node.setdefault("definition", name)
    if "items" in node:
        node["items"] = _resolve(node["items"], schema)
    return node


def _fields_of(group: dict, schema: dict, prefix: str, group_example=None) -> list[Field]:
    group = _resolve(group, schema)
    required = set(group.get("required", ()))
    conditions = _conditions(group)
    fields = []
    for name, node in group.get("properties", {}).items():
        spec = _resolve(node, schema)
        path = f"{prefix}{name}"
        own = spec.get("examples", [None])[0]
        example = group_example.get(name, own) if isinstance(group_example, dict) else own
        item = Field(name, path, spec, name in required, example,
                     required_when=conditions["required"].get(name, ""),
                     values_depend_on=conditions["values"].get(name, []))
        if spec.get("type") == "object":
            item.children = _fields_of(spec, schema, path + ".", example)
        elif spec.get("type") == "array" and spec.get("items", {}).get("type") == "object":
            first = example[0] if isinstance(example, list) and example else None
            item.children = _fields_of(spec["items"], schema, path + "[].", first)
        fields.append(item)
    return fields


def _conditions(group: dict) -> dict[str, dict]:
    """Read the schema's if/then rules: fields required, or values allowed, only in some cases."""
    found: dict[str, dict] = {"required": {}, "values": {}}
    for rule in [group, *group.get("allOf", [])]:
        if "if" not in rule:
            continue
        when = " and ".join(f"{name} is {_or_list(test.get('enum') or [test.get('const')])}"
                            for name, test in rule["if"]["properties"].items())
        for required in rule["then"].get("required", []):
            found["required"][required] = when
        for target, spec in rule["then"].get("properties", {}).items():
            found["values"].setdefault(target, []).append((when, spec.get("enum", [])))
    return found


def _or_list(values: list) -> str:
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def describe_value(spec: dict) -> str:
    """What sort of value a field takes, in an editor's words."""
    if "enum" in spec:
        return "one of the allowed values"
    if "const" in spec:
        return f"the word {spec['const']}"
    if "oneOf" in spec:
        return " or ".join(_form(option) for option in spec["oneOf"])
    kind = spec.get("type")
    if kind == "string":
        if spec.get("format") == "date":
            return "a date, YYYY-MM-DD, in quotes"
        if spec.get("definition") == "citationKey":
            return "a citation key from evidence/references.bib"
        if spec.get("definition") == "recordId":
            return "lower-case words and digits joined by hyphens"
        limit = f", up to {spec['maxLength']} characters" if "maxLength" in spec else ""
        return "text" + limit
    if kind == "integer":
        return f"a whole number from {spec['minimum']}" if "minimum" in spec else "a whole number"
    if kind == "number":
        return "a number"
    if kind == "object":
        return "a group of fields"
    if kind == "array":
        if "prefixItems" in spec:
            return f"a list of exactly {len(spec['prefixItems'])} numbers, [low, high]"
        size = ", at least one" if spec.get("minItems") else ", may be empty"
        return f"a list of {_items(spec.get('items', {}))}{size}"
    return "a value"


def _form(option: dict) -> str:
    """One of a field's alternative shapes: a group is named by the fields it needs."""
    if option.get("type") == "object":
        return "the fields " + _and_list(option.get("required", []))
    return describe_value(option)


def _and_list(values: list) -> str:
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _items(spec: dict) -> str:
    if "enum" in spec:
        return "values from the allowed list"
    if spec.get("type") == "object":
        return "groups of fields"
    if spec.get("definition") == "citationKey":
        return "citation keys from evidence/references.bib"
    if spec.get("definition") == "recordId":
        return "record ids"
    if spec.get("type") == "string":
        return f"texts of up to {spec['maxLength']} characters" if "maxLength" in spec else "texts"
    return "values"


def requirement(item: Field) -> str:
    if item.required:
        return "required"
    if item.required_when:
        return f"required when {item.required_when}"
    return "optional"
