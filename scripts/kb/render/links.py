"""Links written as raw HTML (inside SVG figures and scripts' data), where MkDocs does not
rewrite .md links for us: they must match the site's URL style, which the offline build changes."""
from __future__ import annotations

import posixpath
from functools import lru_cache

from .markdown import attribute, page_title
from .paths import page_url as docs_path


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


@lru_cache(maxsize=1 << 16)  # listings write the same links again after every edit under kb serve
def relative_href(from_md: str, to_md: str, directory_urls: bool) -> str:
    """The href from one page to another, relative, as MkDocs would write it."""
    there = page_url(to_md, directory_urls)
    href = posixpath.relpath(there or ".", _folder(from_md, directory_urls))
    return href + "/" if there.endswith("/") or not there else href


@lru_cache(maxsize=1 << 16)
def file_href(from_md: str, path: str, directory_urls: bool) -> str:
    """The href from a page to a file published under path (data/x.json), relative."""
    return posixpath.relpath(path, _folder(from_md, directory_urls))


def _folder(md_path: str, directory_urls: bool) -> str:
    """The folder a page's relative links start from: treatments/x/ (or treatments/ for x.html)."""
    here = page_url(md_path, directory_urls)
    return (here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)) or "."


def record_link(data: dict, from_page: str, directory_urls: bool, fragment: str = "") -> str:
    """A raw HTML link to a record's page (its name escaped), relative to the page it is on."""
    return _link(relative_href(from_page, docs_path(data), directory_urls) + fragment, data["name"])


@lru_cache(maxsize=1 << 16)
def _link(href: str, name: str) -> str:
    return f'<a href="{attribute(href)}">{page_title(name)}</a>'


def html_list(items: list[str], css_class: str) -> str:
    """A list as raw HTML. Listings grow with the corpus and kb serve draws them again after a
    rename: MkDocs passes raw HTML through about five times faster than Markdown links."""
    return f'<ul class="{css_class}">\n' + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"
