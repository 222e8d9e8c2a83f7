"""The bundled corpus's whole report set (reports.yaml: every report, both languages), rendered once per test
run and read by every test that only reads rendered output.

Under pytest-xdist each worker builds its session fixtures itself, so the set is rendered into a folder
that all workers of the run share (the parent of each worker's base temp folder) under a file lock: the
first worker that needs it renders it, any other waits for it and then reads the same files (the pattern
of pytest-xdist's documentation, "Making session-scoped fixtures execute only once"). A failed render is
recorded there too, so that a second worker reports the same failure instead of rendering again.
"""

from __future__ import annotations

import json
from pathlib import Path

DONE = "site.json"  # written last: {"failed": [...]} (empty when every report rendered)


def shared_root(tmp_path_factory, worker_id: str) -> Path:
    """The temp folder every worker of this test run shares (this process's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def rendered_site(root: Path) -> tuple[Path, list]:
    """The reports folder of the whole set under ``root`` and its jobs; renders it unless a worker has."""
    from filelock import FileLock

    from studykit.render.manifest import load_plan

    reports, done = root / "site" / "reports", root / "site" / DONE
    jobs = load_plan()
    with FileLock(str(root / "site.lock")):
        if not done.is_file():
            done.parent.mkdir(parents=True, exist_ok=True)
            done.write_text(json.dumps({"failed": _render(jobs, reports)}), encoding="utf-8")
    failed = json.loads(done.read_text(encoding="utf-8"))["failed"]
    assert not failed, failed
    return reports, jobs


def _render(jobs: list, reports: Path) -> list[str]:
    """Render every job in kernels forked from the warm fork server (the default); the problems, if any."""
    from studykit.render import engine, forkserver

    try:
        results, _ = engine.render(jobs, reports_dir=reports, force=True, workers=2)
    except Exception as exc:  # noqa: BLE001 - recorded for every worker, raised by each
        return [f"the shared render raised {type(exc).__name__}: {exc}"]
    failed = [engine.failure_line(r, reports) for r in results if not r.ok]
    kernels = {r.kernel for r in results}
    expected = {"forked"} if forkserver.available() else {"fresh"}
    return failed + (
        [] if kernels == expected else [f"kernels {sorted(kernels)}, expected {sorted(expected)}"]
    )
