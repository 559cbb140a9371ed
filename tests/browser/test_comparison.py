"""The comparison table sorts by any column and narrows with its filters, in the browser."""
from __future__ import annotations

CERTAINTY_ORDER = ["High", "Moderate", "Low", "Very low"]


def shown_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        ".kb-comparison tbody tr:not([hidden])",
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))")


def status(page) -> str:
    return page.locator(".kb-filter-status").inner_text()


def test_sorting_by_certainty_orders_rows_by_grade_not_alphabet(real_site, page):
    base, _ = real_site
    page.goto(base + "compare/")
    header = page.locator(".kb-comparison th", has_text="Certainty")
    header.click()
    first_pass = [row[2] for row in shown_rows(page)]
    header.click()
    second_pass = [row[2] for row in shown_rows(page)]
    ranks = [CERTAINTY_ORDER.index(c) for c in first_pass]
    assert ranks == sorted(ranks) or ranks == sorted(ranks, reverse=True)
    assert second_pass == list(reversed(first_pass)) or sorted(first_pass) == sorted(second_pass)
    assert first_pass != second_pass


def test_sorting_by_name_is_alphabetical(real_site, page):
    base, _ = real_site
    page.goto(base + "compare/")
    page.locator(".kb-comparison th", has_text="Name").click()
    names = [row[0] for row in shown_rows(page)]
    assert names in (sorted(names, key=str.casefold), sorted(names, key=str.casefold, reverse=True))


def test_filters_narrow_the_table_and_say_how_many_are_shown(real_site, page):
    base, _ = real_site
    page.goto(base + "compare/")
    total = len(shown_rows(page))
    assert status(page) == f"Showing {total} of {total} records."
    page.select_option("select[data-kb-filter=kind]", "test")
    tests = shown_rows(page)
    assert tests and all(row[1] == "Test" for row in tests) and len(tests) < total
    page.select_option("select[data-kb-filter=kind]", "")
    page.fill("input[data-kb-filter=text]", "clexane")  # an alias, not the name
    assert [row[0] for row in shown_rows(page)] == ["Low-molecular-weight heparin"]
    assert status(page) == f"Showing 1 of {total} records."


def test_population_filter_keeps_only_records_for_that_population(real_site, page):
    base, _ = real_site
    page.goto(base + "compare/")
    page.select_option("select[data-kb-filter=populations]", "thin-endometrium")
    rows = shown_rows(page)
    assert rows and all("Thin endometrium" in row[6] for row in rows)
