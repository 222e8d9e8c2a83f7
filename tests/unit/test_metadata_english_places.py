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


def _fields(text: str) -> dict:
    return {s.field: s for s in suggest_metadata(text, DATA_DIR)}


@pytest.mark.parametrize(
    ("text", "level", "locality", "evidence"),
    [
        (
            "It studied Kelurahan Oebufu, Oebobo District, Kupang City, East Nusa Tenggara.",
            "kelurahan",
            "Kelurahan Oebufu, Kecamatan Oebobo",
            "Kelurahan Oebufu, Oebobo District",
        ),
        (
            "Data came from Desa Sumber Rejo, Pati Sub-district, Pati Regency.",
            "desa",
            "Desa Sumber Rejo, Kecamatan Pati",
            "Desa Sumber Rejo, Pati Sub-district",
        ),
        ("The fund reached Desa Kebanggan in the Regency of Banyumas.", None, None, None),  # not beside it
        (
            "Kelurahan Oebufu, the City of Kupang, was studied.",
            "kelurahan",
            "Kelurahan Oebufu",
            "Kelurahan Oebufu",
        ),
        (
            "Desa Kebanggan, Kecamatan Sumbang, Kabupaten Banyumas.",
            "desa",
            "Desa Kebanggan, Kecamatan Sumbang",
            None,
        ),
    ],
)
def test_a_desa_or_kelurahan_before_an_english_kota_or_kabupaten_is_the_place_studied(
    text, level, locality, evidence
):
    """English abstracts name the place studied as Indonesian ones do, the kecamatan as "X District"; a
    desa or kelurahan named but not beside the unit gets no guess of the level (it was the kota's)."""
    found = _fields(text)
    assert "admin_unit" in found
    if level is None:
        assert "level" not in found and "locality" not in found
        return
    assert (found["level"].value, found["locality"].value) == (level, locality)
    span = found["locality"]
    assert text[span.start : span.end] == (evidence or span.evidence) and span.evidence in text


@pytest.mark.parametrize(
    ("text", "name", "acronym"),
    [
        (
            "This study examines how the Urban Livelihood Assistance Programme (ULAP) was implemented.",
            "Urban Livelihood Assistance Programme",
            "ULAP",
        ),
        ("The Family Hope Program (PKH) in Semarang City.", "Family Hope Program", "PKH"),
        ("The Programme (ULAP) was run in Kupang City.", None, None),  # no name before the kind word
    ],
)
def test_an_english_programme_name_before_its_acronym_is_suggested(text, name, acronym):
    found = _fields(text)
    if name is None:
        assert "programme_name" not in found
        return
    assert (found["programme_name"].value, found["programme_acronym"].value) == (name, acronym)
    span = found["programme_name"]
    assert text[span.start : span.end] == name
