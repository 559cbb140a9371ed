"""Cross-checks the JSON Schema cannot express. One small function per rule; its id is its name
in error messages (`[rule-id]`) and in tests/fixtures/invalid/<case>/expected.txt.

Record rules run on every record that loaded; on one that failed the schema, a rule's findings
are kept only where the schema has not already reported a problem (see checks.py).
"""
from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass
from functools import cache
from typing import Callable, Iterable, Iterator

from . import prose
from .bibliography import Reference
from .absolute_effects import RATIOS
from .corpus import Corpus, Record
from .findings import is_comparative, outcome_rows, verdict
from .grade import certainty_from, rank, working
from .readability import PATIENT_GRADE_LIMIT, grade_level
from .schema import field_name, text_fields


@dataclass
class Finding:
    """A rule's verdict on one place: a record field (json path) or a bibliography field."""
    message: str
    hint: str = ""
    path: tuple = ()
    record: Record | None = None
    reference: Reference | None = None
    field: str = ""
    severity: str = "error"
    on_key: bool = False
    snippet: str = ""  # the offending characters inside a text field, to point at them exactly,
    snippet_at: int = 0  # and where they are in the text


@dataclass(frozen=True)
class Rule:
    id: str
    check: Callable[..., Iterable[Finding]]
    scope: str  # "record": check(record, corpus); "corpus": check(corpus, records); "reference": check(ref)
    # A record rule that says better what the schema's error at the same place means: its
    # finding replaces the schema's there, rather than being dropped as a consequence of it.
    explains_schema: bool = False


RULES: list[Rule] = []


def rule(rule_id: str, scope: str, explains_schema: bool = False):
    def register(check):
        RULES.append(Rule(rule_id, check, scope, explains_schema))
        return check
    return register


# ---- helpers -------------------------------------------------------------------------------

def citation_sites(data: dict) -> Iterator[tuple[tuple, str]]:
    """Every (json path, citation key) in a record, wherever the schema allows citations."""
    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("citations", "proposed_by") and isinstance(item, list):
                    for i, cite in enumerate(item):
                        yield path + (key, i), cite
                elif key in ("citation", "source") and isinstance(item, str):
                    yield path + (key,), item
                else:
                    yield from walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, path + (i,))
    yield from walk(data, ())


