"""SVG writing shared by every figure: colours and type sizes, text measuring and wrapping,
XML escaping, and the outer <svg> element with its wide and narrow variants.

Text cannot be measured without a font, so widths are estimated from the advance widths of
DejaVu Sans, the widest common sans-serif (and the one Debian's chromium falls back to):
narrower fonts (Helvetica, Arial, San Francisco, Segoe) only leave more room.

Record text is untrusted and only ever reaches the output through esc/attr (XML escaping).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

# Colours. Text is INK or MUTED, only ever on BACKGROUND or STRIPE (>= 4.5:1, WCAG AA);
# marks and lines need 3:1 (WCAG 1.4.11). The tests check every pair.
BACKGROUND = "#ffffff"
STRIPE = "#f3f5f8"
INK = "#1b1f24"
MUTED = "#4b5563"
GRID = "#c3cbd5"
TEXT_COLOURS = (INK, MUTED)
BACKGROUNDS = (BACKGROUND, STRIPE)

FONT_FAMILY = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
FONT = 14  # main text, in viewBox units
SMALL = 13  # secondary text: never smaller
LINE = 18  # line height for both sizes
PAD = 16
MIN_SHOWN_FONT = 12  # a figure never shows text smaller than this (see svg())

# Each figure comes as two drawings: a wide one, and a narrow one for phones (at most
# NARROW_WIDTH, which fits a 390 px screen's 358 px column with SMALL text still above
# 12 px). kb.css shows the wide one only where its container is at least WIDE_FROM px wide,
# which no wide drawing needs more than (WIDE_WIDTH * MIN_SHOWN_FONT / SMALL <= WIDE_FROM):
# so neither ever shrinks its text below 12 px or scrolls sideways. tests/test_svg.py checks
# that kb.css says the same number.
WIDE_FROM = 680  # a record page's column is 688 px at 1280 px, 750 at 1024, 736 at 768
WIDE_WIDTH = 736
NARROW_WIDTH = 360

# --- text measuring ----------------------------------------------------------------------

_GLYPHS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
           "abcdefghijklmnopqrstuvwxyz{|}~–—−…→←·é²≥≤×’“”⊕◯↓")
# Advance widths in 1/1000 em, read from DejaVuSans.ttf and DejaVuSans-Bold.ttf.
_REGULAR = dict(zip(_GLYPHS, map(int, """
318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 637 637 637 637 637 337 337
838 838 838 531 1000 685 687 699 771 632 576 775 752 295 295 656 558 863 749 788 604 788 695 635 611 732 685 989
686 611 686 391 337 391 838 500 500 613 635 550 635 616 353 635 634 278 278 580 278 975 634 612 635 635 412 521
393 634 592 818 592 592 525 637 337 637 838 500 1000 838 1000 838 838 318 616 401 838 838 838 318 519 519
838 1119 838
""".split())))
_BOLD = dict(zip(_GLYPHS, map(int, """
349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 696 696 696 696 696 400 400
838 838 838 581 1000 774 763 734 831 684 684 821 837 373 373 775 638 996 837 851 733 851 771 721 683 813 774 1104
771 725 726 458 366 458 838 500 500 675 716 593 716 679 436 716 712 343 343 666 343 1042 712 688 716 716 494 596
479 712 652 924 646 652 583 712 366 712 838 500 1000 838 1000 838 838 380 679 438 838 838 838 380 658 658
838 1119 838
""".split())))
_UNKNOWN_GLYPH = 1000  # a full em: an unlisted character is rarely underestimated


@lru_cache(maxsize=1 << 15)  # the evidence map measures every name again after each kb serve rebuild
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
                lines.append(shorten(piece, size, width, bold))
    if len(lines) > max_lines:
        rest = "".join(line if line.endswith("-") else line + " " for line in lines[max_lines - 1:])
        lines = lines[:max_lines - 1] + [shorten(rest.rstrip() + "…", size, width, bold)]
    return tuple(lines)


def wrap_items(items: list[str], size: float, width: float, separator: str = " · ") -> list[str]:
    """Items joined by separator, a line breaking only between items where it can (an item too
    long for a line of its own is wrapped as words)."""
    result: list[str] = []
    for item in items:
        joined = result[-1] + separator + item if result else item
        if result and text_width(joined, size) <= width:
            result[-1] = joined
        else:
            if result:
                result[-1] += separator.rstrip()
            result += wrap(item, size, width)
    return result


def shorten(text: str, size: float, width: float, bold: bool = False) -> str:
    """text, cut to fit width with an ellipsis if it does not."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- escaping ----------------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # not allowed in XML 1.0


