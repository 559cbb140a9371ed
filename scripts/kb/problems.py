"""One problem found in the data, and the two ways we print problems."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass

MAX_SHOWN = 300  # characters of a message or hint; hostile input can make either huge


def printable(text: str, limit: int = MAX_SHOWN) -> str:
    """Text safe to print to a terminal or a CI log: control and bidi characters made visible
    (a file name or a YAML key can hold an escape sequence), and long text cut short."""
    text = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    rule: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_text(self) -> str:
        text = (f"{printable(self.path)}:{self.line}:{self.col}: {self.severity} [{self.rule}] "
                f"{printable(self.message)}")
        return f"{text} (hint: {printable(self.hint)})" if self.hint else text

    def as_github(self) -> str:
        # GitHub Actions workflow command: shows the problem on the pull request's diff.
        # Escaped as the runner expects, so that no file name or message can start a command.
        level = "error" if self.is_error else "warning"
        message = printable(self.message) + (f" Hint: {printable(self.hint)}" if self.hint else "")
        path = _github_escape(printable(self.path), properties=True)
        return (f"::{level} file={path},line={self.line},col={self.col},title={self.rule}::"
                f"{_github_escape(message)}")


def _github_escape(text: str, properties: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def format_problems(problems: list[Problem], fmt: str) -> str:
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps([asdict(p) | {"message": printable(p.message), "hint": printable(p.hint)}
                           for p in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.as_github() for p in ordered)
    return "\n".join(p.as_text() for p in ordered)


def summary_line(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{files} files checked: {errors} error(s), {warnings} warning(s)"
