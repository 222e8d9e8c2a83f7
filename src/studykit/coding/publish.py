"""Write a set of files all or nothing.

Every importer of the coding wing (``new-study``, ``suggest --write``,
``import-findings``, REFI-QDA) ends here: it validates everything first, then
hands the complete new contents to :func:`publish`. Each file is written to a
temporary file beside its target and fsynced; only when all are written are
they moved into place. New files are linked into place (``os.link`` refuses an
existing target, so a file that appeared meanwhile is never overwritten);
replaced files keep a backup until the whole set is in place. If anything fails,
files already published are removed or restored, so the data directory holds
either every new file or none.

A process killed in the middle (SIGKILL, power cut) is answered by a journal: once
every temporary file is written and synced, a journal naming them is put in the
data directory (``.studykit-publish.PID.json``) before the first file is moved;
the next publish (and the workbench when it opens a study: :func:`recover`)
finishes the moves of a journal whose writer is gone, and sweeps away the
temporary files of a writer killed before its journal (nothing was published).
A replaced file must still hold the bytes its writer read (``base``), and a
read-only one is never replaced: another program's change is refused, not lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import ProblemsError
from ..files import alive, is_stray, started, stray_name, stray_of, sweep, sync_folder, temp_beside
from ..limits import FILE_BYTES

JOURNAL = ".studykit-publish.{pid}.json"


class CodingError(ProblemsError):
    """Input that cannot be written; ``problems`` says where and what to do, one per line."""


class ChangedOnDisk(CodingError):
    """A file to replace no longer holds the bytes its writer read: another program wrote it meanwhile."""


def _hash_of(path: Path) -> str | None:
    """The SHA-256 of a file's bytes: what ``base`` holds (``corpus.readers.read_text_and_sha256``)."""
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def _temp_beside(target: Path, content: str) -> Path:
    fd, name = temp_beside(target)  # a normal file's mode under the umask, unlike tempfile.mkstemp's 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        name.unlink(missing_ok=True)
        raise
    return name


def _journal_alive(path: Path, writer_started: object) -> bool:
    """Whether the writer of a journal (".studykit-publish.PID.json") still runs: its publish is its own. A
    process of that id started at another time than the journal's writer (``writer_started``) is another
    program given the id of a writer killed (after a reboot, soon): the journal is finished for it."""
    pid = path.name.split(".")[2]
    if not pid.isdigit() or int(pid) == os.getpid():
        return True
    if not alive(int(pid)):
        return False
    now = started(int(pid))
    return not (type(writer_started) is int and now is not None and now != writer_started)


def _read_journal(journal: Path) -> tuple[object, list]:
    """A journal's (writer's start, entries), read bounded and never through a link or from a device or a
    pipe (a journal made by hand: ``/dev/zero``, a FIFO, gigabytes): such a journal, or one not JSON, holds
    none. A journal of before the writer's start was recorded is the list of entries alone."""
    try:
        fd = os.open(journal, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None, []
    with os.fdopen(fd, "rb") as fh:
        try:
            regular = stat.S_ISREG(os.fstat(fd).st_mode)
            raw = fh.read(FILE_BYTES.value + 1) if regular else b""
            value = json.loads(raw) if 0 < len(raw) <= FILE_BYTES.value else None
        except (OSError, ValueError, RecursionError):
            value = None
    if isinstance(value, dict):
        value, writer_started = value.get("entries"), value.get("writer_started")
    else:
        writer_started = None
    return writer_started, value if isinstance(value, list) else []


def recover(root: Path) -> list[Path]:
    """Finish the publish a killed writer left half done under ``root`` (its journal), then sweep away the
    temporary files of writers gone; the files it completed are returned. A file changed since (it no
    longer holds what the journal found there) is left as it is."""
    done: list[Path] = []
    for journal in sorted(root.glob(JOURNAL.format(pid="*"))) if root.is_dir() else []:
        writer_started, entries = _read_journal(journal)
        if _journal_alive(journal, writer_started):
            continue
        try:  # a folder that cannot be written now (read-only): the journal waits for a writable one
            for target, temp, old in _entries(root, entries):
                if old is None and not target.exists() and not target.is_symlink():
                    os.link(temp, target)
                    done.append(target)
                elif old is not None and not target.is_symlink() and _hash_of(target) == old:
                    os.replace(temp, target)
                    done.append(target)
                temp.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)
        except OSError:
            continue
    for folder in {t.parent for t in done} | ({root} if done else set()):
        sync_folder(folder)
    try:
        sweep(root)
    except OSError:
        pass
    return done


