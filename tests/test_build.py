"""kb build: the real corpus becomes a complete, searchable site, or nothing changes."""
from __future__ import annotations

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
    for heading in ("In plain words", "For clinicians", "Proposed mechanism", "Claims checked",
                    "What the studies found", "Guideline and regulator positions", "Safety",
                    "Regimens studied", "References"):
        assert f">{heading}<" in html, heading
    for row in data["evidence"]["outcomes"]:
        assert f"{row['estimate']:g}".replace("-", "−") in html
    assert 'href="https://doi.org/' in html


def test_home_page_lists_every_record_by_kind_and_category(built):
    html = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="treatments">Treatments' in html and '<h2 id="tests">Tests' in html
    for data in records():
        assert f'href="{KIND_FOLDER[data["kind"]]}/{data["id"]}/"' in html


def test_bibliography_lists_every_reference_with_the_records_citing_it(built):
    html = (built / "site" / "bibliography" / "index.html").read_text(encoding="utf-8")
    bib = (ROOT / "evidence" / "references.bib").read_text(encoding="utf-8")
    for key in re.findall(r"^@\w+\{([^,]+),", bib, re.M):
        assert f'id="{key}"' in html, key
    assert "Cited by:" in html


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


def test_claims_page_lists_every_claim_by_source_linked_to_its_record(built):
    html = (built / "site" / "claims" / "index.html").read_text(encoding="utf-8")
    for data in records():
        for claim in data["claims"]:
            link = f'href="../{KIND_FOLDER[data["kind"]]}/{data["id"]}/#claim-{claim["id"]}"'
            assert link in html, claim["id"]
            record_html = page(built, data)
            assert f'id="claim-{claim["id"]}"' in record_html
    sources = {claim["source"] for data in records() for claim in data["claims"]}
    assert html.count("<h2 ") == len(sources)


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


def test_the_search_worker_is_the_themes_with_kbs_query_rule_appended(built):
    from kb.assets import SEARCH_WORKER_PATCH, THEME_WORKERS
    (theme_worker,) = THEME_WORKERS.glob("search.*.min.js")
    shipped = (built / "site" / "assets" / "javascripts" / "workers" / theme_worker.name).read_text(encoding="utf-8")
    theme_code, marker, source_map = theme_worker.read_text(encoding="utf-8").partition("//# sourceMappingURL=")
    assert shipped == theme_code + SEARCH_WORKER_PATCH.read_text(encoding="utf-8") + marker + source_map


def test_each_kind_has_a_listing_page_that_the_nav_links_instead_of_every_record(built):
    """Every page carries the whole nav: a nav of N records would make every page (and the
    build) grow with N. The nav links one listing page per kind; the listings link the records."""
    for kind, folder in KIND_FOLDER.items():
        listing = (built / "site" / folder / "index.html").read_text(encoding="utf-8")
        for data in records():
            if data["kind"] == kind:
                assert f'href="{data["id"]}/"' in listing, data["id"]
    page = (built / "site" / "treatments" / "intralipid" / "index.html").read_text(encoding="utf-8")
    nav = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
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
    """Each record is indexed by its title section (names, aliases, at a glance), its two
    summaries and the questions to ask; the other sections stay on the page only (BENCHMARKS.md:
    indexing them made the index about five times larger). Listing pages repeat the records."""
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not pages & {"bibliography/", "treatments/", "tests/", "tags/"}
    assert "claims/" in pages  # the claims ledger is searched, as the claims themselves are not
    searched = {"", "#in-plain-words", "#questions-to-ask-your-clinic", "#clinical-summary"}
    for data in records():
        location = f"{KIND_FOLDER[data['kind']]}/{data['id']}/"
        sections = {doc["location"].removeprefix(location) for doc in index["docs"]
                    if doc["location"].split("#")[0] == location}
        assert searched < sections and len(sections - searched) == 1, (data["id"], sections)  # + the h1
