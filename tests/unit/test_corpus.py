"""The real corpus: traceable, referentially intact, complete."""

from __future__ import annotations

import os
import re

import pytest

from studykit import load_corpus
from studykit.corpus.provenance import normalize_whitespace
from studykit.corpus.schema import FINDING_TYPES
from studykit.paths import PROJECT_ROOT

SIX_FRAMEWORKS = {"VMVH", "ED", "GR", "MS", "HG", "RF"}


def test_every_study_file_is_a_study_or_a_draft_with_findings(corpus):
    files = sorted(p.stem for p in (corpus.data_dir / "studies").glob("*.yaml"))
    assert files and sorted([*corpus.study_ids, *(d.study_id for d in corpus.drafts)]) == files
    assert len(corpus.studies) >= 2  # a cross-case comparison needs cases to compare
    per_study = corpus.findings.groupby("study_id").size()
    assert set(per_study.index) == set(corpus.studies["study_id"])
    assert per_study.min() >= 8, per_study.to_dict()
    assert set(corpus.findings["finding_type"]) <= set(FINDING_TYPES)


def test_load_corpus_does_not_depend_on_the_current_directory(tmp_path, corpus):
    before = os.getcwd()
    os.chdir(tmp_path)
    try:
        again = load_corpus()
    finally:
        os.chdir(before)
    assert again.findings.equals(corpus.findings)


def test_every_quote_is_verbatim_in_its_source_at_its_recorded_position(corpus):
    checked = 0
    for row in corpus.findings.itertuples():
        text = (PROJECT_ROOT / row.source_file).read_text(encoding="utf-8")
        for quote, start, end in (
            (row.quote, row.quote_start, row.quote_end),
            (row.quote_en, row.quote_en_start, row.quote_en_end),
        ):
            if not isinstance(quote, str):
                continue
            assert 0 <= start < end <= len(text), row.finding_id
            assert normalize_whitespace(text[start:end]) == normalize_whitespace(quote), row.finding_id
            # independent check: the quote's words, separated by any whitespace, start exactly there
            pattern = r"\s+".join(map(re.escape, quote.split()))
            assert re.compile(pattern).match(text, start), row.finding_id
            checked += 1
    assert checked >= len(corpus.findings)


def test_every_implementation_outcome_quote_is_verbatim_at_its_recorded_position(corpus):
    s = corpus.studies
    assert set(s["outcome_rating"]) <= {"successful", "mixed", "poor", "not_stated"}
    assert (
        s["outcome_quote"].isna() == s["outcome_rating"].eq("not_stated")
    ).all()  # a rating other than not_stated is quoted
    quoted = s[s["outcome_quote"].notna()]
    assert len(quoted) >= 3
    for row in quoted.itertuples():
        text = (PROJECT_ROOT / row.source_file).read_text(encoding="utf-8")
        assert 0 <= row.outcome_quote_start < row.outcome_quote_end <= len(text), row.study_id
        pattern = r"\s+".join(map(re.escape, row.outcome_quote.split()))
        assert re.compile(pattern).fullmatch(text, row.outcome_quote_start, row.outcome_quote_end), (
            row.study_id
        )


def test_every_province_is_on_the_closed_list_and_has_its_island(corpus):
    provinces = corpus.provinces.set_index("province")
    assert len(provinces) == 38 and provinces.index.is_unique
    assert set(corpus.studies["province"]) <= set(provinces.index)
    assert list(corpus.studies["island"]) == [provinces.at[p, "island"] for p in corpus.studies["province"]]
    assert (
        dict(zip(corpus.studies["study_id"], corpus.studies["island"], strict=False))["semarang-p2kp"]
        == "jawa"
    )


def test_every_finding_points_to_an_existing_study_source_and_theme(corpus):
    f = corpus.findings
    assert set(f["study_id"]) <= set(corpus.studies["study_id"])
    assert set(f["theme_id"]) <= set(corpus.themes["theme_id"])
    assert set(f["secondary_theme_id"].dropna()) <= set(corpus.themes["theme_id"])
    for path in f["source_file"].unique():
        assert (PROJECT_ROOT / path).is_file(), path
    for row in f.itertuples():
        assert row.finding_id.startswith(row.study_id + "-")
    restated = f["restates"].dropna()
    assert set(restated) <= set(f["finding_id"])


def test_ids_are_unique(corpus):
    assert corpus.studies["study_id"].is_unique
    assert corpus.findings["finding_id"].is_unique
    assert corpus.themes["theme_id"].is_unique
    assert corpus.frameworks["variable_id"].is_unique


def test_codebook_keeps_the_sixteen_themes_in_both_languages(corpus):
    themes = corpus.themes.set_index("theme_id")
    assert [f"T{i:02d}" for i in range(1, 17)] == list(themes.index[:16])
    for col in ("label_en", "label_id", "definition_en", "definition_id", "short_en", "short_id"):
        assert themes[col].str.len().gt(2).all(), col


def test_crosswalk_maps_every_variable_of_the_six_frameworks(corpus):
    variables = corpus.frameworks
    assert set(variables["framework_id"]) >= SIX_FRAMEWORKS
    mapped = set(corpus.crosswalk.loc[corpus.crosswalk["strength"] != "none", "variable_id"])
    for fw in SIX_FRAMEWORKS:
        ids = set(variables.loc[variables["framework_id"] == fw, "variable_id"])
        assert ids, fw
        assert ids <= mapped, f"{fw}: unmapped {sorted(ids - mapped)}"


def test_crosswalk_has_a_row_for_every_theme_and_framework(corpus):
    pairs = set(zip(corpus.crosswalk["theme_id"], corpus.crosswalk["framework_id"], strict=False))
    for tid in corpus.themes["theme_id"]:
        for fw in SIX_FRAMEWORKS:
            assert (tid, fw) in pairs


def test_jombang_keeps_the_name_as_written_and_the_official_unit(corpus):
    jombang = corpus.studies.set_index("study_id").loc["jombang-poverty"]
    assert jombang["city_as_written"] == "Kota Jombang"
    assert jombang["admin_unit_type"] == "kabupaten"


@pytest.mark.parametrize("study_id, frameworks", [("bengkulu-samisake", ["VMVH"]), ("jambi-bantar", ["ED"])])
def test_declared_frameworks(corpus, study_id, frameworks):
    assert corpus.studies.set_index("study_id").loc[study_id, "frameworks_declared"] == frameworks


def test_no_enabler_is_coded_for_bengkulu_whose_results_report_none(corpus):
    """The aims promise 'faktor pendukung' but the results report none (domain.md §2.2)."""
    f = corpus.findings
    assert not ((f["study_id"] == "bengkulu-samisake") & (f["finding_type"] == "enabler")).any()
