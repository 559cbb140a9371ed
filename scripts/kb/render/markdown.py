"""Record and bibliography text, written into pages so that it can only ever be shown as text.

The Markdown subset of record prose is parsed by kb.prose; from it we write only our own tags
(<em>, <strong>, <a href="http(s)://..." rel="noopener noreferrer">) and text in which every
character that means something to HTML, to Markdown or to its extensions (attr_list's {: },
tables' |, admonitions, headings, lists) is a character reference. This holds whether or not
`kb validate` ran: the validator says what to fix, this makes sure nothing gets through.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote

from .. import prose as subset

_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]|#~"})
# What could start a block at the start of a line: a list item, a rule (---), a quote, an
# admonition (!!!), a setext underline. '#', '*', '|', '`' and '~' are always escaped.
_LINE_START = re.compile(r"[-+>!=:]|[0-9]+[.)](?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # \x02 and \x03 are Markdown's own placeholders


def text(value: str) -> str:
    """Any text shown as typed, on one line: names, aliases, bibliography fields."""
    return _guard_line_start(_characters(" ".join(value.split())))


def prose(value: str) -> str:
    """Record prose: paragraphs and lists, separated by blank lines."""
    parts = []
    for block in subset.blocks(value):
        if block.kind == "p":
            parts.append(_inline_html(block.items[0]))
        else:
            marker = "1." if block.kind == "ol" else "-"
            parts.append("\n".join(f"{marker} {_inline_html(item)}" for item in block.items))
    return "\n\n".join(parts)


def inline(value: str) -> str:
    """Record prose inside a line (a table cell, a list item, after a label): lists become bullets."""
    parts = []
    for block in subset.blocks(value):
        parts += [_inline_html(item) if block.kind == "p" else "• " + _inline_html(item) for item in block.items]
    return " ".join(parts)


cell = inline  # a table cell: one line, and '|' is already a character reference


def page_title(value: str) -> str:
    """A page title or navigation label: the theme prints these without escaping them."""
    return html.escape(_CONTROL.sub("", " ".join(value.split())), quote=True)


def attribute(value: str) -> str:
    """A value inside an HTML attribute we write ourselves (id="...")."""
    return html.escape(_CONTROL.sub("", value), quote=True)


def external_link(label_html: str, url: str) -> str:
    """A link to an http(s) address, or only its label if the address is anything else."""
    href = quote(url, safe=subset.URL_CHARACTERS)
    if not subset.SAFE_URL.fullmatch(href):
        return label_html
    return f'<a href="{html.escape(href)}" rel="noopener noreferrer">{label_html}</a>'


def _inline_html(value: str) -> str:
    return _guard_line_start(_spans_html(subset.spans(" ".join(value.split()))))


def _spans_html(spans) -> str:
    out = []
    for span in spans:
        if span.kind == "text":
            out.append(_characters(span.text))
        elif span.kind == "link":
            out.append(external_link(_spans_html(span.children), span.url))
        else:
            out.append(f"<{span.kind}>{_spans_html(span.children)}</{span.kind}>")
    return "".join(out)


def _characters(value: str) -> str:
    return _CONTROL.sub("\ufffd", value).translate(_ESCAPES)


def _guard_line_start(markdown: str) -> str:
    """Text that lands at the start of a line must not start a block ('- x', '1. x', '!!! x')."""
    match = _LINE_START.match(markdown)
    if not match:
        return markdown
    end = match.end() - 1  # the marker itself, or the '.' or ')' after a number
    return f"{markdown[:end]}&#{ord(markdown[end])};{markdown[end + 1:]}"


def indent(value: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in value.splitlines())


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
