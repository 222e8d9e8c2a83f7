"""Shared fixtures: the real corpus, a scratch copy of data/, and a CLI runner in a subprocess."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS

from studykit import load_corpus
from studykit.paths import DATA_DIR

# --- parallel runs (pytest-xdist, `-n auto` in pyproject.toml) --------------------------------------------
# A work unit goes to one worker whole. Units are test modules (and notebooks: nbval runs a notebook's cells
# in
# order in one kernel), so each module-scoped fixture is built once; the modules that use the session's full
# report set (`site`) form one unit, so the set is rendered once. Units start in collection order, which puts
# the
# report set first (the longest unit), then the modules that render reports, then the rest.
REPORT_SET = ("test_site.py", "test_notebooks.py")  # the modules whose tests use the session fixture `site`
RENDERING_FIRST = (
    "test_render.py",
    "test_regression_can_fail.py",
    "test_scale.py",
    "test_forkserver.py",
    "test_add_study.py",
    "test_agreement_report.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "report set" if module.rsplit("/", 1)[-1] in REPORT_SET else module

    config.option.loadscopereorder = False  # keep the order below, longest units first
    return ByModule(config, log)


def pytest_collection_modifyitems(config, items):
    for item in items:
        site_fixture = getattr(item, "_fixtureinfo", None) and item._fixtureinfo.name2fixturedefs.get("site")
        if (
            site_fixture and site_fixture[-1].scope == "session" and item.path.name not in REPORT_SET
        ):  # test_render.py has a module `site`
            raise pytest.UsageError(
                f"{item.path.name} uses the session fixture `site`: add it to REPORT_SET in tests/conftest.py"
            )
    rank = {name: i for i, name in enumerate(RENDERING_FIRST, start=1)}
    items.sort(
        key=lambda item: 0 if item.path.name in REPORT_SET else rank.get(item.path.name, len(rank) + 1)
    )  # stable


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
def site(tmp_path_factory):
    """The full report set (reports.yaml: every notebook, both languages), rendered once for the session.

    Only the modules in REPORT_SET may use it: they run in one worker, which renders the set once.
    """
    from studykit.render import engine as render
    from studykit.render import forkserver
    from studykit.render.manifest import load_plan

    reports = tmp_path_factory.mktemp("reports")
    jobs = load_plan()
    results, _ = render.render(
        jobs, reports_dir=reports, force=True, workers=2
    )  # the default: kernels forked from a warm server
    failed = [render.failure_line(r, reports) for r in results if not r.ok]
    assert not failed, failed
    assert {r.kernel for r in results} == ({"forked"} if forkserver.available() else {"fresh"}), {
        r.kernel for r in results
    }
    return reports, jobs


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
