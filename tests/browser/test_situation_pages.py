"""Situation pages in the browser: the table sorts, and on a 390 px phone nothing scrolls sideways."""
from __future__ import annotations

CERTAINTY_ORDER = ["High", "Moderate", "Low", "Very low"]
PHONE = {"width": 390, "height": 844}


def situation_paths(base, page) -> list[str]:
    page.goto(base + "situations/")
    hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if not h.startswith(("http", "#", "..")) and h.endswith("/")]


def test_the_index_leads_to_a_page_per_situation(real_site, page):
    base, _ = real_site
    paths = situation_paths(base, page)
    assert "recurrent-implantation-failure/" in paths and "recurrent-pregnancy-loss/" in paths


def test_no_situation_page_scrolls_sideways_on_a_phone(real_site, browser):
    base, _ = real_site
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        for path in situation_paths(base, page):
            page.goto(base + "situations/" + path)
            assert page.locator(".kb-situation tbody tr").count() > 0, path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (path, width)
            rows = page.locator(".kb-situation tbody tr")
            box = rows.first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], path
    finally:
        context.close()


def test_sorting_by_certainty_orders_add_ons_by_grade_and_the_table_fits_the_text_column(real_site, browser):
    base, _ = real_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + "situations/recurrent-implantation-failure/")
        header = page.locator(".kb-situation th", has_text="Certainty")
        header.click()
        shown = page.eval_on_selector_all(
            ".kb-situation tbody td[data-label=Certainty] .kb-badge",
            "badges => badges.map(b => b.innerText.replace(/[⊕◯]/g, '').trim())")
        ranks = [CERTAINTY_ORDER.index(c) for c in shown]
        assert len(ranks) > 1 and ranks in (sorted(ranks), sorted(ranks, reverse=True))
        table = page.locator(".kb-situation table").bounding_box()
        article = page.locator("article").bounding_box()
        assert table["x"] + table["width"] <= article["x"] + article["width"] + 1  # fits the text column
    finally:
        context.close()
