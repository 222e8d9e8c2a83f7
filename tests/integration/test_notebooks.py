"""Every report notebook runs top to bottom in both languages, with non-default parameters, and refuses bad
ones.

The runs come from the test run's full render of reports.yaml (conftest.site): every notebook with several
parameter sets in English and Bahasa Indonesia, executed by papermill in kernels forked from the render's
warm fork server, each in a scratch working folder (test_site.py renders one report of each notebook and
language again in fresh kernels and compares the bytes; nbval runs each notebook in a fresh kernel). The
invalid parameters run in forked kernels too.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import papermill
import pytest
from helpers import fork_server

from studykit.paths import INTERACTIVE_NOTEBOOKS, NOTEBOOKS_DIR, baseline_notebooks
from studykit.reports.params import CONTRACTS

INVALID = [
    ("1-study-profile", {"study_id": "jakarta-kjp"}, "study_id", "'bengkulu-samisake'"),
    ("3-framework-lens", {"framework": "CFIR"}, "framework", "'VMVH', 'ED', 'GR', 'MS', 'HG', 'RF'"),
    ("4-evidence-profile", {"lang": "fr"}, "lang", "'en', 'id'"),
    ("2-cross-case", {"finding_types": ["barrier", "obstacle"]}, "finding_types", "'enabler', 'barrier'"),
    ("6-qca", {"incl_cut": 1.5}, "incl_cut", "a number from 0.5 to 1.0"),
    ("5-explore", {"theme_id": "t04", "lang": "id"}, "theme_id", "'T16' (did you mean 'T04'?)"),
]
HEADINGS = {
    "1-study-profile": ("Study profile", "Profil studi"),
    "2-cross-case": ("Cross-case comparison", "Perbandingan lintas kasus"),
    "3-framework-lens": ("Framework lens", "Lensa kerangka"),
    "4-evidence-profile": ("Evidence profile", "Profil bukti"),
    "5-explore": ("Explore the findings", "Jelajahi temuan"),
    "6-qca": ("Qualitative Comparative Analysis", "Analisis Komparatif Kualitatif"),
    "7-agreement": ("Intercoder agreement", "Kesepakatan antarpengode"),
    "8-codebook": ("Codebook", "Buku kode"),
    "9-methods": ("Methods appendix (ENTREQ)", "Lampiran metode (ENTREQ)"),
}
# Rendered only when reports.yaml configures what they need (a second coding): their own tests render them
# (tests/integration/test_agreement_report.py); nbval runs their committed default here all the same.
CONFIGURED = {"7-agreement"}


def _defaults(notebook: str) -> dict:
    return {p.name: p.default for p in CONTRACTS[notebook]}


def _executed(site, notebook: str):
    reports, jobs = site
    for job in jobs:
        if job.notebook == notebook:
            path = reports / "_notebooks" / job.output.replace(".html", ".ipynb")
            yield job, nbformat.read(path, as_version=4)


def _run_invalid(notebook: str, params: dict, cwd: Path):
    """Run a notebook with invalid parameters in a kernel forked from the fork server, as a report runs."""
    from studykit.render import engine, forkserver

    out = f"{cwd}/{notebook}.ipynb"
    try:
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / f"{notebook}.ipynb"),
            out,
            parameters=params,
            kernel_name=engine.ensure_kernel(),
            kernel_manager_class=forkserver.ForkKernelManager,
            cwd=str(cwd),
            progress_bar=False,
        )
    except papermill.PapermillExecutionError as exc:
        return out, {"ename": exc.ename, "evalue": exc.evalue}
    finally:
        assert forkserver.ForkProvisioner.last == "forked" or not forkserver.available()
    return out, None


@pytest.fixture(scope="module")
def invalid_runs(tmp_path_factory):
    with fork_server(tmp_path_factory.mktemp("forks")):
        return {nb: _run_invalid(nb, params, tmp_path_factory.mktemp(nb)) for nb, params, *_ in INVALID}


def test_every_notebook_is_exercised_by_this_suite(site):
    on_disk = {p.stem for p in baseline_notebooks()}  # the workbench (interactive): test_workbench_browser.py
    assert {p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")} - on_disk == INTERACTIVE_NOTEBOOKS
    rendered = {job.notebook for job in site[1]}
    assert on_disk == set(CONTRACTS) == rendered | CONFIGURED == set(HEADINGS)
    assert {nb for nb, *_ in INVALID} <= on_disk


@pytest.mark.parametrize("notebook", sorted(CONTRACTS))
def test_parameters_cell_declares_the_contract(notebook):
    declared = papermill.inspect_notebook(str(NOTEBOOKS_DIR / f"{notebook}.ipynb"))
    contract = {p.name: p for p in CONTRACTS[notebook]}
    assert list(declared) == list(contract)
    for name, info in declared.items():
        assert ast.literal_eval(info["default"]) == contract[name].default, name
        assert info["inferred_type_name"] != "None" and info["help"], f"{name} needs a type and a comment"


@pytest.mark.parametrize("notebook", sorted(set(CONTRACTS) - CONFIGURED))
def test_notebook_runs_in_both_languages_with_non_default_parameters(site, notebook):
    runs = list(_executed(site, notebook))
    assert {job.lang for job, _ in runs} == {"en", "id"}
    assert [job for job, _ in runs if job.parameters != _defaults(notebook)], (
        "no run with non-default parameters"
    )
    for job, nb in runs:
        assert nb.metadata.papermill.parameters == job.parameters
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.output_type == "error"]
        assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], (
            "warnings leak into the report"
        )
        text = json.dumps([o.get("data", {}) for o in outputs], ensure_ascii=False)
        english, indonesian = HEADINGS[notebook]
        expected, other = (indonesian, english) if job.lang == "id" else (english, indonesian)
        assert expected in text and other not in text, job.output


@pytest.mark.parametrize("notebook, params, name, allowed", INVALID, ids=[i[2] for i in INVALID])
def test_invalid_parameter_stops_at_the_first_cell_naming_parameter_and_allowed_values(
    invalid_runs, notebook, params, name, allowed
):
    out, error = invalid_runs[notebook]
    assert error is not None and error["ename"] == "ParameterError"
    assert f"parameter {name}=" in error["evalue"] and allowed in error["evalue"]
    nb = nbformat.read(out, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    failed = next(
        i for i, c in enumerate(code) if any(o.output_type == "error" for o in c.get("outputs", []))
    )
    assert "injected-parameters" in code[failed - 1].metadata.get(
        "tags", []
    )  # the first cell after the parameters
    assert all(c.get("execution_count") is None for c in code[failed + 1 :])
    traceback = "".join(o.get("traceback", [""])[0] for o in code[failed].outputs if o.output_type == "error")
    assert "Traceback" not in traceback  # the reader sees the message, not a stack
    shown = [line for o in code[failed].outputs if o.output_type == "error" for line in o.traceback]
    assert len(shown) == 2 and "is not allowed" in shown[0]  # what JupyterLab shows, in both languages
    assert shown[1].startswith(f"ParameterError: parameter {name}=") and "tidak diizinkan" in shown[1]
