"""What record text may contain: plain text and a small Markdown subset, defined here only.

The subset; nothing else has a meaning:

    *emphasis* or _emphasis_          **strong** or __strong__
    [link text](https://example.org/page)       links to http:// or https:// addresses only
    - an item  (or * an item)         1. an item
                                      lists: one item per line, so write the field in YAML's
                                      | style, which keeps line breaks
    a blank line                      starts a new paragraph

Everything else is text and is shown exactly as typed: '<', '#', '`' or '|' is a character,
never markup. Records come from people we do not know, so there are two defences:
`issues` finds what looks like an attempt at more (raw HTML, other links, images, attribute
lists, character references, invisible characters) for `kb validate` (rule prose-markup), and
the renderer (kb.render.markdown) builds pages from `blocks` and `spans`, escaping all other
text, so that even unchecked text cannot become markup.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import islice
from typing import Iterator

# An http(s) address: a host, an optional port, then only characters that need no quoting
# anywhere (no quotes, spaces, angle brackets, backslashes or parentheses). No user@ part,
# which makes https://trusted.example@elsewhere.example look like the wrong site.
SAFE_URL = re.compile(r"(?i:https?)://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
                      r"(?:[/?#][A-Za-z0-9\-._~%!$&*+,;=:@/?#]*)?")
URL_CHARACTERS = "-._~%!$&*+,;=:@/?#"  # besides letters and digits; what SAFE_URL allows after the host

_LINK = re.compile(r"\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]*)\)")
# For checking: any address, even one with (balanced) parentheses. Possessive, so linear.
_LINK_LIKE = re.compile(r"\[(?P<label>[^\[\]\n]*)\]\((?P<url>(?:[^()\s]++|\([^()\s]*+\))*+)\)")
_INLINE = re.compile(
    _LINK.pattern
    + r"|\*\*(?P<strong>(?=\S)[^*]+?(?<=\S))\*\*"
    + r"|(?<!\w)__(?P<strong2>(?=\S)[^_]+?(?<=\S))__(?!\w)"
    + r"|\*(?P<em>(?=\S)[^*]+?(?<=\S))\*"
    + r"|(?<!\w)_(?P<em2>(?=\S)[^_]+?(?<=\S))_(?!\w)")
_ITEM = re.compile(r"[ \t]*(?:(?P<bullet>[-*+])|(?P<number>[0-9]{1,9})[.)])[ \t]+(?=\S)")


@dataclass(frozen=True)
class Span:
    kind: str  # "text", "em", "strong" or "link"
    text: str = ""  # for "text"
    children: tuple["Span", ...] = ()  # for the others
    url: str = ""  # for "link"


@dataclass(frozen=True)
class Block:
    kind: str  # "p" (one paragraph), "ul" or "ol"
    items: tuple[str, ...]  # the paragraph's text, or each list item's text


def blocks(text: str) -> list[Block]:
    """Paragraphs and lists. Lines of a paragraph are joined; a line starting '- ' or '1. '
    starts a list item, and a line after it without a marker continues that item."""
    found: list[Block] = []
    kind, items = "", []

    def close():
        if items:
            found.append(Block(kind, tuple(" ".join(item.split()) for item in items)))

    for line in re.split(r"\r\n|\r|\n", text):
        item = _ITEM.match(line)
        if not line.strip():
            close()
            kind, items = "", []
        elif item:
            item_kind = "ol" if item.group("number") else "ul"
            if kind != item_kind:
                close()
                kind, items = item_kind, []
            items.append(line[item.end():])
        elif kind in ("ul", "ol"):
            items[-1] += " " + line
        else:
            kind = "p"
            items = [items[0] + " " + line] if items else [line]
    close()
    return found


def spans(text: str, links: bool = True) -> list[Span]:
    """Inline text as plain text, emphasis, strong and links. A link to anything but an
    http(s) address, or inside a link's text, stays plain text."""
    found: list[Span] = []
    at = 0
    for match in _INLINE.finditer(text):
        if match.group("label") and not (links and SAFE_URL.fullmatch(match.group("url"))):
            continue  # not a link we make: its characters are text
        if match.start() > at:
            found.append(Span("text", text[at:match.start()]))
        if match.group("label"):
            found.append(Span("link", children=tuple(spans(match.group("label"), links=False)),
                              url=match.group("url")))
        else:
            strong = match.group("strong") or match.group("strong2")
            inner = strong or match.group("em") or match.group("em2")
            found.append(Span("strong" if strong else "em", children=tuple(spans(inner, links))))
        at = match.end()
    if at < len(text):
        found.append(Span("text", text[at:]))
    return _merge_text(found)


