"""Pairs of themes reported together: the numbers behind a co-occurrence heatmap, one row per pair, with the
studies that report both (:func:`studykit.analysis.compare.cooccurrence` counts the same studies)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .compare import theme_matrix

PAIR_COLUMNS = ["theme_a", "theme_b", "n_studies", "study_ids"]


def cooccurring_pairs(
    findings: pd.DataFrame,
    types: str | Iterable[str] = ("barrier",),
    studies: pd.DataFrame | None = None,
    *,
    themes: Iterable[str] | None = None,
    include_unreviewed: bool = False,
) -> pd.DataFrame:
    """One row per pair of distinct themes (of ``types``) that at least one study reports both of.

    Columns: theme_a, theme_b (theme_a < theme_b), n_studies and study_ids (in the order of ``studies``,
    else sorted). ``themes`` restricts the pairs to those themes (a figure's). Counting is
    :func:`~studykit.analysis.compare.theme_matrix`'s: distinct, reviewed findings under their primary theme,
    a study counted once per pair however many findings it has. Rows: most studies first, then theme ids.
    """
    present = theme_matrix(findings, types, studies, include_unreviewed=include_unreviewed) > 0
    if themes is not None:
        wanted = set(themes)
        present = present.loc[[t for t in present.index if t in wanted]]
    ids = list(present.index)
    rows = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            both = present.columns[present.loc[a].to_numpy() & present.loc[b].to_numpy()]
            if len(both):
                rows.append({"theme_a": a, "theme_b": b, "n_studies": len(both), "study_ids": list(both)})
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS).astype({"n_studies": "int64"})
    return out.sort_values(["n_studies", "theme_a", "theme_b"], ascending=[False, True, True]).reset_index(
        drop=True
    )
