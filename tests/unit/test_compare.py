"""Cross-case comparison functions: exact values on small inline frames, then ties to the real corpus."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from helpers import findings_frame

from studykit.analysis import compare as cp
from studykit.corpus.tables import CROSSWALK_COLUMNS, frame

# Three studies a, b, c. a-03 restates a-01; a-06 is unreviewed.
F = findings_frame(
    ("a-01", "barrier", "T03"),
    ("a-02", "barrier", "T04"),
    ("a-03", "barrier", "T03", {"restates": "a-01"}),
    ("a-04", "enabler", "T02"),
    ("a-05", "effort", "T01", {"secondary_theme_id": "T03"}),
    ("a-06", "barrier", "T05", {"review_status": "unreviewed"}),
    ("b-01", "barrier", "T03", {"quote": "staff  are\nfew", "quote_en": "staff are few"}),
    ("b-02", "enabler", "T04"),
    ("b-03", "barrier", "T02"),
    ("b-04", "enabler", "T02"),
    ("b-05", "recommendation", "T04"),
    ("c-01", "outcome", "T15"),
    ("c-02", "barrier", "T03", {"quote": "staff are few"}),
)
EMPTY = findings_frame()
SINGLE = F[F["study_id"].eq("a")]
ABC = ["a", "b", "c"]


def grid(rows: dict[str, list[int]], columns: list[str], index_name: str = "theme_id") -> pd.DataFrame:
    return pd.DataFrame(
        list(rows.values()),
        index=pd.Index(list(rows), dtype="str", name=index_name),
        columns=pd.Index(columns, dtype="str", name="study_id"),
        dtype="int64",
    )


# --- theme_matrix ---------------------------------------------------------------------------


def test_theme_matrix_counts_distinct_reviewed_findings():
    expected = grid(
        {"T01": [1, 0, 0], "T02": [1, 2, 0], "T03": [1, 1, 1], "T04": [1, 2, 0], "T15": [0, 0, 1]}, ABC
    )
    pd.testing.assert_frame_equal(cp.theme_matrix(F), expected)


def test_theme_matrix_restated_finding_is_not_double_counted_even_with_unreviewed():
    m = cp.theme_matrix(F, types=["barrier"], include_unreviewed=True)
    pd.testing.assert_frame_equal(
        m, grid({"T02": [0, 1, 0], "T03": [1, 1, 1], "T04": [1, 0, 0], "T05": [1, 0, 0]}, ABC)
    )


def test_theme_matrix_excludes_unreviewed_by_default():
    assert "T05" not in cp.theme_matrix(F).index
    pd.testing.assert_frame_equal(
        cp.theme_matrix(F, types="barrier"), grid({"T02": [0, 1, 0], "T03": [1, 1, 1], "T04": [1, 0, 0]}, ABC)
    )


def test_theme_matrix_follows_studies_table_and_all_themes():
    studies = pd.DataFrame({"study_id": ["c", "z", "a", "b"]})
    m = cp.theme_matrix(F, ["enabler"], studies, all_themes=["T04", "T02", "T09"])
    pd.testing.assert_frame_equal(
        m, grid({"T04": [0, 0, 0, 1], "T02": [0, 0, 1, 1], "T09": [0, 0, 0, 0]}, ["c", "z", "a", "b"])
    )


def test_theme_matrix_refuses_to_drop_data():
    with pytest.raises(ValueError, match="T02"):
        cp.theme_matrix(F, ["enabler"], all_themes=["T04"])
    with pytest.raises(ValueError, match="c"):
        cp.theme_matrix(F, studies=pd.DataFrame({"study_id": ["a", "b"]}))
    with pytest.raises(ValueError, match="unknown finding type"):
        cp.theme_matrix(F, ["barriers"])


def test_theme_matrix_empty_and_single_study():
    pd.testing.assert_frame_equal(cp.theme_matrix(EMPTY), grid({}, []))
    pd.testing.assert_frame_equal(cp.theme_matrix(EMPTY, all_themes=["T01"]), grid({"T01": []}, []))
    pd.testing.assert_frame_equal(
        cp.theme_matrix(SINGLE), grid({"T01": [1], "T02": [1], "T03": [1], "T04": [1]}, ["a"])
    )


# --- signed_matrix --------------------------------------------------------------------------


def test_signed_matrix_enabler_plus_one_barrier_minus_one():
    expected = grid({"T02": [1, 0, 0], "T03": [-1, -1, -1], "T04": [-1, 1, 0]}, ABC)
    pd.testing.assert_frame_equal(cp.signed_matrix(F), expected)


def test_signed_matrix_empty_and_single_study():
    pd.testing.assert_frame_equal(cp.signed_matrix(EMPTY), grid({}, []))
    pd.testing.assert_frame_equal(
        cp.signed_matrix(SINGLE), grid({"T02": [1], "T03": [-1], "T04": [-1]}, ["a"])
    )


# --- quote_matrix / quote_grid --------------------------------------------------------------


def test_quote_matrix_long_rows_are_the_counted_findings():
    q = cp.quote_matrix(F, types=["barrier"])
    assert list(q.columns) == ["theme_id", "study_id", "finding_id", "finding_type", "quote", "quote_en"]
    assert q["finding_id"].tolist() == ["b-03", "a-01", "b-01", "c-02", "a-02"]
    assert q["quote"].tolist() == [
        "quote of b-03",
        "quote of a-01",
        "staff  are\nfew",
        "staff are few",
        "quote of a-02",
    ]
    assert q["quote_en"].isna().tolist() == [True, True, False, True, True]
    assert list(cp.quote_matrix(F, lang="id").columns)[-1] == "quote"
    assert list(cp.quote_matrix(F, lang="en").columns)[-1] == "quote_en"
    with pytest.raises(ValueError, match="both, id, en"):
        cp.quote_matrix(F, lang="fr")


def test_quote_grid_joins_entries_per_cell():
    g = cp.quote_grid(cp.quote_matrix(F, types=["barrier"]), sep=" // ")
    assert g.index.tolist() == ["T02", "T03", "T04"] and g.columns.tolist() == ABC
    assert g.loc["T03", "b"] == 'b-01 (barrier): "staff  are\nfew" | en: "staff are few"'
    assert g.loc["T03", "a"] == 'a-01 (barrier): "quote of a-01"'
    assert g.loc["T02", "a"] == ""
    two = cp.quote_grid(cp.quote_matrix(F, types=["enabler"], lang="en"))
    assert two.loc["T02", "b"] == "b-04 (enabler): (no English version)"
    assert cp.quote_grid(cp.quote_matrix(F, ["enabler"])).loc["T02", "a"] == 'a-04 (enabler): "quote of a-04"'
    both = cp.quote_grid(cp.quote_matrix(F, ["barrier", "enabler"]), sep="\n")
    assert both.loc["T02", "b"] == 'b-03 (barrier): "quote of b-03"\nb-04 (enabler): "quote of b-04"'


def test_quote_matrix_and_grid_empty():
    q = cp.quote_matrix(EMPTY)
    assert len(q) == 0 and list(q.columns) == [
        "theme_id",
        "study_id",
        "finding_id",
        "finding_type",
        "quote",
        "quote_en",
    ]
    g = cp.quote_grid(q)
    assert g.shape == (0, 0) and g.index.name == "theme_id" and g.columns.name == "study_id"


# --- commonality / contradictions -----------------------------------------------------------


def test_commonality_counts_studies_and_ranks_by_barrier_studies():
    c = cp.commonality(F)
    assert c.index.tolist() == ["T03", "T02", "T04"]
    assert c.index.name == "theme_id"
    assert c["n_barrier"].tolist() == [3, 1, 1]
    assert c["n_enabler"].tolist() == [0, 2, 1]
    assert c["n_reporting"].tolist() == [3, 2, 2]
    assert c["n_studies"].tolist() == [3, 3, 3]
    assert c["barrier_studies"].tolist() == [["a", "b", "c"], ["b"], ["a"]]
    assert c["enabler_studies"].tolist() == [[], ["a", "b"], ["b"]]
    assert cp.commonality(F, n_studies=10)["n_studies"].tolist() == [10, 10, 10]
    with pytest.raises(ValueError, match="n_studies"):
        cp.commonality(F, n_studies=2)


def test_commonality_empty_and_single_study():
    c = cp.commonality(EMPTY)
    assert len(c) == 0 and list(c.columns) == cp.COMMONALITY_COLUMNS and c.index.name == "theme_id"
    s = cp.commonality(SINGLE)
    assert s.index.tolist() == ["T03", "T04", "T02"]
    assert s[["n_barrier", "n_enabler", "n_studies"]].to_numpy().tolist() == [[1, 0, 1], [1, 0, 1], [0, 1, 1]]


def test_contradictions_across_and_within_studies():
    c = cp.contradictions(F)
    assert c.index.tolist() == ["T02", "T04"]
    assert c["enabler_studies"].tolist() == [["a", "b"], ["b"]]
    assert c["barrier_studies"].tolist() == [["b"], ["a"]]
    assert c["across_studies"].tolist() == [True, True]
    assert c["same_study"].tolist() == [True, False]
    assert c["same_study_ids"].tolist() == [["b"], []]


def test_contradictions_single_study_is_within_only_and_empty():
    one = cp.contradictions(
        findings_frame(("a-01", "enabler", "T06"), ("a-02", "barrier", "T06"), ("a-03", "barrier", "T07"))
    )
    assert one.index.tolist() == ["T06"]
    assert one.loc["T06", "across_studies"] == False  # noqa: E712  (numpy bool)
    assert one.loc["T06", "same_study_ids"] == ["a"]
    e = cp.contradictions(EMPTY)
    assert len(e) == 0 and list(e.columns) == cp.CONTRADICTION_COLUMNS and e.index.name == "theme_id"


# --- cooccurrence ---------------------------------------------------------------------------


def test_cooccurrence_counts_studies_with_both_themes():
    c = cp.cooccurrence(F)
    expected = pd.DataFrame(
        [[1, 1, 0], [1, 3, 1], [0, 1, 1]],
        index=pd.Index(["T02", "T03", "T04"], dtype="str", name="theme_id"),
        columns=pd.Index(["T02", "T03", "T04"], dtype="str", name="theme_id"),
        dtype="int64",
    )
    pd.testing.assert_frame_equal(c, expected)
    # two barriers on one theme in one study count once
    twice = findings_frame(("a-01", "barrier", "T03"), ("a-02", "barrier", "T03"))
    assert cp.cooccurrence(twice).to_numpy().tolist() == [[1]]
    assert cp.cooccurrence(F, types=["enabler"]).to_numpy().tolist() == [[2, 1], [1, 1]]


def test_cooccurrence_empty():
    c = cp.cooccurrence(EMPTY)
    assert c.shape == (0, 0) and c.index.name == "theme_id" and c.columns.name == "theme_id"


# --- framework_lens / framework_gaps --------------------------------------------------------

CROSSWALK = frame(
    [
        {"theme_id": t, "framework_id": fw, "variable_id": v, "strength": s}
        for t, fw, v, s in [
            ("T01", "XX", None, "none"),
            ("T02", "XX", "XX-S", "direct"),
            ("T03", "XX", "XX-R", "direct"),
            ("T04", "XX", "XX-R", "direct"),
            ("T04", "XX", "XX-B", "partial"),
            ("T05", "XX", "XX-G", "partial"),
            ("T03", "YY", "YY-1", "direct"),
        ]
    ],
    CROSSWALK_COLUMNS,
)
FRAMEWORKS = pd.DataFrame(
    {
        "framework_id": ["XX"] * 5 + ["YY"],
        "variable_id": ["XX-S", "XX-R", "XX-B", "XX-G", "XX-Z", "YY-1"],
        "label_en": ["Standards", "Resources", "Budget", "Gap", "Unmapped", "One"],
    }
)
BARRIERS = cp.theme_matrix(F, ["barrier"])  # T02 [0,1,0], T03 [1,1,1], T04 [1,0,0]


def test_framework_lens_sums_mapped_themes():
    lens = cp.framework_lens(BARRIERS, CROSSWALK, "XX", FRAMEWORKS)
    pd.testing.assert_frame_equal(
        lens,
        grid(
            {"XX-S": [0, 1, 0], "XX-R": [2, 1, 1], "XX-B": [0, 0, 0], "XX-G": [0, 0, 0], "XX-Z": [0, 0, 0]},
            ABC,
            "variable_id",
        ),
    )
    wide = cp.framework_lens(BARRIERS, CROSSWALK, "XX", FRAMEWORKS, strengths=("direct", "partial"))
    assert wide.loc["XX-B"].tolist() == [1, 0, 0]
    # without the frameworks table: the crosswalk's variables, sorted
    bare = cp.framework_lens(BARRIERS, CROSSWALK, "XX")
    pd.testing.assert_frame_equal(
        bare,
        grid(
            {"XX-B": [0, 0, 0], "XX-G": [0, 0, 0], "XX-R": [2, 1, 1], "XX-S": [0, 1, 0]}, ABC, "variable_id"
        ),
    )


def test_framework_lens_unknown_framework_names_the_allowed_ids():
    with pytest.raises(ValueError, match=r"unknown framework 'ZZ'; use one of XX, YY"):
        cp.framework_lens(BARRIERS, CROSSWALK, "ZZ", FRAMEWORKS)
    with pytest.raises(ValueError, match=r"use one of XX, YY"):
        cp.framework_gaps(BARRIERS, CROSSWALK, "ZZ")
    with pytest.raises(ValueError, match="strengths"):
        cp.framework_lens(BARRIERS, CROSSWALK, "XX", strengths=("none",))


def test_framework_gaps_lists_variables_without_evidence():
    gaps = cp.framework_gaps(BARRIERS, CROSSWALK, "XX", FRAMEWORKS)
    assert gaps.index.tolist() == ["XX-B", "XX-G", "XX-Z"] and gaps.index.name == "variable_id"
    assert gaps["label_en"].tolist() == ["Budget", "Gap", "Unmapped"]
    assert gaps["themes"].tolist() == [[], [], []]
    wide = cp.framework_gaps(BARRIERS, CROSSWALK, "XX", FRAMEWORKS, strengths=("direct", "partial"))
    assert wide.index.tolist() == ["XX-G", "XX-Z"] and wide["themes"].tolist() == [["T05"], []]
    bare = cp.framework_gaps(BARRIERS, CROSSWALK, "XX")
    assert bare.index.tolist() == ["XX-B", "XX-G"] and bare["label_en"].isna().all()
    # a signed matrix: opposite signs of different themes feeding one variable do not cancel
    signed = grid({"T03": [1], "T04": [-1]}, ["a"])
    assert cp.framework_lens(signed, CROSSWALK, "XX").loc["XX-R"].tolist() == [0]
    assert "XX-R" not in cp.framework_gaps(signed, CROSSWALK, "XX").index


def test_framework_lens_and_gaps_on_empty_matrix():
    empty = cp.theme_matrix(EMPTY)
    lens = cp.framework_lens(empty, CROSSWALK, "YY", FRAMEWORKS)
    assert lens.shape == (1, 0) and lens.index.tolist() == ["YY-1"]
    assert cp.framework_gaps(empty, CROSSWALK, "YY", FRAMEWORKS)["themes"].tolist() == [["T03"]]


# --- jaccard_similarity ---------------------------------------------------------------------


def test_jaccard_similarity_of_type_theme_profiles():
    j = cp.jaccard_similarity(F)
    assert j.index.tolist() == ABC and j.columns.tolist() == ABC
    expected = [[1.0, 0.4, 1 / 3], [0.4, 1.0, 0.25], [1 / 3, 0.25, 1.0]]
    assert j.to_numpy() == pytest.approx(np.array(expected))
    pd.testing.assert_frame_equal(j, j.T)


def test_jaccard_similarity_empty_profile_is_nan_and_edge_cases():
    j = cp.jaccard_similarity(F, types=["enabler"])  # c has no enabler
    assert j.loc["a", "b"] == 0.5 and j.loc["c", "c"] == 1.0
    assert math.isnan(j.loc["a", "c"]) and math.isnan(j.loc["c", "b"])
    assert cp.jaccard_similarity(SINGLE).to_numpy().tolist() == [[1.0]]
    e = cp.jaccard_similarity(EMPTY)
    assert e.shape == (0, 0) and e.index.name == "study_id"


# --- the real corpus ------------------------------------------------------------------------


def _distinct_rows(corpus, ftype):
    """Independent of studykit.compare: plain-Python filter of the findings table."""
    return [
        r
        for r in corpus.findings.to_dict("records")
        if r["finding_type"] == ftype
        and r["review_status"] == "reviewed"
        and not isinstance(r["restates"], str)
    ]


def test_real_barrier_matrix_has_exactly_the_coded_barrier_themes(corpus):
    m = cp.theme_matrix(corpus.findings, types=["barrier"], studies=corpus.studies)
    assert m.columns.tolist() == corpus.studies["study_id"].tolist()
    rows = _distinct_rows(corpus, "barrier")
    for study in corpus.studies["study_id"]:
        coded = {r["theme_id"] for r in rows if r["study_id"] == study}
        assert set(m.index[m[study] > 0]) == coded, study
        assert m[study].sum() == sum(r["study_id"] == study for r in rows), study


def test_real_commonality_barrier_counts_equal_an_independent_count(corpus):
    c = cp.commonality(corpus.findings)
    for ftype, column in (("barrier", "n_barrier"), ("enabler", "n_enabler")):
        studies_of: dict[str, set[str]] = {}
        for r in _distinct_rows(corpus, ftype):
            studies_of.setdefault(r["theme_id"], set()).add(r["study_id"])
        assert {t: n for t, n in c[column].items() if n} == {t: len(s) for t, s in studies_of.items()}
    assert (c["n_studies"] == corpus.findings["study_id"].nunique()).all()
    assert list(zip(-c["n_barrier"], c.index, strict=False)) == sorted(
        zip(-c["n_barrier"], c.index, strict=False)
    )


def test_real_signed_matrix_is_enablers_minus_barriers_and_quotes_match_counts(corpus):
    f = corpus.findings
    enablers = cp.theme_matrix(f, ["enabler"], all_themes=corpus.themes["theme_id"])
    barriers = cp.theme_matrix(f, ["barrier"], all_themes=corpus.themes["theme_id"])
    signed = cp.signed_matrix(f, all_themes=corpus.themes["theme_id"])
    pd.testing.assert_frame_equal(signed, enablers - barriers)
    q = cp.quote_matrix(f)
    counts = cp.theme_matrix(f)
    assert q.groupby(["theme_id", "study_id"]).size().to_dict() == {
        k: v for k, v in counts.stack().items() if v
    }


def test_real_framework_lens_equals_crosswalk_sums(corpus):
    matrix = cp.theme_matrix(corpus.findings, ["barrier"], all_themes=corpus.themes["theme_id"])
    for framework in sorted(set(corpus.frameworks["framework_id"])):
        lens = cp.framework_lens(matrix, corpus.crosswalk, framework, corpus.frameworks)
        variables = corpus.frameworks.loc[
            corpus.frameworks["framework_id"] == framework, "variable_id"
        ].tolist()
        assert lens.index.tolist() == variables
        for variable in variables:
            themes = [
                r["theme_id"]
                for r in corpus.crosswalk.to_dict("records")
                if r["variable_id"] == variable and r["strength"] == "direct"
            ]
            assert lens.loc[variable].tolist() == [
                int(matrix.loc[themes, s].sum()) for s in matrix.columns
            ], variable
        gaps = cp.framework_gaps(matrix, corpus.crosswalk, framework, corpus.frameworks)
        assert set(gaps.index) == {v for v in variables if lens.loc[v].sum() == 0}
    with pytest.raises(ValueError, match=", ".join(sorted(set(corpus.frameworks["framework_id"])))):
        cp.framework_lens(matrix, corpus.crosswalk, "NOPE", corpus.frameworks)


def test_real_similarity_and_cooccurrence_are_symmetric(corpus):
    j = cp.jaccard_similarity(corpus.findings, studies=corpus.studies)
    pd.testing.assert_frame_equal(j, j.T)
    assert (j.to_numpy().diagonal() == 1.0).all()
    c = cp.cooccurrence(corpus.findings)
    pd.testing.assert_frame_equal(c, c.T)
    assert (
        c.to_numpy().diagonal().tolist() == cp.commonality(corpus.findings).loc[c.index, "n_barrier"].tolist()
    )


def test_restated_roots_follow_chains_to_the_claim_they_count_as(corpus):
    roots = cp.restated_roots(corpus.findings)
    restating = corpus.findings[corpus.findings["restates"].notna()]
    assert len(restating) > 0 and set(roots) == set(corpus.findings["finding_id"])
    for row in restating.itertuples():
        root = roots[row.finding_id]
        assert root != row.finding_id and pd.isna(
            corpus.findings.set_index("finding_id").at[root, "restates"]
        )
    chain = pd.DataFrame({"finding_id": ["a", "b", "c"], "restates": [None, "a", "b"]})
    assert cp.restated_roots(chain) == {"a": "a", "b": "a", "c": "a"}
