"""Browser scripts the site ships with it, copied into the staged docs at build time.

Vendor scripts come from the npm registry (package.json), so no page ever loads a script from a
CDN and the offline build works with no network at all. The theme's search worker is shipped
with kb's query rule (search_worker_patch.js) and its shaping of the results
(search_worker_results_patch.js) appended.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import material

from .problems import Problem

VENDOR_DIR = "javascripts/vendor"
# file name in the site -> path under node_modules/
VENDOR_FILES = {
    "tablesort.min.js": "tablesort/dist/tablesort.min.js",
    "tablesort.number.min.js": "tablesort/dist/sorts/tablesort.number.min.js",
    # The name must contain "iframe-worker": mkdocs-material's offline plugin then skips its CDN copy.
    "iframe-worker-shim.js": "iframe-worker/shim/index.js",
}


def install_vendor_assets(root: Path, docs: Path) -> list[Problem]:
    """Copy the npm-installed scripts into docs/javascripts/vendor/; a problem for each missing one."""
    target = docs / VENDOR_DIR
    target.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, source in VENDOR_FILES.items():
        path = root / "node_modules" / source
        if path.is_file():
            shutil.copyfile(path, target / name)
        else:
            problems.append(Problem("package.json", 1, 1, "error", "site-assets",
                                    f"node_modules/{source} is missing",
                                    "run `make build` (or `npm ci`) to install the site's scripts"))
    return problems


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
