"""A study's place is checked against the gazetteer (codebook/regencies.csv): an admin_unit it does not know
is refused with the names it may have meant, a type or province other than the gazetteer's is refused with
the gazetteer's; without a gazetteer file only the province is checked. Validate and the workbench's Save
run this one check (studykit.corpus.studychecks)."""

from __future__ import annotations

import pytest
from helpers import BENGKULU, replace_in

from studykit.corpus.advice import near
from studykit.corpus.load import validate_corpus
from studykit.corpus.places import Place, near_units

PURBAYAN = "studies/purbayan-p2kp.yaml"


def _problems(data_dir, study=BENGKULU):
    corpus, problems = validate_corpus(data_dir)
    assert corpus is None
    return [p for p in problems if p.file.endswith(study)]


def test_the_bundled_studies_agree_with_the_gazetteer(corpus):
    assert len(corpus.studies) == 5  # validated with the gazetteer: the fixture would have raised
    rows = corpus.regencies.set_index("admin_unit")
    for study in corpus.studies.itertuples():
        row = rows.loc[study.admin_unit]
        assert (row.admin_unit_type, row.province) == (study.admin_unit_type, study.province), study.study_id


def test_a_misspelt_admin_unit_is_refused_with_what_it_may_mean_in_both_languages(data_copy):
    replace_in(
        data_copy / PURBAYAN, "admin_unit: Kabupaten Sukoharjo\n", "admin_unit: Kabupaten Sukoharjoo\n"
    )
    [problem] = _problems(data_copy, PURBAYAN)
    assert (problem.field, problem.line) == ("admin_unit", 6)
    assert "'Kabupaten Sukoharjoo' is not a kota or kabupaten of codebook/regencies.csv" in problem.message
    assert "(did you mean 'Kabupaten Sukoharjo'" in problem.message
    indonesian = problem.text("id")
    assert "bukan kota atau kabupaten dalam codebook/regencies.csv (maksud Anda 'Kabupaten Sukoharjo'" in (
        indonesian
    )


@pytest.mark.parametrize(
    "written, kind, meant",
    [
        ("kota bengkulu", "kota", "Kota Bengkulu"),  # case
        ("Kab. Sukoharjo", "kabupaten", "Kabupaten Sukoharjo"),  # the short type word
        ("Kota Jakarta Selatan", "kota", "Kota Administrasi Jakarta Selatan"),  # Jakarta's official names
        ("Kabupaten Semarangg", "kabupaten", "Kabupaten Semarang"),  # a name both a kota and a kabupaten:
        ("Semarangg", "kota", "Kota Semarang"),  # without a type word, the study's type first
        ("kota kediri", "kabupaten", "Kota Kediri"),  # with one, the type it writes first
        ("Kabupaten Semarangg", "kota", "Kabupaten Semarang"),
    ],
)
def test_did_you_mean_compares_names_without_their_type_word(corpus, written, kind, meant):
    places = {
        r.admin_unit: Place(r.admin_unit_type, r.province, r.name) for r in corpus.regencies.itertuples()
    }
    assert near_units(written, kind, places).split(", ")[0] == repr(meant)


def test_near_is_the_one_did_you_mean_of_study_ids_and_places(data_copy):
    from studykit.coding.suggest import near_ids

    assert near("bengkulu-samisak", ["bengkulu-samisake", "jambi-bantar"]) == ["bengkulu-samisake"]
    assert near_ids("bengkulu-samisak", data_copy) == "'bengkulu-samisake'"
    assert near("Atlantis", ["Kota Bengkulu"]) == []


def test_a_type_or_province_other_than_the_gazetteers_is_refused_naming_the_gazetteers(data_copy):
    replace_in(data_copy / BENGKULU, "admin_unit_type: kota\n", "admin_unit_type: kabupaten\n")
    replace_in(data_copy / BENGKULU, "province: Bengkulu\n", "province: DI Yogyakarta\n")
    kind, province = _problems(data_copy)
    assert (kind.field, kind.line, province.field, province.line) == ("admin_unit_type", 7, "province", 8)
    assert "Kota Bengkulu is a kota in codebook/regencies.csv, not a kabupaten" in kind.message
    assert "write admin_unit_type: kota" in kind.message
    assert (
        "Kota Bengkulu lies in Bengkulu (codebook/regencies.csv), not in 'DI Yogyakarta'" in province.message
    )
    assert "tulis province: Bengkulu" in province.text("id") and "terletak di Bengkulu" in province.text("id")


