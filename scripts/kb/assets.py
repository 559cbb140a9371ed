"""Browser scripts the site ships with it, installed from the npm registry (package.json).

They are copied into the staged docs at build time, so no page ever loads a script from a CDN
and the offline build works with no network at all.
"""
from __future__ import annotations

import shutil
from pathlib import Path

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
