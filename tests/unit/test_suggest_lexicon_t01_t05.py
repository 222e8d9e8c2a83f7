"""Lexicon round of issue 21 (session 6) for themes T01-T05: synonyms and misleading words, in our own
sentences, Bahasa Indonesia and English."""

from __future__ import annotations

import pytest
from helpers import RESULTS_EN, RESULTS_ID, themes


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # T01: educating the public is outreach
        (RESULTS_ID + "edukasi kepada warga tentang program masih kurang.", "T01"),
        (RESULTS_EN + "public education about the scheme was still lacking.", "T01"),
        (RESULTS_ID + "jaringan komunikasi di kecamatan itu masih lemah.", "T01"),
        # T02: sanctions, the purpose and objectives, guides and strategy are what the programme prescribes
        (RESULTS_EN + "there are no sanctions for members who break the rules.", "T02"),
        (RESULTS_ID + "maksud dan tujuan program belum jelas bagi pelaksana.", "T02"),
        (RESULTS_ID + "setiap kecamatan memakai panduan yang berbeda sehingga menghambat penyaluran.", "T02"),
        (RESULTS_EN + "the scheme should be redesigned to fit local needs.", "T02"),
        # T03: managers of the groups and technical training of staff are implementer capacity
        (RESULTS_ID + "kemampuan pengurus kelompok dalam mengelola usaha masih rendah.", "T03"),
        (RESULTS_ID + "bimbingan teknis bagi operator desa belum memadai.", "T03"),
        # T04: financial resources written as one word, accountability letters, loan instalments
        (RESULTS_ID + "sumberdaya finansial yang tersedia sudah memadai.", "T04"),
        (RESULTS_EN + "many members were late with their loan payments.", "T04"),
        # T05: information technology and data integration are operational means
        (RESULTS_EN + "the weak information technology at the village office hampered reporting.", "T05"),
        (RESULTS_ID + "digitalisasi sistem pelaporan perlu ditingkatkan.", "T05"),
        (RESULTS_EN + "poor data integration slowed the payments.", "T05"),
    ],
)
def test_theme_is_suggested(sentence, theme, lexicon):
    assert theme in themes(sentence, lexicon)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # the policy under study, or rules in force, name no programme design
        (RESULTS_ID + "implementasi kebijakan bantuan beras di kecamatan itu belum berhasil.", "T02"),
        (RESULTS_EN + "the payments were not made in accordance with applicable regulations.", "T02"),
        # the target group's own capacity and life skills are no implementer capacity
        (RESULTS_EN + "the limited community capacity hampered the programme.", "T03"),
        (RESULTS_ID + "keterampilan hidup para penerima meningkat setelah pertemuan kelompok.", "T03"),
        # the village fund is the programme studied; living costs are a family's
        (RESULTS_ID + "pengelolaan dana desa untuk pemberdayaan belum maksimal.", "T04"),
        (RESULTS_EN + "the families felt helped because their living expenses fell.", "T04"),
        # authority misused is no resource; health facilities are no operational facility
        (RESULTS_EN + "the misuse of authority by village heads hampered the programme.", "T05"),
        (RESULTS_ID + "fasilitas kesehatan di desa itu aktif mendukung program.", "T05"),
    ],
)
def test_theme_is_not_suggested(sentence, theme, lexicon):
    assert theme not in themes(sentence, lexicon)
