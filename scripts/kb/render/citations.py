"""A record page's citations: numbered in order of first appearance (Vancouver style), and
shown with the source's first author and year wherever a reader needs to know whose result it is."""
from __future__ import annotations

from ..bibliography import Reference
from . import figures
from .markdown import text


class Citations:
    """Call with one key or a list: the numbered link(s). Sections must be drawn top to bottom,
    so that the numbers follow the reading order."""

    def __init__(self, references: dict[str, Reference]):
        self.references = references
        self.order: list[str] = []
        self._label = figures.author_year(references)

    def __call__(self, keys: list[str] | str) -> str:
        keys = [keys] if isinstance(keys, str) else keys
        if not keys:  # a draft's mechanism may not cite its proposer yet
            return ""
        numbers = []
        for key in keys:
            if key not in self.order:
                self.order.append(key)
            numbers.append(self.order.index(key) + 1)
        refs = ",".join(f'<a href="#ref-{n}">{n}</a>' for n in sorted(numbers))
        return f'<sup class="kb-cite">[{refs}]</sup>'

    def author_year(self, key: str) -> str:
        """'Smith 2021' (the key where the bibliography does not know it), as text."""
        return text(self._label(key))

    def source(self, keys: list[str] | str) -> str:
        """'Smith 2021; Jones 2019' followed by their numbered links."""
        keys = [keys] if isinstance(keys, str) else keys
        return f"{'; '.join(self.author_year(k) for k in keys)} {self(keys)}"
