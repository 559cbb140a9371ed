"""Reading the figures' SVG in tests: both drawings of a figure, elements by class, sizes as shown."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def drawings(html: str) -> dict[str, ET.Element]:
    """{'wide': <svg>, 'narrow': <svg>} from a figure's HTML; each must be well-formed XML."""
    parts = re.split(r"\n(?=<svg\b)", html)
    found = {}
    for part in parts:
        root = ET.fromstring(part)
        assert root.tag == f"{NS}svg"
        variant = "wide" if "kb-figure-wide" in root.get("class").split() else "narrow"
        assert "kb-figure-" + variant in root.get("class").split()
        found[variant] = root
    assert sorted(found) == ["narrow", "wide"] and len(parts) == 2
    return found


def by_class(element: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in element.iter() if cls in (e.get("class") or "").split()]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def texts(element: ET.Element, cls: str) -> str:
    """The words of every <text> with this class, in order, one line each joined by a space."""
    return " ".join(t.text or "" for t in element.iter(f"{NS}text") if cls in (t.get("class") or "").split())


def view_width(root: ET.Element) -> float:
    return float(root.get("viewBox").split()[2])


def min_shown_width(root: ET.Element) -> float:
    return float(re.search(r"min-width:([\d.]+)px", root.get("style")).group(1))


def smallest_shown_font(root: ET.Element, shown_width: float | None = None) -> float:
    """The smallest text in px when the drawing is shown at shown_width (default: as narrow as it goes)."""
    width = shown_width if shown_width is not None else min_shown_width(root)
    return min(float(t.get("font-size")) for t in root.iter(f"{NS}text")) * width / view_width(root)
