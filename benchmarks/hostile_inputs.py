"""Print how fast, and in how much memory, kb validate refuses hostile input.

    .venv/bin/python benchmarks/hostile_inputs.py

Each case is a copy of tests/fixtures/valid/two-records with one file replaced by a resource
bomb, checked by `kb validate` in a fresh process (so that memory is that case's alone). The
targets from the issue: refused within a second, memory bounded. tests/test_hostile_inputs.py
checks the same cases refuse with a located error; timings belong here, not in tests.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "valid" / "two-records" / "evidence"
PROJECT_PARTS = ("schema", "content", "overrides", "mkdocs.yml")
RUN = ("import resource, sys; from kb.cli import main; code = main(sys.argv[1:]); "
       "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)")


def beta_with(line: str) -> bytes:
    return (VALID / "beta-test.yaml").read_text(encoding="utf-8").replace("related: []\n", line + "\n").encode()


def sparse(size: int):
    def write(path: Path):
        with open(path, "wb") as file:
            file.write((VALID / "beta-test.yaml").read_bytes())
            file.truncate(size)
    return write


CASES = {
    "valid corpus (baseline)": ("beta-test.yaml", (VALID / "beta-test.yaml").read_bytes()),
    "record of 50 MB": ("beta-test.yaml", sparse(50_000_000)),
    "line of 1 MiB": ("beta-test.yaml", b"name: " + b"x" * 2**20 + b"\n"),
    "value of 900 kB": ("beta-test.yaml", beta_with("related: [" + "a" * 900_000 + "]")),
    "prose of 900 kB of '<b>'": ("beta-test.yaml", beta_with("related: []\nsummary_x: 1").replace(
        b"    A made-up blood test.", b"    " + b"<b>" * 300_000)),
    "flow nesting 10,000 deep": ("beta-test.yaml", beta_with("related: " + "[" * 10_000 + "]" * 10_000)),
    "block nesting 10,000 deep": ("beta-test.yaml", beta_with("related:\n  " + "- " * 10_000 + "x")),
    "alias bomb (billion laughs)": ("beta-test.yaml", ("l0: &l0 lol\n" + "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))).encode()),
    "20,001 values": ("beta-test.yaml", beta_with("related:\n" + "  - a\n" * 20_001)),
    "5,000 distinct mappings in a unique list": ("beta-test.yaml", beta_with(
        "related: [" + ", ".join(f"{{a: {i}}}" for i in range(5000)) + "]")),
    "bibliography of 300,000 '@a{'": ("references.bib", b"@a{" * 300_000),
    "bibliography of 900,000 nested braces": ("references.bib", b"@article{a,\n title = {" + b"{" * 900_000 + b"},\n}\n"),
    "bibliography of 150,000 repeated fields": ("references.bib", b"@article{a,\n" + b"x={},\n" * 150_000 + b"}\n"),
}


def run(name: str, file_name: str, content) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        for part in PROJECT_PARTS:
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
        shutil.copytree(VALID, root / "evidence")
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
