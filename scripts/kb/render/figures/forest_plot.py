"""A record's forest plot: every comparative outcome row, a panel per question (patient group x
comparison), and within a panel one axis per reading.

Rows share an axis only when they share a scale and a reading: a ratio and a difference cannot
share a scale (a mean difference is in its own outcome's units), and a row where higher is
better (live birth) cannot share "Favours add-on" with a row where lower is better
(miscarriage). Each axis is labelled with the side that favours the add-on for its rows.
Every axis of one scale uses the same range, so the no-difference line stays put down the page.

A question marked `association` compares people with and without a test result (high vs
normal NK cells), not an add-on with a control: nothing there favours anything, so its axes say
only which group had more of the outcome ("Higher with high NK cells"), and the description
says that the panel shows what a result predicts, not an effect of testing.

Drawn twice: a wide layout (label | plot | numbers) and a narrow one for phones (the words
above each whisker), see svg.variants.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from ...findings import NO_EFFECT, Row, change, is_comparative, mid_sentence, outcome_rows, verdict
from ...grade import SYMBOL, WORDS
from .. import labels
from .svg import (FONT, GRID, INK, LINE, MUTED, NARROW, NARROW_WIDTH, PAD, SMALL, STRIPE, WIDE, WIDE_WIDTH, baseline,
                  esc, line, lines, n, plain, rect, shorten, svg, text, text_width, variants, wrap,
                  wrap_items)

SourceLabel = Callable[[str], str]  # citation key -> "Zhou 2020"
Written = Callable[[tuple], str]  # a number's path in the record -> the number as typed ("1.20")

# Comparative measures and their scale: one axis per family, because a ratio and a difference
# cannot share one.
FAMILY = {"RR": "ratio", "OR": "ratio", "Peto-OR": "ratio", "HR": "ratio",
          "RD": "risk-difference", "MD": "mean-difference"}
assert set(FAMILY) == set(NO_EFFECT)
MEASURE_NAME = {"RR": "risk ratio", "OR": "odds ratio", "Peto-OR": "Peto odds ratio", "HR": "hazard ratio",
                "RD": "risk difference", "MD": "mean difference"}
SCALE_NAME = {"ratio": "log scale", "risk-difference": "percentage points",
              "mean-difference": "in the outcome's own units"}
BETTER = {"higher": "Higher is better", "lower": "Lower is better"}


# --- which rows, grouped how ---------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """Rows of one question drawn on one axis: same scale, same desirable direction."""
    axis: tuple  # (family, outcome for a mean difference, else "")
    desirable: str
    rows: list[Row]

    @property
    def association(self) -> bool:
        """Rows of an association question: what a test result predicts, labelled without "favours"."""
        return self.rows[0].is_association


@dataclass(frozen=True)
class Panel:
    question: dict
    groups: list[Group]


def axis_key(row: dict) -> tuple:
    family = FAMILY[row["measure"]]
    # Mean differences are in the outcome's own units: only the same outcome shares an axis.
    return family, plain(row["outcome"]) if family == "mean-difference" else ""


def panels(data: dict) -> list[Panel]:
    """A panel per question with a comparative row; groups and rows in the record's order."""
    by_question: dict[int, dict[tuple, list[Row]]] = {}
    questions: dict[int, dict] = {}
    for found in outcome_rows(data):
        if is_comparative(found.row):
            index = found.path[2]
            questions[index] = found.question
            key = (axis_key(found.row), found.row["desirable"])
            by_question.setdefault(index, {}).setdefault(key, []).append(found)
    return [Panel(questions[q], [Group(axis, desirable, rows) for (axis, desirable), rows in groups.items()])
            for q, groups in by_question.items()]


def not_drawn(data: dict) -> list[Row]:
    """Rows with no comparison (a rate in one group): in the record's table, not on the plot."""
    return [found for found in outcome_rows(data) if not is_comparative(found.row)]


