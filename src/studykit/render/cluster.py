"""Rendering beyond one machine: the job list handed to a Dask distributed cluster instead of the local pool.

``studykit render --scheduler tcp://HOST:8786`` connects to an existing Dask scheduler
(``dask scheduler`` + ``dask worker`` on any number of machines, or a ``LocalCluster``)
and submits one task per report. Dask does the scheduling, retries and load balancing;
studykit adds nothing of its own.

Each worker process prepares once (a Dask worker plugin), exactly as a local pool worker
does: it takes the kernels' environment (the data directory included), starts its own fork
server when ``--isolation fork`` is asked for, and builds the HTML exporter. A task runs one report there and
returns its result, HTML and executed notebook as bytes; this process writes them under
``reports/`` as for a local render, so the output folder needs to exist only here.
The workers need the same studykit environment and must see the notebooks and the data
directory at the same paths as this process (one machine, or a shared file system).
papermill changes its process's working directory while a notebook runs, so a worker runs
one report at a time whatever its thread count.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from distributed import Client, WorkerPlugin, as_completed

from . import forkserver
from .manifest import Job
from .worker import Result, execute, init_worker, kernel_env, store

PLUGIN = "studykit-render"
_ONE_AT_A_TIME = threading.Lock()
_BUILD_DIR: Path | None = None


class RenderWorker(WorkerPlugin):
    """Prepares a Dask worker process to render reports: environment, fork server, HTML exporter."""

    def __init__(self, show_code: bool, isolation: str, data_dir: Path):
        self.show_code, self.isolation, self.data_dir = show_code, isolation, data_dir
        self.server = self.tmp = None

    def setup(self, worker=None) -> None:
        global _BUILD_DIR
        self.tmp = tempfile.TemporaryDirectory(prefix="studykit-worker-")
        _BUILD_DIR = Path(self.tmp.name)
        env = kernel_env(_BUILD_DIR)
        self.server = (
            forkserver.start(_BUILD_DIR, {**os.environ, **env}) if self.isolation == "fork" else None
        )
        init_worker(self.show_code, env, self.data_dir, self.server and self.server.path)

    def teardown(self, worker=None) -> None:
        if self.server:
            self.server.close()
        if self.tmp:
            self.tmp.cleanup()


class SchedulerUnreachable(Exception):
    """No Dask scheduler answered at ``address`` (``error``: why, as Dask said it): a network problem, not a
    file's (the CLI says what to check)."""

    def __init__(self, address: str, error: BaseException):
        super().__init__(f"{address}: {error}")
        self.address, self.error = address, str(error) or type(error).__name__


def _task(job: Job, timeout: float | None) -> tuple[Result, bytes | None, bytes | None]:
    with _ONE_AT_A_TIME:
        return execute(job, _BUILD_DIR, timeout)


def run_jobs(
    address: str,
    jobs: list[Job],
    reports_dir: Path,
    *,
    show_code: bool,
    isolation: str,
    timeout: float | None,
    data_dir: Path,
) -> Iterator[Result]:
    """Render ``jobs`` on the Dask cluster at ``address``; yield each result as it is stored under
    ``reports_dir``."""
    try:
        client = Client(address)
    except (OSError, ValueError, AssertionError) as exc:  # refused, timed out, unknown host, bad address
        raise SchedulerUnreachable(address, exc) from exc
    with client:
        client.register_plugin(RenderWorker(show_code, isolation, data_dir), name=PLUGIN)
        try:
            futures = [
                client.submit(_task, job, timeout, pure=False, key=f"studykit-{job.output}-{os.getpid()}")
                for job in jobs
            ]
            for future in as_completed(futures):
                yield store(*future.result(), reports_dir)
        finally:
            client.unregister_worker_plugin(PLUGIN)
