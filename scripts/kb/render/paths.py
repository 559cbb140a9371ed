"""Where each generated file lives in the docs folder (and so in the site)."""
from __future__ import annotations

from . import labels

DATA_DIR = "data"


def page_url(record_data: dict) -> str:
    """Path of a record's page inside the docs folder."""
    return f"{labels.KIND_FOLDER[record_data['kind']]}/{record_data['id']}.md"


def record_source(record_id: str) -> str:
    """Path of a record's published YAML source."""
    return f"{DATA_DIR}/records/{record_id}.yaml"


def up_from(docs_path: str) -> str:
    """The relative prefix that leads from a page back to the docs root."""
    return "../" * docs_path.count("/")


def cite_file(record_id: str, extension: str) -> str:
    """Path of a record page's citation for reference managers: .ris or .json (CSL-JSON)."""
    return f"{DATA_DIR}/cite/{record_id}.{extension}"


def fhir_bundle(record_id: str) -> str:
    """Path of a record's FHIR Bundle of Evidence and Citation resources."""
    return f"{DATA_DIR}/fhir/{record_id}.json"


# Each record's own downloads (its YAML source, its page's citation, its FHIR Bundle): four files a
# record, which the site engine would list and check on every rebuild under kb serve (a third of a
# rename's time at 1,000 records, BENCHMARKS.md). They go straight into the built site after the
# engine, and the pages link to them in lists filled in after it too (fills.py).
_RECORD_FOLDERS = (f"{DATA_DIR}/records/", f"{DATA_DIR}/cite/", f"{DATA_DIR}/fhir/")


def split_by_engine(paths) -> tuple[list[str], list[str]]:
    """Published files' paths split in two: those written into the docs folder for the engine,
    and the records' own downloads, written into the built site after it."""
    docs, site = [], []
    for path in paths:
        (site if path.startswith(_RECORD_FOLDERS) else docs).append(path)
    return docs, site
