"""The evidence map: every record placed by the GRADE certainty of its evidence on live birth
(rows) and what that evidence shows (columns), each mark a link to the record's page.

Wide, the four directions are columns of one grid, as wide as the wide drawing allows (a
crowded cell grows downwards). Narrow, each direction is a grid of its own, one under the
other: the same rows, cells and marks, reflowed for a phone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from .. import labels
from .svg import (FONT, GRID, INK, LINE, MUTED, NARROW, NARROW_WIDTH, PAD, SMALL, STRIPE, WIDE, WIDE_WIDTH,
                  BACKGROUND, attr, baseline, esc, lines, n, plain, rect, svg, text, text_width, variants, wrap)

CERTAINTIES = list(labels.CERTAINTY)  # schema order: high, moderate, low, very-low (top to bottom)
DIRECTIONS = list(labels.DIRECTION)  # schema order: benefit, no-benefit, harm, uncertain (left to right)
KIND_COLOUR = {"treatment": "#1d4ed8", "test": "#b45309"}  # blue / amber: apart in colour-blind vision too

MARK = 14  # the mark's box; the label starts MARK + MARK_GAP to its right
MARK_GAP = 7
STACK_GAP = 14
SLOT_GAP = 8  # between marks in a stack
CELL_PAD = 10
ROW_HEADER_WIDTH = 96
MIN_COLUMN = 84
MIN_ROW = 40
CORNER = "GRADE certainty"


@dataclass(frozen=True)
class Mark:
    """One record on the map: its slot (mark plus label) and the label's lines."""
    record: dict
    certainty: str
    direction: str
    lines: list[str]
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Cell:
    certainty: str
    direction: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class MapLayout:
    width: float
    height: float  # where the grid ends
    grid_top: float  # where the column headers start
    header_height: float
    cells: list[Cell]
    marks: list[Mark]
    column_headers: dict[str, list[str]]
    corner: list[str]  # the row headers' title, above them


def map_label(record: dict) -> str:
    return plain(record["name"]) + (" (draft)" if record["review"]["status"] == "draft" else "")


def _by_cell(records: Iterable[dict]) -> dict[tuple[str, str], list[dict]]:
    cells: dict[tuple[str, str], list[dict]] = {(c, d): [] for c in CERTAINTIES for d in DIRECTIONS}
    for record in records:
        cells[(record["evidence"]["certainty"], record["evidence"]["direction"])].append(record)
    for members in cells.values():
        members.sort(key=lambda r: (map_label(r).casefold(), r["id"]))  # stable, whatever the input order
    return cells


def _stacks(members: list, count: int) -> list[list]:
    """Split a cell's marks into at most `count` stacks of even length, filled top to bottom, then left to right."""
    if not members:
        return []
    per = math.ceil(len(members) / min(count, len(members)))
    return [members[i:i + per] for i in range(0, len(members), per)]


SLOT_FRAME = 2 * CELL_PAD + MARK + MARK_GAP  # what a column adds to its widest label


def label_widths(needs: dict[str, float], width: float) -> dict[str, float]:
    """How wide each column's labels may be: the width left for labels shared out so that a
    column gets what its longest name needs on one line, or an equal share of what is left,
    whichever is less (a sparse column leaves room for a crowded one)."""
    left = width - 2 * PAD - ROW_HEADER_WIDTH - len(needs) * SLOT_FRAME
    shares = {}
    for index, (direction, need) in enumerate(sorted(needs.items(), key=lambda item: item[1])):
        shares[direction] = min(need, left / (len(needs) - index))
        left -= shares[direction]
    return shares


