"""A theme the codebook retired, or split into several (``retired:`` of themes.yaml), is not merely unknown:
every finding, CERQual judgement and theme memo that still names it is told what became of it and what to do,
in both languages, at its file, line and field; the declaration itself is checked against the themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import invoke_studykit
from helpers.codebooks import add_theme, import_edited_theme, recode_by_hand, retire_theme

from studykit import validate_corpus

STUDY = "studies/jombang-poverty.yaml"  # codes one finding T05


def _theme_problems(data_dir: Path) -> list:
    return [p for p in validate_corpus(data_dir)[1] if p.field.endswith("theme_id") and "studies/" in p.file]


def _memo(data_dir: Path, theme: str) -> None:
    (data_dir / "memos/themes").mkdir(parents=True, exist_ok=True)
    (data_dir / f"memos/themes/{theme}.md").write_text(
        "---\nauthor: A. Analyst\ndate: 2026-12-01\n---\nTime and facilities, as we read them.\n",
        encoding="utf-8",
    )


def test_a_finding_on_a_retired_theme_is_told_to_recode_or_delete_it(data_copy):
    retire_theme(data_copy, "T05", date="2026-12-01")
    [p] = [p for p in _theme_problems(data_copy) if p.file.endswith(STUDY)]
    assert p.line == 73 and p.field.endswith(".theme_id")
    assert "it was retired" in p.message and "delete the finding" in p.message and "unknown" not in p.message
    assert "dipensiunkan" in dict(p.translations)["id"]
    # every study still coding it is named, and nothing else
    assert {Path(p.file).name for p in _theme_problems(data_copy)} == {
        "jombang-poverty.yaml",
        "semarang-p2kp.yaml",
    }


def test_a_finding_on_a_split_theme_is_given_the_parts(data_copy):
    add_theme(data_copy, "T17", ["waktu"], label="Time")
    add_theme(data_copy, "T18", ["fasilitas"], label="Facilities")
    retire_theme(data_copy, "T05", split_into=("T17", "T18"))
    [p] = [p for p in _theme_problems(data_copy) if p.file.endswith(STUDY)]
    assert "split into T17, T18" in p.message and "whichever of T17, T18" in p.message
    assert "dipecah menjadi T17, T18" in dict(p.translations)["id"]


def test_judgements_and_memos_on_a_retired_or_split_theme_say_what_to_do(data_copy):
    add_theme(data_copy, "T17", ["waktu"], label="Time")
    retire_theme(data_copy, "T05", split_into=("T17", "T04"))
    _memo(data_copy, "T05")
    problems = validate_corpus(data_copy)[1]
    [memo] = [p for p in problems if p.field == "memo"]
    assert (
        memo.file.endswith("memos/themes/T05.md")
        and "memos/themes/T17.md, memos/themes/T04.md" in memo.message
    )
    judged = [p for p in problems if p.file.endswith("cerqual.yaml")]
    assert judged and all(
        "split into T17, T04" in p.message and "judge the review findings" in p.message for p in judged
    )
    assert all("dipecah" in dict(p.translations)["id"] for p in judged + [memo])


def test_the_declaration_is_checked_against_the_themes(data_copy):
    retire_theme(data_copy, "T05", split_into=("T17",))
    path = data_copy / "codebook/themes.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - theme_id: T06\n", encoding="utf-8")
    said = {(p.field, p.message) for p in validate_corpus(data_copy)[1] if p.file.endswith("themes.yaml")}
    assert any(f == "retired.0.split_into" and "'T17', which is not a theme" in m for f, m in said)
    assert any(f == "retired.1.theme_id" and "listed as retired but is still a theme" in m for f, m in said)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_validate_says_it_in_the_coders_language(data_copy, lang):
    retire_theme(data_copy, "T05")
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    said = {"en": "it was retired (codebook/themes.yaml, retired:)", "id": "tema itu dipensiunkan"}[lang]
    assert result.returncode == 1 and said in result.stdout + result.stderr


def test_the_workbench_s_save_says_it_as_validate_does(data_copy):
    from studykit.coding.bench.session import Session

    retire_theme(data_copy, "T05")
    s = Session("jombang-poverty", data_copy, "A. Analyst")
    result = s.save("en")
    assert not result.ok
    assert any("it was retired" in p.message for p in result.problems if p.field.endswith("theme_id"))


def test_an_import_findings_row_on_a_retired_theme_says_so(data_copy, tmp_path):
    retire_theme(data_copy, "T05")
    recode_by_hand(data_copy, "T05", "T04")  # a valid corpus: its own findings recoded
    assert validate_corpus(data_copy)[1] == []
    line, result = import_edited_theme(data_copy, tmp_path, "T04", "T05", "--lang", "id")
    said = result.stdout + result.stderr
    assert result.returncode != 0 and f"edited.csv:{line}: theme_id:" in said
    assert "tema itu dipensiunkan" in said
