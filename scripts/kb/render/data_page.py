"""The Data page (data/index.md): every file published under data/ (exports.py), with its format,
its size and the licence, and each record's own files. The home page lists the same downloads
(home_list), without the sizes.

The sizes change with every edit and the record files grow with the corpus, so both tables are
filled in after the engine (fills.py): the page's Markdown stays the same.
"""
from __future__ import annotations

from functools import lru_cache

from ..corpus import BIB_NAME, Corpus
from . import comparison_csv, datapackage, exports, findings_csv
from .fills import Page, marker
from .links import file_href, relative_href
from .markdown import GENERATED, attribute, external_link, page_title
from .paths import DATA_DIR, cite_file, fhir_bundle, page_url, record_source

PAGE = f"{DATA_DIR}/index.md"
TITLE = "Data"
LICENCE = external_link("CC BY 4.0", datapackage.LICENCE_URL)
# The files about the whole knowledge base: (path, title, format, what it holds).
DOWNLOADS = [
    (findings_csv.CSV, "Summary of findings", "CSV",
     "One line per outcome of every record, with the effect, its interval, the numbers out of 1,000 and the "
     "certainty"),
    (findings_csv.SCHEMA, "Summary of findings: its columns", "Frictionless Table Schema (JSON)",
     "What each column of the summary of findings holds, and its type"),
    (comparison_csv.CSV, "The comparison table", "CSV",
     "One line per record, as on the Compare all page"),
    (comparison_csv.SCHEMA, "The comparison table: its columns", "Frictionless Table Schema (JSON)",
     "What each column of the comparison table holds, and its type"),
    (datapackage.PATH, "Data Package", "Frictionless Data Package (JSON)",
     "Describes both tables for data catalogues and the frictionless tools, with each file's size and hash"),
    (f"{DATA_DIR}/{exports.DATASET}", "The whole dataset", "JSON",
     "Every record and every reference, valid against the dataset schema"),
    (f"{DATA_DIR}/dataset.schema.json", "Dataset schema", "JSON Schema", "The shape of the whole dataset"),
    (f"{DATA_DIR}/record.schema.json", "Record schema", "JSON Schema",
     "Every field of a record, with its rules and documentation"),
    (f"{DATA_DIR}/{BIB_NAME}", "The bibliography", "BibTeX", "Every source cited, as the editors keep it"),
    (exports.REFERENCES_CSL, "The bibliography", "CSL-JSON", "For citation processors and Zotero"),
    (exports.REFERENCES_RIS, "The bibliography", "RIS", "For EndNote, Zotero, Mendeley, Covidence and Rayyan"),
]
# Each record's files: (column heading, [(link text, path of the file for a record id)]).
RECORD_FILES = [
    ("Source", [("YAML", record_source)]),
    ("Citation of its page", [("RIS", lambda record_id: cite_file(record_id, "ris")),
                              ("CSL-JSON", lambda record_id: cite_file(record_id, "json"))]),
    ("Evidence", [("FHIR R5 Bundle (JSON)", fhir_bundle)]),
]

def data_page(corpus: Corpus, files: dict[str, str | bytes], directory_urls: bool) -> Page:
    """files: every published file by its path in the docs folder, as exports.export_files makes them."""
    markdown = "\n\n".join([
        f"---\ntitle: {TITLE}\n---",
        GENERATED.format(path="evidence/*"),
        f"# {TITLE}",
        "Everything on this site is also published as data, made from the same records by the same build "
        f"and checked by the same tests. All of it is under the {LICENCE} licence: reuse it freely, naming "
        "Fertility Immunotherapy Evidence as the source.",
        "## The whole knowledge base { #downloads }",
        marker("downloads"),
        "## Each record { #records }",
        "For each record: its YAML source (valid against the record schema), the citation of its page for a "
        "reference manager, and its evidence as HL7 FHIR R5: one Evidence resource per outcome, with the "
        "statistic, its 95% confidence interval, the sample size and the GRADE certainty domain by domain, and "
        f"one Citation resource per source. Licence: {LICENCE}.",
        marker("records"),
    ]) + "\n"
    return Page(markdown, {"downloads": _downloads(files, directory_urls),
                           "records": _records(corpus, files, directory_urls)})


def home_list() -> str:
    """The home page's list of downloads (Markdown, links relative to the site's root)."""
    lines = [f"- [{title}]({path}), {kind}: {what[:1].lower()}{what[1:]}" for path, title, kind, what in DOWNLOADS]
    return "\n".join(lines + [f"- Each record's YAML source, the citation of its page and its evidence as HL7 "
                              f"FHIR: on the [{TITLE} page]({PAGE}), with every file's size"])


def _downloads(files: dict[str, str | bytes], directory_urls: bool) -> str:
    rows = [[("File", f'<a href="{attribute(file_href(PAGE, path, directory_urls))}">{page_title(title)}</a>'
                      f'<span class="kb-sof-detail">{page_title(what)}</span>'),
             ("Format", page_title(kind)), ("Size", _nowrap(size(files[path]))), ("Licence", _nowrap(LICENCE))]
            for path, title, kind, what in DOWNLOADS]
    return _table(rows, "kb-downloads")


def _records(corpus: Corpus, files: dict[str, str | bytes], directory_urls: bool) -> str:
    """A row per record, in name order: a link to its page, then each of its files with its size."""
    rows = []
    for data in sorted((r.data for r in corpus.records), key=lambda d: (d["name"].casefold(), d["id"])):
        href = relative_href(PAGE, page_url(data), directory_urls)
        row = [("Record", f'<a href="{attribute(href)}">{page_title(data["name"])}</a>')]
        for heading, links in RECORD_FILES:
            row.append((heading, " · ".join(
                f'<a href="{attribute(file_href(PAGE, path_of(data["id"]), directory_urls))}">{text}</a> '
                + _nowrap(f"({size(files[path_of(data['id'])])})") for text, path_of in links)))
        rows.append(row)
    return _table(rows, "kb-record-files")


def _nowrap(html: str) -> str:
    return f'<span class="kb-nowrap">{html}</span>'


def _table(rows: list[list[tuple[str, str]]], css_class: str) -> str:
    """Raw HTML (filled in after the engine): every value is escaped where the row is drawn. The
    cells name their column (data-label), so kb.css stacks the rows into cards on a phone."""
    head = "".join(f'<th scope="col">{label}</th>' for label, _ in rows[0]) if rows else ""
    lines = ['<div class="kb-table-frame">', f'<table class="kb-stack {css_class}">',
             f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in rows:
        cells = [f'<th scope="row" data-label="{attribute(row[0][0])}">{row[0][1]}</th>']
        cells += [f'<td data-label="{attribute(label)}">{cell}</td>' for label, cell in row[1:]]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(lines + ["</tbody>", "</table>", "</div>"])


def size(content: str | bytes) -> str:
    """A file's size as people read it: 812 bytes, 4.3 kB, 1.2 MB (SI units, as browsers show them)."""
    n = len(content) if isinstance(content, bytes) else _utf8_length(content)
    if n < 1000:
        return f"{n} bytes"
    return f"{n / 1000:.1f} kB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"


@lru_cache(maxsize=1 << 13)  # kb serve sizes 4,000 files at 1,000 records after each edit, nearly all as they were
def _utf8_length(content: str) -> int:
    return len(content) if content.isascii() else len(content.encode("utf-8"))
