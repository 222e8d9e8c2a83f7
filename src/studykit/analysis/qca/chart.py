"""Exact minimum set cover of a prime implicant chart: every tied minimum cover.

R's ``solveChart`` / ``find_models`` list every combination of the minimum number of prime
implicants that covers all positive rows. The same set is found here by branch and bound:
essential implicants are taken first, dominated rows dropped (exact: a cover of the
dominating row covers them), implicants whose rows are a subset of another's are set aside
and put back afterwards by substitution (every tied minimum cover is recovered), and the
remaining chart is searched by branch and bound (:mod:`.search`).
"""

from __future__ import annotations

import time

import numpy as np

from .errors import QCAError, QCALimitError
from .search import CoverSearch, bits


def _to_int(row) -> int:
    return int.from_bytes(np.packbits(row, bitorder="little").tobytes(), "little")


def minimum_covers(
    cover,
    nrows: int | None = None,
    *,
    max_models: int | None = None,
    max_seconds: float | None = None,
    deadline: float | None = None,
    stats: dict | None = None,
) -> list[tuple[int, ...]]:
    """Every minimum-cardinality set of columns covering all rows.

    ``cover`` is a boolean matrix (columns x rows), or a sequence of row bitsets (ints) with
    ``nrows``. Returns sorted tuples of column indices in lexicographic order (R's order of
    models).
    """
    if isinstance(cover, np.ndarray) and cover.dtype == bool:
        covm = cover
        nrows = covm.shape[1]
    else:
        if nrows is None:
            raise ValueError("nrows is needed with bitset columns")
        covm = np.zeros((len(cover), nrows), dtype=bool)
        for c, v in enumerate(cover):
            v = int(v)
            for r in bits(v):
                if r < nrows:
                    covm[c, r] = True
    ncols = covm.shape[0]
    if ncols == 0 or not covm.any(axis=0).all():
        raise QCAError("the prime implicant chart cannot be solved: some positive rows are not covered")
    if deadline is None and max_seconds is not None:
        deadline = time.monotonic() + max_seconds
    # essential columns: the only cover of some row
    per_row = covm.sum(axis=0)
    ess_rows = np.flatnonzero(per_row == 1)
    ess_list = sorted(set(np.argmax(covm[:, ess_rows], axis=0).tolist())) if ess_rows.size else []
    uncov = ~covm[ess_list].any(axis=0) if ess_list else np.ones(nrows, dtype=bool)
    if not uncov.any():
        return [tuple(ess_list)]
    rows = np.flatnonzero(uncov).tolist()
    colset_of = {r: _to_int(covm[:, r]) for r in rows}
    # row dominance: drop a row whose columns include those of another row (exact)
    rows.sort(key=lambda r: (colset_of[r].bit_count(), r))
    kept: list[int] = []
    seen: set[int] = set()
    for r in rows:
        cs = colset_of[r]
        if cs in seen:
            continue
        if any(colset_of[q] & cs == colset_of[q] for q in kept):
            continue
        kept.append(r)
        seen.add(cs)
    essential_mask = np.zeros(ncols, dtype=bool)
    essential_mask[ess_list] = True
    sub = covm[:, kept]
    counts = sub.sum(axis=1)
    live_cols = np.flatnonzero((counts > 0) & ~essential_mask)
    keep_rows = (1 << len(kept)) - 1  # rows relabelled 0..len(kept)-1 from here on
    packed = np.packbits(sub[live_cols], axis=1, bitorder="little")
    restricted = {
        int(c): int.from_bytes(packed[i].tobytes(), "little") for i, c in enumerate(live_cols.tolist())
    }
    rows_of = {}
    nzc, nzr = np.nonzero(sub[live_cols])
    for c_i, r_i in zip(nzc.tolist(), nzr.tolist(), strict=False):
        rows_of.setdefault(int(live_cols[c_i]), []).append(r_i)
    # columns covering each remaining row (bitset over original column indices)
    rowcols = [0] * len(kept)
    for c, rl in rows_of.items():
        bit = 1 << c
        for r in rl:
            rowcols[r] |= bit
    cols_sorted = sorted(restricted, key=lambda c: (-counts[c], c))
    dominators: list[int] = []
    dom_mask = 0
    dominated: list[int] = []
    for c in cols_sorted:
        sup = dom_mask
        for r in rows_of[c]:
            sup &= rowcols[r]
            if not sup:
                break
        if sup:
            dominated.append(c)
        else:
            dominators.append(c)
            dom_mask |= 1 << c
    # the reduced chart: dominators only
    red_cover = [restricted[d] for d in dominators]
    colsets: dict[int, int] = {i: 0 for i in range(len(kept))}
    for j, d in enumerate(dominators):
        bit = 1 << j
        for r in rows_of[d]:
            colsets[r] |= bit
    search = CoverSearch(red_cover, colsets, len(kept), max_models, deadline, max_seconds)
    allowed = (1 << len(red_cover)) - 1
    search.best = search.greedy((1 << len(kept)) - 1, allowed)
    if stats is not None:
        stats.update(essential=len(ess_list), rows=len(kept), columns=len(dominators), greedy=search.best)
    try:
        search.dfs((1 << len(kept)) - 1, allowed, [])
    finally:
        if stats is not None:
            stats.update(nodes=search.nodes, best=search.best, reduced_models=len(search.sols))
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
    dom_arr = np.asarray(sorted(dominated), dtype=np.int64)
    dom_sub = sub[dom_arr] if dom_arr.size else np.zeros((0, len(kept)), dtype=bool)
    cache: dict[int, list[int]] = {}

    def dominated_within(d: int) -> list[int]:
        """Set-aside columns whose remaining rows are among those of column ``d``."""
        if d not in cache:
            if dom_arr.size:
                outside = ~sub[d]
                inside = ~(dom_sub[:, outside].any(axis=1))
                cache[d] = dom_arr[inside].tolist()
            else:
                cache[d] = []
        return cache[d]

    def expand(members: list[int]) -> None:
        options = []
        for d in members:
            options.append([d] + dominated_within(d))
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
                f"solving the prime implicant chart exceeded max_seconds={max_seconds:g}; raise the cap "
                "or reduce conditions",
                cap="max_seconds",
                limit=max_seconds if max_seconds is not None else float("nan"),
                stage="listing the tied models",
            )
    return sorted(results)
