"""The workbench notebook names the kernel `make lab` installs, so JupyterLab starts it without asking."""

from __future__ import annotations

import json
import re
import shlex

from studykit.paths import NOTEBOOKS_DIR, PROJECT_ROOT


def _installed_kernel() -> dict[str, str]:
    """Name and display name of the kernel the Makefile installs into .venv-lab (`ipykernel install`)."""
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    line = next(x for x in makefile.splitlines() if "ipykernel install" in x)
    words = shlex.split(re.sub(r"\$\([A-Z]+\)", "X", line.split(">")[0]))
    return {
        "name": words[words.index("--name") + 1],
        "display_name": words[words.index("--display-name") + 1],
    }


def test_the_notebook_kernelspec_is_the_one_make_lab_installs():
    kernel = _installed_kernel()
    assert kernel["name"] and kernel["display_name"]
    notebook = json.loads((NOTEBOOKS_DIR / "0-code-a-study.ipynb").read_text(encoding="utf-8"))
    spec = notebook["metadata"]["kernelspec"]
    assert {k: spec[k] for k in ("name", "display_name")} == kernel
    assert spec["language"] == "python"
