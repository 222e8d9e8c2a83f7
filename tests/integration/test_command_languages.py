"""Every command that prints for a person takes ``--lang`` and, given ``--lang id``, says it in Bahasa
Indonesia: the same lines as in English (same count, same numbers and names) in other words. Run on scratch
copies of the corpus; each test fails when a line stays English under ``--lang id``.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from helpers import TEST_DATA, invoke_studykit

from studykit.cli import argv_lang, cli
from studykit.corpus.messages import t
from studykit.render.engine import fresh_note

WORDS = re.compile(r"[A-Za-z]{4,}")


def _both(*args: str):
    english = invoke_studykit(*args, "--lang", "en")
    indonesian = invoke_studykit(*args, "--lang", "id")
    assert english.returncode == indonesian.returncode == 0, english.stderr + indonesian.stderr
    return english, indonesian


def _every_line_translated(english: str, indonesian: str) -> None:
    """Line by line: as many lines, and every line with words differs."""
    en, id_ = english.strip().splitlines(), indonesian.strip().splitlines()
    assert en and len(en) == len(id_), (english, indonesian)
    for en_line, id_line in zip(en, id_, strict=True):
        if WORDS.search(en_line):
            assert en_line != id_line, f"still English under --lang id: {id_line}"


def test_every_command_that_prints_for_a_person_takes_lang():
    without = sorted(
        name for name, command in cli.commands.items() if "lang" not in {p.name for p in command.params}
    )
    assert len(cli.commands) >= 12 and without == []


def test_new_study_reports_what_it_made_and_the_next_steps_in_indonesian(data_copy, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    source = tmp_path / "kota-y.txt"
    source.write_text("Program ini berjalan baik berkat dukungan warga.\n", encoding="utf-8")
    english = invoke_studykit("new-study", source, "--id", "kota-y", "--data", data_copy)
    indonesian = invoke_studykit("new-study", source, "--id", "kota-y", "--data", other, "--lang", "id")
    assert english.returncode == indonesian.returncode == 0
    _every_line_translated(
        english.stdout.replace(str(data_copy), "D"), indonesian.stdout.replace(str(other), "D")
    )
    assert t("new_study.next_steps", "id") in indonesian.stdout
    english_file = (data_copy / "studies/kota-y.yaml").read_text(encoding="utf-8")
    indonesian_file = (other / "studies/kota-y.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(english_file) == yaml.safe_load(indonesian_file)  # the same study, other comments
    commented = [
        (a, b)
        for a, b in zip(english_file.splitlines(), indonesian_file.splitlines(), strict=True)
        if "#" in a
    ]
    assert len(commented) > 20
    for en_line, id_line in commented[1:]:  # all but the schema line
        assert en_line != id_line, f"comment still English under --lang id: {id_line}"


def test_refused_intake_and_sheets_are_stated_in_indonesian(data_copy, tmp_path):
    latin1, sheet = tmp_path / "kota-z.txt", tmp_path / "findings.csv"
    latin1.write_bytes(
        "Program di Kota Bekasi berjalan baik, kata pak Ade: \xab bagus \xbb.".encode("latin-1")
    )
    sheet.write_text("study_id,colour\nbengkulu-samisake,red\n", encoding="utf-8")
    for args in (("new-study", latin1, "--id", "kota-z"), ("import-findings", sheet)):
        english = invoke_studykit(*args, "--data", data_copy)
        indonesian = invoke_studykit(*args, "--data", data_copy, "--lang", "id")
        assert english.returncode == indonesian.returncode == 1
        _every_line_translated(english.stderr, indonesian.stderr)
        assert indonesian.stderr.strip().splitlines()[-1].endswith(t("cli.what.nothing_written", "id") + ".")


def test_export_and_schema_say_what_they_did_in_indonesian(data_copy, tmp_path):
    english, indonesian = _both("export", "--out", tmp_path / "out", "--data", data_copy)
    _every_line_translated(english.stdout, indonesian.stdout)
    assert " temuan (faktor penghambat " in indonesian.stdout
    english, indonesian = _both("schema", "--check", "--data", data_copy)
    _every_line_translated(english.stdout, indonesian.stdout)


def test_agreement_text_in_indonesian_keeps_its_figures(data_copy):
    english, indonesian = _both("agreement", data_copy, data_copy)
    figures = re.findall(r"\d+\.\d+", english.stdout)
    assert figures and [f.replace(",", ".") for f in re.findall(r"\d+,\d+", indonesian.stdout)] == figures
    # written as report 7 writes them: 0,969 and 2.000 resamples (English: 0.969, 2,000)
    assert re.search(r"^  percent_agreement +\d,\d{3} \[\d,\d{3}; \d,\d{3}\]$", indonesian.stdout, re.M)
    assert "2.000 pengambilan ulang" in indonesian.stdout and "2,000 resamples" in english.stdout
    heads = [line for line in english.stdout.splitlines() if line and not line.startswith(" ")]
    assert len(heads) >= 5
    for head in heads:
        assert head not in indonesian.stdout, f"still English under --lang id: {head}"
    assert "tidak keduanya" in indonesian.stdout and "neither" not in indonesian.stdout


def test_consensus_reports_each_study_and_the_merge_in_indonesian(data_copy, tmp_path):
    english = invoke_studykit("consensus", data_copy, data_copy, "--out", tmp_path / "a")
    indonesian = invoke_studykit("consensus", data_copy, data_copy, "--out", tmp_path / "b", "--lang", "id")
    assert english.returncode == indonesian.returncode == 0, english.stderr
    _every_line_translated(english.stdout.replace("/a", "/x"), indonesian.stdout.replace("/b", "/x"))


def test_qca_text_in_indonesian_keeps_r_column_names_and_figures():
    case = ("qca", TEST_DATA / "qca" / "LC.csv", "--outcome", "SURV", "--case-column", "case")
    english, indonesian = _both(*case)
    assert re.findall(r"\d\.\d{3}", english.stdout) == re.findall(r"\d\.\d{3}", indonesian.stdout)
    for word in ("Truth table", "output value", "solution for", "inclusion score"):
        assert word in english.stdout and word not in indonesian.stdout, word
    assert "inclS" in indonesian.stdout and "Tabel kebenaran untuk SURV" in indonesian.stdout


def test_qca_refuses_bad_input_in_indonesian(tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text("case,A,B,Y\nx,1,0,1\ny,0,1,0\nz,1,1,2.5\n", encoding="utf-8")
    for args in (("--outcome", "Q"), ("--outcome", "Y", "--conditions", "A,C"), ("--outcome", "Y")):
        english = invoke_studykit("qca", cases, *args)
        indonesian = invoke_studykit("qca", cases, *args, "--lang", "id")
        assert english.returncode == indonesian.returncode == 1, english.stderr
        _every_line_translated(english.stderr, indonesian.stderr)
        assert indonesian.stderr.startswith("studykit qca: ")


def test_import_refi_plan_in_indonesian(data_copy, tmp_path):
    assert invoke_studykit("export", "--refi", "--out", tmp_path, "--data", data_copy).returncode == 0
    project = tmp_path / "studykit-corpus.qdpx"
    english, indonesian = _both("import-refi", project, "--dry-run", "--data", data_copy)
    en, id_ = english.stdout.splitlines(), indonesian.stdout.splitlines()
    assert len(en) == len(id_) > 5
    changed = [i for i, (a, b) in enumerate(zip(en, id_, strict=True)) if a != b]
    assert changed == list(range(len(en))), [en[i] for i in range(len(en)) if i not in changed][:3]


@pytest.mark.parametrize(
    "argv, lang",
    [
        (["studykit", "validate", "--lang", "id"], "id"),
        (["studykit", "validate", "--lang=id"], "id"),
        (["studykit", "validate"], "en"),
        (["studykit", "validate", "--lang", "fr"], "en"),
    ],
)
def test_what_is_said_after_a_command_stopped_follows_its_lang(argv, lang):
    assert argv_lang(argv) == lang
    assert t("cli.out_of_memory", "id") != t("cli.out_of_memory", "en")


def test_the_render_notes_in_indonesian():
    english, indonesian = (
        fresh_note("fork", ["fresh (no fork)"]),
        fresh_note("fork", ["fresh (no fork)"], "id"),
    )
    assert english.startswith("note: 1 report ran") and indonesian.startswith("catatan: 1 laporan")
