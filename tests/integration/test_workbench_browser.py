"""The coding workbench in a real JupyterLab, driven in Chromium: a study coded without opening its YAML.

A JupyterLab server (``.venv-lab/``, installed by ``make test``; its python3 kernel is this
environment's Python) runs on 127.0.0.1 on a free port with a token, in temporary Jupyter
config/runtime/settings directories, over a temporary copy of data/. The notebook
``notebooks/0-code-a-study.ipynb`` is opened and run in Chromium (Playwright); the test
accepts a suggestion with the keyboard, rejects one, writes a memo on the accepted finding, makes a
finding by selecting text with the mouse, fills the metadata form and saves, then checks the study file,
the memo file, ``validate`` and the study's rendered profile. A second test edits the study file behind
the widget's back and checks that the save is refused.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
import yaml
from helpers import axe_violations, invoke_studykit, jupyterlab

from studykit.corpus.provenance import locate_quote
from studykit.paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "build" / "test-artifacts"
NOTEBOOK = "0-code-a-study"
STUDY = "surabaya-pkh"
ABSTRACT = (
    "Implementasi Program Keluarga Harapan (PKH) di Kecamatan Rungkut Kota Surabaya\n\n"
    "Penelitian ini bertujuan untuk mendeskripsikan implementasi Program Keluarga Harapan (PKH) "
    "di Kota Surabaya. "
    "Metode penelitian adalah kualitatif deskriptif dengan wawancara, observasi dan dokumentasi. "
    "Hasil penelitian menunjukkan bahwa implementasi PKH belum berjalan dengan optimal. "
    "Faktor penghambat pelaksanaan program yaitu keterbatasan dana operasional, "
    "lemahnya koordinasi antar dinas "
    "dan rendahnya partisipasi masyarakat. Faktor pendukung adalah komitmen pendamping sosial yang tinggi. "
    "Diharapkan pemerintah daerah meningkatkan sosialisasi kepada masyarakat.\n"
)
SECOND_THEME = "T04 "  # the accepted finding's second theme, chosen in the editor
RECORD = (
    "@mastersthesis{pkh,\n  title = {Implementasi Program Keluarga Harapan di Kota Surabaya},\n"
    "  author = {Lestari, Dewi},\n  year = {2021},\n  school = {Universitas Airlangga}\n}\n"
)
# uploaded in the form after `new-study --bib`: its values replace the BibTeX record's
RIS = (
    "TY  - THES\nTI  - Evaluasi Program Keluarga Harapan di Kecamatan Rungkut\nAU  - Lestari, Dewi Ayu\n"
    "PY  - 2022\nPB  - Universitas Airlangga Surabaya\nER  - \n"
)
RIS_FIELDS = {
    "source.title": "Evaluasi Program Keluarga Harapan di Kecamatan Rungkut",
    "source.author": "Lestari, Dewi Ayu",
    "source.year": 2022,
    "source.institution": "Universitas Airlangga Surabaya",
}
ACCEPTED_SUMMARY = ("Operational funds are short.", "Dana operasional terbatas.")
MEMO = "Check in the full thesis whether *operational funds* means the facilitators' budget."
# what the analyst types into the form (the rest comes from the text's suggestions, confirmed)
TYPED = {
    "label": "Surabaya · family hope programme",
    "label_id": "Surabaya · PKH",
    "coded_by": "browser test",
}
# suggested from the abstract's method statement and confirmed with the rest (coding/methods.py)
FROM_METHOD = {
    "data_collection": "wawancara; observasi; dokumentasi",
    "method": "kualitatif deskriptif",
}
CHOSEN = {
    "programme_owner": "central",
    "programme_family": "pkh",
    "implementation_outcome.rating": "not_stated",
    "source.source_type": "abstract",
}


def _pdf(path: Path, text: str) -> Path:
    """A PDF whose text layer is ``text`` (fpdf2, as a thesis repository would serve it)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in filter(None, text.split("\n")):
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _notebook(folder: Path, study_id: str, lang: str, blind: bool = False) -> str:
    nb = json.loads((NOTEBOOKS_DIR / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = (
                f'study_id = "{study_id}"\nlang = "{lang}"\nsuggestions = {False if blind else None}\n'
            )
    name = f"{study_id}-{lang}{'-blind' if blind else ''}.ipynb"
    (folder / name).write_text(json.dumps(nb), encoding="utf-8")
    return name


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    source, bib = (
        _pdf(root / "abstrak.pdf", ABSTRACT),
        root / "record.bib",
    )  # the walk-through starts from a PDF
    bib.write_text(RECORD, encoding="utf-8")
    work = root / "work"
    work.mkdir()
    env = {"STUDYKIT_DATA_DIR": str(data), "STUDYKIT_CODER": "browser-test"}
    with jupyterlab(root, work, env) as server:  # skips without Chromium or .venv-lab/
        made = invoke_studykit("new-study", source, "--id", STUDY, "--bib", bib, "--data", data)
        assert made.returncode == 0, made.stderr
        base, token = server["base"], server["token"]
        settings = json.load(
            urllib.request.urlopen(
                f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
            )
        )
        assert settings["settings"]["fetchNews"] == "false", settings  # read from our settings folder
        yield {**server, "data": data, "work": work}


def _open_workbench(lab, study_id: str, lang: str = "en", blind: bool = False):
    name = _notebook(lab["work"], study_id, lang, blind)
    page = lab["browser"].new_page(viewport={"width": 1280, "height": 800})  # a laptop's screen
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    workspace = name.removesuffix(".ipynb")  # a workspace of its own: no tab of another test is restored
    page.goto(f"{lab['base']}/lab/workspaces/{workspace}/tree/{name}?token={lab['token']}")
    page.wait_for_selector(".jp-Notebook", timeout=90_000)
    # the notebook names the kernel `make lab` installs: JupyterLab starts it without asking which one
    page.wait_for_selector(".jp-Toolbar-kernelName:visible:has-text('Python 3 (studykit)')", timeout=60_000)
    # connected and idle: "Run All Cells" before then ran the first cell only (seen under load)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible", timeout=60_000)
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").all_inner_texts()
    page.evaluate(  # every line an output shows while the cells run (the workbench's own line goes again)
        """() => { window.skOutputs = [];
          new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) =>
            n.textContent && window.skOutputs.push(n.textContent)))).observe(
            document.querySelector('.jp-Notebook'), {childList: true, subtree: true}); }"""
    )
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    try:
        page.wait_for_selector(".sk-workbench-view tr.sk-row", timeout=120_000)
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"workbench-{study_id}-failed.png"))
        outputs = page.locator(".jp-OutputArea").all_inner_texts()
        raise AssertionError(
            f"the workbench did not appear; outputs: {outputs}; page errors: {errors}"
        ) from None
    # while the corpus is read and the model trained (up to a minute), a line in the notebook's language
    said = "Opening" if lang == "en" else "Membuka"
    assert any(said in line for line in page.evaluate("window.skOutputs")), "no progress line"
    assert said not in " ".join(page.locator(".jp-OutputArea").all_inner_texts())  # gone with the workbench
    return page, errors


