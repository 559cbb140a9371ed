"""Each figure is drawn wide and narrow; kb.css shows the one its column fits. On a desktop the
wide drawing shows, on a phone the narrow one: neither scrolls sideways and no text is drawn
below 12 px. (tests/browser/test_phone.py checks every page type on a phone.)"""
from __future__ import annotations

import pytest

PAGES = {"treatments/intralipid/": "kb-forest-intralipid", "": "kb-evidence-map"}

# Runs in the page: for each figure, which drawings are shown, at what width, with what smallest text.
SHOWN = """() => Array.from(document.querySelectorAll('.kb-figure')).filter(f => f.getClientRects().length)
  .map(f => ({scrolls: f.scrollWidth > f.clientWidth + 0.5,
    shown: Array.from(f.querySelectorAll(':scope > svg')).filter(s => getComputedStyle(s).display !== 'none')
      .map(s => ({id: s.id, smallest: Math.min(...Array.from(s.querySelectorAll('text'))
        .map(t => parseFloat(getComputedStyle(t).fontSize))) * s.getBoundingClientRect().width / s.viewBox.baseVal.width}))}))"""


@pytest.mark.parametrize("width, suffix", [(1280, ""), (1024, ""), (390, "-narrow")])
@pytest.mark.parametrize("path, figure", PAGES.items())
def test_the_drawing_that_fits_is_shown_whole_with_text_of_12px_or_more(real_site, browser, width, suffix, path,
                                                                          figure):
    base, _ = real_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + path)
    clinicians = page.get_by_text("For clinicians", exact=True)
    if clinicians.count():
        clinicians.first.click()  # the forest plot is in the clinicians' view
    figures = page.evaluate(SHOWN)
    context.close()
    (drawn,) = [f for f in figures if any(s["id"].startswith(figure) for s in f["shown"])]
    assert [s["id"] for s in drawn["shown"]] == [figure + suffix]
    assert not drawn["scrolls"]
    assert drawn["shown"][0]["smallest"] >= 12
