"""The Data page (data/index.md): every published file with its format, size and licence, reached
from the navigation and from the home page's list of downloads."""
from __future__ import annotations

import html
import re

import pytest

from findings_records import findings_corpus
from kb.render import data_page
from kb.render.exports import export_files
from kb.render.fills import marker
from kb.render.pages import navigation, render_pages, render_site
from kb.render.record_page import DOWNLOADS
from kb.render.site_pages import home_page

HREF = re.compile(r'href="([^"]+)"')
SIZE = re.compile(r"\d+(\.\d)? (bytes|kB|MB)")


@pytest.fixture
def corpus(tmp_path):
    return findings_corpus(tmp_path / "project")


def test_every_published_file_is_listed_once_with_its_size(corpus):
    files = export_files(corpus)
    page = data_page.data_page(corpus, files, directory_urls=True)
    listed = [href for fill in page.fills.values() for href in HREF.findall(fill)
              if not href.startswith(("http", "../"))]
    assert sorted(listed) == sorted(path.removeprefix("data/") for path in files)
    for path, content in files.items():
        here = path.removeprefix("data/")
        row = next(line for line in page.fills["downloads"].splitlines() + page.fills["records"].splitlines()
                   if f'href="{here}"' in line)
        assert SIZE.search(row.split(f'href="{here}"', 1)[1])[0] == data_page.size(content), path  # the next size


def test_each_whole_corpus_download_names_its_format_and_licence(corpus):
    fill = data_page.data_page(corpus, export_files(corpus), directory_urls=True).fills["downloads"]
    rows = fill.split("<tr>")[2:]
    assert len(rows) == len(data_page.DOWNLOADS)
    for row, (_, _, kind, _) in zip(rows, data_page.DOWNLOADS):
        assert f'data-label="Format">{html.escape(kind, quote=False)}</td>' in row
        assert 'CC BY 4.0</a>' in row.split('data-label="Licence"', 1)[1]


def test_each_record_links_to_its_page_in_either_url_style(corpus):
    files = export_files(corpus)
    for directory_urls, href in ((True, "../treatments/alpha-infusion/"), (False, "../treatments/alpha-infusion.html")):
        fill = data_page.data_page(corpus, files, directory_urls).fills["records"]
        assert f'<a href="{href}">Alpha infusion</a>' in fill


def test_the_markdown_stays_the_same_when_a_size_changes(corpus):
    files = export_files(corpus)
    before = data_page.data_page(corpus, files, True)
    files["data/references.bib"] += b"% one more line\n"
    after = data_page.data_page(corpus, files, True)
    assert before.markdown == after.markdown and before.fills != after.fills  # only the fill is redrawn


def test_the_data_page_is_in_the_navigation_and_on_the_home_page(corpus):
    assert {data_page.TITLE: data_page.PAGE} in navigation(corpus)
    home = home_page((corpus.root / "content" / "index.md").read_text(encoding="utf-8"), corpus).markdown
    assert f"]({data_page.PAGE})" in home
    for path, *_ in data_page.DOWNLOADS:
        assert f"]({path})" in home
    assert data_page.PAGE in render_pages(corpus).pages


@pytest.mark.parametrize("n, shown", [(0, "0 bytes"), (999, "999 bytes"), (1000, "1.0 kB"), (29_149, "29.1 kB"),
                                      (1_250_000, "1.2 MB")])
def test_sizes_read_as_people_read_them(n, shown):
    assert data_page.size(b"x" * n) == shown


# ---- each record's own files: written into the built site after the engine ----------------------

def test_each_records_own_files_are_left_out_of_the_docs_folder_for_the_built_site(corpus, tmp_path):
    # The engine would list and check four files a record on every kb serve rebuild (BENCHMARKS.md).
    rendered = render_site(corpus, tmp_path / "docs")
    ids = sorted(r.data["id"] for r in corpus.records)
    assert sorted(rendered.after_the_engine) == sorted(
        path for record_id in ids for path in (f"data/records/{record_id}.yaml", f"data/cite/{record_id}.ris",
                                               f"data/cite/{record_id}.json", f"data/fhir/{record_id}.json"))
    for folder in ("records", "cite", "fhir"):
        assert not (tmp_path / "docs" / "data" / folder).exists()
    assert (tmp_path / "docs" / "data" / "references.ris").is_file()  # the whole corpus's files go through it


@pytest.mark.parametrize("directory_urls, up", [(True, "../../"), (False, "../")])
def test_a_record_page_links_to_its_own_files_in_either_url_style(corpus, directory_urls, up):
    fills = render_pages(corpus, directory_urls).fills["treatments/alpha-infusion.md"]
    links = HREF.findall(fills[DOWNLOADS])
    assert links == [f"{up}data/cite/alpha-infusion.ris", f"{up}data/cite/alpha-infusion.json",
                     f"{up}data/records/alpha-infusion.yaml", f"{up}data/record.schema.json",
                     f"{up}data/fhir/alpha-infusion.json", f"{up}data/" if directory_urls else f"{up}data/index.html"]
    assert marker(DOWNLOADS) in render_pages(corpus, directory_urls).pages["treatments/alpha-infusion.md"]
