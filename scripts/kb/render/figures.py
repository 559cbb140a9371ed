"""Figures as inline SVG: a forest plot of one record's comparative results, and an evidence
map placing every record by GRADE certainty and direction of effect.

Pure functions from record data to SVG text. No JavaScript, fonts, requests or plotting
library: the same records always give the same bytes. Record text is untrusted and only ever
reaches the output through _esc/_attr (XML escaping).

Text cannot be measured without a font, so widths are estimated from the advance widths of
DejaVu Sans, the widest common sans-serif (and the one Debian's chromium falls back to):
narrower fonts (Helvetica, Arial, San Francisco, Segoe) only leave more room.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from . import labels

# Colours. Text is INK or MUTED, only ever on BACKGROUND or STRIPE (>= 4.5:1, WCAG AA);
# marks and lines need 3:1 (WCAG 1.4.11). tests/test_figures.py checks every pair.
BACKGROUND = "#ffffff"
STRIPE = "#f3f5f8"
INK = "#1b1f24"
MUTED = "#4b5563"
GRID = "#c3cbd5"
KIND_COLOUR = {"treatment": "#1d4ed8", "test": "#b45309"}  # blue / amber: apart in colour-blind vision too
TEXT_COLOURS = (INK, MUTED)
BACKGROUNDS = (BACKGROUND, STRIPE)

FONT_FAMILY = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
FONT = 14  # main text, in viewBox units
SMALL = 13  # secondary text: never smaller
LINE = 18  # line height for both sizes
MIN_SHOWN_FONT = 12  # a figure never shrinks below this (see _svg)

# --- text measuring ----------------------------------------------------------------------

_GLYPHS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
           "abcdefghijklmnopqrstuvwxyz{|}~–—−…→←·é²≥≤×’“”")
# Advance widths in 1/1000 em, read from DejaVuSans.ttf and DejaVuSans-Bold.ttf.
_REGULAR = dict(zip(_GLYPHS, map(int, """
318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 637 637 637 637 637 337 337
838 838 838 531 1000 685 687 699 771 632 576 775 752 295 295 656 558 863 749 788 604 788 695 635 611 732 685 989
686 611 686 391 337 391 838 500 500 613 635 550 635 616 353 635 634 278 278 580 278 975 634 612 635 635 412 521
393 634 592 818 592 592 525 637 337 637 838 500 1000 838 1000 838 838 318 616 401 838 838 838 318 519 519
""".split())))
_BOLD = dict(zip(_GLYPHS, map(int, """
349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 696 696 696 696 696 400 400
838 838 838 581 1000 774 763 734 831 684 684 821 837 373 373 775 638 996 837 851 733 851 771 721 683 813 774 1104
771 725 726 458 366 458 838 500 500 675 716 593 716 679 436 716 712 343 343 666 343 1042 712 688 716 716 494 596
479 712 652 924 646 652 583 712 366 712 838 500 1000 838 1000 838 838 380 679 438 838 838 838 380 658 658
""".split())))
_UNKNOWN_GLYPH = 1000  # a full em: an unlisted character is never underestimated


def text_width(text: str, size: float, bold: bool = False) -> float:
    table = _BOLD if bold else _REGULAR
    return sum(table.get(ch, _UNKNOWN_GLYPH) for ch in text) * size / 1000


def wrap(text: str, size: float, width: float, bold: bool = False, max_lines: int = 99) -> list[str]:
    """Greedy word wrap to width; what does not fit in max_lines ends in an ellipsis."""
    return list(_wrapped(text, size, width, bold, max_lines))


@lru_cache(maxsize=1 << 14)  # the evidence map wraps every name again after each kb serve rebuild
def _wrapped(text: str, size: float, width: float, bold: bool, max_lines: int) -> tuple[str, ...]:
    lines: list[str] = []
    for word in text.split():
        for index, piece in enumerate(re.findall(r"[^-]+-?|-", word)):  # a line may break after a hyphen
            joined = f"{lines[-1]}{'' if index else ' '}{piece}" if lines else piece
            if lines and text_width(joined, size, bold) <= width:
                lines[-1] = joined
            else:
                lines.append(_shorten(piece, size, width, bold))
    if len(lines) > max_lines:
        rest = "".join(line if line.endswith("-") else line + " " for line in lines[max_lines - 1:])
        lines = lines[:max_lines - 1] + [_shorten(rest.rstrip() + "…", size, width, bold)]
    return tuple(lines)


def _shorten(text: str, size: float, width: float, bold: bool) -> str:
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- SVG writing ---------------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # not allowed in XML 1.0


def _plain(text: str) -> str:
    """Record prose as one line of plain text: Markdown links keep their words, emphasis marks go."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(_NOT_XML.sub("", text).replace("*", "").split())


