"""Batch rendering: every report of the manifest, executed by papermill and exported to offline HTML.

Design (the measurements behind it are in benchmarks/README.md):

* a pool of worker processes, one per core by default; each imports papermill
  and nbconvert once and reuses one HTML exporter;
* every report runs in a kernel of its own, so reports cannot leak state into each
  other: by default a kernel forked from a warm fork server that has imported the
  libraries once (``forkserver``, ``isolation="fork"``), or a fresh ``studykit``
  kernel of this environment (``isolation="kernel"``, and wherever fork is unavailable);
  both give byte-identical reports;
* a cell that runs longer than ``timeout`` seconds fails its report;
* a job is skipped when its fingerprint (notebook, parameters, the files of
  data/ its report reads, src/studykit/, library versions) matches its last
  successful render (``inputs``; what each report reads: ``reports/reads.py``);
* outputs are written to a temporary file and moved into place; a failed job
  leaves the previous report untouched and renders its error notebook to
  ``reports/_failed/`` instead;
* executed notebooks are normalized (no timestamps, stable ids, relative
  paths) so that identical inputs give identical bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..corpus.digest import data_hash
from ..files import sweep, write_atomic
from ..paths import PROJECT_ROOT, REPORTS_DIR, project_path
from . import lifetime, worker
from .inputs import RUN_KEY, STATE_FILE, Inputs, load_state, run_key
from .manifest import Job
from .site import write_index
from .worker import FAILED_DIR, KERNEL, KERNEL_ENV, TIMEOUT, Result, ensure_kernel, kernel_env, normalize

ISOLATION = ("fork", "kernel")  # a kernel forked from the warm fork server, or a fresh kernel process


def baseline(
    paths: list[Path], workers: int | None = None, isolation: str = "fork"
) -> list[tuple[str, dict[str, Any] | None]]:
    """Re-execute the notebooks in place (default parameters, one kernel each): the regression baseline nbval
    compares with."""
    ensure_kernel()
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    with (
        tempfile.TemporaryDirectory(prefix="studykit-baseline-") as tmp,
        _fork_server(isolation, Path(tmp)) as server,
        _pool(workers, False, server, Path(tmp)) as pool,
    ):
        return sorted(pool.map(worker.baseline_one, paths, [Path(tmp)] * len(paths)))


# --- main side --------------------------------------------------------------------


@contextmanager
def _temp_dir():
    """The render's temporary folder (kernel sockets, IPython dir), removed at the end; a later render removes
    it if this process is killed before it can (:mod:`.lifetime`)."""
    path = lifetime.make_temp_dir()
    try:
        yield str(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _fork_server(isolation: str, tmp: Path):
    """With ``isolation="fork"``, the fork server the kernels come from, else (or where it cannot start) None.

    Started before anything else of a render (corpus validation, the pool), so that its imports overlap
    them."""
    from . import forkserver

    if isolation not in ISOLATION:
        raise ValueError(f"isolation must be one of {', '.join(ISOLATION)}, not {isolation!r}")
    server = forkserver.start(tmp, {**os.environ, **kernel_env(tmp)}) if isolation == "fork" else None
    try:
        yield server
    finally:
        if server:
            server.close()


@contextmanager
def _pool(workers: int, show_code: bool, server, tmp: Path, data_dir: Path | None = None):
    """The worker pool; its kernels come from ``server`` (a ForkServer, or None: fresh kernels)."""
    worker.warm_exporter(show_code)  # inherited by the workers where they are forked from this process
    pool = ProcessPoolExecutor(
        workers,
        initializer=_init_pool_worker,
        initargs=(os.getpid(), show_code, kernel_env(tmp), data_dir, server and server.path),
    )
    try:
        yield pool
    except BaseException:  # Ctrl-C, SIGTERM: stop the workers now instead of waiting for their reports
        workers_left = list((getattr(pool, "_processes", None) or {}).values())
        for process in workers_left:
            process.terminate()
        for process in workers_left:  # forked from this process, each holds the fork server's stdin open:
            process.join(timeout=5)  # the server sees it closed (and ends its kernels) once they are gone
        if server:
            server.close()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _init_pool_worker(parent: int, *args) -> None:
    """A local pool worker: dies with the render process (even killed with SIGKILL), leaves Ctrl-C to it."""
    lifetime.worker_signals()
    lifetime.die_with_parent(signal.SIGKILL, parent)
    worker.init_worker(*args)


def _local(
    todo: list[Job],
    workers: int,
    show_code: bool,
    server,
    timeout: float | None,
    reports_dir: Path,
    tmp: Path,
    data_dir: Path,
):
    """Render on this machine's worker pool; yield each result as its report is stored."""
    with _pool(workers, show_code, server, tmp, data_dir) as pool:
        for future in as_completed([pool.submit(worker.run, job, reports_dir, tmp, timeout) for job in todo]):
            yield future.result()


