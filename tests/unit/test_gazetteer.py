"""The gazetteer of kota and kabupaten: complete, joined to provinces.csv, and right for the bundled
studies."""

import csv

from studykit.coding.metadata import gazetteer, lookup, suggest_metadata
from studykit.paths import DATA_DIR


def test_514_regencies_each_in_a_province_of_the_codebook(corpus):
    regencies = gazetteer(DATA_DIR)
    assert len(regencies) == 514  # Kepmendagri 300.2.2-2L38/2025: 416 kabupaten + 98 kota
    kinds = {r.admin_unit_type for r in regencies}
    assert kinds == {"kota", "kabupaten"}
    assert sum(r.admin_unit_type == "kota" for r in regencies) == 98
    assert len({r.code for r in regencies}) == len(regencies)
    provinces = set(corpus.provinces["province"])
    assert {r.province for r in regencies} == provinces  # every province has regencies, none outside the list
    assert all(
        r.admin_unit == f"{'Kota' if r.admin_unit_type == 'kota' else 'Kabupaten'} {r.name}"
        for r in regencies
    )
    assert len(corpus.regencies) == len(regencies)  # loaded and validated with the corpus (exported too)


def test_source_and_licence_are_noted_beside_the_data():
    note = (DATA_DIR / "codebook/regencies.md").read_text(encoding="utf-8")
    assert "idn-area-data" in note and "4.0.1" in note and "ODbL" in note and "300.2.2-2L38" in note
    with (DATA_DIR / "codebook/regencies.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["code", "admin_unit", "admin_unit_type", "name", "province"]


def test_lookup_tells_a_kota_from_the_kabupaten_of_the_same_name():
    assert lookup(DATA_DIR, "kota", "Semarang").admin_unit == "Kota Semarang"
    assert lookup(DATA_DIR, "Kab.", "semarang").admin_unit == "Kabupaten Semarang"
    assert lookup(DATA_DIR, "kota", "Jombang").admin_unit == "Kabupaten Jombang"  # no Kota Jombang exists
    assert lookup(DATA_DIR, "kota", "Atlantis") is None


def test_the_bundled_studies_admin_unit_type_and_province_come_out_right(corpus):
    for study in corpus.studies.itertuples():
        text = corpus.source_text(study.study_id)
        found = {s.field: s.value for s in suggest_metadata(text, DATA_DIR)}
        assert (found["admin_unit"], found["admin_unit_type"], found["province"]) == (
            study.admin_unit,
            study.admin_unit_type,
            study.province,
        ), study.study_id
        assert found["level"] == study.level, study.study_id
