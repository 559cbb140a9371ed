"""A hardened YAML loader for records written by people we do not know.

Why not yaml.safe_load: it turns 2024-01-05 into a date, silently keeps the last of two
duplicate keys, expands aliases (a few hundred bytes can become gigabytes) and loses line
numbers. We build plain Python values straight from libyaml's event stream instead:

- duplicate keys, anchors, aliases and explicit tags are errors;
- scalars resolve by the YAML 1.2 core schema only: true/false, null, integers and decimals;
  everything else (dates included) stays a string, so "no" is a word, not False;
- every error carries a 1-based line and column;
- size limits (depth, number of values, digits in a number) are checked while reading,
  so a hostile file is refused before it can cost time or memory downstream.

Positions of values are only needed when something is wrong, so they are computed on demand
by a second pass (`value_positions`), keeping the common path as fast as parsing.
"""
from __future__ import annotations

import math
import re
from typing import Any

import yaml

try:  # libyaml's C parser: ~10x faster; the pure-Python parser gives the same events.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 32  # records are 4-5 levels deep; anything deeper is a mistake or an attack
MAX_VALUES = 20_000  # the largest real record holds ~430 values
MAX_DIGITS = 15  # the most a number can have and survive JSON and JavaScript unchanged
MAX_KEY = 1024  # YAML's own limit on the length of a key

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NUMBER_START = frozenset("+-.0123456789")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

Path = tuple  # a path of keys and indexes from the document root, as jsonschema reports it


