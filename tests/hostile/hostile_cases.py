"""Helpers of the hostile-input suite: run a case as a user would (memory capped), hash a data directory,
check a refusal.

The suite (``tests/hostile/test_hostile_*.py``) builds each case of issue 19 from code on ``data_copy`` (a
scratch copy of data/, tests/conftest.py) and checks that it ends in a clear refusal: exit 1, the file and
the problem named, no traceback, nothing written, and the command's address space under :data:`MEMORY_CAP`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

MEMORY_CAP = (
    1536 * 2**20
)  # bytes of address space a refused case may use (RLIMIT_AS); python + pandas is ~0.6 GiB

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


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``root`` (symlinks as their target's name, never
    followed)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def assert_refused(result, *fragments: str) -> None:
    """Exit 1, no traceback, and every fragment (the file, the problem) in the message."""
    shown = f"exit {result.returncode}\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-3000:]}"
    assert result.returncode == 1, shown
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, shown
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in the message\n{shown}"
