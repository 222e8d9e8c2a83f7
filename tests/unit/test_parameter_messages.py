"""A bad report parameter is said in both languages, whole (what is allowed, in words of that language), with
the allowed value a mistyped one likely means: what an analyst sees in JupyterLab after Run All."""

from __future__ import annotations

import pytest

from studykit.reports.params import ParameterError, validate_parameters


def _refused(corpus, notebook: str, **values) -> ParameterError:
    with pytest.raises(ParameterError) as caught:
        validate_parameters(notebook, corpus, values)
    return caught.value


def test_the_notebook_shows_the_message_in_both_languages(corpus):
    error = _refused(corpus, "2-cross-case", group_by="provinsi", lang="id")
    shown = error._render_traceback_()
    assert shown[0].startswith("ParameterError: parameter group_by='provinsi' is not allowed; allowed")
    assert shown[1].startswith("ParameterError: parameter group_by='provinsi' tidak diizinkan; nilai yang")
    assert shown[0].endswith("(did you mean 'province'?)") and shown[1].endswith("(maksudnya 'province'?)")
    assert "Traceback" not in "".join(shown)


@pytest.mark.parametrize(
    "notebook, values, english, indonesian",
    [
        ("6-qca", {"incl_cut": 2}, "a number from 0.5 to 1.0", "bilangan dari 0.5 sampai 1.0"),
        ("2-cross-case", {"min_studies": 0}, "an integer ≥ 1", "bilangan bulat ≥ 1"),
        ("6-qca", {"conditions": "T04-barrier"}, "a non-empty list of 'T01-", "daftar tidak kosong"),
        ("2-cross-case", {"groupby": "x"}, "no such parameter (did you mean 'group_by'?)", "itu tidak ada"),
    ],
)
def test_what_is_allowed_is_said_in_each_language(corpus, notebook, values, english, indonesian):
    error = _refused(corpus, notebook, **values)
    assert english in str(error)
    assert indonesian in error.indonesian and english.split(" (")[0] not in error.indonesian


@pytest.mark.parametrize(
    "value, meant", [("t04", "'T04'"), ("T4", "'T04'"), ("T04 ", "'T04'")], ids=["case", "zero", "space"]
)
def test_a_mistyped_theme_id_is_answered_with_the_one_it_likely_means(corpus, value, meant):
    error = _refused(corpus, "5-explore", theme_id=value)
    assert f"(did you mean {meant}" in str(error) and f"(maksudnya {meant}" in error.indonesian


def test_a_condition_named_as_the_export_s_cases_csv_names_it_is_answered_with_report_6_s_name(corpus):
    # cases.csv (studykit export) has a column T04_barrier for report 6's condition T04-barrier: an analyst
    # who ran `studykit qca` on it types that name into the notebook; it got three guesses (T04, T14, T10)
    error = _refused(corpus, "6-qca", conditions=["T04-barrier", "T13_barrier"])
    assert str(error).endswith("(did you mean 'T13-barrier'?)"), str(error)[-200:]
    assert error.indonesian.endswith("(maksudnya 'T13-barrier'?)")


def test_a_value_like_none_of_the_allowed_ones_gets_no_guess(corpus):
    error = _refused(corpus, "3-framework-lens", framework="CFIR")
    assert "did you mean" not in str(error) and "maksudnya" not in error.indonesian


@pytest.mark.parametrize(
    "notebook, values, meant",
    [
        ("2-cross-case", {"finding_types": ["barrier", "pendukung"], "lang": "id"}, "'enabler'"),
        ("5-explore", {"finding_type": "Faktor penghambat", "lang": "id"}, "'barrier'"),
        ("5-explore", {"finding_type": "hasil"}, "'outcome'"),
    ],
)
def test_a_finding_type_named_in_indonesian_is_answered_with_its_key(corpus, notebook, values, meant):
    # an analyst of an Indonesian notebook writes the type as the reports name it: no hint was given
    error = _refused(corpus, notebook, **values)
    assert str(error).endswith(f"(did you mean {meant}?)") and error.indonesian.endswith(
        f"(maksudnya {meant}?)"
    )
