"""Every problem a coder can meet is stated in Bahasa Indonesia as well as in English.

The advice texts are ``problem.<kind>`` of messages.yaml (:mod:`studykit.corpus.advice`). Each
test fails when a kind has no Indonesian text, when a pydantic error that the study schema
raises has no kind of its own (it would fall back to pydantic's English), or when a check of
the coding wing still speaks English only.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from studykit.coding import studyfile
from studykit.corpus import advice
from studykit.corpus.schema import Study
from studykit.paths import DATA_DIR

STUDY = DATA_DIR / "studies" / "bengkulu-samisake.yaml"


def test_every_problem_kind_is_in_both_languages_and_translated():
    kinds = advice.kinds()
    assert len(kinds) >= 30 and "summary_to_write" in kinds and "changed_on_disk" in kinds
    for kind in kinds:
        texts = advice.catalogue()[f"problem.{kind}"]
        assert texts.get("en", "").strip() and texts.get("id", "").strip(), kind
        if kind not in ("other", "not_a_date"):  # "{message}"; YYYY-MM-DD is the same in both
            assert texts["en"] != texts["id"], kind
    assert set(advice.PYDANTIC_KINDS.values()) <= set(kinds)


def _broken_studies():
    """A real study file broken one field at a time, in every way the form or a hand edit can break it."""
    good = yaml.safe_load(STUDY.read_text(encoding="utf-8"))
    edits = {
        "admin_unit_type": "city",  # not an allowed value
        "level": None,  # empty choice
        "label": "x",  # too short
        "label_id": 7,  # not text
        "study_id": "Bad Id",  # pattern
        "frameworks_declared": "vmvh",  # not a list
        "implementation_outcome": "poor",  # not a section
        "colour": "red",  # unknown field
        ("source", "year"): "2021a",  # not a number
        ("source", "languages"): [],  # too few items
        ("findings", 0, "summary_en"): None,  # a summary to write
        ("findings", 0, "quote"): "ab",  # too short
    }
    yield "source.year too small", {**good, "source": {**good["source"], "year": 1800}}
    yield "source.year too large", {**good, "source": {**good["source"], "year": 2200}}
    yield "method missing", {k: v for k, v in good.items() if k != "method"}
    yield "no findings", {**good, "findings": []}
    for where, value in edits.items():
        study = copy.deepcopy(good)
        node, *path = (where,) if isinstance(where, str) else where
        if not path:
            study[node] = value
        else:
            inner = study[node]
            for key in path[:-1]:
                inner = inner[key]
            inner[path[-1]] = value
        yield str(where), study


@pytest.mark.parametrize(
    "name, study", list(_broken_studies()), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_schema_error_has_indonesian_advice(name, study):
    with pytest.raises(ValidationError) as caught:
        Study.model_validate(study)
    for err in caught.value.errors():
        en, id_ = advice.pydantic_advice(err, "en"), advice.pydantic_advice(err, "id")
        assert err["type"] in advice.PYDANTIC_KINDS, (name, err["type"])  # else: pydantic's English
        assert en and id_ and en != id_, (name, err)


def test_the_checks_of_findings_speak_the_coders_language():
    source = "Dana operasional sangat terbatas. Koordinasi antar dinas lemah."
    good = {
        "finding_id": "x-01",
        "finding_type": "barrier",
        "theme_id": "T01",
        "summary_en": "Funds are short.",
        "summary_id": "Dana terbatas.",
        "quote": "Dana operasional sangat terbatas",
    }
    findings = [
        good,
        {**good, "finding_id": "y-02"},  # not this study's id
        {**good},  # duplicate id
        {**good, "finding_id": "x-03", "theme_id": "T99"},  # unknown theme
        {**good, "finding_id": "x-04", "secondary_theme_id": "T01"},  # the same theme twice
        {**good, "finding_id": "x-05", "restates": "x-09"},  # not an earlier finding
        {**good, "finding_id": "x-06", "quote": "tidak ada di sumber"},  # not in the source
        {**good, "finding_id": "x-07", "quote": "perasional sangat terbatas"},  # starts inside a word
        {**good, "finding_id": "x-08", "summary_en": "x"},  # too short
    ]
    themes = ["T01", "T02"]
    english = studyfile.finding_problems("x", findings, source, themes)
    indonesian = studyfile.finding_problems("x", findings, source, themes, lang="id")
    assert [(i, f) for i, f, _ in english] == [(i, f) for i, f, _ in indonesian]
    assert sorted({i for i, _, _ in english}) == list(
        range(1, len(findings))
    )  # each broken one, once or more
    for (i, field, en), (_, _, id_) in zip(english, indonesian, strict=True):
        assert en != id_, (i, field, en)
    said = [m for _, _, m in indonesian]
    for kind, values in {
        "foreign_finding_id": {"finding_id": "y-02", "study_id": "x"},
        "duplicate_finding_id": {"finding_id": "x-01"},
        "unknown_theme": {"value": "T99", "allowed": "T01, T02"},
        "same_theme_twice": {},
        "restates_not_earlier": {"value": "x-09"},
        "quote_not_in_source": {"study_id": "x"},
    }.items():
        assert advice.advice(kind, "id", **values) in said, kind
    assert any("dimulai di tengah kata 'operasional'" in m for m in said)
