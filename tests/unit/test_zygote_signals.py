"""The fork server stops its kernels when the render stops, at any moment: whether or not a kernel has made
its own process group yet, and whether or not its worker is still there.

A forked kernel calls ``setsid`` only after some work of its own; a fork server told to stop in between
signalled a group that did not exist yet, then waited for good for a kernel that was waiting for it (the
killed-render test hung under load). Real children stand in for kernels: one still in its parent's group,
one that leads its own group with a child of its own.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from studykit.render.zygote import INLINE_BACKEND, Zygote, signal_kernel

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux's")

# says it is ready, blocks until its stdin closes, then says it survived: a process the signal missed
WAIT_FOR_STDIN = "import sys; print('ready', flush=True); sys.stdin.read(); print('survived', flush=True)"


def test_a_child_without_a_group_of_its_own_is_signalled_itself():
    child = subprocess.Popen(
        [sys.executable, "-c", WAIT_FOR_STDIN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline() == "ready\n"
    signal_kernel(child.pid, signal.SIGKILL)  # no group has its pid: it has not called setsid()
    child.stdin.close()
    assert child.stdout.read() == "" and child.wait() == -signal.SIGKILL


def test_a_child_that_leads_its_group_is_signalled_with_the_whole_group():
    leader = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {WAIT_FOR_STDIN!r}]).wait()"
    child = subprocess.Popen(
        [sys.executable, "-c", leader],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        start_new_session=True,  # as a forked kernel's setsid()
        text=True,
    )
    assert child.stdout.readline() == "ready\n"  # the group's second member is running
    signal_kernel(child.pid, signal.SIGTERM)
    child.stdin.close()
    assert child.stdout.read() == "" and child.wait() == -signal.SIGTERM  # nobody survived


# --- a worker that is gone (its render stopped) before it asks, or before it learns its kernel's pid


def _request_from_a_gone_worker(message: bytes):
    """The fork server's side of a connection whose worker wrote ``message`` and went away."""
    zygote = Zygote(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
    ours, theirs = socket.socketpair()
    theirs.sendall(message)
    theirs.close()
    zygote.request(ours)
    return zygote


def test_a_worker_gone_before_it_asks_is_no_bad_request(capfd):
    zygote = _request_from_a_gone_worker(b"")
    assert zygote.children == {} and capfd.readouterr().err == ""


def test_a_kernel_forked_for_a_worker_gone_meanwhile_is_killed_and_watched(monkeypatch, tmp_path, capfd):
    kernel = subprocess.Popen(  # stands in for the forked kernel
        [sys.executable, "-c", WAIT_FOR_STDIN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert kernel.stdout.readline() == "ready\n"
    monkeypatch.setattr(os, "fork", lambda: kernel.pid)
    env = dict(os.environ, MPLBACKEND=INLINE_BACKEND)
    request = {"argv": [sys.executable, "-m", "ipykernel_launcher"], "env": env, "cwd": str(tmp_path)}
    zygote = _request_from_a_gone_worker(json.dumps(request).encode() + b"\n")
    monkeypatch.undo()
    kernel.stdin.close()
    assert kernel.stdout.read() == "" and kernel.wait() == -signal.SIGKILL
    pidfd = zygote.children[kernel.pid][1]
    assert zygote.selector.get_map()[pidfd].data == ("exit", kernel.pid)  # reaped when its exit shows
    assert capfd.readouterr().err == ""
