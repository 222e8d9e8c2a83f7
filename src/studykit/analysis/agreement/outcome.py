"""Study-level agreement on the implementation outcome rating (``implementation_outcome.rating``).

The rating drives the QCA outcome and the meta-matrix, so two coders who agree on every finding
but rate a study's verdict differently disagree where it matters. One unit per study both coded,
four nominal categories (:data:`studykit.corpus.schema.OUTCOME_RATINGS`): percent agreement and
Cohen's κ (scikit-learn), with a 95 % bootstrap interval over the studies (the same resamples and
seed as the finding-level figures), and every study the coders rated differently.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...corpus.schema import OUTCOME_RATINGS
from .measures import cohen_kappa, percent_agreement


def _ratings(corpus, studies: list[str]) -> list[str]:
    rated = dict(zip(corpus.studies["study_id"], corpus.studies["outcome_rating"], strict=False))
    return [str(rated.get(s)) for s in studies]


def _bootstrap(a: list[str], b: list[str], labels: list[str], weights: np.ndarray) -> dict[str, Any]:
    """Percentile 95 % intervals of percent agreement and κ over resampled studies (closed forms on each
    replicate's confusion table; replicates where κ is undefined are left out)."""
    one_a = np.array([[x == k for k in labels] for x in a], dtype=float)
    one_b = np.array([[x == k for k in labels] for x in b], dtype=float)
    tables = np.einsum("rn,nk,nl->rkl", weights.astype(float), one_a, one_b)
    n = tables.sum(axis=(1, 2))
    observed = np.trace(tables, axis1=1, axis2=2) / n
    chance = (tables.sum(axis=2) * tables.sum(axis=1)).sum(axis=1) / n**2
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = np.where(chance < 1, (observed - chance) / (1 - chance), np.nan)
    out: dict[str, Any] = {}
    for name, values in (("percent_agreement", observed), ("cohen_kappa", kappa)):
        kept = values[~np.isnan(values)]
        out[name] = (float(np.percentile(kept, 2.5)), float(np.percentile(kept, 97.5))) if len(kept) else None
    return out


def outcome_agreement(codings, weights: np.ndarray | None) -> dict[str, Any]:
    """``studies`` (how many both coded), ``percent_agreement``, ``cohen_kappa`` (None where undefined),
    ``ci95`` (statistic -> interval, or None), ``differ`` (``study_id``, ``a``, ``b``: the two ratings)."""
    studies = codings.studies
    a, b = _ratings(codings.a, studies), _ratings(codings.b, studies)
    labels = [*OUTCOME_RATINGS, *sorted({*a, *b} - set(OUTCOME_RATINGS))]
    point = {"percent_agreement": percent_agreement(a, b), "cohen_kappa": cohen_kappa(a, b, labels)}
    ci: dict[str, tuple[float, float] | None] = dict.fromkeys(point)
    if weights is not None:
        ci = _bootstrap(a, b, labels, weights)
    differ = [{"study_id": s, "a": x, "b": y} for s, x, y in zip(studies, a, b, strict=True) if x != y]
    return {"studies": len(studies), **point, "ci95": ci, "differ": differ}
