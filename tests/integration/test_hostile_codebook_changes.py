"""Hostile input to what session 13 added (session 14's independent check): a publish journal made by hand,
a codebook's history (``merged:``, ``retired:``, ``origin: emergent``) holding markup and control characters,
``studykit recode`` on a declaration the codebook refuses or a study file linked out of the data. Our own
texts; each case built from code on ``data_copy``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import invoke_studykit, tree_hashes
from helpers.codebooks import merge_theme
from helpers.hostile import assert_refused, run_capped

from studykit.coding.publish import recover
from studykit.files import started
from studykit.paths import DATA_DIR

NOTE = (
    "[j](javascript:alert(1)) ![k](http://127.0.0.1:9/k.png) <img src=x onerror=alert(1)> "
    "<http://127.0.0.1:9/c>\n# injected heading"
)


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    return int(done.stdout)


def _merge_declared(data_dir: Path, old: str = "T05", into: str = "T04") -> None:
    """``old`` merged into ``into`` in themes.yaml, its findings still on ``old`` (for ``recode``)."""
    kept = {p: p.read_bytes() for p in (data_dir / "studies").glob("*.yaml")}
    merge_theme(data_dir, old, into)
    for path, raw in kept.items():
        path.write_bytes(raw)


def _with_note(data_dir: Path, note: str) -> None:
    path = data_dir / "codebook/themes.yaml"
    text = path.read_text(encoding="utf-8").replace("note: merged by the team", f"note: {json.dumps(note)}")
    path.write_text(text, encoding="utf-8")


# --- the publish journal -----------------------------------------------------------------------------------


def test_a_journal_through_a_folder_linked_out_of_the_data_writes_nothing_there(tmp_path):
    pid = _dead_pid()
    data, outside = tmp_path / "data", tmp_path / "outside"
    data.mkdir()
    outside.mkdir()
    (outside / f".victim.txt.{pid}-0123abcd.tmp").write_text("planted", "utf-8")
    (data / "evil").symlink_to(outside)
    entry = {"target": "evil/victim.txt", "temp": f"evil/.victim.txt.{pid}-0123abcd.tmp", "old": None}
    (data / f".studykit-publish.{pid}.json").write_text(json.dumps([entry]), "utf-8")
    assert recover(data) == []
    assert not (outside / "victim.txt").exists()  # it was linked there


@pytest.mark.parametrize("journal", ["/dev/zero", "fifo", "3 GB"])
def test_a_journal_that_is_a_device_a_pipe_or_gigabytes_is_passed_over_bounded(data_copy, journal):
    """`recode` (any writer) finishes a killed writer's journal first: one linked to /dev/zero took all
    memory (MemoryError: 'internal error'), a FIFO hung the command for ever, a sparse 3 GB file the same."""
    _merge_declared(data_copy)
    path = data_copy / f".studykit-publish.{_dead_pid()}.json"
    if journal == "/dev/zero":
        path.symlink_to("/dev/zero")
    elif journal == "fifo":
        os.mkfifo(path)
    else:
        with open(path, "wb") as fh:
            fh.truncate(3 * 2**30)
    result = run_capped("recode", "--data", data_copy, cwd=data_copy.parent, timeout=60)
    assert result.returncode == 0 and "internal error" not in result.stderr, result.stderr[-2000:]
    assert "recoded 2 findings in 2 study files" in result.stdout
    assert not path.exists() and not path.is_symlink()


def test_a_journal_whose_process_id_another_program_took_is_finished(data_copy):
    """A writer killed (a power cut), its process id then given to another program (after a reboot, soon):
    the journal waited as long as that program ran, the save half published. The journal records when its
    writer started; another start is another program."""
    other = subprocess.Popen(["sleep", "60"])
    try:
        temp = data_copy / f"studies/.new-study.yaml.{other.pid}-0123abcd.tmp"
        temp.write_text("study_id: new-study\n", "utf-8")
        entries = [{"target": "studies/new-study.yaml", "temp": f"studies/{temp.name}", "old": None}]
        journal = data_copy / f".studykit-publish.{other.pid}.json"
        mine = {"writer_started": started(other.pid), "entries": entries}
        journal.write_text(json.dumps(mine), "utf-8")
        assert recover(data_copy) == [] and journal.exists()  # the writer runs: its publish is its own
        mine["writer_started"] -= 1  # the writer killed started before the program now with its id
        journal.write_text(json.dumps(mine), "utf-8")
        assert recover(data_copy) == [data_copy / "studies/new-study.yaml"]
        assert not journal.exists() and not temp.exists()
    finally:
        other.kill()
        other.wait()


# --- the codebook's history in reports and exports ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_markup_in_a_merge_note_reaches_report_8_and_the_appendix_as_text(data_copy, lang):
    """The note (why) of a merge is the team's text: its Markdown made a javascript: link, fetched an image
    and started a heading of report 8 and the methods appendix (it was HTML-escaped only)."""
    from studykit import load_corpus
    from studykit.reports.markdown import to_html
    from studykit.reports.report import Report
    from studykit.reports.views import codebook

    merge_theme(data_copy, "T05", "T04")
    _with_note(data_copy, NOTE)
    said = to_html(codebook.changes(Report("8-codebook", load_corpus(data_copy), {"lang": lang})))
    assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript:|https?:)""", said, re.I), said
    assert not re.search(r"<h[1-6]|<img|<a ", said), said
    assert "[j](javascript:alert(1))" in said and "&lt;img src=x onerror=alert(1)&gt;" in said  # as text


