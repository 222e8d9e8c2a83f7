"""studykit never writes a file that ``studykit validate`` then refuses: a value it cannot write is refused
at its input (file, row or field named) with nothing written, a source text with control characters is
refused by every command alike.

Every hostile input is built here from code; the writers' general check (adversarial values they accept
must validate) is in test_writes_validate.py.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from helpers import invoke_studykit, tree_hashes

from studykit import load_corpus
from studykit.coding.bib import field_limit, read_record
from studykit.coding.publish import CodingError
from studykit.coding.refi.export import PROJECT_FILE, write_refi

TEXT = "Program bantuan desa berjalan baik karena warga ikut mengawasi dana.\nLaporan kedua menyusul.\n"


def _source(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "naskah.txt"
    path.write_text(text, encoding="utf-8")
    return path


RECORDS = {  # (file name, content, the field the problem names, what it says)
    "csl_surrogate": ("r.json", '{"title": "Dana desa \\udfff"}', "title", "U+DFFF"),
    "csl_bell": ("r.json", '{"title": "Dana", "publisher": "Pemkot\\u0007"}', "institution", "U+0007"),
    "bibtex_escape": ("r.bib", "@article{k, title={Dana \x1b[31m desa}, year={2020}}\n", "title", "U+001B"),
    "ris_nul": (
        "r.ris",
        "TY  - JOUR\nTI  - Dana\nAU  - Warga\x00, A\nPY  - 2020\nER  - \n",
        "author",
        "U+0000",
    ),
    "csl_long": ("r.json", json.dumps({"title": "x " * 600_000}), "title", "characters long"),
    "ris_many_authors": (
        "r.ris",
        "TY  - JOUR\nTI  - Dana\n" + "".join(f"AU  - Warga{i}, A\n" for i in range(100_000)) + "ER  - \n",
        "author",
        f"more than the {field_limit('author')}",
    ),
}


@pytest.mark.parametrize("case", list(RECORDS))
def test_a_bib_value_a_study_file_cannot_hold_is_refused_by_field_and_nothing_is_written(
    data_copy, tmp_path, case
):
    name, content, field, words = RECORDS[case]
    record = tmp_path / name
    record.write_text(content, encoding="utf-8", errors="surrogatepass")
    before = tree_hashes(data_copy)
    result = invoke_studykit(
        "new-study", _source(tmp_path), "--id", "kota-dana", "--bib", record, "--data", data_copy
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{record}: {field}: " in result.stderr and words in result.stderr, result.stderr
    assert tree_hashes(data_copy) == before
    with pytest.raises(CodingError) as refused:  # the workbench's metadata upload reads the same way
        read_record(record, "id")
    assert refused.value.problems[0].field == field


def _sheet_with(data_copy: Path, tmp_path: Path, column: str, value: str) -> tuple[Path, int]:
    """The corpus's findings sheet with ``value`` in ``column`` of one row; the sheet, that row's number."""
    out = tmp_path / "out"
    if not out.exists():
        assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    with (out / "findings.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    rows[2][column] = value
    edited = tmp_path / f"{column}.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return edited, 4


CELLS = {  # column, hostile value, what the problem says
    "bell": ("summary_en", "bell \x07 here", "U+0007"),
    "escape": ("note", "red \x1b[31m", "U+001B"),
    "memo_yaml": ("memo", "---\nauthor: [x\n---\n", "invalid YAML"),
    "memo_plain": ("memo", "not front matter", "front matter"),
}


@pytest.mark.parametrize("case", list(CELLS))
def test_a_findings_sheet_cell_validate_would_refuse_is_named_by_row_and_column(data_copy, tmp_path, case):
    column, value, words = CELLS[case]
    sheet, row = _sheet_with(data_copy, tmp_path, column, value)
    before = tree_hashes(data_copy)
    result = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert result.returncode == 1, result.stderr
    assert f"{sheet}:{row}: {column}" in result.stderr and words in result.stderr, result.stderr
    assert tree_hashes(data_copy) == before


def test_a_pdf_text_layer_with_control_characters_is_refused_at_intake(data_copy, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)  # the text layer stays readable bytes, to put controls into
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Program berjalan baik di desa.")
    path = tmp_path / "laporan.pdf"
    pdf.output(str(path))
    raw = path.read_bytes()
    assert b"(Program berjalan " in raw
    path.write_bytes(raw.replace(b"(Program berjalan ", b"(Program\x00berjalan\x01", 1))  # same length
    before = tree_hashes(data_copy)
    result = invoke_studykit("new-study", path, "--id", "kota-pdf", "--data", data_copy)
    assert result.returncode == 1 and f"{path}:1: text: " in result.stderr, result.stderr
    assert "U+0000" in result.stderr
    assert tree_hashes(data_copy) == before


def test_validate_and_suggest_refuse_a_source_with_a_control_character_alike(data_copy):
    import hashlib
    import re

    source = data_copy / "sources" / "jambi-bantar.txt"
    raw = source.read_bytes().replace(b"Program", b"Pro\x01gram", 1)
    source.write_bytes(raw)
    study = data_copy / "studies" / "jambi-bantar.yaml"
    digest = hashlib.sha256(raw).hexdigest()
    study.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", study.read_text(encoding="utf-8")), "utf-8")
    validated = invoke_studykit("validate", "--data", data_copy)
    suggested = invoke_studykit("suggest", "jambi-bantar", "--data", data_copy)
    for result in (validated, suggested):
        assert result.returncode == 1 and "U+0001" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_an_internal_refi_source_with_control_characters_is_refused(data_copy, tmp_path):
    exported = write_refi(load_corpus(data_copy), tmp_path / "refi")[1]
    hostile = tmp_path / "hostile.qdpx"
    with zipfile.ZipFile(exported) as zin, zipfile.ZipFile(hostile, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.lower().endswith(".txt"):
                data += b"\x00\x07"
            zout.writestr(info, data)
    target = tmp_path / "fresh"
    (target / "codebook").mkdir(parents=True)
    for path in (data_copy / "codebook").iterdir():
        (target / "codebook" / path.name).write_bytes(path.read_bytes())
    before = tree_hashes(target)
    result = invoke_studykit("import-refi", hostile, "--data", target)
    assert result.returncode == 1 and "U+0000" in result.stderr, result.stdout + result.stderr
    assert tree_hashes(target) == before
    assert PROJECT_FILE == exported.name
