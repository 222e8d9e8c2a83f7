"""The rendered report set: byte-identical re-renders, tables that agree with the data, and checks in a real
browser."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from helpers import LONG_ID, duplicate_ids, long_study, open_page, run_studykit, visit

from studykit.paths import PROJECT_ROOT
from studykit.render import engine as render
from studykit.reports import i18n

ARTIFACTS = PROJECT_ROOT / "build" / "test-artifacts"


# --- reproducibility -------------------------------------------------------------------------


def test_a_cold_render_in_fresh_kernels_is_byte_identical_for_each_notebook_and_language(site, tmp_path):
    """One report of each notebook in each language, rendered again in fresh kernels: every code path
    of both isolations runs, at a third of the cost of the whole set."""
    reports, jobs = site  # rendered in kernels forked from the warm fork server
    sample = list({(job.notebook, job.lang): job for job in reversed(jobs)}.values())  # the first of each
    assert {(j.notebook, j.lang) for j in sample} == {(j.notebook, j.lang) for j in jobs}
    results, _ = render.render(sample, reports_dir=tmp_path, force=True, workers=2, isolation="kernel")
    assert all(r.ok for r in results) and {r.kernel for r in results} == {"fresh"}
    for job in sample:
        assert (tmp_path / job.output).read_bytes() == (reports / job.output).read_bytes(), job.output
        executed = job.output.replace(".html", ".ipynb")
        assert (tmp_path / "_notebooks" / executed).read_bytes() == (
            reports / "_notebooks" / executed
        ).read_bytes(), executed
    nb = nbformat.read(tmp_path / "_notebooks/en/cross-case.ipynb", as_version=4)
    assert "start_time" not in nb.metadata.papermill and not str(
        nb.metadata.papermill["input_path"]
    ).startswith("/")
    assert (
        "<title>Cross-case comparison of enablers and barriers</title>"
        in (tmp_path / "en/cross-case.html").read_text()
    )


# --- correctness: the published table against an independent count from findings.csv --------


def _commonality_from_csv(export_dir: Path) -> list[tuple[str, str, str]]:
    with open(export_dir / "findings.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["restates"] and r["review_status"] == "reviewed"]
    with open(export_dir / "themes.csv", encoding="utf-8", newline="") as fh:
        labels = {r["theme_id"]: r["label_en"] for r in csv.DictReader(fh)}
    n_studies = len(
        {r["study_id"] for r in csv.DictReader(open(export_dir / "studies.csv", encoding="utf-8"))}
    )
    studies = defaultdict(lambda: {"barrier": set(), "enabler": set()})
    for r in rows:
        if r["finding_type"] in ("barrier", "enabler"):
            studies[r["theme_id"]][r["finding_type"]].add(r["study_id"])
    ranked = sorted(studies, key=lambda t: (-len(studies[t]["barrier"]), t))
    return [
        (
            labels[t],
            f"{len(studies[t]['barrier'])} / {n_studies}",
            f"{len(studies[t]['enabler'])} / {n_studies}",
        )
        for t in ranked
    ]


def test_commonality_table_in_the_cross_case_report_equals_an_independent_count(site, tmp_path):
    reports, _ = site
    assert run_studykit("export", "--out", tmp_path).returncode == 0
    nb = nbformat.read(reports / "_notebooks/en/cross-case.ipynb", as_version=4)
    html = next(
        o.data["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
        and "Themes ranked by the number of studies" in o.data["text/html"]
    )
    shown = pd.read_html(io.StringIO(html))[0]
    published = list(
        zip(
            shown["Theme"],
            shown["Studies reporting it as a barrier"],
            shown["Studies reporting it as an enabler"],
            strict=False,
        )
    )
    expected = _commonality_from_csv(tmp_path)
    assert published == expected
    assert len(expected) >= 10


# --- language: study labels come from the data in the report's language --------------------------


def test_every_report_shows_study_labels_in_its_own_language(site, corpus):
    reports, jobs = site
    labels = {"en": list(corpus.studies["label"]), "id": list(corpus.studies["label_id"])}
    other = {"en": "id", "id": "en"}
    only = {lang: [label for label in labels[lang] if label not in labels[other[lang]]] for lang in labels}
    assert (
        only["en"] and only["id"]
    )  # e.g. "Jombang · poverty programmes" vs "… program penanggulangan kemiskinan"
    shown = {"en": set(), "id": set()}
    for job in jobs:
        page = (reports / job.output).read_text(encoding="utf-8")
        wrong = [label for label in only[other[job.lang]] if label in page]
        assert not wrong, f"{job.output} shows {wrong}"
        shown[job.lang] |= {label for label in labels[job.lang] if label in page}
    assert shown == {lang: set(labels[lang]) for lang in labels}  # and every label does appear somewhere
    index = (reports / "index.html").read_text(encoding="utf-8")
    for lang in labels:
        for label in only[lang]:
            assert f"{i18n.t('profile.title', lang, label=label)}" in index


# --- real browser ------------------------------------------------------------------------------


def test_every_report_loads_cleanly_in_chromium_and_the_index_links_them_all(site, browser):
    """Each report once in Chromium: no console error or request, images decode with alt text, tables have
    header cells; the index links exactly these pages (each link resolves to a page that loaded cleanly)."""
    reports, jobs = site
    pages = [reports / j.output for j in jobs]
    assert len(pages) == len(jobs) > 0
    page, events = open_page(browser, reports / "index.html")  # one page for every file: see helpers.visit
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    assert events["console"] == [] and events["network"] == [], events
    loaded = set()
    for path in pages:
        visit(page, events, path)
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])"
        )
        tables = page.evaluate(
            "Array.from(document.querySelectorAll('table')).map(t => t.querySelectorAll('th').length)"
        )
        loaded.add(page.url)
        assert events["console"] == [] and events["network"] == [], (path.name, events)
        assert all(ok for ok, _ in images), f"{path}: an image does not decode"
        assert all(alt.strip() for _, alt in images), f"{path}: an image has no alt text"
        assert all(n > 0 for n in tables) and tables, f"{path}: a table without header cells"
    visit(page, events, reports / "en/cross-case.html")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "cross-case-en.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert len(hrefs) == len(jobs) and set(hrefs) == loaded, sorted(set(hrefs) ^ loaded)
    assert shot.stat().st_size > 50_000


# --- quotes in context: finding <-> quote links in the study profile ------------------------------------

ROW_TARGETED = "rgb(255, 241, 184)"  # the background of a finding row reached from its quote
IN_VIEW = (
    "(el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; })"
)


def _follow_finding_to_quote_and_back(page, finding: str) -> None:
    page.click(f'a.sk-to-quote[href="#q-{finding}"]')
    assert page.evaluate("location.hash") == f"#q-{finding}"
    assert page.evaluate("document.querySelector(':target').id") == f"q-{finding}"
    assert page.eval_on_selector(f"#q-{finding}", IN_VIEW), "the quote's label is not scrolled into view"
    page.click(f"#q-{finding}")  # the quote's label links back to its finding's row
    assert page.evaluate("location.hash") == f"#f-{finding}"
    assert page.eval_on_selector(f"#f-{finding}", IN_VIEW)
    assert (
        page.eval_on_selector(
            f"#f-{finding}", "el => getComputedStyle(el.closest('tr').querySelector('td')).backgroundColor"
        )
        == ROW_TARGETED
    )
    page.go_back()
    assert page.evaluate("location.hash") == f"#q-{finding}"


@pytest.mark.parametrize(
    "name, finding",
    [
        ("en/study-profile/jambi-bantar.html", "jambi-bantar-06"),  # same span as two other findings
        (
            "id/study-profile/bengkulu-samisake.html",
            "bengkulu-samisake-09",
        ),  # nested, starting with another quote
    ],
)
def test_a_finding_links_to_its_highlighted_quote_in_the_source_text_and_back(
    site, browser, corpus, name, finding
):
    reports, _ = site
    study = name.rsplit("/", 1)[1].removesuffix(".html")
    page, events = open_page(browser, reports / name)
    marks = page.evaluate(
        "Array.from(document.querySelectorAll('.sk-source-text mark')).map(m => "
        "getComputedStyle(m).backgroundColor)"
    )
    labels = page.evaluate("Array.from(document.querySelectorAll('.sk-source-text a.sk-ql')).map(a => a.id)")
    shown_text = page.evaluate(
        "Array.from(document.querySelector('.sk-source-text').childNodes).filter(n => !(n.classList && "
        "n.classList.contains('sk-ql'))).map(n => n.textContent).join('')"
    )
    _follow_finding_to_quote_and_back(page, finding)
    page.close()
    assert events["console"] == [] and events["network"] == []
    assert shown_text == corpus.source_text(study)  # the whole source, whitespace and all
    rows = corpus.findings[corpus.findings["study_id"] == study]
    assert sorted(labels) == sorted(
        [f"q-{f}" for f in rows["finding_id"]]
        + [f"q-{f}-en" for f in rows.loc[rows["quote_en"].notna(), "finding_id"]]
    )
    assert marks and "rgba(0, 0, 0, 0)" not in marks  # every highlighted piece has a colour


@pytest.fixture(scope="module")
def long_profiles(tmp_path_factory):
    """The profile of a synthetic full paper (50,000 characters, 200 findings, overlapping quotes) in both
    languages."""
    from studykit.render.manifest import load_plan

    data_dir = long_study(200, 50_000)
    jobs = [
        j
        for j in load_plan(data_dir)
        if j.parameters.get("study_id") == LONG_ID and j.notebook == "1-study-profile"
    ]
    out = tmp_path_factory.mktemp("long")
    results, _ = render.render(jobs, reports_dir=out, data_dir=data_dir, force=True, workers=2)
    assert len(results) == 2 and all(r.ok for r in results), [render.failure_line(r, out) for r in results]
    return out, jobs, LONG_ID


def test_a_full_paper_profile_stays_under_1_mb_with_every_quote_anchored(long_profiles):
    out, jobs, study = long_profiles
    for job in jobs:
        page = (out / job.output).read_text(encoding="utf-8")
        size = (out / job.output).stat().st_size
        print(f"{job.output}: {size:,} bytes")
        assert size < 1_000_000, (job.output, size)
        assert len(set(re.findall(rf'id="q-({study}-\d+)"', page))) == 200
        assert (
            len(set(re.findall(rf'id="f-({study}-\d+)"', page))) == 196
        )  # four findings restate another: their rows are their originals'


def test_a_full_paper_profile_reads_and_links_in_chromium(long_profiles, browser):
    out, jobs, study = long_profiles
    page, events = open_page(browser, out / jobs[0].output)
    width = page.evaluate("document.querySelector('.sk-source-text').getBoundingClientRect().width")
    _follow_finding_to_quote_and_back(
        page, f"{study}-198"
    )  # nested inside the long quote of its group, near the end of the text
    page.close()
    assert events["console"] == [] and events["network"] == []
    assert 400 < width <= 900  # a readable measure, not the full window


# --- links, grouping, sorting and filtering ------------------------------------------------------

HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
ELEMENT_ID = re.compile(r'\sid="([^"]+)"')


def test_every_link_in_every_report_resolves_to_an_existing_file_and_anchor(site):
    """Every relative link reaches a file that exists, every #anchor an element of that file (reports/ opened
    as files)."""
    import html as htmllib
    from urllib.parse import unquote

    reports, jobs = site
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = {htmllib.unescape(i) for i in ELEMENT_ID.findall(path.read_text(encoding="utf-8"))}
        return ids[path]

    kinds = defaultdict(int)
    for path in [reports / j.output for j in jobs] + [reports / "index.html"]:
        for href in map(htmllib.unescape, HREF.findall(path.read_text(encoding="utf-8"))):
            if re.match(
                r"^[a-z]+:", href
            ):  # a reference the reader may follow (a citation's DOI), never loaded by the page
                assert href.startswith("https://"), f"{path.relative_to(reports)}: {href}"
                kinds["external"] += 1
                continue
            file_part, _, fragment = href.partition("#")
            target = (path.parent / unquote(file_part)).resolve() if file_part else path
            assert target.is_file(), f"{path.relative_to(reports)}: {href} -> no such file"
            if fragment:
                assert fragment in ids_of(target), (
                    f"{path.relative_to(reports)}: {href} -> no element id={fragment!r} there"
                )
            kinds[
                "profile finding"
                if "study-profile/" in file_part and fragment.startswith("f-")
                else "in page"
                if not file_part
                else "file"
            ] += 1
    assert kinds["profile finding"] >= 200 and kinds["in page"] >= 100 and kinds["file"] >= 60, dict(kinds)


def test_every_id_is_unique_in_every_page(site):
    """No two elements of a page share an id (every table's included: pandas' Styler gave all tables of a
    report one id prefix), so every #anchor names one element and the pages are valid HTML."""
    reports, jobs = site
    pages = [reports / job.output for job in jobs]
    tables = 0
    for path in pages:
        page = path.read_text(encoding="utf-8")
        tables += page.count("<table")
        assert not duplicate_ids(page), (path.relative_to(reports), duplicate_ids(page))
    assert tables > len(pages)  # pages with several tables each were checked


