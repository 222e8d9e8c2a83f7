"""The units two codings are compared on: presence units, character units, and matched segments.

Only reviewed findings count (suggestions not yet accepted and rejected ones are no
coding), by their primary theme, as everywhere else in studykit's analyses.

- A **presence unit** is one study × finding type × theme; a coder codes it (1) when they
  have at least one reviewed finding of that type with that primary theme.
- A **character unit** is one character of a study's source for one theme; a coder codes it
  when one of their reviewed findings on that theme quotes it (``quote_start``–``quote_end``).
  Characters are counted from spans, never one by one, so memory does not grow with the text.
- Two findings **match** when they share study, type and theme and their quotes overlap by at
  least ``overlap`` of the shorter quote (MAXQDA's segment check), one to one: see
  :mod:`studykit.corpus.segments`, which ``studykit consensus`` uses too.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...corpus.schema import FINDING_TYPES
from ...corpus.segments import OVERLAP, Match, match_findings, overlap_share
from ...corpus.spans import union

__all__ = [
    "OVERLAP",
    "Match",
    "character_tables",
    "match_findings",
    "overlap_share",
    "presence_units",
    "rejected_by_unit",
    "reviewed",
]


def reviewed(findings: pd.DataFrame, study_ids: Iterable[str]) -> pd.DataFrame:
    """The reviewed findings of ``study_ids``."""
    keep = findings["review_status"].eq("reviewed") & findings["study_id"].isin(list(study_ids))
    return findings[keep]


def rejected_by_unit(
    findings: pd.DataFrame, study_ids: Iterable[str]
) -> dict[tuple[str, str, str], list[str]]:
    """The ids of the findings a coder rejected (``review_status: rejected``), by study, type and theme: on a
    unit that coder did not code, a rejection is a decision against it, not a passage overlooked."""
    keep = findings["review_status"].eq("rejected") & findings["study_id"].isin(list(study_ids))
    return ids_by_unit(findings[keep])


def ids_by_unit(findings: pd.DataFrame) -> dict[tuple[str, str, str], list[str]]:
    """Finding ids (sorted) by study, finding type and theme."""
    grouped = findings.groupby(["study_id", "finding_type", "theme_id"], sort=True)["finding_id"]
    return {key: sorted(ids) for key, ids in grouped}


def presence_units(
    a: pd.DataFrame, b: pd.DataFrame, study_ids: list[str], theme_ids: list[str]
) -> pd.DataFrame:
    """One row per study × finding type × theme: ``a`` and ``b`` (0/1) and each coder's finding ids there.

    ``a`` and ``b`` are the two corpora's findings tables; only their reviewed findings count.
    """
    ids_a = ids_by_unit(reviewed(a, study_ids))
    ids_b = ids_by_unit(reviewed(b, study_ids))
    rows = []
    for study in study_ids:
        for kind in FINDING_TYPES:
            for theme in theme_ids:
                fa, fb = ids_a.get((study, kind, theme), []), ids_b.get((study, kind, theme), [])
                rows.append((study, kind, theme, int(bool(fa)), int(bool(fb)), fa, fb))
    return pd.DataFrame(
        rows, columns=["study_id", "finding_type", "theme_id", "a", "b", "findings_a", "findings_b"]
    )


def _length(spans: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def _intersection(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> int:
    """Characters two sorted, disjoint span lists share."""
    i = j = shared = 0
    while i < len(x) and j < len(y):
        shared += max(0, min(x[i][1], y[j][1]) - max(x[i][0], y[j][0]))
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return shared


def _spans(findings: pd.DataFrame) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """The union of the quoted spans by study and theme (plain tuples: a groupby per group is slow)."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for key, start, end in zip(
        zip(findings["study_id"], findings["theme_id"], strict=False),
        findings["quote_start"],
        findings["quote_end"],
        strict=False,
    ):
        spans.setdefault(key, []).append((int(start), int(end)))
    return {key: union(found) for key, found in spans.items()}


def character_tables(
    a: pd.DataFrame, b: pd.DataFrame, lengths: dict[str, int], theme_ids: list[str]
) -> pd.DataFrame:
    """One row per study × theme: the characters of the source coded by both, by A only, by B only, by
    neither.

    ``lengths`` gives the length (characters) of each study's source text.
    """
    spans_a = _spans(reviewed(a, lengths))
    spans_b = _spans(reviewed(b, lengths))
    rows = []
    for study, length in lengths.items():
        for theme in theme_ids:
            sa, sb = spans_a.get((study, theme), []), spans_b.get((study, theme), [])
            both = _intersection(sa, sb)
            a_only, b_only = _length(sa) - both, _length(sb) - both
            rows.append((study, theme, both, a_only, b_only, length - both - a_only - b_only))
    return pd.DataFrame(rows, columns=["study_id", "theme_id", "both", "a_only", "b_only", "neither"])
