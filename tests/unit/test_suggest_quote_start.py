"""A clause split from the one before at its conjunction is quoted from its first word of substance."""

from __future__ import annotations

from studykit.coding import suggest as sg
from studykit.coding.words import past_joiner

ENGLISH = (
    "The results show that the programme was hindered by the limited budget of the social affairs office, "
    "and delays in the disbursement of aid to poor households reduced its benefits."
)
INDONESIAN = (
    "Hasil penelitian menunjukkan bahwa pelaksanaan program terhambat oleh keterbatasan anggaran, "
    "serta kurangnya partisipasi masyarakat dalam musyawarah desa."
)


def test_a_joining_word_is_left_out_of_the_quote_only_when_words_of_substance_follow():
    text = "x, and delays in the disbursement. and so on. Andalan program desa"
    assert past_joiner(text, 3, 34) == 7  # "and delays in the disbursement." -> "delays in …"
    assert past_joiner(text, 35, 46) == 35  # "and so on." : two words would be left
    assert past_joiner(text, 47, len(text)) == 47  # "Andalan" is a word of its own


def test_suggested_quotes_do_not_open_with_the_conjunction_that_joined_their_clause(lexicon):
    for text, joiner, rest in (
        (ENGLISH, "and ", "delays in the disbursement"),
        (INDONESIAN, "serta ", "kurangnya partisipasi"),
    ):
        candidates = sg.suggest_text(text, lexicon)
        assert candidates
        for c in candidates:
            assert text[c.start : c.end] == c.quote
            assert not c.quote.lower().startswith(joiner)
        assert any(c.quote.startswith(rest) for c in candidates), [c.quote for c in candidates]


def test_a_two_word_contrast_is_left_out_of_the_quote_whole(lexicon):
    # "Namun demikian," is one contrast ("however"): the quote opened at "demikian," (walk 15, a BLT-DD
    # abstract), since the lexicon's phrase lists matched "namun" alone first
    text = (
        "Hasil penelitian menunjukkan bahwa implementasi program belum berjalan dengan baik. "
        "Namun demikian, komitmen aparat desa dalam menyalurkan bantuan cukup tinggi."
    )
    candidates = sg.suggest_text(text, lexicon)
    quotes = [c.quote for c in candidates]
    assert any(q.startswith("komitmen aparat desa") for q in quotes), quotes
    assert not any(q.lower().startswith(("demikian", "namun")) for q in quotes), quotes