def _entries(root: Path, entries: list) -> list[tuple[Path, Path, str | None]]:
    """A journal's (target, temporary file, hash the target had) that are what :func:`publish` writes: a
    file under ``root`` (its folder no link out of it) and its temporary file beside it (a journal made by
    hand names nothing else)."""
    inside = os.path.realpath(root)
    out = []
    for entry in entries:
        values = entry if isinstance(entry, dict) else {}
        target, temp, old = values.get("target"), values.get("temp"), values.get("old")
        if not (isinstance(target, str) and isinstance(temp, str) and (old is None or isinstance(old, str))):
            continue
        rel = Path(target)
        if rel.is_absolute() or ".." in rel.parts or Path(temp).parent != rel.parent:
            continue
        if not stray_of(Path(temp).name, rel.name) or not Path(temp).name.endswith(".tmp"):
            continue
        folder = os.path.realpath(root / rel.parent)
        if folder != inside and not folder.startswith(inside + os.sep):
            continue
        if (root / temp).is_file() and not (root / temp).is_symlink():
            out.append((root / rel, root / temp, old))
    return out


def _refusals(created, replaced, base, shown) -> tuple[list, bool]:
    """Why the set cannot be published now: a new file that exists, a file to replace that is read-only or
    changed on disk since it was read (``base``: a new file there was read as none); and whether one was
    changed on disk."""
    appeared = [t for t in created if t.exists() or t.is_symlink()]
    changed = any(t in base for t in appeared)
    said = lambda t: "problem.changed_while_writing" if t in base else "problem.already_exists"  # noqa: E731
    out = [problem(shown(t), None, "file", said(t)) for t in appeared]
    for target in replaced:
        try:
            writable = stat.S_IMODE(target.stat().st_mode) & 0o222 and os.access(target, os.W_OK)
        except OSError:
            writable = True  # gone meanwhile: the base check says so
        if not writable:
            out.append(problem(shown(target), None, "file", "problem.read_only", file=shown(target)))
        elif target in base and _hash_of(target) != base[target]:
            out.append(problem(shown(target), None, "file", "problem.changed_while_writing"))
            changed = True
    return out, changed


def _write_journal(root: Path, temps: dict[Path, Path], created, replaced) -> Path:
    entries = [
        {
            "target": os.path.relpath(target, root),
            "temp": os.path.relpath(temp, root),
            "old": None if target in created else _hash_of(target),
        }
        for target, temp in temps.items()
    ]
    journal = root / JOURNAL.format(pid=os.getpid())
    written = _temp_beside(journal, json.dumps({"writer_started": started(os.getpid()), "entries": entries}))
    try:
        os.replace(written, journal)
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    sync_folder(root)
    return journal


def publish(
    created: dict[Path, str],
    replaced: dict[Path, str] | None = None,
    *,
    shown=str,
    base: dict[Path, str | None] | None = None,
    root: Path | None = None,
) -> None:
    """Write ``created`` (must not exist) and ``replaced`` (must exist) as UTF-8 text, all or nothing.

    ``shown`` turns a path into the name printed in an error; ``base``: the SHA-256 of the bytes the writer
    read of a file it replaces (``corpus.readers.read_text_and_sha256``), which it must still hold (None: a
    new file it read as none, which must still be none); ``root``: the data directory (the journal's folder;
    by default the folder all targets share). Raises :class:`CodingError` if a new file's target
    exists or a file cannot be replaced (:class:`ChangedOnDisk`: changed on disk); OSErrors propagate after
    the rollback.
    """
    replaced = replaced or {}
    base = base or {}
    from .written import written_problems  # reads as validate reads: the corpus wing, loaded when writing

    every = {**created, **replaced}
    refused = [p for target, text in every.items() for p in written_problems(target, text, shown(target))]
    if refused:
        raise CodingError(refused)
    if not every:
        return
    root = root or Path(os.path.commonpath([t.parent for t in every]))
    recover(root)
    temps: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    linked: list[Path] = []
    journal = None
    try:
        for target, content in every.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                temps[target] = _temp_beside(target, content)
            except OSError as exc:  # a full disk, a read-only folder: nothing published yet; say which file
                error = exc.strerror or type(exc).__name__
                raise CodingError(
                    [problem(shown(target), None, "file", "problem.cannot_write", error=error)]
                ) from None
        refused, changed = _refusals(created, replaced, base, shown)
        if refused:
            raise (ChangedOnDisk if changed else CodingError)(refused)
        journal = _write_journal(root, temps, created, replaced)
        for target in created:
            try:
                os.link(temps[target], target)
            except FileExistsError:
                raise CodingError([problem(shown(target), None, "file", "problem.already_exists")]) from None
            linked.append(target)
        for target in replaced:
            backup = target.with_name(stray_name(target.name, f".{os.getpid()}.bak"))
            os.link(target, backup)
            backups[target] = backup
            os.replace(temps[target], target)
        for folder in {t.parent for t in every}:
            sync_folder(folder)
    except BaseException:
        for target in linked:
            target.unlink(missing_ok=True)
        for target, backup in backups.items():
            os.replace(backup, target)
        backups.clear()
        raise
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        for backup in backups.values():
            backup.unlink(missing_ok=True)
        if journal is not None:
            journal.unlink(missing_ok=True)
            sync_folder(root)


__all__ = ["ChangedOnDisk", "CodingError", "is_stray", "publish", "recover"]
