"""Explore (report 5) filters by a study attribute: attribute + attribute_value ("barriers quoted in kabupaten
studies", "in studies of Jawa Tengah"), says the filter in its text and footer in both languages, and refuses
an unknown attribute or a value no study has with a bilingual message."""

from __future__ import annotations

import pytest

from studykit.analysis import groups
from studykit.reports import report
from studykit.reports.params import ParameterError, validate_parameters
from studykit.reports.views import common, explore


def _refused(corpus, **values) -> ParameterError:
    with pytest.raises(ParameterError) as caught:
        validate_parameters("5-explore", corpus, values)
    return caught.value


@pytest.mark.parametrize(
    "attribute, value",
    [
        ("admin_unit_type", "kabupaten"),
        ("province", "Jawa Tengah"),
        ("framework", "VMVH"),
        ("year", "(missing)"),
    ],
)
def test_a_value_some_study_has_is_accepted(corpus, attribute, value):
    checked = validate_parameters("5-explore", corpus, {"attribute": attribute, "attribute_value": value})
    assert (checked["attribute"], checked["attribute_value"]) == (attribute, value)


def test_the_filter_keeps_the_findings_of_the_studies_with_the_value(corpus):
    studies = corpus.studies
    kabupaten = set(studies.loc[studies["admin_unit_type"] == "kabupaten", "study_id"])
    assert kabupaten and kabupaten != set(studies["study_id"])  # the real corpus has both kinds
    r = report.start(
        "5-explore", attribute="admin_unit_type", attribute_value="kabupaten", finding_type="barrier"
    )
    found = explore.filtered(r)
    f = corpus.findings
    expected = f[f["study_id"].isin(kabupaten) & (f["finding_type"] == "barrier")]
    assert len(found) == len(expected) > 0 and set(found["finding_id"]) == set(expected["finding_id"])
    assert groups.studies_with(studies, "admin_unit_type", "kabupaten") == [
        s for s in studies["study_id"] if s in kabupaten
    ]


@pytest.mark.parametrize(
    "lang, said, footer",
    [
        (
            "en",
            "studies: those whose province is Central Java.",
            "study attribute: province · its value: Jawa Tengah",
        ),
        (
            "id",
            "cakupan studi: dengan provinsi Jawa Tengah.",
            "atribut studi: provinsi · nilainya: Jawa Tengah",
        ),
    ],
)
def test_the_filter_is_said_in_the_text_and_the_footer(lang, said, footer):
    r = report.start("5-explore", attribute="province", attribute_value="Jawa Tengah", lang=lang)
    assert said in explore.title(r).data
    assert footer in common.footer(r).data


def test_no_attribute_says_all_studies():
    r = report.start("5-explore", lang="en")
    assert "studies: all." in explore.title(r).data


@pytest.mark.parametrize(
    "values, english, indonesian",
    [
        (
            {"attribute": "provnce", "attribute_value": "Jawa Tengah"},
            "parameter attribute='provnce' is not allowed; allowed values: '', 'admin_unit_type'",
            "parameter attribute='provnce' tidak diizinkan; nilai yang diizinkan: '', 'admin_unit_type'",
        ),
        (
            {"attribute": "province", "attribute_value": "Aceh"},  # a province of the codebook no study has
            "a value of province that a study of the corpus has: 'Bengkulu', 'Jambi', 'Jawa Tengah'",
            "nilai province yang dimiliki suatu studi dalam korpus: 'Bengkulu', 'Jambi'",
        ),
        (
            {"attribute": "admin_unit_type"},
            "parameter attribute_value='' is not allowed; allowed values: a value of admin_unit_type",
            "parameter attribute_value='' tidak diizinkan; nilai yang diizinkan: nilai admin_unit_type",
        ),
        (
            {"attribute_value": "kabupaten"},
            "while attribute is '': set attribute to the study attribute this value belongs to",
            "selama attribute bernilai '': isi attribute dengan atribut studi",
        ),
    ],
    ids=["unknown-attribute", "value-no-study-has", "attribute-without-value", "value-without-attribute"],
)
def test_a_bad_attribute_or_value_is_said_in_both_languages(corpus, values, english, indonesian):
    error = _refused(corpus, **values)
    assert english in str(error) and indonesian in error.indonesian


@pytest.mark.parametrize(
    "attribute, typed, meant",
    [("attribute", "provnce", "'province'"), ("attribute_value", "jawa tengah", "'Jawa Tengah'")],
)
def test_a_mistyped_attribute_or_value_gets_the_one_it_likely_means(corpus, attribute, typed, meant):
    values = {"attribute": "province", "attribute_value": "Jawa Tengah", attribute: typed}
    error = _refused(corpus, **values)
    assert f"(did you mean {meant}?)" in str(error) and f"(maksudnya {meant}?)" in error.indonesian
