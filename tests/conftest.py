"""Shared fixtures: the real corpus, a scratch copy of data/, and a CLI runner in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from studykit import load_corpus
from studykit.paths import DATA_DIR, PROJECT_ROOT

# --- parallel runs (pytest-xdist, `-n auto` in pyproject.toml) --------------------------------------------
# A work unit goes to one worker whole. Units are test modules (and notebooks: nbval runs a notebook's cells in
# order in one kernel), so each module-scoped fixture is built once; the modules that use the session's full
# report set (`site`) form one unit, so the set is rendered once. Units start in collection order, which puts the
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
    """Every kernel of this test process (reports, nbval, papermill) gets an IPython directory of its own without a history database.

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


def run_studykit(
    *args: str, cwd: Path | None = None, python: tuple[str, ...] = (), umask: int = -1
) -> subprocess.CompletedProcess:
    """Run the installed CLI as a user would, from a directory that is not the project.

    ``python``: interpreter options; ``umask``: the user's umask (-1 = ours).
    """
    env = {k: v for k, v in os.environ.items() if k not in ("STUDYKIT_DEBUG", "STUDYKIT_DATA_DIR")}
    return subprocess.run(
        [sys.executable, *python, "-m", "studykit", *map(str, args)],
        cwd=cwd or PROJECT_ROOT.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        umask=umask,
    )


class Invoked(typing.NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def invoke_studykit(*args: str) -> Invoked:
    """Run a studykit command in this process (fast; for the many refusal cases); run_studykit runs the real executable."""
    from click.testing import CliRunner

    from studykit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return Invoked(result.exit_code, result.stdout, result.stderr)


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


def findings_frame(*rows):
    """Findings from tuples (finding_id, finding_type, theme_id[, {other columns}]); the study id is the finding id minus its number."""
    from studykit.corpus.tables import FINDING_COLUMNS, frame

    records = []
    for finding_id, finding_type, theme_id, *extra in rows:
        record = dict.fromkeys(FINDING_COLUMNS)
        record.update(
            study_id=finding_id.rsplit("-", 1)[0],
            finding_id=finding_id,
            finding_type=finding_type,
            theme_id=theme_id,
            quote=f"quote of {finding_id}",
            summary_en=f"summary of {finding_id}",
            review_status="reviewed",
        )
        record.update(*extra)
        records.append(record)
    return frame(records, FINDING_COLUMNS)


FILLED_METADATA = {
    "label": "Kota Contoh · PKX",
    "label_id": "Kota Contoh · PKX",
    "city_as_written": "Kota Contoh",
    "admin_unit": "Kota Contoh",
    "admin_unit_type": "kota",
    "province": "Jawa Barat",
    "level": "kota",
    "locality": "Kota Contoh",
    "programme_name": "Program Kemiskinan X",
    "programme_owner": "local",
    "programme_family": "local",
    "rating": "not_stated",
    "method": "kualitatif deskriptif",
    "coded_by": "test suite",
    "source_type": "abstract",
}


def fill_metadata(study_file: Path, values: dict | None = None) -> None:
    """Fill the null fields of a study file written by `studykit new-study`, as an analyst would, keeping the comments."""
    import re

    text = study_file.read_text(encoding="utf-8")
    for name, value in (values or FILLED_METADATA).items():
        text, n = re.subn(
            rf"^(\s*{name}): null(\s+#.*)?$",
            lambda m, value=value: f"{m.group(1)}: {value}{m.group(2) or ''}",
            text,
            count=1,
            flags=re.M,
        )
        assert n == 1, f"{name}: null not found in {study_file.name}"
    study_file.write_text(text, encoding="utf-8")
