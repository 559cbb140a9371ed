"""What the registries say of a source: Crossref's REST API for a DOI (`/works/{doi}`), PubMed's
E-utilities for a PMID (`esummary`, JSON). Used by `kb cite` to write a complete entry and by
`kb check-references` to compare the bibliography with them.

Every request has a short timeout and no retry: without the network, both commands say so and
go on without it (kb cite prints the skeleton to fill in by hand; kb check-references checks
nothing). Tests replace `http_get` with recorded responses; no test uses the network.
"""
from __future__ import annotations

import json
import re
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

TIMEOUT_SECONDS = 5
CROSSREF = "https://api.crossref.org/works/"
ESUMMARY = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi?db=pubmed&retmode=json&id="
USER_AGENT = "fertility-immunotherapy-evidence-kb (kb cite; kb check-references)"
PMIDS_PER_REQUEST = 100  # esummary takes a list of ids: one request for many entries


class Unreachable(Exception):
    """The service could not be asked (no network, a timeout, a server error)."""


class NotFound(Exception):
    """The service answered, and does not know the identifier."""


@dataclass
class Source:
    """A source as a service describes it, as BibTeX fields in the order we write them."""
    service: str  # "Crossref" or "PubMed"
    entry_type: str
    fields: dict[str, str]
    years: set[str] = field(default_factory=set)  # print, online, issue: any may be the one cited
    journals: set[str] = field(default_factory=set)  # the full and abbreviated titles


def http_get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - https only
            return response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise NotFound(url) from None
        raise Unreachable(f"HTTP {exc.code}") from None
    except (OSError, ValueError) as exc:  # URLError, timeouts, resets
        raise Unreachable(str(getattr(exc, "reason", exc))) from None


def crossref(doi: str) -> Source:
    """Crossref's record of a DOI (GET /works/{doi})."""
    data = _json(http_get(CROSSREF + urllib.parse.quote(doi, safe="/")))
    return from_crossref(data.get("message") or {})


def pubmed(pmids: list[str]) -> dict[str, Source]:
    """PubMed's summaries of PMIDs, by PMID (GET esummary, a batch at a time); unknown ones left out."""
    found = {}
    for start in range(0, len(pmids), PMIDS_PER_REQUEST):
        batch = pmids[start:start + PMIDS_PER_REQUEST]
        result = _json(http_get(ESUMMARY + ",".join(batch))).get("result") or {}
        for pmid in batch:
            summary = result.get(pmid)
            if isinstance(summary, dict) and "error" not in summary and summary.get("title"):
                found[pmid] = from_esummary(summary)
    return found


def look_up(kind: str, value: str) -> Source:
    """One source by its DOI (Crossref) or PMID (PubMed)."""
    if kind == "doi":
        return crossref(value)
    found = pubmed([value]).get(value)
    if found is None:
        raise NotFound(value)
    return found


def _json(raw: bytes) -> dict:
    try:
        data = json.loads(raw)
    except ValueError:
        raise Unreachable("the answer was not JSON") from None
    if not isinstance(data, dict):
        raise Unreachable("the answer was not a JSON object")
    return data


# Crossref's work types, as our entry types (anything else is @misc).
CROSSREF_TYPES = {"journal-article": "article", "book": "book", "monograph": "book", "book-chapter": "incollection",
                  "report": "report"}


def from_crossref(work: dict) -> Source:
    """A Crossref work (the `message` of /works/{doi}) as BibTeX fields."""
    entry_type = CROSSREF_TYPES.get(work.get("type", ""), "misc")
    container = _first(work.get("container-title"))
    fields = {
        "author": " and ".join(_crossref_name(a) for a in work.get("author") or [] if _crossref_name(a)),
        "title": _first(work.get("title")),
        "journal" if entry_type == "article" else "booktitle" if entry_type == "incollection" else "": container,
        "year": _year(work.get("published-print")) or _year(work.get("issued")),
        "volume": str(work.get("volume") or ""),
        "number": str(work.get("issue") or ""),
        "pages": str(work.get("page") or work.get("article-number") or ""),
        "publisher": work.get("publisher", "") if entry_type in ("book", "incollection") else "",
        "institution": work.get("publisher", "") if entry_type == "report" else "",
        "doi": work.get("DOI", ""),
    }
    years = {y for y in (_year(work.get(k)) for k in ("published-print", "published-online", "issued",
                                                     "published")) if y}
    journals = {t for t in [*(work.get("container-title") or []), *(work.get("short-container-title") or [])] if t}
    return Source("Crossref", entry_type, _filled(fields), years, journals)


def from_esummary(summary: dict) -> Source:
    """One PubMed document summary (esummary's result[pmid]) as BibTeX fields."""
    ids = {a.get("idtype"): a.get("value", "") for a in summary.get("articleids") or [] if isinstance(a, dict)}
    authors = [a.get("name", "") for a in summary.get("authors") or []
               if isinstance(a, dict) and a.get("authtype", "Author") == "Author" and a.get("name")]
    fields = {
        "author": " and ".join(_pubmed_name(name) for name in authors),
        "title": summary.get("title", ""),
        "journal": summary.get("fulljournalname") or summary.get("source", ""),
        "year": _leading_year(summary.get("pubdate", "")),
        "volume": summary.get("volume", ""),
        "number": summary.get("issue", ""),
        "pages": summary.get("pages", ""),
        "doi": ids.get("doi", ""),
        "pmid": str(summary.get("uid", "")),
    }
    years = {y for y in (_leading_year(summary.get(k, "")) for k in ("pubdate", "epubdate")) if y}
    journals = {t for t in (summary.get("fulljournalname"), summary.get("source")) if t}
    return Source("PubMed", "article", _filled(fields), years, journals)


def _filled(fields: dict[str, str]) -> dict[str, str]:
    return {name: value.strip() for name, value in fields.items() if name and value and value.strip()}


def _first(values) -> str:
    return values[0] if isinstance(values, list) and values and isinstance(values[0], str) else ""


def _year(date) -> str:
    try:
        return str(int(date["date-parts"][0][0]))
    except (TypeError, KeyError, IndexError, ValueError):
        return ""


def _leading_year(text: str) -> str:
    match = re.match(r"\s*(\d{4})", text or "")
    return match.group(1) if match else ""


def _crossref_name(author: dict) -> str:
    """'Surname, Initials', our form ('Hill, MJ' for Michael J. Hill); a group author as given."""
    if not isinstance(author, dict):
        return ""
    if author.get("name") and not author.get("family"):
        return "{" + author["name"] + "}"
    initials = "".join(part[0] for part in re.split(r"[\s.\-]+", author.get("given", "")) if part)
    return f"{author.get('family', '')}, {initials}" if initials else author.get("family", "")


def _pubmed_name(name: str) -> str:
    """PubMed's 'Hill MJ' as 'Hill, MJ'; a collective name ('ERA-RCT Study Group') kept whole."""
    surname, _, initials = name.rpartition(" ")
    if surname and initials.isupper() and initials.isalpha() and len(initials) <= 4:
        return f"{surname}, {initials}"
    return "{" + name + "}"


def plain(text: str) -> str:
    """Text reduced to what a comparison should see: no accents, case, markup or punctuation."""
    text = re.sub(r"<[^>]+>", "", text or "")  # Crossref titles can carry <i>, <sup>
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", text))
