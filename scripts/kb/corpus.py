"""Load: read every record under evidence/ and the bibliography, refusing unsafe input.

Nothing here judges content; it only turns files into data, or into problems that name
the file, line and column.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import yamlload
from .bibliography import Reference, parse_bibliography
from .problems import Problem

EVIDENCE_DIR = "evidence"
BIB_NAME = "references.bib"
RECORD_SUFFIXES = (".yaml", ".yml")
GLOSSARY_PATH = "content/glossary.yaml"
FIELD_REFERENCE_PATH = "content/field-reference.md"  # written from the schema by `kb docs`
MAX_FILE_BYTES = 1_000_000  # the largest real record is ~30 kB; refuse bombs before parsing


@dataclass(eq=False)  # records are compared by identity: equal copies are still two files
class Record:
    path: str  # as shown to editors: relative to the project root, with forward slashes
    text: str
    data: Any
    stamp: tuple = ()  # the file's (mtime, size) when read: kb serve re-reads only what changed

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    @property
    def id(self) -> str:
        return self.data.get("id", "") if isinstance(self.data, dict) else ""

    @cached_property
    def _positions(self):
        return yamlload.value_positions(self.text)

    def locate(self, json_path: tuple, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at json_path (or of its key), else its nearest parent."""
        values, keys = self._positions
        if key and tuple(json_path) in keys:
            return keys[tuple(json_path)]
        path = tuple(json_path)
        while path not in values and path:
            path = path[:-1]
        return values.get(path, (1, 1))

    def locate_text(self, json_path: tuple, snippet: str, at: int = 0) -> tuple[int, int]:
        """Line and column of some characters found `at` an offset inside a text value, where
        they appear as written (not across a folded line or a \\ escape); else of the value.

        YAML only ever adds to a text in the file (indentation, quotes, escapes), never
        shortens it, so the characters are at least `at` characters after the value's start.
        """
        line, col = self.locate(json_path)
        start = yamlload.offset_of(self.text, line, col) + at
        value = self._value_at(json_path)
        window = len(value) * 2 + 200 if isinstance(value, str) else 200
        found = self.text.find(snippet, start, start + window)
        return yamlload.line_col(self.text, found) if found >= 0 else (line, col)

    def _value_at(self, json_path: tuple):
        value = self.data
        try:
            for part in json_path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
        return value


@dataclass
class Corpus:
    root: Path
    records: list[Record] = field(default_factory=list)
    references: dict[str, Reference] = field(default_factory=dict)
    bib_path: str = f"{EVIDENCE_DIR}/{BIB_NAME}"
    problems: list[Problem] = field(default_factory=list)  # what could not even be loaded
    files_read: int = 0
    # What failed to load is reported once, where it failed; rules use these to avoid
    # blaming its consequences elsewhere ("related record does not exist", "key not in bib").
    unloaded_ids: set[str] = field(default_factory=set)
    broken_reference_keys: set[str] = field(default_factory=set)
    bibliography_loaded: bool = False
    glossary: Record | None = None  # content/glossary.yaml: terms shown as tooltips and on their own page
    bib_stamp: tuple = ()
    # `kb validate x.yaml`: only the records at these paths are checked. The others in records
    # are summaries of valid records (id, name, aliases, claim ids) from record_index.py, for cross-checks.
    scope: set[str] | None = None

    @property
    def complete(self) -> bool:
        """Every file loaded: corpus-wide judgements (like unused references) are safe."""
        return (not self.unloaded_ids and self.bibliography_loaded and not self.broken_reference_keys
                and self.scope is None)

    @cached_property
    def record_ids(self) -> set[str]:
        """Ids of the loaded records (read after loading is complete; rules ask once per record)."""
        return {r.id for r in self.records if r.id}

    @cached_property
    def concerned_ids(self) -> set[str]:
        """Ids that a claim stored in another record names in its concerns: those records' pages
        show the claim. Read from whatever loaded, checked against the schema or not."""
        found = set()
        for record in self.records:
            claims = record.data.get("claims") if isinstance(record.data, dict) else None
            for claim in claims if isinstance(claims, list) else []:
                concerns = claim.get("concerns") if isinstance(claim, dict) else None
                if isinstance(concerns, list):
                    found.update(other for other in concerns if isinstance(other, str) and other != record.id)
        return found


def record_paths(root: Path) -> list[Path]:
    return list_evidence(root)[0]


def list_evidence(root: Path) -> tuple[list[Path], list[Path]]:
    """(record files, everything else) under evidence/, references.bib aside.

    Anything named like a record is returned as one, even a folder or a link, so that reading
    it reports what it really is. Links are never followed: a record is a file in the pull request.
    """
    evidence = root / EVIDENCE_DIR
    records, strays = [], []
    for folder, dirs, files in os.walk(evidence):
        here = Path(folder)
        for name in sorted(dirs + files):
            path = here / name
            if name.endswith(RECORD_SUFFIXES):
                records.append(path)
            elif path != evidence / BIB_NAME and (name in files or path.is_symlink()):
                strays.append(path)
        # A folder named like a record or the bibliography is refused when read, not walked.
        dirs[:] = sorted(d for d in dirs if not d.endswith(RECORD_SUFFIXES) and here / d != evidence / BIB_NAME)
    return sorted(records), sorted(strays)


