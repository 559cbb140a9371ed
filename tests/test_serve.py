"""kb serve: serves the built site on localhost and rebuilds when a record changes."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import FIXTURES, ROOT

VALID = FIXTURES / "valid" / "two-records" / "evidence"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass  # not listening yet, or mid-swap
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}")


def test_serve_shows_the_site_and_rebuilds_after_a_record_changes(project):
    root = project(VALID)
    port = free_port()
    kb = Path(sys.executable).with_name("kb")
    server = subprocess.Popen([str(kb), "--root", str(root), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/treatments/alpha-infusion/"
        fetch_until(url, "Alpha infusion")
        record = root / "evidence" / "alpha-infusion.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("name: Alpha infusion", "name: Alpha drip therapy"),
                          encoding="utf-8")
        fetch_until(url, "Alpha drip therapy")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)
    assert "Traceback" not in errors
    # The first build says what was checked, what was built and where to open it.
    assert "kb: validated evidence/: 4 files checked: 0 error(s), 0 warning(s)" in errors  # with the glossary
    assert re.search(r"kb: built \d+ pages into site/ in \d+s", errors)
    assert f"kb: open http://127.0.0.1:{port}/ in a browser" in errors
    assert re.search(r"kb: rebuilt \d+ pages? in", errors)


def test_a_busy_port_is_said_before_building_with_the_make_command_that_picks_another(project, kb):
    root = project(VALID)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, errors = kb("serve", "--port", str(port), root=root)
    assert code == 2
    assert f"cannot serve on 127.0.0.1:{port}" in errors
    assert f"make serve PORT={port + 1}" in errors and f"kb serve --port {port + 1}" in errors
    assert not (root / "site").exists(), "nothing is built for a server that cannot start"


def test_make_serve_passes_its_port_to_kb_serve():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PORT\s*\?=\s*8000$", makefile, re.M)
    assert "kb serve --port $(PORT)" in makefile
