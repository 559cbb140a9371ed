"""Data for others, published with the site under data/ (the Data page, data_page.py, lists it):
the whole dataset as JSON (with its schema), the summary of findings and the comparison table
as CSV (each with its Table Schema: findings_csv.py, comparison_csv.py) and a Data Package
describing both (datapackage.py), the references as BibTeX, CSL-JSON (csl.py) and RIS
(ris.py), the record schema; and for each record its YAML source, its page's citation in
CSL-JSON and RIS, and its evidence as a FHIR R5 Bundle (fhir.py).
Deterministic: the same evidence gives byte-identical files."""
from __future__ import annotations

import json
import weakref
from typing import Callable

from ..corpus import BIB_NAME, EVIDENCE_DIR, Corpus, Record
from ..repository import repository
from . import comparison_csv, csl, datapackage, fhir, findings_csv, ris
from .paths import DATA_DIR, cite_file, fhir_bundle, record_source

DATASET = "fertility-evidence.json"
SCHEMAS = ("record.schema.json", "dataset.schema.json")
REFERENCES_CSL, REFERENCES_RIS = f"{DATA_DIR}/references.json", f"{DATA_DIR}/references.ris"


def export_files(corpus: Corpus) -> dict[str, str | bytes]:
    """Every data file, by its path in the docs folder: text written from the corpus, or the
    bytes of a file published as it is."""
    root, site = corpus.root, repository(corpus.root).site
    files = {f"{DATA_DIR}/{DATASET}": dataset_bytes(corpus),
             findings_csv.CSV: findings_csv.findings_csv(corpus), findings_csv.SCHEMA: findings_csv.table_schema_json(root),
             comparison_csv.CSV: comparison_csv.comparison_csv(corpus),
             comparison_csv.SCHEMA: comparison_csv.table_schema_json(root),
             **_references_files(corpus)}
    files[datapackage.PATH] = datapackage.datapackage_json(files)
    for name in SCHEMAS:
        files[f"{DATA_DIR}/{name}"] = (root / "schema" / name).read_bytes()
    files[f"{DATA_DIR}/{BIB_NAME}"] = (root / EVIDENCE_DIR / BIB_NAME).read_bytes()
    for record in corpus.records:
        record_id = record.data["id"]
        files[record_source(record_id)] = record.text
        files[cite_file(record_id, "json")], files[cite_file(record_id, "ris")] = _once(
            record, "cite", site, lambda: _cite_files(record.data, site))
        files[fhir_bundle(record_id)] = _once(record, "fhir", corpus.references,
                                              lambda: fhir.bundle_json(record, corpus.references))
    return files


def _cite_files(data: dict, site: str) -> tuple[str, str]:
    """A record page's citation, in CSL-JSON and in RIS."""
    page = csl.page_item(data, site)
    return csl.csl_json([page]), ris.ris_entry(page)


_REFERENCES: list[tuple[dict, dict[str, str]]] = []  # the last bibliography, with its two files


def _references_files(corpus: Corpus) -> dict[str, str]:
    """references.json and references.ris, written again only when the references changed."""
    if not _REFERENCES or _REFERENCES[0][0] != corpus.references:
        items = csl.references_items(corpus.references)
        _REFERENCES[:] = [(corpus.references, {REFERENCES_CSL: csl.csl_json(items), REFERENCES_RIS: ris.ris(items)})]
    return _REFERENCES[0][1]


_PER_RECORD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _once(record: Record, name: str, depends_on, make: Callable):
    """What make() gives for a loaded record, made again only when what it depends_on besides the
    record changes (is no longer equal): kb serve writes the data after every edit, and an edit
    changes one record."""
    made = _PER_RECORD.setdefault(record, {})
    if name not in made or made[name][0] != depends_on:
        made[name] = (depends_on, make())
    return made[name][1]


def dataset_json(corpus: Corpus) -> str:
    return dataset_bytes(corpus).decode("utf-8")


def dataset_bytes(corpus: Corpus) -> bytes:
    """The whole dataset, as json.dumps(dataset, indent=1) writes it, in UTF-8: each record's
    part is encoded once per loaded record (indented JSON needs Python's slow encoder, ~2 ms a
    record, and kb serve would otherwise encode every record again after each edit)."""
    records = sorted(corpus.records, key=lambda r: r.data["id"])
    listed = b"[\n  " + b",\n  ".join(_record_json(r) for r in records) + b"\n ]" if records else b"[]"
    dataset = {
        "name": "Fertility Immunotherapy Evidence",
        "license": "CC BY 4.0",
        "record_schema": "record.schema.json",
        "records": None,  # a placeholder for `listed`: a JSON string cannot contain it unescaped
        "references": [{"key": ref.key, "type": ref.entry_type, "fields": dict(sorted(ref.fields.items()))}
                       for ref in sorted(corpus.references.values(), key=lambda r: r.key)],
    }
    head, tail = json.dumps(dataset, ensure_ascii=False, indent=1).encode("utf-8").split(b'"records": null', 1)
    return b"".join([head, b'"records": ', listed, tail, b"\n"])


_RECORD_JSON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _record_json(record: Record) -> bytes:
    """A record as it sits in the dataset: two levels deep (JSON strings hold no raw line break)."""
    if record not in _RECORD_JSON:
        _RECORD_JSON[record] = json.dumps(record.data, ensure_ascii=False, indent=1).replace("\n", "\n  ").encode()
    return _RECORD_JSON[record]
