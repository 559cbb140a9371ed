"""Situation pages: one page per patient group with evidence, each listing every add-on with
evidence for that group, the answer, the effect out of 100, the certainty and the guideline
position for that group; linked from the home page and the navigation."""
from __future__ import annotations

import html
import re

import pytest

from findings_records import RIF, RPL, THIN, findings_corpus
from kb import findings
from kb.absolute_effects import absolute_effect


@pytest.fixture
def corpus(tmp_path):
    return findings_corpus(tmp_path / "project")


@pytest.fixture
def pages(corpus):
    from kb.render.situations import situation_pages
    return situation_pages(corpus, directory_urls=True)


def alpha(corpus):
    return next(r.data for r in corpus.records if r.data["id"] == "alpha-infusion")


def table(pages, population) -> str:
    return pages[f"situations/{population}.md"].fills["situation"]


def rows(table_html: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", table_html.split("<tbody>", 1)[1], re.S)


def cell(row_html: str, label: str) -> str:
    found = re.search(rf'<t[dh][^>]*data-label="{re.escape(label)}"[^>]*>(.*?)</t[dh]>', row_html, re.S)
    assert found, label
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()


def words(row_html: str, label: str) -> str:
    return " ".join(cell(row_html, label))


def test_there_is_a_page_for_each_population_with_evidence_from_a_question_or_a_judgement(pages):
    # Alpha has questions in RIF and RPL and a by_population judgement only in thin endometrium;
    # Beta has no evidence at all, and no record has evidence for the other populations.
    assert sorted(pages) == sorted(["situations/index.md", *(f"situations/{p}.md" for p in (RIF, RPL, THIN))])


def test_pages_are_titled_in_plain_words_and_the_index_links_each(pages):
    assert "\n# After failed IVF cycles\n" in pages[f"situations/{RIF}.md"].markdown
    assert "\n# After repeated miscarriages\n" in pages[f"situations/{RPL}.md"].markdown
    assert "\n# With a thin womb lining\n" in pages[f"situations/{THIN}.md"].markdown
    index = pages["situations/index.md"].markdown
    for population in (RIF, RPL, THIN):
        assert f"]({population}.md)" in index


def test_each_page_links_every_add_on_with_evidence_for_the_group_and_no_other(pages):
    for population in (RIF, RPL, THIN):
        drawn = table(pages, population)
        assert len(rows(drawn)) == 1
        assert '<a href="../../treatments/alpha-infusion/">Alpha infusion</a>' in drawn
        assert "Beta test" not in drawn


def test_the_answer_is_the_statement_of_the_groups_headline_row(corpus, pages):
    for population in (RIF, RPL):
        headline = findings.headline(alpha(corpus), population)
        (row,) = rows(table(pages, population))
        assert words(row, "What the evidence says").startswith(findings.statement(headline.row, "Alpha infusion"))
    assert words(rows(table(pages, RPL))[0], "What the evidence says").startswith(
        "Alpha infusion probably makes little or no difference to live birth.")


def test_without_a_row_for_the_group_the_answer_is_its_judgement_with_the_reason(pages):
    (row,) = rows(table(pages, THIN))
    assert words(row, "What the evidence says") == (
        "It is not known whether it helps in this group. Why No trial in women with a thin lining.")
    assert words(row, "Certainty") == "⊕◯◯◯ Very low"
    assert words(row, "Out of 100 people") == "Not computable: no outcome compared in this group"


def test_the_effect_out_of_100_comes_from_absolute_effects(corpus, pages):
    headline = findings.headline(alpha(corpus), RIF)
    without, with_addon, low, high = absolute_effect(headline.row).out_of(100)
    (row,) = rows(table(pages, RIF))
    assert (without, with_addon) == (25, 30)  # 50 of 200 without; RR 1.20
    shown = words(row, "Out of 100 people")
    assert shown.startswith("Live birth") and shown.endswith(f"({low} to {high})")
    assert f'<span aria-hidden="true">{without} → {with_addon} of 100</span>' in row  # for the eye
    assert f"{without} of 100 without, {with_addon} of 100 with the add-on" in shown  # for a screen reader
    (row,) = rows(table(pages, RPL))
    assert words(row, "Out of 100 people") == (
        "Not computable: the source does not report the control group's risk")


def test_certainty_is_shown_with_grades_symbols_and_in_words(pages):
    (row,) = rows(table(pages, RIF))
    assert words(row, "Certainty") == "⊕⊕◯◯ Low"
    assert re.search(r'<span aria-hidden="true">⊕⊕◯◯</span>', row)  # the word is what a screen reader says


def test_only_the_current_positions_for_the_group_are_shown(pages):
    (rif,) = rows(table(pages, RIF))
    (rpl,) = rows(table(pages, RPL))
    (thin,) = rows(table(pages, THIN))
    assert words(rif, "Guideline position for this group") == "ESHRE 2023: Not recommended"  # HFEA's is superseded
    assert words(rpl, "Guideline position for this group") == "ASRM 2018: Wording not retrieved"
    assert words(thin, "Guideline position for this group") == "No position recorded"


def test_every_cell_names_its_column_so_a_phone_can_stack_the_rows(pages):
    from kb.render.situations import COLUMNS
    for row in rows(table(pages, RIF)):
        assert re.findall(r'data-label="([^"]+)"', row) == COLUMNS


def test_the_table_sorts_like_the_comparison_table(pages):
    drawn = table(pages, RIF)
    assert drawn.startswith('<div class="kb-comparison kb-situation">')  # kb.js sets up Tablesort here
    (row,) = rows(drawn)
    assert re.search(r'data-label="Certainty" data-sort="2"', row)  # low: ranks, not alphabetical
    assert re.search(r'data-label="Out of 100 people" data-sort="50"', row)  # 250 -> 300 of 1,000


def test_record_text_on_the_page_is_escaped(corpus, tmp_path):
    from kb.render.situations import situation_pages
    alpha(corpus)["name"] = "<script>alert(1)</script>"
    alpha(corpus)["evidence"]["by_population"][0]["rationale"] = "<img src=x onerror=alert(1)>"
    drawn = situation_pages(corpus)[f"situations/{THIN}.md"].fills["situation"]
    assert "<script>" not in drawn and "<img" not in drawn


def test_the_home_page_and_the_navigation_lead_to_every_situation(corpus):
    from kb.render.pages import navigation
    from kb.render.site_pages import home_page
    home = home_page((corpus.root / "content" / "index.md").read_text(encoding="utf-8"), corpus).markdown
    assert "## Find your situation" in home
    assert home.index("## Find your situation") < home.index("## Evidence map")
    for population, title in ((RIF, "After failed IVF cycles"), (RPL, "After repeated miscarriages"),
                              (THIN, "With a thin womb lining")):
        assert f"[**{title}**](situations/{population}.md)" in home
    (section,) = [entry["Find your situation"] for entry in navigation(corpus) if "Find your situation" in entry]
    assert [next(iter(e.values())) for e in section] == [
        "situations/index.md", *(f"situations/{p}.md" for p in (RIF, RPL, THIN))]


def test_the_built_site_has_the_pages_with_their_tables_filled_in(tmp_path):
    from findings_records import findings_project
    from kb.site import build_site
    root = findings_project(tmp_path / "project")
    result = build_site(root)
    assert result.ok, "\n".join(p.as_text() for p in result.problems)
    built = (root / "site" / "situations" / RIF / "index.html").read_text(encoding="utf-8")
    assert '<div class="kb-comparison kb-situation">' in built and 'href="../../treatments/alpha-infusion/"' in built
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert f'href="situations/{RIF}/"' in home and 'href="data/summary-of-findings.csv"' in home
