"""Read evidence/references.bib into references we can check and format."""
from __future__ import annotations

import bisect
import itertools
import logging
import re
from dataclasses import dataclass, field

from bibtexparser import model, splitter

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



def first_author(authors: str) -> str:
    """The first name of a BibTeX author list: 'Smith, A and Jones, B' -> 'Smith, A'."""
    return authors.split(" and ")[0].strip()


def first_surname(authors: str) -> str:
    """The first author's surname, or a collective author's whole name, without BibTeX's braces."""
    return first_author(authors).strip("{}").split(",")[0].strip()


@dataclass
class BibParseFailure:
    line: int
    rule: str
    message: str
    hint: str
    key: str = ""  # the entry's key, when it can be read: its citations are not "missing"


MAX_FAILURES = 200  # a hostile file can hold hundreds of thousands of broken blocks; the first ones say enough
# bibtexparser takes seconds on a megabyte of entries, fields or braces, so a file with far more
# than a bibliography needs is refused before it is parsed. The real one has 150 entries,
# ~1,100 fields and braces 3 deep.
MAX_ENTRIES = 5_000
MAX_FIELDS = 20_000
MAX_BRACE_DEPTH = 32


def parse_bibliography(text: str) -> tuple[dict[str, Reference] | None, list[BibParseFailure]]:
    """Entries we can trust, and everything else as a failure with its line; no entries at all
    (None) if the file could not be parsed.

    Stricter than BibTeX on purpose: a value must be {braced}, "quoted" or a number, because a
    bare word (an undefined @string macro) or text after a value (a missing comma) would
    otherwise be read silently as something else. Text outside entries is an error too, except
    % comment lines: in BibTeX it is a comment, so a mistyped entry would vanish unnoticed.
    """
    too_big = _too_big(text)
    if too_big:
        return None, [too_big]
    try:
        library = splitter.Splitter(bibstr=text).split()  # raw values, as parse_string(parse_stack=[])
    except Exception as exc:  # noqa: BLE001 - the parser's bugs must not become our traceback
        return None, [BibParseFailure(1, "bibtex-syntax", f"could not be read as BibTeX ({type(exc).__name__})",
                                    "check the file for unbalanced braces")]
    references: dict[str, Reference] = {}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    failures = [_describe(block, line_starts) for block in library.failed_blocks[:MAX_FAILURES]]
    previous = None
    for block in library.blocks:
        # After a block that failed, the parser reads the rest of the broken entry as loose
        # text: that is the same mistake, already reported.
        if isinstance(block, model.ImplicitComment) and not isinstance(previous, model.ParsingFailedBlock):
            failures.extend(_stray_text(block))
        elif isinstance(block, model.String):
            failures.append(BibParseFailure(block.start_line + 1, "bibtex-syntax", "@string macros are not supported",
                                            "write each value out in full and remove the @string"))
        previous = block
    for entry in library.entries:
        fields, bad = {}, []
        for f in entry.fields:
            value = _unwrap(f.value)
            if value is None:
                bad.append(BibParseFailure(
                    (f.start_line if f.start_line is not None else entry.start_line) + 1, "bibtex-syntax",
                    f"entry '{entry.key}': the value of '{f.key}' is not one {{braced}} or \"quoted\" text",
                    "write field = {value}, and check the comma after the previous field", entry.key))
            fields[f.key.lower()] = _clean(value or "")
        if bad:
            failures.extend(bad)
            continue
        references[entry.key] = Reference(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields=fields,
            line=entry.start_line + 1,
            field_lines={f.key.lower(): f.start_line + 1 for f in entry.fields if f.start_line is not None},
        )
    return references, failures


def _too_big(text: str) -> BibParseFailure | None:
    def at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    hint = "check that this is the right file; the bibliography holds one entry per source"
    for char, limit, what in (("@", MAX_ENTRIES, "entries (counting every '@')"),
                              ("=", MAX_FIELDS, "fields (counting every '=')")):
        if text.count(char) > limit:
            offset = next(itertools.islice(re.finditer(re.escape(char), text), limit, None)).start()
            return BibParseFailure(at(offset), "bibtex-size", f"more than {limit:,} {what}", hint)
    deep = _depth_exceeded(text)
    if deep:
        return BibParseFailure(at(deep), "bibtex-size", f"braces nested more than {MAX_BRACE_DEPTH} deep",
                               "check that every { has its }")
    return None


def _depth_exceeded(text: str) -> int:
    """Where braces first nest deeper than the limit, or 0."""
    depth = 0
    for match in re.finditer(r"[{}]", text):
        depth += 1 if match.group() == "{" else -1
        if depth > MAX_BRACE_DEPTH:
            return match.start()
    return 0


def _unwrap(raw: str) -> str | None:
    """The text of a raw BibTeX value: {braced}, "quoted" or a number; None for anything else."""
    raw = raw.strip()
    if raw.isdigit():
        return raw
    if len(raw) >= 2 and (raw[0], raw[-1]) in (("{", "}"), ('"', '"')):
        inner = raw[1:-1]
        if "{" not in inner and "}" not in inner and (raw[0] == "{" or '"' not in inner):
            return inner  # most values: nothing inside to balance
        depth = 0
        for char in inner:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:  # {a} # {b}: the first brace closed before the end
                return None
            if char == '"' and raw[0] == '"' and depth == 0:
                return None
        return inner if depth == 0 else None
    return None


def _stray_text(block: model.ImplicitComment) -> list[BibParseFailure]:
    """The first line of loose text that is not a % comment, if any: one report per stretch."""
    for offset, line in enumerate((block.raw or "").splitlines()):
        if line.strip() and not line.strip().startswith("%"):
            return [BibParseFailure(block.start_line + offset + 1, "bibtex-syntax",
                                    f"text outside any entry: '{line.strip()[:40]}'",
                                    "start entries with @type{key, ...}; start comment lines with %")]
    return []


def _clean(value: str) -> str:
    # Values keep their inner braces ({ESHRE}) for BibTeX's case protection; we show plain text.
    return " ".join(value.replace("{", "").replace("}", "").replace("\\&", "&").split())


_ENTRY_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def _describe(block: model.ParsingFailedBlock, line_starts: list[int]) -> BibParseFailure:
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
    end = getattr(block.error, "end_index", None)
    if isinstance(end, int) and not re.search(r"end of file|block start", reason):
        # A local mistake (a missing '=' or ','): the parser stopped where it is. Something left
        # open, by contrast, is best looked for from the start of the entry.
        line = bisect.bisect_right(line_starts, end)
    return BibParseFailure(line, "bibtex-syntax", f"could not parse '{first}': {reason.strip()}",
                           "check that every { has its } and every field ends with a comma", key)
