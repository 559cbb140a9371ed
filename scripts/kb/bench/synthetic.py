"""Synthetic corpora of any size, cloned from the real records so they validate and render like them.

Record k of N is a copy of real record k mod R (R real records) in generation g = k // R.
Generation 0 is the real records themselves; a later generation gets new ids, names and
aliases (suffixed " s<g>", so every name stays unique), and its `related` lists and its
claims' `concerns` point at the same generation's copies (a claim about several records keeps
an id of its own per generation). Citations keep their real keys, so they all resolve against the real
references.bib, and the text, claims and outcome tables keep their real sizes.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .. import yamlload
from ..corpus import BIB_NAME, EVIDENCE_DIR, record_paths

PROJECT_PARTS = ("schema", "content", "overrides", "mkdocs.yml")
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter when PyYAML has it


def real_records(source: Path) -> list[dict]:
    return [yamlload.load(path.read_text(encoding="utf-8")) for path in record_paths(source)]


def clone(data: dict, generation: int, existing: set[str]) -> dict:
    """A copy of a record for one generation; related ids that do not exist at this N are dropped."""
    if generation == 0:
        copy = dict(data)
    else:
        suffix = f"s{generation}"
        copy = dict(data, id=f"{data['id']}-{suffix}", name=f"{data['name']} {suffix}",
                    aliases=[f"{alias} {suffix}" for alias in data["aliases"]])
    copy["related"] = [rid for rid in (_in_generation(r, generation) for r in data["related"]) if rid in existing]
    if any("concerns" in claim for claim in data["claims"]):
        copy["claims"] = [_clone_claim(claim, generation, existing) for claim in data["claims"]]
    return copy


def _clone_claim(claim: dict, generation: int, existing: set[str]) -> dict:
    if "concerns" not in claim:
        return claim
    copy = {key: value for key, value in claim.items() if key != "concerns"}
    copy["id"] = _in_generation(claim["id"], generation)  # shown on other pages: unique in the corpus
    concerns = [rid for rid in (_in_generation(r, generation) for r in claim["concerns"]) if rid in existing]
    return {**copy, "concerns": concerns} if concerns else copy


def _in_generation(record_id: str, generation: int) -> str:
    return record_id if generation == 0 else f"{record_id}-s{generation}"


def synthetic_records(real: list[dict], n: int) -> list[dict]:
    ids = [_in_generation(real[k % len(real)]["id"], k // len(real)) for k in range(n)]
    existing = set(ids)
    return [clone(real[k % len(real)], k // len(real), existing) for k in range(n)]


def dump_record(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def record_texts(real: list[dict], n: int):
    """(id, YAML text) of each synthetic record.

    A record's YAML is the concatenation of its top-level fields, so each real record's
    unchanged fields are written once and reused by every copy: 10,000 records take seconds.
    """
    fields = [{key: dump_record({key: value}) for key, value in data.items()} for data in real]
    for k, copy in enumerate(synthetic_records(real, n)):
        source, written = real[k % len(real)], fields[k % len(real)]
        yield copy["id"], "".join(written[key] if copy[key] is source[key] else dump_record({key: copy[key]})
                                  for key in copy)


def copy_project(source: Path, target: Path) -> Path:
    """The project's schema, pages and site configuration, without evidence/."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        else:
            shutil.copy2(source / part, target / part)
    return target


def make_corpus(source: Path, target: Path, n: int) -> Path:
    """A copy of the project at `source` with n records in evidence/; returns target."""
    copy_project(source, target)
    evidence = target / EVIDENCE_DIR
    evidence.mkdir()
    shutil.copy2(source / EVIDENCE_DIR / BIB_NAME, evidence / BIB_NAME)
    for record_id, text in record_texts(real_records(source), n):
        (evidence / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    return target
