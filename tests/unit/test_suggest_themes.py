"""Theme decisions of the suggestion lexicon: a word out of place gives no theme, real vocabulary gives the
right one (our own example sentences, Bahasa Indonesia and English)."""

from __future__ import annotations

import pytest
from helpers import RESULTS_EN, RESULTS_ID, themes

from studykit.coding.cues import build_lexicon, find, tokens


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        # a stem shared with an unrelated word
        (RESULTS_EN + "the integration of the two registers was weak.", "T06"),  # not integrity
        (RESULTS_EN + "the second component has not been executed.", "T08"),  # not the executive
        (RESULTS_ID + "program ini belum diaplikasikan secara merata.", "T05"),  # not an application
        (RESULTS_ID + "warga terdampak banjir belum tertangani dengan baik.", "T15"),  # affected, no impact
        (RESULTS_ID + "kader selalu membantu warga.", "T16"),  # helping, no aid
        (RESULTS_ID + "keluarga berpenghasilan rendah sulit mengakses layanan.", "T15"),  # income, no result
        (RESULTS_ID + "selanjutnya warga kurang hadir dalam rapat.", "T13"),  # 'further', no continuity
        # who receives is not what is delivered
        (RESULTS_ID + "penerima bantuan merasa malu saat pengambilan.", "T16"),
        (RESULTS_EN + "recipients of social assistance felt ashamed at the pick-up point.", "T16"),
        # fit to needs is no conformity with the rules
        (RESULTS_EN + "the houses built were not in accordance with the needs of residents.", "T14"),
        # a neighbourhood is no socio-economic environment; a programme field is no participation
        (RESULTS_ID + "warga di lingkungan RT 05 belum menerima kartu.", "T12"),
        (RESULTS_EN + "community empowerment in the village has not gone well.", "T09"),
        # a goal is attained or not: no programme design
        (RESULTS_EN + "the objectives of the housing scheme were not met.", "T02"),
    ],
)
def test_a_word_out_of_place_gives_no_theme(lexicon, sentence, wrong):
    assert wrong not in themes(sentence, lexicon)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        (RESULTS_EN + "the programme has been running well in the district.", "T15"),
        (RESULTS_EN + "community knowledge about the grant scheme is limited.", "T10"),
        (RESULTS_EN + "the behaviour of beneficiaries who misuse the cash is a barrier.", "T10"),
        (RESULTS_EN + "the poor attitude of the implementors hampered the service.", "T06"),
        (RESULTS_EN + "the bureaucracy structure is weak.", "T07"),
        (RESULTS_EN + "many households have become dependent on social assistance.", "T15"),
        (RESULTS_EN + "the district has achieved its objectives.", "T15"),
        (RESULTS_ID + "dukungan bupati sangat kuat bagi program ini.", "T08"),
        (RESULTS_ID + "pencapaian tujuan program masih rendah.", "T15"),
        (RESULTS_EN + "the quality of the rice distributed was low.", "T16"),
        (RESULTS_ID + "kondisi lingkungan sosial masyarakat kurang mendukung.", "T12"),
        (RESULTS_ID + "masih terjadi pungli dalam penyaluran beras.", "T06"),
        (RESULTS_ID + "pelaksanaan program di tingkat kelurahan belum sukses.", "T15"),
        (RESULTS_EN + "the role of the village government in the selection is limited.", "T07"),
        (RESULTS_EN + "the programme was carried out in accordance with the needs of residents.", "T15"),
        (RESULTS_ID + "hubungan antar organisasi pelaksana masih lemah.", "T01"),
    ],
)
def test_real_vocabulary_names_its_theme(lexicon, sentence, theme):
    assert theme in themes(sentence, lexicon)


def test_dependency_on_aid_is_an_outcome_not_public_acceptance(lexicon):
    found = themes(RESULTS_EN + "many households have become dependent on social assistance.", lexicon)
    assert "T10" not in found and "T16" not in found


@pytest.mark.parametrize(
    "sentence",
    [
        RESULTS_EN + "the district has achieved the program objectives.",
        RESULTS_ID + "pencapaian tujuan program masih rendah.",
    ],
)
def test_the_object_of_goal_attainment_is_no_programme_design(lexicon, sentence):
    found = themes(sentence, lexicon)
    assert "T15" in found and "T02" not in found


def test_a_not_phrase_claims_its_words_and_a_theme_literal_word_matches_as_written():
    extra = {
        "themes": {"T16": {"en": ["assistance"], "not": {"en": ["recipients of assistance"]}}},
        "types": {},
        "positive": {},
        "negative": {},
    }
    lex = build_lexicon({"T16": [], "T15": ["dampak"]}, extra)
    en = lex.group("en", "themes")
    assert find(en, tokens("recipients of assistance", 0, 24, "en")) == []
    assert [c.group for c, _ in find(en, tokens("more assistance", 0, 15, "en"))] == ["T16"]
    text = "terdampak"
    assert [c.group for c, _ in find(lex.group("id", "themes"), tokens(text, 0, len(text), "id"))] == ["T15"]
    extra["themes"]["T15"] = {"literal": ["dampak"]}
    lex = build_lexicon({"T16": [], "T15": ["dampak"]}, extra)
    assert find(lex.group("id", "themes"), tokens(text, 0, len(text), "id")) == []
    text = "dampaknya"
    assert [c.group for c, _ in find(lex.group("id", "themes"), tokens(text, 0, len(text), "id"))] == ["T15"]
