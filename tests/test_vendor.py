"""The site's browser scripts are kept in the repository, each checked against its recorded
checksum, and `make vendor` fetches them again from the npm registry (tested here offline,
against a package tarball made in the test)."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import tarfile

import pytest

from conftest import ROOT
from kb import assets
from kb.vendor_update import VendorError, update

MANIFEST = json.loads(assets.MANIFEST.read_text(encoding="utf-8"))


@pytest.mark.parametrize("item", assets.vendored_files(), ids=lambda f: f.name)
def test_every_vendored_file_matches_its_recorded_checksum(item):
    assert assets.sha256(assets.VENDORED / item.name) == item.sha256


def test_every_package_names_its_version_licence_and_tarball_integrity():
    for package in MANIFEST["packages"]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), package
        assert package["licence"] == "MIT", package
        assert package["integrity"].startswith("sha512-"), package
        licence_files = [f for f in package["files"] if f["name"].endswith(".LICENCE")]
        assert licence_files, f"{package['package']} ships no licence text"


def test_the_vendor_folder_holds_only_what_the_manifest_lists():
    listed = {f.name for f in assets.vendored_files()} | {"manifest.json"}
    assert {p.name for p in assets.VENDORED.iterdir()} == listed


def test_an_altered_script_stops_the_build_with_a_hint(tmp_path):
    copy = tmp_path / "vendor"
    shutil.copytree(assets.VENDORED, copy)
    (copy / "tablesort.min.js").write_text("alert(1)", encoding="utf-8")
    assert assets.altered_vendor_files(copy) == ["tablesort.min.js"]
    [problem] = assets.install_vendor_assets(tmp_path / "docs", copy)
    assert problem.path == "scripts/kb/vendor/tablesort.min.js" and problem.rule == "site-assets"
    assert "make vendor" in problem.hint
    assert not (tmp_path / "docs").exists(), "nothing is copied from an altered folder"


def test_the_site_gets_every_script_and_licence(tmp_path):
    assert assets.install_vendor_assets(tmp_path) == []
    shipped = {p.name for p in (tmp_path / assets.VENDOR_DIR).iterdir()}
    assert shipped == {f.name for f in assets.vendored_files()}


def test_problems_name_the_vendor_folder_as_it_is_in_the_repository():
    assert (ROOT / assets.VENDORED_SHOWN).resolve() == assets.VENDORED.resolve()


def test_mkdocs_loads_the_vendored_scripts_by_their_names():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in ("tablesort.min.js", "tablesort.number.min.js", "iframe-worker-shim.js"):
        assert f"javascripts/vendor/{name}" in config


def test_no_npm_is_needed_any_more():
    assert not (ROOT / "package.json").exists() and not (ROOT / "package-lock.json").exists()
    for name in ("Makefile", ".ci/run"):
        assert "npm" not in (ROOT / name).read_text(encoding="utf-8"), name
    for name in ("README.md", "CONTRIBUTING.md"):
        assert "Node.js/npm" not in (ROOT / name).read_text(encoding="utf-8"), name


# `make vendor`, against a registry answered from memory -----------------------------------

def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, content in files.items():
            info = tarfile.TarInfo(f"package/{path}")
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def one_package(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"packages": [{
        "package": "tablesort", "version": "5.8.0", "licence": "MIT", "integrity": "sha512-old",
        "files": [{"name": "tablesort.min.js", "from": "dist/tablesort.min.js", "sha256": "old"},
                  {"name": "tablesort.LICENCE", "from": "LICENCE", "sha256": "old"}]}]}), encoding="utf-8")
    return manifest


def registry(package_tgz: bytes, integrity: str | None = None):
    answers = {
        "https://registry.example/tablesort/5.8.0": json.dumps({
            "version": "5.8.1", "license": "MIT",
            "dist": {"tarball": "https://registry.example/tablesort/-/tablesort-5.8.0.tgz",
                     "integrity": integrity or sri(package_tgz)}}).encode(),
        "https://registry.example/tablesort/-/tablesort-5.8.0.tgz": package_tgz,
    }
    return answers.__getitem__


def test_make_vendor_writes_the_files_and_records_their_checksums(one_package):
    package = tarball({"dist/tablesort.min.js": b"/*! tablesort */", "LICENCE": b"MIT licence"})
    written = update(one_package, registry(package), "https://registry.example")
    assert len(written) == 2
    assert (one_package.parent / "tablesort.min.js").read_bytes() == b"/*! tablesort */"
    recorded = json.loads(one_package.read_text(encoding="utf-8"))["packages"][0]
    assert recorded["integrity"] == sri(package)
    assert recorded["files"][0]["sha256"] == hashlib.sha256(b"/*! tablesort */").hexdigest()


def test_make_vendor_refuses_a_tarball_that_does_not_match_the_registry(one_package):
    package = tarball({"dist/tablesort.min.js": b"x", "LICENCE": b"y"})
    with pytest.raises(VendorError, match="integrity"):
        update(one_package, registry(package, integrity=sri(b"something else")), "https://registry.example")
    assert not (one_package.parent / "tablesort.min.js").exists()


def test_make_vendor_names_a_file_the_package_lacks(one_package):
    package = tarball({"dist/tablesort.min.js": b"x"})
    with pytest.raises(VendorError, match="no file LICENCE"):
        update(one_package, registry(package), "https://registry.example")
    assert not (one_package.parent / "tablesort.min.js").exists(), "nothing is written when one file fails"
