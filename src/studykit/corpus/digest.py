"""Content digests of a directory tree: the 'input data' stamp of reports and the render cache key."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def digest_tree(root: Path, digest) -> None:
    """Feed every file under ``root`` (relative path, then bytes, in sorted order) into ``digest``."""
    for path in sorted(
        p for p in root.rglob("*") if (p.is_symlink() or p.is_file()) and "__pycache__" not in p.parts
    ):
        digest.update(path.relative_to(root).as_posix().encode())
        if (
            path.is_symlink()
        ):  # its target's name, never its content: a link may lead anywhere (validate refuses it)
            digest.update(b"-> " + os.fsencode(os.readlink(path)))
            continue
        with open(path, "rb") as fh:  # in chunks: memory stays flat whatever the size
            while chunk := fh.read(1 << 20):
                digest.update(chunk)


def data_hash(data_dir: Path) -> str:
    """Short SHA-256 over every file of the data directory: the 'input data' stamp of reports and the
    index."""
    digest = hashlib.sha256()
    digest_tree(data_dir, digest)
    return digest.hexdigest()[:12]
