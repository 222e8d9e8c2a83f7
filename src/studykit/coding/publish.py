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
"""

from __future__ import annotations

import os
from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import ProblemsError
from ..files import temp_beside


class CodingError(ProblemsError):
    """Input that cannot be written; ``problems`` says where and what to do, one per line."""


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


def publish(created: dict[Path, str], replaced: dict[Path, str] | None = None, *, shown=str) -> None:
    """Write ``created`` (must not exist) and ``replaced`` (must exist) as UTF-8 text, all or nothing.

    ``shown`` turns a path into the name printed in an error. Raises
    :class:`CodingError` if a new file's target exists; OSErrors propagate after
    the rollback.
    """
    replaced = replaced or {}
    from .written import written_problems  # reads as validate reads: the corpus wing, loaded when writing

    every = {**created, **replaced}
    refused = [p for target, text in every.items() for p in written_problems(target, text, shown(target))]
    if refused:
        raise CodingError(refused)
    temps: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    linked: list[Path] = []
    try:
        for target, content in {**created, **replaced}.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temps[target] = _temp_beside(target, content)
        for target in created:
            try:
                os.link(temps[target], target)
            except FileExistsError:
                raise CodingError([problem(shown(target), None, "file", "problem.already_exists")]) from None
            linked.append(target)
        for target in replaced:
            backup = target.with_name(f".{target.name}.{os.getpid()}.bak")
            os.link(target, backup)
            backups[target] = backup
            os.replace(temps[target], target)
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
