"""What the command line says when an analyst slips: where the problem is, from where they stand, and what to
do, in their language; and the commands it prints next carry the data directory they gave.

Each case is one mistake seen in a review of the add-a-study loop (a date YAML reads as a date, a mistyped
study id or theme id, a study file given as a source, a quote with one letter changed …).
"""

from __future__ import annotations

import shutil

import pytest
from helpers import invoke_studykit, replace_in, run_studykit

from studykit.corpus.messages import t
from studykit.corpus.tables import FINDING_COLUMNS
from studykit.paths import PROJECT_ROOT

BENGKULU = "bengkulu-samisake"


def test_a_problem_names_its_file_as_it_opens_from_where_the_command_runs(data_copy, tmp_path):
    replace_in(data_copy / "studies" / f"{BENGKULU}.yaml", "theme_id: T", "theme_id: X", count=1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    inside = run_studykit("validate", "--data", "data", cwd=tmp_path)
    outside = run_studykit("validate", "--data", data_copy, cwd=elsewhere)
    assert inside.returncode == outside.returncode == 1
    assert inside.stderr.startswith(f"data/studies/{BENGKULU}.yaml:")
    assert outside.stderr.startswith(f"{data_copy}/studies/{BENGKULU}.yaml:")
    assert (data_copy / "studies" / f"{BENGKULU}.yaml").is_file()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_date_that_does_not_exist_is_a_problem_at_its_line_not_a_crash(data_copy, lang):
    study = data_copy / "studies" / f"{BENGKULU}.yaml"
    lines = study.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("coded_by:"))
    lines[at] = "coded_by: 2025-02-30\n"
    study.write_text("".join(lines), encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert result.returncode == 1
    assert f"studies/{BENGKULU}.yaml:{at + 1}: yaml: 2025-02-30 " in result.stderr
    assert ("YYYY-MM-DD" in result.stderr) and ("internal error" not in result.stderr)


def test_a_real_date_where_text_is_expected_says_to_quote_it(data_copy):
    study = data_copy / "studies" / f"{BENGKULU}.yaml"
    text = study.read_text(encoding="utf-8")
    coded_by = next(line for line in text.splitlines() if line.startswith("coded_by:"))
    study.write_text(text.replace(coded_by, "coded_by: 2025-12-06"), encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 1 and "coded_by: must be text" in result.stderr
    assert "2025-12-06 as a date" in result.stderr and "quotes" in result.stderr


def test_a_mistyped_theme_id_names_the_form_of_theme_ids(data_copy):
    replace_in(data_copy / "studies" / f"{BENGKULU}.yaml", "theme_id: T0", "theme_id: T", count=1)
    result = invoke_studykit("validate", "--data", data_copy, "--lang", "id")
    assert result.returncode == 1
    assert "bukan kode tema" in result.stderr and "codebook/themes.yaml" in result.stderr


def test_a_mistyped_study_id_is_one_problem_saying_which_line_to_correct(data_copy):
    study = data_copy / "studies" / f"{BENGKULU}.yaml"
    replace_in(study, f"study_id: {BENGKULU}", f"study_id: {BENGKULU}x")
    result = invoke_studykit("validate", "--data", data_copy)
    problems = [line for line in result.stderr.splitlines() if f"{BENGKULU}.yaml" in line]
    assert len(problems) == 1, result.stderr
    assert f"correct study_id to {BENGKULU}" in problems[0]


def test_a_quote_with_one_letter_changed_says_where_it_parts_from_the_source(data_copy):
    study = data_copy / "studies" / f"{BENGKULU}.yaml"
    text = study.read_text(encoding="utf-8")
    quote = next(line.split("quote: ", 1)[1] for line in text.splitlines() if line.startswith("    quote: "))
    words = quote.split()
    changed = " ".join([*words[:6], words[6].upper(), *words[7:]])
    assert changed != quote
    study.write_text(text.replace(quote, changed, 1), encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 1
    assert f"where the source has «{words[6][:12]}" in result.stderr, result.stderr
    assert f"the quote «{words[6].upper()[:12]}" in result.stderr


def test_a_mistyped_study_id_suggests_the_near_ones_and_names_data(data_copy):
    result = invoke_studykit("suggest", BENGKULU[:-1], "--data", data_copy)
    assert result.returncode == 1
    assert f"did you mean '{BENGKULU}'?" in result.stderr and "--data DIR" in result.stderr


@pytest.mark.parametrize("name", ["study.yaml", "record.bib", "findings.csv"])
def test_a_data_file_is_no_source_for_suggest_or_new_study(data_copy, tmp_path, name):
    data_file = tmp_path / name
    data_file.write_text((data_copy / "studies" / f"{BENGKULU}.yaml").read_text(encoding="utf-8"))
    before = sorted(p.name for p in (data_copy / "studies").iterdir())
    for args in (("suggest", data_file), ("new-study", data_file, "--id", "new-one")):
        result = invoke_studykit(*args, "--data", data_copy)
        assert result.returncode == 1, result.stdout
        assert "is data, not a study's text" in result.stderr
    assert sorted(p.name for p in (data_copy / "studies").iterdir()) == before


def test_a_folder_given_as_the_source_is_named_as_a_folder(data_copy, tmp_path):
    result = invoke_studykit("new-study", tmp_path, "--id", "new-one", "--data", data_copy, "--lang", "id")
    assert result.returncode == 1 and "adalah folder; berikan sebuah berkas" in result.stderr


def test_export_to_a_file_instead_of_a_folder_is_refused_clearly(data_copy, tmp_path):
    taken = tmp_path / "out.txt"
    taken.write_text("keep me")
    result = invoke_studykit("export", "--data", data_copy, "--out", taken)
    assert result.returncode == 2 and "is a file; give a folder" in result.stderr
    assert taken.read_text() == "keep me"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_export_codebook_writes_the_word_document(data_copy, tmp_path, lang):
    """``--out`` names the file, as it names every command's output; ``--codebook`` says what to write."""
    out = tmp_path / "codebook.docx"
    result = invoke_studykit("export", "--data", data_copy, "--codebook", "--out", out, "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK" and str(out) in result.stdout and "16" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("lang", ["en", "id"])
def test_export_codebook_file_the_old_way_still_works_with_a_note(data_copy, tmp_path, lang):
    out = tmp_path / "codebook.docx"
    result = invoke_studykit("export", "--data", data_copy, "--codebook", out, "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK" and str(out) in result.stdout
    now = f"`studykit export --codebook --out {out}`"
    assert now in result.stderr and {"en": "is deprecated", "id": "sudah usang"}[lang] in result.stderr
    other = tmp_path / "other.docx"  # the file given twice, two ways: which one is meant is asked
    result = invoke_studykit("export", "--data", data_copy, "--codebook", out, "--out", other, "--lang", lang)
    assert result.returncode == 2 and "--out" in result.stderr and not other.exists()


def test_the_next_steps_printed_carry_the_data_directory(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_text(
        "Program ini berhasil karena dukungan warga, namun dananya terbatas.\n", encoding="utf-8"
    )
    result = invoke_studykit("new-study", source, "--id", "new-one", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stdout.splitlines() if "studykit " in line]
    assert steps and all(f"--data {data_copy}" in line for line in steps), result.stdout
    assert f"STUDYKIT_DATA_DIR={data_copy} make lab" in result.stdout


def test_the_printed_make_lab_works_from_where_it_was_printed(data_copy, tmp_path):
    """`make lab` needs the project's Makefile, and the workbench's kernel runs in work/: a relative --data
    given elsewhere is handed over absolute, with `make -C` the project (it said `STUDYKIT_DATA_DIR=mine
    make lab`, which neither found the Makefile nor, from the project, the data)."""
    shutil.copytree(data_copy, tmp_path / "mine")
    (tmp_path / "abstrak.txt").write_text("Program ini berhasil karena dukungan warga.\n", encoding="utf-8")
    result = run_studykit("new-study", "abstrak.txt", "--id", "new-one", "--data", "mine", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lab = f"STUDYKIT_DATA_DIR={tmp_path / 'mine'} make -C {PROJECT_ROOT} lab "
    assert lab in result.stdout, result.stdout
    assert "studykit validate --data mine " in result.stdout  # the commands run from here keep it as given
    render = [line for line in result.stdout.splitlines() if "studykit render --data mine" in line]
    assert len(render) == 2 and all(line.endswith(", into mine-reports/") for line in render), result.stdout


def test_a_broken_bibtex_record_is_named_at_its_line_in_the_coders_language(data_copy, tmp_path):
    record = tmp_path / "record.bib"
    record.write_text("% exported\n@article{a,\n title={A title},\n author={Ana and\n", encoding="utf-8")
    source = tmp_path / "abstrak.txt"
    source.write_text("Program ini berhasil karena dukungan warga.\n", encoding="utf-8")
    result = invoke_studykit(
        "new-study", source, "--id", "new-one", "--bib", record, "--data", data_copy, "--lang", "id"
    )
    assert result.returncode == 1
    assert f"{record}:2: --bib: entri BibTeX" in result.stderr
    assert "Parsing of" not in result.stderr + result.stdout
    assert not (data_copy / "studies" / "new-one.yaml").exists()


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "is not a date; write YYYY-MM-DD"), ("id", "bukan tanggal")]
)
def test_a_memo_date_in_another_form_is_stated_in_the_coders_language(data_copy, lang, words):
    memo = data_copy / "memos" / "studies" / f"{BENGKULU}.md"
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text("---\nauthor: Ana\ndate: 06-12-2025\n---\nA thought.\n", encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert result.returncode == 1
    assert f"memos/studies/{BENGKULU}.md:3: memo.date: '06-12-2025' {words}" in result.stderr, result.stderr
    assert "Input should be" not in result.stderr


@pytest.mark.parametrize("lang, words", [("en", "Check the address"), ("id", "Periksa alamatnya")])
def test_a_scheduler_that_does_not_answer_gets_network_advice_not_the_disk_s(tmp_path, lang, words):
    pytest.importorskip("distributed")
    done = invoke_studykit(
        "render", "--scheduler", "tcp-no-port", "--force", "--out", tmp_path, "--lang", lang
    )
    assert done.returncode == 1
    assert "tcp-no-port" in done.stderr and words in done.stderr and "--scheduler" in done.stderr
    assert "disk" not in done.stderr and not (tmp_path / "en").exists()


def test_a_connection_error_is_not_called_a_file_s():
    import socket

    from studykit.cli import is_connection_error

    for error in (
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        socket.gaierror(),
    ):
        assert is_connection_error(error)
    assert not is_connection_error(FileNotFoundError(2, "No such file", "x.yaml"))
    assert not is_connection_error(OSError(28, "No space left on device"))


@pytest.mark.parametrize(
    "args",
    [
        ["render", "--list"],
        ["new-study", "abstrak.txt", "--id", "new-one"],
        ["import-findings", "findings.csv"],
        ["import-refi", "coded.qdpx"],
        ["validate"],
    ],
    ids=lambda a: a[0],
)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_mistyped_data_directory_is_named_as_such(tmp_path, args, lang):
    """`--data` naming no folder is said so, as `validate` says it, by every command that reads the codebook
    (they named the first codebook file missing from it: `nosuch/codebook/themes.yaml: file not found`)."""
    (tmp_path / "abstrak.txt").write_text("Program ini berhasil karena dukungan warga.\n", encoding="utf-8")
    (tmp_path / "findings.csv").write_text(",".join(FINDING_COLUMNS) + "\n", encoding="utf-8")
    (tmp_path / "coded.qdpx").write_bytes(b"x")
    result = run_studykit(*args, "--data", "nosuch", "--lang", lang, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    advice = t("problem.not_a_data_dir", lang)
    assert result.stderr.splitlines()[0] == f"nosuch: data_dir: {advice}", result.stderr
