"""The studykit command as a user runs it: the real executable, in process, or memory-capped; a refusal
checked."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from pathlib import Path

from studykit.paths import PROJECT_ROOT

# set in a developer's shell, they would change what the tests see
UNSET = ("STUDYKIT_DEBUG", "STUDYKIT_DATA_DIR", "STUDYKIT_LANG")


def run_studykit(
    *args: str,
    cwd: Path | None = None,
    python: tuple[str, ...] = (),
    umask: int = -1,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run the installed CLI as a user would, from a directory that is not the project.

    ``python``: interpreter options; ``umask``: the user's umask (-1 = ours); ``env``: variables set for it.
    """
    env = {**{k: v for k, v in os.environ.items() if k not in UNSET}, **(env or {})}
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


def invoke_studykit(*args: str, env: dict[str, str] | None = None) -> Invoked:
    """Run a studykit command in this process (fast; for the many refusal cases); run_studykit runs the real
    executable. ``env``: variables set for it (``STUDYKIT_LANG`` is unset unless given)."""
    from click.testing import CliRunner

    from studykit.cli import cli

    environ = {"STUDYKIT_LANG": None, **(env or {})}
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=environ)
    return Invoked(result.exit_code, result.stdout, result.stderr)
