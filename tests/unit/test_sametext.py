"""One study's text from two files is the same or nearly the same text; two studies' texts are not
(studykit.corpus.sametext). Every text here is our own."""

from __future__ import annotations

import random

import pytest

from studykit.corpus.sametext import (
    MIN_SHINGLES,
    NEAR,
    containment,
    fingerprint,
    normalise,
    sameness,
    text_key,
    words,
)

TITLE = "Implementasi Program Keluarga Harapan di Kota Contoh"
ABSTRACT = (
    "Penelitian ini bertujuan untuk mengetahui implementasi Program Keluarga Harapan (PKH) di Kota Contoh "
    "serta faktor-faktor yang memengaruhinya. Metode yang digunakan adalah kualitatif deskriptif dengan "
    "wawancara mendalam terhadap pendamping, kader dan penerima manfaat. Hasil penelitian menunjukkan "
    'bahwa penyaluran bantuan sudah tepat waktu, tetapi "pemutakhiran data" penerima masih lambat dan '
    "koordinasi antara dinas sosial dan kelurahan belum berjalan baik. Kendala lainnya adalah jumlah "
    "pendamping yang terbatas dibandingkan dengan jumlah keluarga penerima. Disarankan agar pemerintah "
    "kota menambah pendamping dan memperbaiki sistem pendataan secara berkala."
)
# another study of the same programme in the same city: the same names and a few shared phrases
OTHER = (
    "Penelitian ini bertujuan untuk menganalisis dampak Program Keluarga Harapan (PKH) terhadap "
    "pendidikan anak di Kota Contoh. Data dikumpulkan melalui survei kepada 120 keluarga penerima "
    "manfaat dan dianalisis secara kuantitatif. Hasil penelitian menunjukkan bahwa kehadiran anak di "
    "sekolah meningkat setelah keluarga menerima bantuan, terutama di jenjang sekolah menengah pertama. "
    "Namun, sebagian bantuan digunakan untuk kebutuhan konsumsi sehari-hari. Pendamping berperan penting "
    "dalam mengingatkan kewajiban keluarga. Disarankan agar pemerintah kota memperkuat peran pendamping "
    "dan sekolah dalam memantau kehadiran."
)


def pdf_copy(text: str, width: int = 38) -> str:
    """The text as a PDF's text layer gives it: short lines, words hyphenated at line ends (some with a soft
    hyphen), curly quotes, no-break spaces, a dash of another kind, the first line in capitals."""
    lines, line = [], ""
    for n, word in enumerate(text.replace('"', "\u201c", 1).replace('"', "\u201d", 1).split()):
        if len(line) + len(word) > width and len(word) > 6 and "-" not in word:
            cut = len(word) // 2
            hyphen = "\u00ad" if n % 2 else "-"
            lines.append(f"{line} {word[:cut]}{hyphen}".strip())
            line = word[cut:]
        elif len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line}\u00a0{word}" if n % 7 == 3 else f"{line} {word}".strip()
    lines.append(line)
    lines[0] = lines[0].upper()
    return "\n".join(lines).replace("faktor-faktor", "faktor\u2010faktor")


def test_a_pdf_text_layer_and_a_web_copy_are_the_same_text():
    pdf, web = pdf_copy(ABSTRACT), " ".join(ABSTRACT.split())
    assert pdf != web and "\u00ad\n" in pdf and "-\n" in pdf and "\u00a0" in pdf  # the copy differs indeed
    assert normalise(pdf) == normalise(web)
    assert text_key(pdf) == text_key(web) and sameness(fingerprint(pdf), fingerprint(web)) == ("same", 1.0)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("\u201cdata\u201d \u2018baru\u2019", "\"data\" 'baru'"),  # curly and straight quotes
        ("tahun 2010\u20132015", "tahun 2010-2015"),  # an en dash and a hyphen
        ("dana\u2014bukan kader\u2014terbatas", "dana - bukan kader - terbatas"),  # an em dash, spaced or not
        ("anak-\nanak", "anak-anak"),  # a word with a hyphen, broken at it
        ("pember\u00addayaan", "pemberdayaan"),  # a soft hyphen inside a word
        ("\ufb01nansial", "finansial"),  # a ligature (NFKC)
        ("Kota\u00a0Contoh", "KOTA   contoh"),  # a no-break space, case, a run of spaces
        ("ka\u200bder", "kader"),  # a zero-width space
    ],
)
def test_what_two_copies_write_differently_is_set_aside(one, other):
    assert normalise(one) == normalise(other)


def test_different_words_or_word_order_are_a_different_text():
    assert text_key("dana terbatas") != text_key("dana tidak terbatas")
    assert text_key("dana terbatas, kader aktif") != text_key("kader aktif, dana terbatas")
    assert text_key("pra-sejahtera") != text_key("pra sejahtera")  # a hyphen joins; a space parts


def test_an_extra_title_line_is_nearly_the_same_text():
    found = sameness(fingerprint(f"{TITLE.upper()}\n\n{ABSTRACT}"), fingerprint(ABSTRACT))
    assert found == ("near", 1.0)


def test_a_few_words_changed_are_nearly_the_same_text_and_many_are_not():
    rng = random.Random(7)
    tokens = ABSTRACT.split()

    def changed(n: int) -> str:
        copy = list(tokens)
        for i in rng.sample(range(len(copy)), n):
            copy[i] = f"lain{i}"
        return " ".join(copy)

    original = fingerprint(ABSTRACT)
    assert sameness(original, fingerprint(changed(3)))[0] == "near"
    assert sameness(original, fingerprint(changed(len(tokens) // 2))) is None


def test_two_studies_of_one_programme_in_one_city_are_not_the_same_text():
    share = containment(fingerprint(ABSTRACT), fingerprint(OTHER))
    assert share is not None and 0 < share < NEAR / 2  # names and phrases shared, far from the threshold
    assert sameness(fingerprint(ABSTRACT), fingerprint(OTHER)) is None
    assert sameness(fingerprint(pdf_copy(OTHER)), fingerprint(f"{TITLE}\n{ABSTRACT}")) is None


def test_short_texts_are_compared_by_their_key_only():
    short = " ".join(f"kata{i}" for i in range(MIN_SHINGLES + 1))  # MIN_SHINGLES - 1 word triples
    assert containment(fingerprint(short), fingerprint(f"{short} {ABSTRACT}")) is None
    assert sameness(fingerprint(short), fingerprint(f"{short} {ABSTRACT}")) is None
    assert sameness(fingerprint(short), fingerprint(short.upper())) == ("same", 1.0)


def test_words_drop_punctuation_and_keep_letters_of_any_script():
    assert words("Dana (APBD) «terbatas»; kader—aktif…") == ["dana", "apbd", "terbatas", "kader", "aktif"]
    assert words("Ñame straße") == ["ñame", "strasse"]


@pytest.mark.parametrize(
    "text", [ABSTRACT, pdf_copy(ABSTRACT), "dana -  kader\u00a0\u2014 aktif", "a \u200b b"]
)
def test_the_key_of_a_text_whose_spaces_are_collapsed_already_is_its_own(text):
    spaced = " ".join(text.split())  # as an indexed source holds it
    assert text_key(spaced, spaced=True) == text_key(text)