def text_sites(value, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every (json path, text) in a record."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_sites(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from text_sites(item, path + (i,))


_CITATIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def record_citations(record: Record) -> list[tuple[tuple, str]]:
    """citation_sites of a loaded record, found once: checks and pages ask for them repeatedly."""
    if record not in _CITATIONS:
        _CITATIONS[record] = list(citation_sites(record.data))
    return _CITATIONS[record]


# ---- record rules --------------------------------------------------------------------------

@rule("id-matches-filename", "record")
def id_matches_filename(record: Record, corpus: Corpus):
    if record.data["id"] != record.stem:
        yield Finding(f"id '{record.data['id']}' does not match the file name '{record.stem}.yaml'",
                      f"rename the file to {record.data['id']}.yaml or set id: {record.stem}", ("id",))


@rule("citation-resolves", "record")
def citation_resolves(record: Record, corpus: Corpus):
    if not corpus.bibliography_loaded:
        return  # the missing or unreadable bibliography is reported once, on its own
    for path, key in record_citations(record):
        if key not in corpus.references and key not in corpus.broken_reference_keys and not typed_identifier(key):
            from difflib import get_close_matches  # only when something is wrong: start-up stays short
            near = get_close_matches(key, list(corpus.references), n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else f"add an entry '{key}' to {corpus.bib_path}"
            yield Finding(f"citation key '{key}' is not in {corpus.bib_path}", hint, path)


_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*\Z")


def typed_identifier(value):
    """The DOI or PMID an editor typed where a citation key belongs (a cite.Identifier), or None."""
    text = str(value)
    if _PLAIN_KEY.match(text) and not text.casefold().startswith(("doi:", "pmid:")):
        return None  # a key's form: the common case, decided without parsing
    from .cite import CiteError, parse_identifier  # cite reads this module's patterns
    try:
        return parse_identifier(text)
    except CiteError:
        return None


@rule("citation-is-a-key", "record", explains_schema=True)
def citation_is_a_key(record: Record, corpus: Corpus):
    """A DOI or PMID where a citation key belongs: name the key that already holds it, or the
    kb cite command that makes one."""
    for path, value in record_citations(record):
        identifier = typed_identifier(value)
        if identifier is None:
            continue
        from .cite import already_cited
        known = already_cited(identifier, corpus.references)
        if known:
            hint = (f"cite its key '{known.key}' instead: {corpus.bib_path} line {known.line} "
                    f"holds this {identifier.label}")
        else:
            hint = (f"cite a key, not the {identifier.label}: add the source with `kb cite {identifier.value} "
                    f"--key <surname><year> >> {corpus.bib_path}`, then cite that key")
        yield Finding(f"'{value}' is a {identifier.label}, not a citation key", hint, path)


@rule("related-exists", "record")
def related_exists(record: Record, corpus: Corpus):
    for i, other in enumerate(record.data["related"]):
        if other not in corpus.record_ids and other not in corpus.unloaded_ids:
            yield Finding(f"related record '{other}' does not exist", "use the id of a record in evidence/",
                          ("related", i))
        elif other == record.data["id"]:
            yield Finding("a record cannot be related to itself", "remove it from related", ("related", i))


@rule("review-date-not-future", "record")
def review_date_not_future(record: Record, corpus: Corpus):
    try:
        reviewed = dt.date.fromisoformat(record.data["review"]["last_reviewed"])
    except ValueError:
        return  # the schema's date format check has already reported it
    if reviewed > dt.date.today():
        yield Finding(f"last_reviewed {reviewed} is in the future", "use the date the review was done",
                      ("review", "last_reviewed"))


@rule("reviewed-complete", "record")
def reviewed_complete(record: Record, corpus: Corpus):
    """A record marked reviewed must not have an empty section; a draft may."""
    if record.data["review"]["status"] != "reviewed":
        return
    # `related` is not here: it depends on which other records exist yet. Claims stored in
    # another record that concern this one fill its claims section (see concerns).
    for section in ("claims", "positions", "safety", "regimens_studied"):
        if not record.data[section] and not (section == "claims" and record.id in corpus.concerned_ids):
            yield Finding(f"'{section}' is empty in a reviewed record",
                          "fill the section in, or set review.status to draft", (section,))
    if not record.data["evidence"]["questions"]:
        yield Finding("'evidence.questions' is empty in a reviewed record",
                      "add at least one question with its outcome rows, or set review.status to draft",
                      ("evidence", "questions"))
    if not record.data["mechanism"]["proposed_by"]:
        yield Finding("'mechanism.proposed_by' is empty in a reviewed record",
                      "cite who proposes the mechanism, or set review.status to draft", ("mechanism", "proposed_by"))
    if not record.data["review"]["reviewers"]:
        yield Finding("a reviewed record names no reviewer", "add who reviewed it", ("review", "reviewers"))


FILL_IN = "FILL IN"  # `kb new` starts every text the editor must write with this


@rule("template-text", "record")
def template_text(record: Record, corpus: Corpus):
    """Text that `kb new` wrote for the editor to replace: fine while drafting, never published as reviewed."""
    if "FILL" not in record.text and "\\" not in record.text:
        return  # no value can start with it: YAML writes a value's characters as they are, but for \ escapes
    review = record.data.get("review")
    reviewed = isinstance(review, dict) and review.get("status") == "reviewed"
    for path, text in text_sites(record.data):
        if text.startswith(FILL_IN):
            yield Finding(f"{field_name(path)} still holds the template's text: {text!r}",
                          "write it in your own words; the comment above the field says what goes there",
                          path, severity="error" if reviewed else "warning")


@rule("estimate-in-ci", "record")
def estimate_in_ci(record: Record, corpus: Corpus):
    for found in outcome_rows(record.data):
        row, where = found.row, found.path + ("ci",)
        if row["measure"] == "percent" and not 0 <= row["estimate"] <= 100:
            yield Finding(f"a percentage of {row['estimate']} is not between 0 and 100",
                          "check the number against the source", found.path + ("estimate",))
            continue
        if "ci" not in row:
            continue
        low, high = row["ci"]
        if low > high:
            yield Finding(f"confidence interval [{low}, {high}] is inverted", "write it as [low, high]", where)
        elif not low <= row["estimate"] <= high:
            yield Finding(f"estimate {row['estimate']} lies outside its interval [{low}, {high}]",
                          "check both numbers against the source", found.path + ("estimate",))
        elif row["measure"] in RATIOS and low <= 0:
            yield Finding(f"the interval of a ratio ({row['measure']}) cannot reach {low}: ratios are above 0",
                          "check the numbers against the source", where)
        elif row["measure"] == "percent" and (low < 0 or high > 100):
            yield Finding(f"the interval of a percentage, [{low}, {high}], goes beyond 0 to 100",
                          "check the numbers against the source", where)



@rule("control-risk-events", "record")
def control_risk_events(record: Record, corpus: Corpus):
    for found in outcome_rows(record.data):
        risk = found.row.get("control_risk", {})
        if "events" in risk and risk["events"] > risk["total"]:
            yield Finding(f"the control arm has {risk['events']} events out of {risk['total']} people",
                          "events cannot outnumber the people in the arm: check both against the source",
                          found.path + ("control_risk", "events"))


@rule("grade-adds-up", "record")
def grade_adds_up(record: Record, corpus: Corpus):
    """A row's certainty must follow from its GRADE domains, so every downgrade has its reason."""
    for found in outcome_rows(record.data):
        row = found.row
        if "grade" in row and certainty_from(row["grade"]) != row["certainty"]:
            computed = certainty_from(row["grade"])
            yield Finding(f"certainty '{row['certainty']}' does not follow from the GRADE domains, which give "
                          f"'{computed}': {working(row['grade'])}",
                          "change the certainty, or the domain ratings that do not match the source's judgement",
                          found.path + ("certainty",))


@rule("question-population-listed", "record")
def question_population_listed(record: Record, corpus: Corpus):
    for q, question in enumerate(record.data["evidence"]["questions"]):
        if question["population"] not in record.data["populations"]:
            yield Finding(f"question population '{question['population']}' is not in the record's populations",
                          f"add it to populations, or use one of: {', '.join(record.data['populations'])}",
                          ("evidence", "questions", q, "population"))


@rule("direction-supported", "record")
def direction_supported(record: Record, corpus: Corpus):
    """A verdict must agree with the critical outcomes it stands on: the record's `direction` with
    all of them, each population's with the rows of its questions."""
    evidence = record.data["evidence"]
    rows = [r for r in outcome_rows(record.data)
            if r.row["importance"] == "critical" and is_comparative(r.row) and not r.is_association]
    checks = [(("evidence", "direction"), evidence["direction"], rows, "the record")]
    for i, group in enumerate(evidence.get("by_population", [])):
        mine = [r for r in rows if r.population == group["population"]]
        checks.append((("evidence", "by_population", i, "direction"), group["direction"], mine,
                       f"population '{group['population']}'"))
    for path, direction, scoped, whose in checks:
        problem = direction_problem(direction, scoped)
        if problem:
            yield Finding(f"direction '{direction}' of {whose} {problem}",
                          "change the direction, or check the rows' importance, desirable, interval and certainty",
                          path)


def direction_problem(direction: str, rows: list) -> str:
    """Why `direction` does not follow from these critical comparative rows ('' when it does).
    'Shows' means the 95% CI excludes no effect; rows below low certainty show nothing."""
    def showing(what: str, at_least: str):
        return [r for r in rows if verdict(r.row) == what and rank(r.row["certainty"]) >= rank(at_least)]

    def named(found: list) -> str:
        return "; ".join(f"{field_name(r.path)} ({r.row['outcome']}, {r.row['measure']} {r.row['estimate']} "
                         f"[{r.row['ci'][0]}, {r.row['ci'][1]}], {r.row['certainty']})" for r in found)
    if direction != "uncertain" and not rows:
        return "has no critical outcome row with a comparison to stand on"
    considered = f" (the critical rows: {named(rows)})"
    if direction == "benefit" and not showing("benefit", "low"):
        return "needs a critical outcome whose interval shows benefit at low certainty or better; none does" + considered
    if direction == "benefit" and showing("harm", "low"):
        return f"is contradicted by harm in {named(showing('harm', 'low'))}"
    if direction == "harm" and not showing("harm", "low"):
        return "needs a critical outcome whose interval shows harm at low certainty or better; none does" + considered
    if direction == "no-benefit":
        if showing("benefit", "moderate"):
            return f"is contradicted by benefit in {named(showing('benefit', 'moderate'))}"
        if not [r for r in rows if verdict(r.row) != "benefit" and rank(r.row["certainty"]) >= rank("low")]:
            return "needs a critical outcome without benefit at low certainty or better; none has one" + considered
    if direction == "uncertain":
        clear = showing("benefit", "moderate") + showing("harm", "moderate")
        if clear:
            return f"hides a clear result at moderate certainty or better in {named(clear)}"
    return ""


@rule("prose-markup", "record")
def prose_markup(record: Record, corpus: Corpus):
    """Record text may use only the subset in kb/prose.py: no HTML, no links but http(s)."""
    for path, text in text_fields(record.data, corpus.root):
        for issue in prose.issues(text):
            yield Finding(issue.message, issue.hint, path, snippet=issue.found, snippet_at=issue.offset)


@rule("patient-readability", "record")
def patient_readability(record: Record, corpus: Corpus):
    """Patients must be able to read their summary: US grade 8 or below (Flesch-Kincaid)."""
    grade = grade_level(record.data["summary"]["patient"])
    if grade > PATIENT_GRADE_LIMIT:
        yield Finding(f"the patient summary reads at US grade {grade:.1f}; the limit is {PATIENT_GRADE_LIMIT:g}",
                      "use shorter sentences and everyday words; explain or drop jargon",
                      ("summary", "patient"))


@rule("claim-id-unique", "record")
def claim_id_unique(record: Record, corpus: Corpus):
    seen: set[str] = set()
    for i, claim in enumerate(record.data["claims"]):
        if claim["id"] in seen:
            yield Finding(f"claim id '{claim['id']}' is used twice in this record", "give each claim its own id",
                          ("claims", i, "id"))
        seen.add(claim["id"])


@rule("concerns-exists", "record")
def concerns_exists(record: Record, corpus: Corpus):
    """A claim about several records names the others: each must be a record, and not this one
    (the claim is stored here already)."""
    for c, claim in enumerate(record.data["claims"]):
        for i, other in enumerate(claim.get("concerns", [])):
            where = ("claims", c, "concerns", i)
            if other == record.data["id"]:
                yield Finding(f"claim '{claim['id']}' names its own record in concerns",
                              "a claim is stored in the record it is most about; list only the others", where)
            elif other not in corpus.record_ids and other not in corpus.unloaded_ids:
                yield Finding(f"claim '{claim['id']}' concerns record '{other}', which does not exist",
                              "use the id of a record in evidence/", where)


# ---- corpus rules --------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


@cache  # the same names are compared on every rebuild of kb serve
def normalise_name(name: str) -> str:
    """What two names must share to be the same name to a reader searching for it."""
    return " ".join(_WORD.findall(name.casefold()))


@rule("alias-unique", "corpus")
def alias_unique(corpus: Corpus, records: list[Record]):
    """A name a reader types must lead to one record: no alias (or name) shared by two records."""
    owner: dict[str, tuple[Record, str]] = {}
    for record in records:
        names = [(("name",), record.data["name"])] + [
            (("aliases", i), alias) for i, alias in enumerate(record.data["aliases"])]
        for path, name in names:
            norm = normalise_name(name)
            first = owner.setdefault(norm, (record, record.data["id"]))
            if first[0] is not record:
                yield Finding(f"'{name}' is also a name of record '{first[1]}' ({first[0].path})",
                              "an alias may belong to one record only", path, record)
            elif path[0] == "aliases" and norm == normalise_name(record.data["name"]):
                yield Finding(f"alias '{name}' repeats the record's name", "remove it", path, record)


@rule("record-id-unique", "corpus")
def record_id_unique(corpus: Corpus, records: list[Record]):
    seen: dict[str, Record] = {}
    for record in records:
        first = seen.setdefault(record.data["id"], record)
        if first is not record:
            yield Finding(f"id '{record.data['id']}' is already used by {first.path}",
                          "each record needs its own id", ("id",), record)


@rule("shared-claim-id-unique", "corpus")
def shared_claim_id_unique(corpus: Corpus, records: list[Record]):
    """A claim with concerns is shown, under its id, on the pages of the records it concerns too,
    and the ledger links there by it: no claim elsewhere may have the same id. (Two claims of one
    record with one id are claim-id-unique's to report.)"""
    holders: dict[str, list[Record]] = {}
    for record in records:
        for claim in record.data["claims"]:
            holders.setdefault(claim["id"], [])
            if record not in holders[claim["id"]]:
                holders[claim["id"]].append(record)
    for record in records:
        for c, claim in enumerate(record.data["claims"]):
            others = [r for r in holders[claim["id"]] if r is not record]
            if claim.get("concerns") and others:
                yield Finding(f"claim id '{claim['id']}' is also a claim id in {', '.join(r.path for r in others)}; "
                              "a claim with concerns needs an id used nowhere else",
                              "rename one of the claims", ("claims", c, "id"), record)


@rule("unused-reference", "corpus")
def unused_reference(corpus: Corpus, records: list[Record]):
    if len(records) != len(corpus.records) or not corpus.complete:
        return  # a record that failed to load or to match the schema may hold the citing key
    cited = {key for record in records for _, key in record_citations(record)}
    for key, reference in corpus.references.items():
        if key not in cited and KEY.match(key):  # a malformed key is reported as such
            yield Finding(f"reference '{key}' is not cited by any record", "cite it or remove it",
                          reference=reference, severity="warning")


@rule("identifier-unique", "corpus")
def identifier_unique(corpus: Corpus, records: list[Record]):
    """One source, one key: a DOI or PMID under two keys would split its citations and show the
    same paper twice in the bibliography."""
    first: dict[tuple[str, str], str] = {}
    for key, reference in corpus.references.items():
        for name in ("doi", "pmid"):
            value = reference.get(name)
            if not value:
                continue
            owner = first.setdefault((name, value.strip().casefold()), key)
            if owner != key:
                yield Finding(f"'{key}' has the same {name.upper()} as '{owner}' ({value})",
                              f"cite '{owner}' instead and remove this entry, or correct the {name.upper()}",
                              reference=reference, field=name)


# ---- bibliography rules --------------------------------------------------------------------

REQUIRED_FIELDS = {
    "article": ("title", "journal", "year"),
    "online": ("title", "url", "urldate"),
    "misc": ("title",),
    "report": ("title", "year"),
    "techreport": ("title", "year"),
    "book": ("title", "year"),
    "incollection": ("title", "booktitle", "year"),
}
DOI = re.compile(r"10\.\d{4,9}/\S+\Z")
PMID = re.compile(r"[1-9]\d{0,8}\Z")
URL = re.compile(r"https?://[^\s/$.?#<>\"'`\\][^\s<>\"'`\\]*\Z")
IDENTIFIERS = ("doi", "pmid", "url", "urldate")
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*\Z")  # = $defs/citationKey in the schema; keys become page anchors


@rule("bibtex-key-format", "reference")
def bibtex_key_format(ref: Reference):
    if not KEY.match(ref.key):
        yield Finding(f"entry key '{ref.key}' is not letters, digits, '_', ':' and '-'" if ref.key else "entry has no key",
                      "start with a letter, e.g. quenby2023_alife2", reference=ref)


@rule("bibtex-markup", "reference")
def bibtex_markup(ref: Reference):
    """Bibliography fields are shown as typed: HTML, character references and invisible
    characters are refused, as in record text (kb/prose.py)."""
    for name, value in ref.fields.items():
        if name in IDENTIFIERS:
            continue  # checked by their own rules, and only ever shown escaped or percent-encoded
        for issue in prose.issues(value):
            yield Finding(f"{name}: {issue.message}", issue.hint, reference=ref, field=name)


@rule("bibtex-entry-type", "reference")
def bibtex_entry_type(ref: Reference):
    if ref.entry_type not in REQUIRED_FIELDS:
        yield Finding(f"entry type @{ref.entry_type} is not one we format",
                      f"use one of: {', '.join('@' + t for t in REQUIRED_FIELDS)}", reference=ref)


@rule("bibtex-required-field", "reference")
def bibtex_required_field(ref: Reference):
    for name in REQUIRED_FIELDS.get(ref.entry_type, ()):
        if not ref.get(name):
            # field=name: an empty `title = {}` (as `kb cite` writes) is pointed at on its own line.
            yield Finding(f"@{ref.entry_type}{{{ref.key}}} is missing the required field '{name}'",
                          "copy it from the source record", reference=ref, field=name)
    if ref.entry_type == "online" and not (ref.get("author") or ref.get("organization")):
        yield Finding(f"@online{{{ref.key}}} names neither an author nor an organization",
                      "add organization = {Who publishes the page}", reference=ref)


@rule("bibtex-author", "reference")
def bibtex_author(ref: Reference):
    # A warning, not an error: a DOI-backed article whose author list we could not see is
    # still findable, and inventing authors is worse than showing none.
    if ref.entry_type == "article" and not ref.get("author"):
        yield Finding(f"@article{{{ref.key}}} has no author", "add the authors exactly as the source lists them",
                      reference=ref, severity="warning")


@rule("bibtex-identifier", "reference")
def bibtex_identifier(ref: Reference):
    """Every source must be findable: a DOI, a PMID, or a URL with the date it was read."""
    if ref.get("doi") or ref.get("pmid"):
        return
    if ref.get("url") and ref.get("urldate"):
        return
    yield Finding(f"'{ref.key}' has no DOI, no PMID and no URL with an access date",
                  "add doi = {...} or pmid = {...}; for a web page add url = {...} and urldate = {YYYY-MM-DD}",
                  reference=ref)


@rule("doi-format", "reference")
def doi_format(ref: Reference):
    doi = ref.get("doi")
    if doi and not DOI.match(doi):
        yield Finding(f"DOI '{doi}' is not well-formed", "a DOI looks like 10.1001/jama.2022.20438, with no https://doi.org/",
                      reference=ref, field="doi")


@rule("pmid-format", "reference")
def pmid_format(ref: Reference):
    pmid = ref.get("pmid")
    if pmid and not PMID.match(pmid):
        yield Finding(f"PMID '{pmid}' is not well-formed", "a PMID is digits only, e.g. 36472596",
                      reference=ref, field="pmid")


@rule("url-format", "reference")
def url_format(ref: Reference):
    url = ref.get("url")
    if url and not URL.match(url):
        yield Finding(f"URL '{url}' is not an http(s) address", "write the full https://... address",
                      reference=ref, field="url")
    urldate = ref.get("urldate")
    if urldate:
        try:
            dt.date.fromisoformat(urldate)
        except ValueError:
            yield Finding(f"urldate '{urldate}' is not a date", "write it as YYYY-MM-DD",
                          reference=ref, field="urldate")


@rule("year-format", "reference")
def year_format(ref: Reference):
    year = ref.get("year")
    if year and not re.fullmatch(r"(19|20)\d\d", year):
        yield Finding(f"year '{year}' is not a four-digit year", "write the publication year, e.g. 2022",
                      reference=ref, field="year")
