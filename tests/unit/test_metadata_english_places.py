"""English place names in metadata suggestions: "Semarang City", "the City of Semarang", "Sukoharjo Regency",
"Regency of Sukoharjo", "Jombang District", "North Minahasa Regency" are read against the gazetteer as
"Kota X" / "Kabupaten X" are; a "district" that is no kabupaten (a kecamatan) is not taken. Our own
sentences."""

import pytest

from studykit.coding.metadata import suggest_metadata
from studykit.paths import DATA_DIR


def _place(text: str) -> dict:
    return {
        s.field: s for s in suggest_metadata(text, DATA_DIR) if s.field in ("admin_unit", "city_as_written")
    }


# our sentences: (text, the evidence span, the unit and its province)
FOUND = [
    (
        "Household data were gathered in Semarang City during 2021.",
        "Semarang City",
        "Kota Semarang",
        "Jawa Tengah",
    ),
    (
        "Officials of the City of Semarang were interviewed.",
        "City of Semarang",
        "Kota Semarang",
        "Jawa Tengah",
    ),
    (
        "The fund reached villages of Sukoharjo Regency slowly.",
        "Sukoharjo Regency",
        "Kabupaten Sukoharjo",
        "Jawa Tengah",
    ),
    (
        "The Regency of Sukoharjo, Central Java, ran it.",
        "Regency of Sukoharjo",
        "Kabupaten Sukoharjo",
        "Jawa Tengah",
    ),
    (
        "In Jombang District the cash transfer was audited.",
        "Jombang District",
        "Kabupaten Jombang",
        "Jawa Timur",
    ),
    (
        "Both Semarang Regency and its neighbour were visited.",
        "Semarang Regency",
        "Kabupaten Semarang",
        "Jawa Tengah",
    ),
    ("The survey ran in the Semarang city area.", "Semarang city", "Kota Semarang", "Jawa Tengah"),
    (
        "Stunting fell in North Minahasa Regency.",
        "North Minahasa Regency",
        "Kabupaten Minahasa Utara",
        "Sulawesi Utara",
    ),
    (
        "The Regency of Central Bengkulu ran the fund.",
        "Regency of Central Bengkulu",
        "Kabupaten Bengkulu Tengah",
        "Bengkulu",
    ),
]


@pytest.mark.parametrize(("text", "evidence", "unit", "province"), FOUND)
def test_an_english_form_names_its_gazetteer_unit_with_the_type_the_word_says(text, evidence, unit, province):
    found = {s.field: s for s in suggest_metadata(text, DATA_DIR)}
    assert found["admin_unit"].value == unit and found["province"].value == province
    assert found["admin_unit_type"].value == unit.split()[0].lower()
    for s in (found["admin_unit"], found["city_as_written"]):
        assert s.evidence == evidence == text[s.start : s.end]
    assert found["city_as_written"].value == evidence


@pytest.mark.parametrize(
    "text",
    [
        "Interviews were held in Tembalang District, a kecamatan of the city.",  # a kecamatan, no regency
        "The market of Bengkulu District was visited twice.",  # only a Kota Bengkulu: no kabupaten so named
        "The district of Tembalang has four kelurahan.",
        "Its Capital City status shaped the programme.",  # a capitalised word that names no unit
        "Semarang Sub-district officers took part.",
        "Officers of West Semarang District took part.",  # a kecamatan of Kota Semarang, not Semarang Regency
        "Villages of Bengkulu Regency were sampled.",  # only a Kota Bengkulu: a regency says kabupaten
    ],
)
def test_a_form_that_names_no_unit_of_its_type_is_not_taken(text):
    assert _place(text) == {}


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("In Tanjung Pinang City the scheme began.", "Tanjung Pinang City"),
        ("The Regency of Sukoharjo Central Java follows.", "Regency of Sukoharjo"),
    ],
)
def test_the_longest_words_that_name_a_unit_are_taken_and_sentence_words_left_out(text, evidence):
    assert _place(text)["city_as_written"].value == evidence


def test_an_indonesian_and_an_english_form_of_one_unit_count_as_two_mentions():
    text = "Kabupaten Demak dan Kota Semarang. The Semarang City office and Semarang City's residents."
    found = _place(text)
    assert (
        found["admin_unit"].value == "Kota Semarang" and found["city_as_written"].evidence == "Kota Semarang"
    )


def test_an_english_type_word_after_an_indonesian_name_is_one_mention():
    text = "Penelitian di Kabupaten Sukoharjo Regency dan Kota Semarang serta Kota Semarang lagi."
    assert _place(text)["admin_unit"].value == "Kota Semarang"  # Sukoharjo once, Semarang twice
