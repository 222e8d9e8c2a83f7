"""Files studykit writes are whole (temporary file, then rename) and get a normal file's mode under the
user's umask."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from studykit import load_corpus
from studykit.coding.publish import publish
from studykit.corpus.export import write_export
from studykit.files import write_atomic
from studykit.render.engine import write_index
from studykit.render.manifest import load_plan


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_an_atomic_write_gets_the_mode_of_a_plain_file(tmp_path, mask, expected):
    target = tmp_path / "sub" / "report.html"
    with umask(mask):
        write_atomic(target, b"<p>one</p>")
        plain = tmp_path / "plain.txt"
        plain.write_bytes(b"x")
    assert target.read_bytes() == b"<p>one</p>"
    assert mode(target) == mode(plain) == expected
    target.chmod(0o600)  # a file left 0600 by an older studykit is replaced with a normal one
    with umask(mask):
        write_atomic(target, b"<p>two</p>")
    assert target.read_bytes() == b"<p>two</p>" and mode(target) == expected
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]  # no temporary file left


def test_a_failed_atomic_write_keeps_the_previous_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_bytes(b"previous")

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_exported_files_and_the_index_get_the_mode_of_a_plain_file(tmp_path, mask, expected):
    corpus = load_corpus()
    with umask(mask):
        written = write_export(corpus, tmp_path / "export")
        index = write_index(load_plan(), tmp_path / "reports", "0" * 12)
    assert (
        len(written) == 9
    )  # seven tables (provinces and regencies included), the workbook, datapackage.json
    assert {p.name: mode(p) for p in written + [index]} == {p.name: expected for p in written + [index]}


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_files_published_by_the_coding_wing_get_the_mode_of_a_plain_file(tmp_path, mask, expected):
    existing = tmp_path / "studies" / "old.yaml"
    existing.parent.mkdir()
    existing.write_text("old\n")
    existing.chmod(0o600)
    with umask(mask):
        publish(
            {
                tmp_path / "sources" / "new.txt": "teks\n",
                tmp_path / "studies" / "new.yaml": "study_id: new\n",
            },
            {existing: "new\n"},
        )
    written = [tmp_path / "sources" / "new.txt", tmp_path / "studies" / "new.yaml", existing]
    assert {p.name: oct(mode(p)) for p in written} == {p.name: oct(expected) for p in written}