class YamlError(Exception):
    """Input that is not a YAML document we accept. Line and column are 1-based."""

    def __init__(self, line: int, col: int, rule: str, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.col, self.rule, self.message, self.hint = line, col, rule, message, hint


_WIDE_BOMS = {b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe\x00\x00": "UTF-32",
              b"\xfe\xff": "UTF-16", b"\xff\xfe": "UTF-16"}


def decode(raw: bytes) -> str:
    """Bytes to text, refusing what is not clean UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(1, 1, "encoding", "file starts with a byte-order mark (BOM)",
                        "save the file as UTF-8 without BOM")
    for bom, name in _WIDE_BOMS.items():
        if raw.startswith(bom):
            raise YamlError(1, 1, "encoding", f"file is encoded as {name}, not UTF-8",
                            "save the file as UTF-8 (without BOM)")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = line_col(raw, nul)
        raise YamlError(line, col, "encoding", "file contains a NUL byte",
                        "the file may be binary or UTF-16; save it as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
        raise YamlError(line, col, "encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                        "save the file as UTF-8") from None
    odd_break = _ODD_BREAK.search(text)
    if odd_break:
        # YAML counts these as line breaks and editors do not: every line number after one
        # would be wrong, so they are refused.
        line, col = line_col(text, odd_break.start())
        raise YamlError(line, col, "encoding", f"unusual line separator U+{ord(odd_break.group()):04X}",
                        "replace it with a space or an ordinary line break")
    return text


def load(text: str) -> Any:
    """Parse one YAML document into dicts, lists, strings, numbers, booleans and None."""
    return _Builder(text, positions=None).document()


def value_positions(text: str) -> tuple[dict[Path, tuple[int, int]], dict[Path, tuple[int, int]]]:
    """Where each value (and each mapping key) starts: {path: (line, col)}, both 1-based.

    Only call this on text that `load` accepted.
    """
    values: dict[Path, tuple[int, int]] = {}
    keys: dict[Path, tuple[int, int]] = {}
    _Builder(text, positions=(values, keys)).document()
    return values, keys


def line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset, counting LF, CRLF and CR breaks."""
    breaks = _BREAKS_BYTES if isinstance(data, bytes) else _BREAKS_TEXT
    line, line_start = 1, 0
    for match in breaks.finditer(data, 0, offset):
        line, line_start = line + 1, match.end()
    before = data[line_start:offset]
    if isinstance(before, bytes):
        before = before.decode("utf-8", "replace")
    return line, len(before) + 1


def offset_of(text: str, line: int, col: int) -> int:
    """The inverse of line_col for text."""
    start = 0
    for number, match in enumerate(_BREAKS_TEXT.finditer(text), start=2):
        if number > line:
            break
        start = match.end()
    return start + col - 1


_BREAKS_TEXT = re.compile(r"\r\n|\r|\n")
_BREAKS_BYTES = re.compile(rb"\r\n|\r|\n")
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, last: yaml.Event | None) -> YamlError:
    """A parser error, placed where the editor has to act, which is not always where the
    parser gave up."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and "flow" in exc.context and exc.context_mark:
        # An unclosed [ or {: the parser notices lines later; point at the opening bracket.
        mark = exc.context_mark
        opener = text[mark.index] if mark.index < len(text) else "["
        closer = {"[": "]", "{": "}"}.get(opener, "]")
        return YamlError(mark.line + 1, mark.column + 1, "yaml-syntax", f"this '{opener}' is never closed ({problem})",
                         f"add the missing '{closer}', or a ',' between items")
    if (isinstance(last, yaml.ScalarEvent) and last.style in ('"', "'")
            and last.start_mark.line < last.end_mark.line == mark.line):
        # An unclosed quote swallows the lines after it, up to the next quote: the parser
        # complains there, but the mistake is where the quoted text starts.
        line, col = _at(last)
        return YamlError(line, col, "yaml-syntax",
                         f"the quoted text starting here runs on to line {last.end_mark.line + 1}",
                         f"add the missing closing {last.style}")
    lines = _BREAKS_TEXT.split(text)
    if exc.context == "while scanning a simple key" and exc.context_mark and exc.context_mark.line < mark.line:
        # Lines of text read as one field name (text under a field indented no further than
        # the field's name, say): the parser gives up at their end; the mistake starts here.
        mark = exc.context_mark
        return YamlError(mark.line + 1, mark.column + 1, "yaml-syntax",
                         "this text stands where a field name belongs, but has no ':' after it",
                         _indentation_hint(lines, mark.line))
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in line[: mark.column + 1]:
        hint = "indent with spaces, not tabs"
    elif len(line) > MAX_KEY and "expected ':'" in problem:
        hint = f"a key may be at most {MAX_KEY:,} characters long"
    else:
        hint = _indentation_hint(lines, mark.line)
    return YamlError(mark.line + 1, mark.column + 1, "yaml-syntax", problem, hint)


def _indentation_hint(lines: list[str], index: int) -> str:
    """What most syntax errors in a hand-edited record come down to, in words: how far this line
    and the lines around it are indented, since fields that belong together line up."""
    def indent(i: int) -> str:
        n = len(lines[i]) - len(lines[i].lstrip(" "))
        return "no space" if n == 0 else "1 space" if n == 1 else f"{n} spaces"

    def nearest(i: int, step: int) -> int | None:  # the nearest line with content, comments skipped
        i += step
        while 0 <= i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
            i += step
        return i if 0 <= i < len(lines) else None

    if index >= len(lines) or not lines[index].strip():
        return "check the indentation and quoting of the lines before this one"
    before, after = nearest(index, -1), nearest(index, 1)
    around = [f"line {index + 1} is indented by {indent(index)}"]
    around += [f"line {i + 1} {where} by {indent(i)}" for i, where in ((before, "before it"), (after, "after it"))
               if i is not None]
    return (", ".join(around) + ". The fields of one group start in the same column, and a field's text on "
            "the lines below it further in; if that is so, check the quotes and colons here and just before")


def _last_event(text: str) -> yaml.Event | None:
    """The last event parsed before the error in text: parsed again, as errors are rare and
    the common path should not keep track of it."""
    last = None
    try:
        for last in yaml.parse(text, Loader=_Loader):
            pass
    except yaml.YAMLError:
        pass
    return last


def _at(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    def __init__(self, text: str, positions):
        self._text = text
        self._positions = positions
        self._values = 0

    def document(self) -> Any:
        parser = _Loader(self._text)
        self._next = parser.get_event  # straight from libyaml's parser, event by event
        try:
            return self._document()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc, self._text, _last_event(self._text)) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow, by offset
            line, col = line_col(self._text, exc.position)
            code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
            raise YamlError(line, col, "yaml-syntax", f"control character U+{code:04X} is not allowed",
                            "delete it: invisible characters often come with text pasted from a PDF") from None
        except yaml.YAMLError as exc:  # errors libyaml reports without a position
            raise YamlError(1, 1, "yaml-syntax", str(exc)) from None
        finally:
            parser.dispose()

    def _document(self) -> Any:
        self._next()  # StreamStart
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None  # an empty file
        value = self._node(self._next(), (), 0)
        self._next()  # DocumentEnd
        event = self._next()
        if isinstance(event, yaml.DocumentStartEvent):
            line, col = _at(event)
            raise YamlError(line, col, "yaml-syntax", "more than one YAML document in the file",
                            "a record is one document: remove the '---' separator and what follows")
        return value

    def _node(self, event: yaml.Event, path: Path, depth: int) -> Any:
        self._refuse_anchors(event)
        if depth > MAX_DEPTH:
            line, col = _at(event)
            raise YamlError(line, col, "yaml-depth", f"nested more than {MAX_DEPTH} levels deep",
                            "records are only a few levels deep; check the indentation")
        self._values += 1
        if self._values > MAX_VALUES:
            line, col = _at(event)
            raise YamlError(line, col, "yaml-size", f"more than {MAX_VALUES:,} values in one record",
                            "a record holds a few hundred values; check that this is the right file")
        if self._positions is not None:
            self._positions[0][path] = _at(event)
        if isinstance(event, yaml.ScalarEvent):
            return _scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            item = self._next()
            while not isinstance(item, yaml.SequenceEndEvent):
                items.append(self._node(item, path + (len(items),), depth + 1))
                item = self._next()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth)
        line, col = _at(event)  # pragma: no cover - libyaml emits no other node events
        raise YamlError(line, col, "yaml-syntax", f"unexpected {type(event).__name__}")

    def _mapping(self, path: Path, depth: int) -> dict:
        mapping: dict[str, Any] = {}
        first_seen: dict[str, yaml.Event] = {}
        while True:
            key_event = self._next()
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            self._refuse_anchors(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                line, col = _at(key_event)
                raise YamlError(line, col, "yaml-syntax", "a key must be a plain word, not a list or mapping")
            key = key_event.value
            if key in mapping:
                line, col = _at(key_event)
                raise YamlError(line, col, "yaml-duplicate-key",
                                f"duplicate key '{key}' (first at line {_at(first_seen[key])[0]})",
                                "each field may appear once: merge or remove one of them")
            first_seen[key] = key_event
            if self._positions is not None:
                self._positions[1][path + (key,)] = _at(key_event)
            mapping[key] = self._node(self._next(), path + (key,), depth + 1)

    @staticmethod
    def _refuse_anchors(event: yaml.Event) -> None:
        tag = getattr(event, "tag", None)
        if event.anchor is None and (not tag or tag == "tag:yaml.org,2002:str"):
            return  # the usual case, checked without building a position
        line, col = _at(event)
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(line, col, "yaml-anchor", f"alias '*{event.anchor}' is not allowed",
                            "write the value out in full; anchors and aliases are refused")
        if event.anchor:
            raise YamlError(line, col, "yaml-anchor", f"anchor '&{event.anchor}' is not allowed",
                            "remove the anchor; anchors and aliases are refused")
        written = tag.replace("tag:yaml.org,2002:", "!!")  # as the editor typed it
        raise YamlError(line, col, "yaml-tag", f"explicit tag '{written}' is not allowed",
                        "remove the tag; write plain values")


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or event.tag:  # quoted, block or explicitly !!str: always text
        return value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if value[0] not in _NUMBER_START:  # most plain scalars are words: skip the number patterns
        return value
    if _INT.match(value) or _FLOAT.match(value):
        return _number(value, event)
    return value


def _number(text: str, event: yaml.ScalarEvent) -> int | float:
    """A number that means the same in YAML, JSON and JavaScript, else an error.

    Checked before conversion: Python refuses to read integers of more than 4,300 digits,
    and a float like 1e999 silently becomes infinity.
    """
    if _INT.match(text):
        digits = len(text.lstrip("+-").lstrip("0"))
        if digits <= MAX_DIGITS:
            return int(text)
        problem = f"a whole number of {digits} digits is too long"
    else:
        number = float(text)
        if math.isfinite(number):
            return number
        problem = f"the number {text[:20]}{'…' if len(text) > 20 else ''} is too large"
    line, col = _at(event)
    raise YamlError(line, col, "yaml-number", problem,
                    f"numbers have at most {MAX_DIGITS} digits; check the value against the source")
