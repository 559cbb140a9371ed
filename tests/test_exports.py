"""Open data: data/summary-of-findings.csv (one line per outcome row of every record) with its
Frictionless Table Schema, and the whole dataset as JSON valid against its published schema.
That every value fits its column is checked by frictionless, in test_datapackage.py."""
from __future__ import annotations

import csv
import json

import pytest

from conftest import ROOT
from findings_records import RIF, RPL, findings_corpus
from kb import findings
from kb.absolute_effects import absolute_effect, control_risk, per

HEADER = ("record,population,outcome,comparison,measure,estimate,ci_low,ci_high,studies,participants,"
          "control_per_1000,intervention_per_1000,intervention_per_1000_low,intervention_per_1000_high,"
          "certainty,statement,citation")


@pytest.fixture
def corpus(tmp_path):
    return findings_corpus(tmp_path / "project")


def sof(corpus) -> tuple[str, list[dict]]:
    from kb.render.findings_csv import findings_csv
    text = findings_csv(corpus)
    return text, list(csv.DictReader(text.splitlines()))


def outcome_rows(corpus):
    return [(r.data, found) for r in sorted(corpus.records, key=lambda r: r.data["id"])
            for found in findings.outcome_rows(r.data)]


def test_the_header_is_exactly_the_published_column_list(corpus):
    text, _ = sof(corpus)
    assert text.splitlines()[0] == HEADER


def test_there_is_one_line_per_outcome_row_of_every_record_in_order(corpus):
    _, lines = sof(corpus)
    expected = outcome_rows(corpus)
    assert len(expected) == 3
    assert [(line["record"], line["population"], line["outcome"]) for line in lines] == [
        (data["id"], found.population, found.row["outcome"]) for data, found in expected]


def test_the_computed_columns_are_those_of_absolute_effects_and_findings(corpus):
    _, lines = sof(corpus)
    for line, (data, found) in zip(lines, outcome_rows(corpus)):
        effect, control = absolute_effect(found.row), control_risk(found.row)
        assert line["control_per_1000"] == ("" if control is None else str(per(1000, control)))
        computed = [line[f"intervention_per_1000{end}"] for end in ("", "_low", "_high")]
        assert computed == ([str(n) for n in effect.out_of(1000)[1:]] if effect else ["", "", ""])
        assert line["statement"] == (findings.statement(found.row, data["name"]) or "")
    rif, rpl, rate = lines
    assert [rif["control_per_1000"], rif["intervention_per_1000"]] == ["250", "300"]  # 50/200, RR 1.20
    assert rpl["control_per_1000"] == rpl["intervention_per_1000"] == ""  # the control risk is not reported
    assert rate["statement"] == "" and rate["ci_low"] == ""  # a rate in one group compares nothing


def test_numbers_keep_the_decimals_they_were_typed_with(corpus):
    _, lines = sof(corpus)
    rif, rpl, rate = lines
    assert (rif["estimate"], rif["ci_low"], rif["ci_high"]) == ("1.20", "0.80", "1.30")
    assert (rpl["estimate"], rpl["ci_low"], rpl["ci_high"]) == ("0.9", "0.6", "1.4")
    assert rate["estimate"] == "30" and rate["studies"] == "" and rate["participants"] == "90"


def test_the_rest_of_a_line_is_the_row_as_the_record_gives_it(corpus):
    _, (rif, rpl, _) = sof(corpus)
    assert rif == {**rif, "record": "alpha-infusion", "population": RIF, "comparison": "Alpha vs saline",
                   "measure": "RR", "studies": "1", "participants": "200", "certainty": "low",
                   "citation": "smith2021"}
    assert rpl["population"] == RPL and rpl["measure"] == "OR" and rpl["certainty"] == "moderate"


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused(corpus):
    record = next(r for r in corpus.records if r.data["id"] == "alpha-infusion")
    record.data["evidence"]["questions"][0]["outcomes"][0]["outcome"] = '=HYPERLINK("http://x")'
    _, lines = sof(corpus)
    assert lines[0]["outcome"] == "'=HYPERLINK(\"http://x\")"


# ---- the table schema --------------------------------------------------------------------------

@pytest.fixture
def table_schema():
    from kb.render.findings_csv import table_schema_json
    return json.loads(table_schema_json(ROOT))


def test_the_table_schema_describes_every_column_in_order(table_schema):
    assert [f["name"] for f in table_schema["fields"]] == HEADER.split(",")
    for field in table_schema["fields"]:
        assert field["type"] in ("string", "number", "integer")
        assert field["title"] and len(field["description"]) > 20, field["name"]
    assert table_schema["missingValues"] == [""]


def test_column_docs_come_from_the_record_schema_without_editors_instructions(table_schema):
    record_schema = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    outcome = record_schema["$defs"]["outcome"]["properties"]
    fields = {f["name"]: f for f in table_schema["fields"]}
    assert fields["estimate"]["description"].startswith(outcome["estimate"]["description"])
    assert fields["measure"]["constraints"]["enum"] == outcome["measure"]["enum"]
    assert fields["population"]["constraints"]["enum"] == record_schema["$defs"]["population"]["enum"]
    assert fields["certainty"]["constraints"]["enum"] == record_schema["$defs"]["certainty"]["enum"]
    for field in table_schema["fields"]:
        assert "Prose:" not in field["description"] and "write not-reported" not in field["description"]


# ---- publishing ----------------------------------------------------------------------------------

def test_the_csv_and_its_schema_are_published_under_data_and_linked_from_the_home_page(corpus):
    from kb.render.exports import export_files
    from kb.render.site_pages import home_page
    files = export_files(corpus)
    assert files["data/summary-of-findings.csv"].startswith(HEADER + "\n")
    assert json.loads(files["data/summary-of-findings.schema.json"])["fields"][0]["name"] == "record"
    home = home_page((corpus.root / "content" / "index.md").read_text(encoding="utf-8"), corpus).markdown
    assert "(data/summary-of-findings.csv)" in home and "(data/summary-of-findings.schema.json)" in home


def test_the_dataset_with_questions_and_positions_is_valid_against_its_published_schema(corpus):
    import jsonschema
    from referencing import Registry, Resource

    from kb.render.exports import dataset_json
    dataset = json.loads(dataset_json(corpus))
    schemas = [json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
               for name in ("dataset.schema.json", "record.schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    jsonschema.Draft202012Validator(schemas[0], registry=registry).validate(dataset)
    alpha = next(r for r in dataset["records"] if r["id"] == "alpha-infusion")
    assert len(alpha["evidence"]["questions"]) == 2 and alpha["positions"][1]["superseded_by"]
    broken = json.loads(json.dumps(dataset))
    broken["records"][0]["evidence"]["outcomes"] = []  # the old model: rows straight under evidence
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schemas[0], registry=registry).validate(broken)
