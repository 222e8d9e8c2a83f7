"""Hostile input on the reading side (review B): every row of a sheet read, whatever it claims; clear
refusals, nothing written.

Each case is built from code on ``data_copy`` and run in process (``helpers.invoke_studykit``: any exception
fails the test) or memory-capped (``helpers.run_capped``) where it could exhaust memory.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from helpers import assert_refused, invoke_studykit, run_capped, tree_hashes
from openpyxl import Workbook


def _findings_xlsx(data: Path, tmp_path: Path) -> tuple[Path, int]:
    """The corpus's findings as a one-sheet workbook written by openpyxl; (its path, its data rows)."""
    out = tmp_path / "export"
    assert invoke_studykit("export", "--out", out, "--data", data).returncode == 0
    with open(out / "findings.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    book = Workbook()
    book.active.title = "findings"
    for row in rows:
        book.active.append(row)
    path = tmp_path / "findings.xlsx"
    book.save(path)
    return path, len(rows) - 1


def _edit_sheet(path: Path, edit) -> Path:
    """``path`` again with its sheet XML passed through ``edit`` (bytes -> bytes)."""
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"])
    forged = path.with_name("forged.xlsx")
    with zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return forged


def test_a_forged_dimension_does_not_hide_rows_of_the_sheet(data_copy, tmp_path):
    sheet, count = _findings_xlsx(data_copy, tmp_path)
    assert count > 5
    forged = _edit_sheet(
        sheet, lambda xml: re.sub(rb"<dimension ref=\"[^\"]*\"", b'<dimension ref="A1:T5"', xml, count=1)
    )
    assert b'ref="A1:T5"' in zipfile.ZipFile(forged).read("xl/worksheets/sheet1.xml")
    before = tree_hashes(data_copy)
    result = invoke_studykit("import-findings", forged, "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert f"{count} finding" in result.stdout + result.stderr  # every row read, not the 4 the dimension says
    assert tree_hashes(data_copy) == before  # the same findings: byte-identical study files


def test_a_row_numbered_out_of_order_is_refused_not_dropped(data_copy, tmp_path):
    sheet, _ = _findings_xlsx(data_copy, tmp_path)
    forged = _edit_sheet(sheet, lambda xml: xml.replace(b'<row r="3"', b'<row r="-5"', 1))
    before = tree_hashes(data_copy)
    result = invoke_studykit("import-findings", forged, "--data", data_copy)
    assert_refused(result, "forged.xlsx:-5", "out of order")
    assert tree_hashes(data_copy) == before


@pytest.mark.parametrize(
    "markdown",
    [
        "[p](//evil.example/p)",
        "![i](//evil.example/i.png)",
        "[b](\\\\evil.example\\share)",
        "[s](/\\evil.example/p)",
        "[e](&#47;&#47;evil.example/p)",
    ],
)
def test_a_memo_link_to_another_host_without_a_scheme_stays_text(markdown):
    from studykit.reports.markdown import to_html

    out = to_html(f"Lihat {markdown} di sini")
    assert "<a " not in out and "evil.example" in out, out
    assert to_html("[ok](../study-profile/x.html)").count("<a href=") == 1  # relative links still work


@pytest.mark.parametrize("case", ["memo", "memo folder", "sources folder", "study file"])
def test_a_link_out_of_the_data_directory_is_refused_not_followed(data_copy, tmp_path, case):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = "rahasia-di-luar-data"
    if case == "memo":
        (outside / "secret.md").write_text(f"---\nauthor: x\ndate: 2026-12-01\n---\n{secret}\n")
        (data_copy / "memos").mkdir(exist_ok=True)
        (data_copy / "memos/project.md").symlink_to(outside / "secret.md")
        shown = "memos/project.md"
    elif case == "memo folder":
        (outside / "jambi-bantar.md").write_text(f"---\nauthor: x\ndate: 2026-12-01\n---\n{secret}\n")
        (data_copy / "memos").mkdir(exist_ok=True)
        (data_copy / "memos/studies").symlink_to(outside)
        shown = "memos/studies"
    elif case == "sources folder":
        (data_copy / "sources").rename(outside / "sources")
        (data_copy / "sources").symlink_to(outside / "sources")
        shown = "sources/"
    else:
        study = data_copy / "studies/jambi-bantar.yaml"
        study.rename(outside / "jambi-bantar.yaml")
        study.symlink_to(outside / "jambi-bantar.yaml")
        shown = "studies/jambi-bantar.yaml"
    before = tree_hashes(data_copy)
    result = invoke_studykit("validate", "--data", data_copy)
    assert_refused(result, shown, "outside")
    assert secret not in result.stdout + result.stderr
    if case == "study file":
        assert_refused(invoke_studykit("suggest", "jambi-bantar", "--data", data_copy), shown, "outside")
    assert tree_hashes(data_copy) == before


@pytest.mark.parametrize("case", ["deep line", "huge log", "huge study file"])
def test_suggest_reads_decision_logs_and_other_study_files_bounded(data_copy, tmp_path, case):
    (data_copy / "decisions").mkdir(exist_ok=True)
    log = data_copy / "decisions/jambi-bantar.jsonl"
    if case == "deep line":
        log.write_text('{"action": "note"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    elif case == "huge log":
        with open(log, "wb") as fh:
            fh.truncate(2 * 2**30)  # sparse: 2 GB that take no disk
    else:
        with open(data_copy / "studies/zz-besar.yaml", "wb") as fh:
            fh.truncate(2 * 2**30)
    before = tree_hashes(data_copy)
    result = run_capped("suggest", "jombang-poverty", "--data", data_copy, cwd=tmp_path)
    if case == "deep line":
        assert_refused(result, "decisions/jambi-bantar.jsonl:2", "nested too deep")
    elif case == "huge log":
        assert_refused(result, "decisions/jambi-bantar.jsonl", "STUDYKIT_MAX_FILE_BYTES")
    else:  # another study's broken file is validate's to report; suggest leaves it out, within memory
        assert result.returncode == 0, result.stderr
    assert tree_hashes(data_copy) == before


@pytest.mark.parametrize("value", ["hello", "[a, b]"])
@pytest.mark.parametrize("command", [("suggest",), ("suggest", "--metadata")])
def test_a_source_that_is_no_section_is_named_not_a_crash(data_copy, value, command):
    study = data_copy / "studies/jambi-bantar.yaml"
    text = study.read_text(encoding="utf-8")
    head, rest = text.split("\nsource:\n", 1)
    body = rest.split("\n")
    while body and body[0].startswith(" "):  # the source section's indented lines
        body.pop(0)
    study.write_text(f"{head}\nsource: {value}\n" + "\n".join(body), encoding="utf-8")
    assert_refused(invoke_studykit("validate", "--data", data_copy), "jambi-bantar.yaml", "section of fields")
    before = tree_hashes(data_copy)
    result = invoke_studykit(command[0], "jambi-bantar", *command[1:], "--data", data_copy)
    assert_refused(result, "jambi-bantar.yaml", "source", "section of fields")
    assert tree_hashes(data_copy) == before


@pytest.mark.parametrize("kind", ["fifo", "folder"])
@pytest.mark.parametrize("command", ["new-study", "import-findings", "suggest"])
def test_a_pipe_or_a_folder_given_as_a_file_is_named_as_such(data_copy, tmp_path, kind, command):
    import os

    given = tmp_path / ("given.csv" if command == "import-findings" else "given.txt")
    if kind == "fifo":
        os.mkfifo(given)
    else:
        given.mkdir()
    extra = ("--id", "pipa-folder") if command == "new-study" else ()
    before = tree_hashes(data_copy)
    result = invoke_studykit(command, given, *extra, "--data", data_copy)
    assert_refused(result, "given.", "not a regular file" if kind == "fifo" else "is a folder")
    assert "not found" not in result.stderr
    assert tree_hashes(data_copy) == before


@pytest.mark.parametrize(
    "line, fragment, fragment_id",
    [
        ("  year: yes", "yes/no (read as True) is not a number", "bukan angka"),
        ("  year: .inf", "inf is not a whole number", "bukan bilangan bulat"),
        ("1: c", "the key 1 is not a field name", "bukan nama kolom"),
        ("~: c", "the key ~ is not a field name", "bukan nama kolom"),
    ],
)
def test_a_value_yaml_reads_as_another_type_is_explained_in_both_languages(
    data_copy, line, fragment, fragment_id
):
    study = data_copy / "studies/jambi-bantar.yaml"
    text = study.read_text(encoding="utf-8")
    if line.startswith("  year"):
        text = re.sub(r"^  year: .*$", line, text, count=1, flags=re.M)
    else:
        text = f"{line}\n{text}"
    study.write_text(text, encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert_refused(result, "jambi-bantar.yaml", fragment)  # an error, not a draft with "None: empty"
    assert "Keys should be strings" not in result.stderr and "finite" not in result.stderr
    assert_refused(invoke_studykit("validate", "--lang", "id", "--data", data_copy), fragment_id)


def test_a_cerqual_file_that_is_a_list_is_named_without_python_names(data_copy):
    (data_copy / "synthesis/cerqual.yaml").write_text("- a\n- b\n", encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert_refused(result, "cerqual.yaml", "must be a section of fields")
    assert "SynthesisFile" not in result.stderr


@pytest.mark.parametrize(
    "rows, fragments",
    [
        (["c1,100000000,0,1", "c2,0,1,0"], ("condition 'A'", "case 'c1'", "STUDYKIT_MAX_QCA_LEVELS")),
        (
            ["c1,60,60,60,60,60,1", "c2,0,1,0,1,0,0"],
            ("truth-table rows", "A: 61", "STUDYKIT_MAX_QCA_ROWS"),
        ),
    ],
)
def test_qca_refuses_a_truth_table_no_memory_holds_before_building_it(tmp_path, rows, fragments):
    columns = "case,A,B,Y" if len(rows[0].split(",")) == 4 else "case,A,B,C,D,E,Y"
    table = tmp_path / "kasus.csv"
    table.write_text("\n".join([columns, *rows]) + "\n", encoding="utf-8")
    result = run_capped("qca", table, "--outcome", "Y", cwd=tmp_path, timeout=60)
    assert_refused(result, *fragments)


def test_qca_shows_control_characters_of_a_case_name_instead_of_sending_them(tmp_path):
    table = tmp_path / "kasus.csv"
    table.write_text('case,A,B,Y\n"c\x1b[31mmerah",1,0,1\nc2,0,1,0\nc3,1,1,1\n', encoding="utf-8")
    result = invoke_studykit("qca", table, "--outcome", "Y")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "c\\x1b[31mmerah" in result.stdout


@pytest.mark.parametrize(
    "field, value",
    [("label", "Jambi " * 4000), ("  title", "Judul " * 400), ("analytic_dimensions", "[" + "a" * 300 + "]")],
)
def test_a_short_field_of_kilobytes_is_refused_before_it_reaches_a_report(data_copy, field, value):
    study = data_copy / "studies/jambi-bantar.yaml"
    text = re.sub(
        rf"^{field}: .*$", f"{field}: {value}", study.read_text(encoding="utf-8"), count=1, flags=re.M
    )
    study.write_text(text, encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert_refused(result, "jambi-bantar.yaml", field.strip(), "too long: at most")


@pytest.mark.parametrize(
    "findings, fragment",
    [
        ("findings: hello", "findings: must be a list"),
        ("findings: {a: b}", "findings: must be a list"),
        ("findings: [hello, 5]", "findings.0: must be a section of fields"),
        ("type", "findings.0.finding_type: must be text"),
    ],
)
def test_suggest_write_names_findings_it_cannot_build_on(data_copy, findings, fragment):
    study = data_copy / "studies/jambi-bantar.yaml"
    text = study.read_text(encoding="utf-8")
    if findings == "type":
        text = re.sub(r"^(\s+)finding_type: .*$", r"\1finding_type: [1]", text, count=1, flags=re.M)
    else:
        text = text[: text.index("\nfindings:")] + f"\n{findings}\n"
    study.write_text(text, encoding="utf-8")
    before = tree_hashes(data_copy)
    result = invoke_studykit("suggest", "jambi-bantar", "--write", "--data", data_copy)
    assert_refused(result, "jambi-bantar.yaml", fragment)
    assert tree_hashes(data_copy) == before


def test_import_findings_names_a_source_that_is_no_section(data_copy, tmp_path):
    out = tmp_path / "export"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    study = data_copy / "studies/jambi-bantar.yaml"
    text = study.read_text(encoding="utf-8")
    study.write_text(
        re.sub(r"^source:\n((?:  .*\n)+)", "source: [a, b]\n", text, flags=re.M), encoding="utf-8"
    )
    before = tree_hashes(data_copy)
    result = invoke_studykit("import-findings", out / "findings.csv", "--data", data_copy)
    assert_refused(result, "jambi-bantar.yaml", "source", "section of fields")
    assert tree_hashes(data_copy) == before
