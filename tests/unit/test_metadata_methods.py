"""The study's method and data-collection techniques suggested from its own method statement, in either
language, with the sentence they were read from; negated methods and other studies' methods never."""

from studykit.coding.metadata import suggest_metadata
from studykit.paths import DATA_DIR


def _method(text):
    found = suggest_metadata(text, DATA_DIR)
    method = [s for s in found if s.field == "method"]
    techniques = [s.value for s in found if s.field == "data_collection"]
    for s in found:
        assert text[s.start : s.end] in s.evidence and s.evidence in text, s
    return (method[0].value if method else None), techniques


def test_an_indonesian_method_statement():
    text = (
        "Implementasi Program Keluarga Harapan di Kota Malang. Metode penelitian adalah kualitatif "
        "deskriptif dengan wawancara mendalam, observasi dan dokumentasi. Informan dipilih secara purposive."
    )
    method, techniques = _method(text)
    assert method == "kualitatif deskriptif"
    assert techniques == ["wawancara mendalam", "observasi", "dokumentasi"]
    [s] = [s for s in suggest_metadata(text, DATA_DIR) if s.field == "method"]
    assert s.evidence.startswith("Metode penelitian adalah") and text[s.start : s.end] == s.value


def test_an_english_method_statement_and_fgd():
    method, techniques = _method(
        "This qualitative study used in-depth interviews, observation and document analysis. "
        "Data were also collected through focus group discussions with beneficiaries."
    )
    assert method == "qualitative"
    assert techniques == [
        "in-depth interviews",
        "observation",
        "document analysis",
        "focus group discussions",
    ]
    assert _method("Penelitian ini menggunakan pendekatan studi kasus. Data dikumpulkan melalui FGD.") == (
        "pendekatan studi kasus",
        ["FGD"],
    )
    assert _method("We used a mixed methods design; data were gathered by a household survey.") == (
        "mixed methods design",
        ["household survey"],
    )


def test_a_study_that_examines_or_explores_states_its_method_too():
    """ "This qualitative case study examines how …": the method of a 50th study typed in English went
    unsuggested, since only "uses", "used", "employs" … made a sentence a method statement."""
    for verb in ("examines", "explored", "analyses", "investigated", "describes"):
        method, _ = _method(
            f"This qualitative case study {verb} how the cash transfer programme was implemented in Kupang."
        )
        assert method == "qualitative case study", verb
    assert _method("This programme examines poverty in a qualitative way.") == (None, [])


def test_a_bilingual_abstract_names_each_method_and_technique_once_as_written_first():
    method, techniques = _method(
        "Penelitian ini merupakan penelitian kualitatif. Teknik pengumpulan data adalah wawancara dan "
        "observasi.\n\nThis research is a qualitative research. Data were collected by interviews, "
        "observation and a questionnaire."
    )
    assert method == "kualitatif"
    assert techniques == ["wawancara", "observasi", "questionnaire"]
    mixed = _method("Metode penelitian kualitatif with in-depth interviews dan studi dokumentasi.")
    assert mixed == ("kualitatif", ["in-depth interviews", "studi dokumentasi"])


def test_negated_and_other_studies_methods_do_not_count():
    assert _method("Penelitian ini tidak menggunakan metode survei maupun kuesioner.") == (None, [])
    assert _method("This study does not use a survey method or questionnaires.") == (None, [])
    method, techniques = _method(
        "Unlike survey studies, this qualitative study used in-depth interviews with ten informants."
    )
    assert method == "qualitative" and techniques == ["in-depth interviews"]
    method, techniques = _method(
        "Berbeda dengan penelitian sebelumnya yang memakai metode kuantitatif, penelitian ini menggunakan "
        "pendekatan kualitatif dengan wawancara."
    )
    assert method == "pendekatan kualitatif" and techniques == ["wawancara"]
    assert _method("Penelitian terdahulu menggunakan metode survei (Suharto, 2015).") == (None, [])
    cited = "Sebagaimana Rahman et al. menggunakan survei, penelitian ini memakai metode yang sama."
    assert _method(cited) == (None, [])  # "et al." ends no sentence: the survey is theirs
    assert _method("Penelitian ini bukan survei.") == (None, [])  # no statement of its method: nothing
    assert _method("Penelitian ini tidak memakai survei, melainkan metode studi kasus dengan wawancara.") == (
        "metode studi kasus",
        ["wawancara"],
    )


def test_no_method_statement_no_suggestion():
    for text in (
        "Hasil wawancara menunjukkan bahwa koordinasi lemah dan survei rumah tangga belum dilakukan.",
        "The interviews showed that the survey of households was late.",
        "Program ini menggunakan pendekatan pemberdayaan masyarakat.",
    ):
        assert _method(text) == (None, []), text


def test_the_bundled_studies_method_suggestions_agree_with_their_coding(corpus):
    agree = 0
    for study in corpus.studies.itertuples():
        method, techniques = _method(corpus.source_text(study.study_id))
        assert method is not None, study.study_id
        coded = {w for w in study.method.replace(",", " ").split()}
        assert set(method.replace(",", " ").split()) - {"metode", "pendekatan", "penelitian"} <= coded
        assert all(t.split()[0] in " ".join(study.data_collection) for t in techniques), study.study_id
        agree += method == study.method
    assert agree >= 4


