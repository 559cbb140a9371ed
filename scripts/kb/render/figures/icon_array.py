"""An icon array: "out of 100 women like you", how many have the outcome without the add-on and
with it, as two grids of 100 figures, the second marking the range its 95% CI allows.

People read natural frequencies on a grid of figures more accurately than percentages or
relative risks; showing the range keeps the uncertainty in view. The numbers come from
kb.absolute_effects (AbsoluteEffect.out_of(100)); this module only draws them.
"""
from __future__ import annotations

import hashlib

from .svg import FONT, INK, LINE, MUTED, NARROW, PAD, SMALL, WIDE, lines, n, rect, svg, variants, wrap

PEOPLE = 100
PER_ROW = 10
ICON = 24  # one figure's square; a grid is PER_ROW * ICON wide
GRID_WIDTH = PER_ROW * ICON
GRID_GAP = 40
WIDE_ARRAY_WIDTH = 2 * PAD + 2 * GRID_WIDTH + GRID_GAP  # side by side
NARROW_ARRAY_WIDTH = 2 * PAD + GRID_WIDTH  # one above the other

WITH_OUTCOME = "#1d4ed8"  # filled figures: 6.7:1 on white, 6:1 on RANGE_FILL
WITHOUT_OUTCOME = MUTED  # outlined figures
RANGE_FILL = "#fef3c7"  # shading behind the figures the 95% CI spans...
RANGE_EDGE = "#b45309"  # ...edged at 5:1 on white, so the range is seen without its colour


def icon_array(without: int, with_: int, *, low: int | None, high: int | None, outcome: str, name: str) -> str:
    """Two grids of 100 women like you: how many `outcome` ("had a baby") without `name` and with
    it; low and high (or None) are the 95% CI of the number with it. A wide and a narrow SVG
    (see svg.variants)."""
    for number in (without, with_, low, high):
        if number is not None and not 0 <= number <= PEOPLE:
            raise ValueError(f"{number} is not a number of people out of {PEOPLE}")
    if (low is None) != (high is None):
        raise ValueError("give both ends of the range, or neither")
    if low is not None:
        low, high = sorted((low, high))
        if not low <= with_ <= high:
            raise ValueError(f"{with_} is not within its range {low} to {high}")
    ranged = low is not None and low != high
    title = (f"Out of {PEOPLE} women like you, about {without} {outcome} without {name} and about {with_} with it"
             + (f" (the true number could be between {low} and {high})" if ranged else "") + ".")
    desc = (f"{title} Two grids of {PEOPLE} figures, one without {name} and one with it: filled figures are "
            f"women who {outcome}, outlined figures women who did not."
            + (f" In the grid with {name}, the shaded figures, number {low + 1} to {high}, show the range "
               f"the true number could be in." if ranged else ""))
    figure_id = "kb-icons-" + hashlib.sha256(repr((without, with_, low, high, outcome, name)).encode()).hexdigest()[:10]
    arrays = [("Without " + name, f"{without} in {PEOPLE} {outcome}", "", without, None),
              ("With " + name, f"{with_} in {PEOPLE} {outcome}",
               f"could be {low} to {high}" if ranged else "", with_, (low, high) if ranged else None)]
    legend = _legend(outcome, name, (low, high) if ranged else None)
    return variants(_draw(figure_id, WIDE, WIDE_ARRAY_WIDTH, arrays, legend, title, desc, side_by_side=True),
                    _draw(figure_id + "-narrow", NARROW, NARROW_ARRAY_WIDTH, arrays, legend, title, desc,
                          side_by_side=False))


