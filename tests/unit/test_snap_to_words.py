"""snap_to_words: a selection that starts or ends inside a word takes the whole word, and says so."""

import pytest

from studykit.corpus.provenance import index_source, locate_words, quote_problem, snap_to_words

TEXT = "Hambatan yang menonjol adalah hambatan sumberdaya manusia."


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2, 12, (0, 13, True)),  # "mbatan yan" -> "Hambatan yang"
        (9, 13, (9, 13, False)),  # whole word: unchanged
        (8, 14, (9, 13, True)),  # spaces around are dropped
        (48, 57, (39, 57, True)),  # "a manusia" ends on a word, starts inside "sumberdaya"
        (57, 58, (57, 58, False)),  # punctuation alone stays
    ],
)
def test_selection_is_widened_to_whole_words(start, end, expected):
    assert snap_to_words(TEXT, start, end) == expected
    s, e, _ = expected
    assert TEXT[s:e] == TEXT[s:e].strip()


def test_a_span_outside_the_text_is_refused():
    with pytest.raises(ValueError, match="outside the text"):
        snap_to_words(TEXT, 10, len(TEXT) + 1)


def test_snap_to_words_widens_a_span_to_whole_words():
    text = "program pemberdayaan masyarakat"
    start = text.index("pemberday")
    assert snap_to_words(text, start + 3, start + 9) == (start, start + len("pemberdayaan"), True)
    assert snap_to_words(text, 0, 7) == (0, 7, False)
    index = index_source("dana danai dana")
    assert locate_words(index, "dana") == (0, 4, True)
    assert locate_words(index_source("danai"), "dana") == (0, 4, False)  # found, but only inside a word


def test_a_selection_with_a_space_around_its_words_is_not_said_to_be_widened():
    """A mouse drag to the next word's edge takes the space after the last word (the browser's selection
    "… anggota kelompok "): the workbench said the selection "started or ended inside a word" and had been
    widened, which it had not; a selection cut inside a word still says so."""
    from studykit.coding.bench.rows import quote_at

    start = TEXT.index("yang menonjol")
    end = start + len("yang menonjol")
    said = lambda q: (q.quote, q.start, q.end, q.moved)  # noqa: E731
    assert said(quote_at(TEXT, start, end + 1)) == ("yang menonjol", start, end, False)
    assert said(quote_at(TEXT, start - 1, end)) == ("yang menonjol", start, end, False)
    assert said(quote_at(TEXT, start + 1, end + 1)) == ("yang menonjol", start, end, True)


PDF = (  # as a PDF's text layer gives it: words hyphenated at line ends (our own sentence)
    "Partisipasi masya-\nrakat dalam kese-\njahte-\nraan anak-\nanak naik setelah COVID-\n19 dan "
    "Kab. Sleman-\nTimur, dengan komu\u00adnikasi baik."
)


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ("Partisipasi masya", "Partisipasi masya-\nrakat"),  # let go before the hyphen
        ("Partisipasi masya-", "Partisipasi masya-\nrakat"),  # after it
        ("Partisipasi masya-\n", "Partisipasi masya-\nrakat"),  # past the line
        ("rakat dalam", "masya-\nrakat dalam"),  # started on the word's second half
        ("-\nrakat", "masya-\nrakat"),  # on its hyphen
        ("jahte", "kese-\njahte-\nraan"),  # a word over three lines
        ("komu", "komu\u00adnikasi"),  # a soft hyphen is inside a word
    ],
)
def test_a_word_hyphenated_at_a_line_end_is_one_word(selected, expected):
    start = PDF.index(selected)
    s, e, moved = snap_to_words(PDF, start, start + len(selected))
    assert (PDF[s:e], moved) == (expected, True)


@pytest.mark.parametrize("selected", ["anak-", "anak-\nanak", "COVID-", "Kab. Sleman-", "19 dan", "Timur,"])
def test_a_hyphen_the_word_keeps_is_a_words_edge_as_on_one_line(selected):
    """anak-anak, COVID-19 and Sleman-Timur are shown with their hyphen (corpus.readable): a quote may end or
    start at it, as at the hyphen of sosial-ekonomi on one line."""
    start = PDF.index(selected)
    assert snap_to_words(PDF, start, start + len(selected)) == (start, start + len(selected), False)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_validate_refuses_a_quote_cut_at_a_line_end_hyphen_and_says_what_to_do(lang):
    """A quote typed by hand ending at masya- (or starting at rakat) was valid: it now is refused, naming the
    word as it is shown and the halves to take, in both languages; the whole word stays valid."""
    index = index_source(PDF)
    for quote in ("Partisipasi masya-", "rakat dalam", "Partisipasi masya"):
        span, why = quote_problem(index, quote, "data/sources/pdf.txt", lang)
        assert span is not None and why is not None, quote
        assert "'masyarakat'" in why and "'masya- rakat'" in why and "data/sources/pdf.txt" in why
        assert ("quote all of it" if lang == "en" else "kutip seluruhnya") in why
    assert quote_problem(index, "Partisipasi masya-\nrakat", "pdf.txt", lang) == ((0, 24), None)
    assert quote_problem(index, "Partisipasi masya- rakat", "pdf.txt", lang)[1] is None  # spaces as typed
    assert quote_problem(index, "anak-", "pdf.txt", lang)[1] is None  # the hyphen of anak-anak
