"""The hostile-input suite: each case is built from code, run as a user would run it, and must end in a clear
refusal (exit 1, the file and the problem named, no traceback), change nothing, and stay under a memory cap
(hostile_cases.MEMORY_CAP)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studykit.paths import DATA_DIR


@pytest.fixture
def hostile_data(tmp_path: Path) -> Path:
    """A writable copy of data/ under tmp_path/data; commands run from tmp_path."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