def map_layout(records: Iterable[dict], top: float = 0.0, width: float = WIDE_WIDTH,
               directions: list[str] | None = None) -> MapLayout:
    """Where every cell and mark of a grid goes (the given directions as columns), as wide as
    width. A cell grows downwards to fit its marks, so labels never overlap; a column with room
    to spare takes a second stack where its tallest cell is the tallest of the grid."""
    directions = directions or DIRECTIONS
    cells = _by_cell(records)
    needs = {d: max([text_width(map_label(r), FONT) for c in CERTAINTIES for r in cells[(c, d)]],
                    default=MIN_COLUMN - SLOT_FRAME) for d in directions}
    wrap_width = label_widths(needs, width)
    names = {r["id"]: wrap(map_label(r), FONT, wrap_width[d])  # a name is a link's text: never cut short
             for d in directions for c in CERTAINTIES for r in cells[(c, d)]}
    # One slot width per column, so stacks line up from row to row.
    slot_width = {d: MARK + MARK_GAP + max([text_width(line, FONT) for c in CERTAINTIES for r in cells[(c, d)]
                                            for line in names[r["id"]]], default=0)
                  for d in directions}

    def slot_height(record: dict) -> float:
        return len(names[record["id"]]) * LINE

    def stack_height(stack: list[dict]) -> float:
        return sum(slot_height(r) for r in stack) + (len(stack) - 1) * SLOT_GAP

    def tallest(direction: str, count: int) -> float:
        return max([stack_height(s) for c in CERTAINTIES for s in _stacks(cells[(c, direction)], count)], default=0)

    def column_width(direction: str, count: int) -> float:
        used = max(len(_stacks(cells[(c, direction)], count)) for c in CERTAINTIES)
        return max(MIN_COLUMN, used * slot_width[direction] + max(used - 1, 0) * STACK_GAP + 2 * CELL_PAD)

    stacks = {d: 1 for d in directions}
    room = width - 2 * PAD - ROW_HEADER_WIDTH - sum(column_width(d, 1) for d in directions)
    while True:  # widen the column whose tallest cell is tallest, while it fits and helps
        wider = [(tallest(d, stacks[d]), d) for d in directions
                 if tallest(d, stacks[d] + 1) < tallest(d, stacks[d])
                 and column_width(d, stacks[d] + 1) - column_width(d, stacks[d]) <= room]
        if not wider:
            break
        _, chosen = max(wider)
        room -= column_width(chosen, stacks[chosen] + 1) - column_width(chosen, stacks[chosen])
        stacks[chosen] += 1

    # What room is left widens every column alike, so the grid fills the width it was given.
    widths = {d: column_width(d, stacks[d]) + max(room, 0) / len(directions) for d in directions}

    def cell_height(certainty: str, direction: str) -> float:
        return max([stack_height(s) for s in _stacks(cells[(certainty, direction)], stacks[direction])], default=0)

    row_height = {c: max(MIN_ROW, *(cell_height(c, d) + 2 * CELL_PAD for d in directions)) for c in CERTAINTIES}
    headers = {d: wrap(labels.DIRECTION[d], FONT, widths[d] - 2 * CELL_PAD, bold=True) for d in directions}
    corner = wrap(CORNER, SMALL, ROW_HEADER_WIDTH - 2 * CELL_PAD, bold=True)
    header_height = max(len(corner), *(len(h) for h in headers.values())) * LINE + 2 * CELL_PAD

    placed_cells, marks = [], []
    y, x = top + header_height, PAD + ROW_HEADER_WIDTH
    for certainty in CERTAINTIES:
        x = PAD + ROW_HEADER_WIDTH
        for direction in directions:
            placed_cells.append(Cell(certainty, direction, x, y, widths[direction], row_height[certainty]))
            for index, stack in enumerate(_stacks(cells[(certainty, direction)], stacks[direction])):
                mark_x = x + CELL_PAD + index * (slot_width[direction] + STACK_GAP)
                mark_y = y + CELL_PAD
                for record in stack:
                    marks.append(Mark(record, certainty, direction, names[record["id"]], mark_x, mark_y,
                                      slot_width[direction], slot_height(record)))
                    mark_y += slot_height(record) + SLOT_GAP
            x += widths[direction]
        y += row_height[certainty]
    return MapLayout(x + PAD, y, top, header_height, placed_cells, marks, headers, corner)


