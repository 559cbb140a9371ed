"""data/datapackage.json: a Frictionless Data Package describing the published tables (the
summary of findings and the comparison), so data catalogues and the frictionless tools can read
and check them. Each table's columns are described by its Table Schema, published beside it
(findings_csv.py, comparison_csv.py); the package gives each file's size and SHA-256 hash."""
from __future__ import annotations

import hashlib
import json
import posixpath

from . import comparison_csv, findings_csv
from .paths import DATA_DIR

PATH = f"{DATA_DIR}/datapackage.json"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"  # the content's licence, CC BY 4.0
LICENCE = {"name": "CC-BY-4.0", "path": LICENCE_URL, "title": "Creative Commons Attribution 4.0"}
# (resource name, the CSV, its Table Schema, title)
TABLES = (("summary-of-findings", findings_csv.CSV, findings_csv.SCHEMA, "Summary of findings"),
          ("comparison", comparison_csv.CSV, comparison_csv.SCHEMA, "Compare all records"))


def datapackage_json(files: dict[str, str | bytes]) -> str:
    """files: every published file by its path in the docs folder (exports.export_files)."""
    resources = []
    for name, csv, schema, title in TABLES:
        content = _bytes(files[csv])
        resources.append({
            "name": name, "type": "table", "title": title, "path": _here(csv), "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(content),
            "hash": "sha256:" + hashlib.sha256(content).hexdigest(), "schema": _here(schema),
            "description": json.loads(files[schema])["description"]})
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "fertility-immunotherapy-evidence",
        "title": "Fertility Immunotherapy Evidence",
        "description": "What the best studies found about immune and endometrial add-ons offered with IVF and "
                       "after repeated miscarriage, with GRADE certainty, as tables.",
        "licenses": [LICENCE],
        "resources": resources,
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def _here(path: str) -> str:
    """A path relative to the package, which sits in the data folder with the files it describes."""
    return posixpath.relpath(path, DATA_DIR)


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content
