"""``suggest --metadata --write``: the metadata read from the source goes into the study file's empty
fields, never over a value the analyst set; the place fields go together; nothing is written on bad input."""

from __future__ import annotations

import json

from helpers import invoke_studykit

ABSTRACT = (
    "Implementasi Program Bantuan Pangan Lokal (PBPL) di Kota Malang\n\n"
    "Penelitian ini menganalisis Program Bantuan Pangan Lokal (PBPL) di Kota Malang, Provinsi Jawa Timur, "
    "dengan model implementasi Edwards III. Hasil penelitian menunjukkan bahwa koordinasi antar dinas "
    "lemah.\n"
)


def _new_study(data_copy, tmp_path, study_id="malang-pbpl"):
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT, encoding="utf-8")
    assert invoke_studykit("new-study", source, "--id", study_id, "--data", data_copy).returncode == 0
    return data_copy / "studies" / f"{study_id}.yaml"


def _suggested(data_copy, study_id="malang-pbpl") -> dict:
    done = invoke_studykit("suggest", study_id, "--metadata", "--format", "json", "--data", data_copy)
    assert done.returncode == 0, done.stderr
    found: dict = {}
    for s in json.loads(done.stdout):
        if s["field"] == "frameworks_declared":
            found.setdefault(s["field"], []).append(s["value"])
        else:
            found.setdefault(s["field"], s["value"])
    return found


def _study(path):
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_empty_fields_are_filled_with_what_suggest_metadata_shows_and_comments_stay(data_copy, tmp_path):
    path = _new_study(data_copy, tmp_path)
    suggested = _suggested(data_copy)
    assert {"admin_unit", "province", "programme_acronym", "frameworks_declared"} <= set(suggested)

    done = invoke_studykit("suggest", "malang-pbpl", "--metadata", "--write", "--data", data_copy)
    assert done.returncode == 0, done.stderr
    study = _study(path)
    for name, value in suggested.items():
        node = study
        for key in name.split("."):
            node = node[key]
        assert node == value, name
    text = path.read_text(encoding="utf-8")
    assert "province: Jawa Timur  # Province of the admin unit" in text
    assert "filled" in done.stdout and "admin_unit" in done.stdout

    again = invoke_studykit(
        "suggest", "malang-pbpl", "--metadata", "--write", "--data", data_copy, "--lang", "id"
    )
    assert again.returncode == 0 and "tidak ada yang diisi" in again.stdout
    assert path.read_text(encoding="utf-8") == text  # a second run changes nothing


def test_values_the_analyst_set_are_kept_and_another_unit_takes_its_place_from_the_gazetteer(
    data_copy, tmp_path
):
    path = _new_study(data_copy, tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("admin_unit: null", "admin_unit: Kabupaten Malang", 1)
    text = text.replace("programme_name: null", "programme_name: PBPL Kota Malang", 1)
    path.write_text(text, encoding="utf-8")

    done = invoke_studykit("suggest", "malang-pbpl", "--metadata", "--write", "--data", data_copy)
    assert done.returncode == 0, done.stderr
    study = _study(path)
    assert study["admin_unit"] == "Kabupaten Malang"
    assert study["programme_name"] == "PBPL Kota Malang"
    assert study["city_as_written"] is None and study["locality"] is None  # they belong to Kota Malang
    assert (study["admin_unit_type"], study["province"]) == ("kabupaten", "Jawa Timur")  # the gazetteer's
    assert study["programme_acronym"] == "PBPL" and study["frameworks_declared"] == ["ED"]
    assert "'Kabupaten Malang'" in done.stdout and "'Kota Malang'" in done.stdout  # kept, with the suggestion


def test_a_loose_source_or_a_broken_study_file_is_refused_and_nothing_is_written(data_copy, tmp_path):
    loose = tmp_path / "abstrak.txt"
    loose.write_text(ABSTRACT, encoding="utf-8")
    done = invoke_studykit("suggest", loose, "--metadata", "--write", "--data", data_copy)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "--write" in done.stderr

    path = _new_study(data_copy, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("source:\n", "source: hello\nx:\n", 1))
    before = path.read_bytes()
    done = invoke_studykit("suggest", "malang-pbpl", "--metadata", "--write", "--data", data_copy)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert "source" in done.stderr
    assert path.read_bytes() == before
