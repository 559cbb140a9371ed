"""A small corpus for the situation pages and the summary-of-findings data: the two-records
fixture, with Alpha infusion given evidence in three patient groups and positions that apply to
some of them (one superseded, one whose wording was not retrieved)."""
from __future__ import annotations

from pathlib import Path

import yaml

from conftest import FIXTURES, make_project

RIF, RPL, THIN = "recurrent-implantation-failure", "recurrent-pregnancy-loss", "thin-endometrium"
GRADE = {"design": "randomised", **{domain: {"rating": "not-serious", "reason": "No concern."} for domain in (
    "risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")}}


def position(body, version, populations, stance, **more):
    return {"body": body, "document": f"{body} guideline", "version": version, "populations": populations,
            "applies_to": "Patients having IVF", "stance": stance, "statement": f"{body} says {stance}.",
            "citation": "guideline2023", **more}


def findings_project(where: Path) -> Path:
    """The project; Alpha's RIF live-birth row is typed 'estimate: 1.20', 'ci: [0.80, 1.30]'."""
    root = make_project(where, FIXTURES / "valid" / "two-records" / "evidence")
    path = root / "evidence" / "alpha-infusion.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["populations"] = [RIF, RPL, THIN]
    rif = data["evidence"]["questions"][0]
    rif["outcomes"][0].update(estimate=1.2, ci=[0.8, 1.3])
    data["evidence"]["questions"].append({"population": RPL, "comparison": "Alpha vs placebo", "outcomes": [
        {"outcome": "Live birth", "importance": "critical", "desirable": "higher",
         "population": "Women with three miscarriages", "measure": "OR", "estimate": 0.9, "ci": [0.6, 1.4],
         "studies": 2, "participants": 310, "certainty": "moderate", "citation": "smith2021",
         "control_risk": {"not_reported": "Only the pooled odds ratio is given."},
         "grade": {**GRADE, "imprecision": {"rating": "serious", "reason": "Few events."}}},
        {"outcome": "Clinical pregnancy", "importance": "important", "desirable": "higher",
         "population": "Women with three miscarriages", "measure": "percent", "estimate": 30,
         "studies": "not-reported", "participants": 90, "certainty": "very-low", "citation": "smith2021"},
    ]})
    data["evidence"]["by_population"] = [
        {"population": THIN, "certainty": "very-low", "direction": "uncertain",
         "rationale": "No trial in women with a thin lining."}]
    data["positions"] = [
        position("ESHRE", "2023", [RIF], "not-recommended"),
        position("HFEA", "2024", [RIF, RPL], "red", superseded_by="The HFEA's 2025 rating."),
        position("ASRM", "2018", [RPL], "not-retrieved", searched="The ASRM site, searched 2026-12-01."),
    ]
    text = "# yaml-language-server: $schema=../schema/record.schema.json\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=1000)
    for typed, written in (("estimate: 1.2\n", "estimate: 1.20\n"), ("- 0.8\n", "- 0.80\n"), ("- 1.3\n", "- 1.30\n")):
        assert text.count(typed) == 1, typed
        text = text.replace(typed, written)
    path.write_text(text, encoding="utf-8")
    return root


def findings_corpus(where: Path):
    from kb.corpus import load_corpus
    return load_corpus(findings_project(where))
