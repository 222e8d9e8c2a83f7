"""Parameters of fit, as R ``QCA::pof`` (sufficiency and necessity)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .configs import memberships
from .data import prepare


def _zero_small(x: float, thr: float) -> float:
    # R: incl.cov[incl.cov < thr] <- 0 (NaN stays NaN)
    return 0.0 if x < thr else float(x)


def sufficiency(term_m: np.ndarray, y: np.ndarray, zero_below: float = 1e-5):
    """Fit of the terms (rows of ``term_m``, memberships per case) and of their union.

    Returns (terms, solution): ``terms`` a list of dicts inclS, PRI, covS, covU (covU None for a
    single term) and ``solution`` a dict inclS, PRI, covS, as R's C ``C_pof``.
    """
    term_m = np.atleast_2d(term_m)
    cols = np.vstack([term_m, term_m.max(axis=0)[None, :]])
    sum_y = y.sum()
    pmin = np.minimum(cols, y[None, :])
    sum_x = cols.sum(axis=1)
    sum_pmin = pmin.sum(axis=1)
    sum_pmin_negy = np.minimum(pmin, (1 - y)[None, :]).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        incl = sum_pmin / sum_x
        pri = (sum_pmin - sum_pmin_negy) / (sum_x - sum_pmin_negy)
        cov = sum_pmin / sum_y
    T = term_m.shape[0]
    pm = pmin[:T]
    covu: list[float | None] = [None] * T
    if T > 1:
        # the largest membership among the other terms, case by case (top-two trick)
        order = np.argsort(-pm, axis=0, kind="stable")
        first = np.take_along_axis(pm, order[:1], axis=0)[0]
        second = np.take_along_axis(pm, order[1:2], axis=0)[0]
        overlap = np.empty(T)
        for c in range(T):
            others = np.where(order[0] == c, second, first)
            overlap[c] = np.minimum(pm[c], others).sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            vals = cov[:T] - overlap / sum_y
        covu = [_zero_small(v, zero_below) for v in vals.tolist()]
    il, pl, cl = incl.tolist(), pri.tolist(), cov.tolist()
    terms = [
        {
            "inclS": _zero_small(il[c], zero_below),
            "PRI": _zero_small(pl[c], zero_below),
            "covS": _zero_small(cl[c], zero_below),
            "covU": covu[c],
        }
        for c in range(T)
    ]
    solution = {
        "inclS": _zero_small(incl[T], zero_below),
        "PRI": _zero_small(pri[T], zero_below),
        "covS": _zero_small(cov[T], zero_below),
    }
    return terms, solution


@dataclass
class NecessityRow:
    """Parameters of fit of one condition as a necessary condition for the outcome."""

    term: str
    inclN: float
    RoN: float
    covN: float

    def to_dict(self) -> dict:
        return {"term": self.term, "inclN": self.inclN, "RoN": self.RoN, "covN": self.covN}


def necessity(
    data: pd.DataFrame,
    outcome: str,
    conditions: str | Iterable[str] | None = None,
    *,
    case_column: str | None = None,
) -> list[NecessityRow]:
    """Necessity of each condition and of its negation for ``outcome``, as R
    ``pof(setms = NULL, outcome, data, relation = "necessity")``.

    Rows come in R's order: for each condition ``~X`` then ``X``; with multi-value data
    ``X[v]`` for every observed value. inclN = sum(min(X, Y)) / sum(Y),
    RoN = sum(1 - X) / sum(1 - min(X, Y)), covN = sum(min(X, Y)) / sum(X).
    """
    prep = prepare(data, outcome, conditions, case_column)
    mv = any(lv > 2 for lv in prep.noflevels)
    labels: list[str] = []
    configs: list[list[int]] = []
    C = len(prep.conditions)
    for j, name in enumerate(prep.conditions):
        if mv:
            for v in sorted(set(prep.X[:, j].tolist())):
                cfg = [-1] * C
                cfg[j] = int(v)
                labels.append(f"{name}[{int(v)}]")
                configs.append(cfg)
        else:
            for v, lab in ((0, "~" + name), (1, name)):
                cfg = [-1] * C
                cfg[j] = v
                labels.append(lab)
                configs.append(cfg)
    m = memberships(prep.X, prep.fuzzy, np.asarray(configs))
    y = prep.y
    pmin = np.minimum(m, y[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        incl = pmin.sum(axis=1) / y.sum()
        ron = (1 - m).sum(axis=1) / (1 - pmin).sum(axis=1)
        cov = pmin.sum(axis=1) / m.sum(axis=1)
    return [
        NecessityRow(lab, _zero_small(incl[i], 1e-5), _zero_small(ron[i], 1e-5), _zero_small(cov[i], 1e-5))
        for i, lab in enumerate(labels)
    ]
