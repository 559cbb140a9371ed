"""Resource bombs, and hostile files that cannot be committed as fixtures (too big, a pipe, a
file name with control characters), made at test time. Each is refused with a located error,
exit 1 and no traceback, and memory stays bounded whatever the input.

How long each takes is measured by benchmarks/hostile_inputs.py, not asserted here.
"""
from __future__ import annotations

import os
import re
import tracemalloc
from pathlib import Path

import pytest

from conftest import FIXTURES
from kb.corpus import MAX_FILE_BYTES, load_corpus
from kb.yamlload import MAX_DEPTH, MAX_VALUES

VALID = FIXTURES / "valid" / "two-records" / "evidence"
LOCATED = re.compile(r"\S+:[1-9][0-9]*:[1-9][0-9]*: (error|warning) \[[a-z0-9-]+\] ")
MEMORY_LIMIT = 64 * 2**20  # bytes of Python allocations while checking one hostile project


def record_with(field_line: str) -> bytes:
    """beta-test.yaml with its `related: []` line replaced."""
    text = (VALID / "beta-test.yaml").read_text(encoding="utf-8")
    return text.replace("related: []\n", field_line + "\n").encode()


def sparse(size: int):
    """A file of `size` bytes that costs no disk: a valid start, then a hole."""
    def write(path: Path):
        with open(path, "wb") as file:
            file.write((VALID / "beta-test.yaml").read_bytes())
            file.truncate(size)
    return write


BILLION_LAUGHS = "\n".join(
    [f'l0: &l0 "lol"'] + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]) + "\n"

BOMBS = {
    # name: (file under evidence/, content or writer, what the report must say)
    "record-of-50-mb": ("beta-test.yaml", sparse(50_000_000),
                        r"beta-test.yaml:1:1: error \[file-size\] is 50,000,000 bytes; the limit is 1,000,000"),
    "line-of-1-mib": ("beta-test.yaml", b"name: " + b"x" * 2**20 + b"\n", r"beta-test.yaml:1:1: error \[file-size\]"),
    "value-of-900-kb-under-the-limit": ("beta-test.yaml", record_with("related: [" + "a" * 900_000 + "]"),
                                        r"beta-test.yaml:28:11: error \[schema\] related\[0\]: is 900,000 characters"),
    "flow-nesting-10000-deep": ("beta-test.yaml", record_with("related: " + "[" * 10_000 + "]" * 10_000),
                                rf"beta-test.yaml:28:{10 + MAX_DEPTH}: error \[yaml-depth\]"),
    "mapping-nesting-10000-deep": ("beta-test.yaml", record_with("related: " + "{a: " * 10_000 + "}" * 10_000),
                                   r"beta-test.yaml:28:\d+: error \[yaml-depth\]"),
    "block-nesting-10000-deep": ("beta-test.yaml", record_with("related:\n  " + "- " * 10_000 + "x"),
                                 r"beta-test.yaml:29:\d+: error \[yaml-depth\]"),
    "alias-bomb": ("beta-test.yaml", BILLION_LAUGHS.encode(), r"beta-test.yaml:1:5: error \[yaml-anchor\]"),
    "more-values-than-the-limit": ("beta-test.yaml", record_with("related:\n" + "  - a\n" * (MAX_VALUES + 1)),
                                   r"beta-test.yaml:\d+:5: error \[yaml-size\]"),
    # jsonschema checks uniqueItems of unsortable items pair by pair: 5,000 distinct mappings
    # would take it minutes; ours is linear.
    "unique-items-of-5000-mappings": ("beta-test.yaml", record_with("related: [" + ", ".join(f"{{a: {i}}}" for i in range(5000)) + "]"),
                                      r"beta-test.yaml:28:11: error \[schema\] related\[0\]: must be text"),
    "bibliography-over-the-limit": ("references.bib", sparse(MAX_FILE_BYTES + 1),
                                    r"references.bib:1:1: error \[file-size\]"),
    "bibliography-of-300000-blocks": ("references.bib", b"@a{" * 300_000, r"references.bib:1:1: error \[bibtex-size\]"),
    "bibliography-of-900000-nested-braces": ("references.bib", b"@article{a,\n title = {" + b"{" * 900_000 + b"},\n}\n",
                                             r"references.bib:2:1: error \[bibtex-size\] braces nested more than 32 deep"),
    "bibliography-of-150000-fields": ("references.bib", b"@article{a,\n" + b"x={},\n" * 150_000 + b"}\n",
                                      r"references.bib:20002:1: error \[bibtex-size\] more than 20,000 fields"),
}


def hostile_project(project, name: str, content) -> Path:
    root = project(VALID)
    path = root / "evidence" / name
    path.unlink(missing_ok=True)
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    return root


def validate_measured(kb, root: Path):
    tracemalloc.start()
    try:
        code, out, err = kb("validate", root=root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return code, out, err, peak


def assert_refused(code: int, out: str, err: str) -> None:
    assert code == 1, out + err
    assert "Traceback" not in out + err and "internal error" not in out + err
    assert out and all(LOCATED.match(line) for line in out.splitlines()), out[:2000]


@pytest.mark.parametrize("name", BOMBS)
def test_a_resource_bomb_is_refused_where_it_is_with_memory_bounded(name, project, kb):
    file_name, content, report = BOMBS[name]
    code, out, err, peak = validate_measured(kb, hostile_project(project, file_name, content))
    assert_refused(code, out, err)
    assert re.search(report, out), out[:2000]
    assert peak < MEMORY_LIMIT, f"{peak / 2**20:.0f} MiB"


def test_the_loader_reads_no_more_than_the_size_limit(project):
    root = hostile_project(project, "beta-test.yaml", sparse(50_000_000))
    tracemalloc.start()
    try:
        corpus = load_corpus(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.rule for p in corpus.problems] == ["file-size"]
    assert peak < 2 * MAX_FILE_BYTES, f"read {peak:,} bytes for a 50 MB file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_where_a_record_should_be_is_refused_without_waiting(project, kb):
    root = project(VALID)
    os.mkfifo(root / "evidence" / "gamma-test.yaml")  # reading it would wait for a writer forever
    code, out, err = kb("validate", root=root)
    assert_refused(code, out, err)
    assert "evidence/gamma-test.yaml:1:1: error [file-type] is not a regular file" in out


def test_control_characters_in_a_file_name_cannot_reach_the_terminal_or_ci(project, kb):
    root = project(VALID)
    (root / "evidence" / "notes\x1b[2J\n::error::forged.txt").write_text("x\n")
    code, out, err = kb("validate", root=root)
    assert_refused(code, out, err)
    assert "\x1b" not in out and "notes\\u001b[2J\\u000a::error::forged.txt:1:1: error [file-type]" in out
    code, out, _ = kb("validate", "--format", "github", root=root)
    assert code == 1 and all(line.startswith("::error file=") for line in out.splitlines())
    assert "::error::forged" not in out


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_record_is_reported_not_skipped(project, kb):
    root = project(VALID)
    (root / "evidence" / "beta-test.yaml").chmod(0)
    code, out, err = kb("validate", root=root)
    assert_refused(code, out, err)
    assert "evidence/beta-test.yaml:1:1: error [file-read] cannot be read: Permission denied" in out
