"""`kb review-due`: records whose last full review is older than N months, oldest first.

Prints a Markdown list (the body of the issue a scheduled workflow opens) and nothing when no
record is due, so a script can test for empty output.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .corpus import Corpus
from .render.markdown import text as markdown_text

DEFAULT_MONTHS = 24


@dataclass
class Due:
    path: str
    name: str
    last_reviewed: dt.date | None  # None: missing or not a date, so due now
    reviewers: list[str]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month, `months` earlier (the month's last day when it has fewer days)."""
    import calendar  # here: kb validate imports this module for DEFAULT_MONTHS, and keeps start-up short

    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_records(corpus: Corpus, months: int, today: dt.date) -> list[Due]:
    cutoff = months_before(today, months)
    due = []
    for record in corpus.records:
        review = record.data.get("review")
        review = review if isinstance(review, dict) else {}
        try:
            last = dt.date.fromisoformat(review.get("last_reviewed"))
        except (TypeError, ValueError):
            last = None
        if last is None or last < cutoff:
            reviewers = review.get("reviewers")
            reviewers = [str(r) for r in reviewers] if isinstance(reviewers, list) else []
            due.append(Due(record.path, str(record.data.get("name") or record.stem), last, reviewers))
    return sorted(due, key=lambda d: (d.last_reviewed or dt.date.min, d.path))


def report(due: list[Due], months: int, today: dt.date) -> str:
    lines = [
        f"{len(due)} {'record was' if len(due) == 1 else 'records were'} last reviewed more than "
        f"{months} months ago (before {months_before(today, months).isoformat()}). Each needs a full "
        "review against its sources and any newer studies; see CONTRIBUTING.md, 'How review works'.",
        "",
        "| Record | File | Last reviewed | Reviewers |",
        "|---|---|---|---|",
    ]
    for item in due:
        when = item.last_reviewed.isoformat() if item.last_reviewed else "missing or not a date"
        who = ", ".join(item.reviewers) or "none named"
        path = item.path.replace("`", "'")
        lines.append(f"| {_cell(item.name)} | `{path}` | {when} | {_cell(who)} |")
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return markdown_text(value)  # one line, and the table's | escaped too
