"""Print how fast, and in how much memory, kb validate refuses hostile input.

    .venv/bin/python benchmarks/hostile_inputs.py

Each case is a copy of tests/fixtures/valid/two-records with one file replaced by a resource
bomb, checked by `kb validate` in a fresh process (so that memory is that case's alone). The
targets from the issue: refused within a second, memory bounded. tests/test_hostile_inputs.py
checks the same cases refuse with a located error; timings belong here, not in tests.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
# The cases are the test suite's own: one table of bombs, specified there, timed here.
from conftest import make_project  # noqa: E402
from test_hostile_inputs import BOMBS, VALID, record_with  # noqa: E402

RUN = ("import resource, sys; from kb.cli import main; code = main(sys.argv[1:]); "
       "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)")

CASES = {
    "valid-corpus-baseline": ("beta-test.yaml", (VALID / "beta-test.yaml").read_bytes()),
    **{name: (file_name, content) for name, (file_name, content, _report) in BOMBS.items()},
    "prose-of-900-kb-of-markup": ("beta-test.yaml", record_with("related: []").replace(
        b"    A made-up blood test.", b"    " + b"<b>" * 300_000)),
}


def run(name: str, file_name: str, content) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "project", VALID)
        target = root / "evidence" / file_name
        target.unlink()
        content(target) if callable(content) else target.write_bytes(content)
        size = target.stat().st_size
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", RUN, "--root", str(root), "validate"],
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
        first = (done.stdout.splitlines() or ["(no problem)"])[0][:90]
        print(f"{name:<42} {size:>12,} B  exit {done.returncode}  {seconds:5.2f} s  {peak_mb:6.0f} MB  {first}")


def main() -> None:
    print("kb validate on hostile input (wall time includes starting Python, ~0.3 s; memory is peak RSS)")
    for name, (file_name, content) in CASES.items():
        run(name, file_name, content)


if __name__ == "__main__":
    main()
