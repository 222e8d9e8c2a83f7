"""The benchmark scripts the READMEs tell a reader to run: each answers ``--help`` with its usage and exits,
running nothing (bench_hostile.py ignored its arguments and ran every hostile case)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studykit.paths import PROJECT_ROOT

SCRIPTS = sorted(  # the modules they import (suggest_cli.py) run nothing of their own
    s
    for s in (PROJECT_ROOT / "benchmarks").glob("*.py")
    if 'if __name__ == "__main__":' in s.read_text("utf-8")
)


def test_there_are_scripts():
    assert {"bench_corpus.py", "bench_hostile.py", "bench_render.py"} <= {s.name for s in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.name)
def test_help_shows_the_usage_and_runs_nothing(script, tmp_path):
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script.name}"), done.stdout[:500]
    assert not list(tmp_path.iterdir())
