"""Check: the schema first, then every cross-check rule; collect every problem, never raise."""
from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field

from .corpus import Corpus, Record
from .problems import Problem
from .rules import RULES, Finding, Rule
from .schema import schema_problems, schema_stamp


@dataclass
class CheckMemo:
    """What each record's own checks found, kept by kb serve from one rebuild to the next.

    A record's checks depend on the record, the schema, the references and the set of record
    ids (and today's date); while those stay the same, an unchanged record is not checked again.
    """
    context: tuple = ()
    found: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)


def check_corpus(corpus: Corpus, memo: CheckMemo | None = None) -> list[Problem]:
    problems = list(corpus.problems)
    if memo is not None and memo.context != _context(corpus):
        memo.context, memo.found = _context(corpus), weakref.WeakKeyDictionary()
    valid: list[Record] = []
    for record in corpus.records:
        if corpus.scope is not None and record.path not in corpus.scope:
            valid.append(record)  # a record index summary: it passed the schema when indexed
            continue
        if memo is None:
            found, schema_ok = _check_record(record, corpus)
        else:
            if record not in memo.found:
                memo.found[record] = _check_record(record, corpus)
            found, schema_ok = memo.found[record]
        problems.extend(found)
        if schema_ok:
            valid.append(record)
    for rule in RULES:
        if rule.scope == "corpus":
            problems.extend(_guarded(rule, corpus, None, (corpus, valid)))
        elif rule.scope == "reference":
            problems.extend(p for ref in corpus.references.values() for p in _guarded(rule, corpus, None, (ref,)))
    return sorted(set(problems))


def _check_record(record: Record, corpus: Corpus) -> tuple[list[Problem], bool]:
    """The schema, then every record rule: even on a record the schema refused, so one schema
    error does not hide a typo'd citation in the same file."""
    found = schema_problems(record, corpus.root)
    trusted = not found
    for rule in RULES:
        if rule.scope == "record":
            found += _guarded(rule, corpus, record, (record, corpus), trusted=trusted)
    return found, trusted


def _context(corpus: Corpus) -> tuple:
    return (schema_stamp(corpus.root), corpus.bib_stamp, corpus.bibliography_loaded,
            frozenset(corpus.broken_reference_keys), frozenset(corpus.record_ids),
            frozenset(corpus.unloaded_ids), dt.date.today())


def _guarded(rule: Rule, corpus: Corpus, record: Record | None, args, trusted: bool = True) -> list[Problem]:
    """Run one rule; a rule that crashes is an error to report, not a traceback.

    On a record that failed the schema (not trusted), a rule may meet a field of the wrong
    shape; the schema error already says what to fix, so the rule's findings are dropped.
    """
    try:
        return [_locate(f, rule.id, corpus, record) for f in rule.check(*args)]
    except Exception as exc:  # noqa: BLE001 - any bug in a rule must surface as a problem
        if not trusted:
            return []
        where = record.path if record else corpus.bib_path
        return [Problem(where, 1, 1, "error", rule.id, f"the check itself failed ({type(exc).__name__}: {exc})",
                        "please report this as a bug in kb")]


def _locate(finding: Finding, rule_id: str, corpus: Corpus, record: Record | None) -> Problem:
    if finding.reference is not None:
        ref = finding.reference
        line = ref.line_of(finding.field) if finding.field else ref.line
        return Problem(corpus.bib_path, line, 1, finding.severity, rule_id, finding.message, finding.hint)
    record = finding.record or record
    line, col = record.locate(finding.path, key=finding.on_key)
    return Problem(record.path, line, col, finding.severity, rule_id, finding.message, finding.hint)
