"""Hostile input (issue 19): run a case as a user would, memory capped, and check that it ends in a clear
refusal; the YAML bombs the cases are built from.

Each case is built from code on ``data_copy`` (a scratch copy of data/, tests/conftest.py) and checked to end
in a refusal: exit 1, the file and the problem named, no traceback, nothing written (``files.tree_hashes``),
and the command's address space under :data:`MEMORY_CAP`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NESTED = "[" * 30_000 + "]" * 30_000  # ~60 KB: libyaml's recursive composition segfaulted on this
ALIAS_BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=False)]
)  # 9 levels of 9: 387 million values once expanded, from 0.7 KB

MEMORY_CAP = (
    1536 * 2**20
)  # bytes of address space a refused case may use (RLIMIT_AS); python + pandas ~0.6 GiB

# The studykit command with its address space capped: a case that inflates a bomb dies (MemoryError or
# SIGSEGV/SIGKILL) instead of passing, and the test then fails on the exit code or the message.
_CAPPED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from studykit.cli import main
sys.argv = ["studykit", *sys.argv[1:]]
main()
"""


def run_capped(*args, cwd: Path, cap: int = MEMORY_CAP, env: dict | None = None, timeout: float = 120):
    """Run ``studykit ARGS`` in a subprocess with RLIMIT_AS = ``cap``; return the CompletedProcess (text)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("STUDYKIT_DEBUG", "STUDYKIT_DATA_DIR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", _CAPPED.format(cap=cap), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


def assert_refused(result, *fragments: str) -> None:
    """Exit 1, no traceback, and every fragment (the file, the problem) in the message."""
    shown = f"exit {result.returncode}\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-3000:]}"
    assert result.returncode == 1, shown
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, shown
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in the message\n{shown}"