def test_a_control_character_in_the_codebook_is_named_not_an_internal_error(data_copy, tmp_path):
    """An ESC in a merge note (a "\\x1b" escape) passed validate, then made `export --codebook` and
    `export --refi` end in 'internal error' (XML cannot hold it); it is refused as in a study file."""
    merge_theme(data_copy, "T05", "T04")
    _with_note(data_copy, "merged \x1b[31m by the team")
    assert_refused(
        invoke_studykit("validate", "--data", data_copy), "codebook/themes.yaml:", "merged.0.note", "U+001B"
    )
    before = tree_hashes(tmp_path)
    for args in (["--codebook", "--out", tmp_path / "c.docx"], ["--refi", "--out", tmp_path / "refi"]):
        result = invoke_studykit("export", *args, "--data", data_copy, "--lang", "id")
        assert_refused(result, "merged.0.note", "karakter kendali U+001B")
    assert tree_hashes(tmp_path) == before


# --- studykit recode ---------------------------------------------------------------------------------------


def test_recode_refuses_a_merge_the_codebook_refuses(data_copy):
    """`merged: [{theme_id: T05, into: T99}]` (no such theme) with T05 still a theme: recode wrote T99 into
    every study file coding T05, then validate refused them all."""
    path = data_copy / "codebook/themes.yaml"
    path.write_text(path.read_text("utf-8") + "\nmerged:\n  - theme_id: T05\n    into: T99\n", "utf-8")
    before = tree_hashes(data_copy)
    for dry in ([], ["--dry-run"]):
        result = invoke_studykit("recode", *dry, "--data", data_copy)
        assert_refused(result, "codebook/themes.yaml: merged.0.into", "'T99'", "merged.0.theme_id")
    assert tree_hashes(data_copy) == before


def test_recode_refuses_a_study_file_linked_out_of_the_data(data_copy, tmp_path):
    """validate refuses it; recode read it and replaced the link with a copy, recoded."""
    _merge_declared(data_copy)
    study = data_copy / "studies/jombang-poverty.yaml"
    shutil.move(study, tmp_path / "jombang-poverty.yaml")
    study.symlink_to(tmp_path / "jombang-poverty.yaml")
    before = tree_hashes(data_copy)
    assert_refused(invoke_studykit("recode", "--data", data_copy), "studies/jombang-poverty.yaml", "outside")
    assert tree_hashes(data_copy) == before and study.is_symlink()


def test_a_dry_run_writes_nothing_not_even_what_a_killed_writer_left(data_copy):
    _merge_declared(data_copy)
    pid = _dead_pid()
    temp = data_copy / f"studies/.x.yaml.{pid}-0123abcd.tmp"
    temp.write_text("x", "utf-8")
    (data_copy / f".studykit-publish.{pid}.json").write_text("[]", "utf-8")
    before = tree_hashes(data_copy)
    result = invoke_studykit("recode", "--dry-run", "--data", data_copy)
    assert result.returncode == 0 and "nothing written (--dry-run)" in result.stdout
    assert tree_hashes(data_copy) == before


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_declaration_dated_with_a_time_of_day_is_told_in_both_languages(data_copy, lang):
    """`date: 2026-12-01 10:00` (YAML reads a datetime) gave pydantic's English, *Datetimes provided to
    dates should have zero time … (got datetime.datetime(2026, 12, 1, 10, 0))*, in Indonesian too."""
    merge_theme(data_copy, "T05", "T04")
    path = data_copy / "codebook/themes.yaml"
    path.write_text(path.read_text("utf-8") + "    date: 2026-12-01 10:00:00\n", "utf-8")
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    word = {"en": "is not a date; write YYYY-MM-DD", "id": "bukan tanggal; tulis YYYY-MM-DD"}[lang]
    assert_refused(result, "codebook/themes.yaml:", "merged.0.date: '2026-12-01 10:00:00' " + word)
    assert "datetime" not in result.stderr and "Datetimes" not in result.stderr


