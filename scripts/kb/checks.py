"""Check: the schema first, then every cross-check rule; collect every problem, never raise."""
from __future__ import annotations

import datetime as dt
import weakref
from collections import Counter
from dataclasses import dataclass, field

from .corpus import Corpus, Record
from .problems import Problem
from .rules import RULES, Finding, Rule
from .schema import GLOSSARY_SCHEMA_PATH, schema_problems, schema_stamp


@dataclass
class RecordCheck:
    """What a record's own checks found: the schema, then every record rule."""
    problems: list[Problem]
    schema_ok: bool
    places: set[tuple[str, int, int]]  # where the schema found a problem


@dataclass
class CheckMemo:
    """What each record's own checks found, kept by kb serve from one rebuild to the next.

    A record's checks depend on the record, the schema, the references, the set of record ids
    and the ids that other records' claims concern (and today's date); while those stay the same, an unchanged record is not checked again,
    and the bibliography's own checks are not run again.
    """
    context: tuple = ()
    found: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)
    references: list[Problem] | None = None


def check_corpus(corpus: Corpus, memo: CheckMemo | None = None) -> list[Problem]:
    problems = list(corpus.problems)
    if memo is not None and memo.context != _context(corpus):
        memo.context, memo.found, memo.references = _context(corpus), weakref.WeakKeyDictionary(), None
    valid: list[Record] = []
    reported: set[tuple[str, int, int]] = set()
    for record in corpus.records:
        if corpus.scope is not None and record.path not in corpus.scope:
            valid.append(record)  # a record index summary: it passed the schema when indexed
            continue
        if memo is None:
            checked = _check_record(record, corpus)
        else:
            if record not in memo.found:
                memo.found[record] = _check_record(record, corpus)
            checked = memo.found[record]
        problems.extend(checked.problems)
        reported |= checked.places
        if checked.schema_ok:
            valid.append(record)
    for rule in RULES:
        if rule.scope == "corpus":
            problems.extend(p for p in _guarded(rule, corpus, None, (corpus, valid))
                            if (p.path, p.line, p.col) not in reported)
    problems.extend(_reference_problems(corpus, memo))
    if corpus.glossary is not None:
        problems.extend(schema_problems(corpus.glossary, corpus.root, GLOSSARY_SCHEMA_PATH))
    return _at_most_per_file(sorted(set(problems)))


def _reference_problems(corpus: Corpus, memo: CheckMemo | None) -> list[Problem]:
    if memo is not None and memo.references is not None:
        return memo.references
    found = [p for rule in RULES if rule.scope == "reference"
             for ref in corpus.references.values() for p in _guarded(rule, corpus, None, (ref,))]
    if memo is not None:
        memo.references = found
    return found


def _check_record(record: Record, corpus: Corpus) -> RecordCheck:
    """The schema, then every record rule: even on a record the schema refused, so one schema
    error does not hide a typo'd citation in the same file. One problem per place: where the
    schema has spoken (claims: {} is not a list), a rule's view of the same value (claims is
    empty) is a consequence, not news."""
    found = schema_problems(record, corpus.root)
    places = {(p.path, p.line, p.col) for p in found}
    trusted = not found
    for rule in RULES:
        if rule.scope == "record":
            for problem in _guarded(rule, corpus, record, (record, corpus), trusted=trusted):
                place = (problem.path, problem.line, problem.col)
                if place not in places:
                    found.append(problem)
                elif rule.explains_schema:  # says what the schema's error there means
                    found = [p for p in found if (p.path, p.line, p.col) != place or p.rule != "schema"]
                    found.append(problem)
    return RecordCheck(found, trusted, places)


def _context(corpus: Corpus) -> tuple:
    return (schema_stamp(corpus.root), corpus.bib_stamp, corpus.bibliography_loaded,
            frozenset(corpus.broken_reference_keys), frozenset(corpus.record_ids),
            frozenset(corpus.unloaded_ids), frozenset(corpus.concerned_ids), dt.date.today())


MAX_PER_FILE = 500


def _at_most_per_file(problems: list[Problem]) -> list[Problem]:
    """A file with hundreds of problems is the wrong file or a hostile one: show the first ones
    and say how many more there are, rather than flood the terminal."""
    shown: list[Problem] = []
    hidden: dict[str, list[Problem]] = {}
    counts: Counter[str] = Counter()
    for problem in problems:
        counts[problem.path] += 1
        if counts[problem.path] <= MAX_PER_FILE:
            shown.append(problem)
        else:
            hidden.setdefault(problem.path, []).append(problem)
    for path, rest in hidden.items():
        errors = sum(p.is_error for p in rest)
        first = rest[0]
        shown.append(Problem(path, first.line, first.col, "error" if errors else "warning", "too-many-problems",
                             f"{len(rest)} more problems in this file are not shown", "fix the ones above first"))
    return sorted(shown)


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
    if finding.snippet:
        line, col = record.locate_text(finding.path, finding.snippet, finding.snippet_at)
    else:
        line, col = record.locate(finding.path, key=finding.on_key)
    return Problem(record.path, line, col, finding.severity, rule_id, finding.message, finding.hint)
