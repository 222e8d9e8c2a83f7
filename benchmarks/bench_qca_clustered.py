"""Benchmark of ``studykit qca`` on clustered cases with hundreds of tied parsimonious models.

Issue 19, item 11: "14 conditions x 300 clustered cases, parsimonious (688 tied models): 206 s
and 16 GB peak memory here, where R QCA 3.23 takes 167 s". The issue's data file is not in the
repository, so ``studykit.analysis.qca.synthetic.clustered_cases`` (shared with the tests) builds a case of
the same kind, seeded and deterministic:
``clusters`` prototype configurations drawn at random, each case a copy of one prototype with
every condition flipped with probability ``flip``, and the outcome that of its prototype's
cluster (half the clusters positive). Few observed configurations, far apart, leave most of the
2^14 rows as remainders and many prime implicants that cover the same positive rows equally
well: hundreds of tied minimal models (the defaults give 610).

Each run is the real command line, ``studykit qca CSV --outcome Y --solution parsimonious
--format json`` with its JSON written to a file, under ``/usr/bin/time -v`` (wall time, maximum
resident set) and ``prlimit --as`` (an address-space cap, so that an old revision cannot take
the shared machine's memory). ``--code DIR`` runs the ``src/`` tree of another checkout (e.g.
``git archive <rev> src | tar -x -C DIR``) for a before/after comparison.

    .venv/bin/python benchmarks/bench_qca_clustered.py [--conditions 14] [--cases 300]
        [--clusters 8] [--flip 0.08] [--seed 2] [--cap-gb 4] [--code DIR] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from studykit.analysis.qca.synthetic import clustered_cases

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"


def run_cli(csv: Path, out: Path, code: Path, cap_bytes: int) -> dict:
    """One ``studykit qca`` run: wall and CPU seconds, peak resident MB, exit code, stderr's last line,
    output size."""
    env = dict(os.environ, PYTHONPATH=str(code / "src"))
    cmd = [
        "prlimit",
        f"--as={cap_bytes}",
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "studykit",
        "qca",
        str(csv),
        "--outcome",
        "Y",
        "--solution",
        "parsimonious",
        "--format",
        "json",
    ]
    with out.open("wb") as fh:
        p = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    err = p.stderr
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    hours = int(wall.group(1) or 0) if wall else 0
    seconds = hours * 3600 + int(wall.group(2)) * 60 + float(wall.group(3)) if wall else float("nan")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    own = [ln for ln in err.splitlines() if not ln.startswith("\t") and "Command exited" not in ln]
    result = {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "peak_mb": round(int(rss.group(1)) / 1024, 1) if rss else None,
        "exit": p.returncode,
        "stderr": own[-1][:200] if own else "",
        "traceback": "Traceback" in err,
        "json_mb": round(out.stat().st_size / 1e6, 2),
    }
    if p.returncode == 0:
        sol = json.loads(out.read_text())["solution"]
        result.update(models=len(sol["models"]), prime_implicants=len(sol["prime_implicants"]))
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conditions", type=int, default=14)
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--clusters", type=int, default=8)
    ap.add_argument("--flip", type=float, default=0.08)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--cap-gb", type=float, default=4.0, help="address-space cap of the run (GB)")
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose src/ is run (default: this one)")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    name = f"qca-clustered-{a.conditions}x{a.cases}-k{a.clusters}-f{a.flip:g}-s{a.seed}"
    csv = WORK / f"{name}.csv"
    clustered_cases(a.conditions, a.cases, a.clusters, a.flip, a.seed).to_csv(csv)
    for i in range(a.repeat):
        res = run_cli(csv, WORK / f"{name}.json", a.code.resolve(), int(a.cap_gb * 1e9))
        print(json.dumps({"case": name, "code": str(a.code), "run": i + 1, **res}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
