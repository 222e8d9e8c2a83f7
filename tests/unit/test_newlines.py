"""Every text file studykit writes has the same bytes on every system: written with ``newline=""`` (or as
bytes), so that a "\\n" is LF on Windows too, where Python's text mode would write CRLF (a study file, a
decision log, datapackage.json with other bytes than on Linux). Checked in the source, since no test machine
translates newlines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import studykit

PACKAGE_DIR = Path(studykit.__file__).resolve().parent
ZIP_MEMBERS = {"archive"}  # ``archive.open(name, "w")``: a zip member, bytes


def translated_writes(source: str, name: str) -> list[str]:
    """Calls that open a file for writing text without ``newline=`` (``write_text``, ``open``, ``fdopen``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or any(k.arg == "newline" for k in node.keywords):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) in ZIP_MEMBERS:
            continue
        if called == "write_text":
            found.append(f"{name}:{node.lineno}")
        elif called in ("open", "fdopen"):
            at = (
                0 if isinstance(func, ast.Attribute) and called == "open" else 1
            )  # Path.open(mode), open(f, mode)
            given = node.args[at : at + 1] + [k.value for k in node.keywords if k.arg == "mode"]
            mode = given[0].value if given and isinstance(given[0], ast.Constant) else "r"
            if set(mode) & set("wax") and "b" not in mode:
                found.append(f"{name}:{node.lineno}")
    return found


def test_every_text_file_is_written_without_newline_translation():
    found = [
        hit
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        for hit in translated_writes(path.read_text("utf-8"), str(path.relative_to(PACKAGE_DIR)))
    ]
    assert found == []


@pytest.mark.parametrize(
    "planted, caught",
    [
        ('Path("a").write_text("x\\n", encoding="utf-8")', True),
        ('open("a", "w", encoding="utf-8")', True),
        ('os.fdopen(fd, mode="a", encoding="utf-8")', True),
        ('Path("a").write_text("x\\n", encoding="utf-8", newline="")', False),
        ('open("a", "wb")', False),
        ('open("a", encoding="utf-8")', False),
        ('archive.open("a.npy", "w")', False),
    ],
)
def test_the_check_catches_a_planted_translated_write(planted, caught):
    assert bool(translated_writes(planted + "\n", "planted.py")) is caught
