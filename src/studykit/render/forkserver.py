"""Warm, isolated report kernels: a fork server that imports the heavy libraries once and forks one kernel
per report.

Why. A report's cells cost 0.3–2.5 CPU-s, but a fresh kernel first pays ≈ 0.5 s to
start ipykernel and 1–3.6 CPU-s to import pandas, matplotlib, seaborn, scipy and
studykit's report modules (benchmarks/README.md). Sharing one warm kernel between
reports would leak state from one report into the next. Forking keeps both: the
imports are paid once, and every report still runs in a process of its own, which
starts from the same clean state and takes nothing with it when it ends.

How. ``studykit render`` starts one server process (the zygote) per run::

    render (main) ──starts──> zygote: imports ipykernel, IPython, numpy, pandas,
         │                    matplotlib, seaborn, scipy, studykit.reports; gc.freeze()
    pool workers (papermill + nbclient, unchanged)
         │  ForkKernelManager: "a kernel for this connection file, cwd and environment"
         └──unix socket──> zygote ──fork──> kernel: setsid, chdir, environment,
                                            reseed, IPKernelApp.initialize(-f file), start

The child *is* an ordinary ipykernel (``IPKernelApp``, as ``python -m
ipykernel_launcher -f file`` runs it), so execution, display formatting, streams and
error reports are ipykernel's own and the executed notebooks and HTML are byte-identical
to the fresh-kernel path (a test compares the whole report set). Papermill, nbclient and
the kernel manager are unchanged: only the provisioner's ``launch_kernel`` differs
(:class:`ForkProvisioner`), so timeouts, interrupts, dead-kernel detection and error
notebooks take the same code paths as with a fresh kernel.

Where. This module is the render side (starting the server, a provisioner whose kernels come from it);
the server's loop is :mod:`.zygote`, what it imports once :mod:`.preload`.

Rules that make the fork safe (and why):

* Nothing that owns a thread, a socket or an event loop exists before the fork: the
  zygote only imports. Every zmq context, Session (jupyter_client's Session drops
  messages sent from another pid than the one that created it), heartbeat and iopub
  thread and tornado loop is created by ``initialize()`` in the child. BLAS/OpenMP
  pools would start threads at import, so their thread counts are 1 in the kernel
  environment (for fresh kernels too: identical numbers). The zygote checks that it
  has exactly one OS thread (``/proc/self/task``) and refuses to fork otherwise.
* State a fresh interpreter would not share: ``random`` reseeds itself after a fork;
  numpy's global generator is reseeded from OS entropy in the child. The environment,
  working directory, ``sys.argv`` and the process group (``setsid``) are the child's
  own, as ``Popen(start_new_session=True)`` would give them; variables the warm-up's
  imports set (debugpy's ``PYDEVD_USE_FRAME_EVAL``) are set again on top, as those
  imports would have set them in a fresh kernel.
* What to import: everything a kernel would import before and during a report, the
  modules ``IPKernelApp.initialize()`` loads (the debugger) and the lazily loaded ones
  (pandas' Styler, the Agg canvas, every view and analysis module). Each module left to
  the child costs every report its import again (measured, benchmarks/README.md).
* What to compute before the fork: only what every report computes identically on first use
  and keeps in a process-wide cache (the message catalogue, fonts and the Agg renderer's font
  objects, the PNG encoder, pandas' Styler templates: ``reports/warm.py``, ≈ 0.1 CPU-s per
  report), never the figure style or anything else in rcParams: the kernel's inline backend
  sets rcParams in ``initialize()``, after the fork, and a report's style must come after it,
  as in a fresh kernel.
* What is decided at interpreter start or at import cannot be changed after the fork:
  the hash seed, ``PYTHONPATH``, the matplotlib backend (``MPLBACKEND``, which ipykernel
  would set to the inline backend before anything imports matplotlib: the zygote sets it
  the same way) and the thread-count variables. A request whose environment differs in
  those from the zygote's, or a kernel command that is not ``-m ipykernel_launcher``
  of this interpreter, is refused and that report gets a fresh kernel.
* The matplotlib inline backend itself is not imported in the zygote: it hooks into the
  IPython shell when imported, and the shell exists only in the child.
* The zygote owns its children: it reaps them, tells the worker the exit status, and
  delivers the worker's signals (SIGINT on a cell timeout, SIGKILL on shutdown) to the
  kernel's process group while the child is known not to be reaped (no pid reuse).
  A kernel whose worker disconnects is killed; a zygote whose parent goes away (its stdin
  closes) kills its kernels and exits; a kernel whose zygote dies exits (ipykernel's
  parent poller).

Fallback. Where there is no ``os.fork``/``os.pidfd_open`` (macOS, Windows), when the
zygote cannot start, refuses a request or does not answer, the provisioner launches an
ordinary fresh kernel (``LocalProvisioner``), which is also what ``--isolation kernel``
always does.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type, Unicode

from . import lifetime
from .client import ReadyClient, reaped
from .zygote import send

REPLY_TIMEOUT = (
    120.0  # seconds to wait for the zygote (it may still be importing when the first request comes)
)


def available() -> bool:
    """Can this platform fork warm kernels (fork, pidfd and /proc: Linux)?"""
    return hasattr(os, "fork") and hasattr(os, "pidfd_open") and Path("/proc/self/task").is_dir()


def start(directory: Path, env: dict[str, str]) -> ForkServer | None:
    """A fork server for one render run, or None where fork is unavailable or it cannot start (kernels are
    then fresh)."""
    if not available():
        return None
    try:
        return ForkServer(directory, env)
    except OSError as exc:
        print(f"studykit: no fork server ({exc}); every report gets a fresh kernel", file=sys.stderr)
        return None


class ForkServer:
    """The zygote process of one render run (a context manager); ``path`` is where workers reach it."""

    def __init__(self, directory: Path, env: dict[str, str]):
        self.path = str(directory / "forkserver.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(
                self.path
            )  # listening before the zygote has imported anything: early requests wait in the backlog
            listener.listen(64)
            parent = lifetime.parent_for_children()
            self.process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(listener.fileno())],
                stdin=subprocess.PIPE,
                cwd=directory,
                env={**env, lifetime.PARENT_VARIABLE: parent} if parent else env,
                pass_fds=[listener.fileno()],
            )

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ForkedKernel:
    """The part of ``subprocess.Popen`` a provisioner uses, for a kernel forked by the zygote."""

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, pid: int):
        self.conn, self.pid, self.returncode = conn, pid, None
        self.buffer = b""

    @classmethod
    def start(cls, path: str, argv: list[str], cwd: str, env: dict[str, str]) -> ForkedKernel | str:
        """Ask the zygote for a kernel; the kernel, or why there is none (then the caller starts a fresh
        one)."""
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.settimeout(REPLY_TIMEOUT)
            conn.connect(path)
            send(conn, {"argv": argv, "cwd": cwd, "env": env})
            reply = json.loads(conn.makefile("rb").readline() or b"{}")
        except (OSError, ValueError) as exc:
            conn.close()
            return f"no answer from the fork server ({exc})"
        if "pid" not in reply:
            conn.close()
            return reply.get("refused", "the fork server closed the connection")
        conn.setblocking(False)
        return cls(conn, reply["pid"])

    def _read(self, timeout: float | None) -> None:
        """Take in the zygote's news (the exit status), waiting at most ``timeout`` s (0: don't wait, None:
        until it comes)."""
        self.conn.settimeout(timeout)
        try:
            data = self.conn.recv(4096)
        except (BlockingIOError, TimeoutError):
            return
        except OSError:
            data = b""
        if not data:  # the zygote is gone, and with it (its parent poller sees to it) the kernel
            self.returncode = -signal.SIGKILL if self.returncode is None else self.returncode
            return
        self.buffer += data
        for line in self.buffer.split(b"\n")[:-1]:
            self.returncode = json.loads(line)["exit"]
        self.buffer = self.buffer.rsplit(b"\n", 1)[-1]

    def poll(self) -> int | None:
        if self.returncode is None:
            self._read(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("forked kernel", timeout)
            self._read(None if deadline is None else max(0.01, deadline - time.monotonic()))
        self.conn.close()
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            self.conn.settimeout(None)
            send(self.conn, {"signal": int(signum)})

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernels come from the fork server; a fresh kernel when it has none to give."""

    server: str | None = None  # the zygote's socket, set in each pool worker (None: fresh kernels only)
    last = "fresh"  # how this process's last kernel was started: "forked", "fresh", "fresh (why no fork)"

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        ForkProvisioner.last = "fresh"
        if self.server is None:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        kernel = ForkedKernel.start(self.server, cmd, cwd, kwargs.get("env") or dict(os.environ))
        if isinstance(kernel, str):
            ForkProvisioner.last = f"fresh ({kernel})"
            return await super().launch_kernel(cmd, **kwargs)
        ForkProvisioner.last = "forked"
        self.process, self.pid, self.pgid, self.cwd = (
            kernel,
            kernel.pid,
            None,
            cwd,
        )  # signals go through the zygote
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        process = self.process
        await super().kill(restart)
        if process is not None:
            await reaped(
                process
            )  # jupyter_client then finds it gone at its first check instead of 0.1 s later


class ForkKernelManager(AsyncKernelManager):
    """The renderer's kernel manager: IPC sockets (no open TCP ports), kernels from the fork server when
    there is one, and a client that does not idle (:mod:`.client`)."""

    transport = Unicode("ipc")
    client_class = DottedObjectName("studykit.render.client.ReadyClient")
    client_factory = Type(ReadyClient)

    async def _async_pre_start_kernel(self, **kw: Any):
        if (
            self.provisioner is None
        ):  # instead of the kernelspec's provisioner (LocalProvisioner for every kernelspec here)
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = ForkProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)


if __name__ == "__main__":  # the zygote's command line, ``python -m studykit.render.forkserver FD``
    from .zygote import main

    main(sys.argv[1:])
