"""Accessibility of the rendered reports, checked by axe-core (WCAG 2.x A/AA and best practices) in Chromium:
every report of the bundled corpus in both languages, and the index that links them."""

from __future__ import annotations

import html
import re

from helpers import axe_violations, english_words, indonesian_words, open_page, visit, wrong_articles


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


ALT = re.compile(r'<img [^>]*?alt="([^"]*)"')


def test_every_figure_says_what_it_shows_in_the_reports_language(site):
    """A figure's alt text is a sentence about what it shows (not a file name), in the report's language
    (no word of the other one); English text puts the right article before a finding type."""
    reports, jobs = site
    figures = 0
    for job in jobs:
        page = (reports / job.output).read_text(encoding="utf-8")
        other = english_words if job.lang == "id" else indonesian_words
        for alt in map(html.unescape, ALT.findall(page)):
            figures += 1
            assert len(alt.split()) >= 8 and not re.search(r"\.(png|svg|jpe?g)\b", alt), (job.output, alt)
            assert not other(alt), (job.output, alt, other(alt))
        if job.lang == "en":
            text = html.unescape(re.sub(r"<[^>]+>", " ", page))
            assert not wrong_articles(text), (job.output, wrong_articles(text))
    assert figures > len(jobs) // 2


def test_every_table_is_named(site):
    """Every table has a caption or a label, which a screen reader says when it lists or enters the tables;
    a collapsible section's table repeats the section's summary (visually hidden)."""
    reports, jobs = site
    unnamed, tables = {}, 0
    for path in [reports / j.output for j in jobs] + [reports / "index.html"]:
        page = path.read_text(encoding="utf-8")
        found = re.findall(r"<table\b([^>]*)>\s*(<caption>)?", page)
        tables += len(found)
        missing = [attrs for attrs, caption in found if not caption and "aria-label=" not in attrs]
        if missing:
            unnamed[path.relative_to(reports).as_posix()] = len(missing)
    assert unnamed == {} and tables > 2 * len(jobs)
