"""The caveat that an abstract cannot show a theme's absence is said where the sources are abstracts: every
source, some (how many), none; a profile of its own source ("The source is an abstract")."""

from __future__ import annotations

import shutil

import pytest

from studykit.paths import DATA_DIR
from studykit.reports import report
from studykit.reports.views import codebook, crosscase, profile

THESIS = "semarang-p2kp"


@pytest.fixture(scope="module")
def with_a_thesis(tmp_path_factory):
    """The bundled corpus with one study's source a thesis (the 50-study corpus has four)."""
    data = tmp_path_factory.mktemp("caveat") / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "studies" / f"{THESIS}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("source_type: abstract") == 1
    path.write_text(text.replace("source_type: abstract", "source_type: thesis"), encoding="utf-8")
    return data


@pytest.mark.parametrize(
    "lang, some, own",
    [
        ("en", "4 of 5 sources are abstracts", "The source is an abstract"),
        ("id", "4 dari 5 sumber berupa abstrak", "Sumbernya berupa abstrak"),
    ],
)
def test_the_abstract_caveat_says_which_sources_are_abstracts(with_a_thesis, lang, some, own):
    # walk 15: every report and every profile said "All sources are abstracts", four theses among 52 sources
    everyone = report.start("2-cross-case", data_dir=with_a_thesis, lang=lang)
    for said in (
        crosscase.title(everyone).data,
        codebook.title(report.start("8-codebook", data_dir=with_a_thesis, lang=lang)).data,
    ):
        assert some in said and "All sources" not in said and "Semua sumber" not in said
    thesis = report.start("1-study-profile", data_dir=with_a_thesis, study_id=THESIS, lang=lang)
    assert own not in profile.title(thesis).data and "abstra" not in profile.title(thesis).data
    other = report.start("1-study-profile", data_dir=with_a_thesis, study_id="jambi-bantar", lang=lang)
    assert own in profile.title(other).data
    bundled = report.start("2-cross-case", lang=lang)  # every source an abstract: said as before
    assert (
        report.start("2-cross-case", lang=lang).t("report.abstract_caveat") in crosscase.title(bundled).data
    )
