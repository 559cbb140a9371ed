"""Turning record text into Markdown safely.

Record prose may use a small Markdown subset (emphasis, links, lists); HTML is never passed
through: <, > and & become entities, so a <script> in a record is shown, not run.
"""
from __future__ import annotations

import re
from urllib.parse import quote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|])")  # characters that would turn into markup


def prose(text: str) -> str:
    """Record prose: Markdown subset kept, HTML neutralised."""
    return text.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(text: str) -> str:
    """Prose inside a table cell: one line, pipes escaped."""
    return " ".join(prose(text).split()).replace("|", "\\|")


def plain(text: str) -> str:
    """Text shown literally (bibliography fields): every Markdown character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


def link(label: str, url: str) -> str:
    # Parentheses and spaces would end a Markdown link target early; percent-encode them.
    return f"[{label}]({quote(url, safe=':/?#=&%~+@,;')})"


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.splitlines())


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
