"""The codebook as evidence: what each theme counts in the corpus, where it maps, and one anchor quote per
study.

Counts are of the findings that count everywhere else (:func:`compare.distinct_findings`:
reviewed, restatements once), by the finding's primary theme. The codebook report
(``notebooks/8-codebook.ipynb``) and the Word codebook (``studykit export --codebook``)
both read these functions, so the two never disagree.
"""

from __future__ import annotations

import pandas as pd

from ..corpus.schema import FINDING_TYPES
from . import compare


def counts_by_type(findings: pd.DataFrame, theme_ids: list[str]) -> pd.DataFrame:
    """Theme × finding type: distinct findings; every theme and type present (zeros included), plus ``total``
    and ``n_studies``."""
    kept = compare.distinct_findings(findings)
    grid = (
        kept.groupby(["theme_id", "finding_type"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=theme_ids, columns=list(FINDING_TYPES), fill_value=0)
        .astype(int)
    )
    grid["total"] = grid.sum(axis=1)
    grid["n_studies"] = (
        kept.groupby("theme_id")["study_id"].nunique().reindex(theme_ids, fill_value=0).astype(int)
    )
    grid.index.name = "theme_id"
    grid.columns.name = None
    return grid


def counts_by_study(findings: pd.DataFrame, theme_id: str, study_ids: list[str]) -> pd.DataFrame:
    """Study × finding type for one theme, only the studies that report it (in ``study_ids`` order), plus
    ``total``."""
    kept = compare.distinct_findings(findings)
    kept = kept[kept["theme_id"] == theme_id]
    reporting = [s for s in study_ids if s in set(kept["study_id"])]
    grid = (
        kept.groupby(["study_id", "finding_type"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=reporting, columns=list(FINDING_TYPES), fill_value=0)
        .astype(int)
    )
    grid["total"] = grid.sum(axis=1)
    grid.index.name = "study_id"
    grid.columns.name = None
    return grid


def anchor_quotes(findings: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    """One anchor quote per study reporting the theme: its first distinct finding on the theme (by finding
    id)."""
    kept = compare.distinct_findings(findings)
    kept = kept[kept["theme_id"] == theme_id]
    return kept.drop_duplicates("study_id", keep="first").set_index("study_id")[
        ["finding_id", "finding_type", "quote"]
    ]


def mapped_variables(crosswalk: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    """The framework variables a theme maps to (direct first, then partial), in framework order of the
    crosswalk."""
    rows = crosswalk[(crosswalk["theme_id"] == theme_id) & (crosswalk["strength"] != "none")]
    order = {"direct": 0, "partial": 1}
    return rows.sort_values(["strength"], key=lambda c: c.map(order), kind="stable")[
        ["framework_id", "variable_id", "strength", "note"]
    ].reset_index(drop=True)
