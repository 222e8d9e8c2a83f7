"""Benchmark: the full report set rendered by `studykit render` vs the naive CLI chain vs the floor.

Run:  .venv/bin/python benchmarks/bench_render.py [--naive-sample K] [--cold-runs N] [--skip-naive]

Everything is written under benchmarks/_work/ (git-ignored). Phases, in this order:

1. **studykit cold** -- ``studykit render --force --out benchmarks/_work/reports-studykit`` as one
   subprocess, after deleting that folder (no previous reports, no render state). Wall time of the
   whole command (interpreter start, planning, pool start, every kernel, HTML, index).
   If the 1-minute load average was >= 1.0 before the run, or other processes used >= 0.25 of a
   core on average during it (the machine is shared), the cold run is repeated once
   automatically and both figures are kept. ``--wait-idle S`` waits (up to S s) for an idle
   machine before each phase.
2. **no-op** -- right after each cold run, the same command without ``--force``; must print
   "rendered 0" (the project's inputs must not change in between: the fingerprint covers data/,
   src/studykit/ and the notebooks).
3. **floor** -- for every job, sequentially, one at a time: a fresh kernel (the same ``studykit``
   kernelspec, IPC transport and environment as the renderer) is started with nbclient and
   timed until it answers ``kernel_info`` (ready); then every cell of the papermill-parameterized
   notebook (the injected-parameters cell included) is run with ``NotebookClient.execute_cell``
   and timed. floor = sum over jobs of (kernel start + sum of cell wall times) / os.cpu_count().
   Kernel shutdown, HTML export, interpreter/library imports in the runner and file writes are
   *not* in the floor. The kernel-side cell time (iopub ``execute_input`` -> shell
   ``execute_reply`` timestamps, ``record_timing=True``) is reported too, as a stricter variant.
4. **naive chain** -- for every job, sequentially:
   ``.venv/bin/papermill NB OUT.ipynb -k python3 -y '<params as YAML>'`` then
   ``.venv/bin/jupyter nbconvert --to html --no-input OUT.ipynb``. Total wall time; with
   ``--naive-sample K`` only every K-th job is run and the total is extrapolated
   (mean per job x number of jobs), which the output says.

For each phase the script also records the CPU seconds used by its own process tree
(``RUSAGE_SELF + RUSAGE_CHILDREN``) and the CPU seconds the whole machine was busy
(``/proc/stat``); the difference is CPU used by *other* processes during the phase -- the
contamination indicator on this shared machine.

Results: printed as a table and written to benchmarks/_work/bench_render.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(__file__).resolve().parent / "_work"
BIN = Path(sys.executable).parent
STUDYKIT = [str(BIN / "studykit")]
OUT_STUDYKIT = WORK / "reports-studykit"
OUT_NAIVE = WORK / "reports-naive"
FLOOR_DIR = WORK / "floor"
RESULTS = WORK / "bench_render.json"
BUSY_LOAD = 1.0  # 1-min load average at or above which the cold run is repeated


# --- measurement helpers -------------------------------------------------------------


def own_cpu() -> float:
    """CPU seconds of this process and every child it has reaped (kernels, subprocesses, their pools)."""
    return sum(r.ru_utime + r.ru_stime for r in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def machine_cpu() -> float:
    """CPU seconds the whole machine spent busy (all cores; idle and iowait excluded)."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class Phase:
    """Wall time, own CPU, and CPU used by other processes over a block."""

    def __enter__(self):
        self.inputs_before = inputs_state()
        self.load_before = os.getloadavg()
        self.c0, self.m0, self.t0 = own_cpu(), machine_cpu(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = own_cpu() - self.c0
        self.foreign_cpu = max(0.0, machine_cpu() - self.m0 - self.cpu)
        self.inputs_after = inputs_state()
        if self.inputs_after != self.inputs_before:
            print(f"  WARNING: the project's inputs changed during this phase ({self.inputs_before} -> {self.inputs_after})", flush=True)
        return False

    def as_dict(self) -> dict:
        return {"wall_s": round(self.wall, 3), "cpu_s": round(self.cpu, 2), "foreign_cpu_s": round(self.foreign_cpu, 2),
                "load_before": [round(x, 2) for x in self.load_before], "inputs": [self.inputs_before, self.inputs_after]}


def inputs_state() -> str:
    """Hash of everything a report depends on in this repo (src/studykit, data, notebooks, manifest).

    The repository is shared and changes while the benchmark runs; phases measured on different
    inputs are not comparable, so the state is recorded before and after every phase."""
    import hashlib

    digest = hashlib.sha256()
    for base in (ROOT / "src" / "studykit", ROOT / "data", ROOT / "notebooks", ROOT / "reports.yaml"):
        for path in sorted([base] if base.is_file() else (p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def git_head() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT, capture_output=True, text=True).stdout.strip()


def wait_idle(limit: float) -> None:
    """Wait (at most ``limit`` s) until the machine has been near idle (< 0.25 busy cores) for 5 s."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        m0 = machine_cpu()
        time.sleep(5)
        busy = (machine_cpu() - m0) / 5
        if busy < 0.25:
            return
        print(f"  (machine busy: {busy:.2f} cores over the last 5 s; waiting)", flush=True)
    print(f"  (still busy after {limit:.0f} s; measuring anyway)", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout}\n{proc.stderr}")
    return proc


def list_jobs() -> list[dict]:
    return json.loads(run([*STUDYKIT, "render", "--list", "--format", "json", "--out", str(OUT_STUDYKIT)], cwd=ROOT).stdout)


# --- phases --------------------------------------------------------------------------


def studykit_cold() -> dict:
    shutil.rmtree(OUT_STUDYKIT, ignore_errors=True)
    with Phase() as phase:
        proc = run([*STUDYKIT, "render", "--force", "--out", str(OUT_STUDYKIT)], cwd=ROOT)
    summary = proc.stdout.strip().splitlines()[-1]
    print(f"  cold: {phase.wall:.2f} s  ({summary})", flush=True)
    return {**phase.as_dict(), "summary": summary}


def studykit_noop() -> dict:
    with Phase() as phase:
        proc = run([*STUDYKIT, "render", "--out", str(OUT_STUDYKIT)], cwd=ROOT)
    summary = proc.stdout.strip().splitlines()[-1]
    if not summary.startswith("rendered 0,"):
        sys.exit(f"no-op render did render something: {summary}")
    print(f"  no-op: {phase.wall:.2f} s  ({summary})", flush=True)
    return {**phase.as_dict(), "summary": summary}


def floor(jobs: list[dict]) -> dict:
    """Kernel start (until ready) + every cell, one fresh kernel per job, sequentially, nothing else running."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from traitlets import Unicode

    from studykit.render.engine import KERNEL, KERNEL_ENV, ensure_kernel

    class IPCKernelManager(AsyncKernelManager):  # as the renderer's workers do
        transport = Unicode("ipc")

    def stamp(value: str) -> float:
        from datetime import datetime

        return datetime.fromisoformat(value).timestamp()

    ensure_kernel()
    os.environ.update(KERNEL_ENV)  # the renderer's kernels get the same environment
    FLOOR_DIR.mkdir(parents=True, exist_ok=True)
    per_job = []
    with Phase() as phase:
        for job in jobs:
            nb = load_notebook_node(str(ROOT / job["notebook"]))  # as papermill reads it
            nb = parameterize_notebook(nb, job["parameters"], kernel_name=KERNEL, language="python")
            workdir = Path(tempfile.mkdtemp(dir=FLOOR_DIR))
            client = NotebookClient(nb, kernel_name=KERNEL, kernel_manager_class=IPCKernelManager, record_timing=True,
                                    resources={"metadata": {"path": str(workdir)}}, allow_errors=False)
            here = os.getcwd()
            os.chdir(workdir)  # IPC socket paths are relative: client and kernel must share the cwd (papermill does the same)
            try:
                t0 = time.perf_counter()
                with client.setup_kernel():
                    start = time.perf_counter() - t0
                    cells = []
                    for index, cell in enumerate(nb.cells):
                        if cell.cell_type != "code":
                            continue
                        t1 = time.perf_counter()
                        client.execute_cell(cell, index)
                        cells.append(time.perf_counter() - t1)
            finally:
                os.chdir(here)
            timing = [c.metadata.get("execution", {}) for c in nb.cells if c.cell_type == "code"]
            kernel_side = sum(stamp(t["shell.execute_reply"]) - stamp(t["iopub.execute_input"]) for t in timing)
            per_job.append({"output": job["output"], "kernel_start_s": round(start, 3), "cells_s": round(sum(cells), 3),
                            "cells_kernel_side_s": round(kernel_side, 3), "n_cells": len(cells)})
            print(f"  floor {job['output']}: start {start:.2f} + cells {sum(cells):.2f} s", flush=True)
            shutil.rmtree(workdir, ignore_errors=True)
    cores = os.cpu_count() or 1
    total = sum(j["kernel_start_s"] + j["cells_s"] for j in per_job)
    strict = sum(j["kernel_start_s"] + j["cells_kernel_side_s"] for j in per_job)
    return {**phase.as_dict(), "cores": cores, "sum_s": round(total, 2), "floor_s": round(total / cores, 2),
            "sum_kernel_side_s": round(strict, 2), "floor_kernel_side_s": round(strict / cores, 2),
            "kernel_start_sum_s": round(sum(j["kernel_start_s"] for j in per_job), 2),
            "cells_sum_s": round(sum(j["cells_s"] for j in per_job), 2), "jobs": per_job}


def naive(jobs: list[dict], sample: int) -> dict:
    import yaml

    shutil.rmtree(OUT_NAIVE, ignore_errors=True)
    OUT_NAIVE.mkdir(parents=True)
    chosen = jobs[::sample]
    per_job = []
    with Phase() as phase:
        for job in chosen:
            out = OUT_NAIVE / (Path(job["output"]).relative_to(OUT_STUDYKIT.relative_to(ROOT)).with_suffix(".ipynb"))
            out.parent.mkdir(parents=True, exist_ok=True)
            params = yaml.safe_dump(job["parameters"], default_flow_style=True, allow_unicode=True).strip()
            t0 = time.perf_counter()
            run([str(BIN / "papermill"), str(ROOT / job["notebook"]), str(out), "-k", "python3", "-y", params], cwd=OUT_NAIVE)
            t1 = time.perf_counter()
            run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)], cwd=OUT_NAIVE)
            t2 = time.perf_counter()
            if not out.with_suffix(".html").exists():
                sys.exit(f"nbconvert wrote no {out.with_suffix('.html')}")
            per_job.append({"output": job["output"], "papermill_s": round(t1 - t0, 3), "nbconvert_s": round(t2 - t1, 3)})
            print(f"  naive {job['output']}: papermill {t1 - t0:.2f} + nbconvert {t2 - t1:.2f} s", flush=True)
    measured = phase.wall
    total = measured if sample == 1 else measured / len(chosen) * len(jobs)
    return {**phase.as_dict(), "sample_every": sample, "jobs_run": len(chosen), "extrapolated": sample != 1,
            "total_s": round(total, 2), "papermill_mean_s": round(sum(j["papermill_s"] for j in per_job) / len(per_job), 3),
            "nbconvert_mean_s": round(sum(j["nbconvert_s"] for j in per_job) / len(per_job), 3), "jobs": per_job}