# --- drawing -------------------------------------------------------------------------------

LEGEND_NOTE = "Select a name to open its record. “(draft)”: not yet fully reviewed."
MAP_HEADING = "What the evidence shows for live birth"


def evidence_map(records: Iterable[dict], href_for: Callable[[dict], str],
                 figure_id: str = "kb-evidence-map") -> str:
    """Every record placed by GRADE certainty (rows) and direction of effect (columns), each a
    link to its page, as a wide and a narrow SVG (see svg.variants). records: record data dicts
    (Record.data); href_for(record) -> URL of its page relative to the page showing the map."""
    records = list(records)
    title, desc = _map_title(records), _map_desc(records)
    return variants(_wide(records, href_for, figure_id, title, desc),
                    _narrow(records, href_for, figure_id + "-narrow", title, desc))


def _wide(records: list[dict], href_for: Callable[[dict], str], figure_id: str, title: str, desc: str) -> str:
    legend, y = _draw_legend(PAD, PAD, WIDE_WIDTH - 2 * PAD)
    heading = text(PAD + ROW_HEADER_WIDTH, baseline(y, 0), MAP_HEADING + " →", FONT, INK, bold=True)
    layout = map_layout(records, top=y + LINE + 4)
    body = [legend, heading, _draw_grid(layout), *(_draw_mark(mark, href_for(mark.record)) for mark in layout.marks)]
    return svg(figure_id, f"kb-evidence-map {WIDE}", layout.width, layout.height + PAD, title, desc, body,
               role="graphics-document")


def _narrow(records: list[dict], href_for: Callable[[dict], str], figure_id: str, title: str, desc: str) -> str:
    legend, y = _draw_legend(PAD, PAD, NARROW_WIDTH - 2 * PAD)
    heading = wrap(MAP_HEADING + ", by GRADE certainty:", FONT, NARROW_WIDTH - 2 * PAD, bold=True)
    body = [legend, lines(PAD, y, heading, FONT, INK, bold=True)]
    y += len(heading) * LINE + 4
    for direction in DIRECTIONS:  # one grid per direction, one under the other
        layout = map_layout(records, top=y, width=NARROW_WIDTH, directions=[direction])
        body.append(_draw_grid(layout))
        body += [_draw_mark(mark, href_for(mark.record)) for mark in layout.marks]
        y = layout.height + LINE
    return svg(figure_id, f"kb-evidence-map {NARROW}", NARROW_WIDTH, y - LINE + PAD, title, desc, body,
               role="graphics-document")


def _draw_legend(x: float, top: float, width: float) -> tuple[str, float]:
    """The two shapes, then the note (on the same line if it fits); returns the y below it."""
    y = top + CELL_PAD + LINE / 2
    parts, start = [], x
    for kind in ("treatment", "test"):
        parts.append(_shape(kind, x + MARK / 2, y))
        label = labels.KIND[kind]
        parts.append(text(x + MARK + MARK_GAP, baseline(top + CELL_PAD, 0), label, FONT, INK))
        x += MARK + MARK_GAP + text_width(label, FONT) + 24
    if text_width(LEGEND_NOTE, SMALL) <= start + width - x:
        parts.append(text(x, baseline(top + CELL_PAD, 0), LEGEND_NOTE, SMALL, MUTED))
        return "".join(parts), top + LINE + 2 * CELL_PAD
    note = wrap(LEGEND_NOTE, SMALL, width)
    parts.append(lines(start, top + CELL_PAD + LINE, note, SMALL, MUTED))
    return "".join(parts), top + (1 + len(note)) * LINE + 2 * CELL_PAD


