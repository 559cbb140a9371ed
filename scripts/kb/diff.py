"""`kb diff <git-ref>`: what a change does to the knowledge base, in reviewers' terms.

The evidence folder at the ref is read out of git (no network, no checkout) into a temporary
folder and loaded with the same loader as the working tree; the two are compared field by field:
records added or removed, certainty, direction and verdicts changed, outcome rows, positions and
citations added or removed, references added, removed or edited. The result is Markdown, for a
terminal or a pull request's summary. Records may be invalid on either side: every field is
read defensively and what could not be loaded at all is listed, not guessed at.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from .corpus import EVIDENCE_DIR, MAX_FILE_BYTES, Corpus, load_corpus
from .render import labels
from .render.markdown import text as markdown_text
from .rules import citation_sites


class DiffError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


# ---- reading the evidence at a ref -------------------------------------------------------------

def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed", "install git to compare with another version") from None
    if done.returncode:
        raise DiffError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit a ref names, or a DiffError saying what is wrong."""
    if ref.startswith("-") or not ref.strip():
        raise DiffError(f"'{ref}' is not a git ref", "name a branch, tag or commit, e.g. main or origin/main")
    try:
        _git(root, "rev-parse", "--show-toplevel")
    except DiffError:
        raise DiffError(f"{root} is not in a git repository", "kb diff compares with a git ref: run it in a clone") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except DiffError:
        raise DiffError(f"'{ref}' is not a branch, tag or commit in this repository",
                        "check the name with `git branch -a`, or `git fetch` it first") from None


def corpus_at(root: Path, commit: str) -> Corpus:
    """Load the evidence/ folder as it was at a commit."""
    listing = _git(root, "ls-tree", "-r", "-z", "-l", commit, "--", f"{EVIDENCE_DIR}/")
    entries = []
    for line in filter(None, listing.split(b"\0")):
        meta, path = line.split(b"\t", 1)
        mode, kind, sha, size = meta.split()
        if kind == b"blob":
            entries.append((mode.decode(), sha.decode(), int(size), path.decode("utf-8", "replace")))
    with tempfile.TemporaryDirectory(prefix="kb-diff-") as tmp:
        where = Path(tmp)
        (where / EVIDENCE_DIR).mkdir()
        small = [(sha, path) for mode, sha, size, path in entries if mode != "120000" and size <= MAX_FILE_BYTES]
        contents = _blobs(root, [sha for sha, _ in small])
        for sha, path in small:
            _write(where, path, contents[sha])
        for mode, sha, size, path in entries:
            if mode == "120000":  # a symbolic link: written as one, so the loader refuses it as it would now
                _target(where, path).symlink_to("missing")
            elif size > MAX_FILE_BYTES:  # an empty file of that size: the loader reports it without reading it
                with _target(where, path).open("wb") as handle:
                    handle.truncate(size)
        return load_corpus(where)


