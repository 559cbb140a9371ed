"""Links written as raw HTML (inside SVG figures and scripts' data), where MkDocs does not
rewrite .md links for us: they must match the site's URL style, which the offline build changes."""
from __future__ import annotations

import posixpath


def page_url(md_path: str, directory_urls: bool) -> str:
    """Where MkDocs publishes a docs page: treatments/x.md -> treatments/x/ (or treatments/x.html)."""
    stem = md_path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_href(from_md: str, to_md: str, directory_urls: bool) -> str:
    """The href from one page to another, relative, as MkDocs would write it."""
    here = page_url(from_md, directory_urls)
    there = page_url(to_md, directory_urls)
    folder = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    href = posixpath.relpath(there or ".", folder or ".")
    return href + "/" if there.endswith("/") or not there else href
