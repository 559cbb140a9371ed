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


def test_a_claim_about_several_records_is_reached_from_the_ledger_and_links_back_to_its_home(real_site, page):
    """The ledger lists a shared claim once, naming each record it concerns; each of those pages
    shows the claim under the same anchor, with a link to the page where it is stored."""
    base, _ = real_site
    page.goto(base + "claims/igls_personalized_immunotherapy/")
    row = page.locator("tr", has_text="prednisone alone or combined with tacrolimus").first
    assert "also about" in row.inner_text()
    row.get_by_role("link", name="Tacrolimus").click()
    page.wait_for_url("**/treatments/tacrolimus/#claim-prednisone-with-or-without-tacrolimus-worked-best")
    claim = page.locator("p:has(> #claim-prednisone-with-or-without-tacrolimus-worked-best) + .admonition")
    assert claim.is_visible() and "prednisone alone or combined with tacrolimus" in claim.inner_text()
    claim.get_by_role("link", name="Endometrial immune profiling").click()
    page.wait_for_url("**/tests/endometrial-immune-profiling/#claim-prednisone-with-or-without-tacrolimus-worked-best")
    home = page.locator("p:has(> #claim-prednisone-with-or-without-tacrolimus-worked-best) + .admonition")
    assert home.is_visible() and "Also about" in home.inner_text()
