"""Finding types of a recommendation that goes on past a comma: the items after the clause with the
recommendation word are recommendations whatever their own valence; a contrast ends the advice; "masih
perlu ditingkatkan" is a shortcoming, "seharusnya" advice; "must" after a named hindrance describes it.
Our own example sentences."""

from __future__ import annotations

import pytest
from helpers import assert_kinds

CASES = [  # (text, expected, not expected)
    (  # the items after the recommendation word, cut at commas, stay advice ("active" is no enabler)
        "The results show that the posts lack staff. The study recommends more training for the cadres, "
        "improved health facilities, and active participation of residents.",
        ("recommendation", "T09"),
        ("enabler", "T09"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa kader kurang terlatih. Penelitian ini menyarankan peningkatan "
        "pelatihan kader, penyusunan SOP yang jelas, serta partisipasi aktif warga.",
        ("recommendation", "T07"),
        ("enabler", "T07"),
    ),
    (  # acts listed before the recommendation word are its items too
        "The results show that the officers lack skills and the coordination is weak. Therefore, "
        "strengthening the skills of officers, ensuring clear information, and improving coordination among "
        "agencies are required.",
        ("recommendation", "T01"),
        ("enabler", "T01"),
    ),
    (  # a contrast ends the advice: what follows is read by its own valence
        "Hasil penelitian menunjukkan bahwa kader perlu dilatih, namun koordinasi antar instansi sudah baik.",
        ("enabler", "T07"),
        ("recommendation", "T07"),
    ),
    (  # "masih perlu ditingkatkan" names a shortcoming: a barrier, no recommendation
        "Hasil penelitian menunjukkan bahwa koordinasi antar instansi masih perlu ditingkatkan.",
        ("barrier", "T07"),
        ("recommendation", "T07"),
    ),
    (  # "seharusnya" (should) advises
        "Hasil penelitian menunjukkan bahwa sosialisasi kepada warga masih kurang. Seharusnya pemerintah "
        "desa melibatkan warga dalam musyawarah.",
        ("recommendation", "T09"),
        ("enabler", "T09"),
    ),
    (  # a recommendation word after a named hindrance describes the problem
        "Hasil penelitian menunjukkan bahwa faktor penghambat program adalah warga harus menambah dana "
        "sendiri untuk membangun rumah.",
        ("barrier", "T04"),
        ("recommendation", "T04"),
    ),
    (
        "The results show that the inhibiting factor is that residents must add their own funds to finish "
        "the houses.",
        ("barrier", "T04"),
        ("recommendation", "T04"),
    ),
]


@pytest.mark.parametrize(("text", "expected", "unexpected"), CASES)
def test_advice_runs_past_commas(lexicon, text, expected, unexpected):
    assert_kinds(text, lexicon, expected, unexpected)
