"""`kb cite`: a BibTeX entry skeleton for a DOI or a PMID, with the fields left to copy from the
source. No network look-up is made: the editor copies every field exactly as the source shows it
(our rule for citations), and `kb validate` points at each required field still empty.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .bibliography import Reference
from .rules import DOI, PMID, REQUIRED_FIELDS

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
