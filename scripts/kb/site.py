"""Build: load → check → render → run the site engine → swap the finished site into site/.

Everything is staged under .build/ first; site/ is replaced only by a complete, strict build,
so a bad record, an engine error or an interruption leaves the previous site exactly as it was.
Builds are reproducible: the build date comes from the last commit (SOURCE_DATE_EPOCH), so two
builds of one commit are byte for byte the same.
The engine (MkDocs with mkdocs-material) is called only from `run_engine`.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .assets import install_search_worker, install_vendor_assets
from .checks import check_corpus
from .corpus import load_corpus
from .problems import Problem
from .render import navigation, render_site

BUILD_DIR = ".build"
SITE_DIR = "site"
FALLBACK_EPOCH = 315532800  # 1980-01-01, for a tree that is not a git checkout (as zip files do)


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


class EngineError(Exception):
    pass


def build_site(root: Path, site_dir: Path | None = None, offline: bool = False) -> BuildResult:
    """offline: a site that works from file:// with no network (links to .html files, inlined search)."""
    corpus = load_corpus(root)
    result = BuildResult(problems=check_corpus(corpus))
    if not result.ok:
        return result
    (root / BUILD_DIR).mkdir(exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="stage-", dir=root / BUILD_DIR))
    try:
        docs, built = stage / "docs", stage / "site"
        result.pages = len(render_site(corpus, docs, directory_urls=not offline))
        result.problems += install_vendor_assets(root, docs) + install_search_worker(docs)
        if not result.ok:
            return result
        run_engine(root, docs, built, navigation(corpus), offline)
        _swap_in(built, site_dir or root / SITE_DIR)
    except EngineError as exc:
        result.problems.append(Problem("mkdocs.yml", 1, 1, "error", "site-build", str(exc),
                                       "fix the page or setting named above"))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _swap_in(built: Path, target: Path) -> None:
    """Replace target with built by two renames, so site/ is never half-written. Ctrl+C is held
    back between the renames; if the process dies there anyway, the next build puts the old
    site back first."""
    old = target.with_name(target.name + ".old")
    if old.exists() and not target.exists():
        os.replace(old, target)  # a swap cut short last time
    shutil.rmtree(old, ignore_errors=True)
    with _signals_held():
        if target.exists():
            os.replace(target, old)
        os.replace(built, target)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _signals_held():
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield  # signals are delivered to the main thread only; nothing to hold here
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def source_date_epoch(root: Path) -> str:
    """The build date, as reproducible builds define it: SOURCE_DATE_EPOCH if set, else the
    time of the last commit, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return str(FALLBACK_EPOCH)
    stamp = done.stdout.strip()
    return stamp if done.returncode == 0 and stamp.isdigit() else str(FALLBACK_EPOCH)


@contextlib.contextmanager
def _environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_engine(root: Path, docs: Path, out: Path, generated_nav: list[dict], offline: bool = False) -> None:
    """mkdocs build --strict, in-process, with our docs folder and navigation."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = root / "mkdocs.yml"
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    quiet = logger.level
    logger.setLevel(logging.WARNING)
    try:
        # SOURCE_DATE_EPOCH: MkDocs reads it for dates and gzip; KB_OFFLINE: mkdocs.yml's offline plugin.
        with _environment(SOURCE_DATE_EPOCH=source_date_epoch(root), KB_OFFLINE="true" if offline else "false"):
            config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(out), strict=True)
            static_nav = config["nav"] or []
            config["nav"] = static_nav[:1] + generated_nav + static_nav[1:]  # Home, the records, the rest
            build(config)
    except (Abort, ConfigurationError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise EngineError(f"the site engine refused the build: {details}") from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(quiet)
    if collect.messages:  # strict mode should have aborted; never ship a site with warnings
        raise EngineError("the site engine warned: " + "; ".join(collect.messages))
