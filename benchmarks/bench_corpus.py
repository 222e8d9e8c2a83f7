"""Benchmark: load + validate a synthetic corpus of 10,000 studies / 150,000 findings.

Run:  .venv/bin/python benchmarks/bench_corpus.py [--studies N] [--repeat R]   (see README.md)

The synthetic corpus is built from the real one by ``tests/helpers/synthetic.py`` (the
one generator the tests use too), so that the parser, the model validation and the quote
search do the same work per finding as on real data; it is deterministic and reused while
its inputs are unchanged.

Each repeat runs ``studykit.validate_corpus`` in a fresh Python process, so
nothing is warm but the OS file cache; import time and validate time are
measured separately inside that process. The machine is shared, so each run
also measures how much CPU other work took meanwhile; disturbed runs are
shown but not counted, and redone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from helpers.synthetic import FINDINGS_PER_STUDY, generate  # noqa: E402 - the one synthetic-corpus generator

# Runs in the fresh child process: time the import, then validate_corpus, and check the result.
# CPU time covers the child and its worker processes (reaped when the pool shuts down).
CHILD = r"""
import json, resource, sys, time
def cpu():
    return sum(r.ru_utime + r.ru_stime for r in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
t0 = time.perf_counter()
from studykit import validate_corpus  # studykit imports lazily: this is what imports the library
t1, c1 = time.perf_counter(), cpu()
corpus, problems = validate_corpus(sys.argv[1])
t2, c2 = time.perf_counter(), cpu()
assert not problems, [str(p) for p in problems[:5]]
print(json.dumps({"import_s": t1 - t0, "validate_s": t2 - t1, "validate_cpu_s": c2 - c1,
                  "studies": len(corpus.studies), "findings": len(corpus.findings)}))
"""  # noqa: E501 - a text block (script, template or fixture) kept as written


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    values = list(map(int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]))
    total = sum(values[:8])  # guest time is already counted in user time
    return total - values[3] - values[4], total  # minus idle and iowait


def wait_until_idle(limit: float, timeout: float) -> float:
    """Wait (at most ``timeout`` s) until the machine is less than ``limit`` busy over a second; return that
    share."""
    deadline = time.monotonic() + timeout
    while True:
        (b0, t0), _, (b1, t1) = _cpu_ticks(), time.sleep(1), _cpu_ticks()
        share = (b1 - b0) / max(t1 - t0, 1)
        if share < limit or time.monotonic() > deadline:
            return share


def run_once(data_dir: Path) -> dict:
    """One cold run in a fresh interpreter: its timings and counts, and how busy other work kept the
    machine."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    ticks0, own0, wall0 = _cpu_ticks(), _own_cpu(), time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    ticks1, own1, wall1 = _cpu_ticks(), _own_cpu(), time.perf_counter()
    if out.returncode != 0:
        sys.exit(f"benchmark run failed:\n{out.stderr}")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    busy_s = (ticks1[0] - ticks0[0]) / os.sysconf("SC_CLK_TCK")
    res["other_share"] = max(0.0, busy_s - (own1 - own0)) / ((wall1 - wall0) * os.cpu_count())
    return res


def _own_cpu() -> float:
    """CPU seconds of this process's finished children (the benchmark runs and their workers)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=300,
        metavar="S",
        help="before each run, wait up to S seconds for other work to stop (default 300)",
    )
    parser.add_argument(
        "--max-other",
        type=float,
        default=0.05,
        metavar="SHARE",
        help="a run during which other work used more than SHARE of the CPUs is shown, "
        "left out of the statistics and redone (at most 3 x --repeat runs in all; default 0.05)",
    )
    args = parser.parse_args()

    data_dir = generate(args.studies)
    n_findings = args.studies * FINDINGS_PER_STUDY
    size = sum(p.stat().st_size for p in (data_dir / "studies").iterdir()) / 1e6
    print(
        f"corpus: {data_dir.relative_to(ROOT)} ({args.studies} studies, {n_findings} findings, {size:.0f} "
        "MB of YAML)"
    )
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")

    runs, attempts = [], 0
    while len(runs) < args.repeat and attempts < 3 * args.repeat:
        attempts += 1
        busy = wait_until_idle(args.max_other, args.idle_wait)
        res = run_once(data_dir)
        assert (res["studies"], res["findings"]) == (args.studies, n_findings), res
        kept = res["other_share"] <= args.max_other
        runs += [res] if kept else []
        print(
            f"  attempt {attempts}: import {res['import_s']:.2f} s, validate_corpus "
            f"{res['validate_s']:.2f} s, "
            f"CPU {res['validate_cpu_s']:.1f} s; other work: {busy:.0%} before, {res['other_share']:.0%} "
            "during" + ("" if kept else " -> disturbed, not counted")
        )
    if not runs:
        sys.exit("every run was disturbed by other work on the machine; try again later or raise --max-other")

    imp = [r["import_s"] for r in runs]
    val = [r["validate_s"] for r in runs]
    med = statistics.median(val)
    print(
        f"SUMMARY studies={args.studies} findings={n_findings} runs={len(runs)} (of {attempts}) "
        f"import median={statistics.median(imp):.2f}s (min {min(imp):.2f} max {max(imp):.2f}) "
        f"validate_corpus median={med:.2f}s (min {min(val):.2f} max {max(val):.2f}) "
        f"findings_per_s={n_findings / med:,.0f}"
    )


if __name__ == "__main__":
    main()