# --- main ----------------------------------------------------------------------------


def machine() -> dict:
    uptime = subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip()
    top = subprocess.run(["ps", "-eo", "pcpu,etime,comm", "--sort=-pcpu"], check=False, capture_output=True, text=True).stdout.splitlines()[1:6]
    return {
        "nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "uptime": uptime, "top_processes": [line.strip() for line in top],
        "versions": {n: metadata.version(n) for n in ("studykit", "papermill", "nbconvert", "nbclient", "ipykernel", "jupyter_client", "pandas", "matplotlib")},
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--naive-sample", type=int, default=1, metavar="K", help="time only every K-th job of the naive chain and extrapolate (default 1: all)")
    ap.add_argument("--cold-runs", type=int, default=1, metavar="N", help="cold studykit runs (default 1; one more is added automatically if the load was high)")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="S", help="before each phase, wait up to S seconds for the machine to be idle (default 0: don't wait)")
    ap.add_argument("--skip-naive", action="store_true", help="do not run the naive chain (reuse its figure from the last results file, if any)")
    ap.add_argument("--skip-floor", action="store_true", help="do not measure the floor (reuse it from the last results file, if any)")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}

    info = machine()
    print(f"machine: {info['nproc']} cores, Python {info['python']}; {info['uptime']}")
    print("busiest processes (%cpu, elapsed, command):", *info["top_processes"], sep="\n  ")
    jobs = list_jobs()
    print(f"{len(jobs)} jobs from `studykit render --list --format json`")

    results: dict = {"when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": info, "git_head": git_head(), "jobs": len(jobs), "cold": []}
    print(f"git HEAD {results['git_head']}, inputs {inputs_state()}")
    print("studykit cold, then no-op:")

    def idle() -> None:
        if args.wait_idle:
            wait_idle(args.wait_idle)

    results["noop"] = []

    def cold_then_noop():
        idle()
        results["cold"].append(studykit_cold())
        results["noop"].append(studykit_noop())  # at once: the inputs must not change in between

    for _ in range(args.cold_runs):
        cold_then_noop()
    first = results["cold"][0]
    if args.cold_runs == 1 and (first["load_before"][0] >= BUSY_LOAD or first["foreign_cpu_s"] / first["wall_s"] >= 0.25):
        print(f"  load average {first['load_before'][0]:.2f} before, other processes used {first['foreign_cpu_s']:.0f} CPU-s during the cold run: running it once more")
        cold_then_noop()
    if args.skip_floor and "floor" in previous:
        results["floor"] = {**previous["floor"], "reused_from": previous["when"]}
    else:
        print("floor:")
        idle()
        results["floor"] = floor(jobs)
    if args.skip_naive and "naive" in previous:
        results["naive"] = {**previous["naive"], "reused_from": previous["when"]}
    elif not args.skip_naive:
        print("naive chain:")
        idle()
        results["naive"] = naive(jobs, max(1, args.naive_sample))
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    states = {p.get("inputs", [None, None])[i] for p in [*results["cold"], *results["noop"], results["floor"], results.get("naive", results["floor"])] for i in (0, 1)}
    results["consistent_inputs"] = len(states) == 1
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print_table(results)