def favours(desirable: str) -> tuple[str, str]:
    """(left, right) labels under an axis. Above no difference (ratio > 1, difference > 0) means
    more of the outcome with the add-on: good where higher is desirable, bad where lower is."""
    if desirable == "higher":
        return "Favours control", "Favours add-on"
    return "Favours add-on", "Favours control"


FIRST_GROUP = "in the first group"
VERSUS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.I)
# Words that qualify the same thing on both sides ("High vs normal NK percentage"): the first
# side then means "high NK percentage", its noun borrowed from the second.
LEVELS = {"normal", "low", "high", "abnormal", "balanced", "negative", "positive", "raised", "elevated",
          "reduced", "receptive"}


def first_group(comparison: str) -> str | None:
    """Who the first side of an association's comparison is, in a few words for an axis label:
    "High vs normal peripheral blood NK percentage" -> "high peripheral blood NK percentage".
    None when the comparison does not read "A vs B". Asides (after ";" or ",", in brackets) are
    left out: the panel's heading shows the comparison whole."""
    sides = VERSUS.split(re.split(r"[;,]", plain(comparison), maxsplit=1)[0], maxsplit=1)
    if len(sides) != 2:
        return None
    first, second = (re.sub(r"\s*\([^)]*\)", "", side).split() for side in sides)
    if len(first) == 1 and len(second) > 1 and second[0].lower() in LEVELS:
        first = first + second[1:]
    return mid_sentence(" ".join(first)) if first else None


def association_sides(question: dict) -> tuple[tuple[str, str], tuple[str, str]]:
    """((left, right) with the first group named, (left, right) saying "the first group"): an
    association's axis labels, neutral, in the longer form the layout uses only if it fits.
    Above no difference means more of the outcome in the first group."""
    short = (f"Lower {FIRST_GROUP}", f"Higher {FIRST_GROUP}")
    named = first_group(question.get("comparison") or "")
    return ((f"Lower with {named}", f"Higher with {named}") if named else short), short


AXIS_LABEL_LINES = 3  # a named first group that needs more is called "the first group"


def axis_labels(group: Group, question: dict, half: float) -> tuple[list[str], list[str]]:
    """The wrapped (left, right) labels under a group's axis, each at most half wide."""
    def wrapped(left: str, right: str) -> tuple[list[str], list[str]]:
        right_lines = wrap(f"{right} →", SMALL, half)
        if right_lines[-1] == "→":  # never an arrow alone on a line: wrap narrower to keep it with a word
            right_lines = wrap(right, SMALL, half - text_width(" →", SMALL))
            right_lines[-1] += " →"
        return wrap(f"← {left}", SMALL, half), right_lines
    if not group.association:
        return wrapped(*favours(group.desirable))
    named, short = association_sides(question)
    left, right = wrapped(*named)
    return (left, right) if max(len(left), len(right)) <= AXIS_LABEL_LINES else wrapped(*short)


def group_title(group: Group) -> str:
    family = group.axis[0]
    measures = list(dict.fromkeys(found.row["measure"] for found in group.rows))
    named = " and ".join(f"{MEASURE_NAME[m]} ({labels.MEASURE_SHOWN.get(m, m)})" for m in measures)
    return f"{named[0].upper()}{named[1:]}, {SCALE_NAME[family]}"


def group_reading(group: Group) -> str:
    null = "1" if group.axis[0] == "ratio" else "0"
    between = " between the groups" if group.association else ""
    return f"{BETTER[group.desirable]}; {null} means no difference{between}"


# --- scales and ticks ----------------------------------------------------------------------

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


def scales(drawn: list[Panel], left: float, right: float) -> dict[tuple, Scale]:
    """One scale per axis key for the whole figure."""
    rows: dict[tuple, list[dict]] = {}
    for panel in drawn:
        for group in panel.groups:
            rows.setdefault(group.axis, []).extend(found.row for found in group.rows)
    return {key: (ratio_scale if key[0] == "ratio" else difference_scale)(members, left, right)
            for key, members in rows.items()}


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


