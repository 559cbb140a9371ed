"""The `kb` command: validate, build and serve the knowledge base, and the editors' tools
(new, cite, diff, review-due, docs).

Exit codes: 0 clean, 1 data errors, 2 usage or tool errors. Never a traceback.
"""
from __future__ import annotations

import gc

# kb builds large trees of dicts and lists with no reference cycles, and its imports create
# many objects too; the cyclic garbage collector would scan them again and again as they grow
# (a fifth of kb validate's start-up, and 10-17 % of its run at 1,000 to 10,000 records: see
# BENCHMARKS.md). Collect rarely instead, as mypy does; set before the imports below.
gc.set_threshold(100_000, 50, 100)

import argparse
import sys
from pathlib import Path

from .corpus import FIELD_REFERENCE_PATH
from .problems import Problem, format_problems, summary_line
from .review_due import DEFAULT_MONTHS
from .rules import REQUIRED_FIELDS

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def find_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "evidence").is_dir():
            return folder
    return None


DESCRIPTION = """Check, render and build the evidence knowledge base.

Adding evidence (see CONTRIBUTING.md):
  kb new <id> --kind treatment   write a new draft record, every field annotated
  kb cite <DOI or PMID>          print its BibTeX entry (looked up at Crossref or PubMed) to check
  kb validate                    say exactly what to fix, by file, line and column
  kb serve                       see the site at http://127.0.0.1:8000 as you edit
  kb diff main                   what your change does, as a reviewer sees it

Exit codes: 0 clean (warnings allowed), 1 data errors, 2 usage or tool errors."""


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of months from 1")
    return int(text)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="kb", description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check records and the bibliography")
    validate.add_argument("paths", nargs="*", type=Path, help="only report on these files (default: all)")
    validate.add_argument("--format", choices=["text", "json", "github"], default="text")

    build = commands.add_parser("build", help="validate, render and build the site into site/")
    build.add_argument("--offline", action="store_true",
                       help="a site that works from file:// with search and no network (open site/index.html)")

    serve = commands.add_parser("serve", help="build, serve at http://127.0.0.1:8000 and rebuild on change")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    new = commands.add_parser("new", help="write a new draft record from the annotated template")
    new.add_argument("id", help="lower-case words joined by hyphens, e.g. intrauterine-hcg")
    new.add_argument("--kind", required=True, metavar="treatment|test", help="what the record is about")

    cite = commands.add_parser("cite", help="print a BibTeX entry for a DOI or PMID, looked up at Crossref or PubMed")
    cite.add_argument("identifier", help="a DOI (10.xxxx/..., https://doi.org/...) or a PMID (digits)")
    cite.add_argument("--key", help="the citation key to use (default: one made from the identifier)")
    cite.add_argument("--type", default="article", choices=list(REQUIRED_FIELDS),
                      help="BibTeX entry type of the skeleton (a looked-up entry takes the service's)")
    cite.add_argument("--offline", action="store_true", help="no look-up: a skeleton to fill in from the source")

    commands.add_parser("check-references",
                        help="compare every entry with a DOI or PMID with Crossref or PubMed (needs the network)")

    diff = commands.add_parser("diff", help="what the working tree changes against a git ref, as Markdown")
    diff.add_argument("ref", help="a branch, tag or commit, e.g. main or origin/main")

    due = commands.add_parser("review-due", help="records last reviewed more than N months ago")
    due.add_argument("--months", type=positive_int, default=DEFAULT_MONTHS, help=f"default {DEFAULT_MONTHS}")

    docs = commands.add_parser("docs", help=f"write the editors' field reference ({FIELD_REFERENCE_PATH})")
    docs.add_argument("--check", action="store_true", help="only check that it matches the schema")

    from .bench import add_arguments as bench_arguments  # a light module: the bench itself loads on use
    bench_arguments(commands.add_parser("bench", help="measure validate, build, serve and search at 20 to 10,000 records"))
    return main


