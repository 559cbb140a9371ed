"""kb build: the real corpus becomes a complete, searchable site, or nothing changes."""
from __future__ import annotations

import html
import json
import re

import pytest
import yaml

from conftest import ROOT, make_project, mkdocs_config
from kb.render.labels import KIND_FOLDER

REQUIRED_RECORDS = ("intralipid", "low-molecular-weight-heparin", "endometrial-receptivity-testing")
SEPARATOR = re.compile(mkdocs_config()["plugins"][0]["search"]["separator"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One full build of the real corpus, shared by the tests below."""
    from kb.site import build_site
    root = make_project(tmp_path_factory.mktemp("build") / "project")
    result = build_site(root)
    assert result.ok, "\n".join(p.as_text() for p in result.problems)
    return root


def records():
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "evidence").glob("*.yaml"))]


def page(root, data):
    return (root / "site" / KIND_FOLDER[data["kind"]] / data["id"] / "index.html").read_text(encoding="utf-8")


def test_required_records_are_present_and_reviewed():
    by_id = {r["id"]: r for r in records()}
    for record_id in REQUIRED_RECORDS:
        assert by_id[record_id]["review"]["status"] == "reviewed"


@pytest.mark.parametrize("data", records(), ids=lambda d: d["id"])
def test_every_record_renders_completely(built, data):
    html = page(built, data)
    for heading in ("In plain words", "What the studies found for women like you", "Safety and cost",
                    "What guidelines say", "For clinicians", "Proposed mechanism", "Claims checked",
                    "What the studies found", "Guideline and regulator positions", "Safety",
                    "Regimens studied", "References"):
        assert f">{heading}<" in html, heading
    assert html.count('class="kb-stack kb-sof"') == len(data["evidence"]["questions"])  # a table per question
    for question in data["evidence"]["questions"]:
        for row in question["outcomes"]:
            assert f"{row['estimate']:g}".replace("-", "−") in html
    assert 'href="https://doi.org/' in html


def test_home_page_shows_the_evidence_map_and_leads_to_the_listings(built):
    html = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="evidence-map"' in html and 'id="kb-evidence-map"' in html  # the heading, and the map filled in
    for folder in set(KIND_FOLDER.values()):
        assert f'href="{folder}/"' in html
    assert 'href="compare/"' in html


def test_bibliography_lists_every_reference_with_the_records_citing_it_by_letter(built):
    from kb.bibliography import parse_bibliography
    from kb.render.bibliography_pages import letter

    references, _ = parse_bibliography((ROOT / "evidence" / "references.bib").read_text(encoding="utf-8"))
    index = (built / "site" / "bibliography" / "index.html").read_text(encoding="utf-8")
    for key, ref in references.items():
        page = (built / "site" / "bibliography" / letter(ref) / "index.html").read_text(encoding="utf-8")
        assert f'id="{key}"' in page, key
        assert f'href="{letter(ref)}/"' in index
    key = next(d for d in records() if d["id"] == "intralipid")["evidence"]["questions"][0]["outcomes"][0]["citation"]
    page = (built / "site" / "bibliography" / letter(references[key]) / "index.html").read_text(encoding="utf-8")
    entry = page.split(f'id="{key}"', 1)[1].split("</li>", 1)[0]
    assert "Cited by:" in entry and 'href="../../treatments/intralipid/"' in entry


def test_every_page_carries_the_not_medical_advice_notice(built):
    pages = list((built / "site").rglob("index.html"))
    assert len(pages) >= 8
    for html_page in pages:
        assert "Not medical advice." in html_page.read_text(encoding="utf-8"), html_page


def test_every_alias_is_in_its_records_search_entry(built):
    """mkdocs-material's search matches typed words as prefixes of indexed tokens; an alias is
    findable when each of its words is a token of the record's indexed text."""
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    for data in records():
        location = f"{KIND_FOLDER[data['kind']]}/{data['id']}/"
        text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"]
                        if doc["location"].split("#")[0] == location)
        tokens = {t.lower() for t in SEPARATOR.split(re.sub("<[^>]+>", " ", text)) if t}
        for alias in data["aliases"] + [data["name"]]:
            words = [w.lower() for w in SEPARATOR.split(alias) if w]
            assert all(w in tokens for w in words), f"{data['id']}: alias '{alias}' not indexed"


def test_a_records_names_are_indexed_once_on_the_page_itself(built):
    """The theme copies a page's tags (a record's name and aliases) into every section's entry;
    kb keeps them on the page's own entry, where they still put the page first (kb/search_index.py)."""
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    for data in records():
        location = f"{KIND_FOLDER[data['kind']]}/{data['id']}/"
        page, *sections = [doc for doc in index["docs"] if doc["location"].split("#")[0] == location]
        assert page["location"] == location
        assert {data["name"], *data["aliases"]} <= {html.unescape(tag) for tag in page["tags"]}, data["id"]
        assert sections and not [doc["location"] for doc in sections if "tags" in doc]


def test_a_records_search_answer_is_on_the_page_itself_and_not_searched(built):
    """The answer a record's search result shows (render/search_answer.py) is a field of the
    page's own entry that lunr does not index (kb/search_index.py)."""
    from kb.render.search_answer import search_answer
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "search_answer" not in index["config"]["fields"]
    for data in records():
        location = f"{KIND_FOLDER[data['kind']]}/{data['id']}/"
        page, *sections = [doc for doc in index["docs"] if doc["location"].split("#")[0] == location]
        assert page["search_answer"] == search_answer(data), data["id"]
        assert not [doc["location"] for doc in sections if "search_answer" in doc]
    assert not [doc["location"] for doc in index["docs"]
                if "search_answer" in doc and not doc["location"].startswith(tuple(KIND_FOLDER.values()))]


def test_a_failed_build_leaves_the_previous_site_untouched(built):
    from kb.site import build_site
    before = {p: p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()}
    record = built / "evidence" / "intralipid.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("kind: treatment", "kind: treatmnt"), encoding="utf-8")
    try:
        result = build_site(built)
    finally:
        record.write_text(good, encoding="utf-8")
    assert not result.ok
    after = {p: p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list((built / ".build").glob("stage-*")), "staging folders must be cleaned up"


def test_generated_pages_are_not_in_the_source_tree(built):
    assert not (built / "content" / "treatments").exists()
    assert not (built / "content" / "bibliography.md").exists()


def test_the_claims_ledger_lists_every_claim_by_source_linked_to_its_record(built):
    index = (built / "site" / "claims" / "index.html").read_text(encoding="utf-8")
    sources = {claim["source"] for data in records() for claim in data["claims"]}
    assert index.count("<h2 ") == len(sources)
    ledger = "".join(p.read_text(encoding="utf-8") for p in (built / "site" / "claims").glob("*/index.html"))
    for data in records():
        for claim in data["claims"]:
            link = f'href="../../{KIND_FOLDER[data["kind"]]}/{data["id"]}/#claim-{claim["id"]}"'
            assert link in ledger, claim["id"]
            assert f'id="claim-{claim["id"]}"' in page(built, data)


def test_a_sources_claims_are_paged_by_record_so_no_ledger_page_grows_with_the_corpus(project):
    """One source's claims about 60 records: three pages of at most 25 records, each linked
    from the ledger's index and from each other."""
    import copy

    from kb.corpus import load_corpus
    from kb.render.claims import RECORDS_PER_PAGE, claims_pages

    corpus = load_corpus(project(ROOT / "evidence"))
    template = next(r for r in corpus.records if r.data["claims"])
    source = template.data["claims"][0]["source"]
    clones = []
    for n in range(60):
        clone = copy.copy(template)
        clone.data = dict(template.data, id=f"clone-{n:02}", name=f"Clone {n:02}",
                          claims=[dict(template.data["claims"][0])])
        clones.append(clone)
    corpus.records = clones
    pages = claims_pages(corpus)
    folder = next(path.split("/")[1] for path in pages if path.count("/") == 2)
    assert sorted(p for p in pages if p.startswith(f"claims/{folder}/")) == [
        f"claims/{folder}/2.md", f"claims/{folder}/3.md", f"claims/{folder}/index.md"]
    assert all(pages[p].count("clone-") <= RECORDS_PER_PAGE for p in pages if p != "claims/index.md")
    assert "Clone 25 to Clone 49" in pages["claims/index.md"] and f"({folder}/2.md)" in pages["claims/index.md"]
    assert "[3](3.md)" in pages[f"claims/{folder}/2.md"] and "[1](index.md)" in pages[f"claims/{folder}/2.md"]
    assert source in pages["claims/index.md"]


# ---- Data for others, tags, glossary, comparison ------------------------------------------

def test_the_dataset_export_is_valid_against_its_published_schema(built):
    import jsonschema
    from referencing import Registry, Resource

    data = built / "site" / "data"
    dataset = json.loads((data / "fertility-evidence.json").read_text(encoding="utf-8"))
    schemas = {name: json.loads((data / name).read_text(encoding="utf-8"))
               for name in ("dataset.schema.json", "record.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    jsonschema.Draft202012Validator(schemas["dataset.schema.json"], registry=registry).validate(dataset)
    assert [r["id"] for r in dataset["records"]] == sorted(r["id"] for r in records())
    assert len(dataset["references"]) == (ROOT / "evidence" / "references.bib").read_text().count("\n@")


def test_the_csv_has_one_row_per_record_and_the_bibliography_is_published(built):
    import csv
    text = (built / "site" / "data" / "comparison.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in records())
    assert (built / "site" / "data" / "references.bib").read_bytes() == (ROOT / "evidence" / "references.bib").read_bytes()


def test_the_summary_of_findings_has_a_line_per_outcome_row_and_is_linked_from_home(built):
    import csv
    text = (built / "site" / "data" / "summary-of-findings.csv").read_text(encoding="utf-8")
    lines = list(csv.DictReader(text.splitlines()))
    expected = [(d["id"], row["outcome"]) for d in sorted(records(), key=lambda d: d["id"])
                for question in d["evidence"]["questions"] for row in question["outcomes"]]
    assert [(line["record"], line["outcome"].lstrip("'")) for line in lines] == expected
    assert (built / "site" / "data" / "summary-of-findings.schema.json").is_file()
    assert 'href="data/summary-of-findings.csv"' in (built / "site" / "index.html").read_text(encoding="utf-8")


def test_every_population_with_evidence_has_a_situation_page_linking_its_add_ons(built):
    by_population = {}
    for data in records():
        evidence = data["evidence"]
        for population in {q["population"] for q in evidence["questions"]} | {
                b["population"] for b in evidence.get("by_population", [])}:
            by_population.setdefault(population, []).append(data)
    assert by_population
    for population, listed in by_population.items():
        page = (built / "site" / "situations" / population / "index.html").read_text(encoding="utf-8")
        for data in listed:
            assert f'href="../../{KIND_FOLDER[data["kind"]]}/{data["id"]}/"' in page, (population, data["id"])


def test_every_record_links_to_its_published_yaml_source(built):
    for data in records():
        html = page(built, data)
        assert f'data/records/{data["id"]}.yaml"' in html
        assert (built / "site" / "data" / "records" / f"{data['id']}.yaml").is_file()


def test_tags_come_only_from_schema_vocabularies(built):
    schema = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    vocab = {"population": schema["$defs"]["population"]["enum"], "category": schema["$defs"]["category"]["enum"],
             "certainty": schema["$defs"]["certainty"]["enum"]}
    tags = built / "site" / "tags"
    for facet, values in vocab.items():
        used = {p.name for p in (tags / facet).iterdir()}
        assert used and used <= set(values), (facet, used - set(values))
    bodies = schema["$defs"]["position"]["properties"]["body"]["enum"]
    assert all(p.name.split("-")[0].upper() in bodies for p in (tags / "stance").iterdir())


def test_glossary_terms_become_tooltips_on_record_pages(built):
    html = page(built, next(d for d in records() if d["id"] == "nk-cell-testing"))
    assert re.search(r'<abbr title="[^"]+">NK</abbr>', html)
    assert (built / "site" / "glossary" / "index.html").is_file()


def test_the_comparison_table_lists_every_record_with_filter_data(built):
    html = (built / "site" / "compare" / "index.html").read_text(encoding="utf-8")
    for data in records():
        assert f'data-certainty="{data["evidence"]["certainty"]}"' in html
        assert f'>{data["name"]}</a>' in html.replace("&amp;", "&")


def test_the_search_worker_is_the_themes_with_kbs_patches_appended(built):
    from kb.assets import THEME_WORKERS, search_worker_patches
    (theme_worker,) = THEME_WORKERS.glob("search.*.min.js")
    shipped = (built / "site" / "assets" / "javascripts" / "workers" / theme_worker.name).read_text(encoding="utf-8")
    theme_code, marker, source_map = theme_worker.read_text(encoding="utf-8").partition("//# sourceMappingURL=")
    assert shipped == theme_code + search_worker_patches() + marker + source_map


def test_each_kind_has_a_listing_page_that_the_nav_links_instead_of_every_record(built):
    """Every page carries the whole nav: a nav of N records would make every page (and the
    build) grow with N. The nav links one listing page per kind; the listings link the records."""
    for kind, folder in KIND_FOLDER.items():
        listing = (built / "site" / folder / "index.html").read_text(encoding="utf-8")
        for data in records():
            if data["kind"] == kind:
                assert f'href="{data["id"]}/"' in listing, data["id"]
    page = (built / "site" / "treatments" / "intralipid" / "index.html").read_text(encoding="utf-8")
    # The whole primary sidebar: its nav holds nested sections' navs (Find your situation, About).
    nav = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]
    assert 'href="../"' in nav and "aspirin" not in nav


SVG_ELEMENTS = {"svg", "g", "title", "desc", "rect", "line", "path", "circle", "polygon", "text", "tspan", "a"}


def test_figures_reach_every_page_as_drawn(built):
    # Markdown must not touch a figure: inside a tab, it once read the SVG as a paragraph and the
    # glossary's abbr extension put <abbr> into <text>, where the browser draws nothing.
    for path in (built / "site").rglob("*.html"):
        for svg in re.findall(r"<svg\b.*?</svg>", path.read_text(encoding="utf-8"), re.S):
            elements = set(re.findall(r"<([a-zA-Z][\w-]*)", svg))
            assert elements <= SVG_ELEMENTS, f"{path.relative_to(built)}: {sorted(elements - SVG_ELEMENTS)} inside an SVG"


def test_search_indexes_a_record_by_its_names_glance_summaries_and_questions(built):
    """Each record is indexed by its title, its two summaries, the questions to ask (with the
    clinician's copy of at a glance) and its names; the other sections stay on the page only (BENCHMARKS.md:
    indexing them made the index about four times larger). Listing pages repeat the records."""
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not pages & {"bibliography/", "treatments/", "tests/", "tags/"}
    assert "claims/" in pages  # the claims ledger is searched, as the claims themselves are not
    searched = {"", "#in-plain-words", "#questions-to-ask-your-clinic", "#clinical-summary", "#other-names-and-tags"}
    for data in records():
        location = f"{KIND_FOLDER[data['kind']]}/{data['id']}/"
        sections = {doc["location"].removeprefix(location) for doc in index["docs"]
                    if doc["location"].split("#")[0] == location}
        assert searched < sections and len(sections - searched) == 1, (data["id"], sections)  # + the h1


# ---- what other tools read ----------------------------------------------------------------------

def test_the_data_package_of_the_built_site_validates_with_frictionless(built):
    import frictionless
    report = frictionless.validate(str(built / "site" / "data" / "datapackage.json"))
    assert report.valid, [error.message for task in report.tasks for error in task.errors][:5]
    assert {task.name for task in report.tasks} == {"summary-of-findings", "comparison"}
    assert report.tasks[0].stats["rows"] > 100  # every outcome row of the real records was checked


@pytest.mark.parametrize("data", records(), ids=lambda d: d["id"])
def test_every_record_page_carries_json_ld_and_citation_tags_naming_its_record(built, data):
    head = page(built, data).split("</head>", 1)[0]
    [found] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    document = json.loads(found)
    assert document["@type"] == "MedicalWebPage" and document["name"] == data["name"]
    assert document["about"]["name"] == data["name"] and document["lastReviewed"] == data["review"]["last_reviewed"]
    assert len(document["citation"]) >= 1
    assert f'<meta name="citation_title" content="{html.escape(data["name"])}">' in head


def test_the_data_page_lists_the_downloads_and_every_record_page_offers_its_citation(built):
    data_page = (built / "site" / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="datapackage.json"' in data_page and 'href="fhir/intralipid.json"' in data_page
    assert "CC BY 4.0" in data_page
    intralipid = page(built, {"kind": "treatment", "id": "intralipid"})
    assert 'href="../../data/cite/intralipid.ris"' in intralipid and 'href="../../data/cite/intralipid.json"' in intralipid
    for path in ("cite/intralipid.ris", "cite/intralipid.json", "fhir/intralipid.json", "references.json",
                 "references.ris"):
        assert (built / "site" / "data" / path).is_file(), path