def _blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Every blob's content from one `git cat-file --batch`."""
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents, at = {}, 0
    for sha in shas:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        contents[sha] = out[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1
    return contents


def _target(where: Path, path: str) -> Path:
    target = (where / path).resolve()
    if where.resolve() not in target.parents:
        raise DiffError(f"unexpected path in git: {path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _write(where: Path, path: str, content: bytes) -> None:
    _target(where, path).write_bytes(content)


# ---- comparing -----------------------------------------------------------------------------

def _get(data, *keys):
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _items(data, *keys) -> list[dict]:
    value = _get(data, *keys)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _outcome_rows(data) -> list[dict]:
    """Every outcome row, with its question's patient group and comparison folded in, so a row
    moved to another question reads as changed. The data may be invalid: nothing is assumed."""
    return [{"question": _text(question.get("population")), "comparison": question.get("comparison"), **row}
            for question in _items(data, "evidence", "questions") for row in _items(question, "outcomes")]


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else "none"


def _code(value) -> str:
    return "`" + _text(value).replace("`", "'") + "`"


def _words(value) -> str:
    return markdown_text(_text(value))


def _label(table: dict, value) -> str:
    return table.get(value, _text(value)) if isinstance(value, str) else _text(value)


def _arrow(what: str, old, new, table: dict | None = None) -> str | None:
    if old == new:
        return None
    show = (lambda v: _words(_label(table, v))) if table else _words
    return f"**{what}:** {show(old)} → {show(new)}"


def _row_key(row: dict) -> tuple:
    return tuple(_text(row.get(k)) for k in ("outcome", "question", "population", "comparison", "citation"))


def _row_label(row: dict) -> str:
    try:
        effect = labels.effect(row)
    except Exception:  # noqa: BLE001 - an invalid row is still shown, as written
        effect = f"{_text(row.get('measure'))} {_text(row.get('estimate'))}"
    certainty = _label(labels.CERTAINTY, row.get("certainty")).lower()
    return (f"{_words(row.get('outcome'))} ({_words(row.get('population'))}): {_words(effect)}, "
            f"{certainty} certainty [{_code(row.get('citation'))}]")


def _outcome_changes(old: list[dict], new: list[dict]) -> list[str]:
    # Unchanged rows cancel out; a row whose outcome, population, comparison and source stay the
    # same but whose numbers change is one edit, not a removal and an addition.
    same = Counter(map(_canonical, old)) & Counter(map(_canonical, new))
    gone, came = _minus(old, same), _minus(new, same)
    lines = []
    for row in list(came):
        match = next((o for o in gone if _row_key(o) == _row_key(row)), None)
        if match is None:
            continue
        gone.remove(match)
        came.remove(row)
        edits = "; ".join(f"{k} {_words(match.get(k))} → {_words(row.get(k))}"
                          for k in dict.fromkeys([*match, *row]) if match.get(k) != row.get(k))
        lines.append(f"**Outcome row changed:** {_row_label(row)}: {edits}")
    lines += [f"**Outcome row added:** {_row_label(r)}" for r in came]
    lines += [f"**Outcome row removed:** {_row_label(r)}" for r in gone]
    return lines


def _canonical(row: dict) -> str:
    try:
        return json.dumps(row, sort_keys=True, default=str)
    except TypeError:  # keys of mixed types cannot be sorted; such a row is compared as written
        return repr(row)


def _minus(rows: list[dict], same: Counter) -> list[dict]:
    left, kept = Counter(same), []
    for row in rows:
        if left[_canonical(row)]:
            left[_canonical(row)] -= 1
        else:
            kept.append(row)
    return kept


def _keyed(items: list[dict], *keys: str) -> dict:
    return {tuple(_text(i.get(k)) for k in keys): i for i in items}


def _claim_changes(old: dict, new: dict) -> list[str]:
    before, after = _keyed(_items(old, "claims"), "id"), _keyed(_items(new, "claims"), "id")
    lines = []
    for key, claim in after.items():
        verdict = _label(labels.VERDICT, claim.get("verdict"))
        if key not in before:
            lines.append(f"**Claim added:** {_code(key[0])} ({_words(verdict)}): {_words(claim.get('statement'))}")
            continue
        was = before[key]
        change = _arrow(f"Verdict on claim {_code(key[0])}", was.get("verdict"), claim.get("verdict"), labels.VERDICT)
        if change:
            lines.append(change)
        edited = [k for k in dict.fromkeys([*was, *claim]) if k != "verdict" and was.get(k) != claim.get(k)]
        if edited:
            lines.append(f"**Claim {_code(key[0])} edited:** {', '.join(map(_words, edited))}")
    lines += [f"**Claim removed:** {_code(key[0])}" for key in before if key not in after]
    return lines


def _position_changes(old: dict, new: dict) -> list[str]:
    # A body may hold several positions (one per document and patient group).
    before = _keyed(_items(old, "positions"), "body", "document", "populations")
    after = _keyed(_items(new, "positions"), "body", "document", "populations")
    lines = []
    for key, position in after.items():
        if key not in before:
            lines.append(f"**Position added:** {_words(key[0])}, "
                         f"{_words(_label(labels.STANCE, position.get('stance')))}")
        else:
            change = _arrow(f"{_words(key[0])} position", before[key].get("stance"), position.get("stance"), labels.STANCE)
            if change:
                lines.append(change)
    lines += [f"**Position removed:** {_words(key[0])}" for key in before if key not in after]
    return lines


def _population_changes(old: dict, new: dict) -> list[str]:
    before = _keyed(_items(old, "evidence", "by_population"), "population")
    after = _keyed(_items(new, "evidence", "by_population"), "population")
    lines = []
    for key in dict.fromkeys([*before, *after]):
        name = _label(labels.POPULATION, key[0])
        if key not in before:
            lines.append(f"**Population added:** {_words(name)}, "
                         f"{_words(_label(labels.CERTAINTY, after[key].get('certainty')))} certainty, "
                         f"{_words(_label(labels.DIRECTION, after[key].get('direction')))}")
        elif key not in after:
            lines.append(f"**Population removed:** {_words(name)}")
        else:
            for field, table in (("certainty", labels.CERTAINTY), ("direction", labels.DIRECTION)):
                change = _arrow(f"{_words(name)}: {field}", before[key].get(field), after[key].get(field), table)
                if change:
                    lines.append(change)
    return lines


def _citations(data: dict) -> set[str]:
    try:
        return {key for _, key in citation_sites(data) if isinstance(key, str)}
    except (TypeError, AttributeError):
        return set()


# Fields whose changes are spelled out above; any other edited field is named in "Also edited".
SPELLED_OUT = {"id", "name", "claims", "positions", "evidence.certainty", "evidence.direction",
               "evidence.questions", "evidence.by_population", "review.status", "review.last_reviewed"}


def _other_edits(old: dict, new: dict) -> list[str]:
    edited = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            edited += [f"{key}.{k}" for k in dict.fromkeys([*a, *b])
                       if a.get(k) != b.get(k) and f"{key}.{k}" not in SPELLED_OUT]
        elif a != b and key not in SPELLED_OUT:
            edited.append(str(key))
    return edited


def record_changes(old: dict, new: dict) -> list[str]:
    lines = [
        _arrow("Name", old.get("name"), new.get("name")),
        _arrow("Certainty (live birth)", _get(old, "evidence", "certainty"), _get(new, "evidence", "certainty"),
               labels.CERTAINTY),
        _arrow("Direction", _get(old, "evidence", "direction"), _get(new, "evidence", "direction"), labels.DIRECTION),
        *_population_changes(old, new),
        *_claim_changes(old, new),
        *_outcome_changes(_outcome_rows(old), _outcome_rows(new)),
        *_position_changes(old, new),
    ]
    cited, was_cited = _citations(new), _citations(old)
    if cited - was_cited:
        lines.append("**Citations added:** " + ", ".join(map(_code, sorted(cited - was_cited))))
    if was_cited - cited:
        lines.append("**Citations removed:** " + ", ".join(map(_code, sorted(was_cited - cited))))
    lines += [_arrow("Review status", _get(old, "review", "status"), _get(new, "review", "status")),
              _arrow("Last reviewed", _get(old, "review", "last_reviewed"), _get(new, "review", "last_reviewed"))]
    edited = _other_edits(old, new)
    if edited:
        lines.append("**Also edited:** " + ", ".join(map(_words, edited)))
    return [line for line in lines if line]


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _summary_of(data: dict) -> str:
    return (f"{_words(_label(labels.KIND, data.get('kind'))).lower()}, "
            f"{_words(_get(data, 'review', 'status'))}; certainty "
            f"{_words(_label(labels.CERTAINTY, _get(data, 'evidence', 'certainty'))).lower()}, "
            f"{_words(_label(labels.DIRECTION, _get(data, 'evidence', 'direction'))).lower()}; "
            f"{_count(len(_outcome_rows(data)), 'outcome row')}, "
            f"{_count(len(_items(data, 'claims')), 'claim')}, {_count(len(_citations(data)), 'source')} cited")


def _reference_changes(old: Corpus, new: Corpus) -> list[str]:
    lines = []
    for key, ref in sorted(new.references.items()):
        was = old.references.get(key)
        if was is None:
            lines.append(f"**Reference added:** {_code(key)}: {_words(ref.get('title'))} ({_words(ref.get('year'))})")
        elif (was.entry_type, was.fields) != (ref.entry_type, ref.fields):
            fields = [k for k in dict.fromkeys([*was.fields, *ref.fields]) if was.get(k) != ref.get(k)]
            lines.append(f"**Reference edited:** {_code(key)}: {', '.join(map(_words, fields)) or 'entry type'}")
    lines += [f"**Reference removed:** {_code(key)}" for key in sorted(old.references) if key not in new.references]
    return lines


def _records(corpus: Corpus) -> dict[str, dict]:
    return {record.stem: record.data for record in corpus.records}


def _name(data: dict, stem: str) -> str:
    return f"{_words(data.get('name') or stem)} ({_code(stem)})"


def report(old: Corpus, new: Corpus, ref: str, commit: str) -> str:
    before, after = _records(old), _records(new)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after) - new.unloaded_ids)
    changed = {stem: record_changes(before[stem], after[stem]) for stem in sorted(set(before) & set(after))}
    changed = {stem: lines for stem, lines in changed.items() if lines}
    references = _reference_changes(old, new)
    parts = ["## What this change does to the knowledge base",
             f"Compared with {_code(ref)} ({_code(commit[:10])}): {_count(len(added), 'record')} added, "
             f"{len(removed)} removed, {len(changed)} changed; {_count(len(references), 'reference change')}."]
    if added:
        parts.append("### Records added\n\n" + "\n".join(
            f"- {_name(after[s], s)}: {_summary_of(after[s])}" for s in added))
    if removed:
        parts.append("### Records removed\n\n" + "\n".join(f"- {_name(before[s], s)}" for s in removed))
    for stem, lines in changed.items():
        parts.append(f"### {_name(after[stem], stem)}\n\n" + "\n".join(f"- {line}" for line in lines))
    if references:
        parts.append("### Bibliography\n\n" + "\n".join(f"- {line}" for line in references))
    for corpus, when in ((old, f"at {_code(ref)}"), (new, "in this change")):
        if corpus.problems:
            shown = "\n".join(p.as_text().replace("```", "'''") for p in sorted(corpus.problems))
            parts.append(f"### Files that could not be read {when}\n\n"
                         "They are left out of the comparison above.\n\n```\n" + shown + "\n```")
    if not (added or removed or changed or references):
        parts.append("No record or reference changed.")
    return "\n\n".join(parts) + "\n"
