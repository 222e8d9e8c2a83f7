"""Theme decisions that need a word's neighbours or the translator-English of Indonesian abstracts (issue 21,
session 4): our own example sentences, Bahasa Indonesia and English."""

from __future__ import annotations

import pytest
from helpers import RESULTS_EN, RESULTS_ID, themes

from studykit.coding import suggest as sg


def found(text: str, lexicon) -> set[tuple[str, str]]:
    return {
        (c.finding_type, c.theme_id) for c in sg.suggest_text(text, lexicon) if c.finding_type != "context"
    }


@pytest.mark.parametrize(
    ("sentence", "right", "wrong"),
    [
        # training of staff is implementer capacity (T03); of beneficiaries, what the programme delivers (T16)
        (RESULTS_EN + "the training of village officials was insufficient.", "T03", "T16"),
        (RESULTS_ID + "pelatihan bagi pendamping belum memadai.", "T03", "T16"),
        # facilities among the implementers' resources are operational (T05); built for residents, T16
        (RESULTS_EN + "staff, budget and facilities and infrastructure are limited.", "T05", "T16"),
        # a word that only says what another theme's word is about names no theme of its own
        (RESULTS_ID + "sosialisasi program bantuan kepada warga masih kurang.", "T01", "T16"),
        (RESULTS_EN + "the lack of funds for training hampered the programme.", "T04", "T16"),
        (RESULTS_EN + "the poor facilitator commitment hampered the programme.", "T06", "T03"),
        (
            RESULTS_ID + "kurangnya pemahaman petugas terhadap tujuan kebijakan menghambat penyaluran.",
            "T06",
            "T02",
        ),
        # a property word (clarity) gives way to what it qualifies; a subject before its verb is no modifier
        (RESULTS_ID + "belum ada kejelasan pembagian kewenangan antar dinas.", "T07", "T01"),
        # knowing about a goal is no attainment of it (the corpus's learned cue "tujuan")
        (RESULTS_ID + "pengetahuan warga tentang tujuan bantuan masih rendah.", "T10", "T15"),
        # timeliness is conformity with the timetable, as "tepat waktu" is
        (RESULTS_EN + "the distribution was effective in terms of timeliness.", "T14", "T05"),
        (RESULTS_ID + "penyaluran sudah efektif pada indikator ketepatan waktu.", "T14", "T05"),
        # the head of a noun phrase is the theme: a stage of planning is about the stages
        (RESULTS_ID + "tahapan perencanaan belum berjalan dengan baik.", "T14", "T02"),
        # adjusting to the technical guidelines is conformity (T14), not programme design
        (RESULTS_ID + "pelaksanaan kegiatan menyesuaikan petunjuk teknis dengan baik.", "T14", "T02"),
        # the function of aid is what the awareness is about
        (RESULTS_ID + "kesadaran masyarakat mengenai fungsi bantuan masih kurang.", "T10", "T16"),
    ],
)
def test_a_word_names_the_theme_its_neighbours_give_it(lexicon, sentence, right, wrong):
    got = themes(sentence, lexicon)
    assert right in got and wrong not in got


