"""Data for others, published with the site under data/: the whole dataset as JSON (with its
schema), the summary of findings as CSV (with its table schema, findings_csv.py), the
comparison table as CSV, the BibTeX file, the record schema, and each record's YAML source.
Deterministic: the same evidence gives byte-identical files."""
from __future__ import annotations

import csv
import io
import json
import weakref
from pathlib import Path

from ..corpus import BIB_NAME, EVIDENCE_DIR, Corpus, Record
from . import labels
from .comparison import comparison_rows
from .paths import DATA_DIR, record_source
from .findings_csv import CSV as SOF_CSV, SCHEMA as SOF_SCHEMA, findings_csv, spreadsheet_safe, table_schema_json

DATASET = "fertility-evidence.json"
SCHEMAS = ("record.schema.json", "dataset.schema.json")


def write_exports(corpus: Corpus, docs: Path) -> list[Path]:
    return [_write(docs / path, content) for path, content in export_files(corpus).items()]


def export_files(corpus: Corpus) -> dict[str, str | bytes]:
    """Every data file, by its path in the docs folder: text written from the corpus, or the
    bytes of a file published as it is."""
    files = {f"{DATA_DIR}/{DATASET}": dataset_bytes(corpus), f"{DATA_DIR}/comparison.csv": comparison_csv(corpus),
             SOF_CSV: findings_csv(corpus), SOF_SCHEMA: table_schema_json(corpus.root)}
    for name in SCHEMAS:
        files[f"{DATA_DIR}/{name}"] = (corpus.root / "schema" / name).read_bytes()
    files[f"{DATA_DIR}/{BIB_NAME}"] = (corpus.root / EVIDENCE_DIR / BIB_NAME).read_bytes()
    for record in corpus.records:
        files[record_source(record.data["id"])] = record.text
    return files


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


CSV_COLUMNS = ["id", "name", "kind", "certainty", "direction", "eshre", "hfea", "populations", "sources"]


def comparison_csv(corpus: Corpus) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in comparison_rows(corpus):
        writer.writerow([spreadsheet_safe(str(v)) for v in (
            row["id"], row["name"], row["kind"], labels.CERTAINTY[row["certainty"]],
            labels.DIRECTION[row["direction"]], row["eshre"], row["hfea"], "; ".join(row["populations"]),
            row["sources"])])
    return buffer.getvalue()


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
