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
import re
import select
import selectors
import shutil
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

INLINE_BACKEND = (
    "module://matplotlib_inline.backend_inline"  # what ipykernel puts in MPLBACKEND when it is unset
)
# imported once in the zygote: what every report kernel would import, in the order a report imports it
WARM = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "seaborn",
    "scipy.stats",
    "studykit.reports.report",
    "studykit.reports.views",
    # what IPKernelApp.initialize() and a report's first table and figure import (measured: 0.2-0.4 CPU-s per
    # kernel
    # when left to the child): the debugger (debugpy), IPython's extensions and pdb, tornado's queues, pandas'
    # Styler
    # (jinja2), the Agg canvas and PIL's image plugins
    "ipykernel.debugger",
    "ipykernel.zmqshell",
    "IPython.extensions.storemagic",
    "pdb",
    "sqlite3",
    "tornado.queues",
    "tornado.platform.asyncio",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.logger",
    "pandas.io.formats.style",
    "pandas.io.formats.string",
    "pandas.core.reshape.reshape",
    "pandas.core.methods.to_dict",
    "matplotlib.backends.backend_agg",
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.PpmImagePlugin",
    "PIL.PngImagePlugin",
)
WARM_PACKAGES = (
    "studykit.reports.views",
    "studykit.analysis",
)  # every module in them: each report imports some of them
STARTUP_ENV = re.compile(
    r"^(PYTHON|MPL|OPENBLAS_|OMP_|MKL_|NUMEXPR_|VECLIB_)"
)  # read at interpreter start or import
REPLY_TIMEOUT = (
    120.0  # seconds to wait for the zygote (it may still be importing when the first request comes)
)


def available() -> bool:
    """Can this platform fork warm kernels (fork, pidfd and /proc: Linux)?"""
    return hasattr(os, "fork") and hasattr(os, "pidfd_open") and Path("/proc/self/task").is_dir()


def fork_hazard() -> str | None:
    """Why forking this process now would be unsafe (another thread exists: its locks would be copied held),
    or None."""
    import threading

    threads = len(os.listdir("/proc/self/task"))  # OS threads, BLAS/OpenMP pools included, not only Python's
    if threading.active_count() != 1 or threads != 1:
        return f"the fork server has {threads} threads after its imports; forking it would be unsafe"
    return None


def startup_env(env: dict[str, str]) -> dict[str, str]:
    """The part of an environment that is fixed when the interpreter starts or the libraries are imported."""
    return {k: v for k, v in env.items() if STARTUP_ENV.match(k)}


def _send(sock: socket.socket, message: dict[str, Any]) -> None:
    sock.sendall(json.dumps(message).encode() + b"\n")


# --- the zygote --------------------------------------------------------------------------


