"""Mutation tests: a small change to data or code must make the nbval regression suite fail, naming the
notebook.

The project is copied to a scratch folder and mutated there; the copy's ``src/`` is put first on
PYTHONPATH so that its kernels import the mutated studykit and read the mutated data.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from studykit.paths import PROJECT_ROOT


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def theme_changed(root: Path) -> None:
    replace(root / "data/studies/bengkulu-samisake.yaml", "    theme_id: T08\n", "    theme_id: T07\n")


def finding_removed(root: Path) -> None:
    path = root / "data/studies/jambi-bantar.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - finding_id: jambi-bantar-06\n")
    end = text.index("  - finding_id: jambi-bantar-07\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def city_renamed(root: Path) -> None:
    replace(
        root / "data/studies/bengkulu-samisake.yaml",
        "city_as_written: Kota Bengkulu\n",
        "city_as_written: Kota Bencoolen\n",
    )


def sort_order_changed(root: Path) -> None:
    replace(
        root / "src/studykit/analysis/compare.py",
        'rows.sort(key=lambda r: (-r["n_barrier"], r["theme_id"]))',
        'rows.sort(key=lambda r: r["theme_id"])',
    )


# mutation -> the notebook whose committed outputs it changes, and a string that must appear in the
# failure report (proves the failure is the mutation's effect). nbval runs that notebook only: if it fails,
# the suite fails.
MUTATIONS = {
    theme_changed: ("1-study-profile", "Structure, SOPs & coordination"),
    finding_removed: ("2-cross-case", "5 studies, 51 coded"),  # the corpus note counted 52
    city_renamed: ("1-study-profile", "Kota Bencoolen"),
    sort_order_changed: ("2-cross-case", "Most common barrier: Communication"),
}


# mutation -> a text of the committed notebook and what this run shows instead: the failure report is a diff
# a person reads (notebooks/conftest.py): the committed line marked "-", this run's "+", as git diff shows it
READABLE = {
    theme_changed: ("| Political & legislative support |", "| Structure, SOPs & coordination |"),
    finding_removed: ("5 studies, 52 coded", "5 studies, 51 coded"),
    city_renamed: ("Kota Bengkulu", "Kota Bencoolen"),
    sort_order_changed: ("Most common barrier: Financial resources", "Most common barrier: Communication"),
}


def _copy_project(target: Path) -> Path:
    for name in ("src", "data", "notebooks"):
        shutil.copytree(
            PROJECT_ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    (target / "tests").mkdir()
    shutil.copy(PROJECT_ROOT / "tests/nbval_sanitize.cfg", target / "tests")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", target)
    return target


def _run_suite(root: Path, notebook: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    env.pop("STUDYKIT_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-x", "-q", f"notebooks/{notebook}.ipynb"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def mutated_runs(tmp_path_factory):
    def run(mutation):
        root = _copy_project(tmp_path_factory.mktemp(mutation.__name__))
        mutation(root)
        return mutation, _run_suite(root, MUTATIONS[mutation][0])

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(run, MUTATIONS))


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=[m.__name__ for m in MUTATIONS])
def test_mutation_makes_the_regression_suite_fail_naming_the_notebook(mutated_runs, mutation):
    result = mutated_runs[mutation]
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    notebook, effect = MUTATIONS[mutation]
    failed = re.findall(r"FAILED notebooks/(\S+)\.ipynb::Cell \d+", output)
    assert failed == [notebook], output[-3000:]
    assert effect in output, f"{failed}: the failure is not the mutation's effect\n{output[-3000:]}"


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=[m.__name__ for m in MUTATIONS])
def test_the_failure_is_a_readable_diff_that_says_how_to_accept_it(mutated_runs, mutation):
    output = mutated_runs[mutation].stdout
    committed, now = READABLE[mutation]
    lines = output.splitlines()
    assert any(line.startswith("- ") and committed in line for line in lines), output[-3000:]
    assert any(line.startswith("+ ") and now in line for line in lines), output[-3000:]
    notebook = MUTATIONS[mutation][0]
    assert re.search(rf"notebooks/{notebook}\.ipynb, cell \d+ \(In \[\d+\], cell id \S+\)", output)
    assert "<table" not in output and "<td>" not in output  # rows of text, not the table's HTML
    assert "make baseline" in output and "Jika perubahan itu disengaja" in output


def test_notebooks_alone_run_each_whole_on_one_worker():
    """`pytest notebooks/X.ipynb` with pyproject's `-n auto`: a notebook's cells share one kernel, so they
    must not be spread over workers (they were: NameError in every cell after the first)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-q", "notebooks/6-qca.ipynb"],
        cwd=PROJECT_ROOT,
        env={k: v for k, v in os.environ.items() if k != "STUDYKIT_DATA_DIR"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "NameError" not in result.stdout


def test_the_suite_run_from_a_notebook_in_jupyterlab_compares_the_baseline_s_links():
    """`!make test` (or `!pytest notebooks`) in a notebook cell: its kernel's JPY_SESSION_NAME reached every
    kernel nbval started, their links led to reports/<lang>/ from that notebook, and 5-explore failed with a
    difference "in a representation not shown here" that `make baseline` called unchanged."""
    env = {k: v for k, v in os.environ.items() if k != "STUDYKIT_DATA_DIR"}
    env["JPY_SESSION_NAME"] = str(PROJECT_ROOT / "work" / "0-code-a-study.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-q", "notebooks/5-explore.ipynb"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
