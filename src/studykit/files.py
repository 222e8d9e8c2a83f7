"""Writing files so that a reader never sees half of one, with the mode any other file of the user gets."""

from __future__ import annotations

import os
import re
import secrets
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# a temporary file or backup of a writer (:func:`temp_beside`, :mod:`studykit.coding.publish`):
# ".NAME.PID-HEX.tmp", ".NAME.PID.bak"; one whose writer is gone (killed mid-write) is swept by :func:`sweep`
# (NAME may hold a line break)
STRAY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)(?:-[0-9a-f]{8}\.tmp|\.bak)", re.S)
JOURNAL = re.compile(r"\.studykit-publish\.(?P<pid>\d+)\.json")  # :mod:`studykit.coding.publish`'s journal
# the workbench's record of a session's unsaved work (:mod:`studykit.coding.bench.unsaved`): not data
UNSAVED = re.compile(r"\.studykit-unsaved\.(?P<study>[a-z0-9-]+)\.(?P<pid>\d+)-(?P<token>[0-9a-f]{8})\.json")
NAME_MAX = 255  # bytes of a file name (ext4, XFS, Btrfs, tmpfs, APFS, NTFS): a stray's name must fit too
CUT = "\u2026"  # … ends the NAME of a stray whose output's name was too long to be held whole


def stray_name(name: str, tail: str) -> str:
    """``.NAME`` + ``tail`` (``.PID-HEX.tmp``, ``.PID.bak``): the name of a stray of the file ``name``
    (:data:`STRAY`). Where it would be longer than a file name may be (an output of 240 bytes, which the file
    system takes, made ``File name too long`` with 20 bytes more), NAME is cut at a character and ends in
    :data:`CUT`: still a stray :func:`sweep` recognises, and :func:`stray_of` tells whose it is."""
    whole = f".{name}{tail}"
    if len(os.fsencode(whole)) <= NAME_MAX:
        return whole
    kept = os.fsencode(name)[: NAME_MAX - len(os.fsencode(f".{CUT}{tail}"))]
    for end in range(len(kept), len(kept) - 4, -1):  # at a character: not inside a UTF-8 sequence
        try:
            return f".{kept[:end].decode()}{CUT}{tail}"
        except UnicodeDecodeError:
            continue
    return f".{os.fsdecode(kept)}{CUT}{tail}"  # bytes no encoding reads: kept as they are


def stray_of(stray: str, name: str) -> bool:
    """Whether the file named ``stray`` is a temporary file or backup of the file ``name``
    (:func:`stray_name`, its NAME cut or whole)."""
    found = STRAY.fullmatch(stray)
    return found is not None and stray_name(name, stray[1 + len(found["name"]) :]) == stray


def temp_beside(path: Path) -> tuple[int, Path]:
    """Create a new temporary file in ``path``'s folder; return its open descriptor and its path.

    It is opened like a plain ``open()`` does (mode 0666 minus the umask):
    ``tempfile.mkstemp`` would create it 0600, and that mode survives the rename
    into place, leaving reports unreadable to a web server or a colleague. A file it replaces keeps the
    read and write permissions it had too (a study file 0664 in a team's folder stays 0664 when a coder
    whose umask is 077 saves it): a write never makes a file less readable than it was or than a new one.
    """
    while True:  # the writer's process id in its name: a temporary file of a writer killed can be told
        tmp = path.parent / stray_name(path.name, f".{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # another writer's temporary file: draw another name
            continue
        had, mode = mode_had(path), stat.S_IMODE(os.fstat(fd).st_mode)
        if had & ~mode:
            os.fchmod(fd, mode | had)
        return fd, tmp


def mode_had(path: Path) -> int:
    """The read and write permissions of the file at ``path`` (0 where there is none or it is unreadable)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode) & 0o666
    except OSError:
        return 0


def move_in(src: Path, target: Path, had: int | None = None) -> None:
    """Move ``src`` (written in a temporary folder) over ``target``, keeping the read and write permissions
    the file it replaces had (``had``: read before that file was removed), as :func:`temp_beside` does: an
    export into a team's folder stays 0664 for a coder whose umask is 077."""
    import shutil

    had = mode_had(target) if had is None else had
    mode = stat.S_IMODE(os.stat(src).st_mode)
    if had & ~mode:
        os.chmod(src, mode | had)
    shutil.move(src, target)


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


def is_stray(path: Path) -> bool:
    """Whether ``path`` is a writer's temporary file, backup (:data:`STRAY`), journal or the workbench's
    record of unsaved work (:data:`UNSAVED`), not a file of the user's: no input of a report, no memo."""
    return any(kind.fullmatch(path.name) is not None for kind in (STRAY, JOURNAL, UNSAVED))


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or no process id at all: not ours to judge
    return True


def started(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks after boot (Linux ``/proc``; None where unknown): a
    process id is reused once its process is gone (after a reboot, soon), and the start tells them apart."""
    try:
        with open(f"/proc/{int(pid)}/stat", "rb") as fh:
            return int(fh.read(4096).rsplit(b")", 1)[1].split()[19])  # field 22, after the name's ")"
    except (OSError, ValueError, IndexError, OverflowError):
        return None


def sweep(root: Path) -> list[Path]:
    """Remove the temporary files and backups under ``root`` that a writer killed mid-write left behind
    (its process is gone); those of a writer still running stay. Returns the files removed."""
    gone = []
    for path in sorted(root.rglob(".*")) if root.is_dir() else []:
        found = STRAY.fullmatch(path.name)
        if found and int(found["pid"]) != os.getpid() and not alive(int(found["pid"])):
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                gone.append(path)
    return gone


def temp_folder_beside(path: Path) -> Path:
    """Where a command builds the folder ``path`` whole before renaming it there: ``.NAME.PID-HEX.tmp``
    beside it (:data:`STRAY`), so that :func:`sweep_beside` can tell one whose writer was killed."""
    return path.parent / stray_name(path.name, f".{os.getpid()}-{secrets.token_hex(4)}.tmp")


@contextmanager
def folder_beside(path: Path) -> Iterator[Path]:
    """A new folder :func:`temp_folder_beside` ``path`` to build files in, removed on leaving whatever
    happened (a killed writer's is swept by the next :func:`sweep_beside`)."""
    import shutil

    tmp = temp_folder_beside(path)
    tmp.mkdir()
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def sweep_beside(path: Path) -> list[Path]:
    """Remove the folders being built (:func:`temp_folder_beside`) in ``path``'s folder whose writer is gone:
    what a command killed before its rename left (the folder it built never became its output, so nothing
    there is half-written). Those of a writer still running stay. Returns the folders removed."""
    import shutil

    gone = []
    for found in sorted(path.parent.glob(".*.tmp")) if path.parent.is_dir() else []:
        stray = STRAY.fullmatch(found.name)
        if stray is None or not found.name.endswith(".tmp") or found.is_symlink() or not found.is_dir():
            continue
        if int(stray["pid"]) != os.getpid() and not alive(int(stray["pid"])):
            shutil.rmtree(found, ignore_errors=True)
            gone.append(found)
    return gone


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system allows a folder to be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed member timestamps: identical content, identical bytes


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A zip member's header that says nothing of when, by whom or on which system it was written: a fixed
    time and permissions, and "made by Unix" (zipfile says Windows there: other bytes for the same file)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.create_system = 3
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    """A zip whose entries are sorted and carry :func:`zip_entry`'s headers."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            zf.writestr(zip_entry(name), members[name])
