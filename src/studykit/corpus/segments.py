"""Which findings of two codings code the same segment of a source: one-to-one matching of quotes.

Two findings **match** when they share study, type and theme and their quotes overlap by at
least ``overlap`` of the shorter quote (MAXQDA's segment check). Used to measure agreement
(:mod:`studykit.analysis.agreement`) and to merge two codings (:mod:`studykit.coding.consensus`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

OVERLAP = 0.5  # default share of the shorter quote two matched findings must share


@dataclass(frozen=True)
class Match:
    """Two findings, one per coder, that code the same thing: same study, type and theme, overlapping
    quotes."""

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


def _grouped(findings: pd.DataFrame, group: list[str]) -> dict[tuple, list[tuple[str, int, int]]]:
    """(finding id, quote start, quote end) of each finding, by the values of ``group`` (plain tuples:
    fast)."""
    out: dict[tuple, list[tuple[str, int, int]]] = {}
    columns = [findings[c] for c in group]
    for key, fid, start, end in zip(
        zip(*columns, strict=False),
        findings["finding_id"],
        findings["quote_start"],
        findings["quote_end"],
        strict=False,
    ):
        out.setdefault(tuple(key), []).append((fid, int(start), int(end)))
    return out


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
    in_b = _grouped(b, group)
    candidates = []
    for key, found_a in sorted(_grouped(a, group).items()):
        for fa_id, *span_a in found_a:
            for fb_id, *span_b in in_b.get(key, ()):
                share = overlap_share(span_a, span_b)
                if share >= overlap:
                    distance = abs(span_a[0] - span_b[0]) + abs(span_a[1] - span_b[1])
                    candidates.append((-share, distance, fa_id != fb_id, fa_id, fb_id, key))
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
