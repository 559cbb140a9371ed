"""`kb build --offline`: the site works from file:// with search, and asks the network for nothing."""
from __future__ import annotations

import json

import pytest

from conftest import make_project
from search import results_shown, search


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    from kb.site import build_site
    root = make_project(tmp_path_factory.mktemp("offline") / "project")
    result = build_site(root, offline=True)
    assert result.ok, "\n".join(p.as_text() for p in result.problems)
    return root / "site"


def test_search_works_from_file_urls_with_no_network(offline_site, page):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto((offline_site / "index.html").as_uri(), wait_until="load")
    page.locator(".md-search__input").first.click()
    results = search(page, "Clexane")
    assert results and results[0].endswith("treatments/low-molecular-weight-heparin.html")
    first = results_shown(page)[0]
    assert "Treatment · certainty" in first["text"] and first["chips"] == 0  # kb's worker patches run here too
    assert [u for u in requested if not u.startswith(("file://", "data:", "blob:", "about:"))] == []
    assert page.watch.problems == []


def test_the_inlined_search_index_is_the_index_kb_ships(offline_site):
    """The offline plugin inlines the index after kb has indexed each page's names once."""
    inlined = (offline_site / "search" / "search_index.js").read_text(encoding="utf-8")
    shipped = (offline_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert json.loads(inlined.removeprefix("var __index = ")) == json.loads(shipped)
    assert not [doc["location"] for doc in json.loads(shipped)["docs"] if "#" in doc["location"] and "tags" in doc]


def test_offline_pages_link_to_html_files(offline_site, page):
    page.goto((offline_site / "compare.html").as_uri())
    page.locator(".kb-comparison a", has_text="Intralipid").click()
    page.wait_for_url("**/treatments/intralipid.html")  # and for the page to load: is_visible does not wait
    assert page.get_by_role("heading", name="Intralipid", level=1).is_visible()
