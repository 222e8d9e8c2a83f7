"""What the suggester derives from the corpus, kept on disk between runs: models, calibrations and what the
learner reads of each source text.

All of it is derived data (rebuilt when missing, never under ``data/``), stored in
:func:`cache_dir` under a hash of exactly what it was built from, so that a change that
cannot affect it (a study's ``coded_by``, an unreviewed finding) finds it again, and any
change that can (a reviewed finding, a source, the code) misses it. Files are written
whole and renamed into place (concurrent runs never see half of one), read without
pickle (``.npz`` of plain arrays, or JSON), checked before use (a damaged or foreign
file is rebuilt, never trusted), and pruned to the most recently used few.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from ..paths import PROJECT_ROOT

LEARN_VERSION = "6"  # change when the features, labels or fitting change: old cached models are not reused
MAX_ARRAYS_BYTES = 1 << 28  # a model of 500 studies is some 30 MB of arrays
DAMAGED = (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zipfile.BadZipFile)
T = TypeVar("T")


def cache_dir() -> Path:
    """Where derived data is cached: ``$STUDYKIT_CACHE_DIR``, else ``.cache/`` of a source checkout
    (git-ignored), else ``~/.cache/studykit``; never the data directory."""
    if os.environ.get("STUDYKIT_CACHE_DIR"):
        return Path(os.environ["STUDYKIT_CACHE_DIR"])
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / ".cache" / "suggest"
    return Path.home() / ".cache" / "studykit" / "suggest"


@lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of the code that reads, learns and ranks (every module of ``studykit.coding``) and of the
    lexicon it reads with: derived data built by other code is not reused. (What the model learns from
    besides the corpus, the examples and the bank, is in its key: :func:`.training.studies_key`.)"""
    package = resources.files("studykit.coding")
    digest = hashlib.sha256(LEARN_VERSION.encode())
    names = sorted(p.name for p in package.iterdir() if p.name.endswith(".py")) + ["lexicon.yaml"]
    for name in names:
        digest.update(name.encode() + b"\0" + package.joinpath(name).read_bytes() + b"\0")
    return digest.hexdigest()


def text_digest(text: str) -> str:
    """The SHA-256 of a text (UTF-8), as derived data names the source it was read from."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def key_of(*parts: Any) -> str:
    """A short hash of ``parts`` (JSON; what is no JSON type counts by its text) and of :func:`code_key`."""
    digest = hashlib.sha256(code_key().encode())
    digest.update(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()[:20]


def cached(
    path: Path, load: Callable[[Path], T], build: Callable[[], T], save: Callable[[T, Path], None], keep: int
) -> T:
    """The value stored at ``path`` (``load`` raises on a damaged file: it is rebuilt), else ``build()``'s,
    stored with ``save`` (which writes atomically) and the oldest of its kind pruned to ``keep``. A place
    that cannot be written costs the next run a rebuild, nothing else."""
    value = fetch(path, load)
    if value is not None:
        return value
    value = build()
    try:
        save(value, path)
        prune(path.parent, path.name.split("-", 1)[0] + "-*" + path.suffix, keep)
    except OSError:
        pass
    return value


def fetch(path: Path, load: Callable[[Path], T]) -> T | None:
    """The value stored at ``path``, marked as just used; None when there is none or it is damaged."""
    if not path.is_file():
        return None
    try:
        value = load(path)
    except DAMAGED:
        return None
    try:
        os.utime(path)  # pruning keeps the most recently used
    except OSError:
        pass
    return value


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently used files of ``folder`` matching ``pattern``, and what a run
    killed while writing one left there (:func:`studykit.files.sweep`)."""
    from ..files import sweep

    sweep(folder)
    found = []
    for p in folder.glob(pattern):
        try:
            found.append((p.stat().st_mtime, p.name, p))
        except OSError:  # removed meanwhile by another run
            continue
    for _, _, p in sorted(found)[:-keep]:
        p.unlink(missing_ok=True)


def write_arrays(path: Path, **arrays) -> None:
    """Plain arrays as an ``.npz`` (no pickle), written atomically; deflated at zlib's fastest level (a
    model's weights hardly compress: the default level took 0.6 s for 1 % more)."""
    import io

    import numpy as np

    from ..files import write_atomic

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
    write_atomic(path, buffer.getvalue())


def read_arrays(path: Path) -> dict:
    """The arrays of an ``.npz`` written by :func:`write_arrays`, read whole; never unpickled (an object
    array raises ValueError, as a damaged archive raises one of :data:`DAMAGED`), never inflated beyond
    :data:`MAX_ARRAYS_BYTES`."""
    import numpy as np

    with zipfile.ZipFile(path) as archive:
        if sum(member.file_size for member in archive.infolist()) > MAX_ARRAYS_BYTES:
            raise ValueError(f"{path.name}: larger than any array file studykit writes")
    with np.load(path, allow_pickle=False) as z:
        return {name: z[name] for name in z.files}


def sparse_rows(data, indices, indptr, rows: int, columns: int) -> bool:
    """Whether stored arrays are the CSR rows of a ``rows`` x ``columns`` matrix: row pointers from 0 that
    never go back, one column per value, every column in range, every value finite."""
    import numpy as np

    return (
        indices.dtype.kind == "i"
        and indptr.dtype.kind == "i"
        and indptr.shape == (rows + 1,)
        and indptr[0] == 0
        and bool((np.diff(indptr) >= 0).all())
        and len(data) == len(indices) == indptr[-1]
        and (len(indices) == 0 or (indices.min() >= 0 and indices.max() < columns))
        and bool(np.isfinite(data).all())
    )


_MEMOS: list = []  # what this process remembers of derived data (dicts and lru-cached functions)


def remember(memo: T) -> T:
    """Register an in-process memo (a dict, or a function under ``lru_cache``) for :func:`forget`."""
    _MEMOS.append(memo)
    return memo


def forget() -> None:
    """Drop all that this process remembers of derived data, as a new process starts without it: the next
    call finds it on disk, or builds it again (tests and benchmarks compare the two)."""
    for memo in _MEMOS:
        memo.clear() if isinstance(memo, dict) else memo.cache_clear()


@remember
@lru_cache(maxsize=4096)
def _parsed(text: str, shown: str) -> Any:
    from ..corpus.readers import parse_yaml

    return parse_yaml(text, shown)


def study_document(data_dir: Path, path: Path) -> Any:
    """A study file of ``data_dir`` parsed (YAML), once per content in a process; shared: read it, never
    change it. Read bounded and confined to the data directory's studies/ (a file over the cap, or a link
    out of it, raises a ProblemError, as parse_yaml does for YAML it refuses)."""
    from ..corpus.readers import read_text
    from ..corpus.sources import confine

    return _parsed(read_text(confine(data_dir, path, path.name), path.name), path.name)
