"""The per-study summary of a consensus merge (what `studykit consensus` prints), from the merge's records."""

from __future__ import annotations

from pathlib import Path

from studykit.coding.consensus import Accounted, Merged


def row(study: str, status: str, a: str | None, b: str | None) -> Accounted:
    return Accounted(study, f"{study}-{a or b}", a, b, status, "reviewed")


def test_each_study_gets_one_line_in_merge_order_and_the_count_to_settle_is_the_one_sided_findings():
    merged = Merged(
        Path("merged"),
        [
            row("s2", "both", "F1", "F1"),
            row("s2", "a_only", "F2", None),
            row("s2", "b_only", None, "F9"),
            row("s2", "b_only", None, "F8"),
            row("s1", "identical", "F1", "F1"),
            row("s1", "identical", "F2", "F2"),
            row("s3", "one_side", None, "F1"),
        ],
    )
    assert merged.study_lines() == [
        "s2: 1 made by both; 3 to settle (1 by A only, 2 by B only, now unreviewed)",
        "s1: the two codings are identical (2 findings)",
        "s3: coded by B only, copied (1 findings)",
    ]
    assert merged.to_settle == 3


def test_a_study_coded_by_a_only_says_a():
    merged = Merged(Path("m"), [row("s", "one_side", "F1", None)])
    assert merged.study_lines() == ["s: coded by A only, copied (1 findings)"] and merged.to_settle == 0
