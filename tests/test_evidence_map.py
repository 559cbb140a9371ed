"""The evidence map: every record once, as a link, by GRADE certainty (rows) and what the
evidence shows (columns); wide as one grid, narrow as a grid per direction, one under the other."""
from __future__ import annotations

import importlib
import itertools
import json
import random
from collections import Counter

import pytest

from conftest import ROOT
from kb.corpus import load_corpus
from kb.render.labels import KIND_FOLDER
from kb.render.figures.svg import FONT, NARROW_WIDTH, WIDE_WIDTH, text_width
from svg_helpers import NS, drawings, text_of, view_width

# The module, not the function that kb.render.figures exports under the same name.
em = importlib.import_module("kb.render.figures.evidence_map")


@pytest.fixture(scope="module")
def records():
    return [r.data for r in load_corpus(ROOT).records]


def href(record):
    return f"../{KIND_FOLDER[record['kind']]}/{record['id']}/"


def made_up(i, name=None, certainty="very-low", direction="uncertain", status="reviewed"):
    return {"id": f"r{i}", "name": name or f"A rather long add-on name number {i} with hyphen-ated words",
            "kind": "test" if i % 3 else "treatment", "review": {"status": status},
            "evidence": {"certainty": certainty, "direction": direction, "questions": []}}


CROWDED = [made_up(i) for i in range(23)]
LONG_WORDS = [made_up(100 + i, name, c, d) for i, (name, c, d) in enumerate([
    ("Intravenous immunoglobulin (IVIg)", "very-low", "uncertain"),
    ("Granulocyte colony-stimulating factor (G-CSF)", "very-low", "uncertain"),
    ("Lymphocyte immunisation therapy", "low", "no-benefit"),
    ("Endometrial receptivity testing", "moderate", "no-benefit"),
    ("Intrauterine hCG", "low", "benefit")])]


def maps(records):
    return drawings(em.evidence_map(records, href))


def test_every_record_appears_once_in_each_drawing_as_a_link_to_its_page(records):
    for root in maps(records).values():
        links = list(root.iter(f"{NS}a"))
        assert Counter(a.get("href") for a in links) == Counter(href(r) for r in records)
        for record_data in records:
            (link,) = [a for a in links if a.get("href") == href(record_data)]
            assert text_of(link) == em.map_label(record_data)  # the whole name: never cut short


def test_names_are_never_cut_short_however_long_their_words(records):
    for group in (LONG_WORDS, records + LONG_WORDS, CROWDED + LONG_WORDS):
        for root in maps(group).values():
            assert not [a for a in root.iter(f"{NS}a") if "…" in text_of(a)]


def test_the_map_is_labelled_for_screen_readers_and_keeps_its_links_reachable(records):
    for variant, root in maps(records).items():
        title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
        suffix = "" if variant == "wide" else "-narrow"
        assert root.get("id") == "kb-evidence-map" + suffix
        assert root.get("aria-labelledby") == f"kb-evidence-map{suffix}-title kb-evidence-map{suffix}-desc"
        # role="img" would hide the links from assistive technology (axe: nested-interactive).
        assert root.get("role") == "graphics-document"
        assert all(r["name"] in desc.text for r in records) and title.text


@pytest.mark.parametrize("width, directions", [(WIDE_WIDTH, None), (NARROW_WIDTH, ["uncertain"]),
                                               (NARROW_WIDTH, ["no-benefit"])])
