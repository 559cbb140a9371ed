"""Drive the site's own search box the way a reader does, and read the results it shows."""
from __future__ import annotations

from urllib.parse import urljoin


def open_search(page, base_url: str) -> None:
    """Open the home page and its search box: on a phone the box opens from the header's button."""
    page.goto(base_url, wait_until="networkidle")
    phone_button = page.locator('label.md-header__button[for="__search"]')
    if phone_button.is_visible():
        phone_button.click()
    else:
        page.locator(".md-search__input").first.click()


def search(page, query: str) -> list[str]:
    """Type a query; return the result links (absolute page URLs, anchors dropped), best first."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")
    box.fill(query)
    box.press("End")  # the theme searches on keyup, which fill() does not send
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.match(/\\d+ matching|No matching/)")
    links = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")
    return [link.split("#")[0].split("?")[0] for link in links]  # ?h= highlights the words


# Runs in the page: what each result shows before the reader opens "more on this page".
_SHOWN = """() => Array.from(document.querySelectorAll("li.md-search-result__item")).map(item => {
  const lead = item.querySelector(":scope > a.md-search-result__link article");
  const box = item.getBoundingClientRect();
  return {
    title: lead.querySelector("h1, h2").textContent.trim(),
    text: lead.textContent.replace(/\\s+/g, " ").trim(),
    chips: item.querySelectorAll(".md-tag").length,
    top: box.top, height: box.height,
  };
})"""


def results_shown(page) -> list[dict]:
    """For each result: its title, the text its lead entry shows, how many tag chips the result
    holds, and where it is on screen (top and height in CSS pixels)."""
    return page.evaluate(_SHOWN)


def record_url(base_url: str, folder: str, record_id: str) -> str:
    return urljoin(base_url, f"{folder}/{record_id}/")
