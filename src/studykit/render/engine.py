"""Batch rendering: every report of the manifest, executed by papermill and exported to offline HTML.

Design (measured in shared/design/pipeline-notes.md):

* a pool of worker processes, one per core by default; each imports papermill
  and nbconvert once and reuses one HTML exporter;
* every report runs in a kernel of its own, so reports cannot leak state into each
  other: by default a kernel forked from a warm fork server that has imported the
  libraries once (``forkserver``, ``isolation="fork"``), or a fresh ``studykit``
  kernel of this environment (``isolation="kernel"``, and wherever fork is unavailable);
  both give byte-identical reports;
* a cell that runs longer than ``timeout`` seconds fails its report;
* a job is skipped when its fingerprint (notebook, parameters, data/,
  src/studykit/, library versions) matches its last successful render;
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
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._version import __version__
from ..corpus.digest import data_hash
from ..files import write_atomic
from ..paths import PROJECT_ROOT, REPORTS_DIR
from . import lifetime
from .inputs import RUN_KEY, STATE_FILE, Inputs, load_state, run_key
from .manifest import Job, _shown

KERNEL = "studykit"
FAILED_DIR = "_failed"
NOTEBOOK_DIR = "_notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# every report kernel's environment; one BLAS/OpenMP thread: reports are small, two run per 2 cores, and a
# library that starts threads at import could not be forked safely (see forkserver); no debugpy warning about
# frozen modules (what ipykernel's own kernelspec sets when it does not pass -Xfrozen_modules=off)
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
IPYTHON_CONFIG = (
    "c.HistoryManager.enabled = False\n"  # no SQLite history shared with every kernel of the user
)


def kernel_env(tmp: Path) -> dict[str, str]:
    """KERNEL_ENV plus an IPython directory of this render's own (in ``tmp``), without a history database.

    Kernels would otherwise read the user's ~/.ipython (startup files, config: results that depend on
    the machine) and share its SQLite history; when another kernel holds it locked, IPython prints
    "The history saving thread hit an unexpected error (… database is locked)" into the running report.
    """
    profile = tmp / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(IPYTHON_CONFIG, encoding="utf-8")
    return {**KERNEL_ENV, "IPYTHONDIR": str(tmp / "ipython")}


ISOLATION = ("fork", "kernel")  # a kernel forked from the warm fork server, or a fresh kernel process
TIMEOUT = 600  # seconds a cell may run before its report fails


@dataclass
class Result:
    job: Job
    ok: bool
    seconds: float
    error: dict[str, Any] | None = None
    kernel: str = "fresh"  # "forked", "fresh", or "fresh (why the fork server gave none)"


def ensure_kernel() -> str:
    """Register the ``studykit`` kernel in this environment (sys.prefix), pointing at this interpreter."""
    spec_dir = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (studykit)",
        "language": "python",
        "metadata": {"debugger": True},
    }
    text = json.dumps(spec, indent=1) + "\n"
    target = spec_dir / "kernel.json"
    if not target.exists() or target.read_text() != text:
        write_atomic(target, text.encode())
    return KERNEL


def normalize(nb, job: Job) -> None:
    """Remove what differs between two runs of the same inputs (pipeline-notes P9, P10)."""
    meta = nb.metadata
    papermill = meta.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "environment_variables"):
        papermill.pop(key, None)
    papermill["input_path"] = _shown(job.notebook_path)
    papermill["output_path"] = f"{NOTEBOOK_DIR}/{job.output.removesuffix('.html')}.ipynb"
    meta["title"] = job.titles[job.lang]
    meta["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"


# --- worker side ------------------------------------------------------------------

_EXPORTER = None  # (show_code, the HTML exporter) of this process
_KERNEL_MANAGER = None


def _warm_exporter(show_code: bool) -> None:
    """Import papermill and nbconvert and build the one HTML exporter, its templates compiled (≈ 1 CPU-s).

    The render process does this before it starts its pool: the workers are forked from it (Linux)
    and inherit it, instead of each paying for it while the fork server is still importing; where
    workers are spawned instead, :func:`_init_worker` does it in each.
    """
    global _EXPORTER
    if _EXPORTER is not None and _EXPORTER[0] == show_code:
        return
    import papermill  # noqa: F401
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_notebook

    from .assets import assets

    exporter = HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="studykit",
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.from_notebook_node(
        new_notebook(), resources={"metadata": {"name": ""}, "studykit": assets()}
    )  # compiles the templates
    _EXPORTER = (show_code, exporter)


def _init_worker(
    show_code: bool, env: dict[str, str], data_dir: Path | None = None, fork_server: str | None = None
) -> None:
    """Set up a pool worker: the kernels' environment, the fork server they come from, the warm exporter.

    ``data_dir`` (absolute: kernels run in their own working folder) reaches the
    report kernels through ``$STUDYKIT_DATA_DIR``, which they inherit from the worker.
    ``fork_server``: the socket of the fork server the kernels come from (None: fresh kernels).
    ``env``: :func:`kernel_env`, which the kernels inherit.
    """
    global _KERNEL_MANAGER
    os.environ.update(env)
    if data_dir is not None:
        os.environ["STUDYKIT_DATA_DIR"] = str(data_dir)
    from .forkserver import ForkKernelManager, ForkProvisioner

    ForkProvisioner.server = fork_server  # None: every kernel is a fresh process
    _KERNEL_MANAGER = ForkKernelManager
    _warm_exporter(show_code)


def _export(nb, job: Job) -> bytes:
    exporter = _EXPORTER[1]
    exporter.language_code = job.lang
    from .assets import assets

    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": job.titles[job.lang]}, "studykit": assets()}
    )
    return body.encode("utf-8")


def _run(job: Job, reports_dir: Path, build_dir: Path, timeout: float | None = TIMEOUT) -> Result:
    """Render one report in a pool worker and store it."""
    return _store(*_execute(job, build_dir, timeout), reports_dir)


def _execute(job: Job, build_dir: Path, timeout: float | None) -> tuple[Result, bytes | None, bytes | None]:
    """Execute one report: its result, its HTML (None if no notebook came back) and its executed notebook."""
    import nbformat
    import papermill

    from .forkserver import ForkProvisioner
    from .stopped import Watch, as_cell_error

    started = time.perf_counter()
    workdir = Path(
        tempfile.mkdtemp(dir=build_dir)
    )  # own folder per kernel: IPC socket files must not collide
    executed = workdir / "executed.ipynb"
    error, watch = None, Watch()
    try:
        papermill.execute_notebook(
            str(job.notebook_path),
            str(executed),
            parameters=job.parameters,
            kernel_name=KERNEL,
            progress_bar=False,
            request_save_on_cell_execute=False,
            record_timing=False,
            shutdown_kernel="immediate",
            cwd=str(workdir),
            kernel_manager_class=_KERNEL_MANAGER,
            execution_timeout=timeout,
            **watch.hooks(),
        )
    except Exception as exc:  # noqa: BLE001 - a cell error, dead kernel, cell timeout or broken notebook must not stop the other jobs
        exc = as_cell_error(
            watch, exc, str(executed)
        )  # a dead kernel or a timeout under a cell fails at that cell
        if isinstance(exc, papermill.PapermillExecutionError):
            error = {
                "cell": exc.exec_count,
                "cell_index": exc.cell_index,
                "ename": exc.ename,
                "evalue": exc.evalue,
            }
        else:
            error = {
                "cell": None,
                "cell_index": None,
                "ename": type(exc).__name__,
                "evalue": (str(exc).splitlines() or [""])[0],
            }
    kernel = ForkProvisioner.last
    if not executed.exists():
        return Result(job, False, time.perf_counter() - started, error, kernel), None, None
    nb = nbformat.read(executed, as_version=4)
    normalize(nb, job)
    html = _export(nb, job)
    return (
        Result(job, error is None, time.perf_counter() - started, error, kernel),
        html,
        nbformat.writes(nb).encode("utf-8") + b"\n",
    )


def _store(result: Result, html: bytes | None, notebook: bytes | None, reports_dir: Path) -> Result:
    """Put a report in place (or, failed, its error notebook under _failed/, the previous report left untouched)."""
    job = result.job
    if html is None:
        return result
    if result.ok:
        write_atomic(reports_dir / NOTEBOOK_DIR / job.output.replace(".html", ".ipynb"), notebook)
        write_atomic(reports_dir / job.output, html)
        (reports_dir / FAILED_DIR / job.output).unlink(missing_ok=True)
    else:
        write_atomic(reports_dir / FAILED_DIR / job.output, html)
    return result


def _baseline_one(path: Path, build_dir: Path) -> tuple[str, dict[str, Any] | None]:
    """Execute a notebook with its default parameters and store the outputs in place (the nbval baseline)."""
    import nbformat
    import papermill

    workdir = Path(tempfile.mkdtemp(dir=build_dir))
    executed = workdir / path.name
    try:
        papermill.execute_notebook(
            str(path),
            str(executed),
            kernel_name=KERNEL,
            progress_bar=False,
            request_save_on_cell_execute=False,
            record_timing=False,
            shutdown_kernel="immediate",
            cwd=str(workdir),
            kernel_manager_class=_KERNEL_MANAGER,
        )
    except papermill.PapermillExecutionError as exc:
        return path.name, {"cell": exc.exec_count, "ename": exc.ename, "evalue": exc.evalue}
    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    write_atomic(path, nbformat.writes(nb).encode("utf-8") + b"\n")
    return path.name, None


def baseline(
    paths: list[Path], workers: int | None = None, isolation: str = "fork"
) -> list[tuple[str, dict[str, Any] | None]]:
    """Re-execute the notebooks in place (default parameters, one kernel each): the regression baseline nbval compares with."""
    ensure_kernel()
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    with (
        tempfile.TemporaryDirectory(prefix="studykit-baseline-") as tmp,
        _fork_server(isolation, Path(tmp)) as server,
        _pool(workers, False, server, Path(tmp)) as pool,
    ):
        return sorted(pool.map(_baseline_one, paths, [Path(tmp)] * len(paths)))


# --- main side --------------------------------------------------------------------


@contextmanager
def _temp_dir():
    """The render's temporary folder (kernel sockets, IPython dir), removed at the end; a later render removes it
    if this process is killed before it can (:mod:`.lifetime`)."""
    path = lifetime.make_temp_dir()
    try:
        yield str(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _fork_server(isolation: str, tmp: Path):
    """With ``isolation="fork"``, the fork server the kernels come from, else (or where it cannot start) None.

    Started before anything else of a render (corpus validation, the pool), so that its imports overlap them."""
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
    _warm_exporter(show_code)  # inherited by the workers where they are forked from this process
    pool = ProcessPoolExecutor(
        workers,
        initializer=_init_pool_worker,
        initargs=(os.getpid(), show_code, kernel_env(tmp), data_dir, server and server.path),
    )
    try:
        yield pool
    except BaseException:  # Ctrl-C, SIGTERM: stop the workers now instead of waiting for their reports
        if server:
            server.close()  # its kernels first, so that none sees its client vanish mid-message
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _init_pool_worker(parent: int, *args) -> None:
    """A local pool worker: dies with the render process (even killed with SIGKILL), leaves Ctrl-C to it."""
    lifetime.worker_signals()
    lifetime.die_with_parent(signal.SIGKILL, parent)
    _init_worker(*args)


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
        for future in as_completed([pool.submit(_run, job, reports_dir, tmp, timeout) for job in todo]):
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
) -> tuple[list[Result], list[Job]]:
    """Render the jobs that changed (all with ``force``); return the results and the skipped jobs.

    ``isolation``: "fork" (kernels forked from a warm fork server) or "kernel" (a fresh
    kernel process per report); ``timeout``: seconds a cell may run (None: no limit);
    ``scheduler``: the address of a Dask scheduler to run the jobs on instead of the local
    pool (see ``cluster``).

    ``manifest_path``: the manifest the jobs were planned from; given, a render in which
    every job is up to date records the run key that lets the next no-op skip planning.
    """
    from ..paths import resolve_data_dir

    key = run_key(manifest_path, data_dir, show_code) if manifest_path else None  # before anything can change
    data_dir = resolve_data_dir(data_dir)  # absolute: the kernels' working folder is not ours
    reports_dir = Path(os.path.abspath(reports_dir))
    inputs = Inputs(data_dir)
    state = load_state(reports_dir)
    before = dict(state)
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
    state[RUN_KEY] = {"key": key, "outputs": sorted(j.output for j in jobs)} if key and complete else None
    state = {k: v for k, v in state.items() if v is not None}
    if state != before:
        write_atomic(
            reports_dir / STATE_FILE, (json.dumps(dict(sorted(state.items())), indent=1) + "\n").encode()
        )
    order = {j.output: i for i, j in enumerate(jobs)}
    results.sort(key=lambda r: order[r.job.output])
    write_index(jobs, reports_dir, data_hash(data_dir), getattr(jobs, "drafts", ()))
    return results, skipped


def write_index(jobs: list[Job], reports_dir: Path, data_hash: str, drafts: tuple[str, ...] = ()) -> Path:
    """reports/index.html: every report in both languages, with its title and parameters, and the drafts left out."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "site"),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    from ..reports import i18n

    rows: dict[str, dict[str, Any]] = {}
    for job in jobs:
        key = job.output.split("/", 1)[1]
        row = rows.setdefault(key, {"group": job.group, "titles": job.titles, "parameters": {}, "links": {}})
        row["links"][job.lang] = job.output if (reports_dir / job.output).exists() else None
        row["parameters"] = {k: v for k, v in job.parameters.items() if k != "lang"}
    html = env.get_template("index.html.j2").render(
        rows=list(rows.values()),
        t=lambda key, lang: i18n.t(key, lang),
        langs=i18n.LANGS,
        version=__version__,
        data_hash=data_hash,
        drafts=list(drafts),
        json=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True),
    )
    target = reports_dir / "index.html"
    if not target.exists() or target.read_text(encoding="utf-8") != html:
        write_atomic(target, html.encode("utf-8"))
    return target


def failure_line(result: Result, reports_dir: Path = REPORTS_DIR) -> str:
    e = result.error or {}
    cell = f"cell In [{e['cell']}]" if e.get("cell") is not None else "before any cell ran"
    params = json.dumps(result.job.parameters, ensure_ascii=False, sort_keys=True)
    where = _shown(reports_dir / FAILED_DIR / result.job.output)
    return f"FAILED notebooks/{result.job.notebook}.ipynb {params}: {cell}: {e.get('ename')}: {e.get('evalue')} (see {where})"


__all__ = ["Job", "Result", "render", "write_index", "ensure_kernel", "normalize", "PROJECT_ROOT"]
