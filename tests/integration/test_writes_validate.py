"""Whatever a writer accepts, ``studykit validate`` accepts once written: each writer (new-study with --bib,
suggest --write, import-findings, consensus, import-refi) is fed values that are hostile to YAML, CSV and
XML but are fair text, and the data directory it wrote must validate.

The values are ours: YAML indicators and keywords, quotes and backslashes, Unicode line and paragraph
separators, bidirectional overrides, combining marks, emoji, non-breaking spaces, tabs and a long line.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from helpers import invoke_studykit

from studykit import load_corpus
from studykit.coding.bib import field_limit
from studykit.coding.refi.export import write_refi
from studykit.paths import DATA_DIR

VALUES = [
    "kunci: nilai # bukan komentar",
    "- [x] {y}, &a *b !tag |> %d",
    "'tunggal' \"ganda\" \\ garis miring\\",
    "null",
    "~",
    "yes",
    "0x1F",
    "2020-01-01",
    "baris\u2028pemisah\u2029paragraf",
    "e\u0301moji 😀 \u202ekanan-ke-kiri\u202c",
    "spasi\u00a0tak putus\ttab",
    "--- ... ---",
    "  di depan dan di belakang  ",
    "=SUM(A1) +1 -2 @x",
    "kata " * (min(map(field_limit, ("title", "author", "institution"))) // 5 - 1),
]
TEXT = (
    "Pelaksanaan program: dana desa # terlambat cair\n"
    "- warga\tmengeluhkan [antrean] panjang & {berkas} hilang\n"
    "--- catatan \u2028 baris baru\u2029 paragraf \u00a0 dan 😀 e\u0301\n"
    "Hambatan utama adalah kurangnya petugas pendamping di kelurahan.\n"
)


def _validates(data: Path) -> None:
    result = invoke_studykit("validate", "--data", data)
    assert result.returncode == 0 and "valid" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_new_study_with_bib_writes_what_validates(data_copy, tmp_path, value):
    record = tmp_path / "r.json"
    item = {"title": value, "author": [{"family": value, "given": "A"}], "publisher": value}
    record.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    source = tmp_path / "naskah.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = invoke_studykit("new-study", source, "--id", "kota-uji", "--bib", record, "--data", data_copy)
    assert result.returncode == 0, result.stderr
    _validates(data_copy)


def test_suggest_write_on_a_hostile_text_writes_what_validates(data_copy, tmp_path):
    source = tmp_path / "naskah.txt"
    source.write_text(TEXT * 3, encoding="utf-8")
    assert invoke_studykit("new-study", source, "--id", "kota-uji", "--data", data_copy).returncode == 0
    result = invoke_studykit("suggest", "kota-uji", "--write", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    _validates(data_copy)


@pytest.fixture
def hostile_coding(data_copy, tmp_path) -> Path:
    """The corpus with every hostile value in the summaries and notes of its findings (import-findings)."""
    out = tmp_path / "out"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    with (out / "findings.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    for i, row in enumerate(rows):
        value = VALUES[i % len(VALUES)]
        row["note"] = value
        row["summary_en" if i % 2 else "summary_id"] = f"ringkasan {value}"[:300]
    sheet = tmp_path / "hostile.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert result.returncode == 0, result.stderr
    return data_copy


def test_import_findings_writes_what_validates(hostile_coding):
    _validates(hostile_coding)


def test_consensus_writes_what_validates(hostile_coding, tmp_path):
    merged = tmp_path / "merged"  # B: the corpus as shipped, whose summaries and notes differ from A's
    result = invoke_studykit("consensus", hostile_coding, DATA_DIR, "--out", merged)
    assert result.returncode == 0, result.stderr
    _validates(merged)


def test_import_refi_writes_what_validates(hostile_coding, tmp_path):
    project = write_refi(load_corpus(hostile_coding), tmp_path / "refi")[1]
    fresh = tmp_path / "fresh"
    shutil.copytree(hostile_coding / "codebook", fresh / "codebook")
    result = invoke_studykit("import-refi", project, "--data", fresh)
    assert result.returncode == 0, result.stdout + result.stderr
    _validates(fresh)