def test_marks_in_one_cell_never_overlap_and_stay_inside_it(records, width, directions):
    for corpus_records in (records, CROWDED, records + CROWDED, LONG_WORDS):
        layout = em.map_layout(corpus_records, width=width, directions=directions)
        assert layout.width <= width + 0.01
        for cell in layout.cells:
            marks = [m for m in layout.marks if (m.certainty, m.direction) == (cell.certainty, cell.direction)]
            for m in marks:
                assert cell.x <= m.x and m.x + m.width <= cell.x + cell.width
                assert cell.y <= m.y and m.y + m.height <= cell.y + cell.height
                assert all(em.MARK + em.MARK_GAP + text_width(line, FONT) <= m.width + 0.01 for line in m.lines)
            for a, b in itertools.combinations(marks, 2):
                apart = (a.x + a.width <= b.x or b.x + b.width <= a.x or
                         a.y + a.height <= b.y or b.y + b.height <= a.y)
                assert apart, (a.record["id"], b.record["id"])


def test_a_crowded_column_takes_a_second_stack_where_the_width_allows():
    layout = em.map_layout([made_up(i, f"Name {i}") for i in range(12)])  # short names: room for two stacks
    stacks = {m.x for m in layout.marks}
    assert len(stacks) >= 2


def test_the_wide_map_is_one_grid_and_the_narrow_map_a_grid_per_direction(records):
    drawn = maps(records)
    assert view_width(drawn["wide"]) <= WIDE_WIDTH and view_width(drawn["narrow"]) <= NARROW_WIDTH
    wide_headers = [t for t in drawn["wide"].iter(f"{NS}text") if t.text in em.CORNER.split()]
    narrow_headers = [t for t in drawn["narrow"].iter(f"{NS}text") if t.text == "GRADE"]
    assert len(wide_headers) >= 1 and len(narrow_headers) == len(em.DIRECTIONS)
    narrow_text = [t.text for t in drawn["narrow"].iter(f"{NS}text")]
    positions = [narrow_text.index(em.labels.DIRECTION[d]) for d in em.DIRECTIONS]
    assert positions == sorted(positions)  # benefit first, uncertain last, as the wide map reads left to right


def test_map_axes_are_the_schema_vocabularies_in_schema_order(records):
    schema = json.loads((ROOT / "schema" / "record.schema.json").read_text())
    assert em.CERTAINTIES == schema["$defs"]["certainty"]["enum"]
    assert em.DIRECTIONS == schema["$defs"]["direction"]["enum"]
    layout = em.map_layout(records)
    assert [c.direction for c in layout.cells[:4]] == em.DIRECTIONS
    assert [c.certainty for c in layout.cells[::4]] == em.CERTAINTIES


def test_kind_is_shown_by_shape_as_well_as_colour(records):
    for root in maps(records).values():
        for link in root.iter(f"{NS}a"):
            kind = next(r["kind"] for r in records if href(r) == link.get("href"))
            shape = link[0]
            assert shape.tag == (f"{NS}circle" if kind == "treatment" else f"{NS}path")
            assert shape.get("fill") == em.KIND_COLOUR[kind]
        legend = text_of(root)
        assert "Treatment" in legend and "Test" in legend


def test_a_draft_is_marked_as_such():
    draft = made_up(1, "Beta test", status="draft")
    assert em.map_label(draft) == "Beta test (draft)"


def test_map_does_not_depend_on_the_order_records_come_in(records):
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    assert em.evidence_map(shuffled, href) == em.evidence_map(records, href)


def test_untrusted_record_text_is_escaped():
    hostile = "<script>alert(1)</script> & \"quoted\" \x07bell"
    html = em.evidence_map([made_up(1, hostile)], lambda r: 'page.html" onmouseover="alert(1)')
    assert "<script" not in html and "\x07" not in html
    for root in drawings(html).values():
        assert not [e for e in root.iter() if e.tag.endswith("script") or "onmouseover" in e.attrib]
        assert "<script>alert(1)</script> & \"quoted\"" in text_of(root)
    for root in drawings(em.evidence_map([made_up(1)], lambda r: 'a"b&c')).values():
        assert next(root.iter(f"{NS}a")).get("href") == 'a"b&c'


def test_markdown_in_a_name_shows_as_plain_words():
    assert em.map_label(made_up(1, "**Bold** name")) == "Bold name"
