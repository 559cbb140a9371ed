"""The summary of findings as open data: data/summary-of-findings.csv, one line per outcome row of
every record, and data/summary-of-findings.schema.json, a Frictionless Table Schema describing
each column.

Numbers are written as the record gives them (kb.as_written: 1.20 stays "1.20"). The computed
columns come from the helpers the pages use (kb.absolute_effects for the numbers out of 1,000,
kb.findings for the statement), so the data and the site never disagree. The columns'
descriptions come from the record schema's own field documentation, the one place those fields
are documented.
"""
from __future__ import annotations

import csv
import io
import weakref
from pathlib import Path

from .. import findings
from ..absolute_effects import absolute_effect, control_risk, per
from ..as_written import as_written
from ..corpus import Corpus, Record
from . import table_schemas
from .paths import DATA_DIR

CSV = f"{DATA_DIR}/summary-of-findings.csv"
SCHEMA = f"{DATA_DIR}/summary-of-findings.schema.json"
COLUMNS = ["record", "population", "outcome", "comparison", "measure", "estimate", "ci_low", "ci_high",
           "studies", "participants", "control_per_1000", "intervention_per_1000", "intervention_per_1000_low",
           "intervention_per_1000_high", "certainty", "statement", "citation"]
TEXT_COLUMNS = {"outcome", "comparison", "statement"}  # typed by editors: guarded against spreadsheet formulas

_LINES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def csv_rows(record: Record) -> list[dict[str, str]]:
    """The record's outcome rows as CSV values: '' where a value is not reported or not computable."""
    data, rows = record.data, []
    for found in findings.outcome_rows(data):
        row = found.row
        # An association (people with and without a test result) has no risk "with the add-on".
        effect = None if found.is_association else absolute_effect(row)
        control = None if found.is_association else control_risk(row)
        _, with_addon, low, high = effect.out_of(1000) if effect else (None, "", "", "")
        rows.append({
            "record": data["id"], "population": found.population, "outcome": row["outcome"],
            "comparison": found.question.get("comparison", ""), "measure": row["measure"],
            "estimate": as_written(record, found.path + ("estimate",)),
            "ci_low": as_written(record, found.path + ("ci", 0)) if "ci" in row else "",
            "ci_high": as_written(record, found.path + ("ci", 1)) if "ci" in row else "",
            "studies": _reported(row["studies"]), "participants": _reported(row["participants"]),
            "control_per_1000": str(per(1000, control)) if control is not None else "",
            "intervention_per_1000": str(with_addon), "intervention_per_1000_low": str(low),
            "intervention_per_1000_high": str(high),
            "certainty": row["certainty"], "statement": findings.say(data, found) or "",
            "citation": row["citation"],
        })
    return rows


def _reported(value: int | str) -> str:
    return str(value) if isinstance(value, int) else ""  # 'not-reported'


def findings_csv(corpus: Corpus) -> str:
    """The CSV: a header, then every record's rows, records in id order and rows in the record's order."""
    records = sorted(corpus.records, key=lambda r: r.data["id"])
    return ",".join(COLUMNS) + "\n" + "".join(_lines(r) for r in records)


def _lines(record: Record) -> str:
    """A record's lines, written once per loaded record (kb serve writes the data after each edit)."""
    if record not in _LINES:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in csv_rows(record):
            writer.writerow([spreadsheet_safe(row[c]) if c in TEXT_COLUMNS else row[c] for c in COLUMNS])
        _LINES[record] = buffer.getvalue()
    return _LINES[record]


def spreadsheet_safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheet programs (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


# ---- the table schema -------------------------------------------------------------------------
# Each column: its type, and where the record schema documents it (a JSON pointer into it) with a
# note for the data, or its own title and description for a computed column.
OUTCOME, QUESTION = "$defs/outcome/properties", "$defs/question/properties"
NOT_REPORTED = "Empty when the source does not report it."
FIELDS = {
    "record": ("string", "properties/id", {"note": "Its page and YAML source are named after it."}),
    "population": ("string", f"{QUESTION}/population", {}),
    "outcome": ("string", f"{OUTCOME}/outcome", {}),
    "comparison": ("string", f"{QUESTION}/comparison", {"note": "Empty when the question names none."}),
    "measure": ("string", f"{OUTCOME}/measure", {}),
    "estimate": ("number", f"{OUTCOME}/estimate", {"note": "Written with the decimals the record gives (1.20)."}),
    "ci_low": ("number", f"{OUTCOME}/ci", {"part": "lower end", "note": "Empty for a rate given without one."}),
    "ci_high": ("number", f"{OUTCOME}/ci", {"part": "upper end", "note": "Empty for a rate given without one."}),
    "studies": ("integer", f"{OUTCOME}/studies", {"note": NOT_REPORTED}),
    "participants": ("integer", f"{OUTCOME}/participants", {"note": NOT_REPORTED}),
    "control_per_1000": ("integer", None, {
        "title": "Control risk per 1,000",
        "description": "Computed: how many people out of 1,000 had the outcome without the add-on, from the "
                       "control risk the source reports (events out of total, a percentage or a rate per 1,000), "
                       "rounded half up. Empty when the source reports no control risk."}),
    "intervention_per_1000": ("integer", None, {
        "title": "Risk with the add-on per 1,000",
        "description": "Computed: how many people out of 1,000 would have the outcome with the add-on, from the "
                       "control risk and the relative effect as in the Cochrane Handbook (RR: risk x RR; OR and "
                       "Peto OR: OR x risk / (1 - risk + OR x risk); HR: 1 - (1 - risk)^HR; RD: risk + RD), "
                       "rounded half up. Empty when it cannot be computed: no control risk, a mean difference, "
                       "or a rate in one group."}),
    "intervention_per_1000_low": ("integer", None, {
        "title": "Risk with the add-on per 1,000, lower end",
        "description": "Computed like intervention_per_1000, from the lower end of the effect's 95% confidence "
                       "interval (leaving out the uncertainty in the control risk itself)."}),
    "intervention_per_1000_high": ("integer", None, {
        "title": "Risk with the add-on per 1,000, upper end",
        "description": "Computed like intervention_per_1000, from the upper end of the effect's 95% confidence "
                       "interval (leaving out the uncertainty in the control risk itself)."}),
    "certainty": ("string", f"{OUTCOME}/certainty", {}),
    "statement": ("string", None, {
        "title": "Statement",
        "description": "Computed: GRADE's informative statement for the row (GRADE guidelines 26: high certainty "
                       "states the effect, moderate says 'probably', low 'may', very low 'we are very uncertain'; "
                       "'little or no difference' where the interval includes no effect). Empty for a row "
                       "without a comparison."}),
    "citation": ("string", f"{OUTCOME}/citation",
                 {"note": "The entry is in references.bib, published beside this file."}),
}
REQUIRED = ("record", "population", "outcome", "measure", "estimate", "certainty", "citation")


def table_schema(record_schema: dict) -> dict:
    """The Frictionless Table Schema (v2) of the CSV, from the record schema."""
    return table_schemas.table_schema(record_schema, FIELDS, REQUIRED, "Summary of findings", DESCRIPTION)


DESCRIPTION = ("One line per outcome row of every record of Fertility Immunotherapy Evidence: the effect as its "
               "source reports it, the risks out of 1,000 computed from it, and the GRADE certainty. Records are "
               "in id order, rows in the record's order. Content licence CC BY 4.0. A text cell that would start "
               "with = + - or @ starts with an apostrophe, so that spreadsheet programs do not run it as a formula.")


def table_schema_json(root: Path) -> str:
    return table_schemas.schema_json(table_schema(table_schemas.record_schema(root)))
