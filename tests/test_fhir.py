"""data/fhir/<id>.json: each record's evidence as an HL7 FHIR R5 Bundle of Evidence resources (one
per outcome row) and Citation resources (one per reference it cites). Every resource is
validated with the fhir.resources package (R5 models), and every code is checked against the
value set FHIR R5 binds its element to."""
from __future__ import annotations

import json

import pytest
from fhir.resources.bundle import Bundle

from conftest import ROOT, edit_evidence
from findings_records import findings_corpus, findings_project
from kb import findings
from kb.corpus import load_corpus
from kb.render import fhir
from kb.rules import record_citations

# The code systems our resources use, with every code of each (FHIR R5, 5.0.0; the statistic
# types are those of the statistic-type value set, from terminology.hl7.org).
CODES = {
    "http://hl7.org/fhir/certainty-rating": {
        "high", "moderate", "low", "very-low", "no-concern", "serious-concern", "very-serious-concern",
        "extremely-serious-concern", "present", "absent", "no-change", "downcode1", "downcode2", "downcode3",
        "upcode1", "upcode2"},
    "http://hl7.org/fhir/certainty-type": {
        "Overall", "RiskOfBias", "Inconsistency", "Indirectness", "Imprecision", "PublicationBias",
        "DoseResponseGradient", "PlausibleConfounding", "LargeEffect"},
    "http://terminology.hl7.org/CodeSystem/variable-role": {
        "population", "subpopulation", "exposure", "referenceExposure", "measuredVariable", "confounder"},
    "http://terminology.hl7.org/CodeSystem/statistic-type": {
        "absolute-MedianDiff", "C25463", "0000301", "predictedRisk", "descriptive", "C93150", "C16726",
        "rate-ratio", "C25564", "C53319", "0000457", "C28007", "C25570", "C16932", "C65172", "C17010",
        "C44256", "C93152", "0000424", "C65171", "0000100", "0000565"},
    "http://terminology.hl7.org/CodeSystem/attribute-estimate-type": {"C53324"},
}


@pytest.fixture(scope="module")
def real():
    corpus = load_corpus(ROOT)
    return corpus, {r.id: json.loads(fhir.bundle_json(r, corpus.references)) for r in corpus.records}


@pytest.fixture
def alpha(tmp_path) -> tuple:
    corpus = findings_corpus(tmp_path / "project")
    record = next(r for r in corpus.records if r.id == "alpha-infusion")
    text = fhir.bundle_json(record, corpus.references)
    return record, text, json.loads(text)


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codings(value):
    """Every Coding in a resource (a CodeableConcept's coding list)."""
    if isinstance(value, dict):
        yield from value.get("coding", [])
        for item in value.values():
            yield from codings(item)
    elif isinstance(value, list):
        for item in value:
            yield from codings(item)


def test_every_real_bundle_validates_as_fhir_r5(real):
    _, bundles = real
    for record_id, bundle in bundles.items():
        Bundle.model_validate(bundle)  # raises on any element FHIR R5 does not define, or a wrong type
    assert len(bundles) > 10


def test_a_resource_fhir_does_not_allow_is_refused_by_the_validator(alpha):
    _, _, bundle = alpha
    resources(bundle, "Evidence")[0]["statistic"][0]["sampleSize"]["numberOfStudies"] = "two"
    with pytest.raises(ValueError):
        Bundle.model_validate(bundle)


def test_every_code_is_one_of_its_value_set(real):
    _, bundles = real
    seen = set()
    for bundle in bundles.values():
        for coding in codings(bundle):
            assert coding["code"] in CODES[coding["system"]], coding
            seen.add(coding["system"])
    assert seen == set(CODES)


def test_one_evidence_per_outcome_row_and_one_citation_per_reference_cited(real):
    corpus, bundles = real
    for record in corpus.records:
        bundle = bundles[record.id]
        assert len(resources(bundle, "Evidence")) == len(list(findings.outcome_rows(record.data)))
        cited = dict.fromkeys(key for _, key in record_citations(record))
        assert [c["identifier"][0]["value"] for c in resources(bundle, "Citation")] == list(cited)
        addresses = {e["fullUrl"] for e in bundle["entry"]}
        assert len(addresses) == len(bundle["entry"])  # every address is its own
        for evidence in resources(bundle, "Evidence"):
            assert evidence["relatedArtifact"][0]["resourceReference"]["reference"] in addresses


