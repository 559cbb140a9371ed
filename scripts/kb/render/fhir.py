"""Each record's evidence as HL7 FHIR R5, for clinical decision support built on FHIR's
Evidence-Based Medicine resources: data/fhir/<id>.json, a Bundle (type collection) holding one
Evidence resource per outcome row and one Citation resource per reference the record cites.

An Evidence resource says what the row says: who was studied (population), the add-on
(exposure), what it was compared with (reference exposure), the outcome (measured variable);
the statistic (its type, value, 95% confidence interval, studies and participants); and the
GRADE certainty with a rating for each domain. A percent row (a rate in one group, no
comparison) is a Proportion statistic with no reference exposure. Codes come from the value
sets FHIR R5 binds these elements to (tests/test_fhir.py lists them).

Plain, compact JSON, written here; the tests validate every resource with the fhir.resources package.
Numbers keep the decimals the record gives (FHIR decimals are precise: 1.20 is not 1.2).
"""
from __future__ import annotations

import json
import re
import uuid
from functools import lru_cache

from .. import findings
from ..as_written import as_written
from ..bibliography import Reference
from ..corpus import Record
from ..rules import record_citations
from . import labels
from .csl import PUBLISHER, names, written

STATISTIC_TYPE = "http://terminology.hl7.org/CodeSystem/statistic-type"
ATTRIBUTE_ESTIMATE_TYPE = "http://terminology.hl7.org/CodeSystem/attribute-estimate-type"
VARIABLE_ROLE = "http://terminology.hl7.org/CodeSystem/variable-role"
CERTAINTY_TYPE = "http://hl7.org/fhir/certainty-type"
CERTAINTY_RATING = "http://hl7.org/fhir/certainty-rating"
UCUM = "http://unitsofmeasure.org"

# measure -> (statistic-type code, its display, what the record's measure is called)
STATISTIC = {
    "RR": ("C93152", "Relative Risk", "Risk ratio"),
    "OR": ("C16932", "Odds Ratio", "Odds ratio"),
    "Peto-OR": ("C16932", "Odds Ratio", "Peto odds ratio"),
    "HR": ("C93150", "Hazard Ratio", "Hazard ratio"),
    "RD": ("0000424", "Risk Difference", "Risk difference, in percentage points"),
    "MD": ("0000457", "Mean Difference", "Mean difference"),
    "percent": ("C44256", "Proportion", "Rate in one group, per cent"),
}
UNITS = {"RD": {"unit": "percentage points", "system": UCUM, "code": "%"},
         "percent": {"unit": "%", "system": UCUM, "code": "%"}}
RATING = {"high": "High quality", "moderate": "Moderate quality", "low": "Low quality",
          "very-low": "Very low quality", "no-concern": "no serious concern", "serious-concern": "serious concern",
          "very-serious-concern": "very serious concern", "present": "present"}
DOMAINS = {"risk_of_bias": ("RiskOfBias", "Risk of bias"), "inconsistency": ("Inconsistency", "Inconsistency"),
           "indirectness": ("Indirectness", "Indirectness"), "imprecision": ("Imprecision", "Imprecision"),
           "publication_bias": ("PublicationBias", "Publication bias")}
DOMAIN_RATING = {"not-serious": "no-concern", "serious": "serious-concern", "very-serious": "very-serious-concern"}
UPGRADES = {"large-effect": ("LargeEffect", "Large effect"),
            "dose-response": ("DoseResponseGradient", "Dose response gradient"),
            "opposing-confounding": ("PlausibleConfounding", "Plausible confounding")}
ROLES = {"population": "population", "exposure": "exposure", "referenceExposure": "reference exposure",
         "measuredVariable": "measured variable"}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/fertility-evidence/fertility-immunotherapy-evidence")
_NUMBER = "\x00number:"  # marks a number to be written as typed (see _json)


def bundle_json(record: Record, references: dict[str, Reference]) -> str:
    return _json(bundle(record, references))


