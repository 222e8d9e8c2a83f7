"""Relative links between reports, so that ``reports/`` works opened as plain files, and the anchors they
point at.

Reports of one language live under ``reports/<lang>/``: study profiles in
``study-profile/<study_id>.html``, framework lenses in
``framework-lens/<framework>.html`` (one directory deeper), the other reports
at the language root (``reports.yaml`` says so; a test checks that it agrees
with :data:`REPORT_DIRS`). Every URL a report writes comes from here, relative
to the report's own location, which only its notebook determines.

Anchors: a study profile gives each finding the id ``f-<finding_id>``
(and its highlighted quote in the source text ``q-<finding_id>``); within a
report, :func:`anchor` makes the ids of sections that cells link to.
"""

from __future__ import annotations

import re
from urllib.parse import quote

PROFILE_DIR = "study-profile"
LENS_DIR = "framework-lens"
EXPLORE = "all-findings.html"
REPORT_DIRS = {
    "1-study-profile": PROFILE_DIR,
    "3-framework-lens": LENS_DIR,
}  # notebook -> folder under reports/<lang>/; others: the root


def to_root(notebook: str) -> str:
    """From a report of ``notebook`` back to ``reports/<lang>/``: '' or '../'."""
    return "../" * len(REPORT_DIRS[notebook].split("/")) if notebook in REPORT_DIRS else ""


def finding_anchor(finding_id: str) -> str:
    return f"f-{finding_id}"


def profile(notebook: str, study_id: str, finding_id: str | None = None) -> str:
    """URL of a study's profile (at one of its findings), from a report of ``notebook``."""
    url = f"{to_root(notebook)}{PROFILE_DIR}/{quote(study_id)}.html"
    return url + (f"#{finding_anchor(finding_id)}" if finding_id else "")


def lens(notebook: str, framework: str) -> str:
    return f"{to_root(notebook)}{LENS_DIR}/{quote(framework)}.html"


def explore(notebook: str) -> str:
    return f"{to_root(notebook)}{EXPLORE}"


def anchor(kind: str, *keys: str) -> str:
    """An HTML id for a section of a report, e.g. anchor('quotes', 'T04') -> 'quotes-T04' (ids stay ASCII and
    space-free)."""
    slug = "-".join(re.sub(r"[^A-Za-z0-9_-]+", "_", str(k)) for k in keys)
    return f"{kind}-{slug}" if slug else kind
