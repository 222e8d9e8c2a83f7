"""The workbench notebook names the kernel `make lab` installs, so JupyterLab starts it without asking."""

from __future__ import annotations

import ast
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


def _run_cells(monkeypatch, **parameters) -> dict:
    """The notebook's code cells after its parameters cell (as papermill injects ``parameters``), with the
    workbench replaced by a recorder: what the notebook passes on."""
    import papermill

    import studykit.coding

    calls: dict = {}
    monkeypatch.setattr(studykit.coding, "workbench", lambda *a, **k: calls.update(args=a, kwargs=k))
    path = NOTEBOOKS_DIR / "0-code-a-study.ipynb"
    declared = papermill.inspect_notebook(str(path))
    namespace = {name: ast.literal_eval(info["default"]) for name, info in declared.items()} | parameters
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    for cell in cells[1:]:
        exec("".join(cell["source"]), namespace)  # noqa: S102 - the tracked notebook's own cells
    return calls


def test_the_notebook_has_a_suggestions_parameter_passed_to_the_workbench(monkeypatch):
    """``suggestions`` as in ``workbench("ID", suggestions=False)``: None (the default) follows the data
    directory; a value given to papermill reaches the workbench, the notebook deciding nothing."""
    import papermill

    declared = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "0-code-a-study.ipynb"))
    assert list(declared) == ["study_id", "lang", "suggestions"]
    assert ast.literal_eval(declared["suggestions"]["default"]) is None and declared["suggestions"]["help"]
    assert _run_cells(monkeypatch)["kwargs"] == {"lang": "en", "suggestions": None}
    blind = _run_cells(monkeypatch, study_id="jambi-bantar", lang="id", suggestions=False)
    assert blind == {"args": ("jambi-bantar",), "kwargs": {"lang": "id", "suggestions": False}}
