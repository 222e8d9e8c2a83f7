"""Archives and source documents (issue 19, cases 4 and 10, internal errors): zip bombs in .qdpx and
.docx, sources over the length cap, encrypted PDFs, a .docx that is no zip, and new-study interrupted
between its two writes (killed in a subprocess).

A case that could exhaust memory or crash the interpreter (a bomb, a cap, deep nesting) runs the real
command in a subprocess, memory-capped (``helpers.run_capped``); the others run the command in process
(``helpers.invoke_studykit``), where any exception fails the test.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import assert_refused, invoke_studykit, run_capped, tree_hashes

from studykit.limits import ARCHIVE_MEMBER_BYTES, SOURCE_CHARS

STUDY = "jambi-bantar"
ABSTRACT = "Penelitian ini membahas pelaksanaan program penanggulangan kemiskinan di Kota Contoh. " * 3


def _zip(path: Path, members: dict[str, tuple[bytes, int]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, (data, method) in members.items():
            zf.writestr(
                zipfile.ZipInfo(name),
                data,
                compress_type=method,
                compresslevel=1 if method == zipfile.ZIP_DEFLATED else None,
            )
    return path


def _declare_size(path: Path, member: str, size: int) -> None:
    """Make the central directory declare ``size`` uncompressed bytes for ``member`` (a 4 GiB bomb in a few
    bytes)."""
    raw = bytearray(path.read_bytes())
    at = raw.index(b"PK\x01\x02")  # the central directory's first record
    while raw[at + 46 : at + 46 + struct.unpack_from("<H", raw, at + 28)[0]] != member.encode():
        at = raw.index(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", raw, at + 24, size)  # its uncompressed size
    path.write_bytes(bytes(raw))


BIG = ARCHIVE_MEMBER_BYTES.default + 2**20  # one MiB over the cap: a real bomb, built in about a second


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_DEFLATED])
def test_a_qdpx_bomb_is_refused_before_it_inflates(data_copy, tmp_path, method):
    project = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'
    bomb = _zip(
        tmp_path / "bomb.qdpx", {"project.qde": (project, method), "sources/a.txt": (b"\0" * BIG, method)}
    )
    assert bomb.stat().st_size < 400_000
    before = tree_hashes(data_copy)
    result = run_capped("import-refi", bomb, "--data", data_copy, cwd=tmp_path)
    assert_refused(result, "bomb.qdpx", "STUDYKIT_MAX_ARCHIVE_")
    lying = _zip(
        tmp_path / "lying.qdpx", {"project.qde": (project, method), "sources/a.txt": (b"abc", method)}
    )
    _declare_size(lying, "sources/a.txt", 2**32 - 1)
    result = run_capped("import-refi", lying, "--data", data_copy, cwd=tmp_path)
    assert_refused(result, "lying.qdpx", "STUDYKIT_MAX_ARCHIVE_MEMBER_BYTES")
    assert tree_hashes(data_copy) == before


def test_a_docx_bomb_and_a_docx_that_is_no_zip_are_refused(data_copy, tmp_path):
    bomb = _zip(tmp_path / "bomb.docx", {"word/document.xml": (b" " * BIG, zipfile.ZIP_DEFLATED)})
    fake = tmp_path / "fake.docx"
    fake.write_text(ABSTRACT, encoding="utf-8")
    before = tree_hashes(data_copy)
    assert_refused(
        run_capped("new-study", bomb, "--id", "bom", "--data", data_copy, cwd=tmp_path),
        "bomb.docx",
        "STUDYKIT_MAX_ARCHIVE_",
    )
    assert_refused(
        run_capped("new-study", fake, "--id", "fak", "--data", data_copy, cwd=tmp_path),
        "fake.docx",
        "not a zip archive",
    )
    assert tree_hashes(data_copy) == before


def test_a_source_over_the_length_cap_is_refused_by_new_study_and_suggest(data_copy, tmp_path):
    words = ("kemiskinan " * (SOURCE_CHARS.default // 11 + 10)).strip() + "\n"
    long_text = tmp_path / "long.txt"
    long_text.write_text(words, encoding="utf-8")
    before = tree_hashes(data_copy)
    result = run_capped("new-study", long_text, "--id", "panjang", "--data", data_copy, cwd=tmp_path)
    assert_refused(result, "long.txt", "STUDYKIT_MAX_SOURCE_CHARS")
    assert_refused(run_capped("suggest", long_text, cwd=tmp_path), "long.txt", "STUDYKIT_MAX_SOURCE_CHARS")
    assert tree_hashes(data_copy) == before
    result = run_capped(
        "new-study",
        long_text,
        "--id",
        "panjang",
        "--data",
        data_copy,
        cwd=tmp_path,
        env={"STUDYKIT_MAX_SOURCE_CHARS": str(4 * SOURCE_CHARS.default)},
    )
    assert result.returncode == 0, result.stderr  # raised as the message says, a genuine long text is taken


def _pdf(path: Path, **encrypt) -> Path:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, ABSTRACT)
    plain = path.with_suffix(".plain.pdf")
    pdf.output(str(plain))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(algorithm="AES-256", **encrypt)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def test_aes_encrypted_pdfs_open_with_an_empty_password_and_a_real_one_is_named(data_copy, tmp_path):
    opened = _pdf(tmp_path / "open.pdf", user_password="", owner_password="pemilik")
    result = invoke_studykit("new-study", opened, "--id", "aes-terbuka", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert "penanggulangan kemiskinan" in (data_copy / "sources/aes-terbuka.txt").read_text(encoding="utf-8")
    locked = _pdf(tmp_path / "locked.pdf", user_password="rahasia", owner_password="pemilik")
    before = tree_hashes(data_copy)
    result = invoke_studykit("new-study", locked, "--id", "aes-terkunci", "--data", data_copy)
    assert_refused(result, "locked.pdf", "password-protected")
    assert tree_hashes(data_copy) == before


def test_new_study_killed_between_its_two_writes_is_named_by_validate_and_can_be_retried(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT + "\n", encoding="utf-8")
    crash = (
        "import os, signal, sys\n"
        "real, calls = os.link, []\n"
        "def link(a, b):\n"
        "    calls.append(b)\n"
        "    if len(calls) == 2: os.kill(os.getpid(), signal.SIGKILL)  # killed between the two writes\n"
        "    return real(a, b)\n"
        "os.link = link\n"
        "from studykit.cli import main\n"
        "sys.argv = ['studykit', *sys.argv[1:]]\n"
        "main()\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            crash,
            "new-study",
            str(source),
            "--id",
            "contoh-kill",
            "--data",
            str(data_copy),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -9
    assert (data_copy / "sources/contoh-kill.txt").exists() and not (
        data_copy / "studies/contoh-kill.yaml"
    ).exists()
    result = invoke_studykit("validate", "--data", data_copy)  # named; --strict refuses it
    assert (
        result.returncode == 0
        and "sources/contoh-kill.txt: file: a source with no study file" in result.stdout
    )
    result = invoke_studykit("validate", "--data", data_copy, "--strict")
    assert_refused(result, "sources/contoh-kill.txt", "no study file")
    result = invoke_studykit("new-study", source, "--id", "contoh-kill", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert (data_copy / "studies/contoh-kill.yaml").exists()
    result = invoke_studykit("validate", "--data", data_copy)
    assert "no study file" not in result.stdout + result.stderr
    other = tmp_path / "lain.txt"
    other.write_text("Teks yang lain sama sekali tentang program.\n", encoding="utf-8")
    (data_copy / "sources/contoh-lain.txt").write_text("isi berbeda\n", encoding="utf-8")
    result = invoke_studykit("new-study", other, "--id", "contoh-lain", "--data", data_copy)
    assert_refused(
        result, "sources/contoh-lain.txt", "already exists"
    )  # a different text is never overwritten
