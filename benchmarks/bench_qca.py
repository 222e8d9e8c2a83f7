"""Benchmark of QCA minimisation (``studykit.analysis.qca``) on seeded random crisp data.

For 10, 12, 14 and 16 conditions and 300 cases, the conservative and the parsimonious
solutions are computed and timed. Two outcomes are generated for the same random conditions:

* ``planted``: Y = C1*C2*~C3 + C4*C5 + ~C6*C7*C8, then a share of the cases (``--noise``,
  default 0) has Y flipped. This is the kind of table QCA is used on: a few configurations
  explain the outcome. The parsimonious solution must recover the planted terms.
* ``coin``: Y is a fair coin, independent of the conditions (``--coin``). The prime implicant
  chart then has no structure and an astronomical number of tied minimal models; it shows
  the caps at work (an exception naming the cap, never a partial answer).

Each measurement runs in a fresh Python process: wall time of ``minimize()`` on the truth
table (the truth table itself is built before the clock starts), then, in a second run under
``tracemalloc``, the peak of traced memory (numpy buffers included). Writes a markdown table
(``--out``, default ``benchmarks/_work/qca.md``) and prints it.

With ``--with-r`` the same tables are also minimised by R (``Rscript`` with the ``QCA``
package, which must already be installed), each with a time limit (``--r-timeout``).

    .venv/bin/python benchmarks/bench_qca.py [--conditions 10,12,14,16] [--cases 300]
        [--seed 2024] [--noise 0] [--coin] [--max-seconds 120] [--with-r] [--r-timeout 300]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

WORKER = r"""
import json, sys, time, tracemalloc
import numpy as np, pandas as pd
from studykit.analysis import qca
args = json.loads(sys.argv[1])
df = pd.read_csv(args["csv"], index_col=0)
tt = qca.truth_table(df, "Y")
out = {"pos": len(tt.rows_with("1")), "neg": len(tt.rows_with("0", "C"))}
def run():
    return qca.minimize(tt, solution=args["solution"], max_seconds=args["max_seconds"])
if args["memory"]:
    tracemalloc.start()
    try:
        run()
    except qca.QCALimitError:
        pass
    out["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
else:
    t = time.perf_counter()
    try:
        res = run()
        out["seconds"] = time.perf_counter() - t
        out["pis"] = len(res.prime_implicants)
        out["models"] = len(res.models)
        out["terms"] = len(res.models[0].terms)
        out["first"] = res.models[0].expression
    except qca.QCALimitError as exc:
        out["seconds"] = time.perf_counter() - t
        out["limit"] = str(exc)
print(json.dumps(out))
"""

R_WORKER = r"""
suppressMessages(library(QCA))
a <- commandArgs(trailingOnly = TRUE)
df <- read.csv(a[1], row.names = 1)
tt <- truthTable(df, outcome = "Y")
t0 <- proc.time()[["elapsed"]]
m <- if (a[2] == "parsimonious") minimize(tt, include = "?") else minimize(tt)
cat(proc.time()[["elapsed"]] - t0, nrow(m$PIchart), length(m$solution), "\n")
"""


def make_data(C: int, n: int, seed: int, noise: float, coin: bool):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed + C)
    X = rng.integers(0, 2, size=(n, C))
    if coin:
        y = rng.integers(0, 2, size=n)
    else:
        y = (X[:, 0] & X[:, 1] & (1 - X[:, 2])) | (X[:, 3] & X[:, 4]) | ((1 - X[:, 5]) & X[:, 6] & X[:, 7])
        flip = rng.random(n) < noise
        y = np.where(flip, 1 - y, y)
    df = pd.DataFrame(X, columns=[f"C{i + 1}" for i in range(C)])
    df["Y"] = y
    df.index = [f"case{i + 1}" for i in range(n)]
    return df


def worker(csv: str, solution: str, max_seconds: float, memory: bool) -> dict:
    args = json.dumps({"csv": csv, "solution": solution, "max_seconds": max_seconds, "memory": memory})
    p = subprocess.run([sys.executable, "-c", WORKER, args], capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        raise RuntimeError(p.stderr)
    return json.loads(p.stdout.strip().splitlines()[-1])


def r_worker(csv: str, solution: str, timeout: float) -> str:
    try:
        p = subprocess.run(
            ["Rscript", "-e", R_WORKER, csv, solution], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"not finished in {timeout:g} s"
    except FileNotFoundError:
        return "Rscript not found"
    if p.returncode != 0:
        return "error: " + p.stderr.strip().splitlines()[-1][:80]
    secs, pis, models = p.stdout.split()[:3]
    return f"{float(secs):.2f} s ({pis} PIs, {models} models)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conditions", default="10,12,14,16")
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--coin", action="store_true", help="coin-flip outcome instead of the planted rule")
    ap.add_argument("--max-seconds", type=float, default=120.0)
    ap.add_argument("--with-r", action="store_true")
    ap.add_argument("--r-timeout", type=float, default=300.0)
    ap.add_argument("--out", default=str(HERE / "_work" / "qca.md"))
    a = ap.parse_args(argv)
    conds = [int(c) for c in a.conditions.split(",")]
    outcome = "coin" if a.coin else f"planted (noise {a.noise:g})"
    lines = [
        f"QCA minimisation, {a.cases} cases, outcome: {outcome}, seed {a.seed}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "",
        "| conditions | solution | +rows | -rows | time (s) | peak traced memory (MiB) | PIs | models | "
        "terms | first model" + (" | R QCA |" if a.with_r else " |"),
        "|---|---|---|---|---|---|---|---|---|---|" + ("---|" if a.with_r else ""),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for C in conds:
            csv = os.path.join(tmp, f"random_{C}.csv")
            make_data(C, a.cases, a.seed, a.noise, a.coin).to_csv(csv)
            for solution in ("conservative", "parsimonious"):
                t = worker(csv, solution, a.max_seconds, memory=False)
                m = worker(csv, solution, a.max_seconds, memory=True)
                if "limit" in t:
                    cells = [
                        f"{t['seconds']:.2f}",
                        f"{m['peak_mb']:.1f}",
                        "",
                        "",
                        "",
                        "cap: " + t["limit"][:70],
                    ]
                else:
                    first = t["first"] if len(t["first"]) <= 40 else t["first"][:37] + "..."
                    cells = [
                        f"{t['seconds']:.3f}",
                        f"{m['peak_mb']:.1f}",
                        str(t["pis"]),
                        str(t["models"]),
                        str(t["terms"]),
                        f"`{first}`",
                    ]
                row = f"| {C} | {solution} | {t['pos']} | {t['neg']} | " + " | ".join(cells) + " |"
                if a.with_r:
                    row += f" {r_worker(csv, solution, a.r_timeout)} |"
                print(row, flush=True)
                lines.append(row)
    text = "\n".join(lines) + "\n"
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(text)
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