def _draw_grid(layout: MapLayout) -> str:
    parts = []
    grid_left = PAD + ROW_HEADER_WIDTH
    header_top = layout.grid_top
    directions = list(layout.column_headers)
    first_row = {c.direction: c for c in layout.cells if c.certainty == CERTAINTIES[0]}
    parts.append(rect(PAD, header_top, layout.width - 2 * PAD, layout.header_height, STRIPE))
    parts.append(lines(PAD + CELL_PAD, header_top + CELL_PAD, layout.corner, SMALL, MUTED, bold=True))
    for direction, header in layout.column_headers.items():
        cell = first_row[direction]
        parts.append(lines(cell.x + CELL_PAD, header_top + CELL_PAD, header, FONT, INK, bold=True))
    for cell in layout.cells:
        parts.append(rect(cell.x, cell.y, cell.width, cell.height, BACKGROUND, GRID))
        if cell.direction == directions[0]:
            parts.append(rect(PAD, cell.y, ROW_HEADER_WIDTH, cell.height, STRIPE, GRID))
            parts.append(text(PAD + CELL_PAD, baseline(cell.y + CELL_PAD, 0), labels.CERTAINTY[cell.certainty],
                              FONT, INK, bold=True))
    parts.append(rect(grid_left, header_top, layout.width - PAD - grid_left, layout.height - header_top,
                      "none", INK))
    return "".join(parts)


def _shape(kind: str, cx: float, cy: float) -> str:
    """Treatments are circles, tests diamonds: colour is never the only cue."""
    colour = KIND_COLOUR[kind]
    if kind == "treatment":
        return f'<circle cx="{n(cx)}" cy="{n(cy)}" r="{n(MARK / 2 - 0.5)}" fill="{colour}"/>'
    r = MARK / 2 + 0.5
    return (f'<path d="M{n(cx)} {n(cy - r)}L{n(cx + r)} {n(cy)}L{n(cx)} {n(cy + r)}'
            f'L{n(cx - r)} {n(cy)}Z" fill="{colour}"/>')


def _draw_mark(mark: Mark, href: str) -> str:
    record = mark.record
    return _mark_svg(record["name"], record["kind"], mark.certainty, mark.direction, tuple(mark.lines),
                     mark.x, mark.y, href)


@lru_cache(maxsize=1 << 14)  # after a kb serve rebuild most marks are where they were: drawn once
def _mark_svg(name: str, kind: str, certainty: str, direction: str, label: tuple[str, ...], x: float, y: float,
              href: str) -> str:
    cy = y + LINE / 2 - 1
    text_x = x + MARK + MARK_GAP
    # A space ends each wrapped line (not one broken after a hyphen), so the link reads as the name.
    words = [line if line.endswith("-") or i == len(label) - 1 else line + " " for i, line in enumerate(label)]
    tspans = "".join(f'<tspan x="{n(text_x)}" y="{n(baseline(y, i))}">{esc(line)}</tspan>'
                     for i, line in enumerate(words))
    described = (f"{plain(name)}, {labels.KIND[kind].lower()}: "
                 f"{labels.CERTAINTY[certainty].lower()} certainty, {labels.DIRECTION[direction].lower()}")
    return (f'<a href={attr(href)} class="kb-map-mark" aria-label={attr(described)}>'
            f'{_shape(kind, x + MARK / 2, cy)}'
            f'<text font-size="{FONT}" fill="{INK}">{tspans}</text></a>')


def _map_title(records: list[dict]) -> str:
    return f"Evidence map: {len(records)} add-ons by certainty of evidence and what it shows for live birth"


def _map_desc(records: list[dict]) -> str:
    cells = _by_cell(records)
    kinds = {k: sum(r["kind"] == k for r in records) for k in labels.KIND}
    sentences = [f"{len(records)} records ({kinds['treatment']} treatments, {kinds['test']} tests), "
                 f"each placed by the GRADE certainty of its evidence on live birth and what that evidence shows."]
    for direction in DIRECTIONS:
        groups = [f"{labels.CERTAINTY[c].lower()} certainty: "
                  + ", ".join(f"{map_label(r)} ({r['kind']})" for r in cells[(c, direction)])
                  for c in CERTAINTIES if cells[(c, direction)]]
        sentences.append(f"{labels.DIRECTION[direction]}: " + ("; ".join(groups) if groups else "none") + ".")
    return " ".join(sentences)