def _select_text(page, start: int, end: int) -> None:
    """Drag the mouse over the source text from code point ``start`` to ``end``."""
    box = page.evaluate(
        """([start, end]) => {
            const segs = [...document.querySelectorAll('.sk-source [data-start]')];
            const at = (p) => {
              const seg = segs.find((s) => Number(s.dataset.start) <= p && p < Number(s.dataset.end));
              return [seg.firstChild, p - Number(seg.dataset.start)];
            };
            const range = document.createRange();
            range.setStart(...at(start));
            range.setEnd(...at(end - 1));
            // in the middle of the window, as a coder would scroll it: never under the sticky status line
            range.startContainer.parentElement.scrollIntoView({block: "center"});
            const rects = range.getClientRects();
            const first = rects[0], last = rects[rects.length - 1];
            return {x1: first.left + 1, y1: first.top + first.height / 2,
                    x2: last.right + 3, y2: last.top + last.height / 2};
        }""",
        [start, end],
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def _choose(page, select: str, label_start: str) -> None:
    """Pick the option of an ipywidgets Dropdown whose label starts with ``label_start``."""
    labels = page.locator(f"{select} option").all_inner_texts()  # ipywidgets shows spaces as no-break spaces
    page.locator(select).select_option(
        label=next(x for x in labels if x.replace("\xa0", " ").startswith(label_start))
    )


def _selected(page) -> str:
    return page.locator("tr.sk-row.sk-selected").get_attribute("data-key")


def _row(page, key: str):
    return page.locator(f'tr.sk-row[data-key="{key}"]')


def _wait_selected(page, key: str) -> None:
    _row(page, key).and_(page.locator(".sk-selected")).wait_for(timeout=30_000)


def _click_highlight_until_selected(page, key: str) -> None:
    """Click the first highlight that covers ``key``'s quote; where highlights overlap, each further click
    selects the next finding there (as an analyst would click again)."""
    segment = page.locator(f'.sk-source .sk-hl[data-keys~="{key}"]').first
    for _ in segment.get_attribute("data-keys").split():
        before = _selected(page)
        segment.click()
        page.wait_for_function(
            "(b) => document.querySelector('tr.sk-row.sk-selected')?.dataset.key !== b", arg=before
        )
        if _selected(page) == key:
            return
    _wait_selected(page, key)


def _row_of_field(page, name: str):
    """The metadata form's row of a field: its label, input, confirm button and note."""
    return page.locator(".widget-hbox", has=page.locator(f".sk-field-{name.replace('_', '-')}")).last


def _cells(page) -> list[str]:
    """The notebook's cells, each as its kind (code, markdown): what a shortcut let through would change."""
    return page.eval_on_selector_all(
        ".jp-Notebook .jp-Cell",
        "cells => cells.map((c) => c.classList.contains('jp-CodeCell') ? 'code' : 'md')",
    )


def _focused(page) -> str:
    return page.evaluate("() => document.activeElement?.className || ''")


def _in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= 800


def _status(page, pattern: str) -> str:
    page.wait_for_function(
        "(p) => new RegExp(p).test(document.querySelector('.sk-status').innerText)",
        arg=pattern,
        timeout=60_000,
    )
    return page.inner_text(".sk-status")


def test_a_study_is_coded_in_the_workbench_and_renders(lab):
    data = lab["data"]
    path = data / f"studies/{STUDY}.yaml"
    before = path.read_text(encoding="utf-8")
    page, errors = _open_workbench(lab, STUDY)
    # the form, with the sidebar open: every confirm button whole ("✓ confirm" was cut to "✓ confi…" beside a
    # long note, in both languages) and the fields' boxes in one column, with a suggestion or not
    form = page.evaluate(
        """() => { const shown = (s) => [...document.querySelectorAll(s)].filter((e) => e.offsetWidth);
          const confirms = shown("button[class*='sk-confirm-']:not(.sk-confirm-all)");
          const boxes = shown("[class*='sk-field-'] input, [class*='sk-field-'] select");
          const lefts = new Set(boxes.map((e) => Math.round(e.getBoundingClientRect().left)));
          const cut = confirms.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.innerText);
          return {n: confirms.length, cut, columns: lefts.size}; }"""
    )
    assert form["n"] >= 4 and form["cut"] == [] and form["columns"] == 1, form

    # accept the selected suggestion with the keyboard, then reject the next one
    rows = page.locator(".sk-workbench-view tr.sk-row")
    assert rows.count() >= 4
    accepted_key = _selected(page)
    accepted_quote = page.locator("tr.sk-row.sk-selected td").nth(4).inner_text()
    cells = _cells(page)
    page.locator(".sk-list").click(position={"x": 5, "y": 5})
    page.keyboard.press("a")
    page.wait_for_selector("tr.sk-row.sk-reviewed")
    page.wait_for_function(  # the selection moves to the next suggestion in a message of its own
        "(key) => document.querySelector('tr.sk-row.sk-selected')?.dataset.key !== key", arg=accepted_key
    )
    rejected_quote = page.locator("tr.sk-row.sk-selected td").nth(4).inner_text()
    page.keyboard.press("r")
    page.wait_for_selector("tr.sk-row.sk-rejected")
    # accepted without summaries: visibly "summary to write"
    assert "sk-to-write" in _row(page, accepted_key).get_attribute("class")
    assert "summary to write" in _row(page, accepted_key).inner_text()
    # no other key reaches JupyterLab's command mode: `m` made the cell Markdown, `x` cut it, `b`/`dd`
    # added or deleted cells
    for key in ("m", "b", "x", "d", "d", "y"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert _cells(page) == cells and page.locator(".sk-workbench-view").count() == 1

    # n and p move between the suggestions still to review, in list order, wrapping around
    pending = page.eval_on_selector_all("tr.sk-row.sk-unreviewed", "rows => rows.map((r) => r.dataset.key)")
    assert len(pending) >= 2 and _selected(page) == pending[0]
    page.keyboard.press("n")
    _wait_selected(page, pending[1])
    page.keyboard.press("p")
    _wait_selected(page, pending[0])
    page.keyboard.press("p")
    _wait_selected(page, pending[-1])

    # a click on the accepted finding's highlight selects its row; its summaries start from its quote
    _click_highlight_until_selected(page, accepted_key)
    summary_en = page.locator(".sk-summary-en textarea")
    page.wait_for_function(
        "(q) => document.querySelector('.sk-summary-en textarea').value.replace(/\\s+/g, ' ').startsWith(q)",
        arg=accepted_quote[:40],
    )
    summary_en.fill(ACCEPTED_SUMMARY[0])
    page.locator(".sk-summary-id textarea").fill(ACCEPTED_SUMMARY[1])
    _choose(page, ".sk-secondary select", SECOND_THEME)
    # its memo, written beside it: the row gets the memo sign at once; Save writes the memo file
    assert "shared by every study" in page.inner_text(".sk-memo-theme-title")
    page.locator(".sk-memo-finding textarea").fill(MEMO)
    page.wait_for_selector(f'tr.sk-row.sk-has-memo[data-key="{accepted_key}"]', timeout=30_000)
    # on to another row without Apply: the row left says what it holds now, and the next row's empty
    # second theme reads "not set" (it was an empty box after a row that had one)
    _row(page, pending[0]).click()
    _wait_selected(page, pending[0])
    page.wait_for_function(
        "(k) => !document.querySelector(`tr.sk-row[data-key='${k}']`).classList.contains('sk-to-write')",
        arg=accepted_key,
    )
    page.wait_for_function(
        "() => document.querySelector('.sk-secondary select').selectedOptions[0]?.text.match(/not\\s+set/)"
    )
    # after a click on a button of the editor the keys are the list's again: `n` moves on, inserts no cell
    page.locator("button.sk-apply").click()
    _status(page, f"Changed {pending[0]} ")  # the kernel has applied it and redrawn the list: a key pressed
    # while the redraw is on its way could reach the list it replaces
    page.wait_for_function("() => document.activeElement?.classList.contains('sk-list')")
    page.keyboard.press("n")
    _wait_selected(page, pending[1])
    assert _cells(page) == cells

    # a new finding from a mouse selection that starts inside a word: snapped to the word; its
    # summaries start from the selected words, never from the finding selected before
    text = (data / f"sources/{STUDY}.txt").read_text(encoding="utf-8")
    phrase = "komitmen pendamping sosial yang tinggi"
    start, end = locate_quote(text, phrase)  # the PDF's line breaks may fall inside it
    _select_text(page, start + 3, end)
    page.wait_for_function("() => document.querySelector('.sk-workbench').innerText.includes('Selection:')")
    label = " ".join(
        page.locator(".sk-workbench").inner_text().split("Selection: «")[1].split("»")[0].split()
    )
    assert label == " ".join(text[start:end].split())  # the words the quote will hold, not the raw selection
    fresh = summary_en.input_value()
    assert ACCEPTED_SUMMARY[0] not in fresh and " ".join(text[start + 3 : end].split()) in " ".join(
        fresh.split()
    )
    _choose(page, ".sk-type select", "Enabler")
    _choose(page, ".sk-theme select", "T06 ")
    summary_en.fill("Social facilitators are highly committed.")
    page.locator(".sk-summary-id textarea").fill("Pendamping sosial berkomitmen tinggi.")
    page.locator(".sk-new_finding button, button.sk-new_finding").first.click()
    status = _status(page, "whole words")
    assert phrase in " ".join(status.split())
    assert page.locator(".sk-workbench").inner_text().count("Selection:") == 0  # made: the selection is spent

    # a bibliographic record uploaded in the form fills the source's fields (over those of --bib)
    record = lab["work"].parent / "record.ris"
    record.write_text(RIS, encoding="utf-8")
    with page.expect_file_chooser() as chooser:  # the upload button opens the browser's file dialog
        page.locator(".sk-bib").click()
    chooser.value.set_files(str(record))
    _status(page, "Filled from the record")
    for name, value in RIS_FIELDS.items():
        field = page.locator(f".sk-field-{name.replace('.', '-').replace('_', '-')} input")
        assert field.input_value() == str(value), name

    # the admin_unit field offers the gazetteer's names; one typed brings its type and province from it
    unit = page.locator(".sk-field-admin-unit input")
    assert page.locator(".sk-field-admin-unit datalist option").count() == 514
    assert unit.input_value() == "Kota Surabaya"  # suggested from the text
    for typed, kind in (("Kabupaten Sidoarjo", "kabupaten"), ("Kota Surabaya", "kota")):  # and back
        unit.fill("")
        unit.press_sequentially(typed, delay=25)
        unit.press("Tab")
        page.wait_for_function(
            "(k) => document.querySelector('.sk-field-admin-unit-type select').selectedOptions[0]"
            "?.text.replace(/\\s+/g, ' ').startsWith(k + ' ')",
            arg=kind,
        )
        province = page.locator(".sk-field-province select").evaluate("s => s.selectedOptions[0].text")
        assert province.replace("\xa0", " ") == "Jawa Timur"  # ipywidgets shows spaces as no-break spaces
        assert f"from the gazetteer: {typed}" in " ".join(
            _row_of_field(page, "province").inner_text().split()
        )

    # the metadata form: confirm the values suggested from the text, type and choose the rest
    page.locator(".sk-confirm-all").click()
    for name, value in FROM_METHOD.items():
        field = page.locator(f".sk-field-{name.replace('.', '-').replace('_', '-')} input")
        assert field.input_value() == value, name
    for name, value in TYPED.items():  # typed key by key, as a coder types (a paste hid the lost spaces)
        field = page.locator(f".sk-field-{name.replace('.', '-').replace('_', '-')} input")
        field.click()
        field.press_sequentially(value, delay=80 if name == "label" else 25)
        assert field.input_value() == value, name
        field.press("Tab")
    for name, value in CHOSEN.items():
        _choose(page, f".sk-field-{name.replace('.', '-').replace('_', '-')} select", value)
    page.wait_for_timeout(500)
    # at 1280 x 800 everything fits: the list in its column (no quote off to the right), rows a few lines
    # high, every label of the editor whole
    fits = page.evaluate(
        """() => { const list = document.querySelector('.sk-list');
          const rows = [...list.querySelectorAll('tr.sk-row')].map((r) => r.offsetHeight);
          const labels = '.sk-workbench .widget-label, .sk-workbench .widget-html';
          const cut = [...document.querySelectorAll(labels)]
            .filter((e) => e.offsetWidth && e.scrollWidth > e.clientWidth + 1).map((e) => e.innerText);
          return {wide: list.scrollWidth - list.clientWidth, tallest: Math.max(...rows), cut}; }"""
    )
    assert fits["wide"] <= 1 and fits["tallest"] <= 90 and fits["cut"] == [], fits
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:  # collapse the file browser for the screenshot (a click on the current tab of the left side bar)
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click(timeout=5_000)
    except Exception:
        pass
    page.locator(".sk-workbench-view").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "workbench.png"))
    page.locator(".sk-save").click()
    status = _status(page, "Saved|Not saved")
    assert "Saved" in status and "complete" in status, status
    page.wait_for_timeout(300)
    assert _in_view(page, ".sk-status")  # Save's message stays where the coder looks
    assert errors == []

    # the file on disk: exactly those changes, comments kept
    after = path.read_text(encoding="utf-8")
    study = yaml.safe_load(after)
    for name, value in {**TYPED, **FROM_METHOD, **CHOSEN}.items():
        node = study
        for key in name.split("."):
            node = node[key]
        assert node == (value.split("; ") if name == "data_collection" else value), name
    assert (study["admin_unit"], study["admin_unit_type"], study["province"]) == (
        "Kota Surabaya",
        "kota",
        "Jawa Timur",
    )
    assert study["programme_acronym"] == "PKH"
    for name, value in RIS_FIELDS.items():
        assert study["source"][name.split(".")[1]] == value, name
    findings = study["findings"]
    assert (findings[0]["summary_en"], findings[0]["summary_id"]) == ACCEPTED_SUMMARY
    assert [f["review_status"] if "review_status" in f else "reviewed" for f in findings] == [
        "reviewed",
        "rejected",
        "reviewed",
    ]
    assert " ".join(findings[0]["quote"].split()).startswith(accepted_quote[:60].rstrip("…"))
    assert " ".join(findings[1]["quote"].split()).startswith(rejected_quote[:60].rstrip("…"))
    assert (
        findings[2]["quote"] == text[start:end] and findings[2]["theme_id"] == "T06"
    )  # exactly the selected words
    old_lines, new_lines = before.splitlines(), after.splitlines()
    comments = [line for line in old_lines if line.lstrip().startswith("#")]
    assert comments and all(c in new_lines for c in comments)
    for line in old_lines:  # every field line keeps its comment; unfilled ones are unchanged
        m = re.match(r"^(\s*[a-z_]+):.*?  (# .*)$", line)
        if m:
            assert any(n.startswith(m.group(1) + ":") and n.endswith("  " + m.group(2)) for n in new_lines), (
                line
            )
    log = [
        json.loads(entry)
        for entry in (data / f"decisions/{STUDY}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # one line per finding written, in the order they were last changed (the accepted one last)
    assert [(d["action"], d["source"], d["coder"], d["finding_id"]) for d in log] == [
        ("reject", "suggestion", "browser-test", findings[1]["finding_id"]),
        ("accept", "suggestion", "browser-test", findings[0]["finding_id"]),
        ("create", "manual", "browser-test", findings[2]["finding_id"]),
    ]
    assert findings[0]["secondary_theme_id"] == SECOND_THEME.strip()
    memo = (data / f"memos/findings/{findings[0]['finding_id']}.md").read_text(encoding="utf-8")
    assert memo.startswith("---\nauthor: browser-test\ndate: ") and memo.endswith(f"---\n{MEMO}\n")

    validate = invoke_studykit("validate", data)
    assert (
        validate.returncode == 0 and validate.stdout.startswith("valid:") and "draft" not in validate.stdout
    )
    from studykit.render import engine
    from studykit.render.manifest import load_plan

    jobs = [j for j in load_plan(data) if j.parameters.get("study_id") == STUDY and j.lang == "en"]
    assert jobs, "no profile planned for the new study"
    reports = lab["work"].parent / "reports"
    results, _ = engine.render(jobs, reports_dir=reports, data_dir=data, force=True, workers=1)
    assert [engine.failure_line(r, reports) for r in results if not r.ok] == []
    profile = (reports / jobs[0].output).read_text(encoding="utf-8")
    assert TYPED["label"] in profile and "Social facilitators are highly committed." in profile


def test_a_file_changed_behind_the_widget_is_not_overwritten(lab, corpus):
    data = lab["data"]
    study_id = corpus.study_ids[-1]
    path = data / f"studies/{study_id}.yaml"
    page, _ = _open_workbench(lab, study_id, "id")
    assert page.locator(".sk-bib").inner_text().strip() == "Unggah (0)"  # not ipywidgets' English
    edited = path.read_text(encoding="utf-8") + "# edited in another editor meanwhile\n"
    path.write_text(edited, encoding="utf-8")
    page.locator(".sk-list").click(position={"x": 5, "y": 5})
    page.keyboard.press("r")
    page.wait_for_selector("tr.sk-row.sk-rejected")
    # the file browser open at 1280 px: the workbench fits the notebook, which no longer scrolls sideways
    # (it was ~150 px wider, the list's quotes and the status line cut), and "dikode" stays one word
    layout = page.evaluate(
        """() => { const nb = document.querySelector('.jp-WindowedPanel-outer');
          const td = document.querySelector('tr.sk-row.sk-rejected td:nth-child(3)');
          const range = document.createRange();
          range.selectNodeContents(document.createTreeWalker(td, NodeFilter.SHOW_TEXT).nextNode());
          const lines = range.getClientRects().length;
          return {wider: nb.scrollWidth - nb.clientWidth, text: td.innerText, lines}; }"""
    )
    assert layout == {"wider": 0, "text": "dikode", "lines": 1}, layout
    page.locator(".sk-save").click()
    status = _status(page, "Tidak disimpan")
    assert "berubah di disk" in status  # Indonesian: the workbench speaks the notebook's lang
    assert path.read_text(encoding="utf-8") == edited
    assert not (data / f"decisions/{study_id}.jsonl").exists()
    page.locator(".sk-reload").click()
    assert "dimuat ulang" in _status(page, "dimuat ulang")
    assert page.locator("tr.sk-row.sk-rejected").count() == 0  # the unsaved rejection is gone
    # again, now reloading with the changes kept: the rejection is carried onto the file as it is now
    page.locator("tr.sk-row.sk-unreviewed").first.click()  # a reload selects no row: one is chosen
    page.keyboard.press("r")
    page.wait_for_selector("tr.sk-row.sk-rejected")
    path.write_text(edited + "# and once more\n", encoding="utf-8")
    page.locator(".sk-save").click()
    assert "berubah di disk" in _status(page, "Tidak disimpan")
    page.locator(".sk-reload-keeping").click()
    assert "(1 tetap ada)" in _status(page, "tetap ada")
    assert page.locator("tr.sk-row.sk-rejected").count() == 1
    page.locator(".sk-save").click()
    _status(page, "tersimpan")
    saved = path.read_text(encoding="utf-8")
    assert "# and once more" in saved and "review_status: rejected" in saved


def test_rows_in_text_order_rejected_hidden_and_a_quote_moved(lab, corpus):
    """The list of a coded study: rows in text order, the second theme shown, "coded" for decisions; what a
    key did is said in view (the status line sticks to the window); rejected rows hidden and shown again;
    a row's quote moved to other words, keeping its finding id, and saved."""
    data = lab["data"]
    study_id = "jambi-bantar"  # coded, with second themes (neither test above opens it)
    text = (data / f"sources/{study_id}.txt").read_text(encoding="utf-8")
    page, errors = _open_workbench(lab, study_id)
    keys = page.eval_on_selector_all("tr.sk-row", "rows => rows.map((r) => r.dataset.key)")
    starts = page.evaluate(  # where each row's highlight starts in the text
        """(keys) => keys.map((k) => {
          const s = document.querySelector(`.sk-source .sk-hl[data-keys~="${k}"]`);
          return s ? Number(s.dataset.start) : 1e9; })""",
        keys,
    )
    assert starts == sorted(starts), list(zip(keys, starts, strict=True))
    second = _row(page, f"{study_id}-04").inner_text()
    assert "2nd: T09" in second and "coded" in second

    # a key in the list: what it did is said where the coder is, not below the metadata form
    page.locator(".sk-list").click(position={"x": 5, "y": 5})
    rejected = _selected(page)
    page.keyboard.press("r")
    _status(page, "Rejected")
    page.wait_for_timeout(300)
    assert _in_view(page, ".sk-status") and _in_view(page, ".sk-list")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workbench-status.png"))
    toggle = page.locator(".sk-show-rejected input")
    assert "(1)" in page.locator(".sk-show-rejected").inner_text()
    _row(page, rejected).click()  # the rejected row selected, then hidden: where the selection goes is said
    _wait_selected(page, rejected)
    toggle.uncheck()
    _row(page, rejected).wait_for(state="detached", timeout=30_000)
    _status(page, "is rejected, so it is hidden now; selected instead: .*, the (next row|row before it)")
    assert _selected(page) != rejected
    assert page.locator(".sk-source .sk-hl.sk-rejected").count() == 0
    toggle.check()
    _row(page, rejected).wait_for(timeout=30_000)

    # a row, then words in the text (starting inside a word): they become its quote, its id stays
    finding = f"{study_id}-03"
    _row(page, finding).click()
    _wait_selected(page, finding)
    phrase = "rendahnya partisipasi masyarakat"
    start, end = locate_quote(text, phrase)
    _select_text(page, start + 2, end)
    button = page.locator(".sk-requote button, button.sk-requote").first
    button.wait_for(timeout=30_000)
    assert finding in button.inner_text()
    button.click()
    status = _status(page, "The quote of")
    page.wait_for_function("() => document.activeElement?.classList.contains('sk-list')")  # keys: the list's
    assert finding in status and phrase in " ".join(status.split())
    _wait_selected(page, finding)
    assert " ".join(_row(page, finding).locator("td").nth(4).inner_text().split()) == phrase
    page.locator(".sk-save").click()
    assert "Saved" in _status(page, "Saved|Not saved")
    findings = {
        f["finding_id"]: f
        for f in yaml.safe_load((data / f"studies/{study_id}.yaml").read_text())["findings"]
    }
    assert findings[finding]["quote"] == text[start:end]
    log = [
        json.loads(x) for x in (data / f"decisions/{study_id}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    moved = [d for d in log if d["finding_id"] == finding]
    assert [(d["action"], d["quote_start"], d["quote_end"]) for d in moved] == [("edit", start, end)]
    assert errors == []


def test_a_blind_coding_shows_no_suggestion_only_the_findings_and_the_text(lab):
    """``workbench(ID, suggestions=False)``: a line says so, in the notebook's language, and no row is a
    suggestion to review (the study's own findings are there, the text to select from)."""
    page, errors = _open_workbench(lab, "jambi-bantar", "id", blind=True)
    assert "Mengode tanpa usulan" in page.locator(".sk-blind").inner_text()
    rows = page.eval_on_selector_all(".sk-workbench-view tr.sk-row", "rows => rows.map((r) => r.className)")
    assert rows and not [c for c in rows if "sk-unreviewed" in c], rows
    assert page.locator(".sk-workbench-view .sk-source").inner_text().strip()
    assert not errors
    page.close()


def test_the_workbench_is_named_in_its_language_usable_by_keyboard_and_announces_what_it_did(lab):
    """axe-core finds nothing in the workbench (every box and list named, headings in order under the
    notebook's h1); the text and the list are named regions in the notebook's language; the keys move
    through every row (not only the suggestions), a selection made with Shift and the arrow keys is a
    selection as one made with the mouse, and the status line is a live region: said, focus kept."""
    from studykit.coding.bench.labels import t

    page, errors = _open_workbench(lab, "jambi-bantar", "id")
    # label-title-only (a best practice, not WCAG): a form box is named by its title, the text of the label
    # beside it (ipywidgets has no aria-labelledby; that label is a widget of its own)
    assert axe_violations(page, ".sk-workbench", skip=("label-title-only",)) == []
    names = page.evaluate(
        """() => ['.sk-source', '.sk-list', '.sk-summary-en textarea', '.sk-memo-study textarea',
                  '.sk-field-province select', '.sk-field-label input'].map((s) => {
             const e = document.querySelector(s);
             return [e.getAttribute('role'), e.getAttribute('aria-label') || e.title]; })"""
    )
    assert names == [
        ["region", t("workbench.source_text", "id")],
        ["region", t("workbench.findings", "id")],
        [None, t("workbench.summary_en", "id")],
        [None, page.inner_text(".sk-memo-study-title")],
        [None, t("workbench.field.province", "id")],
        [None, t("workbench.field.label", "id")],
    ]
    assert page.get_attribute(".sk-workbench", "lang") == "id"  # the page around it is JupyterLab's, "en"
    status = page.locator(".sk-status")
    assert (status.get_attribute("role"), status.get_attribute("aria-live")) == ("status", "polite")

    rows = page.eval_on_selector_all("tr.sk-row", "rows => rows.map((r) => r.dataset.key)")
    assert len(rows) >= 3
    page.locator(".sk-list").focus()
    page.keyboard.press("End")
    _wait_selected(page, rows[-1])
    page.keyboard.press("Home")
    _wait_selected(page, rows[0])
    page.keyboard.press("ArrowDown")
    _wait_selected(page, rows[1])
    page.keyboard.press("ArrowUp")
    _wait_selected(page, rows[0])
    page.keyboard.press("r")  # said in the live region; the focus stays in the list
    _status(page, "Ditolak")
    assert "sk-list" in _focused(page)
    page.locator(".sk-show-rejected input").check()  # a rejected row, struck through, is still read
    page.wait_for_selector("tr.sk-row.sk-rejected")
    assert axe_violations(page, ".sk-workbench-view", skip=("label-title-only",)) == []
    grey = page.evaluate("getComputedStyle(document.querySelector('tr.sk-row.sk-rejected td')).color")
    assert _contrast(grey) >= 4.5, grey  # axe leaves struck-through text to a person ("incomplete")

    page.locator(".sk-source").focus()
    page.evaluate(  # words selected with Shift and the arrow keys (caret browsing, F7; headless has none)
        """() => { const seg = document.querySelector('.sk-source [data-start]');
                   window.getSelection().setBaseAndExtent(seg.firstChild, 0, seg.firstChild, 12); }"""
    )
    page.keyboard.press("Shift+ArrowRight")  # the key that ends such a selection
    page.wait_for_function("() => document.body.innerText.includes('Pilihan: «')", timeout=30_000)
    assert errors == []
    page.close()


def _contrast(rgb: str) -> float:
    """The contrast ratio of a CSS ``rgb(...)`` colour against white (WCAG 2.x relative luminance)."""
    r, g, b = (int(float(v)) / 255 for v in re.findall(r"[\d.]+", rgb)[:3])
    lum = sum(
        w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b), strict=True)
    )
    return 1.05 / (lum + 0.05)


def test_every_control_of_the_workbench_is_reached_by_tab_with_its_focus_visible(lab):
    """Tab goes through every control of the workbench, in order, and each shows where the focus is: a ring
    at least 2 px wide whose colour stands out against the white page (≥ 3:1, WCAG 1.4.11)."""
    page, errors = _open_workbench(lab, "jambi-bantar", "en")
    controls = page.evaluate(
        """() => [...document.querySelectorAll(
               '.sk-workbench :is(button, input, select, textarea, [tabindex])')]
             .filter((e) => e.offsetParent !== null && !e.disabled && e.tabIndex >= 0).length"""
    )
    page.locator(".sk-show-rejected input").focus()  # the first control: the toggle above the list
    seen = []
    while True:
        focus = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                 return e.closest('.sk-workbench') ? [e.outerHTML.slice(0, 80), s.outlineStyle,
                   parseFloat(s.outlineWidth), s.outlineColor] : null; }"""
        )
        if focus is None:
            break
        seen.append(focus)
        page.keyboard.press("Tab")
    assert len(seen) == controls >= 20
    weak = [f for f in seen if f[1] in ("none", "hidden") or f[2] < 2 or _contrast(f[3]) < 3]
    assert weak == []
    assert errors == []
    page.close()


def test_after_save_or_reload_by_keyboard_the_keys_work_in_the_list_again(lab):
    """Tab to Save and Enter: once saved, the focus is back on the list (it stayed on the button, 50-odd Tab
    stops below it, where a, r, n and p did nothing), so `a` accepts the suggestion selected; the same after
    *Reload from disk*."""
    page, errors = _open_workbench(lab, "jambi-bantar", "en")
    pending = page.eval_on_selector_all("tr.sk-row.sk-unreviewed", "rows => rows.map((r) => r.dataset.key)")
    assert len(pending) >= 2
    _wait_selected(page, pending[0])
    page.locator(".sk-list").focus()
    for _ in range(200):  # Tab, as a keyboard coder goes, from the list down to Save
        page.keyboard.press("Tab")
        if "sk-save" in page.evaluate("() => document.activeElement?.closest('.sk-save')?.className || ''"):
            break
    else:
        raise AssertionError(f"Tab never reached Save: {_focused(page)}")
    page.keyboard.press("Enter")
    _status(page, "Saved ")
    page.wait_for_function("() => document.activeElement?.classList.contains('sk-list')", timeout=30_000)
    page.keyboard.press("a")
    _status(page, "Accepted ")
    assert _row(page, pending[0]).get_attribute("class").split().count("sk-reviewed") == 1
    page.locator(".sk-reload").focus()
    page.keyboard.press("Enter")
    _status(page, "Reloaded|reloaded")
    page.wait_for_function("() => document.activeElement?.classList.contains('sk-list')", timeout=30_000)
    page.keyboard.press("n")  # nothing selected after a reload: n selects the first suggestion to review
    _wait_selected(page, pending[0])
    assert errors == []
    page.close()


def _restart_and_run_all(page) -> None:
    """Restart the notebook's kernel (its unsaved work gone with it, as when a kernel dies), then Run All."""
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Restart Kernel…")).click()  # its name ends in its keys
    page.locator(".jp-Dialog .jp-mod-accept").click()  # "Restart"
    page.wait_for_selector(".jp-Dialog", state="detached")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible", timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_selector(".sk-unsaved-entry", timeout=120_000)


def _new_finding(page, text: str, phrase: str) -> None:
    start, end = locate_quote(text, phrase)
    _select_text(page, start, end)
    page.wait_for_function("() => document.querySelector('.sk-workbench').innerText.includes('Selection:')")
    _choose(page, ".sk-type select", "Context")
    page.locator(".sk-summary-en textarea").fill("A strategy of development.")
    page.locator(".sk-summary-id textarea").fill("Salah satu strategi pembangunan.")
    page.locator("button.sk-new_finding").click()
    _status(page, "New finding")


def test_unsaved_work_outlives_a_kernel_restart_to_be_restored_or_discarded(lab):
    """A finding coded and not saved, the kernel restarted: the study opened again offers the work back;
    Restore, then Save, writes it; Discard leaves the study file as it was."""
    data, study_id = lab["data"], "purbayan-p2kp"  # no other test of this module codes it
    path = data / f"studies/{study_id}.yaml"
    text = (data / f"sources/{study_id}.txt").read_text(encoding="utf-8")
    before = path.read_bytes()
    page, errors = _open_workbench(lab, study_id)
    _new_finding(page, text, "salah satu strategi pembangunan")
    assert len(list(data.glob(f".studykit-unsaved.{study_id}.*.json"))) == 1 and path.read_bytes() == before
    _restart_and_run_all(page)
    offer = " ".join(page.inner_text(".sk-unsaved-entry").split())
    assert "Unsaved work on this study was kept" in offer and "1 finding changed" in offer, offer
    assert "1 made from a selection" in offer
    assert _row(page, "m1").count() == 0  # the finding made before the restart: not in the list yet
    page.locator("button.sk-restore").click()
    assert "Restored the work of" in _status(page, "Restored")
    _row(page, "m1").wait_for(timeout=30_000)  # made again from the record, as unsaved work
    assert "salah satu strategi pembangunan" in _row(page, "m1").inner_text()
    assert path.read_bytes() == before  # restored as unsaved work: nothing written until Save
    page.locator(".sk-save").click()
    _status(page, "Saved")
    saved = path.read_text(encoding="utf-8")
    assert "quote: salah satu strategi pembangunan" in saved and "A strategy of development." in saved
    assert list(data.glob(f".studykit-unsaved.{study_id}.*.json")) == []

    # again, and this time the work is discarded: the study file stays as saved
    _new_finding(page, text, "fasilitas kredit")
    _restart_and_run_all(page)
    page.locator("button.sk-discard").click()
    assert "Discarded" in _status(page, "Discarded")
    assert path.read_text(encoding="utf-8") == saved and page.locator(".sk-unsaved-entry").count() == 0
    assert list(data.glob(f".studykit-unsaved.{study_id}.*.json")) == []
    assert errors == []
    page.close()
