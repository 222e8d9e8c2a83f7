"""Finding types on negation scope, duties described, shortcomings and dependent themes: a negator reaches
the words joined to what it negates but not a cause; a recommendation word that describes a rule advises
nothing; "still needs to be improved" names a shortcoming. Our own example sentences."""

from __future__ import annotations

import pytest
from helpers import assert_kinds

CASES = [  # (text, expected, not expected)
    (  # the negation reaches the positive word joined to the negated one
        "The results show that the scheme has not been able to foster support and active participation of "
        "the residents.",
        ("barrier", "T09"),
        ("enabler", "T09"),
    ),
    (  # a condition: "cannot run well without X" makes X an enabler
        "Hasil penelitian menunjukkan bahwa program tidak dapat berjalan dengan baik tanpa dukungan kader "
        "desa.",
        ("enabler", "T03"),
        ("barrier", "T03"),
    ),
    (
        "The results show that the scheme cannot run well without the participation of residents.",
        ("enabler", "T09"),
        ("barrier", "T09"),
    ),
    (  # a cause is read on its own: "tidak … karena kurangnya" is no double negative
        "Hasil penelitian menunjukkan bahwa pelatihan kader tidak merata dikarenakan kurangnya anggaran "
        "desa.",
        ("barrier", "T04"),
        ("enabler", "T04"),
    ),
    (  # a duty described ("yang harus"): no recommendation
        "Hasil penelitian menunjukkan bahwa masih ada warga penerima yang harus menambah dana sendiri.",
        None,
        ("recommendation", "T04"),
    ),
    (  # "should have": what was due, no advice
        "The results show that several poor families who should have received the funds were left out.",
        None,
        ("recommendation", "T04"),
    ),
    (  # "tidak perlu": no advice
        "Hasil penelitian menunjukkan bahwa warga menganggap dana pinjaman tidak perlu dikembalikan.",
        ("barrier", "T10"),
        ("recommendation", "T10"),
    ),
    (  # a shortcoming, no recommendation
        "The results show that the supervision of the scheme still needs to be improved.",
        ("barrier", "T07"),
        ("recommendation", "T07"),
    ),
    (
        "The results show that improvements are needed in the coordination between the village offices.",
        ("barrier", "T07"),
        ("enabler", "T07"),
    ),
    (  # advice without "should": "is needed", "need for", "diperlukan"
        "The results show that closer coordination between the district offices is needed.",
        ("recommendation", "T07"),
        ("enabler", "T07"),
    ),
    (
        "The study points to the need for clearer communication with the beneficiaries.",
        ("recommendation", "T01"),
        ("enabler", "T01"),
    ),
    (
        "Kesimpulannya, diperlukan pengawasan yang lebih baik dari pemerintah kabupaten.",
        ("recommendation", "T07"),
        ("enabler", "T07"),
    ),
    (  # the noun "recommendations in …" advises; the participle "recommended in the guidelines" describes
        "The recommendations in this article are closer coordination between the district offices.",
        ("recommendation", "T07"),
        ("enabler", "T07"),
    ),
    (  # an effort word on a dependent theme: the outcome
        "The results show that the efforts at the planning stage have not been carried out according to the "
        "stages of the guidelines.",
        ("outcome", "T14"),
        ("effort", "T14"),
    ),
    (  # an effort word in a clause with valence: the valence decides
        "The results show that the office has provided sufficient computers for the village operators.",
        ("enabler", "T05"),
        ("effort", "T05"),
    ),
    (
        "Hasil penelitian menunjukkan bahwa upaya sosialisasi kepada warga belum optimal.",
        ("barrier", "T01"),
        ("effort", "T01"),
    ),
    (  # but an effort word heading a list gives its items as efforts, whatever their valence
        "The results show that the efforts of the village office include good coordination with the social "
        "agency and active outreach to residents.",
        ("effort", "T07"),
        ("enabler", "T07"),
    ),
    (  # "bottlenecks" is a problem word
        "The results show bottlenecks in the coordination between the agencies.",
        ("barrier", "T07"),
        ("enabler", "T07"),
    ),
]


@pytest.mark.parametrize(("text", "expected", "unexpected"), CASES)
def test_types_by_scope_and_shortcomings(lexicon, text, expected, unexpected):
    assert_kinds(text, lexicon, expected, unexpected)