# --- what each row says ----------------------------------------------------------------------

@dataclass(frozen=True)
class Words:
    """A row's text, as drawn and as read out."""
    outcome: str
    effect: str
    source: str
    participants: str
    certainty: str  # "⊕⊕◯◯ Low certainty"


def words(found: Row, source_label: SourceLabel, written: Written | None) -> Words:
    row = found.row
    typed = (lambda path: written(found.path + path)) if written else None
    participants = row["participants"]
    return Words(plain(row["outcome"]), labels.effect(row, typed), plain(source_label(row["citation"])),
                 f"{participants:,} participants" if isinstance(participants, int) else "participants not reported",
                 f"{SYMBOL[row['certainty']]} {WORDS[row['certainty']]} certainty")


READING = {"benefit": "favours the add-on", "harm": "favours the control",
           "no-clear-difference": "the interval includes no difference"}
# An association's rows say which group had more of the outcome, never what it favours.
ASSOCIATION_READING = {"increase": f"higher {FIRST_GROUP}", "decrease": f"lower {FIRST_GROUP}",
                       "none": "the interval includes no difference"}
ASSOCIATION_NOTE = ("This panel compares people with and without a test result: it shows what the result "
                    "predicts, not an effect of testing or of any treatment.")


def row_summary(found: Row, said: Words) -> str:
    certainty = found.row["certainty"]
    reading = ASSOCIATION_READING[change(found.row)] if found.is_association else READING[verdict(found.row)]
    return (f"{said.outcome} ({BETTER[found.row['desirable']].lower()}): {said.effect}, "
            f"{reading}; {said.source}, {said.participants}, "
            f"{WORDS[certainty].lower()} certainty ({SYMBOL[certainty]}).")


def panel_heading(question: dict) -> tuple[str, str]:
    return labels.POPULATION[question["population"]], plain(question.get("comparison", ""))


# --- drawing: pieces both layouts use --------------------------------------------------------

ROW_PAD = 7
SQUARE = 9
ARROW = 7
FAVOURS_GAP = 16


def whisker(scale: Scale, row: dict, y: float) -> str:
    """The 95% CI as a line, the estimate as a square; an arrow where the CI leaves the axis."""
    low, high = sorted(row["ci"])
    estimate = row["estimate"]
    parts = [line(scale.x(low), y, scale.x(high), y, INK, 2, cls="kb-ci")]
    for end in (low, high):
        side = scale.beyond(end)
        if side:
            parts.append(_arrow(scale.x(end), y, side))
    if not scale.beyond(estimate):
        x = scale.x(estimate)
        parts.append(f'<rect class="kb-estimate" x="{n(x - SQUARE / 2)}" y="{n(y - SQUARE / 2)}" '
                     f'width="{SQUARE}" height="{SQUARE}" fill="{INK}"/>')
    return "".join(parts)


def _arrow(x: float, y: float, side: int) -> str:
    """A head pointing off the axis (side -1 left, +1 right), its tip at the axis end."""
    back = x - side * ARROW
    return (f'<path class="kb-clipped" d="M{n(x)} {n(y)}L{n(back)} {n(y - ARROW / 1.4)}'
            f'L{n(back)} {n(y + ARROW / 1.4)}Z" fill="{INK}"/>')


def axis(scale: Scale, top: float, group: Group, question: dict) -> tuple[str, float]:
    """The axis line, its ticks, and under it which side favours the add-on (or, for an
    association, which side means more of the outcome in the first group)."""
    y = top + 4
    parts = [line(scale.left, y, scale.right, y, INK, cls="kb-axis")]
    for value in ticks(scale):
        x = scale.x(value)
        parts.append(line(x, y, x, y + 5, INK))
        parts.append(text(x, y + 19, tick_label(value), SMALL, MUTED, anchor="middle", cls="kb-tick"))
    left_lines, right_lines = axis_labels(group, question, (scale.right - scale.left - FAVOURS_GAP) / 2)
    top_of_labels = y + 25
    parts.append(lines(scale.left, top_of_labels, left_lines, SMALL, INK, cls="kb-favours-left"))
    parts.append(lines(scale.right, top_of_labels, right_lines, SMALL, INK, anchor="end", cls="kb-favours-right"))
    return "".join(parts), top_of_labels + max(len(left_lines), len(right_lines)) * LINE + 4


