"""kb build is atomic (a failed or interrupted build leaves site/ exactly as it was),
reproducible (two builds of one commit are byte-identical) and whole (no broken internal link
or anchor in the HTML, every record reachable from the navigation, every citation resolved)."""
from __future__ import annotations

import gzip
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from conftest import FIXTURES, ROOT, make_project
from kb.render.labels import KIND_FOLDER
from kb.site import FALLBACK_EPOCH, build_site, source_date_epoch

SMALL = FIXTURES / "valid" / "two-records" / "evidence"
THEME_LINKS = {"https://squidfunk.github.io/mkdocs-material/"}  # the theme's own footer credit


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def built(root: Path) -> Path:
    result = build_site(root)
    assert result.ok, "\n".join(p.as_text() for p in result.problems)
    return root


# ---- atomic ------------------------------------------------------------------------------

@pytest.fixture
def small_site(tmp_path):
    return built(make_project(tmp_path / "project", SMALL))


def assert_untouched(root: Path, before: dict[str, bytes]) -> None:
    assert snapshot(root / "site") == before
    assert not list((root / ".build").glob("stage-*")), "staging folders must be cleaned up"


def test_an_engine_error_leaves_the_previous_site_untouched(small_site):
    before = snapshot(small_site / "site")
    (small_site / "content" / "broken.md").write_text("# Broken\n\n[a page that is not there](nowhere.md)\n")
    result = build_site(small_site)
    assert not result.ok and any(p.rule == "site-build" and "nowhere.md" in p.message for p in result.problems)
    assert_untouched(small_site, before)


def test_an_interrupted_build_leaves_the_previous_site_untouched(small_site, monkeypatch):
    import mkdocs.commands.build

    def half_a_build(config, **kwargs):
        Path(config.site_dir).mkdir(parents=True, exist_ok=True)
        (Path(config.site_dir) / "index.html").write_text("half-written")
        raise KeyboardInterrupt
    monkeypatch.setattr(mkdocs.commands.build, "build", half_a_build)
    before = snapshot(small_site / "site")
    with pytest.raises(KeyboardInterrupt):
        build_site(small_site)
    assert_untouched(small_site, before)


def test_a_crash_while_rendering_leaves_the_previous_site_untouched(small_site, monkeypatch):
    import kb.site

    def crash(corpus, docs, **options):
        docs.mkdir(parents=True)
        raise RuntimeError("a bug in a renderer")
    monkeypatch.setattr(kb.site, "render_site", crash)
    before = snapshot(small_site / "site")
    with pytest.raises(RuntimeError):
        build_site(small_site)
    assert_untouched(small_site, before)


def test_a_swap_cut_short_is_repaired_by_the_next_build(small_site):
    # As if the process died between the two renames: site/ gone, the old one beside it.
    os.replace(small_site / "site", small_site / "site.old")
    built(small_site)
    assert (small_site / "site" / "index.html").is_file() and not (small_site / "site.old").exists()


# ---- reproducible ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The real corpus built twice, from two copies in different folders."""
    return [built(make_project(tmp_path_factory.mktemp(name) / "project")) for name in ("first", "second")]


def test_two_builds_of_the_same_tree_are_byte_identical(two_builds):
    first, second = (snapshot(root / "site") for root in two_builds)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_build_dates_come_from_source_date_epoch_not_the_clock(two_builds):
    root = two_builds[0]
    with gzip.open(root / "site" / "sitemap.xml.gz") as sitemap:
        sitemap.read()
        assert sitemap.mtime == int(source_date_epoch(root))  # not today: the copy's commit date or 1980


def test_source_date_epoch_is_the_last_commit_time(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert source_date_epoch(tmp_path) == str(FALLBACK_EPOCH)
    when = "1700000000"
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["commit", "-q", "--allow-empty", "-m", "x"], check=True,
                   env=os.environ | {"GIT_COMMITTER_DATE": f"@{when} +0000", "GIT_AUTHOR_DATE": f"@{when} +0000"})
    assert source_date_epoch(tmp_path) == when
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert source_date_epoch(tmp_path) == "1234567890"  # set by the caller: it wins


# ---- whole: links, anchors, navigation, citations -----------------------------------------

