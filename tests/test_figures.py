"""Figures: a record's forest plot and the evidence map are valid, accessible, honest SVG."""
from __future__ import annotations

import itertools
import json
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from conftest import ROOT
from kb.corpus import load_corpus
from kb.render import figures
from kb.render.labels import KIND_FOLDER

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def corpus():
    loaded = load_corpus(ROOT)
    assert not loaded.problems
    return loaded


@pytest.fixture(scope="module")
def records(corpus):
    return [r.data for r in corpus.records]


@pytest.fixture(scope="module")
def by_id(records):
    return {r["id"]: r for r in records}


def href(record):
    return f"../{KIND_FOLDER[record['kind']]}/{record['id']}/"


def source(key):
    return f"Source {key}"


def row(measure="RR", estimate=1.2, ci=(0.9, 1.6), outcome="Live birth", **extra):
    return {"outcome": outcome, "population": "Women having IVF", "measure": measure, "estimate": estimate,
            "ci": list(ci), "studies": 1, "participants": 100, "certainty": "low", "citation": "key2020", **extra}


def record(outcomes, record_id="test-record", name="Test add-on", kind="treatment", certainty="low",
           direction="uncertain", status="reviewed"):
    return {"id": record_id, "name": name, "kind": kind, "review": {"status": status},
            "evidence": {"certainty": certainty, "direction": direction, "outcomes": outcomes}}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def panels_of(svg: str) -> list[ET.Element]:
    return [g for g in parse(svg).iter(f"{NS}g") if g.get("class") == "kb-forest-panel"]


def by_class(element: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in element.iter() if e.get("class") == cls]


def tick_positions(panel: ET.Element) -> dict[str, float]:
    return {t.text: float(t.get("x")) for t in by_class(panel, "kb-tick")}


def forests(records):
    return {r["id"]: figures.forest_plot(r, source) for r in records}


# --- the forest plot ---------------------------------------------------------------------

def test_every_real_forest_plot_parses_and_is_labelled_for_screen_readers(records):
    drawn = {rid: svg for rid, svg in forests(records).items() if svg}
    assert len(drawn) == len(records)  # every real record has at least one comparative row
    for record_id, svg in drawn.items():
        root = parse(svg)
        assert root.get("role") == "img"
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids)) and all(i.startswith(f"kb-forest-{record_id}") for i in ids)
        title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text and desc.text


def test_one_row_per_comparative_outcome_with_its_numbers(by_id):
    intralipid = by_id["intralipid"]
    svg = figures.forest_plot(intralipid, source)
    rows = by_class(parse(svg), "kb-forest-row")
    comparative = [o for o in intralipid["evidence"]["outcomes"] if o["measure"] in ("RR", "OR", "MD", "RD")]
    assert len(rows) == len(comparative)
    effects = [by_class(r, "kb-effect")[0].text for r in rows]
    assert effects[0] == "RR 1.98 (1.39 to 2.80)"
    assert all(f"Source {o['citation']}" in text_of(r) for r, o in zip(rows, comparative))


def test_rows_without_a_comparison_are_left_out():
    rows = [row(), {**row(measure="percent", estimate=40.0), "ci": []}]
    del rows[1]["ci"]
    svg = figures.forest_plot(record(rows), source)
    assert len(by_class(parse(svg), "kb-forest-row")) == 1


def test_a_record_with_no_comparative_rows_gives_nothing():
    percent_only = {**row(measure="percent", estimate=40.0)}
    del percent_only["ci"]
    assert figures.forest_plot(record([percent_only]), source) == ""
    assert figures.forest_plot(record([]), source) == ""


def test_numbers_have_a_fixed_format_that_keeps_every_reported_digit():
    assert figures.effect_text(row("RR", 1.0, (0.8, 1.25))) == "RR 1.00 (0.80 to 1.25)"
    assert figures.effect_text(row("OR", 3.412, (1.387, 8.395))) == "OR 3.412 (1.387 to 8.395)"
    assert figures.effect_text(row("OR", 17, (0.82, 350.6))) == "OR 17.00 (0.82 to 350.60)"
    assert figures.effect_text(row("RD", -6.2, (-18.8, 6.4))) == "RD −6.2 (−18.8 to 6.4)"


