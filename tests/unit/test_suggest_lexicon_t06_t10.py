"""Lexicon cues of themes T06–T10 added in session 6 (issue 21): our own example sentences, Bahasa Indonesia
and English."""

from __future__ import annotations

import pytest
from helpers import RESULTS_EN, RESULTS_ID, themes


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # T06: implementers' discretion and misuse of their office
        (RESULTS_EN + "the misuse of authority by some officials slowed the distribution.", "T06"),
        (RESULTS_ID + "penyalahgunaan wewenang oleh oknum aparat menghambat penyaluran.", "T06"),
        (RESULTS_ID + "diskresi petugas lapangan menimbulkan masalah.", "T06"),
        (RESULTS_ID + "kepedulian pemerintah kelurahan masih rendah.", "T06"),
        # T07: control, coordination among stakeholders, administrative burden, the distribution chain
        (RESULTS_ID + "penggunaan dana belum terkontrol dengan baik.", "T07"),
        (RESULTS_EN + "weak coordination among the stakeholders hampered the programme.", "T07"),
        (RESULTS_EN + "the administrative burden hampered the village officials.", "T07"),
        (RESULTS_ID + "rantai distribusi yang panjang menghambat penyaluran beras.", "T07"),
        (RESULTS_ID + "faktor pendukung program adalah kekompakan antar dinas.", "T07"),
        # T08: the village head's domination, the actors' power, government support
        (RESULTS_EN + "village head domination weakened the village team.", "T08"),
        (RESULTS_ID + "kekuasaan para aktor kebijakan menjadi faktor pendukung.", "T08"),
        # T09: community leaders and residents' meetings
        (RESULTS_EN + "community leaders helped to settle the disputes.", "T09"),
        (RESULTS_ID + "pertemuan warga jarang diadakan oleh pemerintah desa.", "T09"),
        # T10: the community's support, rejection, protest, hoaxes, interest, misuse of aid by recipients
        (RESULTS_ID + "kurangnya dukungan masyarakat menghambat program.", "T10"),
        (RESULTS_ID + "penolakan warga menghambat pendataan ulang.", "T10"),
        (RESULTS_EN + "protests by residents who were left out disrupted the distribution.", "T10"),
        (RESULTS_EN + "hoaxes about the programme hampered the distribution.", "T10"),
        (RESULTS_ID + "tingginya minat masyarakat mendukung keberhasilan program.", "T10"),
        (RESULTS_EN + "the misuse of the aid by some families remains a problem.", "T10"),
    ],
)
def test_theme_is_suggested(lexicon, sentence: str, theme: str) -> None:
    assert theme in themes(sentence, lexicon)


@pytest.mark.parametrize(
    ("sentence", "right", "wrong"),
    [
        # motivation, discipline and participation of beneficiaries are their compliance (T10)
        (RESULTS_ID + "kedisiplinan peserta mengikuti pertemuan masih rendah.", "T10", "T06"),
        (RESULTS_EN + "many beneficiaries have no motivation to develop their business.", "T10", "T06"),
        (RESULTS_EN + "low participation of KPM in the monthly meetings hampered it.", "T10", "T09"),
        # of implementers, disposition (T06); of the community, participation (T09)
        (RESULTS_EN + "the motivation of the officers was low.", "T06", "T10"),
        (RESULTS_ID + "partisipasi masyarakat dalam musyawarah masih rendah.", "T09", "T10"),
        # the government's involvement is no community participation
        (RESULTS_EN + "limited village government involvement weakened supervision.", "T07", "T09"),
    ],
)
def test_theme_by_whose_words(lexicon, sentence: str, right: str, wrong: str) -> None:
    got = themes(sentence, lexicon)
    assert right in got and wrong not in got
