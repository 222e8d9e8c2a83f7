"""The fork server process (the zygote): it imports the libraries once, then forks one ipykernel per request,
reaps its children and relays the workers' signals to them.

It runs as ``python -m studykit.render.forkserver FD`` (:func:`main`); the rules that make its forks safe
are the design notes of :mod:`.forkserver`, whose render side starts it and talks to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import selectors
import shutil
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from . import lifetime, preload

INLINE_BACKEND = (
    "module://matplotlib_inline.backend_inline"  # what ipykernel puts in MPLBACKEND when it is unset
)
STARTUP_ENV = re.compile(
    r"^(PYTHON|MPL|OPENBLAS_|OMP_|MKL_|NUMEXPR_|VECLIB_)"
)  # read at interpreter start or import


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


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """One message of the fork server's protocol: a JSON object on a line."""
    sock.sendall(json.dumps(message).encode() + b"\n")


def signal_kernel(pid: int, signum: int) -> None:
    """Signal a child of this process that is not reaped yet: its process group, or the child alone while it
    has none.

    A child makes its group (``setsid``) only after some work of its own (:meth:`Zygote.become_kernel`); a
    signal to the group before then reached nobody, and a shutdown that then waited for the child to exit
    waited for good (the child waits for its parent to die)."""
    try:
        os.killpg(pid, signum)  # not reaped yet, so the pid (and once it exists, the group) is this kernel's
    except ProcessLookupError:  # no group yet: the child has not reached setsid()
        try:
            os.kill(pid, signum)
        except OSError:
            pass
    except OSError:
        pass


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
        """Import the libraries once (:mod:`.preload`), then check that forking is safe."""
        import gc

        before = dict(os.environ)
        preload.import_libraries(self.exit_if_orphaned)
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
        """Fork a kernel for a worker. A worker stopped with its render (Ctrl-C, SIGTERM) may be gone before
        it asks or before it learns the pid: no bad request then, and a kernel forked for it is killed and
        reaped like any other (its pidfd is watched before anything else can fail)."""
        conn.settimeout(10)
        try:
            line = conn.makefile("rb").readline()
            request = json.loads(line) if line else None  # nothing: the worker went away before asking
            refusal = None if request is None else (self.refusal or self.check(request))
        except (OSError, ValueError) as exc:
            print(f"studykit fork server: bad request: {exc}", file=sys.stderr)
            conn.close()
            return
        if request is None or refusal:
            with contextlib.suppress(OSError):  # the worker may be gone before the refusal reaches it
                if refusal:
                    send(conn, {"refused": refusal})
            conn.close()
            return
        try:
            pid = os.fork()
            if pid == 0:
                self.become_kernel(request, conn)  # never returns
            pidfd = os.pidfd_open(pid)
        except OSError as exc:
            print(f"studykit fork server: cannot fork a kernel: {exc}", file=sys.stderr)
            conn.close()
            return
        self.children[pid] = (conn, pidfd)
        self.selector.register(pidfd, selectors.EVENT_READ, ("exit", pid))
        try:
            send(conn, {"pid": pid})
        except OSError:  # the worker is gone: so must be its kernel (reaped when its exit shows)
            signal_kernel(pid, signal.SIGKILL)
            return
        self.selector.register(conn, selectors.EVENT_READ, ("worker", pid))

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
            signal_kernel(pid, signum)
        if not data:
            self.selector.unregister(conn)

    def reap(self, pid: int) -> None:
        conn, pidfd = self.children.pop(pid)
        _, status = os.waitpid(pid, 0)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        try:
            send(conn, {"exit": os.waitstatus_to_exitcode(status)})
        except OSError:
            pass
        if conn.fileno() in self.selector.get_map():
            self.selector.unregister(conn)
        conn.close()

    def shutdown(self) -> None:
        for pid in list(self.children):
            signal_kernel(pid, signal.SIGKILL)
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
