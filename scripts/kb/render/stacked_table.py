"""Tables that become stacked rows on a narrow screen, instead of scrolling sideways.

Written as HTML, since a Markdown table cannot carry attributes: each cell names its column in
data-label, which kb.css shows before the cell once the table is too narrow for its columns
(see the "record page" section). md_in_html's markdown attributes keep the cells Markdown, as
a Markdown table's are, so glossary terms in them still get their tooltips. Cells hold only
our own markup and record text already made safe by kb.render.markdown; each is one line, as
the attribute needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .markdown import attribute


@dataclass(frozen=True)
class Cell:
    html: str
    label: str  # the column's name, shown before the cell when rows are stacked
    span: int = 1  # columns the cell covers


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    classes: list[str] = field(default_factory=list)


def stacked_table(headers: list[str], rows: list[Row], classes: str = "") -> str:
    """The first cell of each row is its header (what the row is about)."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    table_class = attribute(" ".join(["kb-stack", *classes.split()]))
    # The frame is the CSS container whose width decides whether the rows stack.
    lines = ['<div class="kb-table-frame" markdown="1">', f'<table class="{table_class}" markdown="1">',
             f"<thead><tr>{head}</tr></thead>", '<tbody markdown="1">']
    for row in rows:
        row_class = f' class="{attribute(" ".join(row.classes))}"' if row.classes else ""
        cells = []
        for index, cell in enumerate(row.cells):
            tag, scope = ("th", ' scope="row"') if index == 0 else ("td", "")
            span = f' colspan="{cell.span}"' if cell.span > 1 else ""
            cells.append(f'<{tag}{scope}{span} data-label="{attribute(cell.label)}" markdown="span">'
                         f"{cell.html}</{tag}>")
        lines.append(f'<tr{row_class} markdown="1">' + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines)


def detail(html: str) -> str:
    """A smaller line under a cell's main content (who was studied, the source, a reason).
    The space before it keeps words apart when the text is copied or read aloud."""
    return f' <span class="kb-sof-detail">{html}</span>'
