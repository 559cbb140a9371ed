"""One problem found in the data, and the two ways we print problems."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass


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
        text = f"{self.path}:{self.line}:{self.col}: {self.severity} [{self.rule}] {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def as_github(self) -> str:
        # GitHub Actions workflow command: shows the problem on the pull request's diff.
        level = "error" if self.is_error else "warning"
        message = self.message + (f" Hint: {self.hint}" if self.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line},col={self.col},title={self.rule}::{message}"


def format_problems(problems: list[Problem], fmt: str) -> str:
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.as_github() for p in ordered)
    return "\n".join(p.as_text() for p in ordered)


def summary_line(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{files} files checked: {errors} error(s), {warnings} warning(s)"
