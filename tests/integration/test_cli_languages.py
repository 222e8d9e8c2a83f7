"""What the command line prints for a person, and what it writes into a study file for one, exists in Bahasa
Indonesia as well as English (``--lang id``), on a scratch copy of the corpus; English stays the default.

Each test fails when a text falls back to English under ``--lang id`` (the Indonesian output is compared with
the English one, place by place), or when ``--lang id`` changes what a problem points at (file, line, field).
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from helpers import BENGKULU, BREAKAGES, invoke_studykit, replace_in, run_studykit

from studykit.corpus.messages import t


def _problem_lines(stderr: str) -> list[tuple[str, str]]:
    """(file:line: field:, message) of each problem line."""
    found = []
    for line in stderr.splitlines():
        match = re.match(r"^(\S*data/\S+?(?::\d+)?: \S+: )(.*)$", line)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


@pytest.mark.parametrize(
    "breakage, file, field, words, line", BREAKAGES, ids=[c[0].__name__ for c in BREAKAGES]
)
def test_validate_lang_id_states_each_problem_in_indonesian_at_the_same_place(
    data_copy, breakage, file, field, words, line
):
    breakage(data_copy)
    english = invoke_studykit("validate", "--data", data_copy)
    indonesian = invoke_studykit("validate", "--data", data_copy, "--lang", "id")
    assert english.returncode == indonesian.returncode == 1
    en, id_ = _problem_lines(english.stderr), _problem_lines(indonesian.stderr)
    assert en and [where for where, _ in en] == [where for where, _ in id_], indonesian.stderr
    assert any(f"data/{file}" in where and f" {field}: " in where for where, _ in id_)
    for (where, en_message), (_, id_message) in zip(en, id_, strict=True):
        assert en_message != id_message, f"{where} is still English under --lang id: {id_message}"
    what = t("cli.what.corpus_invalid", "id")
    assert indonesian.stderr.strip().splitlines()[-1] == t("cli.problems", "id", n=len(id_), what=what)
    assert "Traceback" not in indonesian.stderr


def test_validate_lang_id_summarises_a_valid_corpus_in_indonesian(data_copy):
    english = invoke_studykit("validate", "--data", data_copy)
    default = english.stdout
    indonesian = invoke_studykit("validate", "--data", data_copy, "--lang", "id")
    assert english.returncode == indonesian.returncode == 0
    assert invoke_studykit("validate", "--data", data_copy, "--lang", "en").stdout == default
    assert default.startswith("valid: ") and " studies, " in default
    assert indonesian.stdout.startswith("korpus valid: ") and " studi, " in indonesian.stdout
    for word in ("studies", "findings", "barrier", "recommendation"):
        assert word not in indonesian.stdout, word


def test_validate_lang_id_lists_drafts_and_unused_sources_in_indonesian(data_copy):
    replace_in(
        data_copy / BENGKULU,
        "  - finding_id: bengkulu-samisake-02\n",
        "  - finding_id: bengkulu-samisake-02\n    review_status: unreviewed\n",
    )
    replace_in(data_copy / BENGKULU, "province: Bengkulu\n", "province:\n")
    shutil.copy(data_copy / "sources/bengkulu-samisake.txt", data_copy / "sources/orphan.txt")
    english = invoke_studykit("validate", "--data", data_copy, "--strict")
    indonesian = invoke_studykit("validate", "--data", data_copy, "--strict", "--lang", "id")
    assert english.returncode == indonesian.returncode == 1
    en, id_ = english.stderr.splitlines(), indonesian.stderr.splitlines()
    assert len(en) == len(id_) >= 4
    assert en[0].startswith(f"draft {data_copy}/studies/bengkulu-samisake.yaml")  # opens from here
    assert id_[0].startswith(f"draf {data_copy}/studies/bengkulu-samisake.yaml") and "ditinjau" in id_[0]
    for en_line, id_line in zip(en, id_, strict=True):
        assert en_line != id_line, f"still English under --lang id: {id_line}"
    assert "sources/orphan.txt" in indonesian.stderr and "--id orphan" in indonesian.stderr
    assert id_[-1].startswith("1 draf, 1 sumber tak terpakai; --strict")


def _new_study(data_copy, tmp_path) -> str:
    """A study to code: an English copy of a bundled source under a new id, made by `new-study`."""
    source = tmp_path / "kota-x.txt"
    text = (data_copy / "sources/bengkulu-samisake.txt").read_text(encoding="utf-8")
    source.write_text(text + "\nA copy for the test.\n", encoding="utf-8")  # not the same bytes
    # nearly the same text as bengkulu-samisake's: a new study only when the analyst says so
    made = invoke_studykit("new-study", source, "--id", "kota-x", "--data", data_copy, "--not-a-duplicate")
    assert made.returncode == 0, made.stderr
    return "kota-x"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_suggest_write_notes_each_suggestion_in_the_coders_language(data_copy, tmp_path, lang):
    study_id = _new_study(data_copy, tmp_path)
    result = invoke_studykit("suggest", study_id, "--write", "--data", data_copy, "--lang", lang)
    assert result.returncode == 0, result.stderr
    study = yaml.safe_load((data_copy / "studies" / f"{study_id}.yaml").read_text(encoding="utf-8"))
    notes = [f["note"] for f in study["findings"]]
    assert notes, "suggest --write wrote no finding"
    start = t("suggest.note", lang, score="", cues="").split("(")[0]
    assert all(note.startswith(start) for note in notes), notes[0]
    other = t("suggest.note", "en" if lang == "id" else "id", score="", cues="").split("(")[0]
    assert not any(note.startswith(other) for note in notes)
    if lang == "id":
        assert all("kata kunci: " in note and "cues:" not in note for note in notes)
        appended = t("suggest.appended", "id", n=len(notes), path="", already=0, data="")
        assert appended.split()[0] in result.stdout


def test_the_real_command_says_its_help_and_usage_errors_in_indonesian():
    """The installed executable (not click's test runner): --help, a usage error, exit codes, no traceback."""
    helped = run_studykit("--lang", "id", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith(t("click.usage", "id") + " ")
    assert "studykit [OPSI] PERINTAH [ARGUMEN]..." in helped.stdout.splitlines()[0]
    assert t("help.studykit", "id").split(",")[0] in helped.stdout and "Commands:" not in helped.stdout
    refused = run_studykit("validate", "--no-such", env={"STUDYKIT_LANG": "id"})
    assert refused.returncode == 2, refused.stderr
    assert t("click.no_such_option", "id").format(name="--no-such") in refused.stderr
    assert "Traceback" not in refused.stderr and "Error" not in refused.stderr
    english = run_studykit("validate", "--no-such")
    assert english.returncode == 2 and "Error: No such option '--no-such'." in english.stderr


@pytest.mark.parametrize("lang", ["en", "id"])
def test_output_is_utf8_whatever_the_locales_code_page(lang):
    """glibc's id_ID (and tr_TR) locale is ISO-8859: what studykit prints (curly quotes, −, …) is still the
    same UTF-8 bytes as under a UTF-8 locale, never an internal error (PYTHONIOENCODING stands in for the
    locale)."""
    import os
    import subprocess
    import sys

    from helpers.cli import UNSET

    from studykit.paths import PROJECT_ROOT

    def printed(**env):
        environ = {k: v for k, v in os.environ.items() if k not in (*UNSET, "PYTHONIOENCODING")}
        args = [
            sys.executable,
            "-m",
            "studykit",
            "suggest",
            "jambi-bantar",
            "--format",
            "text",
            "--lang",
            lang,
        ]
        run = subprocess.run(
            args, cwd=PROJECT_ROOT.parent, capture_output=True, env={**environ, **env}, timeout=120
        )
        return run.returncode, run.stdout, run.stderr

    utf8 = printed(PYTHONIOENCODING="utf-8")
    assert utf8[0] == 0 and "“".encode() in utf8[1], utf8
    assert printed(PYTHONIOENCODING="iso8859-1") == utf8
