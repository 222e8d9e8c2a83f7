"""Exact minimum set cover of a prime implicant chart: every tied minimum cover.

R's ``solveChart`` / ``find_models`` list every combination of the minimum number of prime
implicants that covers all positive rows. The same set is found here by branch and bound:
essential implicants are taken first, dominated rows dropped (exact: a cover of the
dominating row covers them), implicants whose rows are a subset of another's are set aside
and put back afterwards by substitution (every tied minimum cover is recovered), and the
remaining chart is searched with a lower bound from pairwise disjoint rows.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from .errors import QCAError, QCALimitError


def _bits(x: int):
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low


class _Search:
    def __init__(self, cover: list[int], colsets: dict[int, int], nrows_all: int,
                 max_models: int | None, deadline: float | None, max_seconds: float | None) -> None:
        self.cover = cover  # column -> bitset of rows
        self.colsets = colsets  # row -> bitset of columns
        self.max_models = max_models
        self.deadline = deadline
        self.max_seconds = max_seconds
        self.best = 1 << 60
        self.sols: list[list[int]] = []
        self.overflow = False
        self.nodes = 0
        # rows ordered by number of candidate columns, for the lower bound
        self.row_order = sorted(colsets, key=lambda r: colsets[r].bit_count())

    def greedy(self, uncov: int, allowed: int) -> int:
        count = 0
        while uncov:
            best_c, best_n = -1, 0
            for c in _bits(allowed):
                n = (self.cover[c] & uncov).bit_count()
                if n > best_n:
                    best_c, best_n = c, n
            if best_c < 0:
                return 1 << 60
            uncov &= ~self.cover[best_c]
            count += 1
        return count

    def lower_bound(self, uncov: int, allowed: int) -> int:
        used = 0
        lb = 0
        colsets = self.colsets
        for r in self.row_order:
            if (uncov >> r) & 1:
                cs = colsets[r] & allowed
                if cs & used == 0:
                    used |= cs
                    lb += 1
        return lb

    def record(self, chosen: list[int]) -> None:
        k = len(chosen)
        if k < self.best:
            self.best = k
            self.sols = [list(chosen)]
            self.overflow = False
        elif k == self.best:
            if self.max_models is not None and len(self.sols) >= self.max_models:
                self.overflow = True
            else:
                self.sols.append(list(chosen))

    def dfs(self, uncov: int, allowed: int, chosen: list[int]) -> None:
        self.nodes += 1
        if self.deadline is not None and (self.nodes & 1023) == 0 and time.monotonic() > self.deadline:
            raise QCALimitError(
                f"solving the prime implicant chart exceeded max_seconds={self.max_seconds:g}; "
                "raise the cap or reduce conditions",
                cap="max_seconds",
                limit=self.max_seconds if self.max_seconds is not None else float("nan"),
            )
        if uncov == 0:
            self.record(chosen)
            return
        if len(chosen) + 1 > self.best:
            return
        # row with the fewest candidate columns
        best_r, best_n, best_cs = -1, 1 << 30, 0
        colsets = self.colsets
        for r in _bits(uncov):
            cs = colsets[r] & allowed
            n = cs.bit_count()
            if n < best_n:
                best_r, best_n, best_cs = r, n, cs
                if n <= 1:
                    break
        if best_n == 0:
            return
        if len(chosen) + self.lower_bound(uncov, allowed) > self.best:
            return
        cands = sorted(_bits(best_cs), key=lambda c: -(self.cover[c] & uncov).bit_count())
        for c in cands:
            chosen.append(c)
            self.dfs(uncov & ~self.cover[c], allowed, chosen)
            chosen.pop()
            allowed &= ~(1 << c)


def minimum_covers(
    cover: Sequence[int],
    nrows: int,
    *,
    max_models: int | None = None,
    max_seconds: float | None = None,
    deadline: float | None = None,
) -> list[tuple[int, ...]]:
    """Every minimum-cardinality set of columns covering all ``nrows`` rows.

    ``cover[c]`` is the bitset of rows that column ``c`` covers. Returns sorted tuples of
    column indices, in lexicographic order (R's order of models).
    """
    cover = [int(c) for c in cover]
    full = (1 << nrows) - 1
    union = 0
    for c in cover:
        union |= c
    if union & full != full:
        raise QCAError("the prime implicant chart cannot be solved: some positive rows are not covered")
    if deadline is None and max_seconds is not None:
        deadline = time.monotonic() + max_seconds
    ncols = len(cover)
    # row -> columns
    colsets_all = [0] * nrows
    for c, rows in enumerate(cover):
        for r in _bits(rows):
            colsets_all[r] |= 1 << c
    # essential columns
    essential = 0
    for r in range(nrows):
        if colsets_all[r].bit_count() == 1:
            essential |= colsets_all[r]
    uncov = full
    for c in _bits(essential):
        uncov &= ~cover[c]
    ess_list = sorted(_bits(essential))
    if uncov == 0:
        return [tuple(ess_list)]
    rows = list(_bits(uncov))
    # row dominance: drop a row whose columns include those of another row
    rows.sort(key=lambda r: (colsets_all[r].bit_count(), r))
    kept: list[int] = []
    seen: set[int] = set()
    for r in rows:
        cs = colsets_all[r]
        if cs in seen:
            continue
        if any(colsets_all[q] & cs == colsets_all[q] for q in kept):
            continue
        kept.append(r)
        seen.add(cs)
    keep_rows = 0
    for r in kept:
        keep_rows |= 1 << r
    # columns restricted to the remaining rows; column dominance (subset of another column)
    restricted = {c: cover[c] & keep_rows for c in range(ncols) if not (essential >> c) & 1}
    restricted = {c: v for c, v in restricted.items() if v}
    cols_sorted = sorted(restricted, key=lambda c: (-restricted[c].bit_count(), c))
    # columns covering each remaining row (bitset over columns)
    rowcols: dict[int, int] = {r: 0 for r in kept}
    for c, v in restricted.items():
        for r in _bits(v):
            rowcols[r] |= 1 << c
    dominators: list[int] = []
    dom_mask = 0
    dominated_by: dict[int, list[int]] = {}
    for c in cols_sorted:
        sup = dom_mask
        for r in _bits(restricted[c]):
            sup &= rowcols[r]
            if not sup:
                break
        if sup:
            for d in _bits(sup):
                dominated_by.setdefault(d, []).append(c)
        else:
            dominators.append(c)
            dom_mask |= 1 << c
    # relabel rows and columns of the reduced chart
    rindex = {r: i for i, r in enumerate(kept)}
    red_cover = []
    for d in dominators:
        v = 0
        for r in _bits(restricted[d]):
            v |= 1 << rindex[r]
        red_cover.append(v)
    colsets: dict[int, int] = {i: 0 for i in range(len(kept))}
    for j, v in enumerate(red_cover):
        for r in _bits(v):
            colsets[r] |= 1 << j
    search = _Search(red_cover, colsets, len(kept), max_models, deadline, max_seconds)
    allowed = (1 << len(red_cover)) - 1
    search.best = search.greedy((1 << len(kept)) - 1, allowed)
    search.dfs((1 << len(kept)) - 1, allowed, [])
    reduced_models = search.sols
    if search.overflow:
        raise QCALimitError(
            f"more than {max_models:,} tied minimal models exceed max_models={max_models:,}; "
            "raise the cap or reduce conditions",
            cap="max_models",
            limit=max_models,
        )
    # put dominated columns back: each member of a reduced model may be replaced by any
    # column whose rows it contains, as long as the set still covers every row
    results: set[tuple[int, ...]] = set()

    def expand(members: list[int]) -> None:
        options = []
        for d in members:
            options.append([d] + [c for c in dominated_by.get(d, [])])
        m = len(members)
        suffix = [0] * (m + 1)
        for i in range(m - 1, -1, -1):
            suffix[i] = suffix[i + 1] | restricted[members[i]]
        chosen: list[int] = []

        def rec(i: int, cov: int) -> None:
            if (cov | suffix[i]) & keep_rows != keep_rows:
                return
            if i == m:
                if len(set(chosen)) == m:
                    results.add(tuple(sorted(ess_list + chosen)))
                    if max_models is not None and len(results) > max_models:
                        raise QCALimitError(
                            f"more than {max_models:,} tied minimal models exceed max_models={max_models:,}; "
                            "raise the cap or reduce conditions",
                            cap="max_models",
                            limit=max_models,
                            value=len(results),
                        )
                return
            for c in options[i]:
                chosen.append(c)
                rec(i + 1, cov | restricted[c])
                chosen.pop()

        rec(0, 0)

    for model in reduced_models:
        expand([dominators[j] for j in model])
        if deadline is not None and time.monotonic() > deadline:
            raise QCALimitError(
                f"solving the prime implicant chart exceeded max_seconds={max_seconds:g}; raise the cap or reduce conditions",
                cap="max_seconds",
                limit=max_seconds if max_seconds is not None else float("nan"),
            )
    return sorted(results)