def test_an_unknown_province_of_a_known_admin_unit_is_one_problem_naming_the_right_one(data_copy):
    replace_in(data_copy / BENGKULU, "province: Bengkulu\n", "province: Bengkulu Raya\n")
    [problem] = _problems(data_copy)
    assert "unknown province 'Bengkulu Raya'" in problem.message
    assert "Kota Bengkulu lies in Bengkulu" in problem.message


def test_a_desa_is_studied_under_its_kabupaten_never_as_the_admin_unit(data_copy):
    """level and locality say where below the kota/kabupaten a study looked (purbayan-p2kp: a desa of
    Kabupaten Sukoharjo, valid); the desa written as admin_unit is refused, saying where it goes."""
    replace_in(data_copy / PURBAYAN, "admin_unit: Kabupaten Sukoharjo\n", "admin_unit: Desa Purbayan\n")
    [problem] = _problems(data_copy, PURBAYAN)
    assert problem.field == "admin_unit" and "goes in locality, with its level" in problem.message


def test_without_a_gazetteer_file_only_the_province_is_checked(data_copy):
    (data_copy / "codebook/regencies.csv").unlink()
    replace_in(data_copy / BENGKULU, "admin_unit: Kota Bengkulu\n", "admin_unit: Kota Atlantis\n")
    corpus, problems = validate_corpus(data_copy)
    assert problems == [] and "Kota Atlantis" in set(corpus.studies["admin_unit"])
    replace_in(data_copy / BENGKULU, "province: Bengkulu\n", "province: Bengkulu Raya\n")
    [problem] = _problems(data_copy)
    assert problem.message.startswith("unknown province 'Bengkulu Raya'; use the official name")


def test_a_draft_is_checked_for_what_it_fills_in(data_copy):
    """A draft (fields still empty) passes with its admin_unit and nothing else of its place; a misspelt
    admin_unit makes it a problem, not a draft."""
    path = data_copy / BENGKULU
    replace_in(path, "admin_unit_type: kota\n", "admin_unit_type:\n")
    replace_in(path, "province: Bengkulu\n", "province:\n")
    corpus, problems = validate_corpus(data_copy)
    assert problems == [] and [d.study_id for d in corpus.drafts] == ["bengkulu-samisake"]
    replace_in(path, "admin_unit: Kota Bengkulu\n", "admin_unit: Kota Bengkuluu\n")
    [problem] = _problems(data_copy)
    assert problem.field == "admin_unit" and "did you mean 'Kota Bengkulu'" in problem.message


def test_synthetic_corpora_draw_real_places_and_come_out_the_same_bytes(tmp_path, monkeypatch):
    """The generator of the tests' and benchmarks' corpora (tests/helpers/synthetic.py) gives each copy a
    kota or kabupaten of the gazetteer, of its template's type, with its province: the corpus validates,
    and is byte for byte the same when generated again."""
    from helpers import synthetic

    monkeypatch.setattr(synthetic, "WORK", tmp_path / "first")
    first = synthetic.generate(26)
    corpus, problems = validate_corpus(first)
    assert problems == [] and len(corpus.studies) == 26
    rows = corpus.regencies.set_index("admin_unit")
    for study in corpus.studies.itertuples():
        row = rows.loc[study.admin_unit]
        assert (row.admin_unit_type, row.province) == (study.admin_unit_type, study.province), study.study_id
    assert corpus.studies["admin_unit"].nunique() == 26 and corpus.studies["province"].nunique() == 13
    monkeypatch.setattr(synthetic, "WORK", tmp_path / "second")
    second = synthetic.generate(26)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