def test_whiskers_are_ordered_and_contain_the_estimate_on_the_scale(records):
    for svg in forests(records).values():
        for panel in panels_of(svg):
            axis = by_class(panel, "kb-axis")[0]
            left, right = float(axis.get("x1")), float(axis.get("x2"))
            for drawn_row in by_class(panel, "kb-forest-row"):
                ci = by_class(drawn_row, "kb-ci")[0]
                x1, x2 = float(ci.get("x1")), float(ci.get("x2"))
                assert left <= x1 <= x2 <= right
                for square in by_class(drawn_row, "kb-estimate"):
                    centre = float(square.get("x")) + float(square.get("width")) / 2
                    assert x1 <= centre <= x2


def test_tick_labels_never_touch_and_no_difference_is_always_labelled(records):
    for svg in forests(records).values():
        for panel in panels_of(svg):
            x = tick_positions(panel)
            null = by_class(panel, "kb-null")[0].get("x1")
            assert any(float(null) == position for label, position in x.items() if label in ("0", "1"))
            spans = sorted((p - figures.text_width(t, figures.SMALL) / 2, p + figures.text_width(t, figures.SMALL) / 2)
                           for t, p in x.items())
            assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def test_ratios_use_a_log_scale_with_no_effect_at_1(by_id):
    svg = figures.forest_plot(by_id["intralipid"], source)
    (panel,) = panels_of(svg)
    x = tick_positions(panel)
    assert x["0.5"] < x["1"] < x["2"]
    assert x["1"] - x["0.5"] == pytest.approx(x["2"] - x["1"], abs=0.11)
    assert float(by_class(panel, "kb-null")[0].get("x1")) == x["1"]


def test_differences_use_a_linear_scale_with_no_effect_at_0(by_id):
    svg = figures.forest_plot(by_id["aspirin"], source)
    ratio, difference = panels_of(svg)
    x = tick_positions(difference)
    assert list(x) == ["−20", "−10", "0", "10", "20"]
    gaps = [b - a for a, b in itertools.pairwise(x.values())]
    assert max(gaps) - min(gaps) < 0.2
    assert float(by_class(difference, "kb-null")[0].get("x1")) == x["0"]
    assert "1" in tick_positions(ratio)


def test_ratios_risk_differences_and_mean_differences_never_share_an_axis():
    rows = [row("RR", 1.2, (0.9, 1.6)), row("MD", 5.0, (1.0, 9.0), outcome="Endometrial thickness (mm)"),
            row("RD", 4.0, (-1.0, 9.0)), row("OR", 0.8, (0.6, 1.1)),
            row("MD", -0.2, (-0.4, 0.0), outcome="Th1/Th2 ratio")]
    svg = figures.forest_plot(record(rows), source)
    measures = [{by_class(r, "kb-effect")[0].text.split()[0] for r in by_class(p, "kb-forest-row")}
                for p in panels_of(svg)]
    assert measures == [{"RR", "OR"}, {"RD"}, {"MD"}, {"MD"}]  # each MD outcome has its own units


def test_extreme_or_open_ended_intervals_are_clipped_with_an_arrow():
    rows = [row("OR", 2.0, (1.5, 3.0)), row("OR", 17.0, (0.82, 1e6)), row("RR", 1.1, (0.0, float("inf"))),
            row("RD", 1.0, (-1.0, 3.0)), row("RD", 2.0, (-2.0, 4.0)), row("RD", 3.0, (-400.0, 400.0))]
    svg = figures.forest_plot(record(rows), source)
    ratio, difference = panels_of(svg)
    assert max(float(t.text) for t in by_class(ratio, "kb-tick")) == 50  # not 1e6: the rest stay readable
    assert len(by_class(ratio, "kb-clipped")) == 3  # 1e6, 0 and infinity
    assert max(float(t.text.replace("−", "-")) for t in by_class(difference, "kb-tick")) <= 20
    assert len(by_class(difference, "kb-clipped")) == 2  # both ends of the one far wider row
    assert "RR 1.10 (0.00 to ∞)" in svg


