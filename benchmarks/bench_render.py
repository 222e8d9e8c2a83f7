"""Benchmark: the full report set rendered by `studykit render` (warm fork server, fresh kernels) vs the
naive CLI chain vs the floors.

Run:  .venv/bin/python benchmarks/bench_render.py [--naive-sample K] [--cold-runs N] [--skip-naive] [--suite]
In an environment with JupyterLab (the environment.yml one), the same script with that venv's python:
      benchmarks/_work/venv-lab/bin/python benchmarks/bench_render.py   (made by --make-lab-venv)

Everything is written under benchmarks/_work/ (git-ignored). Phases, in this order:

1. **studykit cold** -- ``studykit render --force --out benchmarks/_work/reports-studykit`` as one
   subprocess, after deleting that folder (no previous reports, no render state). Wall time of the
   whole command (interpreter start, planning, pool start, fork server, every kernel, HTML, index).
   Default isolation: kernels forked from the warm fork server.
   Then the same with ``--isolation kernel`` (a fresh kernel process per report).
   After the timed runs, one more warm render, not timed, for memory: the proportional and
   unique set sizes (PSS/USS, ``/proc/<pid>/smaps_rollup``) of the fork server and of its
   kernels are sampled every 0.1 s: peak of their sum, and the largest single kernel (the
   sampler reads /proc for every process ten times a second: it would slow a timed run).
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
3b. **warm floor** -- one kernel is started and warmed up by running the first report once; then
   every job's parameterized notebook runs in that same kernel, one after another, and the kernel's
   CPU time (``/proc/<pid>/stat``) over its cells is taken; each executed notebook is normalized and
   exported to HTML in this (warm) process, timed by ``time.process_time``.
   warm floor = sum over jobs of (cell CPU + export CPU) / ``os.cpu_count()``: what the reports cost
   with nothing paid for interpreters, imports or kernel starts, spread perfectly over the cores.
4. **naive chain** -- for every job, sequentially:
   ``.venv/bin/papermill NB OUT.ipynb -k python3 -y '<params as YAML>'`` then
   ``.venv/bin/jupyter nbconvert --to html --no-input OUT.ipynb``. Total wall time; with
   ``--naive-sample K`` only every K-th job is run and the total is extrapolated
   (mean per job x number of jobs), which the output says.

For each phase the script also records the CPU seconds used by its own process tree
(``RUSAGE_SELF + RUSAGE_CHILDREN``) and the CPU seconds the whole machine was busy
(``/proc/stat``); the difference is CPU used by *other* processes during the phase -- the
contamination indicator on this shared machine.

1b. **before** (``--before REV``) -- the cold warm-fork-server run of the source tree of git revision
   REV (``git archive`` into benchmarks/_work/before-REV, run with ``PYTHONPATH`` on its ``src``, same
   venv), right after each cold run of the current tree: the before/after of a change, in the same
   conditions. REV's data, notebooks and manifest are used, so pick a REV whose report content equals
   the current tree's (the commit before a render-only change).
5. **test suite** (``--suite``) -- ``python -m pytest -q`` in this environment, wall time.

Results: printed as a table and written to benchmarks/_work/bench_render<-label>.json.
"""

from __future__ import annotations

import argparse
import contextlib
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
LAB_VENV = WORK / "venv-lab"
LABEL = (
    "lab" if (Path(sys.prefix) / "bin" / "jupyter-lab").exists() else "test"
)  # which environment this run measures
RESULTS = WORK / f"bench_render-{LABEL}.json"
BUSY_LOAD = 1.0  # 1-min load average at or above which the cold run is repeated


# --- measurement helpers -------------------------------------------------------------


def own_cpu() -> float:
    """CPU seconds of this process and every child it has reaped (kernels, subprocesses, their pools)."""
    return sum(
        r.ru_utime + r.ru_stime
        for r in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


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
            print(
                f"  WARNING: the project's inputs changed during this phase ({self.inputs_before} -> "
                f"{self.inputs_after})",
                flush=True,
            )
        return False

    def as_dict(self) -> dict:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 2),
            "foreign_cpu_s": round(self.foreign_cpu, 2),
            "load_before": [round(x, 2) for x in self.load_before],
            "inputs": [self.inputs_before, self.inputs_after],
        }


