"""The fork server: kernels forked from one warm process are isolated from each other, and it falls back to
fresh kernels."""

from __future__ import annotations

import asyncio
import configparser
import json
import os
import re
import shutil
import socket
import sys
import threading

import pytest
from helpers import fork_server

from studykit.paths import PROJECT_ROOT, baseline_notebooks
from studykit.render import engine, forkserver
from studykit.render import zygote as server_process

pytestmark = pytest.mark.skipif(
    not forkserver.available(), reason="fork server needs Linux (fork, pidfd, /proc)"
)

PROBE = (
    "import os, random, sys, numpy; print(json.dumps([os.getpid(), os.getppid(), os.getpgrp(), "
    "os.getcwd(), numpy.random.random(), random.random(), "
    "'leak' in globals(), [sys.argv[0], sys.path, sorted(os.environ), os.environ.get('MPLBACKEND'), "
    "sys.flags.hash_randomization]]))"
)


async def _probe(km_class, cwd) -> list:
    """Start a kernel the way papermill does, leave a global behind in it, and report what it sees."""
    km = km_class(kernel_name=engine.ensure_kernel())
    here = os.getcwd()
    os.chdir(
        cwd
    )  # IPC socket paths are relative: client and kernel share the working directory, as under papermill
    await km.start_kernel(cwd=str(cwd))
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        out = []
        await client.execute_interactive(
            f"import json; {PROBE}; leak = 1",
            output_hook=lambda m: out.append(m["content"].get("text", "")),
            timeout=60,
        )
        return json.loads("".join(out))
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)
        os.chdir(here)


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    """Two kernels from one fork server, one after the other, each in its own working directory."""
    tmp = tmp_path_factory.mktemp("forks")
    with fork_server(tmp) as server:
        seen = []
        for name in ("a", "b", "fresh"):
            if name == "fresh":
                forkserver.ForkProvisioner.server = None
            (tmp / name).mkdir()
            seen.append(asyncio.run(_probe(forkserver.ForkKernelManager, tmp / name)))
            assert forkserver.ForkProvisioner.last == ("fresh" if name == "fresh" else "forked")
        return server.process.pid, tmp, seen


def test_forked_kernels_are_separate_processes_with_their_own_state(kernels):
    zygote, tmp, (a, b, fresh) = kernels
    pid_a, parent_a, group_a, cwd_a, np_a, random_a, leaked_a, startup_a = a
    pid_b, parent_b, group_b, cwd_b, np_b, random_b, leaked_b, startup_b = b
    assert parent_a == parent_b == zygote and len({pid_a, pid_b, zygote}) == 3
    assert (group_a, group_b) == (pid_a, pid_b)  # own process group: a signal to one kernel reaches no other
    assert (cwd_a, cwd_b) == (str(tmp / "a"), str(tmp / "b"))
    assert (
        np_a != np_b and random_a != random_b
    )  # reseeded after the fork, not a copy of the server's generators
    assert not leaked_a and not leaked_b  # the global left in kernel a is not in kernel b
    assert (
        startup_a == startup_b == fresh[-1]
    )  # sys.argv[0], sys.path, environment names, MPLBACKEND, hash seed: as in a fresh kernel
    assert startup_a[3] == server_process.INLINE_BACKEND


def test_the_server_refuses_what_it_cannot_fork_faithfully():
    zygote = server_process.Zygote(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "kernel.json"]
    env = {k: v for k, v in zygote.env.items() if k != "MPLBACKEND"}
    assert zygote.check({"argv": argv, "env": env}) is None
    assert "differs" in zygote.check({"argv": argv, "env": {**env, "PYTHONHASHSEED": "12345"}})
    assert "not an ipykernel" in zygote.check({"argv": ["/usr/bin/R", "--slave"], "env": env})
    zygote.listener.close()


def test_a_thread_makes_forking_unsafe():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert "threads" in server_process.fork_hazard()
    finally:
        stop.set()
        thread.join()


def test_without_an_answer_from_the_server_a_report_gets_a_fresh_kernel(tmp_path, monkeypatch):
    from studykit.render.manifest import load_plan

    class Gone:
        path = str(tmp_path / "no-server.sock")

        def close(self):
            pass

    monkeypatch.setattr(forkserver, "start", lambda *args: Gone())
    job = next(j for j in load_plan() if j.output == "en/evidence-profile.html")
    (result,), _ = engine.render([job], reports_dir=tmp_path / "out", force=True, workers=1)
    assert result.ok and result.kernel.startswith("fresh (no answer from the fork server"), result.kernel
    assert (tmp_path / "out/en/evidence-profile.html").exists()


def _sanitized(text: str) -> str:
    """The text nbval compares: the rules of tests/nbval_sanitize.cfg (data hash, version) applied."""
    rules = configparser.ConfigParser()
    rules.read(PROJECT_ROOT / "tests/nbval_sanitize.cfg")
    for section in rules.sections():
        text = re.sub(rules[section]["regex"], rules[section]["replace"], text)
    return text


def test_the_warm_baseline_reproduces_the_committed_notebooks(tmp_path):
    copies = [shutil.copy(path, tmp_path) for path in baseline_notebooks()]
    assert all(
        error is None
        for _, error in engine.baseline([tmp_path / os.path.basename(c) for c in copies], isolation="fork")
    )
    for path in baseline_notebooks():
        fresh, committed = (
            (tmp_path / path.name).read_text(encoding="utf-8"),
            path.read_text(encoding="utf-8"),
        )
        assert _sanitized(fresh) == _sanitized(committed), (
            f"{path.name}: run `studykit baseline` and review git diff notebooks/"
        )
