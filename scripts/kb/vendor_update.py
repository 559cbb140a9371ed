"""`make vendor`: fetch the site's browser scripts again from the npm registry, at the versions
written in scripts/kb/vendor/manifest.json, and record each file's sha256 there.

To update a script, change its version in the manifest and run `make vendor`; review the diff
(the new files and checksums) like any other change. Each package's tarball is checked against
the integrity hash the registry publishes for it (and against the manifest's, when the version
did not change) before anything is written. Needs the network; nothing else in kb does.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .assets import MANIFEST

REGISTRY = "https://registry.npmjs.org"
TIMEOUT_SECONDS = 30

Fetch = Callable[[str], bytes]


class VendorError(Exception):
    pass


def fetch_url(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - https only
        return response.read()


def integrity_of(tarball: bytes) -> str:
    """The tarball's hash in the registry's Subresource Integrity form (sha512-<base64>)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")


def update(manifest: Path = MANIFEST, fetch: Fetch = fetch_url, registry: str = REGISTRY) -> list[str]:
    """Rewrite the vendored files and the manifest's checksums; returns one line per file written.

    Every package is fetched and checked before any file is written, so a failure changes nothing.
    """
    data = json.loads(manifest.read_text(encoding="utf-8"))
    contents: dict[Path, bytes] = {}
    written = []
    for package in data["packages"]:
        name, version = package["package"], package["version"]
        meta = json.loads(fetch(f"{registry.rstrip('/')}/{name}/{version}"))
        tarball = fetch(meta["dist"]["tarball"])
        integrity = integrity_of(tarball)
        if integrity != meta["dist"]["integrity"]:
            raise VendorError(f"{name} {version}: the tarball does not match the registry's integrity hash")
        if meta["version"] == version and package.get("integrity") not in (None, integrity):
            # Same version, other bytes: a republished package is a reason to stop and look.
            raise VendorError(f"{name} {version}: the registry's tarball differs from the one recorded "
                              "in manifest.json")
        package["integrity"] = integrity
        package["licence"] = meta.get("license", package.get("licence"))
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for item in package["files"]:
                content = _member(archive, item["from"], name)
                contents[manifest.parent / item["name"]] = content
                item["sha256"] = hashlib.sha256(content).hexdigest()
                written.append(f"{item['name']} from {name} {version} ({item['from']})")
    for path, content in contents.items():
        path.write_bytes(content)
    manifest.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return written


def _member(archive: tarfile.TarFile, path: str, package: str) -> bytes:
    """A file of an npm tarball, whose entries sit under package/ (read, never extracted)."""
    try:
        member = archive.getmember(f"package/{path}")
    except KeyError:
        raise VendorError(f"{package}: the package has no file {path}") from None
    if not member.isfile():
        raise VendorError(f"{package}: {path} is not a regular file in the package")
    return archive.extractfile(member).read()


def main() -> int:
    registry = os.environ.get("npm_config_registry") or REGISTRY
    try:
        for line in update(registry=registry):
            print(f"vendor: wrote {line}", file=sys.stderr)
    except (OSError, VendorError, KeyError, ValueError, tarfile.TarError) as exc:
        print(f"vendor: {exc}; nothing was changed", file=sys.stderr)
        return 2
    print(f"vendor: checksums recorded in {MANIFEST}; review and commit the diff", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
