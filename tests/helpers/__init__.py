"""Helpers shared by the test modules: import them from here (``from helpers import ...``), never from another
test module or from conftest (tests/unit/test_layout.py checks).

One module per concern: ``cli`` (running studykit: the real executable or in process), ``hostile`` (a
hostile-input case run memory-capped, its refusal checked; YAML bombs),
``corpora`` (a second coding, filled metadata, findings frames, memos), ``breakages`` (the corpus broken one
way at a time, with the problem each must give), ``files`` (snapshots, hashes, PDF and
Word files), ``browser`` (Chromium via Playwright), ``lab`` (a JupyterLab server for it),
``accessibility`` (axe-core in a Playwright page), ``kernels``
(kernels forked from a warm fork server), ``suggesting`` (example sentences through the suggester's
rules), ``site`` (the shared rendered report set), ``languages`` (words of the other language in an
output) and ``synthetic``
(the synthetic corpora of many studies or of one long paper; the benchmarks use it too).
"""

from __future__ import annotations

from .accessibility import axe_violations
from .breakages import BENGKULU, BREAKAGES, replace_in, unknown_theme
from .browser import CHROMIUM, CHROMIUM_ARGS, chromium_pages, duplicate_ids, open_page, visit
from .cli import Invoked, invoke_studykit, run_studykit
from .corpora import (
    FILLED_METADATA,
    SCRIPT_MEMO,
    SECOND_CODER,
    build_second_coding,
    fill_metadata,
    findings_frame,
    memo,
    write_memos,
)
from .files import TEST_DATA, make_docx, make_pdf, rows_of, snapshot, tree_hashes, write_rows
from .hostile import ALIAS_BOMB, MEMORY_CAP, NESTED, assert_refused, run_capped
from .kernels import fork_server
from .lab import jupyterlab
from .languages import english_words, indonesian_words, wrong_articles
from .longpaper import LONG_ID, long_study
from .site import rendered_site, shared_root
from .suggesting import RESULTS_EN, RESULTS_ID, assert_kinds, kinds, themes
from .synthetic import FINDINGS_PER_STUDY, generate

__all__ = [
    "axe_violations",
    "RESULTS_EN",
    "RESULTS_ID",
    "assert_kinds",
    "kinds",
    "themes",
    "FINDINGS_PER_STUDY",
    "LONG_ID",
    "generate",
    "long_study",
    "BENGKULU",
    "BREAKAGES",
    "replace_in",
    "unknown_theme",
    "ALIAS_BOMB",
    "NESTED",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "FILLED_METADATA",
    "MEMORY_CAP",
    "SCRIPT_MEMO",
    "SECOND_CODER",
    "TEST_DATA",
    "Invoked",
    "duplicate_ids",
    "english_words",
    "wrong_articles",
    "indonesian_words",
    "assert_refused",
    "build_second_coding",
    "chromium_pages",
    "fill_metadata",
    "findings_frame",
    "fork_server",
    "jupyterlab",
    "invoke_studykit",
    "make_docx",
    "make_pdf",
    "memo",
    "open_page",
    "rendered_site",
    "rows_of",
    "run_capped",
    "run_studykit",
    "shared_root",
    "snapshot",
    "tree_hashes",
    "visit",
    "write_memos",
    "write_rows",
]
