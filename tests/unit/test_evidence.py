"""CERQual evidence profiles and effort → barrier traceability: exact values on inline frames, then the real
corpus."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from helpers import findings_frame

from studykit.analysis import evidence as ev

F = findings_frame(
    ("a-01", "barrier", "T03"),
    ("a-02", "barrier", "T04"),
    ("a-03", "barrier", "T03", {"restates": "a-01"}),
    ("a-04", "enabler", "T02"),
    ("a-05", "effort", "T01", {"secondary_theme_id": "T03"}),
    ("a-06", "barrier", "T05", {"review_status": "unreviewed"}),
    ("a-07", "effort", "T05", {"review_status": "unreviewed"}),
    ("b-01", "barrier", "T03", {"quote": "staff  are\nfew"}),
    ("b-02", "enabler", "T04"),
    ("b-03", "barrier", "T02"),
    ("b-04", "enabler", "T02"),
    ("b-05", "recommendation", "T04"),
    ("c-01", "outcome", "T15"),
    ("c-02", "barrier", "T03", {"quote": "staff are few"}),
)
STUDIES = pd.DataFrame({"study_id": ["a", "b", "c"], "source_type": ["abstract", "article", "abstract"]})
EMPTY = findings_frame()


def judgements(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ev.JUDGEMENT_COLUMNS)


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n_studies", "n_quotes", "share", "expected"),
    [
        (3, 3, 0.0, "no_or_very_minor"),
        (3, 2, 0.0, "minor"),
        (2, 1, 0.0, "minor"),
        (1, 2, 0.0, "moderate"),
        (1, 1, 0.0, "serious"),
        (3, 3, 0.5, "no_or_very_minor"),
        (3, 3, 1.0, "minor"),
        (2, 5, 2 / 3, "moderate"),
        (1, 1, 1.0, "serious"),
    ],
)
def test_adequacy_indicator_rule(n_studies, n_quotes, share, expected):
    assert ev.adequacy_indicator(n_studies, n_quotes, share) == expected


@pytest.mark.parametrize(
    ("concerns", "expected"),
    [
        (["no_or_very_minor"] * 4, "high"),
        (["minor", "no_or_very_minor", "no_or_very_minor", "no_or_very_minor"], "high"),
        (["minor", "minor", "no_or_very_minor", "no_or_very_minor"], "moderate"),
        (["minor", "minor", "minor", "minor"], "moderate"),
        (["moderate", "no_or_very_minor", "no_or_very_minor", "no_or_very_minor"], "moderate"),
        (["moderate", "moderate", "minor", "no_or_very_minor"], "low"),
        (["serious", "no_or_very_minor", "no_or_very_minor", "no_or_very_minor"], "low"),
        (["serious", "moderate", "no_or_very_minor", "no_or_very_minor"], "very_low"),
        (["serious", "serious", "serious", "serious"], "very_low"),
    ],
)
def test_overall_confidence_rule(concerns, expected):
    assert ev.overall_confidence(dict(zip(ev.COMPONENTS, concerns, strict=False))) == expected


def test_overall_confidence_needs_all_four_components():
    assert ev.overall_confidence({"coherence": "no_or_very_minor"}) is None


# --- evidence_profile -----------------------------------------------------------------------


def test_evidence_profile_counts_per_review_finding():
    p = ev.evidence_profile(F, STUDIES)
    assert p.index.tolist() == ["T02-barrier", "T02-enabler", "T03-barrier", "T04-barrier", "T04-enabler"]
    assert p.index.name == "review_finding_id"
    assert list(p.columns) == ev.PROFILE_COLUMNS
    assert p["studies"].tolist() == [["b"], ["a", "b"], ["a", "b", "c"], ["a"], ["b"]]
    assert p["n_studies"].tolist() == [1, 2, 3, 1, 1]
    assert p["n_findings"].tolist() == [1, 2, 3, 1, 1]  # a-03 restates a-01: not counted
    assert p["n_quotes"].tolist() == [1, 2, 2, 1, 1]  # b-01 and c-02 differ only in whitespace
    assert p["abstract_share"].tolist() == pytest.approx([0.0, 0.5, 2 / 3, 1.0, 0.0])
    assert p["adequacy_indicator"].tolist() == ["serious", "minor", "moderate", "serious", "serious"]
    assert p[list(ev.COMPONENTS) + ["confidence", "explanation_en"]].isna().all().all()
    assert p["components_judged"].tolist() == [0, 0, 0, 0, 0]
    assert "T05-barrier" in ev.evidence_profile(F, STUDIES, include_unreviewed=True).index


def test_evidence_profile_merges_judgements_and_derives_confidence():
    j = judgements(
        ("T03-barrier", "methodological_limitations", "minor", "abstracts only", "hanya abstrak"),
        ("T03-barrier", "coherence", "minor", "same pattern", "pola sama"),
        ("T03-barrier", "adequacy", "moderate", "thin data", None),
        ("T03-barrier", "relevance", "no_or_very_minor", None, None),
        ("T02-enabler", "relevance", "minor", "one city", "satu kota"),
        ("T02-enabler", "adequacy", "no_or_very_minor", None, None),
        ("T02-enabler", "coherence", "no_or_very_minor", None, None),
        ("T02-enabler", "methodological_limitations", "no_or_very_minor", None, None),
        ("T04-barrier", "coherence", "serious", "contradicted", None),
    )
    p = ev.evidence_profile(F, STUDIES, j)
    t03 = p.loc["T03-barrier"]
    assert [t03[c] for c in ev.COMPONENTS] == ["minor", "minor", "moderate", "no_or_very_minor"]
    assert t03["confidence"] == "low" and t03["components_judged"] == 4
    assert (
        t03["explanation_en"]
        == "methodological_limitations: abstracts only; coherence: same pattern; adequacy: thin data"
    )
    assert t03["explanation_id"] == "methodological_limitations: hanya abstrak; coherence: pola sama"
    assert p.loc["T02-enabler", "confidence"] == "high"
    assert p.loc["T02-enabler", "explanation_en"] == "relevance: one city"
    assert pd.isna(p.loc["T04-barrier", "confidence"]) and p.loc["T04-barrier", "components_judged"] == 1
    assert p.loc["T04-barrier", "coherence"] == "serious"
    assert pd.isna(p.loc["T02-barrier", "confidence"])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("T09-barrier", "coherence", "minor", None, None), "T09-barrier"),
        (("T03-barrier", "coherance", "minor", None, None), "coherance"),
        (("T03-barrier", "coherence", "major", None, None), "major"),
    ],
)
def test_evidence_profile_rejects_bad_judgements(row, message):
    with pytest.raises(ValueError, match=message):
        ev.evidence_profile(F, STUDIES, judgements(row))


def test_evidence_profile_rejects_duplicate_judgements_and_unknown_studies():
    row = ("T03-barrier", "coherence", "minor", None, None)
    with pytest.raises(ValueError, match="T03-barrier/coherence"):
        ev.evidence_profile(F, STUDIES, judgements(row, row))
    with pytest.raises(ValueError, match="c"):
        ev.evidence_profile(F, STUDIES[STUDIES["study_id"] != "c"])


def test_evidence_profile_empty_and_single_study():
    e = ev.evidence_profile(EMPTY, STUDIES, judgements())
    assert len(e) == 0 and list(e.columns) == ev.PROFILE_COLUMNS and e.index.name == "review_finding_id"
    s = ev.evidence_profile(F[F["study_id"] == "a"], STUDIES)
    assert s.index.tolist() == ["T02-enabler", "T03-barrier", "T04-barrier"]
    assert s["n_studies"].tolist() == [1, 1, 1] and s["abstract_share"].tolist() == [1.0, 1.0, 1.0]


# --- traceability ---------------------------------------------------------------------------


def test_recommendation_traceability_matches_barriers_of_the_same_study_by_theme():
    t = ev.recommendation_traceability(F)
    assert list(t.columns) == ev.TRACE_COLUMNS
    assert t["finding_id"].tolist() == ["a-05", "b-05"]  # a-07 is unreviewed
    assert t["barrier_ids"].tolist() == [
        ["a-01"],
        [],
    ]  # via secondary theme T03; a-03 is a restatement; b-01 is another study
    assert t["barrier_themes"].tolist() == [["T03"], []]
    inc = ev.recommendation_traceability(F, include_unreviewed=True)
    assert inc["barrier_ids"].tolist() == [["a-01"], ["a-06"], []]


def test_unaddressed_barriers():
    u = ev.unaddressed_barriers(F)
    assert list(u.columns) == ev.UNADDRESSED_COLUMNS
    assert u["finding_id"].tolist() == ["a-02", "b-01", "b-03", "c-02"]
    assert ev.unaddressed_barriers(F, include_unreviewed=True)["finding_id"].tolist() == [
        "a-02",
        "b-01",
        "b-03",
        "c-02",
    ]


def test_traceability_empty_and_single_study():
    assert (
        len(ev.recommendation_traceability(EMPTY)) == 0
        and list(ev.recommendation_traceability(EMPTY).columns) == ev.TRACE_COLUMNS
    )
    assert (
        len(ev.unaddressed_barriers(EMPTY)) == 0
        and list(ev.unaddressed_barriers(EMPTY).columns) == ev.UNADDRESSED_COLUMNS
    )
    one = findings_frame(
        ("a-01", "barrier", "T09"),
        ("a-02", "barrier", "T13", {"secondary_theme_id": "T09"}),
        ("a-03", "effort", "T01", {"secondary_theme_id": "T09"}),
        ("a-04", "recommendation", "T13"),
    )
    assert ev.recommendation_traceability(one)["barrier_ids"].tolist() == [["a-01"], ["a-02"]]
    assert ev.unaddressed_barriers(one).empty


# --- the real corpus ------------------------------------------------------------------------


def _distinct(corpus, types):
    f = corpus.findings
    return f[f["finding_type"].isin(types) & f["review_status"].eq("reviewed") & f["restates"].isna()]


def test_real_evidence_profile_ties_to_the_findings(corpus):
    p = ev.evidence_profile(corpus.findings, corpus.studies)
    kept = _distinct(corpus, ["barrier", "enabler"])
    assert p.index.is_unique and all(re.fullmatch(r"T\d{2}-(barrier|enabler)", i) for i in p.index)
    assert set(p.index) == {f"{t}-{k}" for t, k in zip(kept["theme_id"], kept["finding_type"], strict=False)}
    assert p["n_findings"].sum() == len(kept)
    source_type = dict(zip(corpus.studies["study_id"], corpus.studies["source_type"], strict=False))
    for rid, row in p.iterrows():
        theme, ftype = rid.split("-")
        mine = kept[(kept["theme_id"] == theme) & (kept["finding_type"] == ftype)]
        assert row["studies"] == sorted(set(mine["study_id"]))
        assert row["n_quotes"] == len({" ".join(q.split()) for q in mine["quote"]}) <= row["n_findings"]
        assert (
            row["abstract_share"]
            == sum(source_type[s] == "abstract" for s in row["studies"]) / row["n_studies"]
        )


def test_real_barriers_are_either_addressed_or_unaddressed(corpus):
    barriers = _distinct(corpus, ["barrier"])
    trace = ev.recommendation_traceability(corpus.findings)
    assert len(trace) == len(_distinct(corpus, ["effort", "recommendation"]))
    addressed = {b for ids in trace["barrier_ids"] for b in ids}
    unaddressed = set(ev.unaddressed_barriers(corpus.findings)["finding_id"])
    assert addressed | unaddressed == set(barriers["finding_id"]) and not addressed & unaddressed
    by_id = barriers.set_index("finding_id")
    for row in trace.itertuples():
        targets = {t for t in (row.theme_id, row.secondary_theme_id) if isinstance(t, str)}
        for b in row.barrier_ids:
            assert by_id.loc[b, "study_id"] == row.study_id and by_id.loc[b, "theme_id"] in targets
