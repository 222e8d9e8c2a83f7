"""The units two codings are compared on: presence units, character units, and matched segments.

Only reviewed findings count (suggestions not yet accepted and rejected ones are no
coding), by their primary theme, as everywhere else in studykit's analyses.

- A **presence unit** is one study × finding type × theme; a coder codes it (1) when they
  have at least one reviewed finding of that type with that primary theme.
- A **character unit** is one character of a study's source for one theme; a coder codes it
  when one of their reviewed findings on that theme quotes it (``quote_start``–``quote_end``).
  Characters are counted from spans, never one by one, so memory does not grow with the text.
- Two findings **match** when they share study, type and theme and their quotes overlap by at
  least ``overlap`` of the shorter quote (MAXQDA's segment check). Matching is one to one:
  the pair that overlaps most is matched first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ...corpus.schema import FINDING_TYPES

OVERLAP = 0.5  # default share of the shorter quote two matched findings must share


def reviewed(findings: pd.DataFrame, study_ids: Iterable[str]) -> pd.DataFrame:
    """The reviewed findings of ``study_ids``."""
    keep = findings["review_status"].eq("reviewed") & findings["study_id"].isin(list(study_ids))
    return findings[keep]


def _ids_by_unit(findings: pd.DataFrame) -> dict[tuple[str, str, str], list[str]]:
    grouped = findings.groupby(["study_id", "finding_type", "theme_id"], sort=True)["finding_id"]
    return {key: sorted(ids) for key, ids in grouped}


def presence_units(
    a: pd.DataFrame, b: pd.DataFrame, study_ids: list[str], theme_ids: list[str]
) -> pd.DataFrame:
    """One row per study × finding type × theme: ``a`` and ``b`` (0/1) and each coder's finding ids there.

    ``a`` and ``b`` are the two corpora's findings tables; only their reviewed findings count.
    """
    ids_a = _ids_by_unit(reviewed(a, study_ids))
    ids_b = _ids_by_unit(reviewed(b, study_ids))
    rows = []
    for study in study_ids:
        for kind in FINDING_TYPES:
            for theme in theme_ids:
                fa, fb = ids_a.get((study, kind, theme), []), ids_b.get((study, kind, theme), [])
                rows.append((study, kind, theme, int(bool(fa)), int(bool(fb)), fa, fb))
    return pd.DataFrame(
        rows, columns=["study_id", "finding_type", "theme_id", "a", "b", "findings_a", "findings_b"]
    )


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


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
    grouped = findings.groupby(["study_id", "theme_id"], sort=True)
    return {key: _union(zip(g["quote_start"].astype(int), g["quote_end"].astype(int))) for key, g in grouped}


def character_tables(
    a: pd.DataFrame, b: pd.DataFrame, lengths: dict[str, int], theme_ids: list[str]
) -> pd.DataFrame:
    """One row per study × theme: the characters of the source coded by both, by A only, by B only, by neither.

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


@dataclass(frozen=True)
class Match:
    """Two findings, one per coder, that code the same thing: same study, type and theme, overlapping quotes."""

    study_id: str
    finding_type: str
    theme_id: str
    a: str  # finding id of coder A
    b: str  # finding id of coder B
    overlap: float  # shared characters / characters of the shorter quote


def overlap_share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Characters two spans share, as a share of the shorter one."""
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared / shorter if shorter > 0 else 0.0


def match_findings(
    a: pd.DataFrame, b: pd.DataFrame, overlap: float = OVERLAP, keys: tuple[str, ...] = ()
) -> list[Match]:
    """One-to-one matches between two findings tables (all their rows: filter them first).

    Candidates share study, type, theme (and the columns ``keys``) and overlap by at least
    ``overlap`` of the shorter quote. The largest overlap is matched first; ties go to the
    closer spans, then to equal finding ids, then to the order of the ids, so that matching
    a coding with itself pairs every finding with itself.
    """
    if not 0 < overlap <= 1:
        raise ValueError(f"overlap must be in (0, 1], got {overlap}")
    group = ["study_id", "finding_type", "theme_id", *keys]
    candidates = []
    b_groups = {key: g for key, g in b.groupby(group, sort=False)}
    for key, ga in a.groupby(group, sort=True):
        gb = b_groups.get(key)
        if gb is None:
            continue
        for fa in ga.itertuples():
            span_a = (int(fa.quote_start), int(fa.quote_end))
            for fb in gb.itertuples():
                span_b = (int(fb.quote_start), int(fb.quote_end))
                share = overlap_share(span_a, span_b)
                if share >= overlap:
                    distance = abs(span_a[0] - span_b[0]) + abs(span_a[1] - span_b[1])
                    candidates.append(
                        (-share, distance, fa.finding_id != fb.finding_id, fa.finding_id, fb.finding_id, key)
                    )
    matched_a: set[str] = set()
    matched_b: set[str] = set()
    matches = []
    for neg_share, _, _, fa_id, fb_id, key in sorted(candidates):
        if fa_id in matched_a or fb_id in matched_b:
            continue
        matched_a.add(fa_id)
        matched_b.add(fb_id)
        matches.append(Match(key[0], key[1], key[2], fa_id, fb_id, -neg_share))
    return sorted(matches, key=lambda m: (m.study_id, m.a))
