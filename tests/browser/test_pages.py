"""Every page of the built site, opened in chromium: no console errors, no failed requests,
and no serious or critical accessibility violation found by axe-core."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, make_project

BLOCKING_IMPACTS = {"serious", "critical"}


def site_pages(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def every_page(real_site):
    base, root = real_site
    pages = site_pages(root / "site")
    assert len(pages) > 30, "the site looks incomplete"
    return base, pages


def test_every_page_loads_cleanly_and_passes_axe(every_page, page):
    base, pages = every_page
    axe = Axe()
    problems = []
    for path in pages:
        page.watch.problems.clear()
        url = base + path.removesuffix("index.html")
        page.goto(url, wait_until="networkidle")
        problems += [f"{path}: {p}" for p in page.watch.problems if "404.html" not in path or "HTTP 404" not in p]
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = "; ".join(" ".join(n["target"]) for n in violation["nodes"][:3])
                problems.append(f"{path}: axe {violation['impact']} {violation['id']}: {violation['help']} ({targets})")
    assert not problems, "\n".join(problems)


def test_the_not_medical_advice_notice_is_on_every_page(every_page, page):
    base, pages = every_page
    for path in pages:
        page.goto(base + path.removesuffix("index.html"))
        assert page.get_by_role("note", name="Not medical advice").is_visible(), path
