"""A newcomer's first command: `make` checks what it needs before installing anything, and
says in one line each what is missing and how to get it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "prerequisites.sh"


def prerequisites(*tools: str, python: str = sys.executable, path: str | None = None):
    env = {"PYTHON": python, "PATH": path if path is not None else os.environ["PATH"]}
    done = subprocess.run(["/bin/sh", str(SCRIPT), *tools], env=env, capture_output=True, text=True)
    return done.returncode, done.stderr.splitlines()


def test_a_machine_with_python_311_needs_nothing_else():
    assert prerequisites() == (0, [])


def test_a_missing_python_is_one_line_saying_how_to_get_it():
    code, lines = prerequisites(python="python3-not-here")
    assert code == 1 and len(lines) == 1
    assert "python3-not-here not found" in lines[0] and "apt-get install python3" in lines[0]


def test_an_old_python_is_named_with_its_version(tmp_path):
    old = tmp_path / "python3.9"
    old.write_text('#!/bin/sh\ncase "$2" in *platform*) echo 3.9.18 ;; *) exit 1 ;; esac\n', encoding="utf-8")
    old.chmod(0o755)
    code, [line] = prerequisites(python=str(old))
    assert code == 1
    assert "is 3.9.18, and Python 3.11 or newer is needed" in line and "PYTHON=python3.11" in line


def test_the_browser_tests_ask_for_chromium_in_one_line(tmp_path):
    (tmp_path / "sh").symlink_to(shutil.which("sh"))
    code, [line] = prerequisites("chromium", path=str(tmp_path))
    assert code == 1 and "chromium not found" in line and "apt-get install chromium" in line


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_stops_before_installing_anything_when_python_is_missing(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "scripts/prerequisites.sh"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    done = subprocess.run(["make", "-C", str(tmp_path), "serve", "PYTHON=python3-not-here"],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "make: python3-not-here not found: install Python 3.11" in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_make_checks_before_it_creates_the_environment():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("$(STAMP): ", 1)[1].splitlines()
    assert "scripts/prerequisites.sh" in recipe[1] and "-m venv" in recipe[2]
