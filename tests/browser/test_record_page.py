"""A record page in chromium: the Summary of findings is a table where the text column is wide
and stacked rows, each cell under its column's name, on a phone; the patient view, open by
default, shows the findings for each group, safety and cost and what guidelines say."""
from __future__ import annotations

RECORD = "treatments/low-molecular-weight-heparin/"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}

LAYOUT = """() => {
  const table = document.querySelector("table.kb-sof");
  const cell = table.querySelector("tbody td");
  return {table: getComputedStyle(table).display, row: getComputedStyle(table.querySelector("tbody tr")).display,
          head: table.tHead.getBoundingClientRect().height,
          label: getComputedStyle(cell, "::before").content,
          right: Math.max(...Array.from(table.querySelectorAll("th, td"), (c) => c.getBoundingClientRect().right)),
          page: document.documentElement.scrollWidth};
}"""


def open_clinician_view(page, base):
    page.goto(base + RECORD)
    page.get_by_text("For clinicians", exact=True).first.click()
    page.locator("table.kb-sof").first.wait_for()


def test_on_a_phone_each_row_is_stacked_with_its_cells_labelled(real_site, browser):
    base, _ = real_site
    page = browser.new_page(viewport=PHONE)
    open_clinician_view(page, base)
    layout = page.evaluate(LAYOUT)
    assert layout["table"] == "block" and layout["row"] == "block"
    assert layout["head"] <= 1  # the headings are read from each cell's label instead
    assert layout["label"].strip('"') in ("Risk without it (per 1,000)", "Risk without and with it")
    assert layout["right"] <= PHONE["width"] and layout["page"] <= PHONE["width"]
    page.close()


def test_on_a_wide_screen_it_is_a_table_with_its_headings(real_site, browser):
    base, _ = real_site
    page = browser.new_page(viewport=DESKTOP)
    open_clinician_view(page, base)
    layout = page.evaluate(LAYOUT)
    assert layout["table"] == "table" and layout["row"] == "table-row"
    assert layout["head"] > 20 and layout["label"] in ("none", "normal")
    page.close()


def test_the_patient_view_opens_first_and_hides_nothing_a_patient_needs(real_site, browser):
    base, _ = real_site
    page = browser.new_page(viewport=PHONE)
    page.goto(base + RECORD)
    for heading in ("What the studies found for women like you", "Safety and cost", "What guidelines say"):
        assert page.locator("h2", has_text=heading).first.is_visible(), heading
    assert page.locator("h3", has_text="With antiphospholipid syndrome").first.is_visible()
    page.close()
