"""The benchmark's figures as Markdown tables, the machine they came from, and the targets."""
from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
from pathlib import Path

from .editloop import EDITS
from .run import Results

BEGIN, END = "<!-- kb bench: begin -->", "<!-- kb bench: end -->"
SERVE_LIMIT, QUERY_LIMIT_MS, FLOOR_LIMIT, REAL_LIMIT, GROWTH_LIMIT = 2.0, 100.0, 2.0, 1.0, 1.2


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.995 else f"{value * 1000:.0f} ms"


def size(value: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= scale:
            return f"{value / scale:.1f} {unit}"
    return f"{value:.0f} B"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i > 1 else "---" for i in range(len(header))) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def timings_table(results: Results) -> str:
    rows = [[f"{r.n:,}", r.step, seconds(r.timing.seconds), f"{r.timing.seconds / r.n * 1000:.2f} ms",
             size(r.timing.peak_bytes), f"{r.ratio:.2f}x" if r.ratio else "", str(r.timing.runs)]
            for r in results.rows]
    return table(["N", "step", "time (median)", "per record", "peak memory", "vs parse floor", "runs"], rows)


def serve_table(results: Results) -> str:
    kinds = list(EDITS)
    rows = [[f"{n:,}"] + [seconds(edits[k]) for k in kinds] for n, edits in sorted(results.serve.items())]
    return table(["N"] + [f"{k}: saved → page rebuilt" for k in kinds], rows)


def site_table(results: Results) -> str:
    rows = [[f"{s.n:,}", size(s.index_bytes), size(s.index_bytes / s.n), size(s.page_bytes)] for s in results.sites]
    return table(["N", "search index", "index per record", "record page weight (median)"], rows)


def search_line(results: Results) -> str:
    if results.search is None:
        return f"Browser search: {results.search_skipped or 'not measured'}."
    n, ready, _ = results.search
    return (f"Browser search at N = {n:,} (chromium, mkdocs-material's lunr worker): the index is ready "
            f"{seconds(ready / 1000)} after the home page starts loading.")


def search_table(results: Results) -> str:
    n, _, queries = results.search
    rows = [[query, f"{ms:.0f} ms"] for query, ms in queries.items()]
    return table(["query", f"typed → results painted, N = {n:,} (median of 3)"], rows)


def targets(results: Results) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met?) for each target of the issue; None: not measured."""
    found = []
    ratios = [(r.ratio, r.n) for r in results.rows if r.ratio]
    if ratios:
        worst, at = max(ratios)
        found.append((f"kb validate at most {FLOOR_LIMIT:g}x the parse floor at every N (both timed after imports)",
                      f"worst {worst:.2f}x (N = {at:,})", worst <= FLOOR_LIMIT))
    if results.real_validate:
        found.append((f"kb validate of the real corpus under {REAL_LIMIT:g} s, start-up included",
                      f"{seconds(results.real_validate.seconds)} ({results.real_records} records)",
                      results.real_validate.seconds < REAL_LIMIT))
    builds = {r.n: r.timing.seconds / r.n for r in results.rows if r.step == "kb build"}
    if len(builds) >= 2:
        small, large = (100, 1000) if {100, 1000} <= builds.keys() else sorted(builds)[-2:]
        growth = builds[large] / builds[small]
        found.append((f"kb build time per record at N = {large:,} at most {GROWTH_LIMIT:g}x that at N = {small:,}",
                      f"{growth:.2f}x ({builds[large] * 1000:.0f} vs {builds[small] * 1000:.0f} ms a record)",
                      growth <= GROWTH_LIMIT))
    if results.serve:
        n = max(results.serve)
        edits = results.serve[n]
        found.append((f"kb serve: one record edited, saved → its page rebuilt, under {SERVE_LIMIT:g} s at N = {n:,} "
                      "(a summary, a claim, a rename)",
                      "; ".join(f"{kind} {seconds(value)}" for kind, value in edits.items()),
                      max(edits.values()) < SERVE_LIMIT))
    if results.search:
        n, _, queries = results.search
        typical = statistics.median(queries.values())
        slowest = max(queries, key=queries.get)
        found.append((f"a search query answers in under {QUERY_LIMIT_MS:g} ms at N = {n:,} (the median query)",
                      f"{typical:.0f} ms; slowest '{slowest}' {queries[slowest]:.0f} ms", typical < QUERY_LIMIT_MS))
    return found


def targets_table(results: Results) -> str:
    verdict = {True: "met", False: "**missed**", None: "not measured"}
    return table(["target", "measured", ""], [[t, m, verdict[ok]] for t, m, ok in targets(results)])


def machine() -> str:
    import mkdocs
    import yaml
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) * 1024 for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    libyaml = yaml._yaml.get_version_string() if getattr(yaml, "__with_libyaml__", False) else "absent"
    return (f"{cpu}, {os.cpu_count()} cores, {size(memory)} memory; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, PyYAML {yaml.__version__} with libyaml {libyaml}, "
            f"MkDocs {mkdocs.__version__}")


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def report(results: Results, load_before: float, load_after: float) -> str:
    return "\n\n".join([
        f"Measured {dt.date.today().isoformat()} on: {machine()}.",
        f"Load average (1 min) {load_before:.2f} at the start and {load_after:.2f} at the end: other work "
        "shared the machine, so single figures are noisy; each is a median of fresh-process runs.",
        "### Targets", targets_table(results),
        "### Time, per step (each run a fresh process; \"after imports\": the work timed inside it)",
        timings_table(results),
        "### The editor's loop under kb serve", serve_table(results) if results.serve else "not measured",
        "### Site and search", site_table(results) if results.sites else "not measured", search_line(results),
        *([search_table(results)] if results.search else []),
    ]) + "\n"


def write_into(path: Path, text: str) -> None:
    """Replace the generated block of path (between the kb bench markers), keeping the prose around it."""
    block = f"{BEGIN}\n{text}{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in old:
        old = old.rstrip() + f"\n\n{BEGIN}\n{END}\n"
    path.write_text(re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, old, flags=re.S),
                    encoding="utf-8")