def _escape(text: str) -> str:
    # What xml.sax.saxutils.escape does, without importing it (it pulls in urllib and email).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc(text: str) -> str:
    return _escape(_NOT_XML.sub("", text))


def _attr(text: str) -> str:
    return '"' + _escape(_NOT_XML.sub("", text)).replace('"', "&quot;").replace("\n", "&#10;") + '"'


def _n(value: float) -> str:
    """Coordinates with one fixed decimal, so output is the same on every machine."""
    text = f"{round(value, 1) or 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, content: str, size: int = FONT, fill: str = INK, bold: bool = False,
          anchor: str = "start", cls: str = "") -> str:
    extra = (' font-weight="700"' if bold else "") + (f' text-anchor="{anchor}"' if anchor != "start" else "")
    extra += f' class="{cls}"' if cls else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"{extra}>{_esc(content)}</text>'


def _lines(x: float, top: float, lines: list[str], size: int = FONT, fill: str = INK, bold: bool = False) -> str:
    """Lines of text from top down, one LINE apart."""
    return "".join(_text(x, _baseline(top, i), line, size, fill, bold) for i, line in enumerate(lines))


def _baseline(top: float, line: int) -> float:
    return top + (line + 1) * LINE - 5


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1, cls: str = "") -> str:
    extra = f' class="{cls}"' if cls else ""
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}"{extra}/>')


def _rect(x: float, y: float, width: float, height: float, fill: str, stroke: str = "") -> str:
    extra = f' stroke="{stroke}"' if stroke else ""
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"{extra}/>'


def _svg(figure_id: str, cls: str, width: float, height: float, title: str, desc: str, body: Iterable[str],
         role: str = "img") -> str:
    # Scales with its column, but stops shrinking where SMALL text would fall below 12px;
    # the page lets a narrower screen scroll the figure sideways (.kb-figure in kb.css).
    min_width = width * MIN_SHOWN_FONT / SMALL
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" id={_attr(figure_id)} class="kb-figure-svg {cls}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'style="width:100%;height:auto;max-width:{_n(width)}px;min-width:{_n(min_width)}px" '
        f'role="{role}" aria-labelledby={_attr(f"{figure_id}-title {figure_id}-desc")} '
        f'font-family="{FONT_FAMILY}">',
        f"<title id={_attr(figure_id + '-title')}>{_esc(title)}</title>",
        f"<desc id={_attr(figure_id + '-desc')}>{_esc(desc)}</desc>",
        _rect(0, 0, width, height, BACKGROUND),
        *(part for part in body if part),  # no blank line: Markdown would end the HTML block there
        "</svg>",
    ])


# --- forest plot: which rows, grouped into panels ------------------------------------------

# Comparative measures (the schema requires a CI for exactly these) and their family: one
# axis per family, because a ratio and a difference cannot share a scale.
FAMILY = {"RR": "ratio", "OR": "ratio", "RD": "risk-difference", "MD": "mean-difference"}
MEASURE_NAME = {"RR": "risk ratio", "OR": "odds ratio", "RD": "risk difference", "MD": "mean difference"}


def comparative_rows(record: dict) -> list[dict]:
    """Outcome rows a forest plot can show: a comparative measure with an estimate and a 95% CI."""
    return [row for row in record["evidence"]["outcomes"]
            if row["measure"] in FAMILY and len(row.get("ci") or ()) == 2
            and math.isfinite(row["estimate"]) and not any(map(math.isnan, row["ci"]))]