def test_a_comparative_row_gives_its_statistic_interval_sample_and_variables(alpha):
    _, text, bundle = alpha
    rif = resources(bundle, "Evidence")[0]
    statistic = rif["statistic"][0]
    assert statistic["statisticType"]["coding"][0]["code"] == "C93152"  # relative risk
    assert statistic["quantity"] == {"value": 1.2}
    assert statistic["sampleSize"] == {"numberOfStudies": 1, "numberOfParticipants": 200}
    [interval] = statistic["attributeEstimate"]
    assert interval["level"] == 0.95 and interval["range"] == {"low": {"value": 0.8}, "high": {"value": 1.3}}
    assert '"quantity":{"value":1.20}' in text and '"low":{"value":0.80}' in text  # as typed
    roles = [v["variableRole"]["coding"][0]["code"] for v in rif["variableDefinition"]]
    assert roles == ["population", "exposure", "referenceExposure", "measuredVariable"]
    assert rif["variableDefinition"][2]["description"] == "Alpha vs saline"
    assert rif["description"].startswith("Alpha infusion")  # GRADE's informative statement


def test_the_grade_certainty_is_rated_overall_and_domain_by_domain(alpha):
    _, _, bundle = alpha
    rpl = resources(bundle, "Evidence")[1]  # moderate: imprecision serious
    [certainty] = rpl["certainty"]
    assert certainty["type"]["coding"][0]["code"] == "Overall"
    assert certainty["rating"]["coding"][0]["code"] == "moderate"
    ratings = {part["type"]["coding"][0]["code"]: part["rating"]["coding"][0]["code"]
               for part in certainty["subcomponent"]}
    assert ratings == {"RiskOfBias": "no-concern", "Inconsistency": "no-concern", "Indirectness": "no-concern",
                       "Imprecision": "serious-concern", "PublicationBias": "no-concern"}
    assert certainty["subcomponent"][3]["note"] == [{"text": "Few events."}]


def test_a_percent_row_is_a_proportion_in_one_group_without_a_comparison(alpha):
    _, _, bundle = alpha
    rate = resources(bundle, "Evidence")[2]
    statistic = rate["statistic"][0]
    assert statistic["statisticType"]["coding"][0]["code"] == "C44256"  # proportion
    assert statistic["quantity"] == {"value": 30, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}
    assert "attributeEstimate" not in statistic and statistic["sampleSize"] == {"numberOfParticipants": 90}
    assert "referenceExposure" not in [v["variableRole"]["coding"][0]["code"] for v in rate["variableDefinition"]]
    assert "subcomponent" not in rate["certainty"][0]  # a row graded without its domains


def test_a_draft_record_gives_draft_evidence(tmp_path):
    root = findings_project(tmp_path / "project")
    edit_evidence(root, "status: reviewed", "status: draft")
    corpus = load_corpus(root)
    alpha = next(r for r in corpus.records if r.id == "alpha-infusion")
    bundle = json.loads(fhir.bundle_json(alpha, corpus.references))
    assert {e["status"] for e in resources(bundle, "Evidence")} == {"draft"}


def test_a_citation_names_its_article_authors_journal_and_identifiers(alpha):
    _, _, bundle = alpha
    smith = next(c for c in resources(bundle, "Citation") if c["identifier"][0]["value"] == "smith2021")
    artifact = smith["citedArtifact"]
    assert artifact["title"] == [{"text": "A randomised trial of alpha infusion"}]
    assert artifact["identifier"] == [{"system": "https://doi.org", "value": "10.1000/jt.2021.12"},
                                      {"system": "https://pubmed.ncbi.nlm.nih.gov", "value": "12345678"}]
    assert artifact["publicationForm"] == [{"publishedIn": {"title": "Journal of Tests"}, "volume": "12",
                                            "issue": "3", "pageString": "100-110", "publicationDateText": "2021"}]
    assert [e["contributor"]["display"] for e in artifact["contributorship"]["entry"]] == ["Smith, A", "Jones, B"]


def test_the_same_evidence_gives_the_same_bytes(tmp_path):
    first = findings_corpus(tmp_path / "one")
    second = findings_corpus(tmp_path / "two")
    assert [fhir.bundle_json(r, first.references) for r in first.records] == [
        fhir.bundle_json(r, second.references) for r in second.records]
