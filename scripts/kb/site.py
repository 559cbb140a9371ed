"""Build: load → check → render → run the site engine → fill in the lists → swap the finished
site into site/.

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

import jinja2

from .assets import install_search_worker, install_vendor_assets
from .checks import check_corpus
from .corpus import load_corpus
from .problems import Problem
from .render.pages import NOT_IN_NAV, navigation, render_site, write_files
from .render.fills import FillError, fill_site
from .search_index import SearchIndexAsShipped

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
        rendered = render_site(corpus, docs, directory_urls=not offline)
        result.pages = len(rendered.written)
        result.problems += install_vendor_assets(docs) + install_search_worker(docs)
        if not result.ok:
            return result
        run_engine(root, docs, built, navigation(corpus), offline)
        fill_site(built, rendered.fills, directory_urls=not offline)
        write_files(built, rendered.after_the_engine)
        swap_in(built, site_dir or root / SITE_DIR)
    except (EngineError, FillError) as exc:
        result.problems.append(Problem("mkdocs.yml", 1, 1, "error", "site-build", str(exc),
                                       "fix the page or setting named above"))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def swap_in(built: Path, target: Path, keep_old: Path | None = None) -> None:
    """Replace target with built by two renames, so site/ is never half-written. Ctrl+C is held
    back between the renames; if the process dies there anyway, the next build puts the old
    site back first. keep_old: where the replaced site goes (kb serve builds the next one there)."""
    old = target.with_name(target.name + ".old")
    if old.exists() and not target.exists():
        os.replace(old, target)  # a swap cut short last time
    shutil.rmtree(old, ignore_errors=True)
    with _signals_held():
        if target.exists():
            os.replace(target, old)
        os.replace(built, target)
    if keep_old is not None and old.exists():
        shutil.rmtree(keep_old, ignore_errors=True)
        os.replace(old, keep_old)
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


def _dirty_build_notice(record: logging.LogRecord) -> bool:
    # MkDocs warns that a dirty build may leave the nav and links of unbuilt pages stale. kb
    # builds dirty only when the nav and every other page input are unchanged (incremental.py),
    # so the notice is dropped rather than failing the strict build.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:  # the key covers the template's source: edits recompile
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _KeepCompiledTemplates:
    """MkDocs event handler: the theme's templates are compiled once per process, not per build
    (kb serve builds again after every edit; compiling them took about 0.3 s each time)."""
    cache = _MemoryBytecodeCache()

    def on_env(self, env, *, config, files):
        env.bytecode_cache = self.cache
        return env


_THEME_FILES: dict[tuple, list[str]] = {}


def _theme_listed_once(get_env):
    """The theme's Jinja environment, whose files MkDocs lists (and filters) once per process:
    mkdocs-material ships thousands of icons, and listing them took 0.25 s of every kb serve
    rebuild. A full build lists them afresh (a change to overrides/ means a full build)."""
    def listed_once_env():
        env = get_env()
        list_templates = env.list_templates

        def listed_once(extensions=None, filter_func=None):
            key = (tuple(env.loader.searchpath), extensions is None, filter_func is None)
            if key not in _THEME_FILES:
                _THEME_FILES[key] = list_templates(extensions, filter_func)
            return _THEME_FILES[key]
        env.list_templates = listed_once
        return env
    return listed_once_env


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_engine(root: Path, docs: Path, out: Path, generated_nav: list[dict], offline: bool = False,
               dirty: bool = False) -> None:
    """mkdocs build --strict, in-process, with our docs folder and navigation.

    dirty: out already holds the last build; only pages whose Markdown is newer than their
    HTML are built again (kb serve's incremental rebuilds, see incremental.py).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError
    from pathspec.gitignore import GitIgnoreSpec

    config_file = root / "mkdocs.yml"
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    logging.getLogger("mkdocs.commands.build").addFilter(_dirty_build_notice)
    quiet = logger.level
    logger.setLevel(logging.WARNING)
    try:
        # SOURCE_DATE_EPOCH: MkDocs reads it for dates and gzip; KB_OFFLINE: mkdocs.yml's offline plugin.
        with _environment(SOURCE_DATE_EPOCH=source_date_epoch(root), KB_OFFLINE="true" if offline else "false"):
            config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(out), strict=True)
            static_nav = config["nav"] or []
            config["nav"] = static_nav[:1] + generated_nav + static_nav[1:]  # Home, the listings, the rest
            ours = GitIgnoreSpec.from_lines(NOT_IN_NAV)  # joined to mkdocs.yml's patterns, not replacing them
            config["not_in_nav"] = config["not_in_nav"] + ours if config["not_in_nav"] else ours
            config.plugins["kb-keep-compiled-templates"] = _KeepCompiledTemplates()
            config.plugins["kb-search-index"] = SearchIndexAsShipped()
            if not dirty:
                _THEME_FILES.clear()
            config.theme.get_env = _theme_listed_once(config.theme.get_env)
            build(config, dirty=dirty)
    except (Abort, ConfigurationError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise EngineError(f"the site engine refused the build: {details}") from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(quiet)
        logging.getLogger("mkdocs.commands.build").removeFilter(_dirty_build_notice)
    if collect.messages:  # strict mode should have aborted; never ship a site with warnings
        raise EngineError("the site engine warned: " + "; ".join(collect.messages))
