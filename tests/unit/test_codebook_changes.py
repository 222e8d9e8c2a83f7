"""The codebook as a team evolves it: a merged theme is declared and checked; a codebook that cannot be read
gives its own problems, not false ones in the files checked against it; the Word codebook has the memos."""

from __future__ import annotations

import docx
import pytest
from helpers import invoke_studykit, write_memos
from helpers.codebooks import add_theme, merge_theme

from studykit import validate_corpus
from studykit.corpus.codebook import read_codebook, read_merged
from studykit.reports.codebook_docx import build


def _break_origin(data_dir) -> None:
    path = data_dir / "codebook/themes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("origin: framework", "origin: inductive", 1), encoding="utf-8")


def test_a_bad_value_in_themes_yaml_is_its_own_problem_and_no_false_ones(data_copy):
    write_memos(data_copy, "jombang-poverty", "T04")
    _break_origin(data_copy)
    corpus, problems = validate_corpus(data_copy)
    assert corpus is None
    fields = sorted(p.field for p in problems)
    assert fields == ["codebook", "themes.0.origin"], [p.message for p in problems]
    [note] = [p for p in problems if p.field == "codebook"]
    assert note.file.endswith("codebook/themes.yaml") and "not checked" in note.message
    assert not [p for p in problems if "memo" in p.file or "cerqual" in p.file]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_validate_says_once_in_the_coders_language_what_waits_for_the_codebook(data_copy, lang):
    write_memos(data_copy, "jombang-poverty", "T04")
    _break_origin(data_copy)
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert result.returncode == 1
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    said = {"en": "were not checked", "id": "tidak diperiksa"}[lang]
    assert sum(said in line for line in lines) == 1, lines
    others = [line for line in lines if said not in line]
    assert not any("memo" in line or "cerqual" in line or "T04-barrier" in line for line in others), lines
    assert len(others) == 2  # the bad value, and the count


def test_a_merge_is_declared_in_themes_yaml_and_validates(data_copy):
    merge_theme(data_copy, "T05", "T04")
    assert validate_corpus(data_copy)[1] == []
    assert read_merged(data_copy) == {"T05": "T04"}
    assert [m.into for m in read_codebook(data_copy).merged] == ["T04"]


def test_a_merge_into_no_theme_or_of_a_theme_still_there_is_a_problem(data_copy):
    merge_theme(data_copy, "T05", "T04")
    path = data_copy / "codebook/themes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("into: T04", "into: T55"), encoding="utf-8")
    problems = validate_corpus(data_copy)[1]
    assert [p.field for p in problems if p.field.startswith("merged")] == ["merged.0.into"]
    path.write_text(text.replace("theme_id: T05\n    into", "theme_id: T06\n    into"), encoding="utf-8")
    problems = validate_corpus(data_copy)[1]
    assert [p.field for p in problems if p.field.startswith("merged")] == ["merged.0.theme_id"]


def _docx_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_word_codebook_has_the_theme_memos_of_the_report(data_copy, lang):
    from studykit import load_corpus

    texts = write_memos(data_copy, "jambi-bantar", "T04")
    add_theme(data_copy, "T17", ["aplikasi"], label="Digital administration")  # a theme nobody coded yet
    (data_copy / "memos/themes/T17.md").write_text(
        "---\nauthor: B. Peneliti\ndate: 2026-12-05\nlanguage: id\n---\nTema baru untuk pendataan daring.\n",
        encoding="utf-8",
    )
    text = _docx_text(build(load_corpus(data_copy), lang))
    assert texts["theme"] in text and "Tema baru untuk pendataan daring." in text
    byline = {"en": "Memo by A. Analyst, 2026-12-03", "id": "Memo oleh A. Analyst, 2026-12-03"}[lang]
    assert byline in text
    assert text.index(texts["theme"]) < text.index("T05 ")  # in its theme's section, T04
    assert texts["project"] not in text  # the theme memos only, as the codebook report


def test_the_word_codebook_file_has_the_memos_too(data_copy, tmp_path):
    texts = write_memos(data_copy, "jambi-bantar", "T04")
    out = tmp_path / "codebook.docx"
    assert invoke_studykit("export", "--data", data_copy, "--codebook", out).returncode == 0
    assert texts["theme"] in _docx_text(docx.Document(str(out)))


def test_a_decision_logged_for_a_merged_theme_answers_for_the_theme_it_went_into(data_copy):
    import json

    from studykit.coding.decided import logged, undecided
    from studykit.coding.rules import Candidate

    text = "Keterbatasan waktu menghambat pendataan."
    line = {"action": "reject", "finding_id": "x-01", "finding_type": "barrier", "theme_id": "T05"}
    line |= {"quote_start": 0, "quote_end": len(text), "suggested_theme": "T05"}
    (data_copy / "decisions").mkdir(exist_ok=True)
    (data_copy / "decisions" / "x.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    candidate = Candidate("barrier", "T04", text, 0, len(text), 0.9)
    assert undecided([candidate], [], text, logged(data_copy, "x")) == [candidate]
    merge_theme(data_copy, "T05", "T04")
    assert logged(data_copy, "x")[0]["theme_id"] == "T04"
    assert undecided([candidate], [], text, logged(data_copy, "x")) == []