class Zygote:
    """The fork server's loop: accept requests, fork kernels, reap them, relay signals and exit statuses."""

    def __init__(self, listener: socket.socket):
        self.selector = selectors.DefaultSelector()
        self.listener = listener
        self.children: dict[int, tuple[socket.socket, int]] = {}  # pid -> (worker connection, pidfd)
        self.refusal: str | None = None
        self.imported_env: dict[str, str] = {}  # environment variables the warm-up's imports set
        self.env = {"MPLBACKEND": INLINE_BACKEND, **startup_env(os.environ)}  # as check() completes a request

    def warm_up(self) -> None:
        import gc
        import importlib
        import pkgutil

        before = dict(os.environ)
        for name in WARM:
            importlib.import_module(name)
            self.exit_if_orphaned()
        for package in WARM_PACKAGES:
            for module in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}."):
                importlib.import_module(module.name)
        importlib.import_module(
            "studykit.reports.warm"
        ).first_use()  # fonts, templates: what each report's first use would load
        self.imported_env = {
            k: v for k, v in os.environ.items() if before.get(k) != v
        }  # debugpy sets PYDEVD_USE_FRAME_EVAL
        self.refusal = fork_hazard()
        gc.collect()
        # imported objects stay put: children share their pages instead of copying them on the first
        # collection
        gc.freeze()

    @staticmethod
    def exit_if_orphaned() -> None:
        """Exit at once if the render process has closed our stdin already (e.g. its corpus did not
        validate)."""
        if select.select([0], [], [], 0)[0] and not os.read(0, 4096):
            os._exit(0)

    def serve(self) -> None:
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
        while True:
            for key, _ in self.selector.select():
                kind = key.data
                if kind == "parent":
                    if not os.read(key.fd, 4096):  # the render process is gone or done
                        return self.shutdown()
                elif kind == "accept":
                    conn, _ = self.listener.accept()
                    self.request(conn)
                elif kind[0] == "worker":
                    self.message(kind[1], key.fileobj)
                elif kind[0] == "exit":
                    self.reap(kind[1])

    def request(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            request = json.loads(conn.makefile("rb").readline())
            refusal = self.refusal or self.check(request)
            if refusal:
                _send(conn, {"refused": refusal})
                conn.close()
                return
            pid = os.fork()
            if pid == 0:
                self.become_kernel(request, conn)  # never returns
            pidfd = os.pidfd_open(pid)
            self.children[pid] = (conn, pidfd)
            _send(conn, {"pid": pid})
        except (OSError, ValueError) as exc:
            print(f"studykit fork server: bad request: {exc}", file=sys.stderr)
            conn.close()
            return
        self.selector.register(conn, selectors.EVENT_READ, ("worker", pid))
        self.selector.register(pidfd, selectors.EVENT_READ, ("exit", pid))

    def check(self, request: dict[str, Any]) -> str | None:
        argv = request.get("argv") or []
        if (
            len(argv) < 3
            or argv[1:3] != ["-m", "ipykernel_launcher"]
            or os.path.realpath(argv[0]) != os.path.realpath(sys.executable)
        ):
            return f"not an ipykernel of this interpreter: {argv[:3]}"
        wanted = {
            "MPLBACKEND": INLINE_BACKEND,
            **startup_env(request.get("env", {})),
        }  # ipykernel's default backend
        if wanted != self.env:
            return "the kernel's startup environment differs from the fork server's"
        return None

    def message(self, pid: int, conn: socket.socket) -> None:
        """A worker asks to signal its kernel, or has gone away (then its kernel must not outlive it)."""
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        if pid not in self.children:
            return
        signals = (
            [json.loads(line)["signal"] for line in data.splitlines() if line.strip()]
            if data
            else [signal.SIGKILL]
        )
        for signum in signals:
            try:
                os.killpg(pid, signum)  # not reaped yet, so the pid (and group) is still this kernel's
            except OSError:
                pass
        if not data:
            self.selector.unregister(conn)

    def reap(self, pid: int) -> None:
        conn, pidfd = self.children.pop(pid)
        _, status = os.waitpid(pid, 0)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        try:
            _send(conn, {"exit": os.waitstatus_to_exitcode(status)})
        except OSError:
            pass
        if conn.fileno() in self.selector.get_map():
            self.selector.unregister(conn)
        conn.close()

    def shutdown(self) -> None:
        for pid in list(self.children):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in list(self.children):
            self.reap(pid)

    def become_kernel(self, request: dict[str, Any], conn: socket.socket) -> None:
        """In the child: drop the server's resources, take the kernel's identity, run ipykernel; never
        returns."""
        code = 1
        try:
            zygote = os.getppid()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the zygote's orphan handler is not the kernel's
            lifetime.die_with_parent(signal.SIGKILL, zygote)
            conn.close()
            self.selector.close()
            self.listener.close()
            for conn, pidfd in self.children.values():
                conn.close()
                os.close(pidfd)
            devnull = os.open(os.devnull, os.O_RDONLY)  # a fresh kernel's stdin is a pipe nobody writes to
            os.dup2(devnull, 0)
            os.close(devnull)
            os.setsid()
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            os.environ.update(self.imported_env)  # what the imports set, as they would have in a fresh kernel
            os.environ["JPY_PARENT_PID"] = str(zygote)
            argv = request["argv"]
            import ipykernel_launcher  # noqa: F401 - only for its path, as sys.argv[0] of a launched kernel

            sys.argv = [ipykernel_launcher.__file__, *argv[3:]]
            if "numpy" in sys.modules:
                sys.modules[
                    "numpy"
                ].random.seed()  # fresh entropy, as a new interpreter would have (random reseeds itself)
            from ipykernel.kernelapp import IPKernelApp

            IPKernelApp.clear_instance()
            app = IPKernelApp.instance()
            app.initialize([*argv[3:], f"--IPKernelApp.parent_handle={zygote}"])
            app.start()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001 - the kernel could not start: say why, exit non-zero
            import traceback

            traceback.print_exc()
        finally:
            import atexit

            atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:  # noqa: BLE001
                    pass
            os._exit(code)


def main(argv: list[str]) -> None:
    """``python -m studykit.render.forkserver FD``: serve the listening socket FD until stdin closes."""
    if sys.path and Path(sys.path[0] or ".").resolve() == Path.cwd().resolve():
        del sys.path[0]  # as ipykernel_launcher does: a kernel's cwd is not on its import path
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    signal.signal(
        signal.SIGINT, signal.SIG_IGN
    )  # Ctrl-C goes to the render process, which then closes our stdin
    parent = int(os.environ.pop(lifetime.PARENT_VARIABLE, "0") or 0)
    zygote = Zygote(socket.socket(fileno=int(argv[0])))
    if parent:  # the render process died (even by SIGKILL): end the kernels, remove its folder, exit

        def orphaned(*_) -> None:
            zygote.shutdown()
            shutil.rmtree(Path.cwd(), ignore_errors=True)
            os._exit(0)

        signal.signal(signal.SIGTERM, orphaned)
        lifetime.die_with_parent(signal.SIGTERM, parent)
    zygote.warm_up()
    zygote.serve()
    if parent and os.getppid() != parent:  # stdin closed because the render died, not because it is done
        shutil.rmtree(Path.cwd(), ignore_errors=True)
    sys.stderr.flush()
    os._exit(0)  # no teardown of the imported libraries: the render waits for this exit


# --- the render side --------------------------------------------------------------------


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
            _send(conn, {"argv": argv, "cwd": cwd, "env": env})
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
            _send(self.conn, {"signal": int(signum)})

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


if __name__ == "__main__":
    main(sys.argv[1:])
