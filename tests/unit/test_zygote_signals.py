"""The fork server's signals reach a kernel whether or not it has made its own process group yet.

A forked kernel calls ``setsid`` only after some work of its own; a fork server told to stop in between
signalled a group that did not exist yet, then waited for good for a kernel that was waiting for it (the
killed-render test hung under load). Real children stand in for kernels: one still in its parent's group,
one that leads its own group with a child of its own.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from studykit.render.zygote import signal_kernel

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
