"""Metadata suggestions from the source text, each with the span it came from."""

import json

from helpers import invoke_studykit

from studykit.coding.metadata import suggest_metadata
from studykit.paths import DATA_DIR


def test_every_suggestion_is_its_evidence_span_of_the_text(corpus):
    for study in corpus.studies.itertuples():
        text = corpus.source_text(study.study_id)
        suggestions = suggest_metadata(text, DATA_DIR)
        assert suggestions, study.study_id
        for s in suggestions:
            assert text[s.start : s.end] in s.evidence, (study.study_id, s)
            assert s.evidence in text


def test_programme_acronym_and_framework_agree_with_the_coded_studies(corpus):
    checked = 0
    for study in corpus.studies.itertuples():
        found = suggest_metadata(corpus.source_text(study.study_id), DATA_DIR)
        values = {s.field: s.value for s in found}
        if "programme_acronym" in values:
            assert values["programme_acronym"] == study.programme_acronym, study.study_id
            assert values["programme_name"] == study.programme_name, study.study_id
            checked += 1
        declared = sorted(s.value for s in found if s.field == "frameworks_declared")
        assert declared == sorted(study.frameworks_declared), study.study_id
    assert checked >= len(corpus.studies) // 2


def test_no_place_no_place_suggestion():
    found = suggest_metadata("Program Bantuan Langsung (BLT) di sebuah desa. Copyright © 2019", DATA_DIR)
    fields = {s.field: s.value for s in found}
    assert "admin_unit" not in fields
    assert fields["programme_acronym"] == "BLT" and fields["source.year"] == 2019


def test_cli_prints_field_value_span_evidence_as_json(corpus):
    study_id = corpus.study_ids[0]
    result = invoke_studykit("suggest", study_id, "--metadata", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(list(r) == ["field", "value", "start", "end", "evidence"] for r in rows)
    text = corpus.source_text(study_id)
    assert all(text[r["start"] : r["end"]] in r["evidence"] for r in rows)
    table = invoke_studykit("suggest", study_id, "--metadata")
    assert table.returncode == 0 and "admin_unit" in table.stdout


def test_a_place_followed_by_punctuation_is_written_without_it():
    text = (
        "Implementasi Program Bantuan Pangan (BPNT) di Kota Malang. Dana terbatas di Kota Malang, Jawa Timur."
    )
    found = {s.field: s for s in suggest_metadata(text, DATA_DIR)}
    assert found["city_as_written"].value == "Kota Malang" and found["province"].value == "Jawa Timur"
    assert text[found["city_as_written"].start : found["city_as_written"].end] == "Kota Malang"


def test_filling_takes_the_first_value_of_a_field_every_framework_and_never_a_set_one():
    from studykit.coding.metafill import fill, shape_problems
    from studykit.coding.studyfile import load

    text = (
        "Program Bantuan Langsung (BLT) dan Program Kota Sehat (PKS) di Kota Malang dan Kota Batu, "
        "model Edwards III dan Grindle. Copyright © 2019"
    )
    found = suggest_metadata(text, DATA_DIR)
    document = load(
        "study_id: x\nadmin_unit: null\nprogramme_acronym: XYZ\nframeworks_declared: []\n"
        "source:\n  year: null\n"
    )
    assert shape_problems(document, found, "x.yaml") == []
    done = fill(document, found)
    first = {}
    for s in found:
        first.setdefault(s.field, s.value)
    assert document["admin_unit"] == first["admin_unit"]
    assert document["source"]["year"] == 2019
    assert sorted(document["frameworks_declared"]) == sorted(
        s.value for s in found if s.field == "frameworks_declared"
    )
    assert len(document["frameworks_declared"]) == 2
    assert document["programme_acronym"] == "XYZ" and ("programme_acronym", "XYZ", "BLT") in done.kept


def test_a_field_without_a_section_to_go_into_is_a_problem_named_by_its_field():
    from studykit.coding.metafill import shape_problems
    from studykit.coding.studyfile import load

    found = suggest_metadata("Program Bantuan Langsung (BLT) di Kota Malang. Copyright © 2019", DATA_DIR)
    [problem] = shape_problems(load("study_id: x\nsource: hello\n"), found, "x.yaml")
    assert problem.field == "source" and problem.file == "x.yaml"
    assert shape_problems(load("- a list\n"), found, "x.yaml")


def test_a_programme_name_wrapped_across_lines_of_a_pdf_copy_is_suggested_whole():
    """A PDF copy wraps "… implementasi Program\\nPemberdayaan Ekonomi Keluarga Miskin (PEKM)": no name was
    suggested (a name stopped at a line break); a word hyphenated at the wrap is whole in the name."""
    for text, name in (
        (
            "Penelitian ini bertujuan untuk mendeskripsikan implementasi Program\n"
            "Pemberdayaan Ekonomi Keluarga Miskin (PEKM) di Kota Pekalongan dan faktor-faktor\n"
            "yang mempengaruhinya secara rinci dan mendalam pada tahun anggaran 2021.\n",
            "Program Pemberdayaan Ekonomi Keluarga Miskin",
        ),
        (
            "Penelitian ini bertujuan untuk mendeskripsikan implementasi Program Pember-\n"
            "dayaan Ekonomi Keluarga Miskin (PEKM) di Kota Pekalongan dan faktor-faktor\n"
            "yang mempengaruhinya secara rinci dan mendalam pada tahun anggaran 2021.\n",
            "Program Pemberdayaan Ekonomi Keluarga Miskin",
        ),
    ):
        found = {s.field: s for s in suggest_metadata(text, DATA_DIR)}
        assert found["programme_name"].value == name
        assert found["programme_acronym"].value == "PEKM"
        assert found["programme_name"].evidence in text


def test_a_hyphenated_acronym_and_a_name_the_title_calls_a_program_are_suggested():
    """Walk 15: a BLT-DD abstract got no programme name nor acronym: `BLT-DD` was no acronym (a hyphen), and
    the abstract names it without "Program" (its title has it). Words before an acronym that the text calls a
    Program elsewhere are a programme's; an institution's (`Badan Permusyawaratan Desa (BPD)`) are not."""
    title = "Implementasi Program Bantuan Langsung Tunai Dana Desa di Desa Kedungrandu\n\n"
    for text in (
        "Implementasi Program Bantuan Langsung Tunai Dana Desa (BLT-DD) di Desa Kedungrandu.",
        title + "Penelitian ini menganalisis implementasi Bantuan Langsung Tunai Dana Desa (BLT-DD).",
    ):
        found = {s.field: s for s in suggest_metadata(text, DATA_DIR)}
        assert found["programme_name"].value == "Program Bantuan Langsung Tunai Dana Desa", text
        assert found["programme_acronym"].value == "BLT-DD"
        for s in found.values():
            assert text[s.start : s.end] in s.evidence and s.evidence in text
    text = title + "Dukungan Badan Permusyawaratan Desa (BPD) membantu verifikasi."
    assert "programme_acronym" not in {s.field for s in suggest_metadata(text, DATA_DIR)}
