"""Units of agreement: presence units, character tables from spans, and one-to-one segment matching."""

from __future__ import annotations

import pandas as pd
import pytest

from studykit.analysis.agreement import units


def findings(*rows) -> pd.DataFrame:
    """Findings rows (finding_id, type, theme, start, end[, status])."""
    return pd.DataFrame(
        [
            {
                "study_id": "s",
                "finding_id": r[0],
                "finding_type": r[1],
                "theme_id": r[2],
                "quote_start": r[3],
                "quote_end": r[4],
                "review_status": r[5] if len(r) > 5 else "reviewed",
            }
            for r in rows
        ]
    )


def test_matching_a_coding_with_itself_pairs_every_finding_with_itself():
    a = findings(
        ("s-01", "barrier", "T01", 0, 10),
        ("s-02", "barrier", "T01", 0, 10),
        ("s-03", "enabler", "T02", 5, 30),
    )
    matches = units.match_findings(a, a)
    assert [(m.a, m.b) for m in matches] == [("s-01", "s-01"), ("s-02", "s-02"), ("s-03", "s-03")]


def test_matching_needs_type_theme_and_the_overlap_of_the_shorter_quote():
    a = findings(("a-1", "barrier", "T01", 0, 100), ("a-2", "barrier", "T02", 0, 100))
    b = findings(
        ("b-1", "barrier", "T01", 80, 110),  # 20 of its 30 characters shared: 0.67 of the shorter
        ("b-2", "enabler", "T02", 0, 100),  # other type
    )
    assert [(m.a, m.b) for m in units.match_findings(a, b, 0.5)] == [("a-1", "b-1")]
    assert units.match_findings(a, b, 0.7) == []
    assert units.match_findings(a, b, 0.5)[0].overlap == pytest.approx(20 / 30)
    with pytest.raises(ValueError):
        units.match_findings(a, b, 0)


def test_matching_is_one_to_one_and_takes_the_largest_overlap_first():
    a = findings(("a-1", "barrier", "T01", 0, 100))
    b = findings(("b-1", "barrier", "T01", 40, 100), ("b-2", "barrier", "T01", 0, 100))
    assert [(m.a, m.b) for m in units.match_findings(a, b)] == [("a-1", "b-2")]


def test_character_tables_count_shared_and_one_sided_characters_without_double_counting():
    a = findings(
        ("a-1", "barrier", "T01", 0, 10), ("a-2", "enabler", "T01", 5, 20), ("a-3", "barrier", "T02", 0, 5)
    )
    b = findings(("b-1", "barrier", "T01", 15, 40), ("b-2", "barrier", "T01", 0, 3, "unreviewed"))
    got = units.character_tables(a, b, {"s": 50}, ["T01", "T02"]).set_index("theme_id")
    # T01: A covers 0-20 (overlapping quotes counted once), B 15-40 (its unreviewed quote does not count)
    assert got.loc["T01", ["both", "a_only", "b_only", "neither"]].tolist() == [5, 15, 20, 10]
    assert got.loc["T02", ["both", "a_only", "b_only", "neither"]].tolist() == [0, 5, 0, 45]


def test_presence_units_cover_every_study_type_and_theme_with_reviewed_findings_only():
    a = findings(("s-01", "barrier", "T01", 0, 5), ("s-02", "enabler", "T02", 0, 5, "rejected"))
    b = findings(("s-01", "barrier", "T02", 0, 5))
    got = units.presence_units(a, b, ["s"], ["T01", "T02"])
    assert len(got) == 6 * 2
    coded = got[(got["a"] == 1) | (got["b"] == 1)]
    assert coded[["finding_type", "theme_id", "a", "b"]].values.tolist() == [
        ["barrier", "T01", 1, 0],
        ["barrier", "T02", 0, 1],
    ]
    assert coded["findings_a"].tolist() == [["s-01"], []]