def test_framework_lens_links_climb_one_directory_to_the_profiles(site):
    reports, _ = site
    lens = (reports / "en/framework-lens/VMVH.html").read_text(encoding="utf-8")
    cross = (reports / "en/cross-case.html").read_text(encoding="utf-8")
    assert 'href="../study-profile/bengkulu-samisake.html#f-bengkulu-samisake-' in lens
    assert 'href="study-profile/bengkulu-samisake.html#f-bengkulu-samisake-' in cross


def test_grouped_cross_case_report_shows_k_of_n_by_group(site, browser):
    reports, jobs = site
    job = next(j for j in jobs if j.output == "en/cross-case-common-barriers.html")
    assert job.parameters["group_by"] == "admin_unit_type"
    page, events = open_page(browser, reports / job.output)
    alts = page.evaluate("Array.from(document.images).map(i => i.alt)")
    text = page.inner_text("body")
    cells = page.evaluate(
        "Array.from(document.querySelectorAll('table.studykit-table td[data-sort]')).map(td => "
        "td.textContent)"
    )
    page.close()
    assert events["console"] == []
    assert any(
        a.startswith("Heatmap of themes (rows) by groups of studies by type of local government")
        for a in alts
    ), alts
    assert "kota (city) (n\xa0=\xa03)" in text and "kabupaten (regency) (n\xa0=\xa02)" in text
    assert "3 / 3" in cells or "2 / 3" in cells or "1 / 3" in cells  # k of the 3 kota studies


