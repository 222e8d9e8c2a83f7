"""One reader of a document given as a study's text (studykit.coding.sourcetext.read_source): `suggest FILE`
takes a file exactly as `new-study FILE` does, refusing what it refuses with the same words, and reads it
bounded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import invoke_studykit

TEXT = "Keterbatasan dana operasional menjadi hambatan utama pelaksanaan program di kelurahan.\n"

FILES = {  # name: bytes, as an analyst might hand them over
    "kosong.txt": b"",
    "spasi.txt": b"  \r\n\t\n",
    "utf16.txt": TEXT.encode("utf-16"),
    "latin1.txt": "Kel. Pasar Baru — dana terbatas\n".encode("cp1252"),
    "biner.txt": b"\x00\x01\x02binary",
    "catatan.rtf": TEXT.encode("utf-8"),  # text inside, but a format new-study does not take
    "temuan.csv": b"finding_id,quote\nx-01,dana\n",
}


def first_problem(result) -> str:
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr.splitlines()[0]


@pytest.mark.parametrize("name", sorted(FILES))
def test_suggest_refuses_a_file_as_new_study_does(data_copy, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FILES[name])
    suggested = invoke_studykit("suggest", path, "--data", data_copy)
    added = invoke_studykit("new-study", path, "--id", "contoh-baru", "--data", data_copy)
    assert first_problem(suggested) == first_problem(added)


def test_a_missing_file_is_named_by_suggest_with_what_it_takes(data_copy, tmp_path):
    said = first_problem(invoke_studykit("suggest", tmp_path / "tidak-ada.txt", "--data", data_copy))
    assert said.endswith("not found; give a study id or a source file (.txt, .pdf, .docx)"), said


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_source_is_refused_not_read(data_copy, tmp_path):
    pipe = tmp_path / "abstrak.txt"
    os.mkfifo(pipe)  # reading it would block for ever
    suggested = invoke_studykit("suggest", pipe, "--data", data_copy)
    added = invoke_studykit("new-study", pipe, "--id", "contoh-baru", "--data", data_copy)
    assert first_problem(suggested) == first_problem(added)


def test_a_good_file_is_suggested_on_as_new_study_stores_it(data_copy, tmp_path):
    path = tmp_path / "abstrak.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
    loose = invoke_studykit("suggest", path, "--data", data_copy, "--format", "json")
    assert invoke_studykit("new-study", path, "--id", "contoh-baru", "--data", data_copy).returncode == 0
    stored = invoke_studykit("suggest", "contoh-baru", "--data", data_copy, "--format", "json")
    assert loose.returncode == stored.returncode == 0 and loose.stdout == stored.stdout
    assert Path(data_copy / "sources/contoh-baru.txt").read_text(encoding="utf-8") == TEXT


def test_a_name_too_long_for_the_file_system_is_not_found_by_either(data_copy, tmp_path):
    path = tmp_path / ("a" * 300 + ".txt")  # stat() fails with "File name too long", not "no such file"
    added = first_problem(invoke_studykit("new-study", path, "--id", "contoh-baru", "--data", data_copy))
    suggested = first_problem(invoke_studykit("suggest", path, "--data", data_copy))
    assert added == f"{path}: file: not found; check the path"
    assert suggested == f"{path}: file: not found; give a study id or a source file (.txt, .pdf, .docx)"