def bundle(record: Record, references: dict[str, Reference]) -> dict:
    data = record.data
    cited = [references[key] for key in dict.fromkeys(key for _, key in record_citations(record))
             if key in references]
    entries = [_entry(f"evidence/{data['id']}/{index}", evidence(record, found))
               for index, found in enumerate(findings.outcome_rows(data))]
    entries += [_entry(f"reference/{ref.key}", _citation_once(ref)) for ref in cited]
    return {"resourceType": "Bundle", "type": "collection",
            "identifier": {"system": "urn:ietf:rfc:3986", "value": _urn(f"record/{data['id']}")},
            "entry": entries}


def _entry(name: str, resource: dict) -> dict:
    return {"fullUrl": _urn(name), "resource": resource}


@lru_cache(maxsize=1 << 16)  # a reference is cited by many records: its address is made once
def _urn(name: str) -> str:
    """A stable address for a resource in the bundle: the same row or reference, the same uuid."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def evidence(record: Record, found: findings.Row) -> dict:
    data, row, question = record.data, found.row, found.question
    resource = {
        "resourceType": "Evidence",
        "title": f"{data['name']}: {row['outcome']}, {labels.POPULATION[found.population]}",
        "status": "draft" if data["review"]["status"] == "draft" else "active",
        "lastReviewDate": data["review"]["last_reviewed"],
        "publisher": PUBLISHER,
        "relatedArtifact": [{"type": "derived-from", "resourceReference": {"reference": _urn(
            f"reference/{row['citation']}"), "display": row["citation"]}}],
    }
    statement = findings.say(data, found)
    if statement:
        resource["description"] = statement
    if row.get("note"):
        resource["note"] = [{"text": row["note"]}]
    resource["variableDefinition"] = _variables(data, found)
    resource["statistic"] = [_statistic(record, found)]
    resource["certainty"] = [_certainty(row)]
    return resource


def _variables(data: dict, found: findings.Row) -> list[dict]:
    row, question = found.row, found.question
    variables = [_variable("population", row["population"],
                           f"Patient group: {labels.POPULATION[found.population]}"),
                 _variable("exposure", findings.subject(data, question))]
    if row["measure"] != "percent" and question.get("comparison"):
        variables.append(_variable("referenceExposure", question["comparison"],
                                   "The question's comparison as written: the add-on versus what it was compared with."))
    return variables + [_variable("measuredVariable", row["outcome"])]


def _variable(role: str, description: str, note: str = "") -> dict:
    variable = {"description": description,
                "variableRole": {"coding": [{"system": VARIABLE_ROLE, "code": role, "display": ROLES[role]}]}}
    if note:
        variable["note"] = [{"text": note}]
    return variable


def _statistic(record: Record, found: findings.Row) -> dict:
    row, path = found.row, found.path
    code, display, measure = STATISTIC[row["measure"]]
    estimate = as_written(record, path + ("estimate",))
    statistic = {
        "description": f"{measure} {estimate}" + (f" (95% CI {as_written(record, path + ('ci', 0))} to "
                                                   f"{as_written(record, path + ('ci', 1))})" if "ci" in row else ""),
        "statisticType": {"coding": [{"system": STATISTIC_TYPE, "code": code, "display": display}], "text": measure},
        "quantity": {"value": _number(estimate), **UNITS.get(row["measure"], {})},
    }
    size = {name: row[field] for name, field in (("numberOfStudies", "studies"),
                                                  ("numberOfParticipants", "participants"))
            if isinstance(row[field], int)}
    if size:
        statistic["sampleSize"] = size
    if "ci" in row:
        statistic["attributeEstimate"] = [{
            "type": {"coding": [{"system": ATTRIBUTE_ESTIMATE_TYPE, "code": "C53324",
                                 "display": "Confidence interval"}]},
            "level": _number("0.95"),
            "range": {"low": {"value": _number(as_written(record, path + ("ci", 0))), **UNITS.get(row["measure"], {})},
                      "high": {"value": _number(as_written(record, path + ("ci", 1))),
                               **UNITS.get(row["measure"], {})}}}]
    return statistic


def _certainty(row: dict) -> dict:
    """GRADE's overall rating, with a rating for each domain and each reason to rate up."""
    overall = {"description": "GRADE certainty of the evidence",
               "type": _coding(CERTAINTY_TYPE, "Overall", "Overall certainty"),
               "rating": _coding(CERTAINTY_RATING, row["certainty"], RATING[row["certainty"]])}
    grade = row.get("grade")
    if grade:
        overall["note"] = [{"text": f"Study design: {grade['design']} (GRADE starts "
                                    f"{'high' if grade['design'] == 'randomised' else 'low'})."}]
        parts = [_judgement(DOMAINS[domain], DOMAIN_RATING[grade[domain]["rating"]], grade[domain]["reason"])
                 for domain in DOMAINS]
        parts += [_judgement(UPGRADES[up["factor"]], "present", up["reason"]) for up in grade.get("upgrades", [])]
        overall["subcomponent"] = parts
    return overall