def _draw(figure_id: str, variant: str, width: float, arrays: list, legend: list, title: str, desc: str,
          side_by_side: bool) -> str:
    body, y, bottom = [], PAD, PAD
    for index, (heading, count, range_note, filled, shaded) in enumerate(arrays):
        x = PAD + (index * (GRID_WIDTH + GRID_GAP) if side_by_side else 0)
        top = PAD if side_by_side else y
        heading_lines = wrap(heading, FONT, GRID_WIDTH, bold=True)
        count_lines = wrap(count, FONT, GRID_WIDTH)
        note_lines = wrap(range_note, SMALL, GRID_WIDTH) if range_note else []
        # Side by side, both grids start at the same height whatever their headings' lengths.
        label_lines = (max(_label_lines(a) for a in arrays) if side_by_side
                       else len(heading_lines) + len(count_lines) + len(note_lines))
        body.append(lines(x, top, heading_lines, FONT, INK, bold=True)
                    + lines(x, top + len(heading_lines) * LINE, count_lines, FONT, INK)
                    + lines(x, top + (len(heading_lines) + len(count_lines)) * LINE, note_lines, SMALL, MUTED))
        grid_top = top + label_lines * LINE + 6
        body.append(_grid(x, grid_top, filled, shaded))
        bottom = max(bottom, grid_top + PER_ROW * ICON)
        y = bottom + LINE
    y = bottom + LINE
    for kind, words in legend:
        body.append(_legend_key(kind, PAD, y))
        wrapped = wrap(words, SMALL, width - 2 * PAD - ICON - 8)
        body.append(lines(PAD + ICON + 8, y + 3, wrapped, SMALL, INK))
        y += max(ICON, len(wrapped) * LINE) + 6
    return svg(figure_id, f"kb-icon-array {variant}", width, y - 6 + PAD, title, desc, body)


def _label_lines(array: tuple) -> int:
    heading, count, range_note, _, _ = array
    return (len(wrap(heading, FONT, GRID_WIDTH, bold=True)) + len(wrap(count, FONT, GRID_WIDTH))
            + (len(wrap(range_note, SMALL, GRID_WIDTH)) if range_note else 0))


def _figure(x: float, y: float) -> str:
    """One woman: a head and shoulders in an ICON square whose top left is (x, y)."""
    return (f"M{n(x + 8.4)} {n(y + 6.5)}a3.6 3.6 0 1 0 7.2 0a3.6 3.6 0 1 0-7.2 0Z"
            f"M{n(x + 5)} {n(y + 22)}v-4.5a7 7 0 0 1 14 0v4.5Z")


def _position(left: float, top: float, index: int) -> tuple[float, float]:
    """Row by row from the top left, so the filled figures read as a count."""
    return left + (index % PER_ROW) * ICON, top + (index // PER_ROW) * ICON


def _grid(left: float, top: float, filled: int, shaded: tuple[int, int] | None) -> str:
    parts = []
    if shaded:
        low, high = shaded
        parts.append('<g class="kb-icon-range">' + "".join(
            rect(x + 1, y + 1, ICON - 2, ICON - 2, RANGE_FILL, RANGE_EDGE)
            for x, y in (_position(left, top, i) for i in range(low, high))) + "</g>")
    yes = "".join(f'<path d="{_figure(*_position(left, top, i))}"/>' for i in range(filled))
    no = "".join(f'<path d="{_figure(*_position(left, top, i))}"/>' for i in range(filled, PEOPLE))
    parts.append(f'<g class="kb-icon-yes" fill="{WITH_OUTCOME}">{yes}</g>')
    parts.append(f'<g class="kb-icon-no" fill="none" stroke="{WITHOUT_OUTCOME}" stroke-width="1">{no}</g>')
    return "".join(parts)


def _legend(outcome: str, name: str, shaded: tuple[int, int] | None) -> list[tuple[str, str]]:
    keys = [("yes", f"A woman who {outcome}"), ("no", "A woman who did not")]
    if shaded:
        keys.append(("range", f"Shaded: with {name}, the true number could be anywhere from {shaded[0]} "
                              f"to {shaded[1]} in {PEOPLE} (95% confidence interval)"))
    return keys


def _legend_key(kind: str, x: float, y: float) -> str:
    if kind == "range":
        return f'<g class="kb-legend-range">{rect(x + 1, y + 1, ICON - 2, ICON - 2, RANGE_FILL, RANGE_EDGE)}</g>'
    if kind == "yes":
        return f'<path class="kb-legend-yes" d="{_figure(x, y)}" fill="{WITH_OUTCOME}"/>'
    return (f'<path class="kb-legend-no" d="{_figure(x, y)}" fill="none" stroke="{WITHOUT_OUTCOME}" '
            f'stroke-width="1"/>')

