"""Shared test helpers: a throwaway project built around a fixture's evidence/ folder."""
from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest

from kb import sources
from kb.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_PARTS = ("schema", "content", "overrides", "mkdocs.yml")

# Browser fixtures (chromium, served sites) live in their own module.
pytest_plugins = ["browser_harness"]


def make_project(where: Path, evidence: Path | None = None) -> Path:
    """A copy of the project's schema, pages and config, with the given evidence/ folder."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, where / part)
        else:
            shutil.copy2(source, where / part)
    shutil.copytree(evidence or ROOT / "evidence", where / "evidence", symlinks=True)
    return where


def mkdocs_config() -> dict:
    """mkdocs.yml as MkDocs reads it (its !ENV tags resolved)."""
    from mkdocs.utils.yaml import yaml_load
    return yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def edit_evidence(root: Path, old: str, new: str, name: str = "alpha-infusion.yaml") -> None:
    """Replace the first `old` in evidence/<name> (a record or references.bib) with `new`; `old` must be there."""
    path = root / "evidence" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def json_paths(value, path: tuple = ()):
    """Every path into a parsed YAML/JSON value, the empty path (the whole value) first."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_paths(item, path + (index,))


@pytest.fixture
def project(tmp_path):
    """Factory: project(evidence_dir) -> root of a fresh project in a temporary folder."""
    def build(evidence: Path | None = None) -> Path:
        return make_project(tmp_path / "project", evidence)
    return build


@pytest.fixture
def kb(capsys):
    """Run the kb command in-process: kb("validate", root=...) -> (exit code, stdout, stderr)."""
    def run(*args: str, root: Path | None = None):
        argv = (["--root", str(root)] if root else []) + list(args)
        code = main(argv)
        out, err = capsys.readouterr()
        return code, out, err
    return run


SERVICES = FIXTURES / "services"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No test reaches Crossref or PubMed: without the `services` fixture, they are offline."""
    def offline(url: str) -> bytes:
        raise sources.Unreachable("no network in tests")
    monkeypatch.setattr(sources, "http_get", offline)


@pytest.fixture
def services(monkeypatch):
    """Crossref and PubMed answered from their recorded responses (tests/fixtures/services/);
    returns the list of URLs asked, in order."""
    asked: list[str] = []

    def recorded(url: str) -> bytes:
        asked.append(url)
        if url.startswith(sources.CROSSREF):
            doi = urllib.parse.unquote(url[len(sources.CROSSREF):])
            path = SERVICES / "crossref" / (doi.replace("/", "_") + ".json")
            if not path.is_file():
                raise sources.NotFound(url)  # Crossref answers 404 "Resource not found."
            return path.read_bytes()
        if url.startswith(sources.ESUMMARY):
            ids = url[len(sources.ESUMMARY):].split(",")
            result: dict = {"uids": ids}
            for pmid in ids:
                path = SERVICES / "pubmed" / f"{pmid}.json"
                result[pmid] = (json.loads(path.read_text(encoding="utf-8"))["result"][pmid] if path.is_file()
                                else {"uid": pmid, "error": "cannot get document summary"})
            return json.dumps({"header": {"type": "esummary", "version": "0.3"}, "result": result}).encode()
        raise AssertionError(f"a request no recorded service answers: {url}")

    monkeypatch.setattr(sources, "http_get", recorded)
    return asked