@dataclass(frozen=True)
class Scale:
    """Maps values to x between left and right; log for ratios, linear for differences."""
    low: float
    high: float
    left: float
    right: float
    log: bool

    @property
    def null(self) -> float:
        return 1.0 if self.log else 0.0

    def _t(self, value: float) -> float:
        if not self.log:
            return value
        return math.log10(value) if value > 0 else -math.inf

    def x(self, value: float) -> float:
        """Position of value, clamped to the axis: what lies beyond is drawn at the edge."""
        fraction = (self._t(value) - self._t(self.low)) / (self._t(self.high) - self._t(self.low))
        return self.left + min(max(fraction, 0.0), 1.0) * (self.right - self.left)

    def beyond(self, value: float) -> int:
        """-1 left of the axis, +1 right of it, 0 on it."""
        return -1 if value < self.low else 1 if value > self.high else 0


@dataclass(frozen=True)
class Panel:
    title: str
    scale: Scale
    rows: list[dict]


@dataclass(frozen=True)
class Columns:
    """Horizontal layout of a forest plot: labels | plot | numbers."""
    label_x: float
    label_width: float
    plot_left: float
    plot_right: float
    numbers_x: float
    numbers_width: float


def _panel_key(row: dict) -> tuple:
    family = FAMILY[row["measure"]]
    # Mean differences are in the outcome's own units: only the same outcome shares an axis.
    return (family, _plain(row["outcome"]) if family == "mean-difference" else "")


def panels(rows: list[dict], left: float, right: float) -> list[Panel]:
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(_panel_key(row), []).append(row)
    order = list(FAMILY.values())
    return [_panel(key, members, left, right)
            for key, members in sorted(groups.items(), key=lambda item: order.index(item[0][0]))]


def _panel(key: tuple, rows: list[dict], left: float, right: float) -> Panel:
    family = key[0]
    if family == "ratio":
        measures = [m for m in FAMILY if FAMILY[m] == "ratio" and any(r["measure"] == m for r in rows)]
        named = " and ".join(f"{MEASURE_NAME[m]} ({m})" for m in measures)
        return Panel(f"{named[0].upper()}{named[1:]}, log scale", ratio_scale(rows, left, right), rows)
    if family == "risk-difference":
        return Panel("Risk difference (RD), percentage points", difference_scale(rows, left, right), rows)
    return Panel("Mean difference (MD), in the outcome's own units", difference_scale(rows, left, right), rows)


# --- forest plot: scales and ticks ---------------------------------------------------------

RATIO_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
RATIO_VIEW = (0.02, 50)  # intervals reaching past this are clipped with an arrow...
# ...unless a point estimate lies further out: estimates stay on the axis up to RATIO_STEPS' ends.


def ratio_scale(rows: list[dict], left: float, right: float) -> Scale:
    lows = [min(r["ci"]) for r in rows]
    highs = [max(r["ci"]) for r in rows]
    estimates = [r["estimate"] for r in rows]
    want_low = min(max(min(lows), RATIO_VIEW[0]), min(estimates), 0.5)  # 0.5 to 2 at least
    want_high = max(min(max(highs), RATIO_VIEW[1]), max(estimates), 2)
    low = max((v for v in RATIO_STEPS if v <= want_low), default=RATIO_STEPS[0])
    high = min((v for v in RATIO_STEPS if v >= want_high), default=RATIO_STEPS[-1])
    return Scale(low, high, left, right, log=True)