def test_direction_labels_stay_neutral_because_a_higher_value_is_not_always_better(by_id):
    svg = figures.forest_plot(by_id["intralipid"], source)  # live birth and miscarriage rows together
    assert "← below 1" in svg and "above 1 →" in svg
    assert "favours" not in svg.lower()


def test_source_labels_are_first_author_and_year(corpus):
    label = figures.author_year(corpus.references)
    assert label("zhou2020") == "Zhou 2020"
    assert label("jth2021_aps") == "J Thromb Haemost 2021"  # no author: the journal stands in
    assert label("not-a-key") == "not-a-key"


# --- the evidence map ----------------------------------------------------------------------

def test_every_record_appears_once_on_the_map_as_a_link_to_its_page(records):
    root = parse(figures.evidence_map(records, href))
    links = list(root.iter(f"{NS}a"))
    assert Counter(a.get("href") for a in links) == Counter(href(r) for r in records)
    for record_data in records:
        (link,) = [a for a in links if a.get("href") == href(record_data)]
        assert text_of(link) == figures.map_label(record_data)


def test_the_map_is_labelled_for_screen_readers_and_keeps_its_links_reachable(records):
    root = parse(figures.evidence_map(records, href))
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert root.get("aria-labelledby") == "kb-evidence-map-title kb-evidence-map-desc"
    # role="img" would hide the links from assistive technology (axe: nested-interactive).
    assert root.get("role") == "graphics-document"
    assert all(r["name"] in desc.text for r in records) and title.text


def test_marks_in_one_cell_never_overlap_and_stay_inside_it(records):
    crowded = [record([], record_id=f"r{i}", name=f"A rather long add-on name number {i} with hyphen-ated words",
                      kind="test" if i % 3 else "treatment") for i in range(23)]
    for corpus_records in (records, crowded, records + crowded):
        layout = figures.map_layout(corpus_records)
        for cell in layout.cells:
            marks = [m for m in layout.marks if (m.certainty, m.direction) == (cell.certainty, cell.direction)]
            for m in marks:
                assert cell.x <= m.x and m.x + m.width <= cell.x + cell.width
                assert cell.y <= m.y and m.y + m.height <= cell.y + cell.height
                assert all(figures.MARK + figures.MARK_GAP + figures.text_width(line, figures.FONT) <= m.width
                           for line in m.lines)
            for a, b in itertools.combinations(marks, 2):
                apart = (a.x + a.width <= b.x or b.x + b.width <= a.x or
                         a.y + a.height <= b.y or b.y + b.height <= a.y)
                assert apart, (a.record["id"], b.record["id"])


def test_map_axes_are_the_schema_vocabularies_in_schema_order(records):
    schema = json.loads((ROOT / "schema" / "record.schema.json").read_text())
    assert figures.CERTAINTIES == schema["$defs"]["certainty"]["enum"]
    assert figures.DIRECTIONS == schema["$defs"]["direction"]["enum"]
    layout = figures.map_layout(records)
    assert [c.direction for c in layout.cells[:4]] == figures.DIRECTIONS
    assert [c.certainty for c in layout.cells[::4]] == figures.CERTAINTIES


def test_every_comparative_measure_in_the_schema_has_an_axis_family():
    schema = json.loads((ROOT / "schema" / "record.schema.json").read_text())
    comparative = schema["$defs"]["outcome"]["if"]["properties"]["measure"]["enum"]
    assert sorted(figures.FAMILY) == sorted(comparative)


