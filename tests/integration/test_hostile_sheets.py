"""Spreadsheets (issue 19, cases 1 and 10): formula injection, a lossless round trip, and bounded imports.

A case that could exhaust memory or crash the interpreter (a bomb, a cap, deep nesting) runs the real
command in a subprocess, memory-capped (``helpers.run_capped``); the others run the command in process
(``helpers.invoke_studykit``), where any exception fails the test.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from helpers import assert_refused, invoke_studykit, run_capped, tree_hashes
from openpyxl import Workbook, load_workbook

from studykit.coding.studyfile import dump, load
from studykit.corpus.cells import from_cell

RISKY = ["=see memo 3", "+62 812 (kader)", "-5 % dari target", "@ketua RT", "'=already quoted", "''-twice"]


def _plant_risky_notes(data: Path) -> dict[str, str]:
    """Give findings notes (and a summary) that a spreadsheet would run as formulas; finding id -> note."""
    path = sorted((data / "studies").glob("*.yaml"))[0]
    document = load(path.read_text(encoding="utf-8"))
    planted = {}
    for finding, note in zip(document["findings"], RISKY, strict=False):
        finding["note"] = note
        planted[finding["finding_id"]] = note
    document["findings"][0]["summary_en"] = '=HYPERLINK("http://127.0.0.1:9/", "klik")'
    path.write_text(dump(document), encoding="utf-8")
    return planted


def test_export_then_import_of_texts_starting_with_formula_characters_is_lossless(data_copy, tmp_path):
    planted = _plant_risky_notes(data_copy)
    assert invoke_studykit("validate", "--data", data_copy).returncode == 0
    out = tmp_path / "export"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    with open(out / "findings.csv", encoding="utf-8", newline="") as fh:
        rows = {r["finding_id"]: r for r in csv.DictReader(fh)}
    for fid, note in planted.items():
        assert rows[fid]["note"] == "'" + note  # neutralised for Excel/LibreOffice (OWASP) ...
        assert from_cell(rows[fid]["note"]) == note  # ... and reversible
    cells = [
        c
        for ws in load_workbook(out / "studykit-corpus.xlsx").worksheets
        for row in ws.iter_rows()
        for c in row
    ]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []  # no cell of the workbook is a formula
    assert set(planted.values()) <= {c.value for c in cells}  # the texts themselves, unprefixed
    before = tree_hashes(data_copy)
    for sheet in (out / "findings.csv", out / "studykit-corpus.xlsx"):
        result = invoke_studykit("import-findings", sheet, "--data", data_copy)
        assert result.returncode == 0, result.stderr
        assert tree_hashes(data_copy) == before, sheet.name  # byte-identical study files: nothing lost


def test_a_formula_typed_into_the_workbook_is_refused_not_read_as_empty(data_copy, tmp_path):
    out = tmp_path / "export"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    book = load_workbook(out / "studykit-corpus.xlsx")
    sheet = book["findings"]
    column = [c.value for c in sheet[1]].index("note") + 1
    sheet.cell(row=3, column=column, value="=1+1")
    book.save(tmp_path / "edited.xlsx")
    before = tree_hashes(data_copy)
    result = invoke_studykit("import-findings", tmp_path / "edited.xlsx", "--data", data_copy)
    assert_refused(result, "edited.xlsx:3", "is a formula")
    assert tree_hashes(data_copy) == before


def _xlsx(path: Path, sheet_xml: bytes) -> Path:
    """A minimal workbook whose one sheet is ``sheet_xml`` (the other parts from openpyxl)."""
    Workbook().save(path)
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'


@pytest.mark.parametrize(
    "case, fragment",
    [
        ("rows", "STUDYKIT_MAX_SHEET_ROWS"),
        ("entities", "cannot be read as an .xlsx workbook"),
        ("malformed", "cannot be read as an .xlsx workbook"),
        ("not a zip", "not a zip archive"),
        ("csv rows", "STUDYKIT_MAX_SHEET_ROWS"),
        ("csv bytes", "STUDYKIT_MAX_SHEET_BYTES"),
    ],
)
def test_oversized_and_malformed_sheets_are_refused_within_memory(data_copy, tmp_path, case, fragment):
    if case == "rows":  # 200,001 rows in 6 MB: the shape of the 1,048,575-row workbook that crashed
        rows = b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
            for i in range(1, 200_003)
        )
        sheet = _xlsx(tmp_path / "big.xlsx", SHEET % rows)
    elif case == "entities":
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(
                b'<!ENTITY %c "%s">' % (c, (b"&%c;" % p) * 10)
                for p, c in zip(b"abcdefgh", b"bcdefghi", strict=False)
            )
            + b"]>"
        )
        sheet = _xlsx(
            tmp_path / "bomb.xlsx",
            bomb + SHEET % b'<row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row>',
        )
    elif case == "malformed":
        sheet = _xlsx(tmp_path / "broken.xlsx", SHEET % b'<row r="1"><c r="A1"')
    elif case == "not a zip":
        sheet = tmp_path / "findings.xlsx"
        sheet.write_text("study_id,finding_id\n")
    elif case == "csv rows":
        sheet = tmp_path / "many.csv"
        sheet.write_text("study_id\n" + "x\n" * 200_001)
    else:  # a sparse 70 MB file: refused by its size, before a byte is read
        sheet = tmp_path / "huge.csv"
        with open(sheet, "wb") as fh:
            fh.truncate(70 * 2**20)
    before = tree_hashes(data_copy)
    result = run_capped("import-findings", sheet, "--data", data_copy, cwd=tmp_path)
    assert_refused(result, sheet.name, fragment)
    assert tree_hashes(data_copy) == before