def difference_scale(rows: list[dict], left: float, right: float) -> Scale:
    """Symmetric about 0. One row far wider than the others (over 3 times the median reach)
    is clipped rather than squeezing the rest; every point estimate stays on the axis."""
    reaches = sorted(max(abs(v) for v in (*r["ci"], r["estimate"]) if math.isfinite(v)) for r in rows)
    median = reaches[(len(reaches) - 1) // 2]
    reach = max(min(reaches[-1], 3 * median), max(abs(r["estimate"]) for r in rows))
    half = _nice_ceiling(reach)
    return Scale(-half, half, left, right, log=False)


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least value."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value * (1 - 1e-9))


TICK_LABEL_GAP = 10


def ticks(scale: Scale) -> list[float]:
    """Tick values in order of importance (no effect, powers of ten, the axis ends, 0.5 and 2,
    then the rest), each kept only if its label clears the labels already kept."""
    if scale.log:
        steps = [v for v in RATIO_STEPS if scale.low <= v <= scale.high]
        ranked = sorted(steps, key=lambda v: (v != 1, not math.log10(v).is_integer(),
                                              v not in (scale.low, scale.high), v not in (0.5, 2)))
    else:
        ranked = [0.0, -scale.high, scale.high, -scale.high / 2, scale.high / 2]
    kept: list[float] = []
    for value in ranked:
        if all(_labels_apart(scale, value, other) for other in kept):
            kept.append(value)
    return sorted(kept)


def _labels_apart(scale: Scale, a: float, b: float) -> bool:
    half_widths = (text_width(tick_label(a), SMALL) + text_width(tick_label(b), SMALL)) / 2
    return abs(scale.x(a) - scale.x(b)) >= half_widths + TICK_LABEL_GAP


def tick_label(value: float) -> str:
    return f"{value:g}".replace("-", "−")


# --- forest plot: numbers ------------------------------------------------------------------

def _number(value: float, min_decimals: int) -> str:
    """Fixed formatting: at least min_decimals, more where the source gave more."""
    if not math.isfinite(value):
        return "−∞" if value < 0 else "∞"
    given = repr(float(value))
    decimals = len(given.split(".")[1]) if "." in given and "e" not in given else 0
    return f"{value:.{max(min_decimals, min(decimals, 4))}f}".replace("-", "−")


def effect_text(row: dict) -> str:
    """'RR 1.02 (0.87 to 1.19)': ratios with at least two decimals, differences with one."""
    decimals = 2 if FAMILY[row["measure"]] == "ratio" else 1
    low, high = sorted(row["ci"])
    return (f"{row['measure']} {_number(row['estimate'], decimals)} "
            f"({_number(low, decimals)} to {_number(high, decimals)})")


# --- forest plot: drawing ------------------------------------------------------------------

FOREST_WIDTH = 760
PAD = 16
LABEL_WIDTH = 250
COLUMN_GAP = 22
ROW_PAD = 7
SQUARE = 9
ARROW = 7
MAX_SOURCE_WIDTH = 200


def forest_plot(record: dict, source_label: Callable[[str], str]) -> str:
    """One record's comparative outcome rows as a forest plot, one axis per measure family.

    record: the record's data (Record.data). source_label: citation key -> short label shown
    under each row's numbers (e.g. author_year(references), or the page's citation number).
    Returns "" when the record has no comparative rows: the caller then shows nothing.
    """
    rows = comparative_rows(record)
    if not rows:
        return ""
    figure_id = f"kb-forest-{record['id']}"
    columns = _forest_columns(rows, source_label)
    body, y = [], PAD
    for panel in panels(rows, columns.plot_left, columns.plot_right):
        drawn, y = _draw_panel(panel, y, columns, source_label)
        body.append(drawn)
        y += LINE
    caption = wrap(FOREST_CAPTION, SMALL, FOREST_WIDTH - 2 * PAD)
    body.append(_lines(PAD, y, caption, SMALL, MUTED))
    height = y + len(caption) * LINE + PAD
    return _svg(figure_id, "kb-forest", FOREST_WIDTH, height, _forest_title(record, rows),
                _forest_desc(record, rows, source_label), body)


FOREST_CAPTION = ("Squares are point estimates, lines their 95% confidence intervals; an arrow means the "
                  "interval runs beyond the axis. Whether a value above the no-difference line is good "
                  "depends on the outcome (more live births, but also more miscarriages), so read each "
                  "row's outcome.")


def _forest_columns(rows: list[dict], source_label: Callable[[str], str]) -> Columns:
    # The numbers column is as wide as its longest effect or source (up to a limit, beyond
    # which a source is shortened); the plot takes what is left.
    numbers_width = max(text_width("Effect (95% CI)", SMALL, bold=True),
                        *(text_width(effect_text(r), FONT) for r in rows),
                        *(min(text_width(_plain(source_label(r["citation"])), SMALL), MAX_SOURCE_WIDTH)
                          for r in rows))
    numbers_x = FOREST_WIDTH - PAD - numbers_width
    return Columns(PAD, LABEL_WIDTH, PAD + LABEL_WIDTH + COLUMN_GAP, numbers_x - COLUMN_GAP,
                   numbers_x, numbers_width)


def _draw_panel(panel: Panel, top: float, columns: Columns, source_label: Callable[[str], str]) -> tuple[str, float]:
    header, y = _panel_header(panel, top, columns)
    backgrounds, foregrounds = [], []
    rows_top = y
    for index, row in enumerate(panel.rows):
        lines = _row_label(row, columns.label_width)
        height = 2 * ROW_PAD + max(len(lines), 2) * LINE
        if index % 2 == 0:
            backgrounds.append(_rect(PAD / 2, y, FOREST_WIDTH - PAD, height, STRIPE))
        foregrounds.append(_draw_row(row, lines, y, panel.scale, columns, source_label))
        y += height
    null_x = panel.scale.x(panel.scale.null)
    null_line = _line(null_x, rows_top - 4, null_x, y, INK, 1.5, cls="kb-null")
    axis, y = _draw_axis(panel.scale, y)
    return f'<g class="kb-forest-panel">{"".join([header, *backgrounds, null_line, *foregrounds, axis])}</g>', y


def _panel_header(panel: Panel, top: float, columns: Columns) -> tuple[str, float]:
    title = wrap(panel.title, FONT, columns.label_width, bold=True, max_lines=3)
    last = _baseline(top, len(title) - 1)
    label = "no difference"
    half = text_width(label, SMALL) / 2
    x = min(max(panel.scale.x(panel.scale.null), columns.plot_left + half), columns.plot_right - half)
    parts = [_lines(columns.label_x, top, title, FONT, INK, bold=True),
             _text(x, last, label, SMALL, MUTED, anchor="middle"),
             _text(columns.numbers_x, last, "Effect (95% CI)", SMALL, INK, bold=True)]
    return "".join(parts), top + len(title) * LINE + 6


def _row_label(row: dict, width: float) -> list[tuple[str, int, str, bool]]:
    """(text, size, colour, bold) lines: outcome, then comparison, then population."""
    lines = [(t, FONT, INK, True) for t in wrap(_plain(row["outcome"]), FONT, width, True, max_lines=3)]
    for field in ("comparison", "population"):
        if row.get(field):
            lines += [(t, SMALL, MUTED, False) for t in wrap(_plain(row[field]), SMALL, width, max_lines=2)]
    return lines


def _draw_row(row: dict, lines: list, top: float, scale: Scale, columns: Columns,
              source_label: Callable[[str], str]) -> str:
    text_top = top + ROW_PAD
    label = "".join(_text(columns.label_x, _baseline(text_top, i), t, size, fill, bold)
                    for i, (t, size, fill, bold) in enumerate(lines))
    source = _shorten(_plain(source_label(row["citation"])), SMALL, columns.numbers_width, False)
    numbers = (_text(columns.numbers_x, _baseline(text_top, 0), effect_text(row), FONT, INK, cls="kb-effect")
               + _text(columns.numbers_x, _baseline(text_top, 1), source, SMALL, MUTED))
    whisker = _whisker(scale, row, text_top + LINE / 2 - 1)
    tooltip = f"<title>{_esc(_row_summary(row, source_label))}</title>"  # the full text of cut labels
    return f'<g class="kb-forest-row">{tooltip}{label}{whisker}{numbers}</g>'


def _whisker(scale: Scale, row: dict, y: float) -> str:
    """The 95% CI as a line, the estimate as a square; an arrow where the CI leaves the axis."""
    low, high = sorted(row["ci"])
    estimate = row["estimate"]
    parts = [_line(scale.x(low), y, scale.x(high), y, INK, 2, cls="kb-ci")]
    for end in (low, high):
        side = scale.beyond(end)
        if side:
            parts.append(_arrow(scale.x(end), y, side))
    if not scale.beyond(estimate):
        x = scale.x(estimate)
        parts.append(f'<rect class="kb-estimate" x="{_n(x - SQUARE / 2)}" y="{_n(y - SQUARE / 2)}" '
                     f'width="{SQUARE}" height="{SQUARE}" fill="{INK}"/>')
    return "".join(parts)


def _arrow(x: float, y: float, side: int) -> str:
    """A head pointing off the axis (side -1 left, +1 right), its tip at the axis end."""
    back = x - side * ARROW
    return (f'<path class="kb-clipped" d="M{_n(x)} {_n(y)}L{_n(back)} {_n(y - ARROW / 1.4)}'
            f'L{_n(back)} {_n(y + ARROW / 1.4)}Z" fill="{INK}"/>')


def _draw_axis(scale: Scale, top: float) -> tuple[str, float]:
    y = top + 4
    parts = [_line(scale.left, y, scale.right, y, INK, cls="kb-axis")]
    for value in ticks(scale):
        x = scale.x(value)
        parts.append(_line(x, y, x, y + 5, INK))
        parts.append(_text(x, y + 19, tick_label(value), SMALL, MUTED, anchor="middle", cls="kb-tick"))
    null = tick_label(scale.null)
    parts.append(_text(scale.left, y + 38, f"← below {null}", SMALL, MUTED))
    parts.append(_text(scale.right, y + 38, f"above {null} →", SMALL, MUTED, anchor="end"))
    return "".join(parts), y + 44


def _forest_title(record: dict, rows: list[dict]) -> str:
    return f"{_plain(record['name'])}: {len(rows)} comparative results with 95% confidence intervals"


def _forest_desc(record: dict, rows: list[dict], source_label: Callable[[str], str]) -> str:
    listed = " ".join(_row_summary(row, source_label) for row in rows)
    return (f"Forest plot for {_plain(record['name'])}. Ratios (RR, OR) are drawn on a log scale where 1 "
            f"means no difference; differences (RD, MD) on a linear scale where 0 means no difference. "
            f"{listed}")


def _row_summary(row: dict, source_label: Callable[[str], str]) -> str:
    parts = [_plain(row["outcome"]), _plain(row.get("comparison", "")), _plain(row["population"])]
    return (" — ".join(p for p in parts if p)
            + f": {effect_text(row)}, source {_plain(source_label(row['citation']))}.")


def author_year(references: dict) -> Callable[[str], str]:
    """A source_label: 'Zhou 2020' from the first author's surname and the year (the key if unknown)."""
    def label(key: str) -> str:
        reference = references.get(key)
        if reference is None:
            return key
        # Without an author (a guideline, a web page), the journal or organisation stands in.
        who = (reference.get("author").split(" and ")[0].split(",")[0].strip()
               or reference.get("journal") or reference.get("organization") or key)
        return " ".join(p for p in (who, reference.get("year")) if p)
    return label


# --- evidence map: layout ------------------------------------------------------------------

CERTAINTIES = list(labels.CERTAINTY)  # schema order: high, moderate, low, very-low (top to bottom)
DIRECTIONS = list(labels.DIRECTION)  # schema order: benefit, no-benefit, harm, uncertain (left to right)

MAP_LABEL_WIDTH = 136
MAP_LABEL_LINES = 5  # enough for an 80-character name plus " (draft)": names are never cut
MARK = 14  # the mark's box; the label starts MARK + MARK_GAP to its right
MARK_GAP = 7
STACK = 5  # marks per stack before a cell opens another stack beside it
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
    height: float
    grid_top: float  # where the column headers start
    header_height: float
    cells: list[Cell]
    marks: list[Mark]
    column_headers: dict[str, list[str]]
    corner: list[str]  # the row headers' title, above them


def map_label(record: dict) -> str:
    return _plain(record["name"]) + (" (draft)" if record["review"]["status"] == "draft" else "")


def _by_cell(records: Iterable[dict]) -> dict[tuple[str, str], list[dict]]:
    cells: dict[tuple[str, str], list[dict]] = {(c, d): [] for c in CERTAINTIES for d in DIRECTIONS}
    for record in records:
        cells[(record["evidence"]["certainty"], record["evidence"]["direction"])].append(record)
    for members in cells.values():
        members.sort(key=lambda r: (map_label(r).casefold(), r["id"]))  # stable, whatever the input order
    return cells


def _stacks(members: list) -> list[list]:
    """Split a cell's marks into stacks of at most STACK, filled top to bottom, then left to right."""
    if not members:
        return []
    count = math.ceil(len(members) / STACK)
    per = math.ceil(len(members) / count)
    return [members[i:i + per] for i in range(0, len(members), per)]


def map_layout(records: Iterable[dict], top: float = 0.0) -> MapLayout:
    """Where every cell and mark goes. A cell grows to fit its marks, so labels never overlap."""
    cells = _by_cell(records)
    lines = {r["id"]: wrap(map_label(r), FONT, MAP_LABEL_WIDTH, max_lines=MAP_LABEL_LINES)
             for members in cells.values() for r in members}
    # One slot width per column, so stacks line up from row to row.
    slot_width = {d: MARK + MARK_GAP + max([text_width(line, FONT) for c in CERTAINTIES for r in cells[(c, d)]
                                            for line in lines[r["id"]]], default=0)
                  for d in DIRECTIONS}

    def slot_height(record: dict) -> float:
        return len(lines[record["id"]]) * LINE

    def content_size(certainty: str, direction: str) -> tuple[float, float]:
        stacks = _stacks(cells[(certainty, direction)])
        width = len(stacks) * slot_width[direction] + max(len(stacks) - 1, 0) * STACK_GAP
        height = max([sum(slot_height(r) for r in s) + (len(s) - 1) * SLOT_GAP for s in stacks], default=0)
        return width, height

    column_width = {d: max(MIN_COLUMN, *(content_size(c, d)[0] + 2 * CELL_PAD for c in CERTAINTIES))
                    for d in DIRECTIONS}
    row_height = {c: max(MIN_ROW, *(content_size(c, d)[1] + 2 * CELL_PAD for d in DIRECTIONS))
                  for c in CERTAINTIES}
    headers = {d: wrap(labels.DIRECTION[d], FONT, column_width[d] - 2 * CELL_PAD, bold=True)
               for d in DIRECTIONS}
    corner = wrap(CORNER, SMALL, ROW_HEADER_WIDTH - 2 * CELL_PAD, bold=True)
    header_height = max(len(corner), *(len(h) for h in headers.values())) * LINE + 2 * CELL_PAD

    placed_cells, marks = [], []
    y = top + header_height
    for certainty in CERTAINTIES:
        x = PAD + ROW_HEADER_WIDTH
        for direction in DIRECTIONS:
            placed_cells.append(Cell(certainty, direction, x, y, column_width[direction], row_height[certainty]))
            for index, stack in enumerate(_stacks(cells[(certainty, direction)])):
                mark_x = x + CELL_PAD + index * (slot_width[direction] + STACK_GAP)
                mark_y = y + CELL_PAD
                for record in stack:
                    marks.append(Mark(record, certainty, direction, lines[record["id"]], mark_x, mark_y,
                                      slot_width[direction], slot_height(record)))
                    mark_y += slot_height(record) + SLOT_GAP
            x += column_width[direction]
        y += row_height[certainty]
    return MapLayout(x + PAD, y, top, header_height, placed_cells, marks, headers, corner)


# --- evidence map: drawing -----------------------------------------------------------------

def evidence_map(records: Iterable[dict], href_for: Callable[[dict], str],
                 figure_id: str = "kb-evidence-map") -> str:
    """Every record placed by GRADE certainty (rows) and direction of effect (columns), each a
    link to its page. records: record data dicts (Record.data); href_for(record) -> URL of its
    page relative to the page showing the map."""
    records = list(records)
    legend_height = LINE + 2 * CELL_PAD
    title_height = LINE + 4
    layout = map_layout(records, top=PAD + legend_height + title_height)
    body = [_draw_legend(PAD, PAD),
            _text(PAD + ROW_HEADER_WIDTH, PAD + legend_height + LINE - 5,
                  "What the evidence shows for live birth →", FONT, INK, bold=True),
            _draw_grid(layout),
            *(_draw_mark(mark, href_for(mark.record)) for mark in layout.marks)]
    height = layout.height + PAD
    return _svg(figure_id, "kb-evidence-map", layout.width, height, _map_title(records), _map_desc(records),
                body, role="graphics-document")


def _draw_legend(x: float, top: float) -> str:
    y = top + CELL_PAD + LINE / 2
    parts = []
    for kind in ("treatment", "test"):
        parts.append(_shape(kind, x + MARK / 2, y))
        label = labels.KIND[kind]
        parts.append(_text(x + MARK + MARK_GAP, _baseline(top + CELL_PAD, 0), label, FONT, INK))
        x += MARK + MARK_GAP + text_width(label, FONT) + 24
    note = "Select a name to open its record. “(draft)”: not yet fully reviewed."
    parts.append(_text(x, _baseline(top + CELL_PAD, 0), note, SMALL, MUTED))
    return "".join(parts)


def _draw_grid(layout: MapLayout) -> str:
    parts = []
    grid_left = PAD + ROW_HEADER_WIDTH
    header_top = layout.grid_top
    first_row = {c.direction: c for c in layout.cells if c.certainty == CERTAINTIES[0]}
    parts.append(_rect(PAD, header_top, layout.width - 2 * PAD, layout.header_height, STRIPE))
    parts.append(_lines(PAD + CELL_PAD, header_top + CELL_PAD, layout.corner, SMALL, MUTED, bold=True))
    for direction, lines in layout.column_headers.items():
        cell = first_row[direction]
        parts.append(_lines(cell.x + CELL_PAD, header_top + CELL_PAD, lines, FONT, INK, bold=True))
    for cell in layout.cells:
        parts.append(_rect(cell.x, cell.y, cell.width, cell.height, BACKGROUND, GRID))
        if cell.direction == DIRECTIONS[0]:
            parts.append(_rect(PAD, cell.y, ROW_HEADER_WIDTH, cell.height, STRIPE, GRID))
            parts.append(_text(PAD + CELL_PAD, _baseline(cell.y + CELL_PAD, 0), labels.CERTAINTY[cell.certainty],
                               FONT, INK, bold=True))
    parts.append(_rect(grid_left, header_top, layout.width - PAD - grid_left, layout.height - header_top,
                       "none", INK))
    return "".join(parts)


def _shape(kind: str, cx: float, cy: float) -> str:
    """Treatments are circles, tests diamonds: colour is never the only cue."""
    colour = KIND_COLOUR[kind]
    if kind == "treatment":
        return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(MARK / 2 - 0.5)}" fill="{colour}"/>'
    r = MARK / 2 + 0.5
    return (f'<path d="M{_n(cx)} {_n(cy - r)}L{_n(cx + r)} {_n(cy)}L{_n(cx)} {_n(cy + r)}'
            f'L{_n(cx - r)} {_n(cy)}Z" fill="{colour}"/>')


def _draw_mark(mark: Mark, href: str) -> str:
    record = mark.record
    cy = mark.y + LINE / 2 - 1
    text_x = mark.x + MARK + MARK_GAP
    # A space ends each wrapped line (not one broken after a hyphen), so the link reads as the name.
    words = [line if line.endswith("-") or i == len(mark.lines) - 1 else line + " "
             for i, line in enumerate(mark.lines)]
    tspans = "".join(f'<tspan x="{_n(text_x)}" y="{_n(_baseline(mark.y, i))}">{_esc(line)}</tspan>'
                     for i, line in enumerate(words))
    name = (f"{_plain(record['name'])}, {labels.KIND[record['kind']].lower()}: "
            f"{labels.CERTAINTY[mark.certainty].lower()} certainty, {labels.DIRECTION[mark.direction].lower()}")
    return (f'<a href={_attr(href)} class="kb-map-mark" aria-label={_attr(name)}>'
            f'{_shape(record["kind"], mark.x + MARK / 2, cy)}'
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
