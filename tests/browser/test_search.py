"""The site's own search box finds every record by every name readers use, and shows the answer.

Every name and alias in the records must bring up its record as the first result; everyday
phrases (lay_queries.yaml) must bring it up in the first three, and a name typed among other
words first. A record's result shows what a reader needs to choose: its name, treatment or
test, the certainty and what the evidence shows, and the first sentence of its plain summary;
never its aliases. Queries are typed into the real search box in chromium, as a reader would.

The theme searches every typed word as a prefix. kb's worker patch (scripts/kb/
search_worker_patch.js) makes a one-character word match only itself when another word was
typed, so "protein C test", "Gamunex-C" and "TH-1" find their record first; a lone first
letter is still a prefix, so results appear from the first key press.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from kb.render import labels
from kb.render.search_answer import first_sentence
from search import open_search, results_shown, search

RECORDS = {d["id"]: d for d in (yaml.safe_load(p.read_text(encoding="utf-8"))
                                 for p in sorted((ROOT / "evidence").glob("*.yaml")))}
NAMES = [(name, record_id) for record_id, d in RECORDS.items() for name in [d["name"], *d["aliases"]]]
LAY_QUERIES = yaml.safe_load((Path(__file__).parent / "lay_queries.yaml").read_text(encoding="utf-8"))
PHONE = {"width": 390, "height": 844}


def record_page(base: str, record_id: str) -> str:
    folder = {"treatment": "treatments", "test": "tests"}[RECORDS[record_id]["kind"]]
    return f"{base}{folder}/{record_id}/"


def open_box(real_site, browser, **context_options):
    """One page with the search open, reused for every query (the index loads once)."""
    base, _ = real_site
    context = browser.new_context(**context_options)
    page = context.new_page()
    open_search(page, base)
    return base, page, context


@pytest.fixture(scope="module")
def search_box(real_site, browser):
    base, page, context = open_box(real_site, browser)
    yield base, page
    context.close()


@pytest.fixture(scope="module")
def phone_search_box(real_site, browser):
    base, page, context = open_box(real_site, browser, viewport=PHONE)
    yield base, page
    context.close()


def answer(record: dict) -> list[str]:
    """What a record's result must show, in this order."""
    ev = record["evidence"]
    return [record["name"], labels.KIND[record["kind"]], labels.CERTAINTY[ev["certainty"]],
            labels.DIRECTION[ev["direction"]].lower(), first_sentence(record["summary"]["patient"])]


def test_every_name_and_alias_finds_its_record_first(search_box):
    base, page = search_box
    misses = []
    for query, record_id in NAMES:
        results = search(page, query)
        if record_page(base, record_id) not in results[:1]:
            misses.append(f"{query!r} -> {[r.removeprefix(base) for r in results[:3]]}, wanted {record_id}")
    assert not misses, f"{len(misses)} of {len(NAMES)} names do not find their record first:\n" + "\n".join(misses)


@pytest.mark.parametrize("case", LAY_QUERIES, ids=[c["query"] for c in LAY_QUERIES])
def test_everyday_words_find_the_record_in_the_top_three(search_box, case):
    base, page = search_box
    assert case["record"] in RECORDS, f"lay_queries.yaml names a record that does not exist: {case['record']}"
    results = search(page, case["query"])
    assert record_page(base, case["record"]) in results[:case.get("within", 3)], \
        [r.removeprefix(base) for r in results[:5]]


def test_every_record_shows_its_answer_and_not_its_aliases(search_box):
    base, page = search_box
    wrong = []
    for record_id, record in RECORDS.items():
        search(page, record["name"])
        first = results_shown(page)[0]
        shown, at = first["text"], 0
        for part in answer(record):  # each part, after the one before it
            found = shown.find(part, at)
            if found < 0:
                wrong.append(f"{record_id}: {part!r} not shown (after position {at}) in {shown!r}")
                break
            at = found + len(part)
        if any(result["chips"] for result in results_shown(page)):
            wrong.append(f"{record['name']!r}: the results show tag chips")
    assert not wrong, "\n".join(wrong)


def test_a_name_among_other_words_shows_the_answer_not_the_sections_that_match(search_box):
    # "steroids before transfer": the words match Corticosteroids' sections too; those fold into
    # "more on this page" under the answer.
    base, page = search_box
    search(page, "steroids before transfer")
    first = results_shown(page)[0]
    assert first["title"] == "Corticosteroids"
    assert first_sentence(RECORDS["corticosteroids"]["summary"]["patient"]) in first["text"]
    assert "Missing" not in first["text"]


def test_on_a_phone_a_record_result_leaves_room_for_the_next(phone_search_box):
    # Each record, searched by its name: its result takes at most a third of the screen, and the
    # next result starts on the screen.
    base, page = phone_search_box
    crowded = []
    for record in RECORDS.values():
        search(page, record["name"])
        shown = results_shown(page)
        first = shown[0]
        if first["height"] > PHONE["height"] / 3 or len(shown) > 1 and shown[1]["top"] > PHONE["height"]:
            crowded.append(f"{record['name']!r}: first result {first['height']:.0f} px tall")
    assert not crowded, "\n".join(crowded)


def test_a_query_with_a_one_letter_word_still_answers(search_box):
    # Regression: digits in the index tripped a lunr bug that failed any query with "c" in it.
    base, page = search_box
    assert search(page, "protein C")


def test_a_lone_first_letter_is_searched_as_a_prefix(search_box):
    # Searched as itself, "i" is an English stop word and would find nothing.
    base, page = search_box
    assert record_page(base, "intralipid") in search(page, "i")[:3]
