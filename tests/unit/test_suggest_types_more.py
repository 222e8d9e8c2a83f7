"""Finding types on the grammar of Indonesian and English (translated) abstracts: where the results begin,
what a size word measures, acts stated as done, duties done, programme names, ratings of a determinant. Our
own example sentences."""

from __future__ import annotations

import pytest
from helpers import kinds

from studykit.coding import suggest as sg
from studykit.coding.clauses import read
from studykit.coding.segment import front_matter


def test_not_yet_is_a_negation_not_a_contrast(lexicon):
    text = "The results show that the coordination between agencies has not yet been effective."
    found = sg.suggest_text(text, lexicon)
    assert {(c.finding_type, c.theme_id) for c in found} == {("barrier", "T07")}
    assert all("not yet been effective" in c.quote for c in found)
    # "yet" that opens a clause still cuts it
    text = (
        "The results show that the training was carried out, yet the participation of residents remained low."
    )
    clauses = [text[c.start : c.end] for c in read(text, lexicon).clauses]
    assert clauses[-1] == "the participation of residents remained low."
    assert ("barrier", "T09") in kinds(text, lexicon)


RESULTS_START = [  # (text, found, not found)
    (  # results stated after the aims and method, before a marker
        "Program bantuan sosial di desa ini dilaksanakan sejak tahun 2018. Penelitian ini bertujuan untuk "
        "mengetahui pelaksanaan program. Metode penelitian yang digunakan adalah deskriptif kualitatif. "
        "Pendamping sudah bekerja dengan baik. Kesimpulan penelitian ini adalah program perlu diperbaiki.",
        ("enabler", "T03"),
        None,
    ),
    (  # no marker at all: what comes before the method is background, what follows it is a result
        "Community participation in the province is high. This study used a qualitative method. "
        "The coordination between the village offices was good.",
        ("enabler", "T07"),
        ("enabler", "T09"),
    ),
    (  # no marker and no method: every sentence may be a result ("As a result" makes no background)
        "The coordination between the offices was good. As a result, the houses were repaired on time.",
        ("enabler", "T07"),
        None,
    ),
]


@pytest.mark.parametrize("text, found, absent", RESULTS_START)
def test_where_the_results_begin(text, found, absent, lexicon):
    got = kinds(text, lexicon)
    assert found in got and absent not in got


def test_a_size_word_takes_its_sign_from_what_it_measures(lexicon):
    for text in (
        "Hasil penelitian menunjukkan bahwa tingginya angka kemiskinan di desa membuat anggaran habis.",
        "The results show that the high number of poor families in the village requires a larger budget.",
        "Hasil penelitian menunjukkan bahwa beban kerja pendamping sangat tinggi.",
    ):
        found = kinds(text, lexicon)
        assert not any(t == "enabler" for t, _ in found), text
        assert any(t == "barrier" for t, _ in found), text
    # what helps stays an enabler when high; a goal of reducing poverty is no burden
    assert ("enabler", "T09") in kinds("The results show that community participation is high.", lexicon)
    text = "Hasil penelitian menunjukkan bahwa berkat penanggulangan kemiskinan partisipasi warga meningkat."
    assert ("enabler", "T09") in kinds(text, lexicon)


def test_an_act_stated_as_done_or_answering_a_problem_is_an_effort(lexicon):
    for text, theme in (
        ("The results show that the village government has conducted socialization to the community.", "T01"),
        (
            "Hasil penelitian menunjukkan bahwa pemerintah desa sudah melaksanakan sosialisasi kepada warga.",
            "T01",
        ),
        (
            "Hasil penelitian menunjukkan bahwa program berjalan dengan baik. Untuk mengatasi kendala "
            "tersebut, pemerintah desa melakukan pendataan ulang.",
            "T11",
        ),
    ):
        assert ("effort", theme) in kinds(text, lexicon), text
    # a programme's own goal is no effort
    text = "Program ini bertujuan untuk mengatasi kemiskinan di desa."
    assert not any(t == "effort" for t, _ in kinds(text, lexicon))


def test_doing_ones_own_duties_is_performance_not_an_effort(lexicon):
    found = kinds("The results show that all officers have carried out their respective duties.", lexicon)
    assert ("enabler", "T03") in found and not any(t == "effort" for t, _ in found)
    found = kinds(
        "Hasil penelitian menunjukkan bahwa pendamping telah melaksanakan tupoksi masing-masing.", lexicon
    )
    assert ("enabler", "T03") in found and not any(t == "effort" for t, _ in found)


def test_a_negator_in_a_programme_name_negates_nothing(lexicon):
    for text in (
        "The City Without Slums Program is implemented with funding from the private sector.",
        "Program Kota Tanpa Kumuh dilaksanakan dengan kemitraan bersama pihak swasta.",
    ):
        assert not any(t == "barrier" for t, _ in kinds(text, lexicon)), text


def test_a_factor_named_as_such_is_a_finding_before_the_results(lexicon):
    text = (
        "Program ini dimulai tahun 2019. Salah satu kunci kesuksesan program ini adalah partisipasi aktif "
        "warga. Penelitian ini menggunakan metode kualitatif. Hasil penelitian menunjukkan bahwa program "
        "berjalan baik."
    )
    assert ("enabler", "T09") in kinds(text, lexicon)


def test_running_well_rates_the_determinant_it_is_said_of(lexicon):
    text = "Hasil penelitian menunjukkan bahwa koordinasi antar dinas telah berjalan dengan baik."
    assert kinds(text, lexicon) == {("enabler", "T07")}


