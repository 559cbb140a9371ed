"""References as RIS, the tagged format EndNote, Zotero, Mendeley, Covidence and Rayyan import:
data/references.ris, and each record page's "cite this page" download. Written from the
CSL-JSON items (csl.py), so both formats always say the same.

An entry is lines of 'TG  - value' (two letters or a letter and a digit, two spaces, a hyphen,
a space), from TY to ER, with CRLF line ends as the format's specification has them.
"""
from __future__ import annotations

from .csl import written

# CSL item type -> RIS reference type.
TYPES = {"article-journal": "JOUR", "webpage": "ELEC", "report": "RPRT", "book": "BOOK", "chapter": "CHAP",
         "document": "GEN"}
# CSL variable -> RIS tag, for values copied as they are.
COPIED = (("title", "TI"), ("container-title", "T2"), ("volume", "VL"), ("issue", "IS"), ("number", "IS"),
          ("publisher", "PB"), ("DOI", "DO"), ("URL", "UR"), ("ISSN", "SN"), ("genre", "M3"), ("note", "N1"))
EOL = "\r\n"


def ris_entry(item: dict) -> str:
    lines = [("TY", TYPES.get(item["type"], "GEN"))]
    for person in item.get("author", []):
        lines.append(("AU", written(person)))
    for variable, tag in COPIED:
        if item.get(variable):
            lines.append((tag, str(item[variable])))
    if "page" in item:
        first, _, last = item["page"].partition("-")
        lines += [("SP", first)] + ([("EP", last)] if last else [])
    if "issued" in item:
        lines += _dates(item["issued"], year="PY", full="DA")
    if "accessed" in item:
        lines += _dates(item["accessed"], year=None, full="Y2")
    if item.get("PMID"):
        lines.append(("AN", f"PMID: {item['PMID']}"))  # PubMed's own RIS gives the PMID as the accession number
    lines += [("ID", item["id"]), ("ER", "")]
    # A value is one line: record text may hold line breaks, which would end the entry's field.
    return "".join(f"{tag}  - {' '.join(value.split())}{EOL}" for tag, value in lines)


def _dates(value: dict, year: str | None, full: str) -> list[tuple[str, str]]:
    """RIS dates: PY the year alone, DA (or Y2) as YYYY/MM/DD with the parts given."""
    if "date-parts" not in value:
        return [(full, value["literal"])]
    parts = value["date-parts"][0]
    dated = [(year, f"{parts[0]:04d}")] if year else []
    return dated + [(full, "/".join(f"{p:02d}" for p in parts))]


def ris(items: list[dict]) -> str:
    """Entries separated by a blank line, as reference managers write them."""
    return EOL.join(ris_entry(item) for item in items)
