"""What `kb validate evidence/x.yaml` needs from the records it is not asked about.

The cross-checks of one record need of the others only their ids, names and aliases (for
related-exists, concerns-exists, alias-unique and record-id-unique), their claims' ids and
concerns (for shared-claim-id-unique), and whether they load and pass the schema.
Those facts are kept in .build/record-index.json with each file's size and modification time,
so validating one file reads that file, the bibliography and the index, and re-reads only the
records changed since the index was written (all of them when the schema has changed).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .corpus import (BIB_NAME, EVIDENCE_DIR, Corpus, Record, _load_bibliography, _load_record, file_stamp,
                     record_paths)
from .schema import schema_problems, schema_stamp

INDEX = Path(".build") / "record-index.json"
SUMMARY = ("id", "name", "aliases", "claims")  # what the cross-checks read of a record they are not asked about
VERSION = 2


def load_scoped(root: Path, wanted: set[str]) -> Corpus:
    """The wanted records in full, every other record by its index entry, and the bibliography."""
    corpus = Corpus(root=root, scope=wanted)
    schema = list(schema_stamp(root))
    index = _read(root / INDEX, schema)
    entries = {}
    for path in record_paths(root):
        shown = path.relative_to(root).as_posix()
        if shown in wanted:
            _load_record(corpus, path, {})
            if shown in index:
                entries[shown] = index[shown]  # kept as it was: checked by its stamp next time
            continue
        stamp = list(file_stamp(path))
        entry = index.get(shown)
        if not isinstance(entry, dict) or entry.get("stamp") != stamp:
            entry = _summarise(root, path, stamp)
        entries[shown] = entry
        if entry["valid"]:
            corpus.records.append(Record(shown, "", {key: entry[key] for key in SUMMARY}))
        else:
            corpus.unloaded_ids.add(path.stem)  # reported when that file is validated, not here
    _load_bibliography(corpus, root / EVIDENCE_DIR / BIB_NAME, None)
    if entries != index:
        _write(root / INDEX, schema, entries)
    return corpus


def _summarise(root: Path, path: Path, stamp: list) -> dict:
    scratch = Corpus(root=root)
    _load_record(scratch, path, {})
    if not scratch.records or schema_problems(scratch.records[0], root):
        return {"stamp": stamp, "valid": False}
    data = scratch.records[0].data
    claims = [{"id": claim["id"], **({"concerns": claim["concerns"]} if "concerns" in claim else {})}
              for claim in data["claims"]]
    return {"stamp": stamp, "valid": True, "id": data["id"], "name": data["name"], "aliases": data["aliases"],
            "claims": claims}


def _read(path: Path, schema: list) -> dict:
    """The index's entries, or none if it is missing, unreadable, or made under another schema."""
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict) or index.get("version") != VERSION or index.get("schema") != schema:
        return {}
    entries = index.get("records")
    if not isinstance(entries, dict):
        return {}
    return {path: entry for path, entry in entries.items() if _well_formed(entry)}


def _well_formed(entry) -> bool:
    # The index is our own file, but it sits in the working tree: trust only what has the shape.
    if not isinstance(entry, dict) or not isinstance(entry.get("stamp"), list) or not isinstance(entry.get("valid"), bool):
        return False
    return not entry["valid"] or (isinstance(entry.get("id"), str) and isinstance(entry.get("name"), str)
                                  and _texts(entry.get("aliases")) and isinstance(entry.get("claims"), list)
                                  and all(_claim_summary(claim) for claim in entry["claims"]))


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _claim_summary(claim) -> bool:
    return (isinstance(claim, dict) and isinstance(claim.get("id"), str) and claim.keys() <= {"id", "concerns"}
            and ("concerns" not in claim or _texts(claim["concerns"])))


def _write(path: Path, schema: list, entries: dict) -> None:
    """Write the index whole, or not at all: a cache must never be the reason validation fails."""
    try:
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(path.name + f".{os.getpid()}")
        temporary.write_text(json.dumps({"version": VERSION, "schema": schema, "records": entries}), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
