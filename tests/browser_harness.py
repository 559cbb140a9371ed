"""Browser test harness (a pytest plugin loaded by conftest.py): Debian's chromium driven by Playwright, and built sites served on localhost.

Playwright's own browser download does not work here (see field-notes.md), so we launch the
system chromium, with the flags kb bench uses too (kb/bench/browser.py).
"""
from __future__ import annotations

import shutil

import pytest

from conftest import make_project
from kb.bench.browser import CHROMIUM_ARGS, serve_directory  # shared with kb bench's search timing


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `apt-get install chromium` (.ci/run does this)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real corpus built once and served on localhost: yields (base URL, project root)."""
    from kb.site import build_site
    root = make_project(tmp_path_factory.mktemp("browser") / "project")
    result = build_site(root)
    assert result.ok, "\n".join(p.as_text() for p in result.problems)
    with serve_directory(root / "site") as url:
        yield url, root


class PageWatch:
    """Console errors, uncaught exceptions and failed requests seen by one page."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test, with .watch collecting its problems."""
    context = browser.new_context()
    new_page = context.new_page()
    new_page.watch = PageWatch(new_page)
    yield new_page
    context.close()
