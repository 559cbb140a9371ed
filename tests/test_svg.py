"""What every figure shares: text measured and wrapped, text escaped, WCAG contrast, and two
drawings of which kb.css shows the one that fits, never below 12 px and never scrolling on a phone."""
from __future__ import annotations

import importlib
import itertools
import re

import pytest

from conftest import ROOT
from kb.corpus import load_corpus
from kb.render import figures
from kb.render.figures import svg
from kb.render.labels import KIND_FOLDER
from svg_helpers import NS, drawings, min_shown_width, smallest_shown_font, view_width

# The module, not the function that kb.render.figures exports under the same name.
icons = importlib.import_module("kb.render.figures.icon_array")
PHONE_COLUMN = 358  # the page column of a record page on a 390 px screen (mkdocs-material: 16 px margins)
CSS = (ROOT / "content" / "stylesheets" / "kb.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def every_figure(corpus):
    """Every figure the site draws from the real records, and an icon array, as drawings."""
    records = [r.data for r in corpus.records]
    label = figures.author_year(corpus.references)
    html = [figures.evidence_map(records, lambda r: f"../{KIND_FOLDER[r['kind']]}/{r['id']}/"),
            figures.icon_array(26, 29, low=27, high=32, outcome="had a baby", name="intralipid"),
            figures.icon_array(3, 95, low=60, high=100, outcome="had a miscarriage",
                               name="low-molecular-weight heparin"),
            *filter(None, (figures.forest_plot(r, label) for r in records))]
    return [drawings(h) for h in html]


# --- text ----------------------------------------------------------------------------------

def test_text_widths_are_known_for_every_listed_glyph():
    assert len(svg._GLYPHS) == len(svg._REGULAR) == len(svg._BOLD)
    assert svg.text_width("Wm", 10) > svg.text_width("il", 10)
    assert svg.text_width("Live birth", 14, bold=True) > svg.text_width("Live birth", 14)
    assert svg.text_width("◯", 10) > svg.text_width("⊕", 10)  # the GRADE circles are wider than an em


def test_wrapping_fits_the_width_breaks_after_hyphens_and_marks_what_it_cuts():
    lines = svg.wrap("Low-molecular-weight heparin for women with recurrent loss", 14, 120)
    assert all(svg.text_width(line, 14) <= 120 for line in lines)
    assert lines[0].endswith("-")
    cut = svg.wrap("one two three four five six seven eight nine ten", 14, 60, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_items_break_between_themselves_before_breaking_inside():
    lines = svg.wrap_items(["Zhou 2020", "544 participants", "⊕⊕◯◯ Low certainty"], 13, 220)
    assert lines == ["Zhou 2020 · 544 participants ·", "⊕⊕◯◯ Low certainty"]
    assert svg.wrap_items(["a", "b"], 13, 220) == ["a · b"]


def test_record_text_is_escaped_and_markdown_becomes_plain_words():
    assert svg.esc("<b>&\x07") == "&lt;b&gt;&amp;"
    assert svg.attr('a"b\n') == '"a&quot;b&#10;"'
    assert svg.plain("*Live* birth, see [the trial](https://example.org)") == "Live birth, see the trial"


# --- two drawings, and which one shows -------------------------------------------------------

def test_kb_css_switches_drawings_at_the_width_the_wide_ones_need():
    section = CSS.split("/* ---- figures ---- */", 1)[1]
    assert f"@container (min-width: {svg.WIDE_FROM}px)" in section
    assert svg.WIDE_WIDTH * svg.MIN_SHOWN_FONT / svg.SMALL <= svg.WIDE_FROM
    assert svg.NARROW_WIDTH * svg.MIN_SHOWN_FONT / svg.SMALL <= PHONE_COLUMN


def test_every_figure_comes_wide_and_narrow_with_its_own_ids(every_figure):
    for drawn in every_figure:
        ids = [e.get("id") for root in drawn.values() for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids))
        assert drawn["narrow"].get("id") == drawn["wide"].get("id") + "-narrow"
        for root in drawn.values():
            title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
            assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}" and title.text and desc.text
        assert drawn["wide"].find(f"{NS}desc").text == drawn["narrow"].find(f"{NS}desc").text


def test_no_text_below_12px_in_the_narrow_drawings_on_a_phone(every_figure):
    for drawn in every_figure:
        narrow = drawn["narrow"]
        assert view_width(narrow) <= svg.NARROW_WIDTH
        assert min_shown_width(narrow) <= PHONE_COLUMN  # so it never scrolls sideways on a phone...
        # ...and never shrinks its text below 12 px
        assert smallest_shown_font(narrow, min(PHONE_COLUMN, view_width(narrow))) >= 12
        assert smallest_shown_font(narrow) >= 12 - 0.01


def test_the_wide_drawings_fit_wherever_kb_css_shows_them(every_figure):
    for drawn in every_figure:
        wide = drawn["wide"]
        assert view_width(wide) <= svg.WIDE_WIDTH
        assert min_shown_width(wide) <= svg.WIDE_FROM  # shown only from WIDE_FROM: never shrunk below 12 px
        assert smallest_shown_font(wide) >= 12 - 0.01


# --- colour --------------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_text_meets_wcag_aa_contrast_and_marks_stand_out(every_figure):
    marks = set()
    for drawn in every_figure:
        for root in drawn.values():
            assert {t.get("fill") for t in root.iter(f"{NS}text")} <= set(svg.TEXT_COLOURS)
            backgrounds = {r.get("fill") for r in root.iter(f"{NS}rect")
                           if r.get("class") != "kb-estimate"} - {"none", icons.RANGE_FILL}
            assert backgrounds <= set(svg.BACKGROUNDS)
            shapes = (f"{NS}circle", f"{NS}path", f"{NS}g")
            marks |= {e.get("fill") for e in root.iter() if e.tag in shapes} - {None, "none"}
    for text, background in itertools.product(svg.TEXT_COLOURS, svg.BACKGROUNDS):
        assert contrast(text, background) >= 4.5, (text, background)
    for mark, background in itertools.product(marks | {icons.WITHOUT_OUTCOME, icons.RANGE_EDGE}, svg.BACKGROUNDS):
        assert contrast(mark, background) >= 3, (mark, background)
    assert contrast(icons.WITH_OUTCOME, icons.RANGE_FILL) >= 3  # a filled figure inside the shaded range


def test_output_is_byte_identical_across_calls(corpus):
    records = [r.data for r in corpus.records]
    label = figures.author_year(corpus.references)
    assert [figures.forest_plot(r, label) for r in records] == [figures.forest_plot(r, label) for r in records]
    assert figures.evidence_map(records, str) == figures.evidence_map(records, str)


def test_source_labels_are_first_author_and_year():
    label = figures.author_year({"zhou2020": {"author": "Zhou, Ping and Wu, H", "year": "2020"},
                                 "jth2021": {"author": "", "journal": "J Thromb Haemost", "year": "2021"},
                                 "clinic": {"author": "", "organization": "Example Clinic"}})
    assert label("zhou2020") == "Zhou 2020"
    assert label("jth2021") == "J Thromb Haemost 2021"  # no author: the journal stands in
    assert label("clinic") == "Example Clinic"
    assert label("not-a-key") == "not-a-key"


def test_callers_find_what_they_use_in_the_package():
    for name in ("forest_plot", "evidence_map", "icon_array", "author_year", "map_label", "map_layout"):
        assert callable(getattr(figures, name)), name
    assert re.match(r"<svg ", figures.icon_array(1, 1, low=None, high=None, outcome="x", name="y"))
