"""Drive the site's own search box the way a reader does, and read the results it shows."""
from __future__ import annotations

from urllib.parse import urljoin


def open_search(page, base_url: str) -> None:
    page.goto(base_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()


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


def record_url(base_url: str, folder: str, record_id: str) -> str:
    return urljoin(base_url, f"{folder}/{record_id}/")