def _judgement(kind: tuple[str, str], rating: str, reason: str) -> dict:
    return {"type": _coding(CERTAINTY_TYPE, *kind), "rating": _coding(CERTAINTY_RATING, rating, RATING[rating]),
            "note": [{"text": reason}]}


def _coding(system: str, code: str, display: str) -> dict:
    return {"coding": [{"system": system, "code": code, "display": display}]}


_CITATIONS: dict[str, tuple[Reference, dict]] = {}


def _citation_once(ref: Reference) -> dict:
    """A reference's Citation, made once for all the records citing it (while it is unchanged)."""
    if ref.key not in _CITATIONS or _CITATIONS[ref.key][0] != ref:
        _CITATIONS[ref.key] = (ref, citation(ref))
    return _CITATIONS[ref.key][1]


def citation(ref: Reference) -> dict:
    """A reference as a FHIR Citation: the cited article's title, authors, where and when it was
    published, its DOI and PMID, and where to read it."""
    artifact: dict = {"title": [{"text": ref.get("title")}]}
    identifiers = [{"system": "https://doi.org", "value": ref.get("doi")}] if ref.get("doi") else []
    if ref.get("pmid"):
        identifiers.append({"system": "https://pubmed.ncbi.nlm.nih.gov", "value": ref.get("pmid")})
    if identifiers:
        artifact["identifier"] = identifiers
    form = _publication_form(ref)
    if form:
        artifact["publicationForm"] = [form]
    if ref.get("url"):
        artifact["webLocation"] = [{"url": ref.get("url")}]
    if ref.get("urldate"):
        artifact["dateAccessed"] = ref.get("urldate")
    authors = [written(person) for person in names(ref.get("author"))] or [ref.get("organization") or ref.get("institution")]
    if any(authors):
        artifact["contributorship"] = {"entry": [{"contributor": {"display": name}, "rankingOrder": rank}
                                                 for rank, name in enumerate(filter(None, authors), start=1)]}
    return {"resourceType": "Citation", "status": "active",
            "identifier": [{"type": {"text": "BibTeX key in references.bib"}, "value": ref.key}],
            "citedArtifact": artifact}


def _publication_form(ref: Reference) -> dict:
    form: dict = {}
    published_in: dict = {}
    if ref.get("journal") or ref.get("booktitle"):
        published_in["title"] = ref.get("journal") or ref.get("booktitle")
    publisher = ref.get("publisher") or ref.get("institution") or ref.get("organization")
    if publisher:
        published_in["publisher"] = {"display": publisher}
    if published_in:
        form["publishedIn"] = published_in
    # A report's number is its number in a series, not an issue.
    issue = ref.get("number") if ref.entry_type == "article" else ""
    for name, value in (("volume", ref.get("volume")), ("issue", issue), ("pageString", ref.get("pages")),
                        ("publicationDateText", ref.get("year"))):
        if value:
            form[name] = value
    return form


def _number(written: str) -> str:
    return _NUMBER + written


def _json(resource: dict) -> str:
    """Compact JSON (indenting it takes Python's slow encoder, 20 ms a record), with each marked
    number written as typed, not as Python's float would print it."""
    text = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r'"\\u0000number:(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)"', r"\1", text) + "\n"
