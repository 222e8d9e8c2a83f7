"""snap_to_words: a selection that starts or ends inside a word takes the whole word, and says so."""

import pytest

from studykit.corpus.provenance import index_source, locate_words, snap_to_words

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
