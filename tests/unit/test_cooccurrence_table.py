"""The numbers behind cross-case's "Barriers that occur together" heatmap: one row per pair of barrier themes
with the studies that report both (analysis.pairs), and the report's accessible table of them (capped, study
lists collapsed, both languages)."""

from __future__ import annotations

import pandas as pd
import pytest

from studykit.analysis import compare, pairs
from studykit.reports import html, report
from studykit.reports.report import Block
from studykit.reports.views import cross_barriers


def _findings(rows):
    """(study, theme, type) rows as reviewed, distinct findings."""
    return pd.DataFrame(
        [
            {
                "finding_id": f"{s}-{i:02d}",
                "study_id": s,
                "theme_id": t,
                "secondary_theme_id": None,
                "finding_type": k,
                "review_status": "reviewed",
                "restates": None,
            }
            for i, (s, t, k) in enumerate(rows, 1)
        ]
    )


FINDINGS = _findings(
    [
        ("a", "T01", "barrier"),
        ("a", "T02", "barrier"),
        ("a", "T02", "barrier"),  # a second barrier on T02 in study a: still one study
        ("a", "T03", "enabler"),  # an enabler: not a barrier pair
        ("b", "T01", "barrier"),
        ("b", "T02", "barrier"),
        ("b", "T04", "barrier"),
        ("c", "T04", "barrier"),
        ("c", "T03", "barrier"),
    ]
)


def test_pairs_count_studies_reporting_both_themes_most_first():
    found = pairs.cooccurring_pairs(FINDINGS)
    assert list(found.columns) == pairs.PAIR_COLUMNS
    rows = [(a, b, n, ids) for a, b, n, ids in found.itertuples(index=False)]
    assert rows == [
        ("T01", "T02", 2, ["a", "b"]),
        ("T01", "T04", 1, ["b"]),
        ("T02", "T04", 1, ["b"]),
        ("T03", "T04", 1, ["c"]),
    ]


def test_pairs_follow_the_studies_table_and_the_themes_asked_for():
    studies = pd.DataFrame({"study_id": ["b", "c", "a"]})
    found = pairs.cooccurring_pairs(FINDINGS, ("barrier",), studies, themes=["T01", "T02"])
    assert [(a, b, ids) for a, b, _, ids in found.itertuples(index=False)] == [("T01", "T02", ["b", "a"])]
    assert pairs.cooccurring_pairs(FINDINGS, ("barrier",), themes=["T03"]).empty


def test_pairs_are_the_heatmaps_off_diagonal_cells(corpus):
    """Every nonzero cell above the diagonal of compare.cooccurrence is a row with that count; no other is."""
    co = compare.cooccurrence(corpus.findings, ("barrier",))
    found = pairs.cooccurring_pairs(corpus.findings, ("barrier",), corpus.studies)
    cells = {(a, b): int(co.at[a, b]) for a in co.index for b in co.columns if a < b and co.at[a, b]}
    pairs_found = zip(found["theme_a"], found["theme_b"], strict=True)
    assert dict(zip(pairs_found, found["n_studies"], strict=True)) == cells
    assert all(n == len(ids) for n, ids in zip(found["n_studies"], found["study_ids"], strict=True))


@pytest.mark.parametrize(
    "lang, header", [("en", "Barrier themes reported together"), ("id", "Tema penghambat")]
)
def test_the_report_table_has_pairs_counts_and_study_links_in_each_language(lang, header):
    r = report.start("2-cross-case", lang=lang)
    out = cross_barriers.cooccurrence_table(r)
    table = out[0] if isinstance(out, Block) else out  # a Block: the table and how many pairs there are
    frame = table.data
    expected = pairs.cooccurring_pairs(r.corpus.findings, ("barrier",), r.corpus.studies)
    assert len(expected) > 20 and len(frame) == len(expected)  # a small corpus: every pair, none left unsaid
    assert not isinstance(out, Block)
    assert list(frame.columns) == [r.t(f"col.{c}") for c in ("theme_pair", "n_both", "studies")]
    assert frame.columns[0].startswith(header)
    first = expected.iloc[0]
    assert html.text_of(frame.iloc[0, 0]) == f"{r.theme(first['theme_a'])} + {r.theme(first['theme_b'])}"
    assert html.text_of(frame.iloc[0, 1]) == f"{first['n_studies']} / 5"
    shown = table._repr_html_()
    for study in first["study_ids"]:
        assert f"study-profile/{study}.html" in shown
    assert html.escape(r.t("cross.cooccurrence_table_caption")) in shown


def test_the_table_is_capped_and_says_how_many_pairs_there_are(monkeypatch, corpus):
    monkeypatch.setattr(cross_barriers, "MAX_PAIR_ROWS", 3)
    total = len(pairs.cooccurring_pairs(corpus.findings, ("barrier",)))
    assert total > 3
    for lang, words in (
        ("en", f"The 3 pairs reported by most studies are listed; {total} pairs occur in all."),
        (
            "id",
            f"3 pasangan yang dilaporkan oleh studi terbanyak dicantumkan; seluruhnya ada {total} pasangan.",
        ),
    ):
        out = cross_barriers.cooccurrence_table(report.start("2-cross-case", lang=lang))
        assert isinstance(out, Block) and len(out[0].data) == 3
        assert out[1].data.startswith(words)


@pytest.mark.parametrize(
    "n_studies, links, rows, expected",
    [
        ([40] * 30, 800, 100, 20),  # 500 studies: 20 pairs of 40 links
        ([500] * 30, 800, 100, 20),  # a list writes 40 links at most, whatever it counts
        ([3] * 30, 800, 100, 30),  # a small corpus: every pair
        ([1] * 300, 800, 100, 100),  # and at most MAX_PAIR_ROWS of them
        ([900, 2], 10, 100, 1),  # one pair at least
    ],
)
def test_the_pairs_listed_stay_within_the_link_budget(monkeypatch, n_studies, links, rows, expected):
    monkeypatch.setattr(cross_barriers, "MAX_PAIR_LINKS", links)
    monkeypatch.setattr(cross_barriers, "MAX_PAIR_ROWS", rows)
    assert cross_barriers.pairs_shown(pd.Series(n_studies)) == expected


def test_no_pairs_is_said_instead_of_an_empty_table():
    r = report.start("2-cross-case", min_studies=4, lang="id")  # no barrier theme of 4 studies: no pair
    said = cross_barriers.cooccurrence_table(r)
    assert said.data == r.t("cross.cooccurrence_none")
