"""Render children die with their parent, and a render leaves no temporary folder behind.

A render killed with SIGKILL cannot clean up after itself; its pool workers, fork
server and kernels would run on for good (~430 MB) with their ``/tmp`` folders.
So every child asks the kernel to signal it when its parent dies
(``prctl(PR_SET_PDEATHSIG)``, Linux; elsewhere the children's own parent checks
remain: the fork server's stdin pipe, ipykernel's parent poller). The signal is
sent when the *thread* that started the child ends, so only children started by
a main thread use it. Folders of renders whose process is gone are removed by the
next render (:func:`sweep`).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

PREFIX = "studykit-render-"
OWNER = ".owner-pid"  # the render process that owns the folder
PARENT_VARIABLE = (
    "STUDYKIT_RENDER_PARENT"  # the fork server's parent pid, set when it may use the death signal
)
_PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int, parent: int) -> None:
    """Have the kernel send ``signum`` to this process when ``parent`` dies; if it is already gone, now."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os.kill(os.getpid(), signum)


def parent_for_children() -> str | None:
    """This process's pid for its children's death signal, or None when called off the main thread."""
    return str(os.getpid()) if threading.current_thread() is threading.main_thread() else None


def make_temp_dir() -> Path:
    """A render's temporary folder, marked with its owner's pid so that a later render can remove it if
    orphaned."""
    sweep()
    path = Path(tempfile.mkdtemp(prefix=PREFIX))
    (path / OWNER).write_text(str(os.getpid()), newline="")
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep() -> None:
    """Remove the temporary folders of renders whose process no longer exists (a render killed with
    SIGKILL)."""
    for path in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((path / OWNER).read_text())
        except (OSError, ValueError):
            continue  # not ours to judge (an older studykit's, or being created)
        if not _alive(owner):
            shutil.rmtree(path, ignore_errors=True)


def worker_signals() -> None:
    """Ctrl-C reaches the whole foreground process group: a worker leaves it to the render process, which
    stops the workers with SIGTERM (the default action: no handler inherited from the render runs, no
    traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
