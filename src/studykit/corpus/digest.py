"""Content digests of a directory tree: the 'input data' stamp of reports and the render cache key."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from ..files import is_stray


def tree_files(root: Path) -> list[Path]:
    """Every file (and link) under ``root`` but caches (``__pycache__``) and a writer's temporary files (a
    save under way, or cut short: :func:`studykit.files.is_stray`), in the order digests feed them."""
    return sorted(
        p
        for p in root.rglob("*")
        if (p.is_symlink() or p.is_file()) and "__pycache__" not in p.parts and not is_stray(p)
    )


def digest_files(root: Path, paths: Iterable[Path], digest) -> None:
    """Feed each file of ``paths`` (under ``root``: relative path, then bytes) into ``digest``, in order."""
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        if (
            path.is_symlink()
        ):  # its target's name, never its content: a link may lead anywhere (validate refuses it)
            digest.update(b"-> " + os.fsencode(os.readlink(path)))
            continue
        with open(path, "rb") as fh:  # in chunks: memory stays flat whatever the size
            while chunk := fh.read(1 << 20):
                digest.update(chunk)


def digest_tree(root: Path, digest) -> None:
    """Feed every file under ``root`` (relative path, then bytes, in sorted order) into ``digest``."""
    digest_files(root, tree_files(root), digest)


def data_hash(data_dir: Path, paths: Iterable[Path] | None = None) -> str:
    """Short SHA-256 over every file of the data directory (or over ``paths`` of it, in
    :func:`tree_files` order): the 'input data' stamp of reports and the index."""
    digest = hashlib.sha256()
    digest_files(data_dir, tree_files(data_dir) if paths is None else paths, digest)
    return digest.hexdigest()[:12]