def test_the_sense_stays_where_the_neighbours_say_so(lexicon):
    """Guards of the two senses above: beneficiaries' training and infrastructure built stay T16."""
    assert themes(RESULTS_EN + "the skills training for residents was inadequate.", lexicon) == {"T16"}
    built = themes(
        RESULTS_ID + "pembangunan infrastruktur jalan dengan anggaran desa belum selesai.", lexicon
    )
    assert "T16" in built and "T05" not in built
    # a subject followed by its verb: both are named ("peminjam menganggap")
    assert {"T10", "T16"} <= themes(
        RESULTS_ID + "sebagian peminjam menganggap kredit sebagai hibah sehingga pengembalian rendah.",
        lexicon,
    )
    # and the staff's own training in the same words is T03 (fails without the senses)
    assert themes(RESULTS_EN + "the skills training for facilitators was inadequate.", lexicon) == {"T03"}


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        # stems shared with an unrelated word
        (RESULTS_EN + "the district office facilitated three meetings in a row and it went well.", "T03"),
        (RESULTS_ID + "kegiatan difasilitasi oleh dinas dengan baik.", "T05"),
        (RESULTS_ID + "tugas pokok dinas sosial belum jelas.", "T03"),
        (RESULTS_EN + "the agencies involved did not coordinate well.", "T09"),
        (RESULTS_EN + "the programme officially started late.", "T03"),
        # the programme's own acronym names the programme, not a benefit
        (RESULTS_ID + "warga penerima BLT merasa malu saat pengambilan.", "T16"),
        # stems shared with an unrelated word: implementers/implementation, petunjuk/menunjukan,
        # prosperous/prosperity
        (RESULTS_ID + "kualitas pelaksanaan program masih rendah.", "T03"),
        ("Hasil penelitian menunjukan pelaksanaan program belum optimal.", "T02"),
        (
            RESULTS_EN
            + "the lack of awareness of families to become a prosperous family hampered graduation.",
            "T12",
        ),
        # a programme named by its kind is the programme
        (RESULTS_EN + "the implementation of regional non-cash food assistance has not been optimal.", "T16"),
    ],
)
def test_a_word_out_of_place_gives_no_theme(lexicon, sentence, wrong):
    assert wrong not in themes(sentence, lexicon)


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        # Indonesian terms kept in English abstracts
        (RESULTS_EN + "the BKM and the KSM were not active.", ("barrier", "T09")),
        (RESULTS_EN + "the role of the Village Consultative Body was weak.", ("barrier", "T09")),
        (RESULTS_EN + "the number of PKH companions is limited.", ("barrier", "T03")),
        (RESULTS_EN + "the synergy of the stakeholders was good.", ("enabler", "T07")),
        (RESULTS_EN + "socializing the programme to residents was hampered.", ("barrier", "T01")),
        (RESULTS_EN + "many residents were unaware of the programme, which hampered it.", ("barrier", "T10")),
        # an evaluated noun: "low commitment" is a barrier, not a positive and a negative word cancelling out
        (RESULTS_EN + "the low commitment of the implementers was evident.", ("barrier", "T06")),
        (RESULTS_ID + "komitmen aparat desa masih rendah.", ("barrier", "T06")),
        (RESULTS_EN + "there is a lack of transparency among implementers.", ("barrier", "T06")),
        # translator-English "less" is Indonesian "kurang": it negates
        (RESULTS_EN + "the socialization was less optimal.", ("barrier", "T01")),
        (RESULTS_ID + "kegiatan tersebut kini sudah tidak berlanjut.", ("barrier", "T13")),
        ("Program tersebut perlu dilanjutkan oleh pemerintah desa.", ("recommendation", "T13")),
        (RESULTS_EN + "the EDC machines often experienced errors.", ("barrier", "T05")),
        (RESULTS_EN + "KPM already understood the programme well.", ("enabler", "T10")),
        (
            RESULTS_ID + "rendahnya penghasilan warga dan ketiadaan lahan menghambat program.",
            ("barrier", "T12"),
        ),
        ("Pemerintah desa perlu memberikan arahan kepada warga.", ("recommendation", "T01")),
        (RESULTS_ID + "kualitas kerja pelaksana program tidak maksimal.", ("barrier", "T03")),
        (RESULTS_ID + "alokasi beras masih terbatas.", ("barrier", "T04")),
    ],
)
def test_general_vocabulary_and_valence_of_both_languages(lexicon, sentence, unit):
    assert unit in found(sentence, lexicon)


def test_understanding_is_whose_and_facilities_are_whose(lexicon):
    """Understanding of implementers is their disposition (cognition, VMVH V6), of the public T10; facilities
    and infrastructure are operational (T05) unless the programme builds them (T16)."""
    by_implementers = themes(
        RESULTS_EN + "the understanding of the program by implementers was low.", lexicon
    )
    assert "T06" in by_implementers and "T10" not in by_implementers
    by_people = themes(
        RESULTS_EN + "many people do not understand the implementation of the programme.", lexicon
    )
    assert "T10" in by_people and "T06" not in by_people
    assert themes(RESULTS_EN + "facilities and infrastructure were not optimal.", lexicon) == {"T05"}
    built = themes(RESULTS_EN + "the construction of facilities and infrastructure was delayed.", lexicon)
    assert "T16" in built and "T05" not in built


def test_commitment_of_beneficiaries_is_their_compliance(lexicon):
    """Commitments of beneficiaries (komitmen KPM) are target-group compliance, T10; implementers' T06. A
    literal word also matches in an English possessive (KPM's)."""
    beneficiaries = themes(
        RESULTS_EN + "KPM's lack of commitment in fulfilling obligations hampered the programme.", lexicon
    )
    assert "T10" in beneficiaries and "T06" not in beneficiaries
    assert "T06" in themes(RESULTS_EN + "the commitment of the implementers was low.", lexicon)