def test_kind_is_shown_by_shape_as_well_as_colour(records):
    root = parse(figures.evidence_map(records, href))
    for link in root.iter(f"{NS}a"):
        kind = next(r["kind"] for r in records if href(r) == link.get("href"))
        shape = link[0]
        assert shape.tag == (f"{NS}circle" if kind == "treatment" else f"{NS}path")
        assert shape.get("fill") == figures.KIND_COLOUR[kind]
    legend = text_of(root)
    assert "Treatment" in legend and "Test" in legend


def test_map_does_not_depend_on_the_order_records_come_in(records):
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    assert figures.evidence_map(shuffled, href) == figures.evidence_map(records, href)


# --- both figures --------------------------------------------------------------------------

def test_untrusted_record_text_is_escaped():
    hostile = "<script>alert(1)</script> & \"quoted\" \x07bell"
    rows = [row(outcome=hostile, comparison=hostile, population=hostile)]
    data = record(rows, name=hostile)
    for svg in (figures.forest_plot(data, lambda key: hostile),
                figures.evidence_map([data], lambda r: 'page.html" onmouseover="alert(1)')):
        assert "<script" not in svg and "\x07" not in svg
        root = parse(svg)
        assert not [e for e in root.iter() if e.tag.endswith("script") or "onmouseover" in e.attrib]
        assert "<script>alert(1)</script> & \"quoted\"" in text_of(root)
    link = next(parse(figures.evidence_map([data], lambda r: 'a"b&c')).iter(f"{NS}a"))
    assert link.get("href") == 'a"b&c'


def test_markdown_in_record_text_shows_as_plain_words():
    data = record([row(outcome="*Live* birth, see [the trial](https://example.org)")], name="**Bold** name")
    assert "Live birth, see the trial" in text_of(parse(figures.forest_plot(data, source)))
    assert figures.map_label(data) == "Bold name"


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


def test_text_meets_wcag_aa_contrast_and_marks_stand_out(records):
    drawn = [figures.evidence_map(records, href), *forests(records).values()]
    for svg in drawn:
        root = parse(svg)
        text_fills = {t.get("fill") for t in root.iter(f"{NS}text")}
        backgrounds = {r.get("fill") for r in root.iter(f"{NS}rect") if r.get("class") != "kb-estimate"} - {"none"}
        assert text_fills <= set(figures.TEXT_COLOURS) and backgrounds <= set(figures.BACKGROUNDS)
    for text, background in itertools.product(figures.TEXT_COLOURS, figures.BACKGROUNDS):
        assert contrast(text, background) >= 4.5, (text, background)
    for mark, background in itertools.product(figures.KIND_COLOUR.values(), figures.BACKGROUNDS):
        assert contrast(mark, background) >= 3, (mark, background)


def test_text_never_shows_smaller_than_12px(records):
    for svg in [figures.evidence_map(records, href), *forests(records).values()]:
        root = parse(svg)
        smallest = min(float(t.get("font-size")) for t in root.iter(f"{NS}text"))
        drawn_width = float(root.get("viewBox").split()[2])
        min_width = float(re.search(r"min-width:([\d.]+)px", root.get("style")).group(1))
        assert smallest * min_width / drawn_width >= 12 - 0.01


def test_output_is_byte_identical_across_calls(records):
    assert figures.evidence_map(records, href) == figures.evidence_map(records, href)
    assert forests(records) == forests(records)


def test_text_widths_are_known_for_every_listed_glyph():
    assert len(figures._GLYPHS) == len(figures._REGULAR) == len(figures._BOLD)
    assert figures.text_width("Wm", 10) > figures.text_width("il", 10)
    assert figures.text_width("Live birth", 14, bold=True) > figures.text_width("Live birth", 14)


def test_wrapping_fits_the_width_breaks_after_hyphens_and_marks_what_it_cuts():
    lines = figures.wrap("Low-molecular-weight heparin for women with recurrent loss", 14, 120)
    assert all(figures.text_width(line, 14) <= 120 for line in lines)
    assert lines[0].endswith("-")
    cut = figures.wrap("one two three four five six seven eight nine ten", 14, 60, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…")
