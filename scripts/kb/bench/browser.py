"""Search timing in a real browser: Debian's chromium driven by Playwright (a test dependency).

The tests' browser harness (tests/browser_harness.py) launches chromium with the same flags
and serves sites the same way; both live here so the bench and the tests cannot drift apart.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import threading
from contextlib import contextmanager
from pathlib import Path

# Playwright's own browser download does not work here (see field-notes.md), so we launch the
# system chromium. The background-networking flags stop chromium from dialling Google, which the
# closed network refuses and which would show up as failed requests.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


class BrowserMissing(Exception):
    pass


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the output to results
        pass


@contextmanager
def serve_directory(directory: Path):
    """Serve a folder on an ephemeral localhost port; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    """A headless Debian chromium; BrowserMissing says what to install when it cannot start."""
    executable = shutil.which("chromium")
    if executable is None:
        raise BrowserMissing("Debian's chromium is not installed: run `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserMissing("playwright is not installed: it is a test dependency (pip install -e '.[test]')") from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Runs in the page: type the query the way the search box listens for it (a keyup), and time
# until the result list holds results and the browser has painted them.
_TIME_QUERY = """async (query) => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  input.focus();
  input.value = "";
  input.dispatchEvent(new KeyboardEvent("keyup", {key: "Backspace"}));
  await new Promise(r => setTimeout(r, 100));
  return await new Promise((resolve, reject) => {
    let start;
    const watch = new MutationObserver(() => {
      if (list.querySelector(".md-search-result__item")) {
        watch.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - start));
      }
    });
    watch.observe(list, {childList: true, subtree: true});
    setTimeout(() => reject(new Error("no results for " + query)), 60000);
    input.value = query;
    start = performance.now();
    input.dispatchEvent(new KeyboardEvent("keyup", {key: query.slice(-1)}));
  });
}"""

_SEARCH_READY = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  return meta && !/Initializing/i.test(meta.textContent);
}"""


def search_timing(site: Path, queries: list[str], runs: int) -> tuple[float, dict[str, float]]:
    """(ms until search is ready after the home page loads, each query's median ms from typed to results shown)."""
    with serve_directory(site) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function(_SEARCH_READY, timeout=300_000)
        ready = page.evaluate("() => performance.now()")  # since navigation started
        timings: dict[str, list[float]] = {query: [] for query in queries}
        for _ in range(runs):  # each query in turn, so that every query meets the same noise
            for query in queries:
                timings[query].append(page.evaluate(_TIME_QUERY, query))
        page.close()
    return ready, {query: statistics.median(times) for query, times in timings.items()}