def _row_tooltip(summary: str) -> str:
    return f"<title>{esc(summary)}</title>"  # the full text of any label cut short


def _heading(question: dict, width: float, top: float) -> tuple[str, float]:
    population, comparison = panel_heading(question)
    title = wrap(population, FONT, width, bold=True)
    below = wrap(comparison, SMALL, width) if comparison else []
    drawn = (lines(PAD, top, title, FONT, INK, bold=True)
             + lines(PAD, top + len(title) * LINE, below, SMALL, MUTED))
    return drawn, top + (len(title) + len(below)) * LINE + 6


# --- the wide layout -------------------------------------------------------------------------

LABEL_WIDTH = 220
MAX_NUMBERS_WIDTH = 190
COLUMN_GAP = 20


@dataclass(frozen=True)
class Columns:
    """Horizontal layout of the wide plot: labels | plot | numbers."""
    label_x: float
    label_width: float
    plot_left: float
    plot_right: float
    numbers_x: float
    numbers_width: float


def wide_columns(said: list[Words]) -> Columns:
    # The numbers column is as wide as its longest line, up to a limit beyond which an effect
    # wraps; the plot takes what is left.
    numbers_width = min(MAX_NUMBERS_WIDTH, max(text_width("Effect (95% CI)", SMALL, bold=True),
                                               *(text_width(w.effect, FONT) for w in said),
                                               *(text_width(w.certainty, SMALL) for w in said)))
    numbers_x = WIDE_WIDTH - PAD - numbers_width
    return Columns(PAD, LABEL_WIDTH, PAD + LABEL_WIDTH + COLUMN_GAP, numbers_x - COLUMN_GAP, numbers_x, numbers_width)


def _wide_group(group: Group, question: dict, said: dict[tuple, Words], scale: Scale, top: float,
                c: Columns) -> tuple[str, float]:
    heading_width = c.numbers_x - COLUMN_GAP - c.label_x  # over the labels and the plot: no row is beside it
    title = wrap(group_title(group), SMALL, heading_width, bold=True)
    reading = wrap(group_reading(group), SMALL, heading_width)
    header = (lines(c.label_x, top, title, SMALL, INK, bold=True)
              + lines(c.label_x, top + len(title) * LINE, reading, SMALL, MUTED)
              + text(c.numbers_x, baseline(top, 0), "Effect (95% CI)", SMALL, INK, bold=True))
    y = top + (len(title) + len(reading)) * LINE + 6
    rows_top = y
    backgrounds, foregrounds = [], []
    for index, found in enumerate(group.rows):
        w = said[found.path]
        left = ([(t, FONT, INK, True) for t in wrap(w.outcome, FONT, c.label_width, True, max_lines=3)]
                + [(t, SMALL, MUTED, False) for t in wrap_items([w.source, w.participants], SMALL, c.label_width)])
        effect = wrap(w.effect, FONT, c.numbers_width)
        certainty = shorten(w.certainty, SMALL, c.numbers_width)
        right = [(t, FONT, INK, False) for t in effect] + [(certainty, SMALL, MUTED, False)]
        height = 2 * ROW_PAD + max(len(left), len(right)) * LINE
        if index % 2 == 0:
            backgrounds.append(rect(PAD / 2, y, WIDE_WIDTH - PAD, height, STRIPE))
        text_top = y + ROW_PAD
        drawn = "".join(text(c.label_x, baseline(text_top, i), t, size, fill, bold) for i, (t, size, fill, bold)
                        in enumerate(left))
        drawn += "".join(text(c.numbers_x, baseline(text_top, i), t, size, fill, bold,
                              cls="kb-effect" if i < len(effect) else "kb-certainty")
                         for i, (t, size, fill, bold) in enumerate(right))
        drawn += whisker(scale, found.row, text_top + LINE / 2 - 1)
        foregrounds.append(f'<g class="kb-forest-row">{_row_tooltip(row_summary(found, w))}{drawn}</g>')
        y += height
    null_x = scale.x(scale.null)
    null_line = line(null_x, rows_top - 4, null_x, y, INK, 1.5, cls="kb-null")
    drawn_axis, y = axis(scale, y, group, question)
    return (f'<g class="kb-forest-group">{header}{"".join(backgrounds)}{null_line}{"".join(foregrounds)}'
            f'{drawn_axis}</g>'), y


