"""Long generated lists are filled into the built pages after the engine (kb/render/fills.py):
the marker is replaced, a list filled in before is replaced again, and a missing marker is an
error rather than a page without its list."""
from __future__ import annotations

import pytest

from kb.render.fills import FillError, built_file, fill, marker


def test_a_list_goes_after_its_marker_and_replaces_the_one_filled_before():
    page = f"<h2>Records</h2>\n{marker('records')}\n<footer></footer>"
    first = fill(page, {"records": "<ul><li>Alpha</li></ul>"})
    assert first.startswith("<h2>Records</h2>\n<!-- kb:fill records --><ul><li>Alpha</li></ul>")
    assert first.endswith("\n<footer></footer>")
    again = fill(first, {"records": "<ul><li>Beta</li></ul>"})
    assert again == fill(page, {"records": "<ul><li>Beta</li></ul>"})
    assert "Alpha" not in again


def test_each_named_list_fills_its_own_marker():
    page = f"{marker('a')}\n{marker('ab')}"
    filled = fill(page, {"ab": "<p>2</p>", "a": "<p>1</p>"})
    assert filled.index("<p>1</p>") < filled.index("<p>2</p>")


def test_a_page_without_the_marker_is_an_error_not_a_page_without_its_list():
    with pytest.raises(FillError, match="records"):
        fill("<h2>Records</h2>", {"records": "<ul></ul>"})


@pytest.mark.parametrize("docs_path, directory_urls, built", [
    ("index.md", True, "index.html"), ("compare.md", True, "compare/index.html"),
    ("tags/index.md", True, "tags/index.html"), ("bibliography/e.md", True, "bibliography/e/index.html"),
    ("compare.md", False, "compare.html"), ("tags/index.md", False, "tags/index.html"),
])
def test_the_built_file_of_a_page_follows_the_sites_url_style(docs_path, directory_urls, built):
    assert built_file(docs_path, directory_urls) == built
