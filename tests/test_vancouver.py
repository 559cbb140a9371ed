"""References follow NLM's Citing Medicine (Vancouver): an article read only on the web is an
Internet item, a report takes the report form, and a missing year leaves no stray punctuation."""
from __future__ import annotations

from kb.bibliography import Reference
from kb.render.vancouver import format_reference


def ref(entry_type="article", **fields):
    return Reference(key="k", entry_type=entry_type, fields=fields, line=1)


def test_an_article_read_only_on_the_web_is_an_internet_item_with_its_cited_date():
    text = format_reference(ref(author="Roussev, RG", title="A study", journal="Am J Reprod Immunol", year="2008",
                                volume="60", pages="258-263", url="https://example.org/a", urldate="2026-11-20"))
    assert text.startswith("Roussev RG. A study. Am J Reprod Immunol [Internet]. 2008 [cited 2026 Nov 20];60:258-63.")
    assert "Available from:" in text


def test_an_article_with_a_doi_is_not_an_internet_item():
    text = format_reference(ref(title="T", journal="Lancet", year="2023", doi="10.1016/x", url="https://example.org",
                                urldate="2026-11-20"))
    assert "[Internet]" not in text and "[cited" not in text


def test_a_report_takes_the_report_form_not_a_journal_issue():
    text = format_reference(ref("techreport", author="Laird, S", title="The role of natural killer cells",
                                institution="Royal College of Obstetricians and Gynaecologists",
                                type="Scientific Impact Paper", number="53", year="2016",
                                url="https://example.org/sip53", urldate="2026-11-20"))
    assert text.startswith("Laird S. The role of natural killer cells [Internet]. Royal College of Obstetricians "
                           "and Gynaecologists; 2016 [cited 2026 Nov 20]. (Scientific Impact Paper No. 53).")
    assert ";53" not in text and "(53)" not in text


def test_a_report_number_without_a_series_is_a_report_number():
    text = format_reference(ref("report", title="Add-ons", institution="HFEA", number="7", year="2020", doi="10.1/x"))
    assert "HFEA; 2020. Report No.: 7." in text


def test_no_year_leaves_no_stray_punctuation():
    text = format_reference(ref(title="T", journal="J Test", volume="12", pages="5-9", doi="10.1/y"))
    assert "J Test. 12:5-9." in text
    assert ". :" not in text and ". ;" not in text
    bare = format_reference(ref(title="T", journal="J Test", pages="5-9", doi="10.1/y"))
    assert "J Test. 5-9." in bare
