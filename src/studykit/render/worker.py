"""One report in one worker process: its kernel's environment, execution, export to HTML, storage.

What a local pool worker (``engine``) and a Dask worker (``cluster``) both do, in public functions:
:func:`init_worker` prepares the process once, :func:`execute` runs a report and returns its
bytes, :func:`store` puts them in place. Executed notebooks are normalized (no timestamps,
stable ids, relative paths) so that identical inputs give identical bytes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import write_atomic
from .manifest import Job

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
    # a render started from a notebook in JupyterLab (`!studykit render`) inherits the notebook's session:
    # its reports are the site's, their links relative to reports/<lang>/ (reports.links.open_in_lab)
    "JPY_SESSION_NAME": "",
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
    (profile / "ipython_kernel_config.py").write_text(IPYTHON_CONFIG, encoding="utf-8", newline="")
    return {**KERNEL_ENV, "IPYTHONDIR": str(tmp / "ipython")}


TIMEOUT = 600  # seconds a cell may run before its report fails


@dataclass
class Result:
    """How one report went: ok or its error, the seconds it took, and the kind of kernel it ran in."""

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
    """Remove what differs between two runs of the same inputs: papermill's timings, cell execution metadata
    and absolute paths (the notebook is recorded relative to the manifest's folder, wherever that is)."""
    meta = nb.metadata
    papermill = meta.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "environment_variables"):
        papermill.pop(key, None)
    papermill["input_path"] = job.source
    papermill["output_path"] = f"{NOTEBOOK_DIR}/{job.output.removesuffix('.html')}.ipynb"
    meta["title"] = job.titles[job.lang]
    meta["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"


_EXPORTER = None  # (show_code, the HTML exporter) of this process
_KERNEL_MANAGER = None


def warm_exporter(show_code: bool) -> None:
    """Import papermill and nbconvert and build the one HTML exporter, its templates compiled (≈ 1 CPU-s).

    The render process does this before it starts its pool: the workers are forked from it (Linux)
    and inherit it, instead of each paying for it while the fork server is still importing; where
    workers are spawned instead, :func:`init_worker` does it in each.
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


def init_worker(
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
    warm_exporter(show_code)


def export_html(nb, job: Job) -> bytes:
    """The executed notebook as the report's HTML, by the exporter :func:`warm_exporter` built."""
    exporter = _EXPORTER[1]
    exporter.language_code = job.lang
    from .assets import assets

    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": job.titles[job.lang]}, "studykit": assets()}
    )
    return body.encode("utf-8")


def run(job: Job, reports_dir: Path, build_dir: Path, timeout: float | None = TIMEOUT) -> Result:
    """Render one report in a pool worker and store it."""
    return store(*execute(job, build_dir, timeout), reports_dir)


def papermill_run(notebook: Path, executed: Path, workdir: Path, **options: Any) -> None:
    """Execute ``notebook`` into ``executed`` with the settings every studykit run shares (our kernel, the
    worker's kernel manager, no progress bar or timing metadata, ``workdir`` as the kernel's folder)."""
    import papermill

    papermill.execute_notebook(
        str(notebook),
        str(executed),
        kernel_name=KERNEL,
        progress_bar=False,
        request_save_on_cell_execute=False,
        record_timing=False,
        shutdown_kernel="immediate",
        cwd=str(workdir),
        kernel_manager_class=_KERNEL_MANAGER,
        **options,
    )


def execute(job: Job, build_dir: Path, timeout: float | None) -> tuple[Result, bytes | None, bytes | None]:
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
        papermill_run(
            job.notebook_path,
            executed,
            workdir,
            parameters=job.parameters,
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
    html = export_html(nb, job)
    return (
        Result(job, error is None, time.perf_counter() - started, error, kernel),
        html,
        nbformat.writes(nb).encode("utf-8") + b"\n",
    )


def store(result: Result, html: bytes | None, notebook: bytes | None, reports_dir: Path) -> Result:
    """Put a report in place (or, failed, its error notebook under _failed/, the previous report left
    untouched)."""
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


def baseline_one(path: Path, build_dir: Path) -> tuple[str, dict[str, Any] | None]:
    """Execute a notebook with its default parameters and store the outputs in place (the nbval baseline)."""
    import nbformat
    import papermill

    workdir = Path(tempfile.mkdtemp(dir=build_dir))
    executed = workdir / path.name
    try:
        papermill_run(path, executed, workdir)
    except papermill.PapermillExecutionError as exc:
        return path.name, {"cell": exc.exec_count, "ename": exc.ename, "evalue": exc.evalue}
    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata.get("language_info", {}).pop("version", None)  # Python's patch release: not the baseline's
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