@lru_cache(maxsize=1 << 14)  # likewise every name on the map, as its label and the link's name
def plain(text: str) -> str:
    """Record prose as one line of plain text: Markdown links keep their words, emphasis marks go."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(_NOT_XML.sub("", text).replace("*", "").split())


def _escape(text: str) -> str:
    # What xml.sax.saxutils.escape does, without importing it (it pulls in urllib and email).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc(text: str) -> str:
    """Text content."""
    return _escape(_NOT_XML.sub("", text))


def attr(text: str) -> str:
    """An attribute value, quotes included."""
    return '"' + _escape(_NOT_XML.sub("", text)).replace('"', "&quot;").replace("\n", "&#10;") + '"'


# --- elements ----------------------------------------------------------------------------

def n(value: float) -> str:
    """Coordinates with one fixed decimal, so output is the same on every machine."""
    text = f"{round(value, 1) or 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text(x: float, y: float, content: str, size: int = FONT, fill: str = INK, bold: bool = False,
         anchor: str = "start", cls: str = "") -> str:
    extra = (' font-weight="700"' if bold else "") + (f' text-anchor="{anchor}"' if anchor != "start" else "")
    extra += f' class="{cls}"' if cls else ""
    return f'<text x="{n(x)}" y="{n(y)}" font-size="{size}" fill="{fill}"{extra}>{esc(content)}</text>'


def baseline(top: float, line: int) -> float:
    """The baseline of line number `line` (from 0) of text whose first line box starts at top."""
    return top + (line + 1) * LINE - 5


def lines(x: float, top: float, content: list[str], size: int = FONT, fill: str = INK, bold: bool = False,
          anchor: str = "start", cls: str = "") -> str:
    """Lines of text from top down, one LINE apart."""
    return "".join(text(x, baseline(top, i), line, size, fill, bold, anchor, cls) for i, line in enumerate(content))


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1, cls: str = "",
         dash: str = "") -> str:
    extra = (f' class="{cls}"' if cls else "") + (f' stroke-dasharray="{dash}"' if dash else "")
    return (f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke="{stroke}" '
            f'stroke-width="{n(width)}"{extra}/>')


def rect(x: float, y: float, width: float, height: float, fill: str, stroke: str = "", cls: str = "") -> str:
    extra = (f' stroke="{stroke}"' if stroke else "") + (f' class="{cls}"' if cls else "")
    return f'<rect x="{n(x)}" y="{n(y)}" width="{n(width)}" height="{n(height)}" fill="{fill}"{extra}/>'


def svg(figure_id: str, cls: str, width: float, height: float, title: str, desc: str, body: Iterable[str],
        role: str = "img") -> str:
    """The outer element, labelled by its title and desc. It scales with its column but stops
    shrinking where SMALL text would show below 12 px (then the column scrolls: only on a
    screen narrower than any phone we design for)."""
    min_width = width * MIN_SHOWN_FONT / SMALL
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" id={attr(figure_id)} class="kb-figure-svg {cls}" '
        f'viewBox="0 0 {n(width)} {n(height)}" width="{n(width)}" height="{n(height)}" '
        f'style="width:100%;height:auto;max-width:{n(width)}px;min-width:{n(min_width)}px" '
        f'role="{role}" aria-labelledby={attr(f"{figure_id}-title {figure_id}-desc")} '
        f'font-family="{FONT_FAMILY}">',
        f"<title id={attr(figure_id + '-title')}>{esc(title)}</title>",
        f"<desc id={attr(figure_id + '-desc')}>{esc(desc)}</desc>",
        rect(0, 0, width, height, BACKGROUND),
        *(part for part in body if part),  # no blank line: Markdown would end the HTML block there
        "</svg>",
    ])


WIDE = "kb-figure-wide"
NARROW = "kb-figure-narrow"


def variants(wide: str, narrow: str) -> str:
    """Both drawings of one figure: kb.css shows one of them (the other is display:none, so
    hidden from screen readers too). Each was made by svg() with cls WIDE or NARROW."""
    return f"{wide}\n{narrow}"
