"""The built site opens in a real browser without errors."""
from __future__ import annotations


def test_home_page_loads_without_console_errors_or_failed_requests(real_site, page):
    url, _ = real_site
    page.goto(url, wait_until="networkidle")
    assert "not medical advice" in page.content().lower()
    assert page.watch.problems == []