def inputs_state() -> str:
    """Hash of everything a report depends on in this repo (src/studykit, data, notebooks, manifest).

    The repository is shared and changes while the benchmark runs; phases measured on different
    inputs are not comparable, so the state is recorded before and after every phase."""
    import hashlib

    digest = hashlib.sha256()
    for base in (ROOT / "src" / "studykit", ROOT / "data", ROOT / "notebooks", ROOT / "reports.yaml"):
        for path in sorted(
            [base]
            if base.is_file()
            else (p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        ):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def git_head() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


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
        sys.exit(
            f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def list_jobs() -> list[dict]:
    return json.loads(
        run([*STUDYKIT, "render", "--list", "--format", "json", "--out", str(OUT_STUDYKIT)], cwd=ROOT).stdout
    )


# --- phases --------------------------------------------------------------------------


def rollup(pid: int) -> dict[str, int]:
    """Pss and private (unique) memory of one process, in kB, from /proc/<pid>/smaps_rollup; {} if it is
    gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return {}
    fields = {
        line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:] if line.split()[-1] == "kB"
    }
    return {
        "pss": fields.get("Pss", 0),
        "uss": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
    }


class MemorySampler:
    """Samples the fork server and its children (the forked kernels) while a render runs."""

    def __init__(self):
        import threading

        self.peak_total_pss = self.peak_kernel_pss = self.peak_kernel_uss = self.server_pss = (
            self.server_uss
        ) = self.kernels = 0
        self.seen: set[int] = set()
        self.command = sys.executable.encode() + b"\0-m\0studykit.render.forkserver"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self) -> None:
        while not self.stop.wait(0.1):
            forks = {
                p for p in os.listdir("/proc") if p.isdigit() and self.cmdline(p).startswith(self.command)
            }  # this environment's only
            servers = [
                p for p in forks if self.parent(p) not in forks
            ]  # the kernels carry the server's command line too
            for server in servers:
                children = (
                    [int(c) for c in Path(f"/proc/{server}/task/{server}/children").read_text().split()]
                    if Path(f"/proc/{server}/task/{server}/children").exists()
                    else []
                )
                mine = rollup(int(server))
                kids = [m for m in map(rollup, children) if m]
                self.seen.update(children)
                if mine:
                    self.server_pss, self.server_uss = (
                        max(self.server_pss, mine["pss"]),
                        max(self.server_uss, mine["uss"]),
                    )
                    self.peak_total_pss = max(self.peak_total_pss, mine["pss"] + sum(k["pss"] for k in kids))
                for k in kids:
                    self.peak_kernel_pss, self.peak_kernel_uss = (
                        max(self.peak_kernel_pss, k["pss"]),
                        max(self.peak_kernel_uss, k["uss"]),
                    )

    @staticmethod
    def parent(pid: str) -> str:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        except OSError:
            return ""

    @staticmethod
    def cmdline(pid: str) -> bytes:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return b""

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def as_dict(self) -> dict:
        mb = lambda kb: round(kb / 1024, 1)  # noqa: E731
        return {
            "server_pss_mb": mb(self.server_pss),
            "server_uss_mb": mb(self.server_uss),
            "peak_server_plus_kernels_pss_mb": mb(self.peak_total_pss),
            "peak_kernel_pss_mb": mb(self.peak_kernel_pss),
            "peak_kernel_uss_mb": mb(self.peak_kernel_uss),
            "kernels_seen": len(self.seen),
        }


def before_tree(rev: str) -> Path:
    """The source tree of git revision ``rev``, unpacked under benchmarks/_work (once)."""
    commit = run(["git", "rev-parse", "--short", rev], cwd=ROOT).stdout.strip()
    tree = WORK / f"before-{commit}"
    if not (tree / "src" / "studykit").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def studykit_cold(isolation: str = "fork", before: Path | None = None, sample_memory: bool = False) -> dict:
    """One cold ``studykit render --force``; with ``sample_memory``, a separate run for memory only.

    The sampler reads /proc ten times a second, which costs CPU on a 2-core machine: timed runs go without it.
    """
    out = OUT_STUDYKIT if isolation == "fork" else OUT_STUDYKIT.with_name(f"{OUT_STUDYKIT.name}-{isolation}")
    out = out.with_name(f"{out.name}-before") if before else out
    env = {**os.environ, "PYTHONPATH": str(before / "src")} if before else None
    shutil.rmtree(out, ignore_errors=True)
    with MemorySampler() if sample_memory else contextlib.nullcontext() as memory, Phase() as phase:
        proc = run(
            [*STUDYKIT, "render", "--force", "--isolation", isolation, "--out", str(out)],
            cwd=before or ROOT,
            env=env,
        )
    summary = proc.stdout.strip().splitlines()[-1]
    print(
        f"  cold ({isolation}{', before: ' + before.name if before else ''}"
        f"{', sampling memory' if sample_memory else ''}): "
        f"{phase.wall:.2f} s  ({summary})",
        flush=True,
    )
    extra = {"memory": memory.as_dict()} if sample_memory else {}
    if before:
        extra["before"] = before.name
    if extra:
        print(f"  memory: {extra['memory']}", flush=True)
    return {**phase.as_dict(), "summary": summary, "isolation": isolation, **extra}


def studykit_noop() -> dict:
    with Phase() as phase:
        proc = run([*STUDYKIT, "render", "--out", str(OUT_STUDYKIT)], cwd=ROOT)
    summary = proc.stdout.strip().splitlines()[-1]
    if not summary.startswith("rendered 0,"):
        sys.exit(f"no-op render did render something: {summary}")
    print(f"  no-op: {phase.wall:.2f} s  ({summary})", flush=True)
    return {**phase.as_dict(), "summary": summary}


def floor(jobs: list[dict]) -> dict:
    """Kernel start (until ready) + every cell, one fresh kernel per job, sequentially, nothing else
    running."""
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
            client = NotebookClient(
                nb,
                kernel_name=KERNEL,
                kernel_manager_class=IPCKernelManager,
                record_timing=True,
                resources={"metadata": {"path": str(workdir)}},
                allow_errors=False,
            )
            here = os.getcwd()
            os.chdir(
                workdir
            )  # IPC socket paths are relative: client and kernel must share the cwd (papermill does the same)
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
            kernel_side = sum(
                stamp(t["shell.execute_reply"]) - stamp(t["iopub.execute_input"]) for t in timing
            )
            per_job.append(
                {
                    "output": job["output"],
                    "kernel_start_s": round(start, 3),
                    "cells_s": round(sum(cells), 3),
                    "cells_kernel_side_s": round(kernel_side, 3),
                    "n_cells": len(cells),
                }
            )
            print(f"  floor {job['output']}: start {start:.2f} + cells {sum(cells):.2f} s", flush=True)
            shutil.rmtree(workdir, ignore_errors=True)
    cores = os.cpu_count() or 1
    total = sum(j["kernel_start_s"] + j["cells_s"] for j in per_job)
    strict = sum(j["kernel_start_s"] + j["cells_kernel_side_s"] for j in per_job)
    return {
        **phase.as_dict(),
        "cores": cores,
        "sum_s": round(total, 2),
        "floor_s": round(total / cores, 2),
        "sum_kernel_side_s": round(strict, 2),
        "floor_kernel_side_s": round(strict / cores, 2),
        "kernel_start_sum_s": round(sum(j["kernel_start_s"] for j in per_job), 2),
        "cells_sum_s": round(sum(j["cells_s"] for j in per_job), 2),
        "jobs": per_job,
    }


def warm_floor(jobs: list[dict]) -> dict:
    """Cell CPU in one already-warm kernel + HTML export CPU in this already-warm process, summed over jobs,
    / cores."""
    import asyncio

    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from traitlets import Unicode

    from studykit.render import engine, worker
    from studykit.render.manifest import load_plan

    class IPCKernelManager(AsyncKernelManager):
        transport = Unicode("ipc")

    def kernel_cpu(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    by_output = {j.output: j for j in load_plan()}
    engine.ensure_kernel()
    os.environ.update(engine.KERNEL_ENV)
    worker.init_worker(False, engine.KERNEL_ENV)
    FLOOR_DIR.mkdir(parents=True, exist_ok=True)
    here = os.getcwd()
    os.chdir(FLOOR_DIR)
    km = IPCKernelManager(kernel_name=engine.KERNEL)
    per_job = []
    try:
        asyncio.run(km.start_kernel(cwd=str(FLOOR_DIR)))
        pid = km.provisioner.pid

        def execute(job: dict):
            nb = load_notebook_node(str(ROOT / job["notebook"]))
            nb = parameterize_notebook(nb, job["parameters"], kernel_name=engine.KERNEL, language="python")
            client = NotebookClient(nb, km=km, resources={"metadata": {"path": str(FLOOR_DIR)}})
            before = kernel_cpu(pid)
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "code":
                        client.execute_cell(cell, index)
            return nb, kernel_cpu(pid) - before

        execute(jobs[0])  # warm-up: imports, caches, figure style
        with Phase() as phase:
            for job in jobs:
                nb, cells = execute(job)
                t0 = time.process_time()
                local = by_output[str(Path(job["output"]).relative_to(OUT_STUDYKIT.relative_to(ROOT)))]
                engine.normalize(nb, local)
                worker.export_html(nb, local)
                nbformat.writes(nb)
                export = time.process_time() - t0
                per_job.append(
                    {
                        "output": job["output"],
                        "cells_cpu_s": round(cells, 3),
                        "export_cpu_s": round(export, 3),
                    }
                )
                print(
                    f"  warm floor {job['output']}: cells {cells:.2f} + export {export:.2f} CPU-s", flush=True
                )
    finally:
        asyncio.run(km.shutdown_kernel(now=True))
        os.chdir(here)
    cores = os.cpu_count() or 1
    cells, export = sum(j["cells_cpu_s"] for j in per_job), sum(j["export_cpu_s"] for j in per_job)
    return {
        **phase.as_dict(),
        "cores": cores,
        "cells_cpu_s": round(cells, 2),
        "export_cpu_s": round(export, 2),
        "floor_s": round((cells + export) / cores, 2),
        "jobs": per_job,
    }


def suite() -> dict:
    with Phase() as phase:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    summary = (proc.stdout.strip().splitlines() or ["?"])[-1]
    print(f"  test suite: {phase.wall:.1f} s ({summary})", flush=True)
    return {**phase.as_dict(), "summary": summary, "returncode": proc.returncode}


def make_lab_venv() -> None:
    """benchmarks/_work/venv-lab: this project installed with its test and lab extras (JupyterLab, as
    environment.yml asks)."""
    if not (LAB_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(LAB_VENV)], check=True)
    subprocess.run(
        [
            str(LAB_VENV / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-e",
            f"{ROOT}[test,lab]",
        ],
        check=True,
    )
    print(
        f"made {LAB_VENV.relative_to(ROOT)}; run: {(LAB_VENV / 'bin' / 'python').relative_to(ROOT)} "
        "benchmarks/bench_render.py"
    )


def naive(jobs: list[dict], sample: int) -> dict:
    import yaml

    shutil.rmtree(OUT_NAIVE, ignore_errors=True)
    OUT_NAIVE.mkdir(parents=True)
    chosen = jobs[::sample]
    per_job = []
    with Phase() as phase:
        for job in chosen:
            out = OUT_NAIVE / (
                Path(job["output"]).relative_to(OUT_STUDYKIT.relative_to(ROOT)).with_suffix(".ipynb")
            )
            out.parent.mkdir(parents=True, exist_ok=True)
            params = yaml.safe_dump(job["parameters"], default_flow_style=True, allow_unicode=True).strip()
            t0 = time.perf_counter()
            run(
                [
                    str(BIN / "papermill"),
                    str(ROOT / job["notebook"]),
                    str(out),
                    "-k",
                    "python3",
                    "-y",
                    params,
                ],
                cwd=OUT_NAIVE,
            )
            t1 = time.perf_counter()
            run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)], cwd=OUT_NAIVE)
            t2 = time.perf_counter()
            if not out.with_suffix(".html").exists():
                sys.exit(f"nbconvert wrote no {out.with_suffix('.html')}")
            per_job.append(
                {"output": job["output"], "papermill_s": round(t1 - t0, 3), "nbconvert_s": round(t2 - t1, 3)}
            )
            print(f"  naive {job['output']}: papermill {t1 - t0:.2f} + nbconvert {t2 - t1:.2f} s", flush=True)
    measured = phase.wall
    total = measured if sample == 1 else measured / len(chosen) * len(jobs)
    return {
        **phase.as_dict(),
        "sample_every": sample,
        "jobs_run": len(chosen),
        "extrapolated": sample != 1,
        "total_s": round(total, 2),
        "papermill_mean_s": round(sum(j["papermill_s"] for j in per_job) / len(per_job), 3),
        "nbconvert_mean_s": round(sum(j["nbconvert_s"] for j in per_job) / len(per_job), 3),
        "jobs": per_job,
    }


# --- main ----------------------------------------------------------------------------


def machine() -> dict:
    uptime = subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip()
    top = subprocess.run(
        ["ps", "-eo", "pcpu,etime,comm", "--sort=-pcpu"], check=False, capture_output=True, text=True
    ).stdout.splitlines()[1:6]
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "uptime": uptime,
        "top_processes": [line.strip() for line in top],
        "versions": {
            n: metadata.version(n)
            for n in (
                "studykit",
                "papermill",
                "nbconvert",
                "nbclient",
                "ipykernel",
                "jupyter_client",
                "pandas",
                "matplotlib",
            )
        },
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--naive-sample",
        type=int,
        default=1,
        metavar="K",
        help="time only every K-th job of the naive chain and extrapolate (default 1: all)",
    )
    ap.add_argument(
        "--cold-runs",
        type=int,
        default=1,
        metavar="N",
        help="cold studykit runs per isolation (default 1; one more is added automatically if the load "
        "was high)",
    )
    ap.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        metavar="S",
        help="before each phase, wait up to S seconds for the machine to be idle (default 0: don't wait)",
    )
    ap.add_argument(
        "--skip-naive",
        action="store_true",
        help="do not run the naive chain (reuse its figure from the last results file, if any)",
    )
    ap.add_argument(
        "--skip-floor",
        action="store_true",
        help="do not measure the fresh-kernel floor (reuse it from the last results file, if any)",
    )
    ap.add_argument(
        "--suite", action="store_true", help="also time the whole test suite (python -m pytest -q)"
    )
    ap.add_argument(
        "--before",
        metavar="REV",
        help="also run the cold warm-fork-server render of git revision REV's source tree after each cold "
        "run (before/after)",
    )
    ap.add_argument(
        "--make-lab-venv",
        action="store_true",
        help=f"create {LAB_VENV.relative_to(ROOT)} with JupyterLab and exit",
    )
    args = ap.parse_args()
    if args.make_lab_venv:
        return make_lab_venv()
    WORK.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}

    info = machine()
    print(
        f"environment: {LABEL} ({sys.prefix}); machine: {info['nproc']} cores, Python {info['python']}; "
        f"{info['uptime']}"
    )
    print("busiest processes (%cpu, elapsed, command):", *info["top_processes"], sep="\n  ")
    jobs = list_jobs()
    print(f"{len(jobs)} jobs from `studykit render --list --format json`")

    results: dict = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "environment": LABEL,
        "machine": info,
        "git_head": git_head(),
        "jobs": len(jobs),
        "cold": [],
        "cold_kernel": [],
        "noop": [],
        "cold_before": [],
    }
    before = before_tree(args.before) if args.before else None
    print(f"git HEAD {results['git_head']}, inputs {inputs_state()}")

    def idle() -> None:
        if args.wait_idle:
            wait_idle(args.wait_idle)

    def busy(run: dict) -> bool:
        return run["load_before"][0] >= BUSY_LOAD or run["foreign_cpu_s"] / run["wall_s"] >= 0.25

    def cold_then_noop():
        idle()
        results["cold"].append(studykit_cold("fork"))
        results["noop"].append(studykit_noop())  # at once: the inputs must not change in between
        if before:
            idle()
            results["cold_before"].append(studykit_cold("fork", before))

    def cold_kernel():
        idle()
        results["cold_kernel"].append(studykit_cold("kernel"))

    print("studykit cold (warm fork server), then no-op; studykit cold with fresh kernels:")
    for _ in range(args.cold_runs):
        cold_then_noop()
        cold_kernel()
    if args.cold_runs == 1 and busy(results["cold"][0]):
        print("  the machine was busy during the first cold run: running both once more")
        cold_then_noop()
        cold_kernel()
    print("memory (one more warm render, sampled; not timed):")
    idle()
    results["memory_run"] = studykit_cold("fork", sample_memory=True)
    if args.skip_floor and "floor" in previous:
        results["floor"] = {**previous["floor"], "reused_from": previous["when"]}
    else:
        print("floor (fresh kernel per report):")
        idle()
        results["floor"] = floor(jobs)
    print("warm floor (cells in an already-warm kernel + export in an already-warm process):")
    idle()
    results["warm_floor"] = warm_floor(jobs)
    if args.skip_naive and "naive" in previous:
        results["naive"] = {**previous["naive"], "reused_from": previous["when"]}
    elif not args.skip_naive:
        print("naive chain:")
        idle()
        results["naive"] = naive(jobs, max(1, args.naive_sample))
    if args.suite:
        print("test suite:")
        idle()
        results["suite"] = suite()
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    phases = [
        *results["cold"],
        *results["cold_kernel"],
        *results["noop"],
        results["memory_run"],
        results["floor"],
        results["warm_floor"],
        *([results["naive"]] if "naive" in results else []),
    ]
    results["consistent_inputs"] = (
        len({p.get("inputs", [None, None])[i] for p in phases for i in (0, 1)}) == 1
    )
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print_table(results)


def print_table(r: dict) -> None:
    n, fl, wf = r["jobs"], r["floor"], r["warm_floor"]
    naive_s = r["naive"]["total_s"] if "naive" in r else None
    head = (
        "run",
        "wall s",
        "s/report",
        "speed-up vs naive",
        "x warm floor",
        "x fresh floor",
        "load 1m before",
        "CPU-s own / other",
    )
    rows = []

    def row(label, wall, load=None, cpu=None, per_report=True):
        rows.append(
            (
                label,
                f"{wall:.2f}" if wall < 10 else f"{wall:.1f}",
                f"{wall / n:.2f}" if per_report else "-",
                f"{naive_s / wall:.1f}x" if naive_s and per_report else "-",
                f"{wall / wf['floor_s']:.2f}" if per_report else "-",
                f"{wall / fl['floor_s']:.2f}" if per_report else "-",
                f"{load:.2f}" if load is not None else "-",
                cpu or "-",
            )
        )

    for i, cold in enumerate(r["cold"], 1):
        row(
            f"`studykit render --force` (warm fork server, run {i})",
            cold["wall_s"],
            cold["load_before"][0],
            f"{cold['cpu_s']:.0f} / {cold['foreign_cpu_s']:.0f}",
        )
    for i, cold in enumerate(r.get("cold_before", []), 1):
        row(
            f"`studykit render --force` before ({cold['before']}, run {i})",
            cold["wall_s"],
            cold["load_before"][0],
            f"{cold['cpu_s']:.0f} / {cold['foreign_cpu_s']:.0f}",
        )
    for i, cold in enumerate(r["cold_kernel"], 1):
        row(
            f"`studykit render --force --isolation kernel` (run {i})",
            cold["wall_s"],
            cold["load_before"][0],
            f"{cold['cpu_s']:.0f} / {cold['foreign_cpu_s']:.0f}",
        )
    for i, noop in enumerate(r["noop"], 1):
        row(
            f"`studykit render` no-op (after run {i})",
            noop["wall_s"],
            noop["load_before"][0],
            f"{noop['cpu_s']:.2f} / {noop['foreign_cpu_s']:.2f}",
            per_report=False,
        )
    if "naive" in r:
        nv = r["naive"]
        label = "naive chain (papermill CLI + nbconvert CLI)" + (
            f", every {nv['sample_every']}th job, extrapolated" if nv["extrapolated"] else ", all jobs"
        )
        row(label, nv["total_s"], nv["load_before"][0], f"{nv['cpu_s']:.0f} / {nv['foreign_cpu_s']:.0f}")
    row(f"warm floor: (cell + export CPU) summed / {wf['cores']} cores", wf["floor_s"])
    row(f"fresh floor: (kernel start + cells) summed / {fl['cores']} cores", fl["floor_s"])
    if "suite" in r:
        row(
            "test suite (`python -m pytest -q`)",
            r["suite"]["wall_s"],
            r["suite"]["load_before"][0],
            f"{r['suite']['cpu_s']:.0f} / {r['suite']['foreign_cpu_s']:.0f}",
            per_report=False,
        )
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for line in rows:
        print("| " + " | ".join(line) + " |")
    print(
        f"\nwarm floor parts: cells {wf['cells_cpu_s']:.1f} CPU-s + export {wf['export_cpu_s']:.1f} CPU-s "
        f"over {n} jobs, / {wf['cores']} cores"
    )
    print(
        f"fresh floor parts: kernel starts {fl['kernel_start_sum_s']:.1f} s + cells "
        f"{fl['cells_sum_s']:.1f} s = {fl['sum_s']:.1f} s over {n} jobs, / {fl['cores']} cores"
    )
    if "memory_run" in r:
        print(f"memory (a separate warm render, sampled every 0.1 s): {r['memory_run']['memory']}")
    if "naive" in r:
        print(
            f"naive per job: papermill {r['naive']['papermill_mean_s']:.2f} s + nbconvert "
            f"{r['naive']['nbconvert_mean_s']:.2f} s"
        )
    print(
        f"load average after: {r['load_after']}; git HEAD at start {r['git_head']}; results in "
        f"{RESULTS.relative_to(ROOT)}"
    )
    if not r["consistent_inputs"]:
        print(
            "WARNING: src/studykit, data/, notebooks/ or reports.yaml changed between phases: the figures "
            "are not comparable; run again."
        )


if __name__ == "__main__":
    main()
