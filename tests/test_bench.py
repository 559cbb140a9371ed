"""kb bench runs end to end at a tiny size, so the benchmark cannot rot. Its figures are
measurements for BENCHMARKS.md, not assertions: only the shape of its report is tested here."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

STEPS = ("parse floor (libyaml), after imports", "kb validate, after imports", "kb validate, whole command",
         "kb validate one file, whole command", "render (load, check, Markdown)", "kb build")
TABLES = (
    "| target | measured |  |",
    "| N | step | time (median) | per record | peak memory | vs parse floor | runs |",
    "| N | edit a summary: saved → page rebuilt | edit a claim: saved → page rebuilt "
    "| rename the record: saved → page rebuilt |",
    "| N | search index | index per record | record page weight (median) |",
)


def test_bench_reports_every_step_at_a_tiny_size_and_writes_benchmarks_md(tmp_path):
    benchmarks = tmp_path / "BENCHMARKS.md"
    benchmarks.write_text("# Benchmarks\n\nProse that stays.\n\n<!-- kb bench: begin -->\nold figures\n"
                          "<!-- kb bench: end -->\n", encoding="utf-8")
    kb = Path(sys.executable).with_name("kb")
    result = subprocess.run([str(kb), "--root", str(ROOT), "bench", "--sizes", "3", "--runs", "1",
                             "--write", str(benchmarks)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    for header in TABLES:
        assert header in report, header
    for step in STEPS:
        assert f"| 3 | {step} |" in report, step
    assert "x |" in report.split("| 3 | kb validate, after imports |")[1].splitlines()[0]  # the ratio to the floor
    assert "Browser search at N = 3" in report and "| query | typed → results painted, N = 3 (median of 3) |" in report
    assert "| clexane | " in report  # each query's own figure
    for target in ("parse floor at every N", "real corpus", "kb serve: one record edited", "search query"):
        assert target in report, target
    written = benchmarks.read_text(encoding="utf-8")
    assert "Prose that stays." in written and report in written and "old figures" not in written


def test_synthetic_corpora_beyond_the_real_records_still_validate(tmp_path):
    """A later generation copies every record: a claim shared between records (concerns) must
    point at its own generation's copies under an id of its own, or the copies would be refused."""
    from kb.bench.synthetic import make_corpus, real_records
    from kb.checks import check_corpus
    from kb.corpus import load_corpus
    n = 2 * len(real_records(ROOT)) + 1
    root = make_corpus(ROOT, tmp_path / "corpus", n)
    errors = [p for p in check_corpus(load_corpus(root)) if p.is_error]
    assert errors == []
    assert any("concerns" in claim for record in real_records(root) for claim in record["claims"])
