"""`kb cite`: a BibTeX entry for a DOI or a PMID. With the network, the source is looked up
(Crossref for a DOI, PubMed for a PMID: kb.sources) and every field is written as the service
gives it, for the editor to check against the source; without it (or with --offline), a skeleton
with the fields left to copy from the source, and `kb validate` points at each one still empty.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from .bibliography import Reference, first_surname
from .rules import DOI, KEY, PMID, REQUIRED_FIELDS
from .sources import Source

# Filled in when the source gives them; the required fields come from rules.REQUIRED_FIELDS.
USEFUL_FIELDS = {
    "article": ("volume", "number", "pages"),
    "online": ("organization", "year"),
    "misc": ("year",),
    "report": ("institution",),
    "techreport": ("institution",),
    "book": ("publisher",),
    "incollection": ("publisher", "pages"),
}
_DOI_ADDRESS = re.compile(r"(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*", re.IGNORECASE)
_PUBMED_ADDRESS = re.compile(
    r"(?:https?://)?(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)/?\Z|pmid:?\s*",
    re.IGNORECASE)


class CiteError(ValueError):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi" or "pmid"
    value: str

    @property
    def address(self) -> str:
        if self.kind == "doi":
            return f"https://doi.org/{self.value}"
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.value}/"

    @property
    def label(self) -> str:
        return "DOI" if self.kind == "doi" else "PMID"


def parse_identifier(text: str) -> Identifier:
    """A DOI (10.xxxx/..., doi:..., a doi.org address) or a PMID (digits, PMID:..., a PubMed address)."""
    text = text.strip()
    pubmed = _PUBMED_ADDRESS.match(text)
    if pubmed:
        text = pubmed.group(1) or text[pubmed.end():].strip()
        if not PMID.match(text):
            raise CiteError(f"'{text}' is not a PMID", "a PMID is digits only, e.g. 36472596")
    if PMID.match(text):
        return Identifier("pmid", text)
    doi = unquote(_DOI_ADDRESS.sub("", text, count=1)) if _DOI_ADDRESS.match(text) else text
    if DOI.match(doi):
        if any(c in doi for c in "{}\\"):
            raise CiteError(f"DOI '{doi}' has a brace or backslash, which BibTeX cannot hold",
                            "check the DOI against the source")
        return Identifier("doi", doi)
    raise CiteError(f"'{text}' is neither a DOI nor a PMID",
                    "a DOI looks like 10.1001/jama.2022.20438 or https://doi.org/10.1001/jama.2022.20438; "
                    "a PMID is digits only, e.g. 36472596")


def propose_key(identifier: Identifier) -> str:
    """A key that is unique and valid at once; the editor may rename it to surnameYEAR."""
    if identifier.kind == "pmid":
        return f"pmid{identifier.value}"
    suffix = identifier.value.split("/", 1)[1]
    return "doi_" + re.sub(r"[^a-z0-9]+", "_", suffix.lower()).strip("_")[:40]


def already_cited(identifier: Identifier, references: dict[str, Reference]) -> Reference | None:
    for ref in references.values():
        if ref.get(identifier.kind).casefold() == identifier.value.casefold():
            return ref
    return None


def skeleton(identifier: Identifier, key: str, entry_type: str = "article") -> str:
    """The entry, with the identifier filled in and every other field empty, to copy in."""
    other = "pmid" if identifier.kind == "doi" else "doi"
    names = ("author", *REQUIRED_FIELDS[entry_type], *USEFUL_FIELDS[entry_type], identifier.kind, other)
    names = tuple(dict.fromkeys(names))  # a field listed twice is written once
    width = max(map(len, names))
    lines = [f"@{entry_type}{{{key},"]
    for name in names:
        value = identifier.value if name == identifier.kind else ""
        lines.append(f"  {name.ljust(width)} = {{{value}}},")
    return "\n".join(lines + ["}"])


def guidance(identifier: Identifier, key: str, entry_type: str) -> str:
    """What to do with the skeleton, for the terminal (stderr), so stdout can be appended as it is."""
    required = ", ".join(REQUIRED_FIELDS[entry_type])
    return "\n".join([
        f"kb: a @{entry_type} skeleton for {identifier.label} {identifier.value} (kb cite makes no look-up).",
        f"  1. Open the source: {identifier.address}",
        f"  2. Copy each field exactly as the source shows it; required for @{entry_type}: {required}.",
        "     Authors as 'Surname, Initials and Surname, Initials'. Delete the lines the source does not give.",
        "  3. Add it to evidence/references.bib, with the key you will cite (the first author's surname",
        "     and the year is our habit), for example:",
        f"       kb cite {identifier.value} --key {key} >> evidence/references.bib",
        "     then cite the key in a record and run kb validate: it points at every required field still empty.",
    ])


def entry(source: Source, key: str) -> str:
    """The complete entry for a looked-up source; a value BibTeX cannot hold as it is (a brace
    or a backslash) is left empty, to be copied by hand."""
    names = tuple(source.fields)
    width = max(map(len, names))
    lines = [f"@{source.entry_type}{{{key},"]
    for name in names:
        value = source.fields[name]
        value = "" if any(c in value for c in "{}\\") and not _one_group(value) else value
        lines.append(f"  {name.ljust(width)} = {{{value}}},")
    return "\n".join(lines + ["}"])


def _one_group(value: str) -> bool:
    """A collective author, which we write in braces: {ERA-RCT Study Group}."""
    return all(part.startswith("{") and part.endswith("}") and "\\" not in part
               and part.count("{") == part.count("}") == 1 for part in value.split(" and ")
               if "{" in part or "}" in part)


def key_for(source: Source, taken) -> str:
    """Our habit for keys: the first author's surname and the year (smith2019), unique."""
    surname = unicodedata.normalize("NFKD", first_surname(source.fields.get("author", ""))).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z]", "", surname) + source.fields.get("year", "")
    if not stem or not KEY.match(stem):
        return ""
    for suffix in ("", *"bcdefghijklmnopqrstuvwxyz"):
        if stem + suffix not in taken:
            return stem + suffix
    return ""


def found_guidance(identifier: Identifier, source: Source, key: str) -> str:
    """What to do with a looked-up entry, for the terminal (stderr)."""
    required = REQUIRED_FIELDS.get(source.entry_type, ())
    missing = [name for name in required if name not in source.fields]
    lines = [f"kb: {source.service} gave this entry for {identifier.label} {identifier.value}.",
             f"  1. Check each field against the source ({identifier.address}); fix what it shows differently.",
             "  2. Add it to evidence/references.bib, for example:",
             f"       kb cite {identifier.value} --key {key} >> evidence/references.bib"]
    if missing:
        lines.insert(2, f"     {source.service} gave no {', '.join(missing)}: copy it from the source.")
    return "\n".join(lines)
