"""kb serve's rebuilds: after one full build, an edit rebuilds only the pages it changed.

A full build of 1,000 records takes a minute or more, nearly all of it MkDocs turning each
page's Markdown into HTML. After an edit almost every page is as it was, so each step keeps
what it made last time and redoes only what the edit touched:

- load: a file with the same size and modification time keeps its parsed record;
- check: a record's own checks are kept while it, the schema, the references, the set of
  record ids and the ids other records' claims concern are unchanged (checks.CheckMemo); the
  corpus-wide checks always run;
- render: a record page is drawn again only when its record or the references changed, or
  what it shows of other records: the claims stored in another record that concern it (edited
  in that home record), the names of the records its own claims concern; a corpus-wide page
  (listings, claims, bibliography) only when what it shows of the records changed
  (render.RenderMemo); the related records' names are filled in after the engine; a page's Markdown file in
  .build/live-docs is rewritten only when the Markdown changed;
- engine: MkDocs' dirty build converts only the pages whose Markdown is newer than their HTML,
  into a second copy of the site; the lists of those pages, and the lists that changed on
  other pages, are filled in (render/fills.py), and the records' own downloads that changed are
  written beside them (render/paths.split_by_engine); the copy is then swapped with site/ by
  renames: a failed rebuild leaves site/ as it was. A dirty build indexes only the pages it built, so the other
  pages' search entries are carried over from the last good site's index.

Anything else that every page depends on (hand-written pages, templates, the schema,
mkdocs.yml, the nav) changed, or a page went away: a full build, as kb build does it.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from .assets import install_search_worker, install_vendor_assets
from .checks import CheckMemo, check_corpus
from .corpus import GLOSSARY_PATH, Corpus, file_stamp, load_corpus
from .problems import Problem
from .render.pages import CONTENT_DIR, RenderMemo, navigation, render_pages, write_files
from .render.exports import export_files
from .render.fills import FillError, fill_site
from .render.paths import split_by_engine
from .search_index import SEARCH_INDEX
from .site import BUILD_DIR, SITE_DIR, BuildResult, EngineError, run_engine, swap_in

SITE_INPUTS = ("content", "overrides", "schema", "mkdocs.yml")  # what every page is built from


def stamps(root: Path, names) -> dict[str, tuple]:
    """(mtime, size) of every file under the named files and folders of root, by path from root.

    kb serve polls this four times a second: os.walk and plain strings are several times
    faster than Path.rglob here.
    """
    found = {}
    base = str(root)
    for name in names:
        top = os.path.join(base, name)
        if os.path.isfile(top):
            found[name] = file_stamp(Path(top))
        for folder, _, files in os.walk(top):
            where = os.path.relpath(folder, base).replace(os.sep, "/")
            prefix = "" if where == "." else where + "/"
            for file in files:
                try:
                    info = os.lstat(os.path.join(folder, file))
                except OSError:
                    continue  # deleted between listing and looking: the next poll sees it gone
                found[prefix + file] = (info.st_mtime_ns, info.st_size)
    return found


class LiveSite:
    """The site of one project, rebuilt after each change by doing only what the change needs."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / SITE_DIR
        self.docs = root / BUILD_DIR / "live-docs"
        # A second copy of the site, where the next dirty build is made, then swapped with site/.
        self.spare = root / BUILD_DIR / "live-site"
        self.corpus: Corpus | None = None
        self.check_memo = CheckMemo()
        self.render_memo = RenderMemo()
        # What the last good build was made from; pages None means "build everything next time".
        self.pages: dict[str, str] | None = None
        self.fills: dict[str, dict[str, str]] = {}
        self.files: dict[str, str | bytes] = {}
        self.nav: list | None = None
        self.inputs: dict[str, tuple] = {}
        self.rebuilt: list[str] = []  # the pages whose HTML the last good build changed
        self.search_docs: list | None = None  # the search index's entries, as in site/
        self.mirroring: Mirror | None = None

    def rebuild(self) -> BuildResult:
        self.corpus = load_corpus(self.root, self.corpus)
        result = BuildResult(problems=check_corpus(self.corpus, self.check_memo))
        if not result.ok:
            return result  # nothing was written: the next rebuild can still be incremental
        files = export_files(self.corpus)
        rendered = render_pages(self.corpus, memo=self.render_memo, files=files)
        pages, fills = rendered.pages, rendered.fills
        nav, inputs = navigation(self.corpus), stamps(self.root, SITE_INPUTS)
        full = (self.pages is None or nav != self.nav or inputs != self.inputs or not self.site.is_dir()
                or not self.pages.keys() <= pages.keys() or not self.files.keys() <= files.keys())
        changed = list(pages) if full else [path for path, text in pages.items() if self.pages.get(path) != text]
        # A page the engine converts again has its lists to fill in; another, only if they changed.
        refill = sorted({*changed, *(path for path, named in fills.items() if self.fills.get(path) != named)})
        self.pages = None  # until this build has succeeded
        try:
            if full:
                result.problems += self._build_all(pages, fills, files, nav)
            else:
                self._build_changed(pages, changed, fills, refill, files, nav)
        except (EngineError, FillError) as exc:
            result.problems.append(Problem("mkdocs.yml", 1, 1, "error", "site-build", str(exc),
                                           "fix the page or setting named above"))
        except OSError as exc:
            result.problems.append(Problem(BUILD_DIR, 1, 1, "error", "site-build", f"could not write the site: {exc}",
                                           "check the free disk space and the permissions of .build/ and site/"))
        if result.ok:
            self.pages, self.fills, self.files, self.nav, self.inputs = pages, fills, files, nav, inputs
            self.rebuilt = [path for path in refill if path in pages]
            result.pages = len(self.rebuilt)
        return result

    def _build_all(self, pages: dict[str, str], fills: dict[str, dict[str, str]], files: dict[str, str | bytes],
                   nav: list) -> list[Problem]:
        self._caught_up()
        shutil.rmtree(self.spare, ignore_errors=True)
        shutil.rmtree(self.docs, ignore_errors=True)
        self.search_docs = None  # read from the new site's index by the next dirty build
        shutil.copytree(self.root / CONTENT_DIR, self.docs, ignore=shutil.ignore_patterns(Path(GLOSSARY_PATH).name))
        write_files(self.docs, pages)
        for_docs, for_site = split_by_engine(files)
        write_files(self.docs, files, for_docs)
        problems = install_vendor_assets(self.docs) + install_search_worker(self.docs)
        if problems:
            return problems
        stage = Path(tempfile.mkdtemp(prefix="stage-", dir=self.root / BUILD_DIR))
        try:
            run_engine(self.root, self.docs, stage / SITE_DIR, nav)
            fill_site(stage / SITE_DIR, fills, directory_urls=True)
            write_files(stage / SITE_DIR, files, for_site)
            swap_in(stage / SITE_DIR, self.site)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        shutil.copytree(self.site, self.spare, symlinks=True)  # now, rather than at the next edit
        return []

    def _build_changed(self, pages: dict[str, str], changed: list[str], fills: dict[str, dict[str, str]],
                       refill: list[str], files: dict[str, str | bytes], nav: list) -> None:
        self._caught_up()
        if not self.spare.is_dir():
            shutil.copytree(self.site, self.spare, symlinks=True)  # copies keep modification times
        write_files(self.docs, pages, changed)
        for_docs, for_site = split_by_engine(path for path, content in files.items()
                                              if self.files.get(path) != content)
        write_files(self.docs, files, for_docs)
        started = time.time_ns()
        run_engine(self.root, self.docs, self.spare, nav, dirty=True)
        fill_site(self.spare, fills, directory_urls=True, only=refill)
        write_files(self.spare, files, for_site)
        if self.search_docs is None:
            self.search_docs = json.loads((self.site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
        self.search_docs = carry_over_search(self.search_docs, self.spare / SEARCH_INDEX, changed)
        swap_in(self.spare, self.site, keep_old=self.spare)  # site/ is never half-written
        # The reader sees the new page now; the spare site catches up while they read it.
        self.mirroring = Mirror(self.site, self.spare, since=started)
        self.mirroring.start()

    def _caught_up(self) -> None:
        """Wait for the spare site to have the last rebuild's changes (or drop it if it failed)."""
        if self.mirroring is not None:
            self.mirroring.join()
            if self.mirroring.failed:
                shutil.rmtree(self.spare, ignore_errors=True)
            self.mirroring = None


class Mirror(threading.Thread):
    """Make target, a copy of source before a dirty build, a copy of it again: copy what the
    build wrote (modified since `since`, in ns; a second early, for coarse file clocks). A
    dirty build adds and rewrites files, never removes one (a removed page means a full build)."""

    def __init__(self, source: Path, target: Path, since: int):
        super().__init__(daemon=True)
        self.source, self.target, self.since, self.failed = source, target, since, False

    def run(self) -> None:
        try:
            for path, (modified, _) in stamps(self.source, ["."]).items():
                if modified >= self.since - 1_000_000_000:
                    (self.target / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(self.source / path, self.target / path)
        except OSError:
            self.failed = True  # the spare site is copied afresh from site/ next time


def page_location(docs_path: str) -> str:
    """Where MkDocs puts a page, as its search entries name it: treatments/x.md -> treatments/x/."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"


def carry_over_search(last: list, built: Path, rebuilt: list[str]) -> list:
    """The full search index, written to built: rebuilt pages' entries from built, every other
    page's from last (the entries of the index in site/). Returns the entries.

    Entries stay in the order a full build writes them, so both builds give the same index.
    """
    fresh = json.loads(built.read_text(encoding="utf-8"))
    new_entries: dict[str, list] = {}
    for entry in fresh["docs"]:
        new_entries.setdefault(entry["location"].split("#")[0], []).append(entry)
    rebuilt_pages = {page_location(path) for path in rebuilt}
    docs = []
    for entry in last:
        page = entry["location"].split("#")[0]
        if page not in rebuilt_pages:
            docs.append(entry)
        elif page in new_entries:
            docs.extend(new_entries.pop(page))
    for entries in new_entries.values():  # pages that are new in this build
        docs.extend(entries)
    fresh["docs"] = docs
    built.write_text(json.dumps(fresh, separators=(",", ":"), default=str), encoding="utf-8")
    return docs