# --- export --codebook --out -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, said", [("en", "check the path"), ("id", "periksa jalur")])
def test_a_codebook_that_cannot_be_written_names_the_output_not_its_temporary_file(tmp_path, lang, said):
    """It said *studykit: /proc/.nope.docx.12003-058f1c83.tmp: No such file or directory*."""
    result = run_capped("export", "--codebook", "--out", "/proc/nope.docx", "--lang", lang, cwd=tmp_path)
    assert_refused(result, "studykit: /proc/nope.docx: ", said)
    assert ".tmp" not in result.stderr


def test_a_codebook_name_with_an_escape_and_a_line_break_is_shown_not_sent_to_the_terminal(tmp_path):
    name = "merah\x1b[31m\nbaris.docx"
    result = invoke_studykit("export", "--codebook", "--out", tmp_path / name)
    assert result.returncode == 0 and "merah\\x1b[31m\\x0abaris.docx" in result.stdout, result.stdout
    assert "\x1b" not in result.stdout and (tmp_path / name).is_file()  # written under the name given
    unwritable = run_capped("export", "--codebook", "--out", f"/proc/{name}", cwd=tmp_path)
    assert_refused(unwritable, "studykit: /proc/merah\\x1b[31m\\x0abaris.docx: ")


def _long_study(data_dir: Path, copies: int) -> None:
    """jombang-poverty with ``copies`` more findings on T05 (its finding 05 again, numbered on)."""
    path = data_dir / "studies/jombang-poverty.yaml"
    text = path.read_text("utf-8")
    at = text.index("\n  - finding_id: jombang-poverty-05")
    block = text[at : text.index("\n  - finding_id:", at + 1)]
    more = "".join(block.replace("-05\n", f"-{100 + n}\n", 1) for n in range(copies))
    path.write_text(text.replace(block, block + more, 1), "utf-8")


@pytest.mark.parametrize(
    "lang, said", [("en", "would recode 1,202 findings"), ("id", "mengode ulang 1.202 temuan")]
)
def test_recode_reads_a_long_study_file_once_and_counts_as_readers_do(data_copy, monkeypatch, lang, said):
    """A study file of 1,000 findings on a merged theme was parsed again for the line of each field it
    recodes (2,000 times: 102 s, `benchmarks/bench_hostile.py`); its counts had no thousands separators."""
    import yaml

    _merge_declared(data_copy)
    _long_study(data_copy, 1_200)
    parsed = []
    compose = yaml.compose
    monkeypatch.setattr(
        yaml, "compose", lambda text, *a, **k: parsed.append(len(text)) or compose(text, *a, **k)
    )
    result = invoke_studykit("recode", "--dry-run", "--data", data_copy, "--lang", lang)
    assert result.returncode == 0 and said in result.stdout, result.stdout
    assert len(parsed) <= 2, len(parsed)  # each study file it recodes at most once


# --- agreement across merges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, said", [("en", "was merged into T06 here, but into T04 in"), ("id", "digabung ke T06")]
)
def test_two_codebooks_that_merged_a_theme_into_different_themes_are_not_compared(tmp_path, lang, said):
    """A merged T05 into T04, B into T06, each recoded: the findings both coded T05 were counted as
    disagreements of the coders (T04 by A only, T06 by B only: κ 0.905 for two identical codings)."""
    a, b = tmp_path / "a", tmp_path / "b"
    for side, into in ((a, "T04"), (b, "T06")):
        shutil.copytree(DATA_DIR, side)
        merge_theme(side, "T05", into)
    result = invoke_studykit("agreement", a, b, "--lang", lang)
    assert_refused(result, "b/codebook/themes.yaml: merged: ", said, "a/codebook/themes.yaml", "recode")


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "at most 20,000 characters (it has 3,000,000)"),
        ("id", "maksimal 20.000 karakter (isinya 3.000.000)"),
    ],
)
def test_a_merge_note_of_megabytes_is_refused_as_a_summary_is(data_copy, lang, said):
    """A why of 30 MB passed; `export --refi` then took 2.4 GB (the note in the description of the theme it
    went into, both languages, in the codebook and the project); the Indonesian count had English commas."""
    merge_theme(data_copy, "T05", "T04")
    _with_note(data_copy, "Alasan. " * 375_000)
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert_refused(result, "codebook/themes.yaml:", "merged.0.note: ", said)