# --- the narrow layout -----------------------------------------------------------------------

NARROW_PLOT_INSET = 8  # room for an arrow head inside the figure's edge
WHISKER_BAND = 20


def _narrow_group(group: Group, question: dict, said: dict[tuple, Words], scale: Scale,
                  top: float) -> tuple[str, float]:
    width = NARROW_WIDTH - 2 * PAD
    title = wrap(group_title(group), SMALL, width, bold=True)
    reading = wrap(group_reading(group), SMALL, width)
    header = lines(PAD, top, title, SMALL, INK, bold=True) + lines(PAD, top + len(title) * LINE, reading, SMALL, MUTED)
    y = top + (len(title) + len(reading)) * LINE + 6
    parts = [header]
    for index, found in enumerate(group.rows):
        w = said[found.path]
        outcome = wrap(w.outcome, FONT, width, True, max_lines=3)
        effect = wrap(w.effect, FONT, width)
        meta = wrap_items([w.source, w.participants, w.certainty], SMALL, width)
        height = 2 * ROW_PAD + (len(outcome) + len(effect) + len(meta)) * LINE + WHISKER_BAND
        background = rect(PAD / 2, y, NARROW_WIDTH - PAD, height, STRIPE) if index % 2 == 0 else ""
        text_top = y + ROW_PAD
        drawn = (lines(PAD, text_top, outcome, FONT, INK, bold=True)
                 + lines(PAD, text_top + len(outcome) * LINE, effect, FONT, INK, cls="kb-effect")
                 + lines(PAD, text_top + (len(outcome) + len(effect)) * LINE, meta, SMALL, MUTED))
        band = text_top + (len(outcome) + len(effect) + len(meta)) * LINE
        centre = band + WHISKER_BAND / 2
        null_x = scale.x(scale.null)
        # The no-difference line is drawn in each row's band only: through the text it would strike it out.
        drawn += line(null_x, band + 1, null_x, band + WHISKER_BAND - 1, INK, 1.5, cls="kb-null")
        drawn += whisker(scale, found.row, centre)
        parts.append(f'{background}<g class="kb-forest-row">{_row_tooltip(row_summary(found, w))}{drawn}</g>')
        y += height
    drawn_axis, y = axis(scale, y, group, question)
    return f'<g class="kb-forest-group">{"".join(parts)}{drawn_axis}</g>', y


# --- the figure ------------------------------------------------------------------------------

FOREST_CAPTION = ("Squares are point estimates, lines their 95% confidence intervals; an arrow means the "
                  "interval runs beyond the axis.")


def forest_plot(data: dict, source_label: SourceLabel, written: Written | None = None) -> str:
    """Every comparative row of a record, as a wide and a narrow SVG (see svg.variants).

    data: the record's data (Record.data). source_label: citation key -> "Zhou 2020" (e.g.
    author_year(references)). written: a number's path in the record -> the number as typed
    (partial(kb.as_written.as_written, record)), so 1.20 is not shown as 1.2.
    Returns "" when the record has no comparative rows: the caller then shows nothing.
    """
    drawn = panels(data)
    if not drawn:
        return ""
    said = {found.path: words(found, source_label, written)
            for panel in drawn for group in panel.groups for found in group.rows}
    left_out = not_drawn(data)
    title = _title(data, len(said))
    desc = _desc(data, drawn, said, left_out, source_label)
    caption = FOREST_CAPTION + _left_out_note(left_out)
    return variants(_wide(data, drawn, said, title, desc, caption), _narrow(data, drawn, said, title, desc, caption))


