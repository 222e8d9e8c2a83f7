"""Kernels forked from a warm fork server, as the render's pool workers get them, for tests that run
notebooks or probe kernels themselves."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def fork_server(directory: Path) -> Iterator:
    """A fork server in ``directory``; while it runs, a ``ForkKernelManager`` kernel of this process (e.g.
    papermill's ``kernel_manager_class``) is forked from it. This process's environment gets the kernels'
    variables meanwhile, as in a pool worker: a kernel's environment must match the server's."""
    from studykit.render import engine, forkserver

    saved = dict(os.environ)
    os.environ.update(engine.KERNEL_ENV)
    server = forkserver.start(directory, dict(os.environ))  # None where the platform cannot fork kernels
    forkserver.ForkProvisioner.server = server and server.path
    try:
        yield server
    finally:
        forkserver.ForkProvisioner.server = None
        if server:
            server.close()
        os.environ.clear()
        os.environ.update(saved)
