"""The icon array: out of 100 women like you, how many have the outcome without the add-on and
with it, the second grid marking the range its 95% CI allows; said in words as well."""
from __future__ import annotations

import importlib

import pytest

from kb.absolute_effects import absolute_effect
from kb.render.figures import icon_array
from kb.render.figures.svg import NARROW_WIDTH, WIDE_WIDTH
from svg_helpers import NS, by_class, drawings, text_of, view_width

# The module, not the function that kb.render.figures exports under the same name.
ia = importlib.import_module("kb.render.figures.icon_array")


def draw(without=26, with_=29, low=27, high=32, outcome="had a baby", name="intralipid"):
    return drawings(icon_array(without, with_, low=low, high=high, outcome=outcome, name=name))


def grids(root):
    """(filled, outlined, shaded) figures of each grid, in drawing order."""
    filled = [len(list(g)) for g in by_class(root, "kb-icon-yes")]
    outlined = [len(list(g)) for g in by_class(root, "kb-icon-no")]
    shaded = [len(list(g)) for g in by_class(root, "kb-icon-range")]
    return filled, outlined, shaded


@pytest.mark.parametrize("without, with_, low, high", [(26, 29, 27, 32), (0, 100, 95, 100), (100, 0, 0, 3),
                                                       (40, 40, None, None), (7, 12, 12, 12)])
def test_each_grid_fills_exactly_its_number_of_100_figures(without, with_, low, high):
    for root in draw(without, with_, low, high).values():
        filled, outlined, shaded = grids(root)
        assert filled == [without, with_] and outlined == [100 - without, 100 - with_]
        assert shaded == ([high - low] if low is not None and low != high else [])


def origin(figure) -> tuple[float, float]:
    """The top left of a figure's square, from its path (its head starts 8.4 right, 6.5 down)."""
    x, y = figure.get("d")[1:].split("a")[0].split()
    return round(float(x) - 8.4, 1), round(float(y) - 6.5, 1)


def index(x: float, y: float, left: float, top: float) -> int:
    """Which figure of a grid (from 0) has its square's top left at (x, y)."""
    return round((x - left) / ia.ICON) + ia.PER_ROW * round((y - top) / ia.ICON)


def test_the_range_shades_the_figures_the_interval_spans_in_the_second_grid():
    for root in draw(26, 29, 27, 32).values():
        (shading,) = by_class(root, "kb-icon-range")
        _, with_grid = by_class(root, "kb-icon-yes")
        left, top = origin(with_grid[0])  # figures fill row by row from the top left
        shaded = sorted(index(float(r.get("x")) - 1, float(r.get("y")) - 1, left, top) for r in shading)
        assert shaded == [27, 28, 29, 30, 31]  # the 28th to the 32nd woman: the count could end anywhere from 27 to 32
        filled = sorted(index(x, y, left, top) for x, y in map(origin, with_grid))
        assert filled == list(range(29))


def test_title_and_description_say_it_in_words():
    for root in draw().values():
        title = root.find(f"{NS}title").text
        assert title == ("Out of 100 women like you, about 26 had a baby without intralipid and about 29 with it "
                         "(the true number could be between 27 and 32).")
        desc = root.find(f"{NS}desc").text
        assert desc.startswith(title) and "filled figures are women who had a baby" in desc
        assert "number 28 to 32" in desc
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == f"{root.find(f'{NS}title').get('id')} {root.find(f'{NS}desc').get('id')}"
    for root in draw(40, 40, None, None).values():
        assert root.find(f"{NS}title").text == (
            "Out of 100 women like you, about 40 had a baby without intralipid and about 40 with it.")
        assert "shaded" not in root.find(f"{NS}desc").text.lower()


def test_headings_and_legend_name_both_groups_and_the_range():
    for root in draw().values():
        words = " ".join(t.text for t in root.iter(f"{NS}text"))
        for said in ("Without intralipid", "26 in 100 had a baby", "With intralipid", "29 in 100 had a baby",
                     "could be 27 to 32", "A woman who had a baby", "A woman who did not"):
            assert said in words, said
        assert "Shaded: with intralipid, the true number could be anywhere from 27 to 32 in 100" in words


def test_side_by_side_when_wide_one_above_the_other_when_narrow():
    drawn = draw()
    assert view_width(drawn["wide"]) <= WIDE_WIDTH and view_width(drawn["narrow"]) <= NARROW_WIDTH
    corners = {v: [origin(g[0]) for g in by_class(root, "kb-icon-yes")] for v, root in drawn.items()}
    (wide_without, wide_with), (narrow_without, narrow_with) = corners["wide"], corners["narrow"]
    assert wide_without[1] == wide_with[1] and wide_with[0] >= wide_without[0] + ia.GRID_WIDTH
    assert narrow_without[0] == narrow_with[0] and narrow_with[1] >= narrow_without[1] + ia.GRID_WIDTH


def test_two_arrays_on_one_page_never_share_an_id():
    pages = (icon_array(26, 29, low=27, high=32, outcome="had a baby", name="intralipid"),
             icon_array(10, 12, low=8, high=15, outcome="had a miscarriage", name="intralipid"))
    ids = [root.get("id") for html in pages for root in drawings(html).values()]
    assert len(set(ids)) == 4


def test_it_draws_what_absolute_effects_computes():
    row = {"measure": "RR", "estimate": 1.1, "ci": [1.04, 1.24], "control_risk": {"events": 26, "total": 100}}
    without, with_, low, high = absolute_effect(row).out_of(100)
    for root in draw(without, with_, low, high).values():
        assert grids(root)[0] == [26, 29]


@pytest.mark.parametrize("without, with_, low, high", [(101, 20, None, None), (20, -1, None, None),
                                                       (20, 30, 31, 40), (20, 30, 25, None)])
def test_impossible_numbers_are_refused(without, with_, low, high):
    with pytest.raises(ValueError):
        icon_array(without, with_, low=low, high=high, outcome="had a baby", name="x")


def test_untrusted_words_are_escaped():
    html = icon_array(1, 2, low=1, high=3, outcome="<script>x</script>", name='a" onload="y')
    assert "<script" not in html
    for root in drawings(html).values():
        assert "<script>x</script>" in text_of(root) and not [e for e in root.iter() if "onload" in e.attrib]
