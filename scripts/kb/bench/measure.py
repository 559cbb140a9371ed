"""Run one command in a fresh process and measure it: time and peak memory.

The time is the process's wall time (start-up, imports and work, as an editor meets it), or,
for a command that times its own work (`reported`), the seconds it writes to the file named by
its last argument: the work after its imports. Peak memory is the child's maximum resident set
size, from wait4(2).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Timing:
    seconds: float  # median over the runs
    peak_bytes: int  # median peak resident memory of the process
    runs: int


class StepFailed(Exception):
    pass


REPORTED = "{seconds}"  # a command's last argument: where it writes the seconds of its work


def run_once(argv: list[str], cwd: Path | None = None) -> tuple[float, int]:
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as reported:
        argv = [reported.name if arg == REPORTED else arg for arg in argv]
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            text = errors.read().decode("utf-8", "replace")
            raise StepFailed(f"{' '.join(argv)} exited with {process.returncode}:\n{text[-2000:]}")
        if reported.name in argv:
            seconds = float(reported.read())
    return seconds, usage.ru_maxrss * 1024  # Linux reports kilobytes


def measure(argv: list[str], runs: int, cwd: Path | None = None) -> Timing:
    """Medians of `runs` fresh runs."""
    return measure_alternately([argv], runs, cwd)[0]


def measure_alternately(argvs: list[list[str]], runs: int, cwd: Path | None = None) -> list[Timing]:
    """Several commands run in turn, `runs` times: on a shared machine their ratio stays fair."""
    samples = [[] for _ in argvs]
    for _ in range(runs):
        for argv, found in zip(argvs, samples):
            found.append(run_once(argv, cwd))
    return [Timing(statistics.median(s for s, _ in found), int(statistics.median(m for _, m in found)), runs)
            for found in samples]
