"""data/datapackage.json: a Frictionless Data Package describing every published table, each
with its Table Schema. The frictionless validator checks every value of every table against its
column's type and constraints, and each file's size and hash (the real built tables are checked
in test_build.py)."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from findings_records import findings_corpus
from kb.render import comparison_csv, datapackage
from kb.render.exports import export_files


@pytest.fixture
def published(tmp_path):
    """The fixture corpus's data files, written as the site publishes them; the data folder."""
    corpus = findings_corpus(tmp_path / "project")
    site = tmp_path / "site"
    for path, content in export_files(corpus).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return site / "data"


def validate(data_dir) -> list[str]:
    import frictionless
    report = frictionless.validate(str(data_dir / "datapackage.json"))
    return [f"{error.type}: {error.message}" for task in report.tasks for error in task.errors] + [
        f"{error.type}: {error.message}" for error in report.errors]


def test_the_data_package_and_every_table_in_it_validate(published):
    assert validate(published) == []


def test_every_published_csv_is_a_resource_of_the_package_with_its_table_schema(published):
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == {p.name for p in published.glob("*.csv")} == {
        "summary-of-findings.csv", "comparison.csv"}
    for resource in resources.values():
        assert (published / resource["schema"]).is_file() and resource["type"] == "table"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_a_value_that_breaks_its_column_fails_validation(published):
    csv = published / "summary-of-findings.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",RR,", ",XX,", 1), encoding="utf-8")
    problems = validate(published)
    assert any(p.startswith("constraint-error") and '"XX"' in p for p in problems)
    assert any(p.startswith("hash-count") for p in problems)  # the package's hash no longer matches


def test_a_missing_required_value_fails_validation(published):
    csv = published / "comparison.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[1] = "," + lines[1].split(",", 1)[1]  # no id
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(p.startswith("constraint-error") and '"required"' in p for p in validate(published))


def test_the_comparison_columns_are_documented_from_the_record_schema(published):
    record_schema = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in comparison_csv.table_schema(record_schema)["fields"]}
    header = (published / "comparison.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(fields)
    assert fields["name"]["description"].startswith(record_schema["properties"]["name"]["description"][:40])
    assert fields["kind"]["constraints"]["enum"] == record_schema["properties"]["kind"]["enum"]
    assert fields["certainty"]["constraints"]["enum"] == ["High", "Moderate", "Low", "Very low"]
    assert "enum" not in fields["populations"].get("constraints", {})  # labels joined by '; ', not codes


def test_the_package_gives_each_table_its_size_and_hash():
    package = json.loads(datapackage.datapackage_json({
        "data/summary-of-findings.csv": "a\n1\n", "data/summary-of-findings.schema.json": '{"description": "d"}',
        "data/comparison.csv": b"b\n2\n", "data/comparison.schema.json": '{"description": "e"}'}))
    first = package["resources"][0]
    assert first["bytes"] == 4 and first["hash"].startswith("sha256:") and first["description"] == "d"