def print_table(r: dict) -> None:
    n, fl = r["jobs"], r["floor"]
    rows = []
    for i, cold in enumerate(r["cold"], 1):
        wall = cold["wall_s"]
        vs_naive = f"{r['naive']['total_s'] / wall:.1f}x" if "naive" in r else "-"
        rows.append((f"studykit render --force (cold, run {i})", f"{wall:.1f}", f"{wall / n:.2f}", vs_naive, f"{wall / fl['floor_s']:.2f}",
                     f"{cold['load_before'][0]:.2f}", f"{cold['cpu_s']:.0f} / {cold['foreign_cpu_s']:.0f}"))
    for i, noop in enumerate(r["noop"], 1):
        rows.append((f"studykit render (no-op, after cold run {i})", f"{noop['wall_s']:.2f}", "-", "-", "-", f"{noop['load_before'][0]:.2f}", f"{noop['cpu_s']:.1f} / {noop['foreign_cpu_s']:.1f}"))
    if "naive" in r:
        nv = r["naive"]
        label = "naive chain (papermill CLI + nbconvert CLI)" + (f", every {nv['sample_every']}th job, extrapolated" if nv["extrapolated"] else ", all jobs")
        rows.append((label, f"{nv['total_s']:.1f}", f"{nv['total_s'] / n:.2f}", "1.0x", f"{nv['total_s'] / fl['floor_s']:.2f}",
                     f"{nv['load_before'][0]:.2f}", f"{nv['cpu_s']:.0f} / {nv['foreign_cpu_s']:.0f}"))
    rows.append((f"floor: (kernel start + cells) summed / {fl['cores']} cores", f"{fl['floor_s']:.1f}", f"{fl['floor_s'] / n:.2f}", "-", "1.00",
                 f"{fl['load_before'][0]:.2f}", "-"))
    rows.append(("  floor, kernel-side cell time (stricter)", f"{fl['floor_kernel_side_s']:.1f}", f"{fl['floor_kernel_side_s'] / n:.2f}", "-", "-", "-", "-"))
    head = ("run", "wall s", "s/report", "speed-up vs naive", "x floor", "load 1m before", "CPU-s own / other")
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nfloor parts: kernel starts {fl['kernel_start_sum_s']:.1f} s + cells {fl['cells_sum_s']:.1f} s = {fl['sum_s']:.1f} s over {n} jobs, / {fl['cores']} cores")
    if "naive" in r:
        print(f"naive per job: papermill {r['naive']['papermill_mean_s']:.2f} s + nbconvert {r['naive']['nbconvert_mean_s']:.2f} s")
    print(f"load average after: {r['load_after']}; git HEAD at start {r['git_head']}; results in {RESULTS.relative_to(ROOT)}")
    if not r["consistent_inputs"]:
        print("WARNING: src/studykit, data/, notebooks/ or reports.yaml changed between phases: the figures are not comparable; run again.")


if __name__ == "__main__":
    main()
