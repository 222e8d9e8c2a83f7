"""Configurations: rows of a truth table as level vectors, and how much each case belongs to one.

The lowest layer of the QCA package after the input checks: truth tables, fit and minimisation
all read row numbers and memberships through these functions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def mixed_base(noflevels: Sequence[int]) -> np.ndarray:
    """The place value of each condition when a configuration is read as a mixed-base number."""
    base = np.ones(len(noflevels), dtype=np.int64)
    for i in range(len(noflevels) - 2, -1, -1):
        base[i] = base[i + 1] * noflevels[i + 1]
    return base


def row_config(row: int, noflevels: Sequence[int]) -> tuple[int, ...]:
    """The configuration (one level per condition) of truth-table row ``row`` (numbered from 1)."""
    rest = row - 1
    out = []
    for b, lv in zip(mixed_base(noflevels), noflevels, strict=False):
        out.append(int(rest // b) % lv)
    return tuple(out)


def memberships(X: np.ndarray, fuzzy: Sequence[bool], configs: np.ndarray) -> np.ndarray:
    """Membership of every case (columns) in every configuration / term (rows).

    ``configs`` holds level values, or -1 where a condition is absent from a term.
    """
    configs = np.atleast_2d(np.asarray(configs))
    out = np.empty((configs.shape[0], X.shape[0]), dtype=float)
    fz = np.asarray(fuzzy, dtype=bool)
    chunk = max(1, 2_000_000 // max(1, X.shape[0] * X.shape[1]))
    for start in range(0, configs.shape[0], chunk):
        cf = configs[start : start + chunk]  # (r, C)
        v = np.broadcast_to(X[None, :, :], (cf.shape[0],) + X.shape)
        crisp = (v == cf[:, None, :]).astype(float)
        fuzz = np.where(cf[:, None, :] == 1, v, 1.0 - v)
        m = np.where(fz[None, None, :], fuzz, crisp)
        m = np.where(cf[:, None, :] < 0, 1.0, m)
        out[start : start + chunk] = m.min(axis=2)
    return out
