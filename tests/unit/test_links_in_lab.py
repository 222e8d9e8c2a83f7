"""Links between reports lead to the site's files from a rendered report, and from a notebook opened in
JupyterLab (its server names the notebook in JPY_SESSION_NAME) to the rendered reports of its language."""

from __future__ import annotations

from studykit.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from studykit.render.worker import KERNEL_ENV
from studykit.reports import links


def test_a_rendered_report_links_relative_to_its_own_place():
    assert links.open_in_lab("en", {}) is None
    assert links.profile("2-cross-case", "jambi-bantar", "jambi-bantar-03") == (
        "study-profile/jambi-bantar.html#f-jambi-bantar-03"
    )
    assert links.profile("1-study-profile", "jambi-bantar") == "../study-profile/jambi-bantar.html"


def test_a_notebook_in_jupyterlab_links_to_the_rendered_reports_of_its_language():
    try:
        session = {"JPY_SESSION_NAME": str(NOTEBOOKS_DIR / "2-cross-case.ipynb")}
        assert links.open_in_lab("id", session) == "../reports/id/"
        assert (
            links.profile("2-cross-case", "jambi-bantar") == "../reports/id/study-profile/jambi-bantar.html"
        )
        assert (
            links.profile("1-study-profile", "jambi-bantar")
            == "../reports/id/study-profile/jambi-bantar.html"
        )
        copy = {"JPY_SESSION_NAME": str(PROJECT_ROOT / "work" / "copies" / "5-explore.ipynb")}
        assert links.open_in_lab("en", copy) == "../../reports/en/"
        assert links.explore("5-explore") == "../../reports/en/all-findings.html"
    finally:
        links.open_in_lab("en", {})
    assert links.explore("5-explore") == "all-findings.html"


def test_a_render_started_from_a_notebook_in_jupyterlab_is_not_one():
    assert KERNEL_ENV["JPY_SESSION_NAME"] == ""  # `!studykit render` in a notebook: the site's links
    assert links.open_in_lab("en", {"JPY_SESSION_NAME": KERNEL_ENV["JPY_SESSION_NAME"]}) is None
