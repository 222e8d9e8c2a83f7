"""Finding types under negation, hedges and focus in both languages: a hedge lowers a positive word
("only partly successful", "hanya sebagian berhasil"), a negated receiving, giving or quantifier reaches
the word it denies ("tidak mendapatkan informasi yang jelas", "not all … were satisfied"), while a focus
word or a denied separation denies nothing ("tidak hanya", "tidak terlepas dari"), and words that merely
contain a negator (*sebelumnya, setidaknya, hard skills*) deny nothing; informal contrast words part
clauses. Our own example sentences."""

from __future__ import annotations

import pytest
from helpers import assert_kinds, kinds

CASES = [  # (text, expected, not expected)
    (  # a hedge lowers a positive word
        "The results show that the outreach to residents was only partly successful.",
        ("barrier", "T01"),
        ("enabler", "T01"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa sosialisasi kepada warga hanya sebagian berhasil.",
        ("barrier", "T01"),
        ("enabler", "T01"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa koordinasi antar instansi masih jauh dari optimal.",
        ("barrier", "T07"),
        ("enabler", "T07"),
    ),
    (
        "The results show that the coordination has yet to be effective.",
        ("barrier", "T07"),
        ("enabler", "T07"),
    ),
    (  # a hedging quantifier reaches past the noun it counts
        "The results show that only a few facilitators were active.",
        ("barrier", "T03"),
        ("enabler", "T03"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa hanya sebagian kecil pendamping yang aktif.",
        ("barrier", "T03"),
        ("enabler", "T03"),
    ),
    (  # a denied quantifier likewise
        "The results show that not all beneficiaries were satisfied with the assistance.",
        ("barrier", "T16"),
        ("enabler", "T16"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa belum semua penerima merasa puas dengan bantuan.",
        ("barrier", "T16"),
        ("enabler", "T16"),
    ),
    (  # a denied receiving or giving reaches the quality of what was (not) received
        "Hasil penelitian menunjukkan bahwa warga tidak mendapatkan informasi yang jelas tentang jadwal "
        "penyaluran.",
        ("barrier", "T01"),
        ("enabler", "T01"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa pengurus tidak memberikan informasi yang terbuka kepada warga.",
        ("barrier", "T01"),
        ("enabler", "T01"),
    ),
    (
        "The results show that the facilitators did not give the residents clear information.",
        ("barrier", "T01"),
        ("enabler", "T01"),
    ),
    (  # however far the positive word: what was not received is no strength
        "The results show that some beneficiaries did not receive information about the updating of "
        "recipient data in a transparent way.",
        ("barrier", "T11"),
        ("enabler", "T11"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa penerima tidak menerima informasi tentang pemutakhiran data "
        "penerima secara transparan.",
        ("barrier", "T11"),
        ("enabler", "T11"),
    ),
    (  # a negator shared through "and": "less intense and effective"
        "The results show that the outreach to residents was less intense and effective.",
        ("barrier", "T01"),
        ("enabler", "T01"),
    ),
    (  # a focus word: "not only … but also" denies nothing
        "Hasil penelitian menunjukkan bahwa pendamping tidak hanya aktif tetapi juga responsif.",
        ("enabler", "T03"),
        ("barrier", "T03"),
    ),
    (
        "The results show that the facilitators not only deliver the aid but also support the families.",
        None,
        ("barrier", "T03"),
    ),
    (  # a denied separation affirms
        "Hasil penelitian menunjukkan bahwa keberhasilan program tidak terlepas dari peran aktif pendamping.",
        ("enabler", "T03"),
        ("barrier", "T03"),
    ),
    (  # "sebelumnya" (before), "setidaknya" (at least), "hard skills" deny nothing
        "Hasil penelitian menunjukkan bahwa sebelumnya pendamping aktif mendampingi warga.",
        ("enabler", "T03"),
        ("barrier", "T03"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa setidaknya pendamping aktif mendampingi warga.",
        ("enabler", "T03"),
        ("barrier", "T03"),
    ),
    (
        "The results show that the training focused on the hard skills of the facilitators.",
        None,
        ("barrier", "T03"),
    ),
    (  # "tapi" and "walau" (informal "but", "although") part clauses as "tetapi" and "walaupun" do
        "Hasil penelitian menunjukkan bahwa sosialisasi kepada warga sudah baik tapi pendataan "
        "penerima kurang akurat.",
        ("enabler", "T01"),
        ("barrier", "T01"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa koordinasi antar instansi berjalan baik walau anggaran desa "
        "terbatas.",
        ("enabler", "T07"),
        ("enabler", "T04"),
    ),
]


@pytest.mark.parametrize(("text", "expected", "unexpected"), CASES)
def test_types_under_negation_hedges_and_focus(lexicon, text, expected, unexpected):
    assert_kinds(text, lexicon, expected, unexpected)


def test_a_hedge_never_lifts_a_problem(lexicon):
    """A hedge lowers a positive word but does not turn a negative one into support."""
    found = kinds("The results show that the distribution was partly hampered by weak coordination.", lexicon)
    assert ("barrier", "T07") in found, found
    assert ("enabler", "T07") not in found, found
