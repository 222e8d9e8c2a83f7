"""Benchmark: the whole test suite (`make test`'s `python -m pytest`), in one process and on every core, with
a per-part breakdown.

Run:  .venv/bin/python benchmarks/bench_suite.py [--workers 0,auto] [--wait-idle S]

For each value of ``--workers`` (pytest-xdist's ``-n``; 0 = everything in one process, as before
issue 12, item 4; auto = one worker per core, the default in pyproject.toml), in this order, the
whole suite runs once with ``--durations=0``. Recorded per run: wall time, CPU seconds of the
suite's process tree and CPU seconds other processes used meanwhile (``bench_render.Phase``: the
machine is shared), the load average before, the summary line, and the per-part breakdown: the
durations pytest reports (setup + call + teardown) summed by test module, nbval notebooks as one
part. Under xdist the parts overlap in time, so they add up to more than the wall time.

Results: printed as a table and written to benchmarks/_work/bench_suite.json.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict

from bench_render import ROOT, WORK, Phase, git_head, wait_idle

DURATION = re.compile(r"^(\d+\.\d+)s (setup|call|teardown)\s+(\S+?)::")


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


def run_suite(workers: str) -> dict:
    with Phase() as phase:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-n", workers, "--durations=0", "--durations-min=0"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    summary = (proc.stdout.strip().splitlines() or ["?"])[-1]
    print(
        f"  -n {workers}: {phase.wall:.1f} s wall, {phase.cpu:.0f} CPU-s own, {phase.foreign_cpu:.0f} "
        "CPU-s other, "
        f"load before {phase.load_before[0]:.2f} ({summary})",
        flush=True,
    )
    return {
        **phase.as_dict(),
        "workers": workers,
        "summary": summary,
        "returncode": proc.returncode,
        "parts_s": parts(proc.stdout),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--workers", default="0,auto", help="comma-separated values of pytest-xdist's -n, run in this order"
    )
    ap.add_argument(
        "--wait-idle", type=float, default=0, help="wait up to S seconds for an idle machine before each run"
    )
    args = ap.parse_args()
    runs = []
    for workers in args.workers.split(","):
        if args.wait_idle:
            wait_idle(args.wait_idle)
        runs.append(run_suite(workers))
    WORK.mkdir(exist_ok=True)
    (WORK / "bench_suite.json").write_text(
        json.dumps({"commit": git_head(), "runs": runs}, indent=1) + "\n", encoding="utf-8"
    )
    print("\n| part | " + " | ".join(f"-n {r['workers']} s" for r in runs) + " |")
    print("|---|" + "---|" * len(runs))
    for name in runs[0]["parts_s"]:
        print(f"| {name} | " + " | ".join(f"{r['parts_s'].get(name, 0):.1f}" for r in runs) + " |")
    print("| **whole suite, wall** | " + " | ".join(f"**{r['wall_s']:.1f}**" for r in runs) + " |")


if __name__ == "__main__":
    main()