class PageLinks(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, dict]] = []  # (tag, url, attributes)
        self.nav_links: list[str] = []
        self._in_nav = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "nav" and "md-nav--primary" in (attributes.get("class") or ""):
            self._in_nav = 1
        elif tag == "nav" and self._in_nav:
            self._in_nav += 1
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append((tag, attributes[name], attributes))
                if self._in_nav and tag == "a":
                    self.nav_links.append(attributes[name])

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_nav:
            self._in_nav -= 1


def site_problems(site: Path) -> tuple[list[str], dict[str, PageLinks]]:
    """Every broken internal link or anchor, every link that is neither internal nor http(s),
    and every external link without rel="noopener noreferrer", in every HTML page."""
    pages = {p.relative_to(site).as_posix(): PageLinks(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    problems = []
    for name, page in pages.items():
        base = "http://site.invalid/" + name
        for tag, url, attributes in page.links:
            target = urlsplit(urljoin(base, url))
            if target.scheme in ("http", "https") and target.netloc != "site.invalid":
                rel = set((attributes.get("rel") or "").split())
                if tag == "a" and url not in THEME_LINKS and not {"noopener", "noreferrer"} <= rel:
                    problems.append(f"{name}: external link without rel=noopener noreferrer: {url}")
                continue
            if target.scheme not in ("http", "https"):
                problems.append(f"{name}: link to {url}")
                continue
            path = unquote(target.path).lstrip("/")
            if path == "" or path.endswith("/"):
                path += "index.html"
            if not (site / path).is_file():
                problems.append(f"{name}: broken link {url}")
            elif target.fragment and path in pages and unquote(target.fragment) not in pages[path].ids:
                problems.append(f"{name}: broken anchor {url}")
    return problems, pages


def test_the_link_checker_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="a/#there">ok</a><a href="b/">no</a>'
                                         '<a href="a/#nowhere">no</a><a href="javascript:x">no</a>'
                                         '<a href="https://example.org/">no rel</a>')
    (tmp_path / "a" / "index.html").write_text('<h1 id="there">A</h1>')
    problems, _ = site_problems(tmp_path)
    assert problems == ["index.html: broken link b/", "index.html: broken anchor a/#nowhere",
                        "index.html: link to javascript:x",
                        "index.html: external link without rel=noopener noreferrer: https://example.org/"]


def records():
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "evidence").glob("*.yaml"))]


def test_no_internal_link_or_anchor_is_broken_in_the_built_site(two_builds):
    problems, pages = site_problems(two_builds[0] / "site")
    assert len(pages) >= 20
    assert problems == []


def reachable_from_the_navigation(site: Path, pages: dict[str, PageLinks]) -> dict[str, int]:
    """Every page a reader reaches by following links, starting from the nav: page -> clicks."""
    def page_of(name: str, url: str) -> str | None:
        target = urlsplit(urljoin("http://site.invalid/" + name, url))
        if target.netloc != "site.invalid":
            return None
        path = unquote(target.path).lstrip("/")
        path = path + "index.html" if path == "" or path.endswith("/") else path
        return path if path in pages else None

    clicks = {page: 1 for url in pages["index.html"].nav_links if (page := page_of("index.html", url))}
    frontier = list(clicks)
    while frontier:
        name = frontier.pop(0)
        for tag, url, _ in pages[name].links:
            page = page_of(name, url) if tag == "a" else None
            if page and page not in clicks:
                clicks[page] = clicks[name] + 1
                frontier.append(page)
    return clicks


def test_every_record_is_two_clicks_from_the_navigation_and_every_page_reachable(two_builds):
    """The nav links one listing page per kind, not every record (each page carries the whole
    nav: N records in it would make every page grow with N); each record is on its listing."""
    site = two_builds[0] / "site"
    _, pages = site_problems(site)
    clicks = reachable_from_the_navigation(site, pages)
    for data in records():
        assert clicks.get(f"{KIND_FOLDER[data['kind']]}/{data['id']}/index.html", 99) <= 2, data["id"]
    assert set(pages) - set(clicks) <= {"404.html"}


def test_every_citation_on_a_record_page_resolves_to_a_reference(two_builds):
    site = two_builds[0] / "site"
    for data in records():
        page = PageLinks((site / KIND_FOLDER[data["kind"]] / data["id"] / "index.html").read_text(encoding="utf-8"))
        cited = {url for tag, url, _ in page.links if url.startswith("#ref-")}
        assert cited, data["id"]
        assert {url[1:] for url in cited} <= page.ids, data["id"]
