"""Run the benchmark: for each corpus size, every step in fresh processes, medians of several runs."""
from __future__ import annotations

import compileall
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import EVIDENCE_DIR
from ..render.labels import KIND_FOLDER
from .browser import BrowserMissing, search_timing
from .editloop import serve_rebuild_seconds
from .measure import REPORTED, Timing, measure, measure_alternately, run_once
from .synthetic import copy_project, make_corpus, real_records

BUILD_LIMIT = 1000  # larger corpora are measured for validation alone
FLOOR_STEP, VALIDATE_STEP = "parse floor (libyaml), after imports", "kb validate, after imports"
# A name, lay words and a brand, as readers type them; the multi-word ones match the most sections.
SEARCH_QUERIES = ["heparin", "nk cells", "intralipid", "steroid", "endometrial scratch", "clexane", "womb immune test"]

# The floor: the same YAML files read and parsed by the fastest loader there is (libyaml),
# and nothing else. kb validate parses them too, and then checks them. Both time their work
# after their imports, in a fresh process each run, the same way: start-up (the interpreter and
# the imports) is the same for every N and is measured on its own ("whole command").
FLOOR = """
import sys, time, yaml
from pathlib import Path
start = time.perf_counter()
for path in sorted(Path(sys.argv[1], "evidence").glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
Path(sys.argv[2]).write_text(str(time.perf_counter() - start))
"""
VALIDATE = """
import sys, time
from pathlib import Path
import jsonschema_rs, kb.checks, kb.cli, kb.record_index  # what kb validate imports
start = time.perf_counter()
code = kb.cli.main(["--root", sys.argv[1], "validate"])
Path(sys.argv[2]).write_text(str(time.perf_counter() - start))
sys.exit(code)
"""

# kb has no render-only command: load, check and write the Markdown pages, without MkDocs.
RENDER = """
import sys, tempfile
from pathlib import Path
from kb.checks import check_corpus
from kb.corpus import load_corpus
from kb.render.pages import render_site
corpus = load_corpus(Path(sys.argv[1]))
check_corpus(corpus)
with tempfile.TemporaryDirectory() as docs:
    render_site(corpus, Path(docs))
"""


@dataclass
class Row:
    n: int
    step: str
    timing: Timing
    floor: Timing | None = None  # for kb validate: the parse floor of the same files

    @property
    def ratio(self) -> float | None:
        return self.timing.seconds / self.floor.seconds if self.floor else None


@dataclass
class SiteSize:
    n: int
    index_bytes: int
    page_bytes: int  # median size of a record's HTML page


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    sites: list[SiteSize] = field(default_factory=list)
    serve: dict[int, dict[str, float]] = field(default_factory=dict)  # n -> edit -> seconds
    search: tuple[int, float, dict[str, float]] | None = None  # n, ms until ready, each query's median ms
    search_skipped: str = ""
    real_validate: Timing | None = None
    real_records: int = 0


def runs_for(n: int) -> int:
    """Fewer runs at large N (builds: 3, and 2 at 1,000), so that `make bench` fits in ten minutes on two cores."""
    return 5 if n <= 100 else 3 if n <= 1000 else 1


def kb_command() -> list[str]:
    script = Path(sys.executable).with_name("kb")
    return [str(script)] if script.exists() else [sys.executable, "-c", "import sys; from kb.cli import main; sys.exit(main())"]


def run_bench(source: Path, sizes: list[int], runs: int | None = None, build_limit: int = BUILD_LIMIT,
              browser: bool = True, edits: int = 3, say=print) -> Results:
    """Measure every step at every size on corpora cloned from the records under source/evidence."""
    kb = kb_command()
    # Where Python may not write bytecode (PYTHONDONTWRITEBYTECODE, as on this project's machine)
    # every run of an editable install would compile kb's sources again; an installed kb never does.
    compileall.compile_dir(Path(__file__).resolve().parents[1], quiet=1)
    results = Results()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as scratch:
        real = copy_project(source, Path(scratch) / "real")
        shutil.copytree(source / EVIDENCE_DIR, real / EVIDENCE_DIR)
        results.real_records = len(real_records(real))
        results.real_validate = measure(kb + ["--root", str(real), "validate"], runs or 5)
        say(f"real corpus ({results.real_records} records): kb validate {results.real_validate.seconds:.2f} s")
        built = [n for n in sizes if n <= build_limit]
        for n in sizes:
            project = make_corpus(source, Path(scratch) / f"n{n}", n)
            reps = runs or runs_for(n)
            _measure_size(results, kb, project, n, reps, building=n in built, say=say)
            if n in built:
                results.serve[n] = serve_rebuild_seconds(kb, project, edits)
                say(f"N={n}: kb serve rebuild " + ", ".join(f"{k} {v:.2f} s" for k, v in results.serve[n].items()))
            if browser and built and n == max(built):
                _measure_search(results, project, n, say)
            shutil.rmtree(project)
    return results


def _measure_size(results: Results, kb: list[str], project: Path, n: int, reps: int, building: bool, say) -> None:
    root = ["--root", str(project)]
    one_file = sorted((project / EVIDENCE_DIR).glob("*.yaml"))[0]
    # Below a second a run, the machine's noise is as large as the figure: three times the runs.
    floor, validate, whole = measure_alternately([[sys.executable, "-c", FLOOR, str(project), REPORTED],
                                                  [sys.executable, "-c", VALIDATE, str(project), REPORTED],
                                                  kb + root + ["validate"]], reps * 3 if n <= 100 else reps)
    validate_one = kb + root + ["validate", str(one_file)]
    run_once(validate_one)  # the editor's first check of a file writes the record index; time the next ones
    steps = [Row(n, FLOOR_STEP, floor),
             Row(n, VALIDATE_STEP, validate, floor),
             Row(n, "kb validate, whole command", whole),
             Row(n, "kb validate one file, whole command", measure(validate_one, reps))]
    if building:
        steps.append(Row(n, "render (load, check, Markdown)", measure([sys.executable, "-c", RENDER, str(project)], reps)))
        # The longest step (80 s at 1,000 records): two runs there, so that make bench fits in ten minutes.
        steps.append(Row(n, "kb build", measure(kb + root + ["build"], min(reps, 3 if n <= 100 else 2))))
        results.sites.append(site_size(project / "site", n))
    for row in steps:
        say(f"N={n}: {row.step} {row.timing.seconds:.2f} s" + (f" ({row.ratio:.2f}x floor)" if row.ratio else ""))
    results.rows.extend(steps)


def site_size(site: Path, n: int) -> SiteSize:
    pages = [p.stat().st_size for folder in KIND_FOLDER.values()
             for p in (site / folder).glob("*/index.html")]
    index = (site / "search" / "search_index.json").stat().st_size
    return SiteSize(n, index, int(statistics.median(pages)) if pages else 0)


def _measure_search(results: Results, project: Path, n: int, say) -> None:
    try:
        ready, queries = search_timing(project / "site", SEARCH_QUERIES, runs=3)
    except BrowserMissing as exc:
        results.search_skipped = f"skipped: {exc}"
        say(f"N={n}: browser search {results.search_skipped}")
        return
    results.search = (n, ready, queries)
    say(f"N={n}: search ready after {ready:.0f} ms; a query answers in "
        + ", ".join(f"{ms:.0f} ms ({query})" for query, ms in queries.items()))
