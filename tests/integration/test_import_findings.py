"""`studykit import-findings`: the spreadsheet round trip; export → import gives back the identical corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import invoke_studykit, rows_of, run_studykit, snapshot, write_rows

from studykit import load_corpus


@pytest.fixture
def exported(data_copy, tmp_path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    result = invoke_studykit("export", "--out", out, "--data", data_copy)
    assert result.returncode == 0, result.stderr
    return data_copy, out


@pytest.mark.parametrize("name", ["findings.csv", "studykit-corpus.xlsx"])
def test_export_then_import_gives_byte_identical_study_files(exported, name):
    data, out = exported
    before = snapshot(data)
    result = (
        run_studykit("import-findings", out / name, "--data", data)
        if name.endswith(".csv")
        else invoke_studykit("import-findings", out / name, "--data", data)
    )
    assert result.returncode == 0, result.stderr
    assert "54 findings of 5 studies" in result.stdout and "0 study files written" in result.stdout
    assert snapshot(data) == before


def test_import_rebuilds_findings_removed_from_every_study_file(exported):
    data, out = exported
    original = load_corpus(data)
    for path in (data / "studies").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("\nfindings:\n")] + "\nfindings: []\n", encoding="utf-8")
    result = invoke_studykit("import-findings", out / "findings.csv", "--data", data)
    assert result.returncode == 0, result.stderr
    assert "5 study files written" in result.stdout
    rebuilt = load_corpus(data)
    assert rebuilt.findings.equals(original.findings)
    assert rebuilt.studies.equals(original.studies)


def test_a_changed_row_changes_only_that_finding(exported, tmp_path):
    data, out = exported
    header, rows = rows_of(out / "findings.csv")
    [row] = [r for r in rows if r["finding_id"] == "jambi-bantar-07"]
    row["theme_id"] = "T08"
    before = snapshot(data)
    result = invoke_studykit(
        "import-findings", write_rows(tmp_path / "edited.csv", header, rows), "--data", data
    )
    assert result.returncode == 0, result.stderr
    after = snapshot(data)
    assert [k for k in after if after[k] != before[k]] == ["studies/jambi-bantar.yaml"]
    assert load_corpus(data).findings.set_index("finding_id").loc["jambi-bantar-07", "theme_id"] == "T08"


def test_semicolon_separated_csv_as_excel_writes_it_is_read(exported, tmp_path):
    data, out = exported
    header, rows = rows_of(out / "findings.csv")
    rows = [r for r in rows if r["study_id"] == "purbayan-p2kp"]
    rows[0]["note"] = "checked in Excel"
    result = invoke_studykit(
        "import-findings", write_rows(tmp_path / "excel.csv", header, rows, ";"), "--data", data
    )
    assert result.returncode == 0, result.stderr
    assert (
        load_corpus(data).findings.set_index("finding_id").loc["purbayan-p2kp-01", "note"]
        == "checked in Excel"
    )


BREAKAGES = {
    "quote": (
        "jombang-poverty-03",
        "quote",
        "RTM yang sudah terjangkau data",
        "quote: not found in the source of jombang-poverty",
    ),
    "theme": ("semarang-p2kp-02", "theme_id", "T99", "theme_id: unknown theme id 'T99'"),
    "duplicate": (
        "semarang-p2kp-03",
        "finding_id",
        "semarang-p2kp-02",
        "finding_id: duplicate finding id 'semarang-p2kp-02'",
    ),
    "type": ("semarang-p2kp-04", "finding_type", "obstacle", "finding_type: 'obstacle' is not allowed"),
    "study": (
        "semarang-p2kp-05",
        "study_id",
        "surabaya-pkh",
        "study_id: no study file data/studies/surabaya-pkh.yaml",
    ),
}


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_bad_rows_are_reported_as_file_row_column_and_nothing_is_written(exported, tmp_path, case):
    data, out = exported
    finding_id, column, value, words = BREAKAGES[case]
    header, rows = rows_of(out / "findings.csv")
    number = next(i for i, r in enumerate(rows, start=2) if r["finding_id"] == finding_id)
    rows[number - 2][column] = value
    rows[0]["note"] = "an edit that must not be written either"
    sheet = write_rows(tmp_path / "coded.csv", header, rows)
    before = snapshot(data)
    result = invoke_studykit("import-findings", sheet, "--data", data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{sheet}:{number}: {words}" in result.stderr, result.stderr
    assert result.stderr.strip().endswith("nothing was written.")
    assert snapshot(data) == before


def test_a_missing_or_unknown_column_is_named(exported, tmp_path):
    data, out = exported
    header, rows = rows_of(out / "findings.csv")
    header = [h if h != "theme_id" else "theme" for h in header]
    for row in rows:
        row["theme"] = row.pop("theme_id")
    sheet = write_rows(tmp_path / "renamed.csv", header, rows)
    result = invoke_studykit("import-findings", sheet, "--data", data)
    assert result.returncode == 1
    assert f"{sheet}:1: theme_id: column missing" in result.stderr
    assert re.search(rf"{re.escape(str(sheet))}:1: theme: unknown column", result.stderr)


def test_not_a_spreadsheet_is_refused(tmp_path, data_copy):
    bad = tmp_path / "findings.xlsx"
    bad.write_bytes(b"not a zip")
    result = invoke_studykit("import-findings", bad, "--data", data_copy)
    assert result.returncode == 1 and "cannot be read as an .xlsx" in result.stderr


def test_a_study_file_laid_out_by_another_writer_is_not_rewritten_when_nothing_changed(data_copy, tmp_path):
    # a study file written by another YAML writer (a script's yaml.safe_dump, an editor keeping long lines):
    # importing the unchanged export rewrote it in studykit's own layout, "1 study file written" (on the
    # 51-study corpus: 45 of 51 files rewritten by an import that changed nothing)
    import yaml

    path = data_copy / "studies" / "jambi-bantar.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=400), encoding="utf-8")
    out = tmp_path / "out"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    before = snapshot(data_copy)
    for name in ("findings.csv", "studykit-corpus.xlsx"):
        result = invoke_studykit("import-findings", out / name, "--data", data_copy)
        assert result.returncode == 0, result.stderr
        assert "0 study files written, 5 unchanged" in result.stdout, result.stdout
    assert snapshot(data_copy) == before
    header, rows = rows_of(out / "findings.csv")  # a real change is still written
    [row] = [r for r in rows if r["finding_id"] == "jambi-bantar-07"]
    row["theme_id"] = "T08"
    result = invoke_studykit(
        "import-findings", write_rows(tmp_path / "e.csv", header, rows), "--data", data_copy
    )
    assert "1 study file written" in result.stdout, result.stdout
    assert load_corpus(data_copy).findings.set_index("finding_id").loc["jambi-bantar-07", "theme_id"] == "T08"


@pytest.mark.parametrize("table", ["quotes.csv", "cases.csv", "memos.csv"])
def test_an_analysis_table_of_the_export_is_named_in_one_line(exported, table):
    # quotes.csv has finding_id, the summaries and the quote: an analyst edits it and imports it; the answer
    # was a problem per column (24 lines, each listing every column of findings.csv)
    data, out = exported
    before = snapshot(data)
    result = invoke_studykit("import-findings", out / table, "--data", data)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0] == (
        f"{out / table}:1: header: this is the header of studykit export's {table}, a table for analysis "
        "(its study and theme columns are joined in; it is not read back); edit findings.csv of the same "
        "export (or the workbook's `findings` sheet) and import that"
    )
    said = invoke_studykit("import-findings", out / table, "--data", data, "--lang", "id").stderr
    assert f"ini baris judul kolom {table} dari studykit export, tabel untuk analisis" in said
    assert snapshot(data) == before