def _merge_text(found: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in found:
        if merged and span.kind == merged[-1].kind == "text":
            merged[-1] = Span("text", merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


# ---- what kb validate refuses ----------------------------------------------------------

@dataclass(frozen=True)
class Issue:
    offset: int  # where in the text
    found: str  # the offending characters, as written: used to point at them in the file
    message: str
    hint: str


_HINT_LINK = "write [link text](https://...) with the full address; percent-encode spaces and brackets (%20, %28, %29)"
_CHECKS = [
    (re.compile(r"<(?i:https?://)[^>\s]*>?"), "a link in angle brackets is not allowed", _HINT_LINK),
    (re.compile(r"<[A-Za-z!?/][^<>\n]{0,40}>?"), "raw HTML is not allowed",
     "write plain text; in a comparison put a space after '<' (p < 0.05)"),
    (re.compile(r"!\[[^\[\]\n]*\](?:\([^()\s]*\))?|!\["), "images are not allowed",
     "link to the page that shows the image instead"),
    (re.compile(r"\]\["), "reference-style links are not allowed", _HINT_LINK),
    (re.compile(r"^[ \t]*\[[^\]\n]+\]:", re.M), "link definitions are not allowed", _HINT_LINK),
    (re.compile(r"\{[^{}\n]*\}"), "curly braces are not allowed: the site reads {...} as attributes",
     "use round brackets ( ) instead"),
    (re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"), "HTML character references are not allowed",
     "type the character itself"),
]


MAX_ISSUES = 20  # per text: enough to fix, and a hostile text cannot make millions


# Every check above needs one of these characters (or an invisible one): most text has none.
_MARKUP_CHARACTER = re.compile(r"[<\[\]{&]")


def issues(text: str) -> list[Issue]:
    """Everything in the text that is neither plain text nor the subset, in order."""
    if not _MARKUP_CHARACTER.search(text) and text.replace("\n", "").replace("\t", "").isprintable():
        return []  # the common case, decided at C speed
    found = [Issue(m.start(), m.group(), f"{message}: '{_excerpt(m.group())}'", hint)
             for pattern, message, hint in _CHECKS for m in islice(pattern.finditer(text), MAX_ISSUES)]
    found += islice(_link_issues(text), MAX_ISSUES)
    found += islice(_invisible_issues(text), MAX_ISSUES)
    found.sort(key=lambda issue: issue.offset)
    # One report per place: '<https://x>' is an angle-bracket link, not also raw HTML.
    return [issue for i, issue in enumerate(found) if i == 0 or issue.offset != found[i - 1].offset][:MAX_ISSUES]


def _link_issues(text: str) -> Iterator[Issue]:
    well_formed = set()  # where the '](' of each [text](address) is
    for match in _LINK_LIKE.finditer(text):
        well_formed.add(match.end("label"))
        if text[match.start() - 1:match.start()] == "!":
            continue  # an image: reported as one
        url, label = match.group("url"), match.group("label")
        if not SAFE_URL.fullmatch(url):
            message = (f"link to '{_excerpt(url)}' is not allowed: links go to http:// or https:// addresses only"
                       if url else "link without an address")
            yield Issue(match.start("url"), url or match.group(), message, _HINT_LINK)
        elif not label.strip():
            yield Issue(match.start(), match.group(), "link without text", _HINT_LINK)
    for match in re.finditer(r"\]\(", text):
        if match.start() not in well_formed:
            after = text[match.start():match.start() + 40]
            yield Issue(match.start(), after, f"link not written [text](https://address): '{_excerpt(after)}'",
                        _HINT_LINK)


def _invisible_issues(text: str) -> Iterator[Issue]:
    if text.replace("\n", "").replace("\t", "").isprintable():
        return  # the common case, checked at C speed
    for match in _NOT_PLAIN_ASCII.finditer(text):
        if _invisible(match.group()):
            yield Issue(match.start(), match.group(), f"invisible character U+{ord(match.group()):04X} is not allowed",
                        "delete it: it often comes with text pasted from a PDF or a web page")


_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e\n\t]")


def _invisible(char: str) -> bool:
    return char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")


def _excerpt(text: str, limit: int = 40) -> str:
    shown = "".join(c for c in text[:limit] if not _invisible(c))
    return shown if len(text) <= limit else shown[: limit - 1] + "…"
