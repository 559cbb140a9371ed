"""Shared test helpers: a throwaway project built around a fixture's evidence/ folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