def render(
    jobs: list[Job],
    *,
    reports_dir: Path = REPORTS_DIR,
    data_dir: Path | None = None,
    force: bool = False,
    workers: int | None = None,
    show_code: bool = False,
    progress: Callable[[Result, int, int], None] | None = None,
    manifest_path: Path | None = None,
    isolation: str = "fork",
    timeout: float | None = TIMEOUT,
    scheduler: str | None = None,
    only: list[Job] | None = None,
) -> tuple[list[Result], list[Job]]:
    """Render the jobs that changed (all with ``force``); return the results and the skipped jobs.

    ``isolation``: "fork" (kernels forked from a warm fork server) or "kernel" (a fresh
    kernel process per report); ``timeout``: seconds a cell may run (None: no limit);
    ``scheduler``: the address of a Dask scheduler to run the jobs on instead of the local
    pool (see ``cluster``).

    ``manifest_path``: the manifest the jobs were planned from; given, a render in which
    every job is up to date records the run key that lets the next no-op skip planning.

    ``only``: the jobs of ``jobs`` to render (``render --report/--study``); ``jobs`` stays the whole plan, so
    the index lists every report. Such a render never records the run key, and keeps the last complete
    render's only while it still holds and every selected report is up to date.
    """
    from ..paths import resolve_data_dir

    key = run_key(manifest_path, data_dir, show_code) if manifest_path else None  # before anything can change
    data_dir = resolve_data_dir(data_dir)  # absolute: the kernels' working folder is not ours
    reports_dir = Path(os.path.abspath(reports_dir))
    sweep(reports_dir)  # the temporary files of a render killed while writing a report
    inputs = Inputs(data_dir)
    state = load_state(reports_dir)
    before = dict(state)
    plan, jobs = jobs, list(jobs if only is None else only)
    fingerprints = {j.output: inputs.fingerprint(j, show_code) for j in jobs}
    todo = [
        j
        for j in jobs
        if force or state.get(j.output) != fingerprints[j.output] or not (reports_dir / j.output).exists()
    ]
    skipped = [j for j in jobs if j not in todo]
    results: list[Result] = []
    if todo:
        from ..corpus.load import validate_corpus
        from ..corpus.problems import CorpusError

        ensure_kernel()
        workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        with (
            _temp_dir() as tmp,
            _fork_server("kernel" if scheduler else isolation, Path(tmp)) as server,
        ):  # a cluster's workers start their own
            _, problems = validate_corpus(data_dir)  # while the fork server imports
            if problems:
                raise CorpusError(problems)
            if scheduler:
                from .cluster import run_jobs

                finished = run_jobs(
                    scheduler,
                    todo,
                    reports_dir,
                    show_code=show_code,
                    isolation=isolation,
                    timeout=timeout,
                    data_dir=data_dir,
                )
            else:
                finished = _local(todo, workers, show_code, server, timeout, reports_dir, Path(tmp), data_dir)
            for result in finished:
                results.append(result)
                if result.ok:
                    state[result.job.output] = fingerprints[result.job.output]
                else:
                    state.pop(result.job.output, None)
                if progress:
                    progress(result, len(results), len(todo))
    complete = all(state.get(j.output) == fingerprints[j.output] for j in jobs)
    if only is None:
        state[RUN_KEY] = {"key": key, "outputs": sorted(j.output for j in jobs)} if key and complete else None
    elif not (key and complete and (state.get(RUN_KEY) or {}).get("key") == key):
        state[RUN_KEY] = None  # a part cannot vouch for the whole: the next render plans
    state = {k: v for k, v in state.items() if v is not None}
    if state != before:
        write_atomic(
            reports_dir / STATE_FILE, (json.dumps(dict(sorted(state.items())), indent=1) + "\n").encode()
        )
    order = {j.output: i for i, j in enumerate(jobs)}
    results.sort(key=lambda r: order[r.job.output])
    write_index(plan, reports_dir, data_hash(data_dir), getattr(plan, "drafts", ()))
    return results, skipped


def failure_line(
    result: Result,
    reports_dir: Path = REPORTS_DIR,
    lang: str = "en",
    shown: Callable[[Path], str] = project_path,
) -> str:
    """The report that failed, where (notebook, parameters, cell) and why, in ``lang``; ``shown`` prints a
    path (the CLI's: as it opens from where the command was run)."""
    from ..corpus.messages import t

    e = result.error or {}
    cell = t("render.cell", lang, cell=e["cell"]) if e.get("cell") is not None else t("render.no_cell", lang)
    params = json.dumps(result.job.parameters, ensure_ascii=False, sort_keys=True)
    where = shown(reports_dir / FAILED_DIR / result.job.output)
    notebook = shown(result.job.notebook_path)
    error = {"ename": e.get("ename"), "evalue": e.get("evalue")}
    return t("render.failure", lang, notebook=notebook, params=params, cell=cell, **error, where=where)


def fresh_note(isolation: str, kernels: list[str], lang: str = "en") -> str | None:
    """A note (in ``lang``) when the warm path was asked for but some reports ran in fresh kernels (they are
    still correct, only slower); None when there is nothing to say."""
    reasons = sorted(
        {k.removeprefix("fresh (").removesuffix(")") for k in kernels if k.startswith("fresh (")}
    )
    if isolation != "fork" or not reasons:
        return None
    from ..corpus.messages import t

    count = sum(k.startswith("fresh (") for k in kernels)
    return t("render.fresh_note", lang, n=count, reasons="; ".join(reasons))


# what callers have always found here; the worker side lives in .worker, the site index in .site
__all__ = [
    "KERNEL",
    "KERNEL_ENV",
    "PROJECT_ROOT",
    "Job",
    "Result",
    "baseline",
    "ensure_kernel",
    "failure_line",
    "fresh_note",
    "kernel_env",
    "normalize",
    "render",
    "write_index",
]
