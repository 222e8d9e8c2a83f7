"""Writing files so that a reader never sees half of one, with the mode any other file of the user gets."""

from __future__ import annotations

import os
import secrets
import zipfile
from pathlib import Path


def temp_beside(path: Path) -> tuple[int, Path]:
    """Create a new temporary file in ``path``'s folder; return its open descriptor and its path.

    It is opened like a plain ``open()`` does (mode 0666 minus the umask):
    ``tempfile.mkstemp`` would create it 0600, and that mode survives the rename
    into place, leaving reports unreadable to a web server or a colleague.
    """
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:  # another writer's temporary file: draw another name
            continue


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place: readers never see half
    a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed member timestamps: identical content, identical bytes


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    """A zip whose entries are sorted and carry a fixed timestamp and permissions."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name])
