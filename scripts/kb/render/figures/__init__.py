"""Figures as accessible inline SVG, each drawn wide and narrow (kb.css shows the one that fits):

- forest_plot: every comparative result of a record, a panel per question;
- evidence_map: every record by GRADE certainty and what the evidence shows;
- icon_array: out of 100 women like you, without and with an add-on.

Pure functions from record data to SVG text. No JavaScript, fonts, requests or plotting
library: the same records always give the same bytes. svg holds what they share (colours,
text measuring, escaping); sources names a source as "Zhou 2020". The functions are exported
under their modules' names, so `figures.forest_plot` is the function (callers want that);
import a module by its full name (kb.render.figures.forest_plot) to reach the rest of it.
"""
from __future__ import annotations

from .evidence_map import CERTAINTIES, DIRECTIONS, KIND_COLOUR, evidence_map, map_label, map_layout
from .forest_plot import FAMILY, forest_plot
from .icon_array import icon_array
from .sources import author_year
from .svg import BACKGROUNDS, FONT, SMALL, TEXT_COLOURS, text_width, wrap

__all__ = ["BACKGROUNDS", "CERTAINTIES", "DIRECTIONS", "FAMILY", "FONT", "KIND_COLOUR", "SMALL", "TEXT_COLOURS",
           "author_year", "evidence_map", "forest_plot", "icon_array", "map_label", "map_layout", "text_width", "wrap"]