def main(argv: list[str] | None = None) -> int:
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
        return COMMANDS[args.command](root, args)
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
    from .corpus import EVIDENCE_DIR, RECORD_SUFFIXES, load_corpus
    from .record_index import load_scoped

    wanted = set()
    for path in args.paths:
        full = path if path.is_absolute() else Path.cwd() / path
        if not full.exists() and not full.is_symlink():
            print(f"kb: {path}: no such file", file=sys.stderr)
            return EXIT_USAGE
        # The folder resolved, the file itself not: a link under evidence/ is reported as a link.
        shown = full.parent.resolve() / full.name
        if not shown.is_relative_to(root):
            print(f"kb: {path}: not inside the project {root}", file=sys.stderr)
            return EXIT_USAGE
        wanted.add(shown.relative_to(root).as_posix())
    # Records only: the other records come from the record index, not re-read and re-checked
    # (the bibliography or the glossary concerns every record: checked against all of them).
    scoped = wanted and all(p.startswith(f"{EVIDENCE_DIR}/") and p.endswith(RECORD_SUFFIXES) for p in wanted)
    corpus = load_scoped(root, wanted) if scoped else load_corpus(root)
    problems = check_corpus(corpus)
    if wanted:
        problems = [p for p in problems if p.path in wanted]
    _report(problems, args.format, len(wanted) or corpus.files_read)
    return EXIT_DATA if any(p.is_error for p in problems) else EXIT_OK


