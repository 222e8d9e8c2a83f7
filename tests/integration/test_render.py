"""`studykit render`: what --list plans is what gets rendered; incremental; atomic; failures isolated;
offline HTML."""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml
from helpers import run_studykit

from studykit.paths import NOTEBOOKS_DIR, PROJECT_ROOT

SMALL = {
    "languages": ["en", "id"],
    "reports": [
        {"notebook": "4-evidence-profile", "title": "evidence.title", "output": "evidence-profile"},
        {
            "notebook": "5-explore",
            "title": "explore.title",
            "parameters": {"finding_type": "barrier"},
            "output": "barriers",
        },
    ],
}
RESOURCE = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?https?://|@import\s+["']?https?://""", re.I
)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A small manifest (4 reports) over a scratch copy of the notebooks and data, rendered once with
    `--manifest`, `--data` and `--out` relative to the current directory, under a group-writable umask;
    returned with what that first render wrote (path -> file mode)."""
    root = tmp_path_factory.mktemp("small_site")
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks")
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    (root / "reports.yaml").write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    args = ["--manifest", "reports.yaml", "--data", "data", "--out", "reports"]
    first = run_studykit("render", *args, cwd=root, umask=0o002)
    assert first.returncode == 0, first.stderr
    assert "rendered 4, skipped 0 unchanged, failed 0" in first.stdout
    written = {
        p.relative_to(root / "reports").as_posix(): p.stat().st_mode & 0o777
        for p in (root / "reports").rglob("*")
        if p.is_file()
    }
    return root, args, written


def listed(args, cwd=None) -> list[dict]:
    result = run_studykit("render", "--list", "--format", "json", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_list_matches_what_is_rendered(small_site):
    root, args, _ = small_site
    plan = listed(args, cwd=root)
    assert [set(item) for item in plan] == [{"notebook", "parameters", "output"}] * 4
    planned = {(root / item["output"]).resolve() for item in plan}  # relative to the current directory
    rendered = {p.resolve() for p in (root / "reports").glob("[ei][nd]/**/*.html")}
    assert planned == rendered
    assert {item["parameters"]["lang"] for item in plan} == {"en", "id"}


def _opened(plan: list[dict], cwd: Path = PROJECT_ROOT.parent) -> list[Path]:
    """The listed outputs as they open from where `render --list` ran (run_studykit: outside the project)."""
    return [(cwd / item["output"]).resolve() for item in plan]


def test_full_manifest_plans_every_study_and_framework_in_both_languages(corpus):
    outputs = _opened(listed([]))
    assert len(outputs) == len(set(outputs))
    reports = PROJECT_ROOT / "reports"
    for lang in ("en", "id"):
        for study in corpus.studies["study_id"]:
            assert reports / f"{lang}/study-profile/{study}.html" in outputs
        for framework in corpus.framework_ids:
            assert reports / f"{lang}/framework-lens/{framework}.html" in outputs


def test_a_new_study_adds_its_profiles_without_a_manifest_edit(data_copy):
    text = (data_copy / "studies/jambi-bantar.yaml").read_text(encoding="utf-8")
    (data_copy / "studies/jambi-copy.yaml").write_text(
        text.replace("study_id: jambi-bantar", "study_id: jambi-copy"), encoding="utf-8"
    )
    outputs = _opened(listed(["--data", data_copy]))
    assert data_copy.parent / "reports/id/study-profile/jambi-copy.html" in outputs  # the copy's reports/


def test_another_data_directory_s_reports_go_beside_it_never_over_the_project_s(tmp_path):
    """Walk 15: `render --data ../coder-b/data` without --out (as the workbench and new-study print it) wrote
    the second coder's reports over the project's reports/. A data directory's reports go beside it, as the
    project's reports/ is beside its data/: reports/ beside another folder called data, NAME-reports/ beside
    any other (second-coding's coder-b); the project's data/ still renders into the project's reports/."""
    for data, reports in (
        (tmp_path / "coder-b" / "data", tmp_path / "coder-b" / "reports"),
        (tmp_path / "coder-c", tmp_path / "coder-c-reports"),
    ):
        shutil.copytree(PROJECT_ROOT / "data", data)
        for args in (["--data", data], ["--data", data.relative_to(tmp_path)]):
            outputs = _opened(listed(args, cwd=tmp_path), tmp_path)
            assert outputs and all(p.is_relative_to(reports) for p in outputs), outputs[:2]
            assert reports / "en/study-profile/jambi-bantar.html" in outputs
    outputs = _opened(listed(["--data", PROJECT_ROOT / "data"]))
    assert outputs and all(p.is_relative_to(PROJECT_ROOT / "reports") for p in outputs)


def test_second_render_skips_everything_and_a_data_change_re_renders(small_site):
    root, args, _ = small_site
    again = run_studykit("render", *args, cwd=root)
    assert again.returncode == 0 and "rendered 0, skipped 4 unchanged" in again.stdout
    report = root / "reports/en/barriers.html"
    before = report.read_bytes()
    study = root / "data/studies/jambi-bantar.yaml"
    study.write_text(
        study.read_text(encoding="utf-8").replace(
            "Community participation is low even though", "Participation stays low although"
        ),
        encoding="utf-8",
    )
    changed = run_studykit("render", *args, cwd=root)
    assert changed.returncode == 0 and "rendered 4, skipped 0" in changed.stdout, changed.stdout
    assert b"Participation stays low although" in report.read_bytes() and report.read_bytes() != before


def test_a_no_op_neither_plans_nor_imports_the_rendering_libraries_and_a_missing_report_is_rendered_again(
    small_site,
):
    root, args, _ = small_site
    assert (
        "failed 0" in run_studykit("render", *args, cwd=root).stdout
    )  # a complete render records the run key
    noop = run_studykit("render", *args, cwd=root, python=("-X", "importtime"))
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in noop.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "rendered 0, skipped 4 unchanged, failed 0" in noop.stdout, noop.stdout + noop.stderr
    assert "studykit.render.inputs" in imported  # the no-op check ran ...
    assert not imported & {
        "pandas",
        "pydantic",
        "jinja2",
        "papermill",
        "nbconvert",
        "studykit.render.manifest",
    }  # ... and nothing else
    (root / "reports/en/barriers.html").unlink()
    again = run_studykit("render", *args, cwd=root)
    assert "rendered 1, skipped 3 unchanged, failed 0" in again.stdout, again.stdout + again.stderr
    assert (root / "reports/en/barriers.html").exists()


def test_a_broken_job_keeps_the_previous_report_and_the_others_still_render(small_site):
    root, args, _ = small_site
    good = root / "reports/en/evidence-profile.html"
    previous = good.read_bytes()
    path = root / "notebooks/4-evidence-profile.ipynb"
    original = path.read_text(encoding="utf-8")
    nb = nbformat.reads(original, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("deliberately broken for the test")'))
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    try:
        result = run_studykit("render", "--force", *args, cwd=root)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    failure = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("FAILED") and "en" in line and "4-evidence-profile" in line
    ]
    assert failure and "cell In [5]: RuntimeError: deliberately broken for the test" in failure[0], (
        result.stderr
    )
    assert "rendered 2, skipped 0 unchanged, failed 2" in result.stdout
    assert good.read_bytes() == previous  # the last good report survives
    failed_html = (root / "reports/_failed/en/evidence-profile.html").read_text(encoding="utf-8")
    assert "deliberately broken for the test" in failed_html
    assert (root / "reports/en/barriers.html").exists()


# one explore report per finding type; each of the first four dies in its own way right after its parameters
CRASHES = """
import ctypes, os, signal, sys, time
if finding_type == "effort": time.sleep(600)  # past the cell timeout
if finding_type == "barrier": sys.exit(3)
if finding_type == "enabler": os.kill(os.getpid(), signal.SIGSEGV)
if finding_type == "outcome": ctypes.string_at(0)  # segfault by a bad pointer
""".strip()
# report -> its summary line after the parameters, the same whatever the isolation: the cell that crashed
CRASH_LINES = {
    "effort": "cell In [3]: CellTimeoutError: A cell timed out while it was being executed, after 15 "
    "seconds.",
    "barrier": "cell In [3]: SystemExit: 3",
    "enabler": "cell In [3]: DeadKernelError: Kernel died",
    "outcome": "cell In [3]: DeadKernelError: Kernel died",
}


@pytest.fixture(scope="module")
def crashes(tmp_path_factory):
    """Both isolations render the same five reports at once: four crash, one must still be rendered."""
    root = tmp_path_factory.mktemp("crashes")
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks")
    path = root / "notebooks/5-explore.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(CRASHES))
    nbformat.write(nb, path)
    types = [
        "effort",
        "barrier",
        "enabler",
        "outcome",
        "",
    ]  # the hang first: it waits for its timeout while the others run
    manifest = {
        "languages": ["en"],
        "reports": [
            {
                "notebook": "5-explore",
                "title": "explore.title",
                "parameters": {"finding_type": t},
                "output": t or "all",
            }
            for t in types
        ],
    }
    (root / "reports.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    startup = (
        root / "user-ipython/profile_default/startup"
    )  # the user's own IPython set-up must not reach a report
    startup.mkdir(parents=True)
    (startup / "00-leak.py").write_text(
        "get_ipython().events.register('post_run_cell', lambda result: print('LEAKED FROM USER IPYTHON'))\n"
    )

    def run(isolation):
        return isolation, run_studykit(
            "render",
            "--manifest",
            root / "reports.yaml",
            "--out",
            root / isolation,
            "--isolation",
            isolation,
            "--timeout",
            15,
            cwd=root,
        )

    with ThreadPoolExecutor(2) as pool, pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPYTHONDIR", str(root / "user-ipython"))
        return root, dict(pool.map(run, ["fork", "kernel"]))


@pytest.mark.parametrize("isolation", ["fork", "kernel"])
def test_a_report_that_exits_segfaults_or_hangs_fails_alone(crashes, isolation):
    root, results = crashes
    result = results[isolation]
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "rendered 1, skipped 0 unchanged, failed 4" in result.stdout, result.stdout + result.stderr
    failures = [
        line  # the notebook as it opens from where the command ran (root): the manifest's copy
        for line in result.stderr.splitlines()
        if line.startswith("FAILED notebooks/5-explore.ipynb ")
    ]
    lines = {
        json.loads(line.split(" ", 2)[2].split("}", 1)[0] + "}")["finding_type"]: line.split("}: ", 1)[
            1
        ].rsplit(" (see ", 1)[0]
        for line in failures
    }
    assert lines == CRASH_LINES, result.stderr
    out = root / isolation
    assert (out / "en/all.html").exists() and not (out / "en/barrier.html").exists()
    assert "LEAKED FROM USER IPYTHON" not in (out / "en/all.html").read_text(
        encoding="utf-8"
    )  # kernels use the render's own IPython dir
    for (
        report,
        line,
    ) in (
        CRASH_LINES.items()
    ):  # every crash leaves its error notebook, as a failed cell does, where the summary says
        assert f"{out.name}/_failed/en/{report}.html)" in next(f for f in failures if f'"{report}"' in f)
        page = (out / f"_failed/en/{report}.html").read_text(encoding="utf-8")
        assert line.split(": ")[1] in page and "An Exception was encountered at" in page, report
    assert (
        "note:" not in result.stderr
    )  # with fork: every report, the one after the crashes too, had a forked kernel


def test_reports_are_offline_small_and_stamped(small_site):
    root, _, _ = small_site
    pages = sorted((root / "reports").rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not RESOURCE.search(html), f"{page.name} loads a network resource"
        assert page.stat().st_size < 1_000_000, page.name
    report = (root / "reports/id/evidence-profile.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in report
    assert "studykit 0.1.0" in report and "data masukan" in report and '{"lang": "id"}' in report
    assert "def " not in report and "studykit.reports.start" not in report  # code hidden by default
    stamp = re.search(r"data masukan ([0-9a-f]{12})", report).group(1)
    assert stamp in (root / "reports/index.html").read_text(
        encoding="utf-8"
    )  # one data stamp for reports and index


def test_index_links_every_report_in_both_languages(small_site):
    root, _, _ = small_site
    index = (root / "reports/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert sorted(links) == sorted(
        ["en/evidence-profile.html", "id/evidence-profile.html", "en/barriers.html", "id/barriers.html"]
    )
    assert "Evidence profile (GRADE-CERQual)" in index and "Profil bukti (GRADE-CERQual)" in index
    assert "finding_type" in index  # parameters are listed


def test_bad_manifest_is_a_clear_error(tmp_path):
    (tmp_path / "reports.yaml").write_text(
        yaml.safe_dump(
            {
                "languages": ["en"],
                "reports": [
                    {
                        "notebook": "3-framework-lens",
                        "title": "lens.title",
                        "parameters": {"framework": "CFIR"},
                        "output": "x",
                    }
                ],
            }
        )
    )
    result = run_studykit("render", "--list", "--manifest", tmp_path / "reports.yaml")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "framework='CFIR' is not allowed" in result.stderr


def test_relative_paths_render_and_reports_get_a_normal_file_mode(small_site):
    """The small site's first render: `--data`, `--out` and `--manifest` relative to the current directory,
    under a group-writable umask (the fixture)."""
    _, _, written = small_site
    pages = {f"{lang}/{name}.html" for lang in ("en", "id") for name in ("evidence-profile", "barriers")}
    assert set(written) == {
        "index.html",
        ".studykit-render.json",
        *pages,
        *(f"_notebooks/{page.removesuffix('.html')}.ipynb" for page in pages),
    }
    assert written == dict.fromkeys(written, 0o664)


def test_the_jobs_run_on_a_dask_cluster_with_byte_identical_reports(small_site, tmp_path):
    from distributed import LocalCluster

    root, args, _ = small_site
    assert run_studykit("render", *args, cwd=root).returncode == 0  # the local reports are up to date
    elsewhere = [*args[:-2], "--out", tmp_path / "reports"]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run_studykit("render", "--scheduler", cluster.scheduler_address, *elsewhere, cwd=root)
        workers = len(cluster.workers)
    assert result.returncode == 0 and "rendered 4, skipped 0 unchanged, failed 0" in result.stdout, (
        result.stdout + result.stderr
    )
    assert "note:" not in result.stderr  # every report had a kernel forked from its worker's fork server
    local = sorted(p.relative_to(root / "reports") for p in (root / "reports").glob("[ei][nd]/**/*.html"))
    assert workers == 2 and len(local) == 4
    for name in local:
        assert (tmp_path / "reports" / name).read_bytes() == (root / "reports" / name).read_bytes(), name
        executed = Path("_notebooks") / name.with_suffix(".ipynb")
        assert (tmp_path / "reports" / executed).read_bytes() == (root / "reports" / executed).read_bytes(), (
            executed
        )


def test_the_summary_writes_its_seconds_as_the_language_writes_numbers(small_site):
    """`render --lang id` said "dalam 4.9 dtk" and "[1/2] oke 2.0s": Indonesian writes 4,9."""
    root, args, _ = small_site
    for lang, seconds in (("en", r"in \d+\.\d s;"), ("id", r"dalam \d+,\d dtk;")):
        result = run_studykit("render", *args, "--force", "--jobs", "1", "--lang", lang, cwd=root)
        assert result.returncode == 0 and re.search(seconds, result.stdout), result.stdout
        progress = r"\] \S+ \d+[.]\ds " if lang == "en" else r"\] \S+ \d+,\d dtk "
        assert re.search(progress, result.stderr), result.stderr
