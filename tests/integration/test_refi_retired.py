"""``import-refi`` of a project that still codes to a theme the codebook retired or split (``retired:`` of
themes.yaml) says what validate says: which theme(s) to code it to instead, both languages; it said only that
the code was not mapped, or that a mapping row's theme was unknown."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import invoke_studykit
from helpers.codebooks import add_theme, recode_by_hand, retire_theme
from helpers.qdpx import Doc, write_qdpx

from studykit import validate_corpus
from studykit.coding.refi.importer import import_refi

TEXT = "Program desa berjalan.\nWaktu pelaksanaan yang singkat menghambat program.\n"


def _retire_t05(data_dir: Path, split_into: tuple[str, ...]) -> None:
    for n, theme in enumerate(split_into):
        add_theme(data_dir, theme, [f"kata{n}"], label=f"Part {n}")
    retire_theme(data_dir, "T05", split_into=split_into)
    recode_by_hand(data_dir, "T05", "T04")  # a valid corpus: its own findings recoded
    assert validate_corpus(data_dir)[1] == []


def _project(tmp_path: Path) -> Path:
    doc = Doc("Kajian Waktu", TEXT, [("Waktu pelaksanaan yang singkat", "barrier", "T05 Time")])
    return write_qdpx(tmp_path / "old.qdpx", [doc])


@pytest.mark.parametrize(
    ("split_into", "en", "id_"),
    [
        ((), "names theme T05, which was retired", "yang dipensiunkan"),
        (("T17", "T18"), "which was split into T17, T18", "sebagai salah satu dari T17, T18"),
    ],
)
def test_a_code_named_after_a_retired_or_split_theme_says_what_to_code_instead(
    data_copy, tmp_path, split_into, en, id_
):
    _retire_t05(data_copy, split_into)
    before = sorted(p.name for p in (data_copy / "studies").iterdir())
    [p] = import_refi(_project(tmp_path), data_copy).problems
    assert en in p.message and "(1 coding)" in p.message and "not mapped" not in p.message, p.message
    assert id_ in dict(p.translations)["id"]
    assert sorted(p.name for p in (data_copy / "studies").iterdir()) == before


@pytest.mark.parametrize(
    ("split_into", "en"), [((), "it was retired"), (("T17", "T18"), "whichever of T17, T18")]
)
def test_a_mapping_row_on_a_retired_or_split_theme_says_what_to_map_instead(
    data_copy, tmp_path, split_into, en
):
    _retire_t05(data_copy, split_into)
    mapping = tmp_path / "map.csv"
    mapping.write_text("code,finding_type,theme_id\nT05 Time,barrier,T05\n", encoding="utf-8")
    result = invoke_studykit("import-refi", _project(tmp_path), "--mapping", mapping, "--data", data_copy)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "map.csv:2: theme_id:" in said and en in said, said
    assert "unknown theme id" not in said
    result = invoke_studykit(
        "import-refi", _project(tmp_path), "--mapping", mapping, "--data", data_copy, "--lang", "id"
    )
    said = result.stdout + result.stderr
    assert "tidak dipakai lagi" in said and "tidak dikenal" not in said, said
