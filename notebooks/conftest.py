"""nbval's report of a cell whose outputs differ from the committed notebook, made readable for the
maintainer (studykit.render.outputdiff): which notebook and cell, a diff of what a reader sees (- committed,
+ this run, a table row per line, the changed cells by column), and how to accept an intended change.

It also keeps each notebook whole on one pytest-xdist worker when only notebooks are tested
(``pytest notebooks/``, ``-n auto`` from pyproject.toml): nbval runs a notebook's cells in order in one
kernel, and xdist's default scheduling sent them to different workers (``NameError`` in every cell after the
first). When tests/ is collected too, tests/conftest.py's scheduler (by module, tryfirst) is the one used.
"""

from __future__ import annotations

import copy
import os

import pytest

# The suite run from a notebook in JupyterLab (`!make test`, `!pytest notebooks`) inherits its kernel's
# JPY_SESSION_NAME, and every kernel nbval starts would too: the reports' links would lead from that notebook
# to reports/<lang>/ (reports.links.open_in_lab) and every link differ from the baseline, a failure that no
# `make baseline` answers (its kernels clear it: render.worker.KERNEL_ENV). The baseline's links, as there.
os.environ["JPY_SESSION_NAME"] = ""

DIFFERS = "Cell outputs differ"  # nbval's NbCellError message for a comparison that failed
COMMITTED = pytest.StashKey[list]()


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadFileScheduling

    return LoadFileScheduling(config, log)


def pytest_runtest_setup(item):
    """The committed outputs as read, before nbval merges their streams in place."""
    if hasattr(item, "cell"):
        item.stash[COMMITTED] = copy.deepcopy(item.cell.get("outputs", []))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    error = call.excinfo.value if call.excinfo else None
    if call.when != "call" or not report.failed or str(error) != DIFFERS or not hasattr(item, "test_outputs"):
        return
    from nbval.plugin import coalesce_streams

    from studykit.render import outputdiff

    skipped = item.parent.skip_compare
    report.longrepr = outputdiff.explain(
        item.fspath.relto(item.config.rootdir),
        item.cell_num,
        item.cell,
        coalesce_streams(item.stash.get(COMMITTED, [])),
        item.test_outputs,
        lambda key: key not in skipped,
        item.sanitize,
    )
    report.user_properties.append(("baseline_differs", item.fspath.purebasename))


def pytest_terminal_summary(terminalreporter):
    notebooks = [
        value
        for report in terminalreporter.stats.get("failed", [])
        for name, value in getattr(report, "user_properties", [])
        if name == "baseline_differs"
    ]
    if notebooks:
        from studykit.render import outputdiff

        terminalreporter.section("nbval baseline")
        for line in outputdiff.accept_hint(notebooks):
            terminalreporter.write_line(line)
