"""``make lab`` opens the coding workbench as the coder's working copy, ``work/0-code-a-study.ipynb``
(git-ignored), so that saving it from JupyterLab (outputs, widget state, the study_id typed in) leaves
the checkout clean; the coding itself is written to data/ by the workbench's Save.

Run for real on a scratch git repository holding the project's Makefile, .gitignore and notebook:
``make`` makes the copy, a save like JupyterLab's changes it, ``git status`` stays empty.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from studykit.paths import PROJECT_ROOT

NOTEBOOK = Path("notebooks/0-code-a-study.ipynb")
COPY = Path("work/0-code-a-study.ipynb")


def run(*args: str, cwd: Path) -> str:
    # as a coder runs it: not as a sub-make of `make test` (which would print its directories)
    env = {
        k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    }
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def checkout(tmp_path):
    if shutil.which("make") is None or shutil.which("git") is None:
        pytest.fail("make and git are needed (they are for `make lab` too)")
    for name in ("Makefile", ".gitignore", "pyproject.toml", NOTEBOOK):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_ROOT / name, tmp_path / name)
    run("git", "init", "-q", cwd=tmp_path)
    run("git", "add", ".", cwd=tmp_path)
    run(
        "git",
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-qm",
        "checkout",
        cwd=tmp_path,
    )
    return tmp_path


def saved_by_jupyterlab(path: Path) -> None:
    """What a coder's Save in JupyterLab writes: another study_id, outputs, execution counts, widget state."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for n, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = ['study_id: str = "surabaya-pkh"\n', 'lang: str = "id"']
        cell["execution_count"] = n + 1
        cell["outputs"] = [
            {"output_type": "display_data", "data": {"text/plain": ["Workbench(...)"]}, "metadata": {}}
        ]
    nb["metadata"]["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}
    }
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def test_make_lab_opens_a_working_copy_and_saving_it_leaves_the_checkout_clean(checkout):
    lab = run("make", "-n", "lab", cwd=checkout).strip().splitlines()[-1]
    assert "jupyter lab" in lab and lab.endswith(str(COPY))  # JupyterLab opens the copy, not notebooks/
    run("make", "-s", str(COPY), cwd=checkout)
    copy = checkout / COPY
    assert copy.read_bytes() == (checkout / NOTEBOOK).read_bytes()
    run("git", "check-ignore", "-q", str(COPY), cwd=checkout)  # fails (exit 1) if the copy were tracked

    saved_by_jupyterlab(copy)
    assert run("git", "status", "--porcelain", "--untracked-files=all", cwd=checkout) == ""
    mine = copy.read_bytes()
    assert run("make", "-s", str(COPY), cwd=checkout) == "" and copy.read_bytes() == mine  # kept as saved

    later = copy.stat().st_mtime + 10
    os.utime(
        checkout / NOTEBOOK, (later, later)
    )  # the notebook changed (a pull): the copy follows, and says so
    assert "refreshed" in run("make", "-s", str(COPY), cwd=checkout)
    assert copy.read_bytes() == (checkout / NOTEBOOK).read_bytes()


def test_make_lab_starts_as_root_too(checkout):
    """In a container the coder is often root: JupyterLab refused to start ("Running as root is not
    recommended. Use --allow-root to bypass.") and `make lab`, the README's step 2, failed; as any other user
    nothing changes."""
    lab = run("make", "-n", "lab", cwd=checkout).strip().splitlines()[-1]
    assert ("--allow-root" in lab) == (os.geteuid() == 0), lab
    assert lab.endswith(str(COPY))
