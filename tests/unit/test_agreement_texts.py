"""Report 7's small texts: each not-compared list says why (one study or many), the copy warning's verb agrees
with its count, and a negative figure is written with the reports' minus sign."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from studykit.reports import i18n
from studykit.reports.report import Report
from studykit.reports.views import agreement_parts as parts


class Texts(Report):
    """A report's texts in ``lang``, without a corpus (the helpers below read only the catalogue)."""

    def __init__(self, lang: str):
        self.params = {"lang": lang}


def codings(**lists) -> SimpleNamespace:
    empty = {k: [] for k in ("only_a", "only_b", "drafts_a", "drafts_b", "identical", "worded", "merged")}
    return SimpleNamespace(**{**empty, "studies": ["kota-x", "kab-y", "kab-z"], **lists})


@pytest.mark.parametrize(
    "lang, one, two",
    [
        (
            "en",
            "Not compared: 1 study still a draft in B: kota-x",
            "2 studies coded by A only: kota-x; kab-y",
        ),
        (
            "id",
            "Tidak dibandingkan: 1 studi masih draf di B: kota-x",
            "2 studi hanya dikode A: kota-x; kab-y",
        ),
    ],
)
def test_every_not_compared_list_says_why_one_study_or_many(lang, one, two):
    out = parts.left_out(Texts(lang), codings(drafts_b=["kota-x"], only_a=["kota-x", "kab-y"]))
    shown = [f.markup for f in out]
    assert any(one in s for s in shown) and any(two in s for s in shown), shown


def test_the_copy_warning_agrees_with_its_count():
    one = parts.notes(Texts("en"), codings(identical=["kota-x"]))[0].data
    assert "1 of the second coding's study files is byte for byte the same" in one
    assert "a copy, not an independent coding" in one and "It is left out" in one
    two = parts.notes(Texts("en"), codings(identical=["kota-x", "kab-y"]))[0].data
    assert "2 of the second coding's study files are byte for byte" in two and "They are left out" in two


@pytest.mark.parametrize(
    "value, lang, decimals, shown",
    [
        (-0.08, "en", 2, "\u22120.08"),
        (-0.08, "id", 2, "\u22120,08"),
        (-1234.5, "id", 1, "\u22121.234,5"),
        (-2, "en", None, "\u22122"),
        (-0.001, "en", 2, "0.00"),  # rounded to nothing: no sign
        (2022, "en", None, "2,022"),
    ],
)
def test_a_negative_number_is_written_with_the_minus_sign_of_the_reports(value, lang, decimals, shown):
    assert i18n.number(value, lang, decimals) == shown


def test_a_consensus_is_said_as_such_one_study_or_all():
    """A corpus merged with `studykit consensus` compared with one of its inputs: a warning, and the
    consensus studies listed as not compared unless every study is one (then they are compared, warned)."""
    some = codings(merged=["kota-x"])
    assert "1 study is a consensus of both codings" in parts.notes(Texts("en"), some)[0].data
    assert any("a consensus of both codings" in f.markup for f in parts.left_out(Texts("en"), some))
    every = codings(merged=["kota-x", "kab-y", "kab-z"])
    said = parts.notes(Texts("id"), every)[0].data
    assert said.startswith("**Peringatan:** setiap studi yang dibandingkan (3)") and "konsensus" in said
    assert parts.left_out(Texts("en"), every) == []


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "Note: coder A coded before these themes were merged into others"),
        ("id", "Catatan: pengode A mengode sebelum tema-tema ini digabung ke tema lain"),
    ],
)
def test_a_coding_from_before_a_merge_is_said_to_be_compared_as_the_theme_it_went_into(lang, said):
    out = parts.notes(Texts(lang), codings(recoded={"a": {"T05": "T04", "T07": "T06"}}))
    assert len(out) == 1 and said in out[0].data and "T05 → T04, T07 → T06" in out[0].data


@pytest.mark.parametrize(
    "lang, rating, shown",
    [
        ("en", "mixed", "mixed"),
        ("en", "poor", "fell short (poor)"),
        ("id", "mixed", "sebagian berhasil (mixed)"),
    ],
)
def test_a_rating_is_named_once_where_its_label_is_its_value(lang, rating, shown):
    # walk 15: `agreement` wrote "banyumas-bltdd: A fell short (poor), B mixed (mixed)"
    from studykit.analysis.agreement.output import rating_text

    assert rating_text(rating, lang) == shown
