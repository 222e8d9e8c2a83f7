"""Lists in Indonesian sentences: finding types as words of the sentence, and PUEBI's comma before the "dan"
of three or more items. Fails when a caption writes "Jenis temuan yang dibandingkan: Faktor penghambat, Faktor
pendukung." (capitals mid-sentence, no "dan") or a title "A, B dan C"; English captions alike ("barrier and
enabler", not "Barrier, Enabler")."""

from __future__ import annotations

from studykit.corpus.advice import pydantic_advice
from studykit.reports import i18n, titles
from studykit.reports.views.common import types_text


class _Report:
    """What ``types_text`` asks of a report: its language and a finding type's name in it."""

    def __init__(self, lang: str):
        self.lang = lang

    def finding_type(self, finding_type: str) -> str:
        return i18n.t(f"type.{finding_type}", self.lang)


def test_an_indonesian_caption_names_the_finding_types_as_words_of_its_sentence():
    assert types_text(_Report("id"), ["barrier", "enabler"]) == "faktor penghambat dan faktor pendukung"
    assert types_text(_Report("id"), ["outcome", "effort", "context"]) == "hasil, upaya, dan konteks"
    assert types_text(_Report("en"), ["barrier", "enabler"]) == "barrier and enabler"  # English too
    assert types_text(_Report("en"), ["outcome", "effort", "context"]) == "outcome, effort and context"


def test_three_or_more_items_take_a_comma_before_dan_and_english_is_unchanged():
    assert titles.join_words(["A", "B", "C"], "id") == "A, B, dan C"
    assert titles.join_words(["A", "B"], "id") == "A dan B"
    assert titles.join_words(["A", "B", "C"], "en") == "A, B and C"


def test_the_allowed_values_of_a_choice_take_the_comma_before_atau_too():
    err = {
        "type": "literal_error",
        "input": "x",
        "loc": ("level",),
        "ctx": {"expected": "'kota', 'desa' or 'rt'"},
    }
    assert pydantic_advice(err, "id") == "'x' tidak diizinkan; gunakan 'kota', 'desa', atau 'rt'"
    assert pydantic_advice(err, "en") == "'x' is not allowed; use 'kota', 'desa' or 'rt'"
    two = {**err, "ctx": {"expected": "'kota' or 'kabupaten'"}}
    assert pydantic_advice(two, "id") == "'x' tidak diizinkan; gunakan 'kota' atau 'kabupaten'"
