"""Reports stay readable and under 1 MB when the corpus grows: a synthetic 50-study corpus, rendered and read
in a browser.

The corpus comes from the synthetic-corpus generator (tests/helpers/synthetic.py): copies of the five
real studies with varied provinces, programme families, years and outcomes. The cross-case,
framework-lens, evidence-profile and explore reports are rendered once for the module
(English, default parameters, which at 50 studies must group the studies); the full 500-study
run is the benchmark's (benchmarks/bench_scale.py).
"""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import generate, open_page

from studykit.paths import NOTEBOOKS_DIR
from studykit.render import engine as render

N_STUDIES = 50
MAX_BYTES = 1_000_000
REPORTS = {
    "cross-case": (
        "2-cross-case",
        {"finding_types": ["barrier", "enabler"], "min_studies": 1, "framework": "VMVH"},
    ),
    "framework-lens/ed": ("3-framework-lens", {"framework": "ED"}),
    "evidence-profile": ("4-evidence-profile", {}),
    "all-findings": ("5-explore", {}),
}


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    from studykit.render.manifest import load_plan

    data_dir = generate(N_STUDIES)
    root = tmp_path_factory.mktemp("scale")
    manifest = {
        "notebooks": str(NOTEBOOKS_DIR),
        "languages": ["en"],
        "reports": [
            {"notebook": nb, "title": "cross.title", "parameters": params, "output": out}
            for out, (nb, params) in REPORTS.items()
        ],
    }
    (root / "reports.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    jobs = load_plan(data_dir, root / "reports.yaml")
    out = root / "reports"
    results, _ = render.render(jobs, reports_dir=out, data_dir=data_dir, force=True, workers=2)
    assert all(r.ok for r in results), [render.failure_line(r, out) for r in results]
    return out, {out_name: (out / "en" / f"{out_name}.html") for out_name in REPORTS}


def test_every_report_of_a_50_study_corpus_is_under_1_mb(scaled):
    _, pages = scaled
    sizes = {name: path.stat().st_size for name, path in pages.items()}
    print(sizes)
    assert all(size < MAX_BYTES for size in sizes.values()), sizes
    assert min(sizes.values()) > 20_000  # real reports, not error stubs


def test_fifty_studies_are_compared_in_groups_not_fifty_columns(scaled):
    _, pages = scaled
    cross = pages["cross-case"].read_text(encoding="utf-8")
    assert "50 studies are too many for one column each" in cross
    assert "Studies compared in groups by programme family" in cross
    assert re.search(r'alt="Heatmap of themes \(rows\) by groups of studies by programme family', cross)
    assert 'alt="Heatmap of themes (rows) by studies (columns)' not in cross  # no 50-column figure
    assert "local government programme (n\xa0=\xa017)" in cross  # group sizes from the generator's families
    lens = pages["framework-lens/ed"].read_text(encoding="utf-8")
    assert re.search(r'alt="Heatmap of the variables of Edwards III \(rows\) by groups of studies', lens)
    assert (
        'alt="Heatmap of clusters of studies by clusters' in cross
    )  # the similarity section clusters the studies


def test_long_study_lists_collapse_behind_their_count_and_quotes_are_capped(scaled):
    _, pages = scaled
    cross = pages["cross-case"].read_text(encoding="utf-8")
    summaries = re.findall(r"<summary>(\d+) of 50 studies</summary>", cross)
    assert summaries and all(int(k) > 5 for k in summaries)
    assert (
        cross.count('<details class="studykit-section">') >= 10
    )  # one collapsible quote section per theme (and outcome)
    assert (
        "of 30 findings are listed (one per study first)" in cross
        or "findings are listed (one per study first)" in cross
    )
    explore = pages["all-findings"].read_text(encoding="utf-8")
    assert "300 of the 750 matching findings are listed" in explore
    assert explore.count("<tr>") <= 300 + 2


def test_collapsed_lists_open_and_links_lead_to_the_finding_in_its_profile(scaled, browser):  # noqa: F811
    out, pages = scaled
    page, events = open_page(browser, pages["cross-case"])
    first = page.locator("table.studykit-table details").first
    assert first.evaluate("d => d.open") is False
    first.locator("summary").click()
    assert first.evaluate("d => d.open") is True
    hrefs = first.evaluate("d => Array.from(d.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    assert hrefs and all(re.fullmatch(r"study-profile/[a-z0-9-]+\.html#f-[a-z0-9-]+-\d\d", h) for h in hrefs)
    theme = page.locator("table.studykit-table a[href^='#quotes-']").first
    target = theme.get_attribute("href")
    theme.click()
    assert (
        page.evaluate(f"document.querySelector('{target}').closest('details').open") is True
    )  # the theme's quotes open
    page.close()
    assert events["console"] == [] and events["network"] == []
