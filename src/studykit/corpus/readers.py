"""Read YAML, CSV and text files, turning every way they can be broken into a Problem.

YAML goes through the one safe loader (:mod:`.safeyaml`: duplicate keys, depth and
alias expansion bounded); line numbers are only looked up (by composing the node
tree of a document the loader accepted) for files that have a problem, which keeps
large corpora fast.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from ..limits import FILE_BYTES, TABLE_ROWS
from .messages import problem
from .problems import Problem, ProblemError, over_cap
from .safeyaml import Loader as _Loader
from .safeyaml import YamlRefused, load_yaml


def no_file(path: Path, shown: str, missing: str = "problem.not_found") -> Problem:
    """Why ``path`` (given by the user, not a regular file) cannot be read: a folder, a pipe or device, or
    missing (``missing``: the catalogue key saying what to give instead)."""
    try:
        if path.is_dir():
            return problem(shown, None, "file", "problem.is_directory")
        if path.exists():
            return problem(shown, None, "file", "problem.not_a_file")
    except (OSError, ValueError):  # a name too long for the file system, a NUL: no such file
        pass
    return problem(shown, None, "file", missing)


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):  # said as such: "not a regular file" left a coder looking for a file
            raise ProblemError(problem(shown, None, "file", "problem.folder_not_a_text_file"))
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            raise ProblemError(problem(shown, None, "file", "problem.not_a_regular_file"))
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > FILE_BYTES.value:  # refused before it is read whole
                said = over_cap(FILE_BYTES, "cap.what.file_bytes", size=size)
                raise ProblemError(problem(shown, None, "file", said))
            return fh.read()
    except FileNotFoundError:
        raise ProblemError(problem(shown, None, "file", "problem.file_not_found")) from None
    except OSError as exc:
        raise ProblemError(
            problem(shown, None, "file", "problem.file_unreadable", error=exc.strerror)
        ) from None


def decode_utf8(raw: bytes, shown: str) -> str:
    """``raw`` as UTF-8; a byte that is not is a Problem naming its line, byte and offset."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = f"{raw[exc.start]:02x}"
        raise ProblemError(
            problem(shown, line, "encoding", "problem.not_utf8", byte=byte, offset=exc.start)
        ) from None


def _decode(raw: bytes, shown: str) -> str:
    text = decode_utf8(raw, shown)
    if not text.strip():
        raise ProblemError(problem(shown, None, "file", "problem.file_empty"))
    return text.removeprefix("\ufeff")


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 file; invalid encoding or an empty file is a Problem naming the line."""
    return _decode(_read_bytes(path, shown), shown)


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a file read whole (a user's --bib record, CASES.csv, a PDF …), bounded like every data
    file: over ``STUDYKIT_MAX_FILE_BYTES``, or not a regular file, it is refused before it is read."""
    return _read_bytes(path, shown)


def read_text_and_sha256(path: Path, shown: str) -> tuple[str, str]:
    """Like :func:`read_text`, plus the SHA-256 of the file's bytes, from a single read."""
    raw = _read_bytes(path, shown)
    return _decode(raw, shown), hashlib.sha256(raw).hexdigest()


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML text with the one safe loader (:mod:`.safeyaml`); any problem, a truncated file included,
    names its line, in both languages."""
    try:
        return load_yaml(text, shown)
    except YamlRefused as exc:
        found = exc.problem
        raise ProblemError(problem(found.file, found.line, found.field, exc.said)) from None


def yaml_line(text: str, loc: Iterable[Any]) -> int | None:
    """1-based line of the node at ``loc`` (keys and list indexes); the deepest existing node if the path
    stops early."""
    return yaml_lines(text)(loc)


def yaml_lines(text: str) -> Callable[[Iterable[Any]], int | None]:
    """:func:`yaml_line` for many places of one text, parsed once, when first asked (a file of 1,000
    findings was parsed 2,000 times by ``recode``: 100 s)."""
    parsed: list = []

    def line_of(loc: Iterable[Any]) -> int | None:
        if not parsed:
            try:
                parsed.append(yaml.compose(text, Loader=_Loader))
            except yaml.YAMLError:
                parsed.append(False)
        if parsed[0] is False:
            return None
        node = parsed[0]
        line = node.start_mark.line + 1 if node is not None else None
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == str(key):
                        line, node = k.start_mark.line + 1, v
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    return line_of


def read_csv(
    text: str, shown: str, columns: list[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Rows of a CSV with exactly ``columns`` as header, each with its 1-based line, and the bad rows as
    Problems."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ProblemError(problem(shown, 1, "header", "problem.csv_header_unreadable", error=exc)) from None
    if header != columns:
        expected, got = ",".join(columns), ",".join(header)
        raise ProblemError(problem(shown, 1, "header", "problem.csv_columns", expected=expected, got=got))
    rows, problems = [], []
    line = reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(rows) + len(problems) >= TABLE_ROWS.value:  # refused, not read on into gigabytes
                said = over_cap(TABLE_ROWS, "cap.what.table_rows", rows=TABLE_ROWS.value)
                raise ProblemError(problem(shown, start, "row", said))
            if len(values) != len(columns):
                problems.append(
                    problem(shown, start, "row", "problem.csv_fields", n=len(values), expected=len(columns))
                )
                continue
            rows.append((start, dict(zip(columns, values, strict=False))))
    except csv.Error as exc:
        problems.append(problem(shown, reader.line_num, "csv", "problem.csv_syntax", error=exc))
    return rows, problems
