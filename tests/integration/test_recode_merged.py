"""`studykit recode` carries a merge declared in themes.yaml into every study file (at 50 studies one merge
left 29 findings in 20 files to edit by hand): only the recoded lines change, a secondary theme that becomes
the finding's theme goes, all files or none, said in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import invoke_studykit
from helpers.codebooks import merge_theme

from studykit import validate_corpus
from studykit.paths import DATA_DIR

SEMARANG = "studies/semarang-p2kp.yaml"  # semarang-p2kp-07: T05 with T09 second; -08: T04


@pytest.fixture
def declared(data_copy: Path) -> Path:
    """T05 merged into T04 in the codebook, the study files still coding T05 (as a team leaves them)."""
    merge_theme(data_copy, "T05", "T04")
    for study in (data_copy / "studies").glob("*.yaml"):
        shutil.copyfile(DATA_DIR / "studies" / study.name, study)
    assert any("merged into T04" in p.message for p in validate_corpus(data_copy)[1])
    return data_copy


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_recode_changes_the_merged_theme_s_lines_and_nothing_else(declared):
    before = {p.name: _lines(p) for p in (declared / "studies").glob("*.yaml")}
    result = invoke_studykit("recode", "--data", declared)
    assert result.returncode == 0, result.stderr
    assert "recoded 2 findings in 2 study files (T05 → T04)" in result.stdout
    assert validate_corpus(declared)[1] == []
    for name, old in before.items():
        new = _lines(declared / "studies" / name)
        changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        expected = (
            [("    theme_id: T05", "    theme_id: T04")]
            if name in ("jombang-poverty.yaml", "semarang-p2kp.yaml")
            else []
        )
        assert changed == expected, name


def test_a_secondary_theme_that_becomes_the_theme_is_left_out(declared):
    path = declared / SEMARANG
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "    theme_id: T04\n", "    theme_id: T04\n    secondary_theme_id: T05  # time too\n", 1
        ),
        encoding="utf-8",
    )
    assert invoke_studykit("recode", "--data", declared).returncode == 0
    assert validate_corpus(declared)[1] == []
    text = path.read_text(encoding="utf-8")
    assert "T05" not in text and "secondary_theme_id: T09" in text  # -07 keeps its own second theme


def test_a_dry_run_writes_nothing_and_indonesian_says_so(declared):
    before = (declared / SEMARANG).read_bytes()
    result = invoke_studykit("recode", "--data", declared, "--dry-run", "--lang", "id")
    assert (
        result.returncode == 0
        and "akan mengode ulang 2 temuan di 2 berkas studi (T05 → T04)" in result.stdout
    )
    assert "semarang-p2kp.yaml: 1 temuan" in result.stdout and (declared / SEMARANG).read_bytes() == before


def test_a_broken_study_file_stops_every_write(declared):
    (declared / "studies/zz-broken.yaml").write_text("findings: [\n", encoding="utf-8")
    before = (declared / SEMARANG).read_bytes()
    result = invoke_studykit("recode", "--data", declared)
    assert (
        result.returncode == 1
        and "zz-broken.yaml" in result.stderr
        and "nothing was written" in result.stderr
    )
    assert (declared / SEMARANG).read_bytes() == before and "Traceback" not in result.stderr


def test_without_a_declared_merge_there_is_nothing_to_recode(data_copy):
    result = invoke_studykit("recode", "--data", data_copy)
    assert result.returncode == 0 and "declares no merged theme" in result.stdout


def test_the_render_plan_still_works_once_a_default_s_theme_is_merged(declared):
    """The QCA notebook's default conditions name T05-barrier: after the merge the whole render refused
    (*parameter conditions='T05-barrier' is not allowed*, nothing rendered). A default keeps what the codebook
    still has; a value the manifest itself gives is still checked."""
    import json

    assert invoke_studykit("recode", "--data", declared).returncode == 0
    result = invoke_studykit("render", "--data", declared, "--list", "--format", "json")
    assert result.returncode == 0, result.stderr
    qca = [j["parameters"]["conditions"] for j in json.loads(result.stdout) if "6-qca" in j["notebook"]]
    assert ["T04-barrier", "T02-barrier", "T03-barrier"] in qca and not any("T05-barrier" in c for c in qca)
    manifest = declared.parent / "reports.yaml"
    manifest.write_text(
        "languages: [en]\nreports:\n  - notebook: 6-qca\n    title: qca.title\n"
        "    parameters: {conditions: [T05-barrier]}\n    output: qca\n",
        encoding="utf-8",
    )
    result = invoke_studykit("render", "--data", declared, "--manifest", manifest, "--list")
    assert result.returncode == 1 and "conditions='T05-barrier' is not allowed" in result.stderr
