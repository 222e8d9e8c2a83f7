"""Hostile PDFs given to new-study (review B): a page tree nested thousands deep, a stream that inflates a
thousandfold, an encryption pypdf does not implement. Each is refused with what to do, nothing written, no
traceback and no pypdf warning on the terminal.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from helpers import assert_refused, run_capped, tree_hashes

FONT = b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
PAGE = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 10 10] /Contents %d 0 R " + FONT + b" >>"
TEXT = b"BT /F1 12 Tf 10 10 Td (Program berjalan baik) Tj ET"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def _pdf(path: Path, objects: list[bytes], trailer: bytes = b"") -> Path:
    """A PDF of ``objects`` (object n = objects[n - 1], 1 the catalog), its cross-reference table correct."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _deep_tree(path: Path, depth: int = 5000) -> Path:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 1) for n in range(2, depth + 2)]
    page = len(objects) + 1
    objects += [PAGE % (page - 1, page + 1), _stream(TEXT)]
    return _pdf(path, objects)


def _inflating(path: Path, size: int = 400 * 2**20) -> Path:
    packer = zlib.compressobj(9)
    chunk = b" " * 2**20
    packed = b"".join(packer.compress(chunk) for _ in range(size // len(chunk))) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    objects += [PAGE % (2, 4), _stream(packed, b"/Filter /FlateDecode")]
    return _pdf(path, objects)


def _unknown_encryption(path: Path, entry: bytes) -> Path:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    objects += [PAGE % (2, 4), _stream(TEXT), entry]
    return _pdf(path, objects, b"/Encrypt 5 0 R /ID [<00> <00>]")


@pytest.mark.parametrize(
    "case, fragment",
    [
        ("deep", "page tree nested too deep"),
        ("inflating", "inflates too far"),
        ("filter", "cannot read"),
        ("version", "cannot read"),
    ],
)
def test_a_hostile_pdf_is_refused_with_what_to_do(data_copy, tmp_path, case, fragment):
    if case == "deep":
        pdf = _deep_tree(tmp_path / "deep.pdf")
    elif case == "inflating":
        pdf = _inflating(tmp_path / "inflating.pdf")
    elif case == "filter":
        pdf = _unknown_encryption(
            tmp_path / "filter.pdf", b"<< /Filter /FooSecurity /V 1 /R 2 /O (x) /U (y) /P -4 >>"
        )
    else:
        pdf = _unknown_encryption(
            tmp_path / "version.pdf", b"<< /Filter /Standard /V 9 /R 2 /O (x) /U (y) /P -4 >>"
        )
    before = tree_hashes(data_copy)
    result = run_capped("new-study", pdf, "--id", "pdf-jahat", "--data", data_copy, cwd=tmp_path)
    assert_refused(result, pdf.name, fragment)
    assert "EOF marker" not in result.stderr and "WARNING" not in result.stderr.upper()
    assert tree_hashes(data_copy) == before
