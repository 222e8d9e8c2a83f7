"""The report notebooks as an analyst explores them in JupyterLab (Chromium): the parameters cell edited, Run
All, from the notebooks' own folder as the working directory.

A bad value stops the notebook at its first cell with the message in both languages (the notebook's ``lang``
may be what is wrong), naming the parameter, the allowed values and the value a mistyped one likely means;
no traceback, and nothing after it runs. Good values give the report: tables no wider than the notebook,
links to the rendered reports of the notebook's language (``reports/<lang>/``), not to a ``study-profile/``
beside the notebook.
"""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import jupyterlab

from studykit.paths import NOTEBOOKS_DIR, PROJECT_ROOT


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on the project as `make lab` serves it; the committed notebooks are opened in place, never
    saved (autosave off: checked at the end)."""
    committed = {path: path.read_bytes() for path in NOTEBOOKS_DIR.glob("*.ipynb")}
    checkpoints = NOTEBOOKS_DIR / ".ipynb_checkpoints"  # JupyterLab's copy of a notebook it opens
    had_checkpoints = checkpoints.exists()
    try:
        with jupyterlab(tmp_path_factory.mktemp("lab"), PROJECT_ROOT, {}) as server:
            yield server
    finally:
        if not had_checkpoints:
            shutil.rmtree(checkpoints, ignore_errors=True)
    assert {path: path.read_bytes() for path in NOTEBOOKS_DIR.glob("*.ipynb")} == committed


def _run_all(lab, notebook: str, parameters: str):
    """Open ``notebook``, type ``parameters`` over its parameters cell, Run All; the page once idle."""
    page = lab["browser"].new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{lab['base']}/lab/workspaces/{notebook}/tree/notebooks/{notebook}.ipynb?token={lab['token']}")
    page.wait_for_selector(".jp-Notebook", timeout=90_000)
    # the kernel `make lab` installs (the notebooks name `python3`), started and idle: Run All before then can
    # run the first cell only
    page.wait_for_selector(".jp-Toolbar-kernelName:visible:has-text('Python 3 (studykit)')", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible", timeout=60_000)
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").all_inner_texts()
    page.locator(".jp-Cell").first.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(parameters)
    page.keyboard.press("Escape")
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(  # the last cell ran, or was left unrun after an error
        """() => [...document.querySelectorAll('.jp-InputArea-prompt')].every(
             (p) => !p.textContent.includes('*')) && document.querySelector(
             ".jp-Notebook-ExecutionIndicator[data-status='idle']")""",
        timeout=180_000,
    )
    page.wait_for_timeout(500)
    return page, errors


def test_a_mistyped_theme_id_is_answered_in_both_languages_without_a_traceback(lab):
    page, errors = _run_all(
        lab,
        "5-explore",
        'study_id = ""\nfinding_type = ""\ntheme_id = "t04"\nvariable_id = ""\n'
        'attribute = ""\nattribute_value = ""\nlang = "id"',
    )
    outputs = page.locator(".jp-OutputArea").all_inner_texts()
    text = "\n".join(outputs)
    assert "parameter theme_id='t04' tidak diizinkan" in text and "(maksudnya 'T04'?)" in text, outputs
    assert "parameter theme_id='t04' is not allowed" in text and "(did you mean 'T04'?)" in text
    assert "Traceback" not in text and "File " not in text and "NameError" not in text
    assert page.locator(".jp-RenderedHTMLCommon table").count() == 0  # nothing after the first cell ran
    assert errors == []
    page.close()


def test_an_unknown_group_by_names_the_valid_ones(lab):
    parameters = (
        'finding_types = ["barrier"]\nmin_studies = 1\nframework = "VMVH"\ngroup_by = "provinsi"\nlang = "en"'
    )
    page, _ = _run_all(lab, "2-cross-case", parameters)
    text = "\n".join(page.locator(".jp-OutputArea").all_inner_texts())
    assert "parameter group_by='provinsi' is not allowed; allowed values: 'study'" in text
    assert "(did you mean 'province'?)" in text and "(maksudnya 'province'?)" in text
    assert "Traceback" not in text
    page.close()


def test_good_parameters_give_the_report_readable_in_the_notebook(lab):
    parameters = (
        'conditions = ["T04-barrier", "T10-barrier", "T07-enabler"]\noutcome = "shortfall"\n'
        'incl_cut = 0.8\nlang = "id"'
    )
    page, errors = _run_all(lab, "6-qca", parameters)
    text = "\n".join(page.locator(".jp-OutputArea").all_inner_texts())
    assert "Analisis Komparatif Kualitatif" in text and "ParameterError" not in text, text[:2000]
    tables = page.evaluate(
        """() => [...document.querySelectorAll('.jp-OutputArea table')].map((t) => ({
             headers: t.querySelectorAll('th').length,
             fits: t.getBoundingClientRect().right <= document.querySelector('.jp-NotebookPanel')
                     .getBoundingClientRect().right + 1}))"""
    )
    assert len(tables) >= 5 and all(t["headers"] for t in tables) and all(t["fits"] for t in tables), tables
    stamp = json.dumps(text)
    assert "batas inklusi: 0,8" in stamp  # the footer states the parameters in the report's language
    assert errors == []
    page.close()


def test_links_lead_from_the_notebook_to_the_rendered_reports(lab):
    page, errors = _run_all(
        lab,
        "5-explore",
        'study_id = ""\nfinding_type = "barrier"\ntheme_id = "T04"\nvariable_id = ""\n'
        'attribute = "admin_unit_type"\nattribute_value = "kota"\nlang = "id"',
    )
    hrefs = page.evaluate(
        "() => [...document.querySelectorAll('.jp-OutputArea a[href]')].map((a) => a.getAttribute('href'))"
    )
    profiles = [h for h in hrefs if "study-profile" in h]
    assert profiles, hrefs
    # JupyterLab resolves a relative link against the notebook's folder (and serves it under /files/)
    assert all("/files/reports/id/study-profile/" in h for h in profiles), profiles
    assert not [h for h in hrefs if "/notebooks/study-profile/" in h]
    assert errors == []
    page.close()


def test_a_parameter_the_cell_no_longer_assigns_is_named_not_a_name_error(lab):
    page, errors = _run_all(lab, "3-framework-lens", 'framework = "ED"\ngroupby = "province"\nlang = "id"')
    text = "\n".join(page.locator(".jp-OutputArea").all_inner_texts())
    assert "parameter group_by is not set" in text and "(the cell assigns groupby: write group_by)" in text, (
        text
    )
    assert "parameter group_by belum diisi" in text and "(sel itu mengisi groupby: tulis group_by)" in text
    assert "Traceback" not in text and "NameError" not in text
    assert errors == []
    page.close()
