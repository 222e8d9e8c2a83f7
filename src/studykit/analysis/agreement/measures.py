"""Agreement coefficients of two coders on nominal units, and bootstrap intervals over studies.

Point estimates on unit vectors come from the maintained libraries where they exist:
Cohen's κ from scikit-learn (``cohen_kappa_score``), Krippendorff's α (nominal) from the
``krippendorff`` package. Gwet's AC1 and Brennan–Prediger are the closed formulas of
Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed., ch. 2 and 4 (irrCAC, which
implements them, pins pandas < 3 and numpy < 2 and so does not install beside studykit).

Presence and character units are binary, so every coefficient is also a function of the
2 × 2 table of counts ``[both, a_only, b_only, neither]``: :func:`binary_coefficients`
computes all of them from stacks of such tables at once. That is what makes the bootstrap
cheap (thousands of resampled tables in one array operation) and what lets the segment
level count characters without an array per character. A test checks that both routes
give the same numbers.

A coefficient that is undefined (κ when both coders give every unit the same value, α
when only one value occurs) is ``None``, never a number a reader could mistake for one.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

STATISTICS = ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1", "brennan_prediger")
CELLS = ("both", "a_only", "b_only", "neither")  # the 2 × 2 table of a binary unit set, in this order
REPLICATES = 2000  # bootstrap resamples of the studies
SEED = 2022  # fixed: the same inputs give the same intervals
BINARY = (0, 1)


def _defined(value: float) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value


def percent_agreement(a: Sequence, b: Sequence) -> float | None:
    a, b = np.asarray(a), np.asarray(b)
    return float(np.mean(a == b)) if len(a) else None


def cohen_kappa(a: Sequence, b: Sequence, categories: Sequence = BINARY) -> float | None:
    """Cohen's κ (scikit-learn); None when undefined (chance agreement is 1)."""
    from sklearn.metrics import cohen_kappa_score

    if not len(a):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _defined(cohen_kappa_score(a, b, labels=list(categories), replace_undefined_by=np.nan))


def krippendorff_alpha(a: Sequence, b: Sequence, categories: Sequence = BINARY) -> float | None:
    """Krippendorff's α for nominal data (the ``krippendorff`` package); None when only one value occurs."""
    import krippendorff

    values = np.vstack([np.asarray(a, dtype=float), np.asarray(b, dtype=float)])
    if not values.size or len(np.unique(values)) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alpha = krippendorff.alpha(
            reliability_data=values,
            level_of_measurement="nominal",
            value_domain=[float(c) for c in categories],
        )
    return _defined(alpha)


def _shares(a: np.ndarray, b: np.ndarray, categories: Sequence) -> np.ndarray:
    """π_k: the share of the two coders' ratings in category k (Gwet 2014, eq. 2.12)."""
    return np.array([(np.sum(a == k) + np.sum(b == k)) / (2 * len(a)) for k in categories])


def gwet_ac1(a: Sequence, b: Sequence, categories: Sequence = BINARY) -> float | None:
    """Gwet's AC1: chance agreement p_e = Σ π_k (1 − π_k) / (q − 1) over the q categories."""
    a, b = np.asarray(a), np.asarray(b)
    if not len(a) or len(categories) < 2:
        return None
    pi = _shares(a, b, categories)
    pe = float(np.sum(pi * (1 - pi)) / (len(categories) - 1))
    return (float(np.mean(a == b)) - pe) / (1 - pe)


def brennan_prediger(a: Sequence, b: Sequence, categories: Sequence = BINARY) -> float | None:
    """Brennan–Prediger: chance agreement 1/q, every category equally likely."""
    if not len(a) or len(categories) < 2:
        return None
    pe = 1 / len(categories)
    return (float(np.mean(np.asarray(a) == np.asarray(b))) - pe) / (1 - pe)


def coefficients(a: Sequence, b: Sequence, categories: Sequence = BINARY) -> dict[str, float | None]:
    """Every statistic of :data:`STATISTICS` for two coders' ratings of the same units."""
    return {
        "percent_agreement": percent_agreement(a, b),
        "cohen_kappa": cohen_kappa(a, b, categories),
        "krippendorff_alpha": krippendorff_alpha(a, b, categories),
        "gwet_ac1": gwet_ac1(a, b, categories),
        "brennan_prediger": brennan_prediger(a, b, categories),
    }


def binary_coefficients(tables: np.ndarray) -> dict[str, np.ndarray]:
    """Every statistic from 2 × 2 tables ``[..., (both, a_only, b_only, neither)]``; NaN where undefined.

    κ = (p_o − p_e) / (1 − p_e) with p_e from the two coders' own margins (Cohen 1960);
    α = 1 − (n − 1)(a_only + b_only) / (n_0 n_1) with n = 2N pairable values and n_v the
    values v in the coincidence matrix (Krippendorff 2011, binary data, two observers);
    AC1 with p_e = 2π(1 − π), π the coders' mean share of 1s; Brennan–Prediger 2p_o − 1.
    """
    t = np.asarray(tables, dtype=float)
    both, a_only, b_only, neither = (t[..., i] for i in range(4))
    n = both + a_only + b_only + neither
    with np.errstate(divide="ignore", invalid="ignore"):
        po = (both + neither) / n
        pa, pb = (both + a_only) / n, (both + b_only) / n
        pe_kappa = pa * pb + (1 - pa) * (1 - pb)
        kappa = np.where(pe_kappa < 1, (po - pe_kappa) / (1 - pe_kappa), np.nan)
        ones, zeros = 2 * both + a_only + b_only, 2 * neither + a_only + b_only
        alpha = np.where(ones * zeros > 0, 1 - (2 * n - 1) * (a_only + b_only) / (ones * zeros), np.nan)
        pi = (pa + pb) / 2
        pe_ac1 = 2 * pi * (1 - pi)
        ac1 = (po - pe_ac1) / (1 - pe_ac1)
        return {
            "percent_agreement": po,
            "cohen_kappa": kappa,
            "krippendorff_alpha": alpha,
            "gwet_ac1": ac1,
            "brennan_prediger": 2 * po - 1,
        }


def table_of(a: Sequence, b: Sequence) -> np.ndarray:
    """The 2 × 2 table ``(both, a_only, b_only, neither)`` of two binary rating vectors."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    return np.array([np.sum(a & b), np.sum(a & ~b), np.sum(~a & b), np.sum(~a & ~b)], dtype=np.int64)


def resample_weights(n_studies: int, replicates: int = REPLICATES, seed: int = SEED) -> np.ndarray | None:
    """How often each study is drawn in each bootstrap replicate (replicates × studies); None below 2
    studies."""
    if n_studies < 2:
        return None
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_studies, np.full(n_studies, 1 / n_studies), size=replicates)


def bootstrap_ci(
    study_tables: np.ndarray, weights: np.ndarray | None
) -> dict[str, tuple[float, float] | None]:
    """Percentile 95 % intervals of every statistic, resampling studies (rows of ``study_tables``, studies ×
    4).

    Replicates in which a statistic is undefined are left out of its interval; a statistic
    undefined in every replicate, or fewer than two studies, has no interval (None).
    """
    if weights is None:
        return dict.fromkeys(STATISTICS)
    values = binary_coefficients(weights @ np.asarray(study_tables, dtype=np.int64))
    out: dict[str, tuple[float, float] | None] = {}
    for name in STATISTICS:
        v = values[name]
        v = v[~np.isnan(v)]
        out[name] = (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) if len(v) else None
    return out
