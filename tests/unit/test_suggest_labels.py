"""What a coder reads of `studykit suggest` exists in English and Bahasa Indonesia."""

from __future__ import annotations

import re

import pytest

from studykit.coding import labels
from studykit.coding.rules import Candidate
from studykit.corpus.codebook import FINDING_TYPE_INFO

KEYS = (*labels.TABLE_KEYS, *labels.CUE_PREFIXES.values(), "suggest.appended")


@pytest.mark.parametrize("key", KEYS)
def test_every_suggest_label_exists_in_both_languages_with_the_same_placeholders(key):
    texts = labels.catalogue().get(key)
    assert texts is not None, f"{key} is missing from messages.yaml"
    assert set(texts) == set(labels.LANGS), f"{key}: a language is missing"
    assert all(texts[lang].strip() for lang in labels.LANGS), key
    assert set(re.findall(r"{(\w+)}", texts["en"])) == set(re.findall(r"{(\w+)}", texts["id"])), key


def candidates() -> list[Candidate]:
    return [
        Candidate(
            "barrier",
            "T04",
            "keterbatasan dana",
            10,
            27,
            0.81,
            ["keterbatasan (−)", "dana", labels.LIST_ITEM + "dana", labels.MODEL + "“dana” +1.20"],
        ),
        Candidate(
            "recommendation", "T03", "perlu menambah pendamping", 40, 65, 0.5, [labels.LEARNED + "sdm"]
        ),
    ]


def test_the_indonesian_table_has_no_english_label_and_keeps_the_words_that_fired():
    english, indonesian = labels.table(candidates(), "en"), labels.table(candidates(), "id")
    assert english != indonesian
    header = indonesian.split("\n")[0]
    for key in labels.TABLE_KEYS[:6]:
        assert labels.t(key, "id") in header and labels.t(key, "en") not in header.replace("/", " "), key
    assert labels.t("suggest.cues", "id", cues="") in indonesian and "cues:" not in indonesian
    assert FINDING_TYPE_INFO["barrier"].word_id in indonesian and "barrier" in english
    assert "butir daftar: dana" in indonesian and "list item: dana" in english
    assert "dipelajari: sdm" in indonesian and "learned: sdm" in english
    assert "keterbatasan (−)" in indonesian and "keterbatasan (−)" in english  # the source's own words


def test_an_empty_table_says_so_in_the_coders_language():
    assert labels.t("suggest.none", "id") in labels.table([], "id")
    assert labels.t("suggest.none", "en") in labels.table([], "en")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="allowed values: 'en', 'id'"):
        labels.table(candidates(), "fr")
