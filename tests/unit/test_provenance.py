from studykit.corpus.provenance import locate_quote, normalize_whitespace

SOURCE = "ABSTRAK\n\n\tPenelitian ini\tberjudul “X”.  Hasil:\n belum  berjalan\n\tmaksimal."


def test_quote_across_tabs_and_line_breaks_is_found_at_its_raw_offsets():
    start, end = locate_quote(SOURCE, "Hasil: belum berjalan maksimal.")
    assert SOURCE[start:end] == "Hasil:\n belum  berjalan\n\tmaksimal."


def test_first_word_offset_is_exact():
    start, end = locate_quote(SOURCE, "Penelitian ini berjudul")
    assert (start, end) == (10, 33)
    assert SOURCE[start:end] == "Penelitian ini\tberjudul"


def test_missing_or_altered_quote_is_not_found():
    assert locate_quote(SOURCE, "belum berjalan optimal") is None
    assert locate_quote(SOURCE, "penelitian ini berjudul") is None  # case matters: quotes are verbatim
    assert locate_quote(SOURCE, "   ") is None


def test_normalize_whitespace():
    assert normalize_whitespace(" a\t\nb  c ") == "a b c"
