"""The comparison table as open data: data/comparison.csv, one line per record (the rows of the
Compare all page, comparison.py), and data/comparison.schema.json, its Frictionless Table Schema."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..corpus import Corpus
from . import labels, table_schemas
from .comparison import comparison_rows
from .findings_csv import spreadsheet_safe
from .paths import DATA_DIR

CSV = f"{DATA_DIR}/comparison.csv"
SCHEMA = f"{DATA_DIR}/comparison.schema.json"
IN_WORDS = "Written in words, as on the site:"
STANCES = ("The body's positions on the add-on, in words, separated by '; ' (one for each stance it has taken, "
           "for any patient group). Empty when no position of the body is recorded.")
FIELDS = {
    "id": ("string", "properties/id", {"note": "Its page and YAML source are named after it."}),
    "name": ("string", "properties/name", {}),
    "kind": ("string", "properties/kind", {}),
    "certainty": ("string", "$defs/evidence/properties/certainty", {
        "title": "Certainty (live birth)", "enum": list(labels.CERTAINTY.values()),
        "note": f"For live birth. {IN_WORDS} {', '.join(labels.CERTAINTY.values())}."}),
    "direction": ("string", "$defs/evidence/properties/direction", {
        "enum": list(labels.DIRECTION.values()), "note": f"{IN_WORDS} {', '.join(labels.DIRECTION.values())}."}),
    "eshre": ("string", None, {"title": "ESHRE", "description": STANCES}),
    "hfea": ("string", None, {"title": "HFEA", "description": STANCES}),
    "populations": ("string", "properties/populations", {"enum": None, "note": "In words, separated by '; '."}),
    "sources": ("integer", None, {
        "title": "Sources",
        "description": "How many distinct sources the record cites as evidence (the sources of the claims it "
                       "checks are not counted)."}),
}
REQUIRED = ("id", "name", "kind", "certainty", "direction", "sources")
DESCRIPTION = ("One line per record of Fertility Immunotherapy Evidence, in name order: the certainty of the "
               "evidence on live birth, what it shows, the positions of ESHRE and the HFEA, the patient groups and "
               "the number of sources. Content licence CC BY 4.0. A text cell that would start with = + - or @ "
               "starts with an apostrophe, so that spreadsheet programs do not run it as a formula.")


def comparison_csv(corpus: Corpus) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in comparison_rows(corpus):
        writer.writerow([spreadsheet_safe(str(v)) for v in (
            row["id"], row["name"], row["kind"], labels.CERTAINTY[row["certainty"]],
            labels.DIRECTION[row["direction"]], row["eshre"], row["hfea"], "; ".join(row["populations"]),
            row["sources"])])
    return buffer.getvalue()


def table_schema(record_schema: dict) -> dict:
    return table_schemas.table_schema(record_schema, FIELDS, REQUIRED, "Compare all records", DESCRIPTION)


def table_schema_json(root: Path) -> str:
    return table_schemas.schema_json(table_schema(table_schemas.record_schema(root)))
