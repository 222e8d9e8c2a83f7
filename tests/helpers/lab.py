"""A JupyterLab server for a browser test: `.venv-lab/`, 127.0.0.1, a free port, a token, Jupyter config,
runtime, settings and workspace directories of its own (no news toast, no autosave), Debian's Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from studykit.paths import PROJECT_ROOT

from .browser import CHROMIUM, CHROMIUM_ARGS

LAB = PROJECT_ROOT / ".venv-lab" / "bin" / "jupyter-lab"
SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},  # a test never writes a notebook back
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(root: Path, work: Path, env: dict[str, str]) -> Iterator[dict]:
    """JupyterLab serving ``work`` (its state under ``root``), the kernels with ``env`` added; yields its base
    URL, token and a Chromium browser (Playwright). Skips without Chromium or `.venv-lab/`."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (`make test` installs it with apt-get when it can)")
    if not LAB.exists():
        pytest.skip("JupyterLab is not installed in .venv-lab/ (`make test` installs it)")
    port, token = _free_port(), secrets.token_hex(16)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "STUDYKIT"))}
    environ.update(
        JUPYTER_CONFIG_DIR=str(root / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(root / "jupyter-runtime"),
        JUPYTER_DATA_DIR=str(root / "jupyter-data"),
        JUPYTERLAB_SETTINGS_DIR=str(root / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "lab-workspaces"),
        IPYTHONDIR=str(root / "ipython"),
        **env,
    )
    for plugin, values in SETTINGS.items():
        path = root / "lab-settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    log = (root / "lab.log").open("w")
    server = subprocess.Popen(
        [
            str(LAB),
            "--no-browser",
            "--allow-root",  # CI containers run as root; the server listens on the loopback address only
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError((root / "lab.log").read_text()) from None
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield {"base": base, "token": token, "browser": browser}
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
