"""Numbers as the record's editor typed them from the source.

YAML reads `1.20` as the float 1.2, but a source's decimals are part of what it reports: a
table that says it copies "1.20 (0.90 to 1.61)" must not print "1.2 (0.9 to 1.61)". The text is
read back from the record file at the value's position, and used only if it is a plain decimal
that means the same number; otherwise (exponents, a leading '+' or '.') the number is written
as the shortest plain decimal that equals it.
"""
from __future__ import annotations

import re
import weakref
from decimal import Decimal

from .corpus import Record

_TOKEN = re.compile(r"[-+.0-9eE_]+")
_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_STARTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def plain(value: int | float) -> str:
    """The shortest plain decimal equal to value: 1.2 -> '1.2', 1e-05 -> '0.00001' (never an exponent)."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def as_written(record: Record, path: tuple) -> str:
    """The number at path in the record, with the decimals it was typed with ('1.20')."""
    value = _value_at(record.data, path)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"no number at {path!r}")
    if isinstance(value, int):
        return str(value)
    line, col = record.locate(path)
    starts = _line_starts(record)
    offset = starts[line - 1] + col - 1 if 0 < line <= len(starts) else -1
    match = _TOKEN.match(record.text, offset) if offset >= 0 else None
    token = match.group() if match else ""
    if _PLAIN.fullmatch(token) and float(token) == value:
        return token
    return plain(value)


def _value_at(data, path: tuple):
    for step in path:
        data = data[step]
    return data


def _line_starts(record: Record) -> list[int]:
    """Offsets at which each line of the record's text starts (LF, CRLF and CR breaks, as the loader counts them)."""
    if record not in _LINE_STARTS:
        _LINE_STARTS[record] = [0] + [m.end() for m in _BREAK.finditer(record.text)]
    return _LINE_STARTS[record]

