"""The site's own search box finds every record by every name readers use.

Every name and alias in the records must bring up its record as the first result; everyday
phrases (lay_queries.yaml) must bring it up in the first three. Queries are typed into the
real search box in chromium, as a reader would.

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
from search import open_search, search

RECORDS = {d["id"]: d for d in (yaml.safe_load(p.read_text(encoding="utf-8"))
                                 for p in sorted((ROOT / "evidence").glob("*.yaml")))}
NAMES = [(name, record_id) for record_id, d in RECORDS.items() for name in [d["name"], *d["aliases"]]]
LAY_QUERIES = yaml.safe_load((Path(__file__).parent / "lay_queries.yaml").read_text(encoding="utf-8"))


def record_page(base: str, record_id: str) -> str:
    folder = {"treatment": "treatments", "test": "tests"}[RECORDS[record_id]["kind"]]
    return f"{base}{folder}/{record_id}/"


@pytest.fixture(scope="module")
def search_box(real_site, browser):
    """One page with the search open, reused for every query (the index loads once)."""
    base, _ = real_site
    context = browser.new_context()
    page = context.new_page()
    open_search(page, base)
    yield base, page
    context.close()


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
    assert record_page(base, case["record"]) in results[:3], [r.removeprefix(base) for r in results[:5]]


def test_a_query_with_a_one_letter_word_still_answers(search_box):
    # Regression: digits in the index tripped a lunr bug that failed any query with "c" in it.
    base, page = search_box
    assert search(page, "protein C")


def test_a_lone_first_letter_is_searched_as_a_prefix(search_box):
    # Searched as itself, "i" is an English stop word and would find nothing.
    base, page = search_box
    assert record_page(base, "intralipid") in search(page, "i")[:3]