def cmd_build(root: Path, args) -> int:
    from .site import build_site

    result = build_site(root, offline=args.offline)
    if not result.ok:
        _report(result.problems, "text", 0)
        print("kb: build stopped; site/ was left as it was.", file=sys.stderr)
        return EXIT_DATA
    warnings = [p for p in result.problems if not p.is_error]
    if warnings:
        print(format_problems(warnings, "text"))
    where = root / "site"
    opened = f"; open {where / 'index.html'} in a browser" if args.offline else ""
    print(f"kb: built {result.pages} pages into {where}{opened}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(root: Path, args) -> int:
    from .serve import serve

    return serve(root, args.host, args.port)


def _usage_error(message: str, hint: str = "") -> int:
    print(f"kb: {message}" + (f" ({hint})" if hint else ""), file=sys.stderr)
    return EXIT_USAGE


def cmd_new(root: Path, args) -> int:
    import datetime as dt
    import re

    from .corpus import load_corpus
    from .schema import load_schema
    from .template import humanise, new_record, record_named

    schema = load_schema(root)
    kinds = schema["properties"]["kind"]["enum"]
    if args.kind not in kinds:
        return _usage_error(f"--kind {args.kind!r} is not one of: {', '.join(kinds)}")
    pattern = schema["$defs"]["recordId"]
    if not re.fullmatch(pattern["pattern"], args.id) or len(args.id) > pattern["maxLength"]:
        return _usage_error(f"'{args.id}' cannot be a record id",
                            "use lower-case letters and digits joined by hyphens, e.g. intrauterine-hcg")
    path = root / "evidence" / f"{args.id}.yaml"
    if path.exists() or path.is_symlink():
        return _usage_error(f"evidence/{args.id}.yaml already exists", "choose another id, or edit that record")
    owner = record_named(load_corpus(root), humanise(args.id))
    if owner:
        return _usage_error(f"'{humanise(args.id)}' is already a name of {owner.path}",
                            "add the evidence to that record; one intervention has one record")
    path.write_text(new_record(root, args.id, args.kind, dt.date.today()), encoding="utf-8")
    print(f"kb: wrote evidence/{args.id}.yaml, a draft. Fill in each field (the comment above it says what "
          f"goes there), then run: kb validate evidence/{args.id}.yaml", file=sys.stderr)
    return EXIT_OK


def cmd_cite(root: Path, args) -> int:
    import re

    from . import sources
    from .cite import (CiteError, Identifier, already_cited, entry, found_guidance, guidance, key_for,
                       parse_identifier, propose_key, skeleton)
    from .corpus import load_corpus
    from .schema import load_schema

    try:
        identifier = parse_identifier(args.identifier)
    except CiteError as exc:
        return _usage_error(exc.message, exc.hint)
    if args.key and not re.fullmatch(load_schema(root)["$defs"]["citationKey"]["pattern"], args.key):
        return _usage_error(f"'{args.key}' cannot be a citation key", "start with a letter; use letters, digits, _ : -")
    corpus = load_corpus(root)
    known = already_cited(identifier, corpus.references)
    if known:
        print(f"kb: {identifier.label} {identifier.value} is already in {corpus.bib_path} as '{known.key}' "
              f"(line {known.line}): cite that key", file=sys.stderr)
        return EXIT_DATA
    if args.key in corpus.references:
        return _usage_error(f"the key '{args.key}' is already used in {corpus.bib_path}", "choose another with --key")
    service = "Crossref" if identifier.kind == "doi" else "PubMed"
    source, why = None, "--offline"
    if not args.offline:
        try:
            source = sources.look_up(identifier.kind, identifier.value)
        except sources.NotFound:
            why = f"{service} does not know {identifier.label} {identifier.value}: check it against the source"
        except sources.Unreachable as exc:
            why = f"{service} could not be reached ({exc})"
    if source is not None:
        # The source may be in the bibliography under its other identifier (PubMed gives the DOI).
        for other in (Identifier(kind, source.fields[kind]) for kind in ("doi", "pmid") if source.fields.get(kind)):
            twin = already_cited(other, corpus.references)
            if twin:
                print(f"kb: {identifier.label} {identifier.value} is {other.label} {other.value}, already in "
                      f"{corpus.bib_path} as '{twin.key}' (line {twin.line}): cite that key", file=sys.stderr)
                return EXIT_DATA
        key = args.key or key_for(source, corpus.references) or propose_key(identifier)
        print("\n" + entry(source, key))
        print(found_guidance(identifier, source, key), file=sys.stderr)
        return EXIT_OK
    key = args.key or propose_key(identifier)
    if not args.offline:
        print(f"kb: {why}; here is a skeleton to fill in from the source.", file=sys.stderr)
    print("\n" + skeleton(identifier, key, args.type))
    print(guidance(identifier, key, args.type), file=sys.stderr)
    return EXIT_OK


def cmd_check_references(root: Path, args) -> int:
    from .check_references import NotChecked, check_references
    from .corpus import load_corpus

    corpus = load_corpus(root)
    try:
        report = check_references(corpus)
    except NotChecked as exc:
        print(f"kb: no reference checked: {exc} (no network?). Nothing to report.", file=sys.stderr)
        return EXIT_OK
    for difference in sorted(report.differences, key=lambda d: d.line):
        print(difference.as_text())
    checked = " and ".join(f"{n} with {service}" for service, n in report.checked.items() if n)
    print(f"kb: compared {checked or 'no entry'}: {len(report.differences)} difference(s)", file=sys.stderr)
    if report.unchecked:
        print(f"kb: not checked (the service stopped answering): {', '.join(report.unchecked)}", file=sys.stderr)
    return EXIT_DATA if report.differences else EXIT_OK


def cmd_diff(root: Path, args) -> int:
    from .corpus import load_corpus
    from .diff import DiffError, corpus_at, report, resolve

    try:
        commit = resolve(root, args.ref)
        before = corpus_at(root, commit)
    except DiffError as exc:
        return _usage_error(exc.message, exc.hint)
    print(report(before, load_corpus(root), args.ref, commit), end="")
    return EXIT_OK


def cmd_review_due(root: Path, args) -> int:
    import datetime as dt

    from .corpus import load_corpus
    from .review_due import due_records, report

    corpus = load_corpus(root)
    today = dt.date.today()
    due = due_records(corpus, args.months, today)
    if due:
        print(report(due, args.months, today), end="")
    print(f"kb: {len(due)} of {len(corpus.records)} records due for review "
          f"(last reviewed more than {args.months} months ago)", file=sys.stderr)
    return EXIT_OK


def cmd_docs(root: Path, args) -> int:
    from .fields import PAGE
    from .render.field_reference import COMMAND, field_reference

    page = root / PAGE
    wanted = field_reference(root)
    current = page.read_text(encoding="utf-8") if page.is_file() else None
    if args.check:
        if current == wanted:
            return EXIT_OK
        print(f"kb: {PAGE.as_posix()} does not match schema/record.schema.json (hint: run `{COMMAND}` "
              "and commit the page)", file=sys.stderr)
        return EXIT_DATA
    if current == wanted:
        print(f"kb: {PAGE.as_posix()} was already up to date with the schema", file=sys.stderr)
    else:
        page.write_text(wanted, encoding="utf-8")
        print(f"kb: wrote {PAGE.as_posix()} from the schema", file=sys.stderr)
    return EXIT_OK


def cmd_bench(root: Path, args) -> int:
    from .bench import bench_command

    return bench_command(root, args)


COMMANDS = {"validate": cmd_validate, "build": cmd_build, "serve": cmd_serve, "new": cmd_new, "cite": cmd_cite,
            "check-references": cmd_check_references, "diff": cmd_diff, "review-due": cmd_review_due,
            "docs": cmd_docs, "bench": cmd_bench}
