"""The `kb` command: validate, build and serve the knowledge base.

Exit codes: 0 clean, 1 data errors, 2 usage or tool errors. Never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from .problems import Problem, format_problems, summary_line

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def find_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "evidence").is_dir():
            return folder
    return None


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="kb", description="Check, render and build the evidence knowledge base.")
    main.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check records and the bibliography")
    validate.add_argument("paths", nargs="*", type=Path, help="only report on these files (default: all)")
    validate.add_argument("--format", choices=["text", "json", "github"], default="text")

    commands.add_parser("build", help="validate, render and build the site into site/")

    serve = commands.add_parser("serve", help="build, serve at http://127.0.0.1:8000 and rebuild on change")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    from .bench import add_arguments as bench_arguments  # a light module: the bench itself loads on use
    bench_arguments(commands.add_parser("bench", help="measure validate, build, serve and search at 20 to 10,000 records"))
    return main


def main(argv: list[str] | None = None) -> int:
    # kb builds large trees of dicts and lists with no reference cycles; the cyclic garbage
    # collector would scan them again and again as they grow (10-17 % of kb validate at 1,000
    # to 10,000 records, see BENCHMARKS.md). Collect rarely instead, as mypy does.
    gc.set_threshold(100_000, 50, 100)
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        root = (args.root or find_root(Path.cwd()))
        if root is None or not (root / "evidence").is_dir():
            print("kb: no project here (looked for mkdocs.yml and evidence/); pass --root", file=sys.stderr)
            return EXIT_USAGE
        root = root.resolve()
        commands = {"validate": cmd_validate, "build": cmd_build, "serve": cmd_serve, "bench": cmd_bench}
        return commands[args.command](root, args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        print(f"kb: internal error: {type(exc).__name__}: {exc}. Please report this.", file=sys.stderr)
        return EXIT_USAGE


def _report(problems: list[Problem], fmt: str, files: int) -> None:
    if fmt == "text":
        if problems:
            print(format_problems(problems, fmt))
        print(summary_line(problems, files), file=sys.stderr)
    else:
        print(format_problems(problems, fmt))


def cmd_validate(root: Path, args) -> int:
    from .checks import check_corpus
    from .corpus import BIB_NAME, EVIDENCE_DIR, load_corpus
    from .record_index import load_scoped

    wanted = set()
    for path in args.paths:
        full = path if path.is_absolute() else Path.cwd() / path
        if not full.exists():
            print(f"kb: {path}: no such file", file=sys.stderr)
            return EXIT_USAGE
        wanted.add(full.resolve().relative_to(root).as_posix())
    # One file or a few: the other records come from the record index, not re-read and re-checked
    # (a change to the bibliography concerns every record, so it is checked against all of them).
    scoped = wanted and f"{EVIDENCE_DIR}/{BIB_NAME}" not in wanted
    corpus = load_scoped(root, wanted) if scoped else load_corpus(root)
    problems = check_corpus(corpus)
    if wanted:
        problems = [p for p in problems if p.path in wanted]
    _report(problems, args.format, len(wanted) or corpus.files_read)
    return EXIT_DATA if any(p.is_error for p in problems) else EXIT_OK


def cmd_build(root: Path, args) -> int:
    from .site import build_site

    result = build_site(root)
    if not result.ok:
        _report(result.problems, "text", 0)
        print("kb: build stopped; site/ was left as it was.", file=sys.stderr)
        return EXIT_DATA
    warnings = [p for p in result.problems if not p.is_error]
    if warnings:
        print(format_problems(warnings, "text"))
    print(f"kb: built {result.pages} pages into {root / 'site'}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(root: Path, args) -> int:
    from .serve import serve

    return serve(root, args.host, args.port)


def cmd_bench(root: Path, args) -> int:
    from .bench import bench_command

    return bench_command(root, args)
