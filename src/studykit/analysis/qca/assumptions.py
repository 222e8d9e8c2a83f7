"""Simplifying assumptions shared by tied models: each remainder row once, each model by its terms.

A model's simplifying assumptions are the remainder rows its terms cover, so they are the union
of its terms' assumptions. Hundreds of tied models share a few dozen prime implicants: computing
and keeping the rows per term (not per model) keeps memory and output proportional to the
implicants, not to the models (issue 19, item 11: 688 tied models, 16 GB when every model held
its own copy of every row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .configs import mixed_base, row_config
from .errors import QCAError

MAX_LISTED_ROWS = 1_000_000  # remainder rows written out (each a dict of its configuration)


def covered_rows(term: np.ndarray, noflevels: Sequence[int], base: np.ndarray | None = None) -> np.ndarray:
    """Row numbers (R's, from 1, sorted) of every configuration the coded ``term`` contains."""
    base = mixed_base(noflevels) if base is None else base
    term = np.asarray(term)
    rows = np.array([int(((np.maximum(term - 1, 0)) * base)[term > 0].sum())], dtype=np.int64)
    for c in range(len(term) - 1, -1, -1):  # last condition first: the result comes out sorted
        if term[c] == 0:
            rows = (np.arange(noflevels[c], dtype=np.int64)[:, None] * base[c] + rows[None, :]).ravel()
    return rows + 1


class SharedAssumptions:
    """The remainder rows covered by each term, computed once per term and shared by every model.

    ``terms`` are coded prime implicants, ``strings`` their printed forms, ``explained`` the row
    numbers that are not remainders for this solution (the positive rows).
    """

    def __init__(
        self, terms: np.ndarray, strings: Sequence[str], noflevels: Sequence[int], explained: np.ndarray
    ) -> None:
        self.terms = np.asarray(terms)
        self.strings = list(strings)
        self.noflevels = list(noflevels)
        self.explained = np.asarray(explained, dtype=np.int64)
        self._base = mixed_base(noflevels)
        self._rows: dict[int, np.ndarray] = {}

    def of_term(self, i: int) -> np.ndarray:
        """Sorted remainder rows covered by term ``i`` (cached: tied models share their terms)."""
        if i not in self._rows:
            rows = covered_rows(self.terms[i], self.noflevels, self._base)
            self._rows[i] = rows[~np.isin(rows, self.explained, assume_unique=True)]
        return self._rows[i]

    def of_model(self, pis: Iterable[int]) -> list[int]:
        """Sorted simplifying assumptions of a model (indices of its terms)."""
        parts = [self.of_term(i) for i in pis]
        if not parts:
            return []
        return np.unique(np.concatenate(parts)).tolist()


def shared_table(models, conditions: Sequence[str], noflevels: Sequence[int]) -> dict:
    """``{"rows": [...], "by_term": {...}}``: every remainder row the models rely on, once.

    ``rows`` holds each row number with its configuration, in row order; ``by_term`` maps every
    term of a model to the row numbers it covers, in the order the terms first appear. A model's
    simplifying assumptions are the union of ``by_term[t]`` over its terms; easy counterfactuals
    (intermediate solutions) are row numbers of ``rows`` too.
    """
    by_term: dict[str, np.ndarray] = {}
    extra: list[np.ndarray] = []
    for m in models:
        shared = m.shared_assumptions
        for term, i in zip(m.terms, m.term_pis, strict=False):
            if term not in by_term:
                by_term[term] = shared.of_term(i)
        if m.easy_counterfactuals:
            extra.append(np.asarray(m.easy_counterfactuals, dtype=np.int64))
    parts = list(by_term.values()) + extra
    if sum(p.size for p in parts) > MAX_LISTED_ROWS:
        every_size = np.unique(np.concatenate(parts)).size
        if every_size > MAX_LISTED_ROWS:  # memory bounded: not millions of row dicts
            raise QCAError(
                f"the models assume {every_size:,} remainder rows, more than the {MAX_LISTED_ROWS:,} "
                "that can be listed; use the text format or leave the simplifying assumptions out "
                "(to_dict(simplifying_assumptions=False)), or use fewer conditions"
            )
    every = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
    rows = [
        {"row": r, "config": dict(zip(conditions, row_config(r, noflevels), strict=False))}
        for r in every.tolist()
    ]
    return {"rows": rows, "by_term": {t: v.tolist() for t, v in by_term.items()}}
