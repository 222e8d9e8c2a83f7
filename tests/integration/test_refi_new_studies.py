"""`import-refi` makes new studies as `new-study` does: a text source the corpus already holds (the same or
nearly the same text) is refused naming the study, unless `--not-a-duplicate`; the project's admin_unit
fills admin_unit_type and province from the gazetteer."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import invoke_studykit
from helpers.qdpx import Doc, write_qdpx

from studykit import validate_corpus
from studykit.coding.refi.importer import import_refi

OURS = (
    "Kajian ini menelaah pelaksanaan program bantuan modal usaha di sebuah kabupaten.\n"
    "Hasil menunjukkan bahwa kurangnya dana operasional menghambat pendampingan kelompok usaha,\n"
    "sedangkan dukungan kepala desa membantu pencairan bantuan tepat waktu.\n"
    "Koordinasi antar dinas belum berjalan baik dan pelaporan sering terlambat.\n"
)
PHRASE = "kurangnya dana operasional"


def _add_ours(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "ours.txt"
    source.write_text(OURS, encoding="utf-8")
    result = invoke_studykit("new-study", source, "--id", "modal-usaha", "--data", data_dir)
    assert result.returncode == 0, result.stderr


def _project(tmp_path: Path, *texts: str, variables: dict | None = None) -> Path:
    docs = [
        Doc(
            f"Dokumen {n}",
            text,
            [(PHRASE if PHRASE in text else PHRASE.upper(), "barrier", "T04 Budget")],
            variables or {},
        )
        for n, text in enumerate(texts, start=1)
    ]
    return write_qdpx(tmp_path / "project.qdpx", docs)


def _studies(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "studies").iterdir())


def test_the_same_text_from_another_tool_is_refused_naming_the_study(data_copy, tmp_path):
    _add_ours(data_copy, tmp_path)
    before = _studies(data_copy)
    copy = OURS.upper().replace("\n", "\r\n")  # another copy: other case and line ends
    result = import_refi(_project(tmp_path, copy), data_copy)
    [p] = result.problems
    assert p.field.startswith("TextSource/") and p.file.endswith("project.qdpx")
    assert "'Dokumen 1' is the same text as" in p.message and "'modal-usaha'" in p.message
    assert "sources/modal-usaha.txt" in p.message and "--not-a-duplicate" in p.message
    assert "sumber teks 'Dokumen 1'" in dict(p.translations)["id"]
    assert result.written == [] and _studies(data_copy) == before


def test_nearly_the_same_text_is_refused_and_not_a_duplicate_adds_it(data_copy, tmp_path):
    _add_ours(data_copy, tmp_path)
    near = "PROGRAM MODAL USAHA: SEBUAH KAJIAN\n" + OURS.replace("sering terlambat", "kadang terlambat")
    project = _project(tmp_path, near)
    [p] = import_refi(project, data_copy, dry_run=True).problems
    assert "is nearly the same text as" in p.message and "'modal-usaha'" in p.message
    result = invoke_studykit("import-refi", project, "--not-a-duplicate", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert "dokumen-1.yaml" in _studies(data_copy)


def test_two_copies_in_one_project_make_one_study_not_two(data_copy, tmp_path):
    copy = OURS.replace("\n", "\r\n")
    result = import_refi(_project(tmp_path, OURS, copy), data_copy, dry_run=True)
    [p] = result.problems
    assert "'Dokumen 2'" in p.message and "'dokumen-1'" in p.message


def test_a_different_text_is_imported(data_copy, tmp_path):
    _add_ours(data_copy, tmp_path)
    other = (
        "Penelitian ini membahas program rumah layak huni di sebuah kota pesisir.\n"
        "Temuan menunjukkan kurangnya dana operasional untuk survei rumah, dan warga menilai seleksi adil.\n"
    )
    assert import_refi(_project(tmp_path, other), data_copy).problems == []


def _imported(data_dir: Path, tmp_path: Path, variables: dict) -> tuple[dict, dict]:
    result = import_refi(_project(tmp_path, OURS, variables=variables), data_dir)
    assert result.problems == []
    planned = result.plan.as_json()["studies"][0]
    path = data_dir / "studies" / f"{planned['study_id']}.yaml"
    return planned, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_admin_unit_fills_its_type_and_province_from_the_gazetteer(data_copy, tmp_path):
    planned, study = _imported(data_copy, tmp_path, {"admin_unit": "Kabupaten Sukoharjo"})
    assert (study["admin_unit"], study["admin_unit_type"], study["province"]) == (
        "Kabupaten Sukoharjo",
        "kabupaten",
        "Jawa Tengah",
    )
    assert planned["from_gazetteer"] == ["admin_unit_type", "province"]
    assert not {"admin_unit_type", "province"} & set(planned["to_fill"])
    assert validate_corpus(data_copy)[1] == []  # a draft: only its metadata to fill


def test_a_province_the_gazetteer_contradicts_is_set_aside(data_copy, tmp_path):
    values = {"admin_unit": "Kota Semarang", "admin_unit_type": "kota", "province": "Jawa Barat"}
    planned, study = _imported(data_copy, tmp_path, values)
    assert (study["admin_unit_type"], study["province"]) == ("kota", "Jawa Tengah")
    assert planned["from_gazetteer"] == ["province"]
    assert planned["unused_variables"]["province"].startswith("'Jawa Barat'")
    assert validate_corpus(data_copy)[1] == []


def test_an_admin_unit_the_gazetteer_lacks_is_set_aside_with_what_it_may_mean(data_copy, tmp_path):
    planned, study = _imported(data_copy, tmp_path, {"admin_unit": "Kab. Sukoharjoo"})
    assert study["admin_unit"] is None and "admin_unit" in planned["to_fill"]
    assert "'Kabupaten Sukoharjo'" in planned["unused_variables"]["admin_unit"]
    assert validate_corpus(data_copy)[1] == []


def test_the_plan_says_what_came_from_the_gazetteer_in_both_languages(data_copy, tmp_path):
    project = _project(tmp_path, OURS, variables={"admin_unit": "Kabupaten Jombang"})
    for lang, said in (("en", "from the gazetteer"), ("id", "dari gazetir")):
        result = invoke_studykit("import-refi", project, "--dry-run", "--data", data_copy, "--lang", lang)
        assert result.returncode == 0 and f"admin_unit_type, province {said}" in result.stdout
