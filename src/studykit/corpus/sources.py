"""The one way from a study's ``source.file`` to a file on disk, and the one reader of source texts.

Every reader of ``source.file`` (validate, render, ``suggest``, ``suggest --write``,
``import-findings``, intake, REFI-QDA) goes through :func:`source_path`: the
path must be ``sources/<name>.txt`` and, with symlinks followed, stay inside the
data directory's ``sources/``. A study file is data, and data must not make
studykit print or copy ``/etc/passwd`` or a key file into a study or a report.
:func:`read_source` also caps the length of a source (:data:`~studykit.limits.SOURCE_CHARS`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..limits import SOURCE_CHARS
from .messages import problem
from .problems import ProblemError, over_cap
from .readers import read_text_and_sha256

SOURCES_DIR = "sources"
_FILE = re.compile(r"sources/[^/\\\x00-\x1f]+\.txt")
# control characters a text may not hold (tab, line feed and carriage return are text): what XML 1.0 and
# spreadsheets refuse, and what makes a file binary to every reader of sources
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def confine(data_dir: Path, path: Path, shown: str) -> Path:
    """``path`` (a file of one of ``data_dir``'s folders: studies/, sources/, memos/...) if, symlinks
    followed, it stays inside that folder of the data directory; a ProblemError if it or the folder itself
    leads elsewhere. A data file must not make studykit read a file outside the data it was given."""
    folder = Path(os.path.relpath(path, data_dir)).parts[0]
    root = os.path.join(os.path.realpath(data_dir), folder)
    if not os.path.realpath(path).startswith(root + os.sep):
        said = problem(shown, None, "file", "problem.link_outside", folder=f"{data_dir.name}/{folder}/")
        raise ProblemError(said)
    return path


def named_source(content: object, shown: str) -> object:
    """The ``source.file`` a parsed study file names (None if none); a ``source`` that is no section of
    fields (``source: hello``) is a ProblemError, as validate reports it."""
    source = (content if isinstance(content, dict) else {}).get("source")
    if source is not None and not isinstance(source, dict):
        raise ProblemError(problem(shown, None, "source", "problem.not_a_section"))
    return (source or {}).get("file")


def source_path(data_dir: Path, file: object, shown: str, field: str = "source.file") -> Path:
    """The real path of ``file`` (as written in a study file) inside ``data_dir/sources``; else a
    ProblemError."""
    if not isinstance(file, str) or not _FILE.fullmatch(file) or file.endswith("/..txt"):
        raise ProblemError(problem(shown, None, field, "problem.source_path", file=file))
    root = os.path.join(os.path.realpath(data_dir), SOURCES_DIR)  # sources/ itself no link out either
    real = os.path.realpath(data_dir / file)
    if os.path.dirname(real) != root:
        folder = f"{data_dir.name}/{SOURCES_DIR}/"
        raise ProblemError(problem(shown, None, field, "problem.source_outside", file=file, folder=folder))
    return Path(real)


def check_length(text: str, shown: str) -> str:
    """``text`` if it is within the cap on a source's length, else a ProblemError naming the cap."""
    if len(text) > SOURCE_CHARS.value:
        said = over_cap(SOURCE_CHARS, "cap.what.text_characters", size=len(text))
        raise ProblemError(problem(shown, None, "source", said))
    return text


def check_characters(text: str, shown: str, field: str = "source") -> str:
    """``text`` if it holds no control character other than tab and line breaks, else a ProblemError naming
    the first and its line: the one rule of a usable source text, for intake, validate and suggest alike."""
    found = CONTROL.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        code = f"{ord(found.group()):04X}"
        raise ProblemError(problem(shown, line, field, "problem.source_control", code=code, line=line))
    return text


def most_source_bytes() -> int:
    """The most bytes a source within the length cap can have (UTF-8: 4 bytes a character at most)."""
    return 4 * SOURCE_CHARS.value


def check_size(path: Path, shown: str) -> Path:
    """``path`` if its size can hold a source within the length cap (4 bytes a character at most); refused
    before it is read whole otherwise."""
    try:
        size = path.stat().st_size
    except OSError:
        return path  # the read that follows says what is wrong
    if size > most_source_bytes():
        said = over_cap(SOURCE_CHARS, "cap.what.file_bytes", size=size)
        raise ProblemError(problem(shown, None, "source", said))
    return path


def read_source(data_dir: Path, file: object, shown: str, field: str = "source.file") -> tuple[str, str]:
    """(text, SHA-256 of its bytes) of a study's source, through :func:`source_path`, with the length
    capped."""
    name = f"{data_dir.name}/{file}"
    path = check_size(source_path(data_dir, file, shown, field), name)
    text, digest = read_text_and_sha256(path, name)
    return check_characters(check_length(text, name), name), digest
