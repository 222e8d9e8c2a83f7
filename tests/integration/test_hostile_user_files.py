"""Every file a user names on the command line is read within the cap on a file (``STUDYKIT_MAX_FILE_BYTES``,
:mod:`studykit.limits`), like the corpus's own files: a record for ``new-study --bib``, a PDF source, an
``import-refi --mapping`` CSV and a ``qca`` case table.

Each over-size file is sparse (no disk used) and larger than the memory a refused case may use
(``helpers.MEMORY_CAP``), so a reader that read it whole would die of memory instead of refusing it:
the command must exit 1 naming the file and the cap to raise, without a traceback, and write nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import MEMORY_CAP, assert_refused, run_capped, tree_hashes

from studykit.limits import FILE_BYTES

ABSTRACT = "Penelitian ini membahas pelaksanaan program penanggulangan kemiskinan di Kota Contoh. " * 3
CODEBOOK = (
    b'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'
)


def huge(path: Path) -> Path:
    """A sparse file over both the cap on a file and the memory cap of the refused command."""
    size = max(FILE_BYTES.default, MEMORY_CAP) + 2**28
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "abstract.txt"
    source.write_text(ABSTRACT + "\n", encoding="utf-8")
    return source


CASES = {
    "new-study --bib": lambda tmp, data: (
        ("new-study", _source(tmp), "--id", "kota-contoh", "--bib", huge(tmp / "huge.bib"), "--data", data),
        "huge.bib",
    ),
    "new-study PDF": lambda tmp, data: (
        ("new-study", huge(tmp / "huge.pdf"), "--id", "kota-contoh", "--data", data),
        "huge.pdf",
    ),
    "import-refi --mapping": lambda tmp, data: (
        ("import-refi", _codebook(tmp), "--mapping", huge(tmp / "huge.csv"), "--data", data),
        "huge.csv",
    ),
    "qca CASES.csv": lambda tmp, data: (("qca", huge(tmp / "cases.csv"), "--outcome", "Y"), "cases.csv"),
}


def _codebook(tmp_path: Path) -> Path:
    path = tmp_path / "foreign.qdc"
    path.write_bytes(CODEBOOK)
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_an_over_size_user_file_is_refused_before_it_is_read(data_copy, tmp_path, case):
    args, shown = CASES[case](tmp_path, data_copy)
    before = tree_hashes(data_copy)
    result = run_capped(*args, cwd=tmp_path, timeout=60)
    assert_refused(result, shown, FILE_BYTES.variable)
    assert "exceeds studykit's cap" in result.stderr and "raise it" in result.stderr  # what to do
    assert tree_hashes(data_copy) == before  # nothing written


def test_a_file_within_a_raised_cap_is_read(data_copy, tmp_path):
    """The refusal is the cap's, not the file's: raised as the message says, the same command reads it."""
    largest = max(p.stat().st_size for p in data_copy.rglob("*") if p.is_file())  # the corpus stays readable
    bib = tmp_path / "record.bib"
    padding = "comment outside any entry, ignored by BibTeX\n" * (largest // 40 + 1)
    bib.write_text(
        padding + "@article{k, title={Judul}, author={Penulis, A.}, year={2020}}\n", encoding="utf-8"
    )
    args = ("new-study", _source(tmp_path), "--id", "kota-contoh", "--bib", bib, "--data", data_copy)
    small = {"STUDYKIT_MAX_FILE_BYTES": str(bib.stat().st_size - 1)}
    assert_refused(run_capped(*args, cwd=tmp_path, env=small), "record.bib", FILE_BYTES.variable)
    raised = {"STUDYKIT_MAX_FILE_BYTES": str(bib.stat().st_size)}
    result = run_capped(*args, cwd=tmp_path, env=raised)
    assert result.returncode == 0, result.stderr
    assert "Judul" in (data_copy / "studies" / "kota-contoh.yaml").read_text(encoding="utf-8")
