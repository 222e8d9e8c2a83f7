"""Accessibility of the rendered reports, checked by axe-core (WCAG 2.x A/AA and best practices) in Chromium:
every report of the bundled corpus in both languages, and the index that links them."""

from __future__ import annotations

from helpers import axe_violations, open_page, visit


def test_every_report_and_the_index_have_no_axe_violations_and_say_their_language(site, browser):
    """Landmarks, headings in order, names of links and form fields, table headers, alt text, contrast …
    as axe-core checks them; the page's ``lang`` is the report's language (screen readers read it so)."""
    reports, jobs = site
    page, events = open_page(browser, reports / "index.html")
    found = {"index.html": axe_violations(page)}
    assert page.evaluate("document.documentElement.lang") == "en"  # its Indonesian parts say lang="id"
    assert page.locator("[lang='id']").count() > len(jobs) // 2
    for job in jobs:
        visit(page, events, reports / job.output)
        assert page.evaluate("document.documentElement.lang") == job.lang, job.output
        found[job.output] = axe_violations(page)
    page.close()
    assert {name: v for name, v in found.items() if v} == {}
    assert len(found) == len(jobs) + 1