def test_a_purpose_phrase_ends_before_the_next_act_of_a_list(lexicon):
    text = (
        "Saran penelitian ini adalah pemerintah desa harus memperbarui data penerima agar bantuan tepat "
        "sasaran, melakukan sosialisasi kepada warga, dan menambah jumlah pendamping."
    )
    found = kinds(text, lexicon)
    assert {("recommendation", "T01"), ("recommendation", "T03")} <= found


def test_the_results_verb_names_no_guideline(lexicon):
    text = "Hasil penelitian menunjukan pelaksanaan program di desa belum berjalan dengan optimal."
    assert not any(theme == "T02" for _, theme in kinds(text, lexicon))


def test_a_sentence_that_opens_with_a_front_matter_word_is_read():
    for text in (
        "Diterimanya bantuan oleh warga berjalan baik.",
        "Acceptance of the aid by residents was high.",
    ):
        assert not front_matter(text, 0, len(text)), text
    for text in ("Diterima: 2 Mei 2020", "Accepted 3 June 2021", "© 2021 Jurnal Administrasi"):
        assert front_matter(text, 0, len(text)), text


def test_auxiliaries_do_not_count_toward_a_negators_reach(lexicon):
    # (the socialisation, not "the planning stage": a stage heads its noun phrase, a T14 outcome; senses.py)
    text = "The results show that the socialization has not been carried out properly."
    assert ("barrier", "T01") in kinds(text, lexicon) and ("enabler", "T01") not in kinds(text, lexicon)


def test_a_second_factor_head_opens_a_clause_of_its_own(lexicon):
    text = (
        "The results show that there are supporting factors, namely good coordination between offices and "
        "inhibiting factors, namely a limited budget."
    )
    assert kinds(text, lexicon) == {("enabler", "T07"), ("barrier", "T04")}
    found = sg.suggest_text(text, lexicon)
    assert [c.quote for c in found if c.finding_type == "barrier"] == [
        "inhibiting factors, namely a limited budget."
    ]


def test_an_aspect_goes_with_what_is_said_of_it(lexicon):
    text = (
        "The results show that the socialization went smoothly, the funds were limited, and in terms of the "
        "bureaucratic structure, the aid was channelled according to the rules."
    )
    found = kinds(text, lexicon)
    assert ("barrier", "T07") not in found and ("outcome", "T14") in found and ("barrier", "T04") in found


def test_what_the_target_group_understands_names_no_theme(lexicon):
    for text in (
        "Hasil penelitian menunjukkan kurangnya pemahaman warga penerima mengenai bantuan modal usaha.",
        "The results show a low awareness of the residents about the budget of the programme.",
    ):
        found = kinds(text, lexicon)
        assert ("barrier", "T10") in found and not any(theme in ("T04", "T16") for _, theme in found), text


def test_a_translated_background_half_gives_no_findings(lexicon):
    text = (
        "Program bantuan ini dimulai pada tahun 2019. Penelitian ini menggunakan metode kualitatif. Hasil "
        "penelitian menunjukkan bahwa koordinasi antar dinas berjalan dengan baik.\n\n"
        "Because of the pandemic, the government has tried to help poor families with cash transfers."
    )
    assert not any(t == "effort" for t, _ in kinds(text, lexicon))


def test_a_decrease_is_read_as_written_and_by_what_decreased(lexicon):
    text = "Hasil penelitian menunjukkan bahwa berkat padat karya jumlah pengangguran di desa berkurang."
    assert ("enabler", "T12") in kinds(text, lexicon)  # "berkurang" is no negator "kurang"
    text = "Hasil penelitian menunjukkan bahwa anggaran desa berkurang setiap tahun."
    assert ("barrier", "T04") in kinds(text, lexicon)


def test_a_rated_determinant_named_after_the_programme_word_is_rated_itself(lexicon):
    assert ("enabler", "T07") in kinds(
        "The results show that the program monitoring is running well.", lexicon
    )
    found = kinds("Hasil penelitian menunjukkan bahwa pelaksanaan sosialisasi berjalan dengan baik.", lexicon)
    assert ("enabler", "T01") in found
    # implementation as a whole, rated: an outcome
    found = kinds("Hasil penelitian menunjukkan bahwa pelaksanaan program berjalan dengan baik.", lexicon)
    assert found == {("outcome", "T15")}


def test_items_enumerated_after_a_recommendation_are_recommendations(lexicon):
    text = (
        "The results show that the programme ran well. The suggestion of this study is a) Improve the "
        "coordination between offices b) Increase the number of facilitators."
    )
    found = kinds(text, lexicon)
    assert {("recommendation", "T07"), ("recommendation", "T03")} <= found
    assert ("enabler", "T07") not in found and ("enabler", "T03") not in found
    # an item that goes on after a comma is still advice
    text = (
        "The results show that the programme ran well. The suggestion of this study is a) Improve the "
        "coordination between offices, by increasing the number of facilitators."
    )
    assert ("recommendation", "T03") in kinds(text, lexicon) and ("enabler", "T03") not in kinds(
        text, lexicon
    )


def test_advice_is_the_studys_own(lexicon):
    text = "The results show that the researchers propose that the village head supervises the distribution."
    assert ("recommendation", "T07") in kinds(text, lexicon)
    for text in (
        "Hasil penelitian menunjukkan bahwa pemerintah desa menampung saran masyarakat dalam musyawarah.",
        "Hasil penelitian menunjukkan bahwa peraturan desa mengharuskan pengurus mengadakan musyawarah.",
        "The results show that the facilitators guided the proposal writing of the community groups.",
    ):
        assert not any(t == "recommendation" for t, _ in kinds(text, lexicon)), text


def test_lack_of_negates_what_it_lacks(lexicon):
    text = "The results show the beneficiaries' lack of commitment in fulfilling their obligations."
    found = kinds(text, lexicon)
    assert ("barrier", "T10") in found and not any(t == "enabler" for t, _ in found)
