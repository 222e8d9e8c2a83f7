"""Every report notebook runs top to bottom in a fresh kernel, from any directory, in both languages, and refuses bad parameters."""

from __future__ import annotations

import ast
import json
from concurrent.futures import ProcessPoolExecutor

import nbformat
import papermill
import pytest

from studykit.params import CONTRACTS
from studykit.paths import NOTEBOOKS_DIR

RUNS = {
    # notebook: non-default parameter sets, one per language
    "1-study-profile": [{"study_id": "jambi-bantar", "lang": "id"}, {"study_id": "purbayan-p2kp", "lang": "en"}],
    "2-cross-case": [
        {"finding_types": ["barrier"], "min_studies": 2, "framework": "ED", "lang": "id"},
        {"finding_types": ["barrier", "enabler", "effort"], "min_studies": 1, "framework": "GR", "lang": "en"},
    ],
    "3-framework-lens": [{"framework": "MS", "lang": "id"}, {"framework": "ED", "lang": "en"}],
    "4-evidence-profile": [{"lang": "id"}, {"lang": "en"}],
    "5-explore": [
        {"study_id": "semarang-p2kp", "finding_type": "barrier", "lang": "id"},
        {"variable_id": "ED-RES", "lang": "en"},
    ],
}
INVALID = [
    ("1-study-profile", {"study_id": "jakarta-kjp"}, "study_id", "'bengkulu-samisake'"),
    ("3-framework-lens", {"framework": "CFIR"}, "framework", "'VMVH', 'ED', 'GR', 'MS', 'HG', 'RF'"),
    ("4-evidence-profile", {"lang": "fr"}, "lang", "'en', 'id'"),
    ("2-cross-case", {"finding_types": ["barrier", "obstacle"]}, "finding_types", "'enabler', 'barrier'"),
]
HEADINGS = {
    "1-study-profile": ("Study profile", "Profil studi"),
    "2-cross-case": ("Cross-case comparison", "Perbandingan lintas kasus"),
    "3-framework-lens": ("Framework lens", "Lensa kerangka"),
    "4-evidence-profile": ("Evidence profile", "Profil bukti"),
    "5-explore": ("Explore the findings", "Jelajahi temuan"),
}


def _execute(job):
    notebook, params, cwd = job
    out = f"{cwd}/{notebook}-{abs(hash(json.dumps(params, sort_keys=True)))}.ipynb"
    try:
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / f"{notebook}.ipynb"), out, parameters=params, kernel_name="python3",
            cwd=cwd, progress_bar=False, log_output=False,
        )
        return out, None
    except papermill.PapermillExecutionError as exc:
        return out, {"cell_index": exc.cell_index, "ename": exc.ename, "evalue": exc.evalue}


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """Every run of RUNS and INVALID, two kernels at a time, each in a scratch working directory."""
    cwd = str(tmp_path_factory.mktemp("elsewhere"))
    jobs = [(nb, p, cwd) for nb, sets in RUNS.items() for p in sets] + [(nb, p, cwd) for nb, p, *_ in INVALID]
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_execute, jobs))
    return {(nb, json.dumps(p, sort_keys=True)): result for (nb, p, _), result in zip(jobs, results)}


def test_every_notebook_is_exercised_by_this_suite():
    on_disk = {p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    assert on_disk == set(CONTRACTS) == set(RUNS) == set(HEADINGS)
    assert {nb for nb, *_ in INVALID} <= on_disk


@pytest.mark.parametrize("notebook", sorted(CONTRACTS))
def test_parameters_cell_declares_the_contract(notebook):
    declared = papermill.inspect_notebook(str(NOTEBOOKS_DIR / f"{notebook}.ipynb"))
    contract = {p.name: p for p in CONTRACTS[notebook]}
    assert list(declared) == list(contract)
    for name, info in declared.items():
        assert ast.literal_eval(info["default"]) == contract[name].default, name
        assert info["inferred_type_name"] != "None" and info["help"], f"{name} needs a type and a comment"


@pytest.mark.parametrize("notebook, params", [(nb, p) for nb, sets in RUNS.items() for p in sets],
                         ids=[f"{nb}-{p['lang']}" for nb, sets in RUNS.items() for p in sets])
def test_notebook_runs_with_non_default_parameters(executed, notebook, params):
    out, error = executed[(notebook, json.dumps(params, sort_keys=True))]
    assert error is None, error
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], "warnings leak into the report"
    text = json.dumps([o.get("data", {}) for o in outputs], ensure_ascii=False)
    english, indonesian = HEADINGS[notebook]
    expected, other = (indonesian, english) if params["lang"] == "id" else (english, indonesian)
    assert expected in text and other not in text


@pytest.mark.parametrize("notebook, params, name, allowed", INVALID, ids=[i[2] for i in INVALID])
def test_invalid_parameter_stops_at_the_first_cell_naming_parameter_and_allowed_values(executed, notebook, params, name, allowed):
    out, error = executed[(notebook, json.dumps(params, sort_keys=True))]
    assert error is not None and error["ename"] == "ParameterError"
    assert f"parameter {name}=" in error["evalue"] and allowed in error["evalue"]
    nb = nbformat.read(out, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    failed = next(i for i, c in enumerate(code) if any(o.output_type == "error" for o in c.get("outputs", [])))
    assert "injected-parameters" in code[failed - 1].metadata.get("tags", [])  # the first cell after the parameters
    assert all(c.get("execution_count") is None for c in code[failed + 1:])
