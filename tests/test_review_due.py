"""kb review-due: records whose last full review is older than N months, for a scheduled issue."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURES
from kb.corpus import load_corpus
from kb.review_due import due_records, months_before

VALID = FIXTURES / "valid" / "two-records" / "evidence"  # both records last reviewed 2024-01-05


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 11, 20), 24, dt.date(2024, 11, 20)),
    (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)),
    (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2026, 5, 31), 12, dt.date(2025, 5, 31)),
])
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def set_review(root, name, date):
    path = root / "evidence" / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('last_reviewed: "2024-01-05"', f"last_reviewed: {date}"), encoding="utf-8")


def test_a_record_is_due_once_its_review_is_older_than_the_interval(project):
    root = project(VALID)
    set_review(root, "beta-test.yaml", '"2024-01-06"')
    corpus = load_corpus(root)
    names = lambda today, months: [d.name for d in due_records(corpus, months, today)]  # noqa: E731
    assert names(dt.date(2026, 1, 5), 24) == []
    assert names(dt.date(2026, 1, 6), 24) == ["Alpha infusion"]
    assert names(dt.date(2026, 1, 7), 24) == ["Alpha infusion", "Beta test"]  # oldest first
    assert names(dt.date(2024, 2, 7), 1) == ["Alpha infusion", "Beta test"]


def test_a_record_with_no_valid_date_is_due(project):
    root = project(VALID)
    set_review(root, "beta-test.yaml", '"2024-02-30"')
    due = due_records(load_corpus(root), 24, dt.date(2024, 2, 1))
    assert [(d.name, d.last_reviewed) for d in due] == [("Beta test", None)]


def test_lists_records_due_as_a_markdown_table_for_the_issue(project, kb):
    code, out, err = kb("review-due", root=project(VALID))  # today is long after 2024-01-05 + 24 months
    assert code == 0
    assert out.startswith("2 records were last reviewed more than 24 months ago (before ")
    assert "| Record | File | Last reviewed | Reviewers |" in out
    assert "| Alpha infusion | `evidence/alpha-infusion.yaml` | 2024-01-05 | tester |" in out
    assert "| Beta test | `evidence/beta-test.yaml` | 2024-01-05 | none named |" in out
    assert "2 of 2 records due for review" in err


def test_prints_nothing_when_no_record_is_due(project, kb):
    code, out, err = kb("review-due", "--months", "1200", root=project(VALID))
    assert (code, out) == (0, "")
    assert "0 of 2 records due for review (last reviewed more than 1200 months ago)" in err


@pytest.mark.parametrize("months", ["0", "-3", "two", "1.5"])
def test_months_must_be_a_whole_number_from_one(months, project, kb):
    code, out, _ = kb("review-due", "--months", months, root=project(VALID))
    assert (code, out) == (2, "")
