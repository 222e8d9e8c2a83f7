"""Memos in the rendered reports: each level in the right report, hostile Markdown shown as text in
Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import write_memos

from studykit.paths import NOTEBOOKS_DIR, PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
REPORTS = [
    {
        "notebook": "1-study-profile",
        "title": "profile.title",
        "parameters": {"study_id": "jambi-bantar"},
        "output": "profile",
    },
    {"notebook": "2-cross-case", "title": "cross.title", "output": "cross-case"},
    {
        "notebook": "3-framework-lens",
        "title": "lens.title",
        "parameters": {"framework": "VMVH"},
        "output": "lens",
    },
    {"notebook": "8-codebook", "title": "codebook.title", "output": "codebook"},
    {"notebook": "9-methods", "title": "methods.title", "output": "methods"},
]


# the reports the tests below read: only these are rendered
CHECKED = {
    "en/profile.html",
    "id/profile.html",
    "en/cross-case.html",
    "en/lens.html",
    "en/methods.html",
    "en/codebook.html",
    "id/codebook.html",
}


@pytest.fixture(scope="module")
def memo_site(tmp_path_factory):
    """A copy of the corpus with memos at all four levels (one of them hostile); the reports in CHECKED
    rendered."""
    from studykit.render import engine
    from studykit.render.manifest import load_plan

    root = tmp_path_factory.mktemp("memos")
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    texts = write_memos(root / "data")
    manifest = {"notebooks": str(NOTEBOOKS_DIR), "languages": ["en", "id"], "reports": REPORTS}
    (root / "reports.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    jobs = [j for j in load_plan(root / "data", root / "reports.yaml") if j.output in CHECKED]
    assert {j.output for j in jobs} == CHECKED
    reports = root / "reports"
    results, _ = engine.render(jobs, reports_dir=reports, data_dir=root / "data", force=True, workers=2)
    assert [engine.failure_line(r, reports) for r in results if not r.ok] == []
    return reports, texts


def _html(reports: Path, name: str) -> str:
    return (reports / name).read_text(encoding="utf-8")


def test_each_memo_is_in_the_report_of_its_level_with_its_byline(memo_site):
    reports, texts = memo_site
    profile = _html(reports, "en/profile.html")
    assert 'id="memo-study-jambi-bantar"' in profile and "Memo by B. Peneliti, 2026-12-02" in profile
    assert f'id="memo-finding-{texts["finding_id"]}"' in profile and texts["finding"] in profile
    assert "written in Bahasa Indonesia" in profile and "Memo oleh B. Peneliti" in _html(
        reports, "id/profile.html"
    )
    cross = _html(reports, "en/cross-case.html")
    assert 'id="memo-theme-T04"' in cross and texts["theme"] in cross and "language not stated" in cross
    assert texts["theme"] in _html(reports, "en/lens.html")  # T04 maps directly to a VMVH variable
    for name in ("en/cross-case.html", "en/lens.html"):
        assert texts["study"].split("<")[0] not in _html(reports, name)  # a study memo only in its profile


def test_the_project_memo_and_the_memo_index_are_in_the_appendix_and_theme_memos_in_the_codebook(memo_site):
    reports, texts = memo_site
    methods = _html(reports, "en/methods.html")
    assert 'id="memo-project"' in methods and "why <strong>these</strong> studies" in methods
    for href in (
        "#memo-project",
        "study-profile/jambi-bantar.html#memo-study-jambi-bantar",
        "codebook.html#memo-theme-T04",
    ):
        assert f'href="{href}"' in methods
    assert 'id="memo-theme-T04"' in _html(reports, "en/codebook.html")
    assert "Memo oleh A. Analyst" in _html(reports, "id/codebook.html")


def test_the_memo_column_appears_only_where_there_are_memos(memo_site, tmp_path):
    reports, _ = memo_site
    assert "Analyst&#x27;s memo" in _html(reports, "en/cross-case.html") or "Analyst's memo" in _html(
        reports, "en/cross-case.html"
    )
    plain = PROJECT_ROOT / "notebooks/2-cross-case.ipynb"  # the committed baseline: a corpus without memos
    assert "sk-memo" not in plain.read_text(encoding="utf-8")


def test_a_memo_with_script_and_javascript_link_is_text_in_chromium(memo_site):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (`make test` installs it with apt-get when it can)")
    from playwright.sync_api import sync_playwright

    reports, texts = memo_site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((reports / "en/profile.html").as_uri(), wait_until="load")
        memo_text = page.inner_text("#memo-study-jambi-bantar")
        links = page.evaluate(
            "Array.from(document.querySelectorAll('#memo-study-jambi-bantar a')).map(a => a.href)"
        )
        injected = page.evaluate("[window.__xss, document.querySelectorAll('.sk-memo script').length]")
        browser.close()
    assert "<script>window.__xss = 1</script>" in memo_text
    assert "[klik](javascript:window.__xss=2)" in memo_text
    assert links == [] and injected == [None, 0] and dialogs == []
