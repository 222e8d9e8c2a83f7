"""Relative links between reports, so that ``reports/`` works opened as plain files, and the anchors they
point at.

Reports of one language live under ``reports/<lang>/``: study profiles in
``study-profile/<study_id>.html``, framework lenses in
``framework-lens/<framework>.html`` (one directory deeper), the other reports
at the language root (``reports.yaml`` says so; a test checks that it agrees
with :data:`REPORT_DIRS`). Every URL a report writes comes from here, relative
to the report's own location, which only its notebook determines.

In a notebook opened in JupyterLab (or Jupyter Notebook: its server gives the kernel the notebook's path as
``JPY_SESSION_NAME``; papermill, nbval and the render's kernels have none) the same links lead from the
notebook's folder to the rendered reports of its language (``reports/<lang>/``, ``make reports``):
JupyterLab resolves a relative link against the notebook's folder, where ``study-profile/`` is not.

Anchors: a study profile gives each finding the id ``f-<finding_id>``
(and its highlighted quote in the source text ``q-<finding_id>``); within a
report, :func:`anchor` makes the ids of sections that cells link to.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

PROFILE_DIR = "study-profile"
LENS_DIR = "framework-lens"
EXPLORE = "all-findings.html"
REPORT_DIRS = {
    "1-study-profile": PROFILE_DIR,
    "3-framework-lens": LENS_DIR,
}  # notebook -> folder under reports/<lang>/; others: the root


_IN_LAB: dict[str, str] = {}  # "root": from the notebook's folder to reports/<lang>/, set by open_in_lab


def open_in_lab(lang: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """Where this kernel's links lead: in a notebook of a Jupyter server, from its folder to the rendered
    reports of ``lang`` (returned); elsewhere (a render, nbval, papermill) from the report's place (None)."""
    from ..paths import REPORTS_DIR

    session = environ.get("JPY_SESSION_NAME", "")
    _IN_LAB.clear()
    if session:
        _IN_LAB["root"] = Path(os.path.relpath(REPORTS_DIR / lang, Path(session).parent)).as_posix() + "/"
    return _IN_LAB.get("root")


def to_root(notebook: str) -> str:
    """From a report of ``notebook`` back to ``reports/<lang>/``: '' or '../' (in JupyterLab: from the
    notebook's folder, :func:`open_in_lab`)."""
    if "root" in _IN_LAB:
        return _IN_LAB["root"]
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
