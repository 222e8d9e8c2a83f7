"""Shared fixtures: the real corpus, a scratch copy of data/, the rendered report set, Chromium; the order in
which pytest-xdist hands out the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, rendered_site, shared_root

from studykit import load_corpus
from studykit.paths import DATA_DIR

# --- parallel runs (pytest-xdist, `-n auto` in pyproject.toml) --------------------------------------------
# A work unit goes to one worker whole. Units are test modules (and notebooks: nbval runs a notebook's cells
# in order in one kernel), so each module-scoped fixture is built once per run. The session's full report
# set (`site`) is rendered once per run for all workers (helpers/site.py). Units start in the order below:
# first the module that renders the shared set, then the other modules that render or run kernels (longest
# first, while the set renders on the other worker), then the rest; other modules that read the set come
# later.
SITE_FIRST = "test_site.py"  # its first test needs the shared report set: its worker renders it
RENDERING_FIRST = (
    "test_render.py",
    "test_incremental.py",
    "test_workbench_browser.py",
    "test_hostile_render.py",
    "test_regression_can_fail.py",
    "test_scale.py",
    "test_forkserver.py",
    "test_memo_reports.py",
    "test_agreement_report.py",
    "test_add_study.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid.split("::", 1)[0]

    config.option.loadscopereorder = False  # keep the order of pytest_collection_modifyitems
    return ByModule(config, log)


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(RENDERING_FIRST, start=1)}
    items.sort(
        key=lambda item: 0 if item.path.name == SITE_FIRST else rank.get(item.path.name, len(rank) + 1)
    )  # stable: within a rank, collection order


@pytest.fixture(scope="session", autouse=True)
def ipython_dir(tmp_path_factory):
    """Every kernel of this test process (reports, nbval, papermill) gets an IPython directory of its own
    without a history database.

    They would otherwise share ~/.ipython's SQLite history with every kernel on the machine; when it is
    locked, IPython prints "The history saving thread hit an unexpected error (… database is locked)"
    into the running cell's output, and a report or an nbval comparison differs for no reason of its own.
    """
    path = tmp_path_factory.mktemp("ipython")
    (path / "profile_default").mkdir()
    (path / "profile_default/ipython_kernel_config.py").write_text(
        "c.HistoryManager.enabled = False\n", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPYTHONDIR", str(path))
        yield path


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id):
    """The bundled corpus's full report set (reports.yaml: every report, both languages) and its jobs,
    rendered once per test run in kernels forked from the warm fork server, shared by all workers
    (helpers/site.py).

    Read only: a test that changes reports renders its own (e.g. test_render.py's small site).
    """
    return rendered_site(shared_root(tmp_path_factory, worker_id))


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module (skipped where it is not installed).

    Module scope: Playwright's sync API cannot start while another instance runs in the same thread,
    and other modules of the same worker start their own (``helpers.chromium_pages``)."""
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed (`make test` installs it with apt-get when it can: it "
            "needs root and the Debian archive)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def lexicon():
    """The suggestion lexicon of the bundled corpus (codebook cues, lexicon.yaml, learned cues)."""
    from studykit.coding.cues import lexicon_for

    return lexicon_for(DATA_DIR)