def _column(page, table: str, index: int) -> list[str]:
    return page.evaluate(
        f"Array.from(document.querySelectorAll('{table} tbody tr')).filter(r => !r.hidden).map(r => "
        f"r.cells[{index}].textContent)"
    )


def test_tables_sort_by_a_header_click_and_filter_as_you_type(site, browser):
    reports, _ = site
    page, events = open_page(browser, reports / "en/all-findings.html")
    table = "table.studykit-table[data-filter]"
    headers = page.evaluate(f"Array.from(document.querySelectorAll('{table} th')).map(th => th.textContent)")
    col = headers.index("Finding")
    before = _column(page, table, col)
    page.click(f"{table} th:nth-child({col + 1})")
    once = _column(page, table, col)
    page.click(f"{table} th:nth-child({col + 1})")
    twice = _column(page, table, col)
    assert sorted(before) in (once, list(reversed(once))) and twice == list(reversed(once)) and once != twice
    page.fill(".studykit-filter input", "jambi")
    studies = _column(page, table, headers.index("Study"))
    shown = page.inner_text(".studykit-filter-count")
    page.fill(".studykit-filter input", "")
    again = _column(page, table, col)
    page.close()
    assert events["console"] == []
    assert (
        studies and set(studies) == {"Jambi · Kampung Bantar"} and shown == f"{len(studies)} / {len(before)}"
    )
    assert len(again) == len(before)


def test_count_columns_sort_as_numbers_by_share(site, browser):
    reports, _ = site
    page, events = open_page(browser, reports / "en/cross-case.html")
    table = "table.studykit-table[data-sortable]:has(th[data-sort-method=number])"
    header = page.evaluate(
        f"Array.from(document.querySelector('{table}').querySelectorAll('th')).findIndex(th => "
        "th.dataset.sortMethod === 'number')"
    )
    page.click(f"{table} th:nth-child({header + 1})")
    keys = page.evaluate(
        f"Array.from(document.querySelector('{table}').querySelectorAll('tbody tr')).map(r => "
        f"parseFloat(r.cells[{header}].dataset.sort))"
    )
    page.close()
    assert events["console"] == []
    assert keys == sorted(keys) or keys == sorted(keys, reverse=True)
    assert len(set(keys)) > 1
