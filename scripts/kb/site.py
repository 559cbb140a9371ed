"""Build: load → check → render → run the site engine → swap the finished site into site/.

Everything is staged under .build/ first; site/ is replaced only by a complete, strict build,
so a bad record or an engine error leaves the previous site exactly as it was.
The engine (MkDocs with mkdocs-material) is called only from `run_engine`.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from .checks import check_corpus
from .corpus import load_corpus
from .problems import Problem
from .render import NOT_IN_NAV, navigation, render_site

BUILD_DIR = ".build"
SITE_DIR = "site"


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


class EngineError(Exception):
    pass


def build_site(root: Path, site_dir: Path | None = None) -> BuildResult:
    corpus = load_corpus(root)
    result = BuildResult(problems=check_corpus(corpus))
    if not result.ok:
        return result
    (root / BUILD_DIR).mkdir(exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="stage-", dir=root / BUILD_DIR))
    try:
        docs, built = stage / "docs", stage / "site"
        result.pages = len(render_site(corpus, docs))
        run_engine(root, docs, built, navigation(corpus))
        swap_in(built, site_dir or root / SITE_DIR)
    except EngineError as exc:
        result.problems.append(Problem("mkdocs.yml", 1, 1, "error", "site-build", str(exc),
                                       "fix the page or setting named above"))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def swap_in(built: Path, target: Path) -> None:
    """Replace target with built using renames, so site/ is never half-written."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(built, target)
    shutil.rmtree(old, ignore_errors=True)


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


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_engine(root: Path, docs: Path, out: Path, generated_nav: list[dict], dirty: bool = False) -> None:
    """mkdocs build --strict, in-process, with our docs folder and navigation.

    dirty: out already holds the last build; only pages whose Markdown is newer than their
    HTML are built again (kb serve's incremental rebuilds, see incremental.py).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = root / "mkdocs.yml"
    static = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    static_nav = static.get("nav", [])
    nav = static_nav[:1] + generated_nav + static_nav[1:]  # Home, then the records, then the rest
    not_in_nav = "\n".join(filter(None, [static.get("not_in_nav", ""), NOT_IN_NAV]))  # mkdocs.yml's and kb's
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    logging.getLogger("mkdocs.commands.build").addFilter(_dirty_build_notice)
    quiet = logger.level
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(out), nav=nav,
                             not_in_nav=not_in_nav, strict=True)
        config.plugins["kb-keep-compiled-templates"] = _KeepCompiledTemplates()
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
