"""Copy a folder of a data directory into a new one: ``consensus`` starts the merged coding as a copy of A's,
``second-coding`` gives coder B the codebook and schema.

What is copied is the data directory's own files and folders. A symbolic link is followed only to a file
inside the data directory; one leading out of it (to ``/etc/passwd``, a key, another project) would put that
file into the new coding, a copy another person may receive, so it is refused, naming the link. A pipe, a
device or a socket (``/dev/zero`` would fill the disk, a pipe would wait forever) and a link to a folder (a
link to its own parent copies the folder into itself, over and over) are refused too. Every such entry is
found before a byte is copied, so the command says all of them at once and writes nothing.

What is no file of the user's is not copied at all (:func:`studykit.files.is_stray`): a writer's temporary
file or backup, a publish journal, and the workbench's records of unsaved work
(``.studykit-unsaved.ID.PID-HEX.json``), which in the new coding would be offered as work "from another data
folder" that nobody did there.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import Problem
from ..files import is_stray
from .publish import CodingError


def _refused(path: Path, root: str, shown: str, folder: str) -> Problem | None:
    """Why ``path`` (a link, or an entry that is no file or folder) cannot be copied; None if it can."""
    if path.is_symlink():
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            return problem(shown, None, "file", "problem.link_outside", folder=folder)
    try:
        mode = os.stat(path).st_mode
    except OSError:  # a dangling link: nothing to copy, and the copy would fail on it
        return problem(shown, None, "file", "problem.copy_not_a_file", folder=folder)
    if stat.S_ISREG(mode) or (stat.S_ISDIR(mode) and not path.is_symlink()):
        return None
    return problem(shown, None, "file", "problem.copy_not_a_file", folder=folder)


def check_copy(source: Path, data_dir: Path, shown_as: str) -> list[Problem]:
    """The problems of copying ``source`` (a folder of ``data_dir``, or the data directory itself): every
    entry below it that leads out of ``data_dir`` or is no regular file or folder. ``shown_as``: how the data
    directory is named in the problems (the path the user gave)."""
    root, folder = os.path.realpath(data_dir), f"{shown_as.rstrip('/')}/"
    problems = []
    for top, dirs, files in os.walk(source):  # links to folders are listed in dirs, and not walked
        dirs[:] = [d for d in dirs if not is_stray(Path(d))]  # never copied: nothing to check below
        for name in sorted(dirs + [f for f in files if not is_stray(Path(f))]):
            path = Path(top, name)
            shown = str(Path(shown_as, path.relative_to(data_dir)))
            if (said := _refused(path, root, shown, folder)) is not None:
                problems.append(said)
    return problems


def copy_folder(source: Path, target: Path, data_dir: Path, shown_as: str) -> None:
    """Copy ``source`` (a folder of ``data_dir``) to ``target`` (which must not exist), but for what is no
    file of the user's (:func:`~studykit.files.is_stray`); a CodingError listing every entry
    :func:`check_copy` refuses, before anything is copied."""
    if problems := check_copy(source, data_dir, shown_as):
        raise CodingError(problems)
    shutil.copytree(source, target, ignore=_strays)


def _strays(_folder: str, names: list[str]) -> set[str]:
    return {name for name in names if is_stray(Path(name))}