def load_corpus(root: Path, earlier: Corpus | None = None) -> Corpus:
    """Read the corpus; files unchanged since `earlier` was loaded are taken from it, not re-read."""
    corpus = Corpus(root=root)
    if not (root / EVIDENCE_DIR).is_dir():
        corpus.problems.append(Problem(EVIDENCE_DIR, 1, 1, "error", "layout",
                                       "no evidence/ folder here", "run kb from the project root or pass --root"))
        return corpus
    known = {record.path: record for record in earlier.records} if earlier else {}
    records, strays = list_evidence(root)
    for path in strays:
        corpus.problems.append(_stray(root, path))
    for path in records:
        _load_record(corpus, path, known)
    _load_bibliography(corpus, root / EVIDENCE_DIR / BIB_NAME, earlier)
    _load_glossary(corpus, root / GLOSSARY_PATH)
    return corpus


def file_stamp(path: Path) -> tuple:
    """Modification time and size: tells an edited file from an unchanged one without reading it."""
    try:
        info = path.lstat()
    except OSError:
        return ()
    return info.st_mtime_ns, info.st_size


def _display(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _stray(root: Path, path: Path) -> Problem:
    """A file that is neither a record nor the bibliography would silently be left out: say so."""
    shown = _display(root, path)
    if path.is_symlink():
        return Problem(shown, 1, 1, "error", "file-type", "is a symbolic link",
                       "evidence/ holds only records and references.bib, as files")
    if path.suffix.lower() in RECORD_SUFFIXES:
        return Problem(shown, 1, 1, "error", "file-type", "is not read: record files end in lower-case .yaml",
                       f"rename it to {path.stem}.yaml")
    return Problem(shown, 1, 1, "error", "file-type", "is neither a record (.yaml) nor the bibliography",
                   "evidence/ holds only records and references.bib; move this file out")


def _read_source(corpus: Corpus, path: Path) -> str | None:
    """Read one file as UTF-8 text, or record why it cannot be read and return None.

    Never reads more than MAX_FILE_BYTES + 1 bytes, whatever the file claims to be, and never
    follows a link or waits on a pipe.
    """
    shown = _display(corpus.root, path)
    corpus.files_read += 1

    def refuse(rule: str, message: str, hint: str, line: int = 1, col: int = 1) -> None:
        corpus.problems.append(Problem(shown, line, col, "error", rule, message, hint))

    if path.is_symlink():
        return refuse("file-type", "is a symbolic link", "replace the link with the file itself")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return refuse("file-read", f"cannot be read: {exc.strerror}", "check that it is an ordinary, readable file")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return refuse("file-type", f"is {kind}", "replace it with an ordinary text file")
    try:
        with open(fd, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return refuse("file-read", f"cannot be read: {exc.strerror}", "check that it is an ordinary, readable file")
    if len(raw) > MAX_FILE_BYTES:
        return refuse("file-size", f"is {max(info.st_size, len(raw)):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                      "a record is a few kilobytes: check that this is the right file")
    try:
        return yamlload.decode(raw)
    except yamlload.YamlError as exc:
        return refuse(exc.rule, exc.message, exc.hint, exc.line, exc.col)


def _load_record(corpus: Corpus, path: Path, known: dict[str, Record]) -> None:
    shown = _display(corpus.root, path)
    stamp = file_stamp(path)
    if shown in known and stamp and known[shown].stamp == stamp:
        corpus.files_read += 1
        corpus.records.append(known[shown])
        return
    text = _read_source(corpus, path)
    if text is None:
        corpus.unloaded_ids.add(path.stem)
        return
    try:
        data = yamlload.load(text)
    except yamlload.YamlError as exc:
        corpus.problems.append(Problem(shown, exc.line, exc.col, "error", exc.rule, exc.message, exc.hint))
        corpus.unloaded_ids.add(path.stem)
        return
    if not isinstance(data, dict):
        found = "empty" if data is None else ("a list" if isinstance(data, list) else "a single value")
        corpus.problems.append(Problem(
            shown, 1, 1, "error", "record-shape", f"a record must be a mapping of fields, but the file is {found}",
            "a record starts 'id: <its-id>' on its own line, then 'kind:', 'name:' and the other fields; "
            "see evidence/intralipid.yaml for a complete example"))
        corpus.unloaded_ids.add(path.stem)
        return
    corpus.records.append(Record(path=shown, text=text, data=data, stamp=stamp))


def _load_bibliography(corpus: Corpus, path: Path, earlier: Corpus | None) -> None:
    if not path.exists():
        corpus.problems.append(Problem(corpus.bib_path, 1, 1, "error", "bibtex-missing",
                                       "the bibliography is missing", f"create {corpus.bib_path}"))
        return
    stamp = file_stamp(path)
    if earlier and earlier.bibliography_loaded and stamp and earlier.bib_stamp == stamp:
        corpus.files_read += 1
        corpus.references, corpus.bib_stamp = earlier.references, stamp
        corpus.bibliography_loaded, corpus.broken_reference_keys = True, earlier.broken_reference_keys
        corpus.problems.extend(p for p in earlier.problems if p.path == corpus.bib_path)
        return
    text = _read_source(corpus, path)
    if text is None:
        return
    references, failures = parse_bibliography(text)
    corpus.problems.extend(
        Problem(corpus.bib_path, f.line, 1, "error", f.rule, f.message, f.hint) for f in failures)
    if references is None:
        return  # reported above; its entries cannot be known, so no citation is judged
    corpus.references, corpus.bib_stamp = references, stamp
    corpus.bibliography_loaded = True
    corpus.broken_reference_keys = {f.key for f in failures if f.key}


def _load_glossary(corpus: Corpus, path: Path) -> None:
    if not path.exists():
        return
    text = _read_source(corpus, path)
    if text is None:
        return
    try:
        data = yamlload.load(text)
    except yamlload.YamlError as exc:
        corpus.problems.append(Problem(GLOSSARY_PATH, exc.line, exc.col, "error", exc.rule, exc.message, exc.hint))
        return
    corpus.glossary = Record(path=GLOSSARY_PATH, text=text, data=data)