def test_a_survey_is_a_method_where_it_is_called_one_else_a_technique():
    assert _method("Penelitian ini menggunakan metode survei dengan kuesioner.") == (
        "metode survei",
        ["kuesioner"],
    )
    assert _method("Metode yang digunakan adalah survei dengan kuesioner.") == (None, ["survei", "kuesioner"])


def test_the_other_metadata_suggestions_do_not_depend_on_the_method_statement(corpus):
    from studykit.coding.methods import statements

    for study in corpus.studies.itertuples():
        text = corpus.source_text(study.study_id)
        blanked = text
        for s in statements(text):  # the method statements blanked, every other character where it was
            blanked = blanked[: s.start] + " " * (s.end - s.start) + blanked[s.end :]
        assert blanked != text, study.study_id
        others = [s for s in suggest_metadata(text, DATA_DIR) if s.field not in ("method", "data_collection")]
        without = [
            s for s in suggest_metadata(blanked, DATA_DIR) if s.field not in ("method", "data_collection")
        ]
        assert [(s.field, s.value, s.start) for s in others] == [(s.field, s.value, s.start) for s in without]


def _sampling(text):
    found = [s for s in suggest_metadata(text, DATA_DIR) if s.field == "sampling"]
    for s in found:
        assert text[s.start : s.end] in s.evidence and s.evidence in text, s
    return found[0].value if found else None


def test_a_method_stated_over_two_sentences_is_joined_but_not_with_a_later_one():
    text = (
        "Jenis penelitian ini adalah penelitian deskriptif yang memaparkan fakta. Analisis data dilakukan "
        "dengan pendekatan kualitatif. Hasil penelitian menunjukkan koordinasi lemah."
    )
    assert _method(text)[0] == "deskriptif, pendekatan kualitatif"
    [s] = [s for s in suggest_metadata(text, DATA_DIR) if s.field == "method"]
    assert s.evidence.startswith("Jenis penelitian") and s.evidence.endswith("pendekatan kualitatif.")
    apart = (
        "Penelitian ini merupakan penelitian kualitatif. Hasil menunjukkan koordinasi lemah. Penelitian "
        "selanjutnya disarankan memakai pendekatan kuantitatif."
    )
    assert _method(apart)[0] == "kualitatif"


def test_the_sampling_technique_is_suggested_as_written_in_either_language():
    assert _sampling("Informan dipilih secara purposive dan snowball sampling.") == (
        "purposive dan snowball sampling"
    )
    assert _sampling("Sampel diambil secara acak sederhana dari 120 rumah tangga.") == "secara acak sederhana"
    assert _sampling("Respondents were selected using stratified random sampling and quota sampling.") == (
        "stratified random sampling and quota sampling"
    )
    assert _sampling("Informants were selected purposively among village officials.") == "purposively"
    assert _sampling("Penentuan informan menggunakan teknik snowball.") == "teknik snowball"
    # the first sentence that names one; the other half of a ";" is another statement
    assert _sampling(
        "We used purposive sampling to select 12 informants; a survey used simple random sampling."
    ) == ("purposive sampling")


def test_no_sampling_without_a_named_technique_nor_from_negated_or_others_parts():
    for text in (
        "Bantuan dibagikan secara acak kepada warga.",
        "Efek bola salju membuat program meluas ke desa lain.",
        "The snowball effect spread the programme.",
        "Informan adalah pejabat yang dianggap berkompeten.",  # a statement, but no technique named
        "Penelitian terdahulu memakai purposive sampling (Ahmad, 2019).",
        "This study did not use random sampling.",
    ):
        assert _sampling(text) is None, text
    assert _sampling("Penelitian ini tidak memakai random sampling, melainkan purposive sampling.") == (
        "purposive sampling"
    )


def test_the_bundled_studies_sampling_suggestions_agree_with_their_coding(corpus):
    said = 0
    for study in corpus.studies.itertuples():
        value = _sampling(corpus.source_text(study.study_id))
        assert value is None or value == study.sampling, study.study_id
        said += value is not None
    assert said >= 1


def test_a_sentence_of_many_negated_parts_keeps_each_part_apart():
    """One sentence of thousands of "but not" parts (how long it takes at 1 MB is measured in
    benchmarks/bench_hostile.py, no timing here): each negated technique stays out, the last part counts."""
    from studykit.coding.methods import data_collection, statements

    text = "Metode penelitian " + "kualitatif tetapi tidak wawancara " * 2_000 + "tetapi dengan observasi."
    found = statements(text)
    techniques = [words for words, *_ in data_collection(text)]
    assert len(found) == 1 and techniques == ["observasi"]  # each "wawancara" negated, the last part not


def test_a_parenthesis_never_closed_is_no_citation():
    """One "(" and many years after it, never closed, is not a citation (its cost at 1 MB: bench_hostile)."""
    from studykit.coding.methods import statements

    text = "Metode penelitian kualitatif dengan wawancara (" + "tahun 2020 kata " * 2_000 + "."
    found = statements(text)
    assert [t.concept for t in found[0].techniques] == ["interview"]
    cited = "Metode penelitian ini memakai survei (Suharto 2015) dan wawancara."
    assert statements(cited) == []  # a closed citation still makes its clause another study's
