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

from .incremental import SITE_INPUTS, LiveSite, stamps
from .corpus import EVIDENCE_DIR
from .problems import format_problems, summary_line
from .site import SITE_DIR

WATCHED = ("evidence",) + SITE_INPUTS
POLL_SECONDS = 0.1  # at 1,000 records a look takes 8 ms: under a tenth of a core


def snapshot(root: Path) -> dict[str, tuple]:
    """Modification time and size of every watched file (8 ms for 1,000 records)."""
    return stamps(root, WATCHED)


def rebuild(site: LiveSite) -> bool:
    started = time.monotonic()
    result = site.rebuild()
    if result.ok:
        pages = "1 page" if result.pages == 1 else f"{result.pages} pages"
        print(f"kb: rebuilt {pages} in {time.monotonic() - started:.1f}s", file=sys.stderr)
    else:
        print(format_problems(result.problems, "text"), file=sys.stderr)
        print("kb: rebuild failed; still serving the last good site", file=sys.stderr)
    return result.ok


def first_build(site: LiveSite) -> bool:
    """The full build kb serve starts with, saying what was checked and what was built."""
    started = time.monotonic()
    result = site.rebuild()
    if result.problems:
        print(format_problems(result.problems, "text"), file=sys.stderr)
    files = site.corpus.files_read if site.corpus else 0
    print(f"kb: validated {EVIDENCE_DIR}/: {summary_line(result.problems, files)}", file=sys.stderr)
    if result.ok:
        print(f"kb: built {result.pages} pages into {SITE_DIR}/ in {time.monotonic() - started:.0f}s",
              file=sys.stderr)
    elif (site.root / SITE_DIR).is_dir():
        print(f"kb: not built; serving the last good site in {SITE_DIR}/ until the errors above are fixed",
              file=sys.stderr)
    else:
        print("kb: not built; fix the errors above (each names its file and line), then run it again",
              file=sys.stderr)
    return result.ok


def watch(site: LiveSite, stop: threading.Event) -> None:
    seen = snapshot(site.root)
    pause = POLL_SECONDS
    while not stop.wait(pause):
        started = time.monotonic()
        now = snapshot(site.root)
        pause = max(POLL_SECONDS, 4 * (time.monotonic() - started))  # polling stays under a fifth of a core
        if now != seen:
            seen = now
            rebuild(site)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


def serve(root: Path, host: str, port: int) -> int:
    # Take the port before the build, so a busy port is said in a second, not after a minute.
    handler = functools.partial(_QuietHandler, directory=str(root / SITE_DIR))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        print(f"kb: cannot serve on {host}:{port}: {exc.strerror} (another kb serve?). Choose another port: "
              f"make serve PORT={port + 1}  (or: kb serve --port {port + 1})", file=sys.stderr)
        return 2
    try:
        site = LiveSite(root)
        if not first_build(site) and not (root / SITE_DIR).is_dir():
            return 1
        stop = threading.Event()
        threading.Thread(target=watch, args=(site, stop), daemon=True).start()
        print(f"kb: open http://{host}:{port}/ in a browser (Ctrl+C to stop). Edits under {', '.join(WATCHED)} "
              "rebuild it; refresh the page to see them.", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
    finally:
        server.server_close()
    return 0
