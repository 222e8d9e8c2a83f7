"""``suggest --metadata --write`` fills the method and data-collection fields from the study's own method
statement, never over a value the analyst set, and a second run changes nothing."""

from __future__ import annotations

import json

from helpers import invoke_studykit
from ruamel.yaml import YAML

ABSTRACT = (
    "Implementasi Program Keluarga Harapan (PKH) di Kota Malang\n\n"
    "Penelitian ini menganalisis Program Keluarga Harapan (PKH) di Kota Malang. Metode penelitian adalah "
    "kualitatif deskriptif dengan wawancara mendalam, observasi dan dokumentasi. Berbeda dengan studi "
    "survei sebelumnya, informan dipilih secara purposive. Hasil penelitian menunjukkan bahwa koordinasi "
    "lemah.\n"
)


def _new_study(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT, encoding="utf-8")
    assert invoke_studykit("new-study", source, "--id", "malang-pkh", "--data", data_copy).returncode == 0
    return data_copy / "studies" / "malang-pkh.yaml"


def test_write_fills_method_and_data_collection_once(data_copy, tmp_path):
    path = _new_study(data_copy, tmp_path)
    shown = invoke_studykit("suggest", "malang-pkh", "--metadata", "--format", "json", "--data", data_copy)
    rows = [r for r in json.loads(shown.stdout) if r["field"] in ("method", "data_collection")]
    assert [(r["field"], r["value"]) for r in rows] == [
        ("method", "kualitatif deskriptif"),
        ("data_collection", "wawancara mendalam"),
        ("data_collection", "observasi"),
        ("data_collection", "dokumentasi"),
    ]
    assert all(r["evidence"].startswith("Metode penelitian adalah") for r in rows)

    done = invoke_studykit("suggest", "malang-pkh", "--metadata", "--write", "--data", data_copy)
    assert done.returncode == 0, done.stderr
    study = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert study["method"] == "kualitatif deskriptif"
    assert study["data_collection"] == ["wawancara mendalam", "observasi", "dokumentasi"]
    assert study["sampling"] == "purposive"  # "informan dipilih secara purposive", the survey others'
    text = path.read_text(encoding="utf-8")
    again = invoke_studykit("suggest", "malang-pkh", "--metadata", "--write", "--data", data_copy)
    assert again.returncode == 0 and path.read_text(encoding="utf-8") == text  # a second run changes nothing


def test_a_method_the_analyst_set_is_kept(data_copy, tmp_path):
    path = _new_study(data_copy, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "method: null" in text and "data_collection: []" in text
    text = text.replace("method: null", "method: studi kasus", 1)
    text = text.replace("data_collection: []", "data_collection: [FGD]", 1)
    path.write_text(text, encoding="utf-8")
    done = invoke_studykit("suggest", "malang-pkh", "--metadata", "--write", "--data", data_copy)
    assert done.returncode == 0, done.stderr
    study = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert study["method"] == "studi kasus" and study["data_collection"] == ["FGD"]
    assert "'studi kasus'" in done.stdout  # kept, with the suggestion


def test_the_workbench_shows_them_as_suggestions_and_writes_them_once_confirmed(data_copy, tmp_path):
    from studykit.coding.bench import Session

    path = _new_study(data_copy, tmp_path)
    s = Session("malang-pkh", data_copy, "Tester, 2026-12-06")
    assert s.suggestion_value("method") == "kualitatif deskriptif"
    assert s.suggestion_value("data_collection") == ["wawancara mendalam", "observasi", "dokumentasi"]
    assert s.values["method"] is None  # shown as a suggestion, not yet a value
    s.confirm("data_collection")
    assert s.save().ok
    study = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert study["data_collection"] == ["wawancara mendalam", "observasi", "dokumentasi"]
    assert study["method"] is None  # suggested, never confirmed
