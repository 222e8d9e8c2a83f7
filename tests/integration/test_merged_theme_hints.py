"""A theme id the codebook merged into another (``merged:`` of themes.yaml) is not merely unknown: wherever a
file, a sheet row or an imported project still names it, the problem says which theme it went into and what
to do, in both languages, at the file, line and field of any other problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import invoke_studykit
from helpers.codebooks import import_edited_theme, merge_theme
from helpers.qdpx import Doc, write_qdpx

from studykit import validate_corpus
from studykit.coding.refi.importer import import_refi

STUDY = "studies/bengkulu-samisake.yaml"


@pytest.fixture
def merged(data_copy: Path) -> Path:
    """The bundled data with T05 merged into T04 (findings recoded; validate passes)."""
    merge_theme(data_copy, "T05", "T04")
    assert validate_corpus(data_copy)[1] == []
    return data_copy


def _recode(data_dir: Path, n: int, **fields: str) -> int:
    """Set fields of the ``n``-th finding (from 0) of the study file; the line of its theme_id."""
    path = data_dir / STUDY
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("  - finding_id:")]
    end = starts[n + 1] if n + 1 < len(starts) else len(lines)
    block = lines[starts[n] : end]
    for key, value in fields.items():
        at = [i for i, line in enumerate(block) if line.startswith(f"    {key}:")]
        if at:
            block[at[0]] = f"    {key}: {value}\n"
        else:
            block.insert(1, f"    {key}: {value}\n")
    lines[starts[n] : end] = block
    path.write_text("".join(lines), encoding="utf-8")
    return starts[n] + 1 + next(i for i, line in enumerate(block) if line.startswith("    theme_id:"))


def _problems(data_dir: Path, field: str) -> list:
    return [p for p in validate_corpus(data_dir)[1] if p.field == field]


def test_a_finding_still_on_a_merged_theme_is_told_where_it_went(merged):
    line = _recode(merged, 2, theme_id="T05")
    [p] = _problems(merged, "findings.2.theme_id")
    assert p.file.endswith(STUDY) and p.line == line
    assert "merged into T04" in p.message and "use T04 instead" in p.message and "unknown" not in p.message
    indonesian = dict(p.translations)["id"]
    assert "digabung ke T04" in indonesian and "pakai T04" in indonesian


def test_an_id_never_in_the_codebook_is_still_unknown(merged):
    _recode(merged, 2, theme_id="T55")
    [p] = _problems(merged, "findings.2.theme_id")
    assert "unknown theme id 'T55'" in p.message and "merged" not in p.message


def test_a_merged_secondary_theme_beside_its_new_theme_is_deleted_not_doubled(merged):
    _recode(merged, 2, theme_id="T04", secondary_theme_id="T05")
    [p] = _problems(merged, "findings.2.secondary_theme_id")
    assert "merged into T04" in p.message and "delete secondary_theme_id" in p.message
    _recode(merged, 2, theme_id="T05", secondary_theme_id="T04")
    [p] = _problems(merged, "findings.2.theme_id")
    assert "make T04 its theme_id and delete secondary_theme_id" in p.message
    assert _problems(merged, "findings.2.secondary_theme_id") == []


def test_a_judgement_on_a_merged_theme_names_the_review_finding_it_now_is(merged):
    path = merged / "synthesis/cerqual.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("review_finding_id: T04-barrier", "review_finding_id: T05-barrier", 1))
    line = 1 + path.read_text(encoding="utf-8").splitlines().index("- review_finding_id: T05-barrier")
    [p] = [p for p in validate_corpus(merged)[1] if p.file.endswith("cerqual.yaml")]
    assert p.line == line and p.field.endswith("review_finding_id")
    assert "merged into T04" in p.message and "'T04-barrier'" in p.message
    assert "'T04-barrier'" in dict(p.translations)["id"] and "digabung" in dict(p.translations)["id"]


def test_a_memo_on_a_merged_theme_is_to_be_moved_to_its_new_theme(merged):
    (merged / "memos/themes").mkdir(parents=True)
    (merged / "memos/themes/T05.md").write_text(
        "---\nauthor: A. Analyst\ndate: 2026-12-01\n---\nTime and facilities, as we read them.\n",
        encoding="utf-8",
    )
    [p] = [p for p in validate_corpus(merged)[1] if p.field == "memo"]
    assert p.file.endswith("memos/themes/T05.md") and p.line == 1
    assert "merged into T04" in p.message and "memos/themes/T04.md" in p.message
    assert "memos/themes/T04.md" in dict(p.translations)["id"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_validate_states_it_in_the_coders_language(merged, lang):
    _recode(merged, 2, theme_id="T05")
    result = invoke_studykit("validate", "--data", merged, "--lang", lang)
    said = {"en": "it was merged into T04", "id": "tema itu digabung ke T04"}[lang]
    assert result.returncode == 1 and said in result.stdout + result.stderr


def test_an_import_findings_row_on_a_merged_theme_is_told_where_it_went(merged, tmp_path):
    line, result = import_edited_theme(merged, tmp_path, "T04", "T05")
    said = result.stdout + result.stderr
    assert result.returncode != 0 and f"edited.csv:{line}: theme_id:" in said
    assert "merged into T04" in said and "use T04 instead" in said


def test_import_refi_names_the_merge_for_a_code_and_a_mapping_row(merged, tmp_path):
    text = "Program desa berjalan.\nWaktu pelaksanaan yang singkat menghambat program.\n"
    project = write_qdpx(
        tmp_path / "old.qdpx",
        [Doc("Kajian Waktu", text, [("Waktu pelaksanaan yang singkat", "barrier", "T05 Time")])],
    )
    before = sorted(p.name for p in (merged / "studies").iterdir())
    result = import_refi(project, merged)
    [p] = result.problems
    assert "names theme T05, which was merged into T04" in p.message and "(1 coding)" in p.message
    row = re.search(r"add the row '(.*)' to the --mapping file", p.message).group(1)
    assert row == "barrier (Faktor penghambat)/T05 Time,barrier,T04"
    assert sorted(p.name for p in (merged / "studies").iterdir()) == before
    # the row the problem gives codes the segment with the theme it went into
    mapping = tmp_path / "map.csv"
    mapping.write_text(f"code,finding_type,theme_id\n{row}\n", encoding="utf-8")
    result = import_refi(project, merged, mapping=mapping, dry_run=True)
    assert result.problems == []
    assert [(f["finding_type"], f["theme_id"]) for f in result.plan.studies[0].findings] == [
        ("barrier", "T04")
    ]
    # a mapping row that names the merged theme itself
    mapping.write_text("code,finding_type,theme_id\nbarrier (Faktor penghambat)/T05 Time,barrier,T05\n")
    problems = import_refi(project, merged, mapping=mapping, dry_run=True).problems
    [p] = [p for p in problems if p.file.endswith("map.csv")]  # and the code, still unmapped
    assert p.file.endswith("map.csv") and p.line == 2 and p.field == "theme_id"
    assert "merged into T04" in p.message and "pakai T04" in dict(p.translations)["id"]


def test_the_workbench_s_save_says_it_as_validate_does(merged):
    from studykit.coding.bench.session import Session

    s = Session("bengkulu-samisake", merged, "A. Analyst")
    key = next(i.key for i in s.items if i.origin == "file" and i.theme_id == "T04")
    s.edit(key, theme_id="T05")
    result = s.save("id")
    assert not result.ok
    [p] = [p for p in result.problems if p.field.endswith("theme_id")]
    assert "digabung ke T04" in p.message and "pakai T04" in p.message
