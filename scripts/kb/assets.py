"""Browser scripts the site ships with it, copied into the staged docs at build time.

The vendor scripts (tablesort, and the iframe-worker shim that lets search run from file://)
are kept in this package, under vendor/, byte for byte as the npm registry ships them: no page
loads a script from a CDN, the offline build needs no network, and building needs no Node.js.
vendor/manifest.json records each file's package, version, licence and sha256; `make vendor`
(kb.vendor_update) fetches them again after a version is changed there. The theme's search
worker is shipped with kb's query rule (search_worker_patch.js) and its shaping of the results
(search_worker_results_patch.js) appended.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import material

from .problems import Problem

VENDOR_DIR = "javascripts/vendor"
VENDORED = Path(__file__).with_name("vendor")
MANIFEST = VENDORED / "manifest.json"
VENDORED_SHOWN = "scripts/kb/vendor"  # as problems name it, from the project root


@dataclass(frozen=True)
class VendoredFile:
    name: str      # file name, in vendor/ and in the site's javascripts/vendor/
    package: str   # npm package it comes from
    version: str
    source: str    # path inside the package
    sha256: str


def vendored_files(manifest: Path = MANIFEST) -> list[VendoredFile]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return [VendoredFile(f["name"], p["package"], p["version"], f["from"], f["sha256"])
            for p in data["packages"] for f in p["files"]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def altered_vendor_files(folder: Path = VENDORED) -> list[str]:
    """The vendored files that are missing or differ from the checksum in the manifest."""
    return [f.name for f in vendored_files(folder / MANIFEST.name)
            if not (folder / f.name).is_file() or sha256(folder / f.name) != f.sha256]


def install_vendor_assets(docs: Path, folder: Path = VENDORED) -> list[Problem]:
    """Copy the vendored scripts and their licences into docs/javascripts/vendor/, checked first."""
    altered = altered_vendor_files(folder)
    if altered:
        return [Problem(f"{VENDORED_SHOWN}/{name}", 1, 1, "error", "site-assets",
                        "missing, or not the file its checksum in manifest.json names",
                        "restore it with `git checkout`, or run `make vendor` to fetch it again") for name in altered]
    target = docs / VENDOR_DIR
    target.mkdir(parents=True, exist_ok=True)
    for f in vendored_files(folder / MANIFEST.name):
        shutil.copyfile(folder / f.name, target / f.name)
    return []


THEME_WORKERS = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
# Both wrap lunr's Index#search; the one appended last runs first. The query rule must rewrite
# the query before the results patch reads the typed words from it.
SEARCH_WORKER_PATCHES = [Path(__file__).with_name(name)
                         for name in ("search_worker_results_patch.js", "search_worker_patch.js")]


def install_search_worker(docs: Path) -> list[Problem]:
    """Write the theme's search worker, with kb's patches appended, under the same name in docs/.

    MkDocs lets a docs file replace the theme file at the same path, and the theme's pages then
    load ours, online and offline alike.
    """
    workers = sorted(THEME_WORKERS.glob("search.*.min.js"))
    if len(workers) != 1:
        return [Problem("mkdocs.yml", 1, 1, "error", "site-assets",
                        f"expected one search worker in mkdocs-material, found {len(workers)}",
                        "pin mkdocs-material to the version in requirements.lock (`make venv`)")]
    theme_worker = workers[0]
    code = theme_worker.read_text(encoding="utf-8")
    # The source-map comment stays last so browsers still find the theme's map.
    code, marker, source_map = code.partition("//# sourceMappingURL=")
    target = docs / "assets" / "javascripts" / "workers" / theme_worker.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(code + search_worker_patches() + marker + source_map, encoding="utf-8")
    return []


def search_worker_patches() -> str:
    """kb's patches, as appended to the theme's worker. Each is a parenthesised function called at
    once; a semicolon after each keeps the next from being read as a call of its result."""
    return "".join(patch.read_text(encoding="utf-8").rstrip() + ";\n" for patch in SEARCH_WORKER_PATCHES)
