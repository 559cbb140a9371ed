"""References in Vancouver (NLM citation-sequence) style, with DOI and PubMed links.

A few dozen lines cover the entry types we allow (rules.REQUIRED_FIELDS); a CSL processor
would need its own BibTeX reader and a style file for the same result.
"""
from __future__ import annotations

import datetime as dt

from ..bibliography import Reference
from .markdown import external_link, text

MAX_AUTHORS = 6  # NLM: list the first six, then "et al."


def authors(names: str) -> str:
    people = [n.strip() for n in names.split(" and ") if n.strip()]
    et_al = bool(people) and people[-1].lower() == "others"
    people = [p for p in people if p.lower() != "others"]
    if len(people) > MAX_AUTHORS:
        people, et_al = people[:MAX_AUTHORS], True
    shown = ", ".join(_person(p) for p in people)
    return f"{shown}, et al" if et_al else shown


def _person(name: str) -> str:
    """"Lédée, Nathalie" and "Lédée, N" both become "Lédée N"."""
    if "," not in name:
        return name  # an organisation, or a name already written "Doyle N"
    last, given = (part.strip() for part in name.split(",", 1))
    words = given.replace("-", " ").replace(".", " ").split()
    if all(w.isupper() for w in words):  # already initials: "JG", "M J"
        return f"{last} {''.join(words)}"
    return f"{last} {''.join(w[0].upper() for w in words)}"


def elide_pages(pages: str) -> str:
    """2062-2104 -> 2062-104, as NLM does; leaves e9-e39 and single pages alone."""
    pages = pages.replace("--", "-").replace("–", "-")
    if "-" not in pages:
        return pages
    first, last = pages.split("-", 1)
    if not (first.isdigit() and last.isdigit()) or len(first) != len(last):
        return pages
    i = 0
    while i < len(first) - 1 and first[i] == last[i]:
        i += 1
    return f"{first}-{last[i:]}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _cited(urldate: str) -> str:
    try:
        day = dt.date.fromisoformat(urldate)
    except ValueError:
        return urldate
    return f"{day.year} {day.strftime('%b')} {day.day}"


def format_reference(ref: Reference) -> str:
    """One reference as Markdown: the citation text, then its DOI, PubMed and web links."""
    parts = []
    who = ref.get("author")
    if who:
        parts.append(_sentence(text(authors(who))))
    elif ref.get("organization"):
        parts.append(_sentence(text(ref.get("organization"))))
    title = ref.get("title")
    if ref.entry_type == "online":
        parts.append(text(title.rstrip(".")) + " [Internet].")
        publisher = ref.get("organization") if who else ""
        dated = "; ".join(x for x in (text(publisher), text(ref.get("year"))) if x)
        if dated:
            parts.append(dated + ".")
        parts.append(f"[cited {text(_cited(ref.get('urldate')))}].")
    elif ref.entry_type in ("report", "techreport"):
        # Citing Medicine's report form: Title [Internet]. Publisher; Year [cited ...]. (Series No. 53).
        parts.append(_sentence(text(title.rstrip(".")) + (" [Internet]" if _online_only(ref) else "")))
        publisher = ref.get("institution") or ref.get("publisher") or ref.get("organization")
        published = "; ".join(x for x in (text(publisher), text(ref.get("year")) + _cited_note(ref)) if x)
        if published:
            parts.append(_sentence(published))
        if ref.get("number"):
            series = f"({ref.get('type')} No. {ref.get('number')})" if ref.get("type") else f"Report No.: {ref.get('number')}"
            parts.append(_sentence(text(series)))
    else:
        parts.append(_sentence(text(title)))
        source = ref.get("journal") or ref.get("booktitle") or ref.get("institution") or ref.get("publisher")
        if source:
            # An article read only on the web is an Internet item: "Journal [Internet]. 2020 [cited ...]".
            parts.append(_sentence(text(source) + (" [Internet]" if _online_only(ref) else "")))
        parts.append(_issue_details(ref, _cited_note(ref)))
    parts.extend(identifier_links(ref))
    return " ".join(p for p in parts if p)


def _online_only(ref: Reference) -> bool:
    return bool(ref.get("url")) and not (ref.get("doi") or ref.get("pmid"))


def _cited_note(ref: Reference) -> str:
    return f" [cited {_cited(ref.get('urldate'))}]" if _online_only(ref) and ref.get("urldate") else ""


def _issue_details(ref: Reference, cited: str = "") -> str:
    """2022;328(21):2117-25. Without a year, the volume and pages stand alone (never ". :12").
    `cited` is markup ("[cited ...]"), added after the year unescaped, like "[Internet]"."""
    details = text(ref.get("year")) + cited
    volume = ref.get("volume") + (f"({ref.get('number')})" if ref.get("number") else "")
    if volume:
        details += (";" if details else "") + text(volume)
    if ref.get("pages"):
        details += (":" if details else "") + text(elide_pages(ref.get("pages")))
    return _sentence(details) if details.strip() else ""


def identifier_links(ref: Reference) -> list[str]:
    links = []
    if ref.get("doi"):
        links.append(external_link(f"doi:{text(ref.get('doi'))}", f"https://doi.org/{ref.get('doi')}"))
    if ref.get("pmid"):
        links.append(external_link(f"PubMed {text(ref.get('pmid'))}",
                                   f"https://pubmed.ncbi.nlm.nih.gov/{ref.get('pmid')}/"))
    if ref.get("url") and not (ref.get("doi") or ref.get("pmid")):
        links.append("Available from: " + external_link(text(ref.get("url")), ref.get("url")))
    elif ref.get("url"):
        links.append(external_link("Web page", ref.get("url")))
    return links
