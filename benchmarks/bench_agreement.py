"""Time and peak memory of `studykit agreement` (both levels) and `studykit consensus` on a large
double-coded corpus.

Coder A is the synthetic corpus of ``generate(N)`` of tests/helpers/synthetic.py (N copies of the five real
studies, 15 findings each); coder B is the same deterministic perturbation the tests use
(``tests/helpers.build_second_coding``). Each command runs in a fresh process; the figures are wall time,
CPU time (user + system: the honest figure on a shared, busy machine) and the process's peak resident
memory. Results are written by hand into benchmarks/README.md.

    .venv/bin/python benchmarks/bench_agreement.py [--studies N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{done.returncode} {seconds:.2f} {usage.ru_utime + usage.ru_stime:.2f} {usage.ru_maxrss / 1024:.0f}")
if done.returncode:
    print(done.stderr[-2000:], file=sys.stderr)
"""


def second_coding(a: Path) -> Path:
    b = a.parent / f"{a.name}-coder-b"
    stamp = b / ".source-mtime"
    mtime = str(max(p.stat().st_mtime for p in (a / "studies").glob("*.yaml")))
    if stamp.exists() and stamp.read_text() == mtime:
        return b
    shutil.rmtree(b, ignore_errors=True)
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers import build_second_coding

    build_second_coding(b, a)
    stamp.write_text(mtime)
    return b


def measure(*args: str) -> tuple[float, float, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "studykit", *args],
        capture_output=True,
        text=True,
    )
    code, seconds, cpu, peak = done.stdout.split()
    if code != "0":
        raise SystemExit(f"studykit {' '.join(args)} failed: {done.stderr}")
    return float(seconds), float(cpu), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=500)
    n = parser.parse_args().studies
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers.synthetic import generate

    started = time.perf_counter()
    a = generate(n)
    b = second_coding(a)
    print(f"corpus of {n} studies and its second coding ready in {time.perf_counter() - started:.1f} s")
    rows = {}
    for name, args in {
        "agreement --level presence": ["agreement", a, b, "--format", "json"],
        "agreement --level segment": ["agreement", a, b, "--level", "segment", "--format", "json"],
    }.items():
        rows[name] = measure(*map(str, args))
    out = a.parent / f"{a.name}-merged"
    shutil.rmtree(out, ignore_errors=True)
    rows["consensus"] = measure("consensus", str(a), str(b), "--out", str(out))
    shutil.rmtree(out, ignore_errors=True)
    for name, (seconds, cpu, peak) in rows.items():
        print(f"{name:<28} {seconds:7.2f} s wall  {cpu:7.2f} s CPU  peak {peak:6.0f} MB")
    summary = {k: {"seconds": s, "cpu_seconds": c, "peak_mb": p} for k, (s, c, p) in rows.items()}
    print("SUMMARY " + json.dumps({"studies": n, **summary}))


if __name__ == "__main__":
    main()
