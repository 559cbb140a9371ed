"""The patient/clinician switch on record pages: the patient view leads, and the reader's
choice holds across pages and visits."""
from __future__ import annotations

import re

RECORD = "treatments/intralipid/"
OTHER = "treatments/low-molecular-weight-heparin/"


def visible(page, heading: str) -> bool:
    return page.locator("h2", has_text=heading).first.is_visible()


def test_a_record_opens_on_the_plain_summary(real_site, page):
    base, _ = real_site
    page.goto(base + RECORD)
    assert visible(page, "In plain words")
    assert not visible(page, "Clinical summary")


def test_the_clinician_view_is_remembered_on_other_records_and_after_reload(real_site, page):
    base, _ = real_site
    page.goto(base + RECORD)
    page.get_by_text("For clinicians", exact=True).first.click()
    assert visible(page, "Clinical summary") and not visible(page, "In plain words")
    page.goto(base + OTHER)
    assert visible(page, "Clinical summary")
    page.reload()
    assert visible(page, "Clinical summary")
    page.get_by_text("For patients", exact=True).first.click()
    page.goto(base + RECORD)
    assert visible(page, "In plain words")


def test_a_link_to_a_claim_opens_the_view_that_holds_it(real_site, page):
    base, _ = real_site
    page.goto(base + "claims/")
    page.get_by_role("link", name=re.compile(r"^Read the \d+ claims?$")).first.click()  # a source's claims
    link = page.locator("a[href*='#claim-']").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(f"**#{target}")
    assert visible(page, "Claims checked")  # the clinician view is open, though the patient view leads
