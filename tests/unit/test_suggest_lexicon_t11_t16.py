"""Lexicon round of session 6 for themes T11-T16 (issue 21): our own example sentences, Bahasa Indonesia and
English, for the cues added and the generic words made weak or claimed by a `not:` phrase."""

from __future__ import annotations

import pytest
from helpers import RESULTS_EN, RESULTS_ID, themes


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # exclusion: eligible households left without aid, quotas, selection and criteria (T11)
        (RESULTS_ID + "banyak keluarga miskin yang belum menerima bantuan.", "T11"),
        (RESULTS_EN + "many poor families have not received the aid.", "T11"),
        (RESULTS_ID + "kuota yang terbatas membuat sebagian warga tidak tercakup.", "T11"),
        (RESULTS_EN + "the selection process of the program was weak.", "T11"),
        (RESULTS_ID + "kriteria sasaran yang digunakan belum jelas.", "T11"),
        (RESULTS_EN + "the beneficiary requirements were unclear to the village staff.", "T11"),
        (RESULTS_ID + "pembagian kartu belum merata di semua dusun.", "T11"),
        (RESULTS_EN + "duplicate data caused problems in the payment.", "T11"),
        # the socio-economic and natural setting (T12)
        (RESULTS_ID + "cuaca yang buruk menghambat pembangunan rumah.", "T12"),
        (RESULTS_EN + "high population density hampered the program.", "T12"),
        (RESULTS_ID + "kesenjangan sosial antarwarga menjadi kendala.", "T12"),
        (RESULTS_EN + "social conflict among villagers hindered the activities.", "T12"),
        # persistence: groups that stopped or went dormant (T13)
        (RESULTS_ID + "kendalanya banyak kelompok usaha yang berhenti setelah dana habis.", "T13"),
        (RESULTS_EN + "a problem is that most of the groups became dormant after two years.", "T13"),
        # conformity with the schedule or the guidelines (T14)
        (RESULTS_ID + "jadwal penyaluran sering tidak konsisten.", "T14"),
        (RESULTS_EN + "the officers did not follow the guidelines in the payment.", "T14"),
        # a rise in household income is a result (T15)
        (RESULTS_ID + "program ini berhasil meningkatkan penghasilan keluarga nelayan.", "T15"),
        # the fit of the aid to needs and the size of a ration are what the programme delivers (T16)
        (RESULTS_EN + "the program did not meet the needs of the poor.", "T16"),
        (RESULTS_ID + "jatah beras yang diterima keluarga berkurang.", "T16"),
    ],
)
def test_theme_is_suggested(sentence: str, theme: str, lexicon) -> None:
    assert theme in themes(sentence, lexicon)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # a target met is a result, not targeting; the word alone is no longer a targeting cue
        (RESULTS_EN + "the program failed to meet what was targeted by the office.", "T11"),
        # data in general is not data collection on beneficiaries
        ("Analisis data kualitatif menunjukkan bahwa pemahaman warga masih rendah.", "T11"),
        # the time of the pandemic names no environment
        (RESULTS_ID + "pada masa pandemi COVID-19 penyaluran berjalan dengan lancar.", "T12"),
        (RESULTS_EN + "during the COVID-19 pandemic the distribution went smoothly.", "T12"),
        # village own-source revenue is the village's budget, not household income or a result
        (RESULTS_ID + "pendapatan asli desa belum dikelola dengan baik.", "T12"),
        (RESULTS_ID + "pendapatan asli desa belum dikelola dengan baik.", "T15"),
        # social welfare names the sector or the office, not the households' welfare
        (RESULTS_ID + "koordinasi dengan dinas kesejahteraan sosial masih lemah.", "T12"),
        # continuing coordination is no continuity of the programme
        (RESULTS_EN + "the coordination is done continuously but not properly.", "T13"),
    ],
)
def test_theme_is_not_suggested(sentence: str, theme: str, lexicon) -> None:
    assert theme not in themes(sentence, lexicon)
