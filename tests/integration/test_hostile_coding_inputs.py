"""Hostile input to the coding wing's newer paths (session 11's independent check): the gazetteer, the
workbench's Save with a broken decision log, and the folders ``consensus`` and ``second-coding`` copy.

Each case is built from code on ``data_copy`` and checked to end in a clear refusal (or, for an optional
file that is absent, in the command working), with nothing written.
"""

from __future__ import annotations

import csv
import os
import re
import threading
import time

import pytest
from helpers import assert_refused, invoke_studykit, run_capped, tree_hashes
from helpers.files import rows_of, write_rows

from studykit.coding import placenames
from studykit.coding.bench import CannotOpen, Session, workbench
from studykit.coding.publish import CodingError

CODER = "hostile-test"


@pytest.fixture
def study(corpus):
    return corpus.study_ids[0]


def _blind_b(data_copy, tmp_path, study: str):
    """A second coding B of ``study`` that coded it (A's findings, another coder)."""
    b = tmp_path / "b"
    assert invoke_studykit("second-coding", "--data", data_copy, "--out", b, study).returncode == 0
    text = (data_copy / "studies" / f"{study}.yaml").read_text(encoding="utf-8")
    lines = [("coded_by: Budi" if line.startswith("coded_by:") else line) for line in text.splitlines()]
    (b / "studies" / f"{study}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return b


# --- the gazetteer ------------------------------------------------------------------------------------


def test_without_a_gazetteer_metadata_suggestions_and_the_workbench_still_work(data_copy, corpus):
    """regencies.csv is optional (validate checks only the province without it): suggest --metadata and
    the workbench read a text naming a kota without it, instead of failing on the missing file."""
    (data_copy / "codebook" / "regencies.csv").unlink()
    study = next(s for s in corpus.study_ids if "Kota" in (data_copy / "sources" / f"{s}.txt").read_text())
    result = invoke_studykit("suggest", study, "--metadata", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert "regencies.csv" not in result.stderr
    Session(study, data_copy, CODER)  # opens: its metadata suggestions read the text too


def test_place_names_are_looked_up_not_searched_for_whatever_the_gazetteer_size(data_copy):
    """Every "Kota X" of a text is one look-up: a 10,000-row gazetteer and 2,500 mentions took minutes when
    each mention scanned every row (12 s for a 1 MB abstract on the real 514 rows)."""
    path = data_copy / "codebook" / "regencies.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(rows[0])
        for n in range(10_000):
            code, unit, kind, name, province = rows[1 + n % (len(rows) - 1)]
            out.writerow([f"{n // 100:02d}.{n % 100:02d}", f"{unit} X{n}", kind, f"{name} X{n}", province])
    text = "Kota Abc Def Ghi Jkl dan Semarang City of Xyz. " * 2_500
    started = time.process_time()
    found = placenames.admin_units(text, data_copy)
    assert time.process_time() - started < 5
    assert found == []  # none of these is a unit of the gazetteer
    assert placenames.lookup(data_copy, "kota", "semarang x9") is None  # the name, its case aside
    assert placenames.lookup(data_copy, "kabupaten", rows[1][3] + " X0").admin_unit == rows[1][1] + " X0"


# --- the workbench: a broken study file or decision log ---------------------------------------------------


def test_save_with_a_decision_log_that_is_not_utf8_names_the_log_and_writes_nothing(data_copy, study):
    """Save appends to the log: one that is not UTF-8 (edited by hand in another encoding) was a
    UnicodeDecodeError out of the widget; now the problem names the log's line and nothing is written."""
    log = data_copy / "decisions" / f"{study}.jsonl"
    log.parent.mkdir()
    log.write_bytes(b'{"action": "accept", "finding_id": "x"}\n\xff\xfe caf\xe9\n')
    s = Session(study, data_copy, CODER)
    s.accept(s.next_pending())
    before = tree_hashes(data_copy)
    result = s.save()
    assert not result.ok
    [said] = result.problems
    assert (said.file, said.line, said.field) == (f"data/decisions/{study}.jsonl", 2, "encoding")
    assert "0xff" in said.message and "UTF-8" in said.message
    assert tree_hashes(data_copy) == before


def test_a_decision_log_linked_out_of_the_data_is_refused_not_copied_in(data_copy, study, tmp_path):
    """Save rewrites the log: a log that links out of decisions/ had the outside file's text written into
    data/ (a key or /etc/passwd, then committed); the workbench refuses to open the study instead."""
    outside = tmp_path / "secret.txt"
    outside.write_text("SECRET\n", encoding="utf-8")
    (data_copy / "decisions").mkdir()
    os.symlink(outside, data_copy / "decisions" / f"{study}.jsonl")
    with pytest.raises(CodingError) as refused:
        Session(study, data_copy, CODER)
    assert "leads outside data/decisions/" in str(refused.value)


def test_the_workbench_says_what_is_wrong_with_a_study_file_instead_of_a_traceback(data_copy, study):
    """A study file ruamel cannot read was a ruamel ParserError traceback in the notebook; an id that is a
    path a ValueError. Both are the problems, in the workbench's language, as IPython shows them."""
    path = data_copy / "studies" / f"{study}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "junk: [\n", encoding="utf-8")
    with pytest.raises(CannotOpen) as refused:
        workbench(study, data_copy, CODER, lang="id")
    shown = refused.value._render_traceback_()
    assert shown[0].startswith(f"Tidak dapat membuka {study}") and f"{study}.yaml:" in shown[1]
    with pytest.raises(CannotOpen) as refused:
        workbench("../etc", data_copy, CODER)
    assert "'../etc' is not a valid study id" in refused.value._render_traceback_()[1]


# --- consensus and second-coding: what they copy and carry ------------------------------------------------


def _outside_links(a, tmp_path):
    """A's data directory with a link out (a folder), a link to a device, a link to itself and a pipe."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    os.symlink(outside, a / "notes")
    os.symlink("/dev/zero", a / "codebook" / "zero")
    os.symlink(".", a / "loop")
    os.mkfifo(a / "pipe")
    return ["notes", "codebook/zero", "loop", "pipe"]


def test_consensus_copies_no_link_out_of_a_no_device_and_no_pipe(data_copy, corpus, tmp_path):
    """The merge starts as a copy of A: it copied what A's links lead to (a folder outside, /etc/passwd),
    read /dev/zero until the disk was full and waited on a pipe. Now each is named and nothing is written."""
    study = corpus.study_ids[0]
    b = _blind_b(data_copy, tmp_path, study)
    names = _outside_links(data_copy, tmp_path)
    before = tree_hashes(b)
    result = invoke_studykit("consensus", data_copy, b, "--out", tmp_path / "m")
    assert result.returncode == 1, result.stderr
    for name in names:
        assert str(data_copy / name) in result.stderr, result.stderr  # the link as named, not its target
    assert "leads outside" in result.stderr and "a pipe" in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".m", "m"))]
    assert tree_hashes(b) == before


def test_second_coding_copies_no_link_out_of_the_codebook(data_copy, corpus, tmp_path):
    outside = tmp_path / "private.yaml"
    outside.write_text("notes: mine\n", encoding="utf-8")
    os.symlink(outside, data_copy / "codebook" / "notes.yaml")
    result = invoke_studykit(
        "second-coding", "--data", data_copy, "--out", tmp_path / "b", corpus.study_ids[0]
    )
    assert result.returncode == 1 and "codebook/notes.yaml: file: leads outside" in result.stderr, (
        result.stderr
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".b", "b"))]


@pytest.mark.parametrize("case", ["link out", "not utf8"])
def test_b_decision_log_is_carried_as_it_is_or_refused_by_name(data_copy, corpus, tmp_path, case):
    """B's log was read whole and any way: a link out of B's decisions/ was copied into the merge, a byte
    not UTF-8 silently replaced (the entry lost)."""
    study = corpus.study_ids[0]
    b = _blind_b(data_copy, tmp_path, study)
    log = b / "decisions" / f"{study}.jsonl"
    log.parent.mkdir()
    if case == "link out":
        (tmp_path / "secret.txt").write_text('{"finding_id": "SECRET"}\n', encoding="utf-8")
        os.symlink(tmp_path / "secret.txt", log)
        said = f"{log}: file: leads outside"
    else:
        log.write_bytes(b'{"finding_id": "x", "coder": "Bud\xed"}\n')
        said = f"{log}:1: encoding: invalid UTF-8 byte 0xed"
    result = invoke_studykit("consensus", data_copy, b, "--out", tmp_path / "m")
    assert result.returncode == 1 and said in result.stderr, result.stderr
    assert not (tmp_path / "m").exists()


def test_a_file_in_a_linked_folder_is_named_as_given_not_as_where_the_link_leads(
    data_copy, tmp_path, monkeypatch
):
    """B's studies/ linked to A's: each refusal named A's file (``data/studies/x.yaml`` ... leads outside
    b/studies/), as if A's file were wrong; it names B's. A link itself was named as its target."""
    b = tmp_path / "b"
    b.mkdir()
    os.symlink(data_copy / "codebook", b / "codebook")
    os.symlink(data_copy / "studies", b / "studies")
    monkeypatch.chdir(tmp_path)  # paths below the working directory are shown relative to it
    result = invoke_studykit("agreement", "data", "b")
    assert result.returncode == 1 and "\nb/studies/" in "\n" + result.stderr, result.stderr
    assert "data/studies/" not in result.stderr, result.stderr


def test_second_coding_of_a_draft_says_it_is_a_draft_not_that_it_does_not_exist(data_copy, corpus, tmp_path):
    """A study A has not finished was refused as "no study of this id in the data directory"."""
    source = tmp_path / "abstrak.txt"
    source.write_text("Program bantuan di desa berjalan lambat karena dana terlambat.\n", encoding="utf-8")
    assert invoke_studykit("new-study", source, "--id", "desa-bantuan", "--data", data_copy).returncode == 0
    result = invoke_studykit("second-coding", "--data", data_copy, "--out", tmp_path / "b", "desa-bantuan")
    assert result.returncode == 1, result.stderr
    assert "studies/desa-bantuan.yaml: study_id: desa-bantuan is still a draft" in result.stderr, (
        result.stderr
    )
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(
    "case, raw, said",
    [
        (
            "nul",
            b"study_id,finding_id\nx\x00y,z\n",
            "is a binary file, not a sheet; give a .csv (UTF-8) or an .xlsx",
        ),
        (
            "utf16",
            "study_id,finding_id\n".encode("utf-16"),
            "iconv -f utf-16 -t utf-8 sheet.csv > sheet-utf8.csv",
        ),
        (
            "latin1",
            b"study_id,finding_id\ncaf\xe9,x\n",
            "iconv -f latin1 -t utf-8 sheet.csv > sheet-utf8.csv",
        ),
    ],
)
def test_a_sheet_in_another_encoding_is_told_what_to_do_with_a_sheet(
    data_copy, tmp_path, monkeypatch, case, raw, said
):
    """The advice was a source text's: give a .txt, a .pdf or a .docx; convert to sheet-utf8.txt."""
    (tmp_path / "sheet.csv").write_bytes(raw)
    monkeypatch.chdir(tmp_path)
    result = invoke_studykit("import-findings", "sheet.csv", "--data", data_copy)
    assert result.returncode == 1 and said in result.stderr, result.stderr
    assert ".txt" not in result.stderr, result.stderr


def test_reload_of_a_file_broken_meanwhile_and_save_of_a_file_gone_are_said_not_raised(data_copy, study):
    """*Reload from disk* of a study file broken meanwhile raised out of the button's callback (a traceback
    in the log, nothing said); Save of a study file deleted meanwhile raised FileNotFoundError."""
    wb = workbench(study, data_copy, CODER, lang="en")
    path = data_copy / "studies" / f"{study}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "title: [\n", encoding="utf-8")
    wb._reload()
    assert "#991b1b" in wb.status.value and f"Cannot open {study}" in wb.status.value
    assert f"{study}.yaml:" in wb.status.value
    path.unlink()
    wb._on_key(None, {"command": "accept"}, None)
    wb._save()
    assert "#991b1b" in wb.status.value and not path.exists()
    os.mkfifo(path)  # a pipe in its place: Save must not wait on it for ever
    done = threading.Thread(target=wb._save, daemon=True)
    done.start()
    done.join(timeout=30)
    assert not done.is_alive() and "#991b1b" in wb.status.value


def test_a_gazetteer_of_more_rows_than_any_table_holds_is_refused_at_the_cap(data_copy, tmp_path):
    """A 60 MB regencies.csv (under the file cap) took 1.7 GB and 107 s to list 826,000 duplicate codes (an
    "internal error" under a 1.5 GB cap); reading stops at STUDYKIT_MAX_TABLE_ROWS with one problem."""
    path = data_copy / "codebook" / "regencies.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(rows + rows[1:] * 50) + "\n", encoding="utf-8")  # 26,215 rows
    result = run_capped("validate", "--data", data_copy, cwd=tmp_path)
    assert_refused(result, "regencies.csv:20002: row:", "STUDYKIT_MAX_TABLE_ROWS")
    assert len(result.stderr.splitlines()) == 2, result.stderr[-2000:]  # the one problem and the count


def test_metadata_write_shows_a_value_of_another_type_as_yaml_wrote_it(data_copy):
    """A date where the place's name belongs was shown as Python's ``datetime.date(2020, 1, 1)``."""
    path = data_copy / "studies" / "jambi-bantar.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^admin_unit:.*$", "admin_unit: 2020-01-01", text), encoding="utf-8")
    result = invoke_studykit("suggest", "jambi-bantar", "--metadata", "--write", "--data", data_copy)
    assert "admin_unit: '2020-01-01' (suggested 'Kota Jambi')" in result.stdout + result.stderr, result
    assert "datetime" not in result.stdout + result.stderr


def test_a_sheet_cell_past_the_csv_field_limit_is_named_as_a_long_cell_not_a_broken_file(data_copy, tmp_path):
    """A 10 MB cell was "invalid CSV (field larger than field limit (131072)); save it again as CSV",
    advice that cannot help."""
    header, rows = rows_of(export_findings(data_copy, tmp_path))
    rows[0]["note"] = "x" * 200_000
    sheet = write_rows(tmp_path / "long.csv", header, rows)
    result = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert (
        result.returncode == 1 and f"{sheet}:2: csv: a cell of this row holds over 131,072" in result.stderr
    )
    assert "save it again" not in result.stderr


def test_a_long_cell_is_refused_whatever_another_library_set_the_process_wide_csv_limit_to(
    data_copy, tmp_path
):
    """csv's cell limit is one for the whole process, and importing frictionless (test_export) raises it: the
    import then took a 200,000-character cell, depending on which tests ran before in the same process."""
    import csv

    header, rows = rows_of(export_findings(data_copy, tmp_path))
    rows[0]["note"] = "x" * 200_000
    sheet = write_rows(tmp_path / "long.csv", header, rows)
    raised = csv.field_size_limit(1 << 30)
    try:
        result = invoke_studykit("import-findings", sheet, "--data", data_copy)
        assert csv.field_size_limit() == 1 << 30  # left as it was found
    finally:
        csv.field_size_limit(raised)
    assert result.returncode == 1 and "holds over 131,072" in result.stderr


def export_findings(data_copy, tmp_path):
    assert invoke_studykit("export", "--data", data_copy, "--out", tmp_path / "out").returncode == 0
    return tmp_path / "out" / "findings.csv"
