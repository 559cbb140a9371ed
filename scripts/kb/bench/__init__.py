"""kb bench: how the editor's loop and the build scale, from today's records to 10,000.

    synthetic.py  corpora of N records cloned from the real ones (new ids, names, aliases)
    measure.py    one command in a fresh process: wall time and peak memory
    editloop.py   kb serve: time from saving an edit to the rebuilt page
    browser.py    chromium: time from typing a search query to the results
    run.py        every step at every size, medians of several runs
    report.py     the tables, the machine and the targets, for the terminal and BENCHMARKS.md

This module stays light: `kb` imports it to build its command line.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SIZES = [20, 100, 1000, 10000]


def add_arguments(bench: argparse.ArgumentParser) -> None:
    bench.add_argument("--sizes", type=_sizes, default=SIZES, help="corpus sizes (default: 20,100,1000,10000)")
    bench.add_argument("--build-limit", type=int, default=1000, help="larger corpora are measured for validation alone")
    bench.add_argument("--runs", type=int, help="runs per step (default: 5 up to N=100, 3 up to 1,000, then 1); "
                       "the parse floor and kb validate run three times as often up to N=100")
    bench.add_argument("--no-browser", dest="browser", action="store_false", help="skip the search timing in chromium")
    bench.add_argument("--write", type=Path, help="also write the figures into this Markdown file (BENCHMARKS.md)")


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of numbers like 20,100,1000") from None
    if min(sizes) < 1:
        raise argparse.ArgumentTypeError("every size must be at least 1")
    return sizes


def bench_command(root: Path, args: argparse.Namespace) -> int:
    from .measure import StepFailed
    from .report import report, write_into
    from .run import run_bench

    load_before = os.getloadavg()[0]
    try:
        results = run_bench(root, args.sizes, args.runs, args.build_limit, args.browser,
                            say=lambda message: print(f"kb bench: {message}", file=sys.stderr, flush=True))
    except StepFailed as exc:
        print(f"kb bench: a measured step failed: {exc}", file=sys.stderr)
        return 2
    text = report(results, load_before, os.getloadavg()[0])
    print(text, end="")
    if args.write:
        write_into(args.write, text)
        print(f"kb bench: figures written into {args.write}", file=sys.stderr)
    return 0
