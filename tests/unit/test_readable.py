"""A quote or a cue label as a reader reads it (studykit.corpus.readable): a word hyphenated at a line end of
a PDF's text is whole again, the text's own hyphens stay, invisible format characters are gone. Reports,
the workbench's list and `suggest`'s table showed "mis- kin", "komu- nikasi" and cue labels with a soft
hyphen (U+00AD) in them."""

from __future__ import annotations

import pytest

from studykit.coding import labels
from studykit.coding.rules import Candidate
from studykit.corpus.readable import readable, readable_value


@pytest.mark.parametrize(
    "text, shown",
    [
        ("penanggulangan kemis-\nkinan di Kota", "penanggulangan kemiskinan di Kota"),
        ("kurangnya komu-\nnikasi antara", "kurangnya komunikasi antara"),
        ("mis-  \n  kin", "miskin"),  # spaces around the break
        ("mis-\r\nkin", "miskin"),
        ("ting-\u00adkat", "tingkat"),  # the suggester's reading of a line end's hyphenation
        ("komu\u00adnikasi", "komunikasi"),  # a soft hyphen: an invisible hyphenation point
        ("komu\u00ad\nnikasi", "komunikasi"),
        ("sosial-ekonomi", "sosial-ekonomi"),  # the text's own hyphens
        ("Kab. X-Y", "Kab. X-Y"),
        ("pra- dan pascasarjana", "pra- dan pascasarjana"),  # a suspended hyphen: no line break after it
        ("Kab. X-\nY", "Kab. X-Y"),  # before a capital, a digit: the hyphen is the word's own
        ("COVID-\n19", "COVID-19"),
        ("2010-\n2015", "2010-2015"),
        ("anak-\nanak", "anak-anak"),  # reduplications keep their hyphen
        ("sehari-\nhari", "sehari-hari"),
        ("kebutuhan-\nkebutuhannya", "kebutuhan-kebutuhannya"),
        ("menekan-\nkan", "menekankan"),  # a suffix is no reduplication
        ("kata -\nlain", "kata - lain"),  # a dash, not a hyphen in a word
        ("a\u200bb\ufeff c\u200e", "ab c"),  # zero-width space, byte-order mark, direction mark
        ("dua\n\nbaris  dan\ttab", "dua baris dan tab"),
    ],
)
def test_the_display_rule(text, shown):
    assert readable(text) == shown


def test_a_value_that_is_no_text_is_left_as_it_is():
    from markupsafe import Markup

    assert readable_value(None) is None
    assert readable_value(float("nan")) != readable_value(float("nan"))  # NaN, unchanged
    link = Markup("<a>mis-\nkin</a>")
    assert readable_value(link) is link


CUES = [
    "list item: keterbatasan di ting-\u00adkat kelurahan",
    "komu\u00adnikasi (−)",
    "model “ko-\u00admunikasi” +1.50",
]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_cue_labels_are_clean_in_both_languages(lang):
    shown = labels.cue_list(CUES, lang)
    assert "\u00ad" not in shown and "-\u00ad" not in shown
    assert "di tingkat kelurahan" in shown and "komunikasi (−)" in shown and "“komunikasi”" in shown
    assert ("+1,50" if lang == "id" else "+1.50") in shown  # the weight still written as the language does


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_suggest_table_shows_the_quote_whole_and_its_cues_clean(lang):
    quote = "kurangnya komu-\nnikasi antara pelaksana, kondisi sosial-ekonomi"
    c = Candidate("barrier", "T03", quote, 0, len(quote), 0.8, CUES)
    table = labels.table([c], lang)
    assert "kurangnya komunikasi antara pelaksana, kondisi sosial-ekonomi" in table
    assert "\u00ad" not in table and "komu- nikasi" not in table
    assert c.quote == quote  # what --format json and --write keep: the exact span
