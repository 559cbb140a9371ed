"""Issue 13, phone-first: on a 390 px wide phone no page scrolls sideways, a table becomes
stacked rows (one card per row), and a figure's text is drawn at 12 px or more.

One page of every page type is opened: the types are read from the built site, so a new kind
of page is checked as soon as it is built. A record page is checked in each of its views.
Without JavaScript a table may scroll inside itself (kb.js labels the cells that stacking
needs), but the page still may not.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

PHONE = {"width": 390, "height": 844}
SMALLEST_TEXT_PX = 12

# The page types the site has today: discovery must find at least these (a type added later
# is found and checked without being listed here).
KNOWN_TYPES = {
    "", "404.html", "treatments", "treatments/*", "tests", "tests/*", "situations", "situations/*",
    "compare", "claims", "claims/*", "bibliography", "bibliography/*", "glossary", "tags",
    "tags/*/*", "how-to-read", "methods", "disclaimer",
}

# Runs in the page: every way the page fails a phone, one line each. `tablesMayScroll` is set
# when JavaScript is off, so that no script has labelled the tables' cells for stacking.
PHONE_PROBLEMS = """({width, smallest, tablesMayScroll}) => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + Array.from(el.classList).slice(0, 3).map((c) => "." + c).join("");
  const selector = (el) => {
    const names = [];
    for (let e = el; e && e !== document.body && names.length < 4; e = e.parentElement) names.unshift(name(e));
    return names.join(" > ");
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  // Whether a box that scrolls or clips holds the element in: a positioned element escapes
  // every box between it and its containing block.
  const heldIn = (el) => {
    let position = getComputedStyle(el).position;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (position === "fixed") return false;
      if (position === "absolute" && style.position === "static" && style.transform === "none") continue;
      if (style.overflowX !== "visible") return true;
      position = style.position;
    }
    return false;
  };
  const reachesPast = (el) => {
    const box = el.getBoundingClientRect();
    return box.right > width + 0.5 && box.width > 0 && shown(el) && !heldIn(el);
  };
  const all = Array.from(document.body.querySelectorAll("*"));

  // The page is no wider than the screen; name the outermost elements that reach past its edge.
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > width) {
    const sticking = all.filter((el) => reachesPast(el)
      && !(el.parentElement !== document.body && reachesPast(el.parentElement))
    ).sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    const named = sticking.slice(0, 3)
      .map((el) => `${selector(el)} (to ${Math.round(el.getBoundingClientRect().right)} px)`);
    problems.push(`the page is ${pageWidth} px wide, wider than the screen: `
      + (named.join("; ") || "no element found"));
  }

  // Nothing scrolls sideways inside itself either, but a block of code (and, without
  // JavaScript, a table): a figure reflows and a table stacks its rows.
  const mayScroll = "pre, pre *" + (tablesMayScroll ? ", table" : "");
  for (const el of all) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1
        && el.clientWidth > 0 && shown(el) && !el.matches(mayScroll)) {
      const table = el.matches("table") ? el : el.querySelector("table");
      const headings = table && Array.from(table.querySelectorAll("th"), (th) => th.textContent.trim());
      const holding = table ? ` (holding the table headed "${headings.slice(0, 3).join(" | ")}")`
        : el.firstElementChild ? ` (holding ${name(el.firstElementChild)})` : "";
      problems.push(`${selector(el)}${holding} scrolls sideways inside itself `
        + `(${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  }

  // A figure's text, at the scale its SVG is drawn (rendered width over viewBox width, read
  // from the text's screen transform so that nested transforms count too).
  for (const text of document.querySelectorAll("svg text")) {
    if (!shown(text) || !text.textContent.trim()) continue;
    const m = text.getScreenCTM();
    const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
    if (size < smallest - 0.01) {
      problems.push(`"${text.textContent.trim().slice(0, 40)}" in ${selector(text.closest("svg"))} `
        + `is drawn at ${size.toFixed(1)} px, under ${smallest} px`);
    }
  }
  return problems;
}"""


def page_type(path: str) -> str:
    """'treatments/ivig/index.html' -> 'treatments/*': a section's first folder names it and
    deeper folders are items in it; a page that is not a folder's index keeps its file name."""
    *folders, file = path.split("/")
    kind = "/".join(folders[:1] + ["*"] * (len(folders) - 1))
    return kind if file == "index.html" else "/".join(filter(None, [kind, file]))


def one_page_of_each_type(site: Path) -> dict[str, str]:
    """The largest page of each type (the most content, so the most to overflow): type -> path."""
    pages = defaultdict(list)
    for file in site.rglob("*.html"):
        path = file.relative_to(site).as_posix()
        if not path.startswith("assets/"):
            pages[page_type(path)].append((file.stat().st_size, path))
    return {kind: max(sized)[1] for kind, sized in pages.items()}


def phone_problems(page, tables_may_scroll: bool = False) -> list[str]:
    return page.evaluate(PHONE_PROBLEMS, {"width": PHONE["width"], "smallest": SMALLEST_TEXT_PX,
                                          "tablesMayScroll": tables_may_scroll})


def views(page) -> list[str | None]:
    """A page's tabs (a record's For patients / For clinicians), or one view if it has none."""
    names = page.locator(".tabbed-set").first.locator(":scope > .tabbed-labels > label").all_inner_texts()
    return list(dict.fromkeys(n.strip() for n in names)) or [None]


@pytest.fixture
def phone(browser):
    """phone(javascript=True) -> a page in a fresh 390 x 844 browser context."""
    contexts = []

    def open_page(javascript: bool = True):
        contexts.append(browser.new_context(viewport=PHONE, java_script_enabled=javascript))
        return contexts[-1].new_page()
    yield open_page
    for context in contexts:
        context.close()


def check_every_page_type(page, real_site, javascript: bool) -> tuple[list[str], dict[str, list]]:
    """The problems of one page of each type, in each of its views; and the views checked."""
    base, root = real_site
    problems, checked = [], {}
    for kind, path in sorted(one_page_of_each_type(root / "site").items()):
        page.goto(base + path.removesuffix("index.html"))
        checked[kind] = views(page)
        for view in checked[kind]:
            if view:
                page.locator(".tabbed-set").first.locator(":scope > .tabbed-labels > label", has_text=view).click()
            where = path + (f" ({view})" if view else "")
            problems += [f"{where}: {p}" for p in phone_problems(page, tables_may_scroll=not javascript)]
    return problems, checked


def test_page_types_are_found_in_the_built_site(real_site):
    found = set(one_page_of_each_type(real_site[1] / "site"))
    assert KNOWN_TYPES <= found, f"not found: {sorted(KNOWN_TYPES - found)}"
    assert page_type("treatments/ivig/index.html") == "treatments/*"
    assert page_type("tags/population/thin-endometrium/index.html") == "tags/*/*"
    assert page_type("index.html") == "" and page_type("404.html") == "404.html"


def test_no_page_type_is_wider_than_a_phone_and_tables_stack(phone, real_site):
    problems, checked = check_every_page_type(phone(), real_site, javascript=True)
    for record in ("treatments/*", "tests/*"):
        assert checked[record] == ["For patients", "For clinicians"], checked[record]
    assert not problems, "At 390 px wide:\n" + "\n".join(problems)


def test_without_javascript_no_page_type_is_wider_than_a_phone(phone, real_site):
    problems, checked = check_every_page_type(phone(javascript=False), real_site, javascript=False)
    assert checked["treatments/*"] == ["For patients", "For clinicians"]
    assert not problems, "At 390 px wide, without JavaScript:\n" + "\n".join(problems)


def test_on_a_phone_each_compared_record_is_a_card_naming_its_columns(phone, real_site):
    base, _ = real_site
    page = phone()
    page.goto(base + "compare/")
    table = page.locator(".kb-comparison table")
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    labels = row.locator(":scope > *").evaluate_all(  # the first cell is the card's title
        "cells => cells.slice(1).map(c => getComputedStyle(c, '::before').content)")
    # Each label is its column's heading, with empty alternative text: screen readers have the
    # heading already.
    assert labels == [f'"{h}" / ""' for h in headings[1:]]
    # The headings stay on screen as sort buttons.
    names = lambda: table.locator("tbody tr > :first-child").all_inner_texts()  # noqa: E731
    table.locator("thead th", has_text="Name").click()
    first = names()
    assert first in (sorted(first, key=str.casefold), sorted(first, key=str.casefold, reverse=True))
    table.locator("thead th", has_text="Name").click()
    assert names() == list(reversed(first))
    # The filters still hide the cards they leave out.
    page.select_option("select[data-kb-filter=kind]", "test")
    shown = table.locator("tbody tr:visible")
    assert 0 < shown.count() < len(first)
    assert set(shown.locator("td[data-label=Kind]").all_inner_texts()) == {"Test"}


WIDE_TABLE = ("<table><thead><tr>" + "<th>Heading</th>" * 12 + "</tr></thead><tbody><tr>"
              + "<td>a cell of words</td>" * 12 + "</tr></tbody></table>")
WIDE_BLOCK = '<div id="too-wide" style="width: 800px">a box drawn 800 px wide</div>'
WIDE_FIGURE = ('<div id="map" style="overflow-x: auto">'
               '<svg width="747" height="40" viewBox="0 0 747 40" style="max-width: none">'
               '<text x="0" y="20" font-size="12">a figure drawn at one width only</text></svg></div>')
TINY_TEXT = ('<svg id="tiny" viewBox="0 0 800 100" style="width: 100%">'
             '<text x="0" y="50" font-size="14">eight hundred units drawn in one column</text></svg>')


@pytest.mark.parametrize("html, flagged", [
    # The outcome tables and the evidence map as they were: each scrolled inside itself.
    (WIDE_TABLE, '> table (holding the table headed "Heading | Heading | Heading") scrolls sideways'),
    (WIDE_FIGURE, "div#map (holding svg) scrolls sideways inside itself (747 px in 358 px)"),
    (WIDE_BLOCK, "the page is 816 px wide, wider than the screen: "),
    (WIDE_BLOCK, "div#too-wide (to 816 px)"),
    (TINY_TEXT, "svg#tiny is drawn at 6.3 px, under 12 px"),
], ids=["table", "figure", "page", "widest-element", "small-text"])
def test_the_check_flags_what_a_phone_cannot_show(phone, real_site, html, flagged):
    """The checks above can fail: each of these, added to a page that passes, is reported."""
    base, _ = real_site
    page = phone()
    page.goto(base + "methods/")
    assert phone_problems(page) == []
    page.evaluate("html => document.querySelector('article').insertAdjacentHTML('beforeend', html)", html)
    problems = phone_problems(page)
    assert any(flagged in p for p in problems), problems
