"""Read evidence/references.bib into references we can check and format."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model

# bibtexparser logs its own account of every bad block; we report them ourselves, with lines.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass
class Reference:
    key: str
    entry_type: str
    fields: dict[str, str]
    line: int  # 1-based line of the @type{ line
    field_lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass
class BibParseFailure:
    line: int
    rule: str
    message: str
    hint: str
    key: str = ""  # the entry's key, when it can be read: its citations are not "missing"


def parse_bibliography(text: str) -> tuple[dict[str, Reference], list[BibParseFailure]]:
    library = bibtexparser.parse_string(text)
    references = {
        entry.key: Reference(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields={f.key.lower(): _clean(f.value) for f in entry.fields},
            line=entry.start_line + 1,
            field_lines={f.key.lower(): f.start_line + 1 for f in entry.fields if f.start_line is not None},
        )
        for entry in library.entries
    }
    return references, [_describe(block) for block in library.failed_blocks]


def _clean(value: str) -> str:
    # Values keep their inner braces ({ESHRE}) for BibTeX's case protection; we show plain text.
    return " ".join(value.replace("{", "").replace("}", "").replace("\\&", "&").split())


_ENTRY_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def _describe(block: model.ParsingFailedBlock) -> BibParseFailure:
    line = (block.start_line or 0) + 1
    match = _ENTRY_KEY.match(block.raw or "")
    key = match.group(1) if match else ""
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return BibParseFailure(line, "bibtex-duplicate-key", f"duplicate entry key '{block.key}'",
                               "every entry needs its own key: rename or merge one of them", block.key)
    if isinstance(block, model.DuplicateFieldKeyBlock):
        names = sorted(block.duplicate_keys)
        entry = block.ignore_error_block
        seen: set[str] = set()
        for f in entry.fields if entry is not None else []:
            if f.key in seen and f.start_line is not None:
                line = f.start_line + 1  # point at the repeat, where the editor must act
                break
            seen.add(f.key)
        return BibParseFailure(line, "bibtex-duplicate-field", f"entry '{key}' has a field twice: {', '.join(names)}",
                               "keep one value for each field", key)
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or "could not be parsed"
    first = (block.raw or "").splitlines()[0][:60] if block.raw else ""
    return BibParseFailure(line, "bibtex-syntax", f"could not parse '{first}': {reason.strip()}",
                           "check that every { has its } and every field ends with a comma", key)