def _wide(data: dict, drawn: list[Panel], said: dict, title: str, desc: str, caption: str) -> str:
    columns = wide_columns(list(said.values()))
    scale_of = scales(drawn, columns.plot_left, columns.plot_right)
    body, y = [], PAD
    for panel in drawn:
        parts, y = _heading(panel.question, WIDE_WIDTH - 2 * PAD, y)
        for group in panel.groups:
            group_drawn, y = _wide_group(group, panel.question, said, scale_of[group.axis], y, columns)
            parts += group_drawn
            y += LINE / 2
        body.append(f'<g class="kb-forest-panel">{parts}</g>')
        y += LINE
    return _finish(data, body, y, WIDE_WIDTH, WIDE, "", title, desc, caption)


def _narrow(data: dict, drawn: list[Panel], said: dict, title: str, desc: str, caption: str) -> str:
    scale_of = scales(drawn, PAD + NARROW_PLOT_INSET, NARROW_WIDTH - PAD - NARROW_PLOT_INSET)
    body, y = [], PAD
    for panel in drawn:
        parts, y = _heading(panel.question, NARROW_WIDTH - 2 * PAD, y)
        for group in panel.groups:
            group_drawn, y = _narrow_group(group, panel.question, said, scale_of[group.axis], y)
            parts += group_drawn
            y += LINE / 2
        body.append(f'<g class="kb-forest-panel">{parts}</g>')
        y += LINE
    return _finish(data, body, y, NARROW_WIDTH, NARROW, "-narrow", title, desc, caption)


def _finish(data: dict, body: list[str], y: float, width: float, variant: str, suffix: str,
            title: str, desc: str, caption: str) -> str:
    caption_lines = wrap(caption, SMALL, width - 2 * PAD)
    body.append(line(PAD, y - LINE / 2, width - PAD, y - LINE / 2, GRID))
    body.append(lines(PAD, y, caption_lines, SMALL, MUTED))
    height = y + len(caption_lines) * LINE + PAD
    return svg(f"kb-forest-{data['id']}{suffix}", f"kb-forest {variant}", width, height, title, desc, body)


def _left_out_note(left_out: list[Row]) -> str:
    if not left_out:
        return ""
    count = len(left_out)
    return (f" {count} {'result reports' if count == 1 else 'results report'} a rate in one group, with no "
            f"comparison: {'it is' if count == 1 else 'they are'} in the table, not drawn.")


def _title(data: dict, count: int) -> str:
    return (f"{plain(data['name'])}: {count} comparative {'result' if count == 1 else 'results'} "
            f"with 95% confidence intervals, by patient group")


def _desc(data: dict, drawn: list[Panel], said: dict, left_out: list[Row], source_label: SourceLabel) -> str:
    sentences = [f"Forest plot for {plain(data['name'])}. Ratios are drawn on a log scale where 1 means no "
                 f"difference, differences on a linear scale where 0 means no difference."]
    for panel in drawn:
        population, comparison = panel_heading(panel.question)
        sentences.append(f"{population}{': ' + comparison if comparison else ''}.")
        if panel.question.get("association"):
            sentences.append(ASSOCIATION_NOTE)
        sentences += [row_summary(found, said[found.path]) for group in panel.groups for found in group.rows]
    if left_out:
        listed = "; ".join(f"{plain(found.row['outcome'])}, {labels.effect(found.row)} "
                           f"({plain(source_label(found.row['citation']))})" for found in left_out)
        sentences.append(f"Not drawn, a rate in one group with no comparison: {listed}.")
    return " ".join(sentences)
