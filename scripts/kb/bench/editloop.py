"""The editor's loop under `kb serve`: save an edit, wait until the rebuilt page is in site/."""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from .. import yamlload
from ..render.labels import KIND_FOLDER
from .measure import StepFailed
from .synthetic import dump_record


def edit_summary(data: dict, i: int) -> str:
    """Change one record's text: only its own page changes. Returns what the new page shows."""
    data["summary"]["clinician"] += f" Summary edit {i}."
    return f"Summary edit {i}."


def edit_claim(data: dict, i: int) -> str:
    """Change a claim: the record's page and the claims ledger, which lists every claim, change."""
    data["claims"][0]["statement"] += f" Claim edit {i}."
    return f"Claim edit {i}."


def rename(data: dict, i: int) -> str:
    """Rename a record: its page, the listings, the ledgers and its related records change."""
    data["name"] = f"{data['name']} edit {i}"
    return data["name"]


EDITS = {"edit a summary": edit_summary, "edit a claim": edit_claim, "rename the record": rename}


def serve_rebuild_seconds(kb: list[str], root: Path, edits: int, timeout: float = 900) -> dict[str, float]:
    """Median seconds from saving an edit to its page being rebuilt in site/, for each kind of edit."""
    port = _free_port()
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(kb + ["--root", str(root), "serve", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=log, env=env)
        try:
            _wait_for(lambda: _answers(port), timeout, server, log, "kb serve never served the site")
            record = next(path for path in sorted((root / "evidence").glob("*.yaml"))
                          if yamlload.load(path.read_text(encoding="utf-8"))["claims"])
            original = record.read_text(encoding="utf-8")
            try:
                return {kind: statistics.median(_time_edit(record, root, edit, i, timeout, server, log)
                                                for i in range(edits))
                        for kind, edit in EDITS.items()}
            finally:
                record.write_text(original, encoding="utf-8")
        finally:
            server.terminate()
            server.wait(timeout=60)


def _time_edit(record: Path, root: Path, edit, i: int, timeout: float, server, log) -> float:
    data = yamlload.load(record.read_text(encoding="utf-8"))
    marker = edit(data, i)
    page = root / "site" / KIND_FOLDER[data["kind"]] / data["id"] / "index.html"
    started = time.perf_counter()
    record.write_text(dump_record(data), encoding="utf-8")
    _wait_for(lambda: marker in _read(page), timeout, server, log, f"the page never showed {marker!r}")
    return time.perf_counter() - started


def _wait_for(condition, timeout: float, server: subprocess.Popen, log, failure: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if server.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise StepFailed(f"{failure}:\n{log.read().decode('utf-8', 'replace')[-2000:]}")
        time.sleep(0.01)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""  # mid-swap: the next look sees the new site


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
