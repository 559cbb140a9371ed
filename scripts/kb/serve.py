"""kb serve: build, serve site/ on localhost, and rebuild whenever a source file changes.

A failed rebuild prints its problems and keeps serving the last good site.
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from .problems import format_problems
from .site import SITE_DIR, build_site

WATCHED = ("evidence", "content", "schema", "overrides", "mkdocs.yml")
POLL_SECONDS = 0.5


def snapshot(root: Path) -> dict[str, float]:
    """Modification time of every watched file: cheap enough to poll twice a second."""
    stamps = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            try:
                stamps[str(file)] = file.stat().st_mtime
            except OSError:
                pass  # deleted between listing and stat: the next poll sees it gone
    return stamps


def rebuild(root: Path) -> bool:
    started = time.monotonic()
    result = build_site(root)
    if result.ok:
        print(f"kb: rebuilt {result.pages} pages in {time.monotonic() - started:.1f}s", file=sys.stderr)
    else:
        print(format_problems(result.problems, "text"), file=sys.stderr)
        print("kb: rebuild failed; still serving the last good site", file=sys.stderr)
    return result.ok


def watch(root: Path, stop: threading.Event) -> None:
    seen = snapshot(root)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(root)
        if now != seen:
            seen = now
            rebuild(root)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


def serve(root: Path, host: str, port: int) -> int:
    if not rebuild(root) and not (root / SITE_DIR).is_dir():
        return 1
    handler = functools.partial(_QuietHandler, directory=str(root / SITE_DIR))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        print(f"kb: cannot listen on {host}:{port}: {exc.strerror}; try --port", file=sys.stderr)
        return 2
    stop = threading.Event()
    threading.Thread(target=watch, args=(root, stop), daemon=True).start()
    print(f"kb: serving http://{host}:{port}/ (Ctrl+C to stop); rebuilding when records change", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0
