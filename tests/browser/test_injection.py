"""No script from any record field runs, even if validation were bypassed.

The fixture tests/fixtures/invalid/prose-injection-every-field/ puts script payloads in every
free-text field of a record and in the bibliography (script tags, event attributes, javascript:
and data: links, attribute lists, md_in_html, character references, reference links; aliases that
would break out of an attribute or the front matter, where they become search tags). kb validate
refuses it (see its expected.txt); here it is rendered and built anyway, the way a bug in the
checks would let it through, and every page is opened in chromium, search included.
"""
from __future__ import annotations

import pytest

from browser_harness import serve_directory
from conftest import FIXTURES, make_project

PAYLOADS = FIXTURES / "invalid" / "prose-injection-every-field" / "evidence"

# Everything a payload could have turned into, read from the live DOM (after the theme's
# scripts ran, so also what they inserted).
INJECTED = r"""() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} has ${attr.name}`);
      if (/^(href|src|action|formaction|xlink:href|data)$/i.test(attr.name)
          && /^\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
    // The theme's own elements (search's <details>) and the situation tables' folded "Why" are ours.
    const theirs = [...el.classList].some(name => name.startsWith('md-')) || el.classList.contains('kb-situation-why');
    if (['IFRAME', 'OBJECT', 'EMBED', 'IMG', 'DETAILS', 'BASE', 'FRAME'].includes(el.tagName) && !theirs) found.push(el.tagName);
    if (el.id === 'pwn' || el.classList.contains('pwn')) found.push('attribute list applied');
  }
  for (const script of document.scripts) {
    // A record page's JSON-LD holds record text as data, never run: it must stay one JSON value.
    if (script.type === 'application/ld+json') {
      try { JSON.parse(script.textContent); } catch (error) { found.push('JSON-LD that is not JSON'); }
      continue;
    }
    if (script.textContent.includes('alert')) found.push('inline script: ' + script.textContent.slice(0, 60));
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.href, location.href);
    if (!['http:', 'https:'].includes(url.protocol)) found.push('link to ' + a.href);
    if (url.origin !== location.origin && !/\bnoopener\b/.test(a.rel) && a.host !== 'squidfunk.github.io') {
      found.push('external link without rel=noopener: ' + a.href);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The payload corpus, rendered and built without the checks; served on localhost."""
    from kb.assets import install_vendor_assets
    from kb.corpus import load_corpus
    from kb.render.pages import navigation, render_site
    from kb.render.fills import fill_site
    from kb.site import run_engine

    root = make_project(tmp_path_factory.mktemp("hostile") / "project", PAYLOADS)
    corpus = load_corpus(root)
    assert not corpus.problems, "the payloads must load: only the checks may refuse them"
    rendered = render_site(corpus, root / "docs")
    assert install_vendor_assets(root / "docs") == []
    run_engine(root, root / "docs", root / "site", navigation(corpus))
    fill_site(root / "site", rendered.fills, directory_urls=True)
    pages = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html"))
    with serve_directory(root / "site") as url:
        yield url, pages


def open_watched(page, url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="networkidle")
    return dialogs


def test_the_payload_corpus_reaches_every_kind_of_page(hostile_site):
    _, pages = hostile_site
    assert {"index.html", "treatments/alpha-infusion/index.html", "bibliography/index.html",
            "claims/index.html", "compare/index.html", "tags/index.html", "glossary/index.html",
            "tags/category/immunomodulator/index.html"} <= set(pages)


def test_no_payload_runs_or_becomes_markup_on_any_page(hostile_site, page):
    url, pages = hostile_site
    for path in pages:
        dialogs = open_watched(page, url + path.removesuffix("index.html"))
        assert dialogs == [], f"{path}: a script ran"
        assert page.evaluate(INJECTED) == [], path
    assert page.watch.problems == [], "an injected element tried to load something"


def test_payloads_are_shown_as_the_text_they_are(hostile_site, page):
    url, _ = hostile_site
    open_watched(page, url + "treatments/alpha-infusion/")
    article = page.inner_text("article")
    assert '<script>alert("patient")</script>' in article
    assert '"><svg onload=alert(\'alias-attribute\')>' in article
    page.get_by_text("For clinicians", exact=True).first.click()  # the view that holds the rest
    assert '[click](javascript:alert("clinician"))' in page.inner_text("article")
    assert "<img src=x onerror=alert('name')>" in page.title()


def test_search_results_do_not_run_payloads(hostile_site, page):
    url, _ = hostile_site
    dialogs = open_watched(page, url)
    page.keyboard.press("/")  # mkdocs-material's shortcut: focus the search box
    page.keyboard.type("alert")
    page.wait_for_selector(".md-search-result__item", state="attached")
    page.keyboard.type(" script")
    page.wait_for_timeout(500)  # results are re-rendered as the query changes
    assert dialogs == []
    assert page.evaluate(INJECTED) == []
