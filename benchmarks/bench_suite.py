"""Benchmark: the whole test suite (`make test`'s `python -m pytest`), in one process and on every core, with
a per-part breakdown.

Run:  .venv/bin/python benchmarks/bench_suite.py [--workers 0,auto] [--wait-idle S] [PYTEST ARGS ...]

For each value of ``--workers`` (pytest-xdist's ``-n``; 0 = everything in one process; auto = one worker
per core, the default in pyproject.toml), in this order, the suite runs once with ``--durations=0``
(further arguments go to pytest: ``tests/unit`` measures `make check`'s tier). Recorded per run: wall
time, CPU seconds of the suite's whole process tree, CPU seconds other processes used meanwhile
(``bench_render.Phase``: the machine is shared), the load average before, the summary line, and the
per-part breakdown: the durations pytest reports (setup + call + teardown) summed by test module, nbval
notebooks as one part. Under xdist the parts overlap in time, so they add up to more than the wall time.

The suite's CPU is counted whole: this process becomes a child subreaper (``PR_SET_CHILD_SUBREAPER``), so
every process the suite starts and leaves behind (pool workers, fork servers, kernels, Chromium) is reaped
here and its CPU time counted in ``RUSAGE_CHILDREN``; before issue 18 orphaned processes were not counted.

Results: printed as a table and written to benchmarks/_work/bench_suite.json.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

from bench_render import ROOT, WORK, Phase, git_head, wait_idle

DURATION = re.compile(r"^(\d+\.\d+)s (setup|call|teardown)\s+(\S+?)::")
PR_SET_CHILD_SUBREAPER = 36


def parts(output: str) -> dict[str, float]:
    """Seconds per part (test module, or all nbval notebooks) from pytest's --durations=0 lines."""
    seconds: dict[str, float] = defaultdict(float)
    for line in output.splitlines():
        match = DURATION.match(line)
        if match:
            module = match.group(3)
            seconds["notebooks/*.ipynb (nbval)" if module.startswith("notebooks/") else module] += float(
                match.group(1)
            )
    return dict(sorted(seconds.items(), key=lambda item: -item[1]))


def become_subreaper() -> None:
    """Orphaned descendants of the suite are re-parented to this process (Linux), so their CPU is counted."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def run_and_reap(command: list[str]) -> tuple[int, str]:
    """Run ``command`` (output to a file, not a pipe), reap every process of its tree; exit code, output."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        returncode = None
        while True:
            try:
                pid, status = os.wait()
            except ChildProcessError:  # nothing of the tree is left
                break
            if pid == proc.pid:
                returncode = os.waitstatus_to_exitcode(status)
        proc.returncode = returncode
        out.seek(0)
        return returncode, out.read()


def run_suite(workers: str, pytest_args: list[str]) -> dict:
    command = [sys.executable, "-m", "pytest", "-q", "-n", workers, "--durations=0", "--durations-min=0"]
    with Phase() as phase:
        returncode, output = run_and_reap([*command, *pytest_args])
    summary = (output.strip().splitlines() or ["?"])[-1]
    print(
        f"  -n {workers}: {phase.wall:.1f} s wall, {phase.cpu:.0f} CPU-s own, {phase.foreign_cpu:.0f} "
        "CPU-s other, "
        f"load before {phase.load_before[0]:.2f} ({summary})",
        flush=True,
    )
    return {
        **phase.as_dict(),
        "workers": workers,
        "pytest_args": pytest_args,
        "summary": summary,
        "returncode": returncode,
        "parts_s": parts(output),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--workers", default="0,auto", help="comma-separated values of pytest-xdist's -n, run in this order"
    )
    ap.add_argument(
        "--wait-idle", type=float, default=0, help="wait up to S seconds for an idle machine before each run"
    )
    args, pytest_args = ap.parse_known_args()
    become_subreaper()
    runs = []
    for workers in args.workers.split(","):
        if args.wait_idle:
            wait_idle(args.wait_idle)
        runs.append(run_suite(workers, pytest_args))
    WORK.mkdir(exist_ok=True)
    (WORK / "bench_suite.json").write_text(
        json.dumps({"commit": git_head(), "runs": runs}, indent=1) + "\n", encoding="utf-8"
    )
    print("\n| part | " + " | ".join(f"-n {r['workers']} s" for r in runs) + " |")
    print("|---|" + "---|" * len(runs))
    for name in runs[0]["parts_s"]:
        print(f"| {name} | " + " | ".join(f"{r['parts_s'].get(name, 0):.1f}" for r in runs) + " |")
    print("| **whole suite, wall** | " + " | ".join(f"**{r['wall_s']:.1f}**" for r in runs) + " |")
    print("| **whole suite, CPU-s** | " + " | ".join(f"**{r['cpu_s']:.0f}**" for r in runs) + " |")


if __name__ == "__main__":
    main()
