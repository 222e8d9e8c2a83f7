"""Prime implicants: R ``QCA``'s QMC (conservative, intermediate) and CCubes (parsimonious) searches.

Terms are coded as in R: one integer per condition, 0 when the condition is absent from the
term and ``v + 1`` when it requires level ``v``. Both searches return every prime implicant
that R returns, in R's order (``sort_matrix`` / ``sort_cols`` in the C sources, including
their handling of a condition that no implicant leaves out).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from .errors import QCAError, QCALimitError


# --------------------------------------------------------------------------------------
# ordering
def r_sort(terms: np.ndarray) -> list[int]:
    """Order of ``terms`` (rows, coded) as R's C ``sort_matrix`` / ``sort_cols`` leave it.

    For every condition from the last to the first: a stable sort by decreasing code, then
    an increasing stable sort of the rows before the first row not using the condition (R
    takes all rows but the last one when every row uses it); finally a stable sort by the
    number of literals.
    """
    terms = np.asarray(terms)
    n = terms.shape[0]
    if n == 0:
        return []
    order = list(range(n))
    for i in range(terms.shape[1] - 1, -1, -1):
        col = terms[:, i].tolist()
        order.sort(key=lambda t: -col[t])
        zeroidx = n - 1
        for pos, t in enumerate(order):
            if col[t] == 0:
                zeroidx = pos
                break
        if zeroidx > 1:
            head = order[:zeroidx]
            head.sort(key=lambda t: col[t])
            order[:zeroidx] = head
    ck = (terms > 0).sum(axis=1).tolist()
    order.sort(key=lambda t: ck[t])
    return order


# --------------------------------------------------------------------------------------
# coverage
def cover_matrix(terms: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Boolean (terms, rows): does the term (coded) contain the configuration (levels)?"""
    terms = np.atleast_2d(np.asarray(terms))
    rows = np.atleast_2d(np.asarray(rows))
    out = np.empty((terms.shape[0], rows.shape[0]), dtype=bool)
    if terms.shape[0] == 0 or rows.shape[0] == 0:
        return out.reshape(terms.shape[0], rows.shape[0])
    chunk = max(1, 4_000_000 // max(1, rows.size))
    for s in range(0, terms.shape[0], chunk):
        t = terms[s : s + chunk]
        ok = (t[:, None, :] == 0) | (t[:, None, :] == rows[None, :, :] + 1)
        out[s : s + chunk] = ok.all(axis=2)
    return out


# --------------------------------------------------------------------------------------
# QMC, as R's C_QMC
def qmc(rows: np.ndarray, noflevels: Sequence[int]) -> np.ndarray:
    """All prime implicants of the function that is true exactly on ``rows`` (levels).

    Follows R's ``C_QMC`` pass by pass (pairs in index order, merged terms first, then the
    terms that did not merge), so that the result has R's order before sorting; the result
    is then sorted with :func:`r_sort`.
    """
    tm = np.asarray(rows, dtype=np.int64) + 1
    if tm.ndim != 2:
        raise ValueError("rows must be 2-D")
    nofl = list(noflevels)
    nconds = tm.shape[1]
    while tm.shape[0] > 1:
        n = tm.shape[0]
        minimized = np.zeros(n, dtype=bool)
        found: list[tuple[int, ...]] = []
        found_set: set[tuple[int, ...]] = set()
        tl = tm.tolist()
        for a in range(n - 1):
            diff = tm[a + 1 :] != tm[a]
            nd = diff.sum(axis=1)
            cand = np.flatnonzero(nd == 1)
            if cand.size == 0:
                continue
            for j in cand.tolist():
                b = a + 1 + j
                w = int(np.flatnonzero(diff[j])[0])
                if tl[a][w] == 0 or tl[b][w] == 0:
                    continue
                temp = list(tl[a])
                temp[w] = 0
                minrows = [a, b]
                need = nofl[w]
                if need > 2:
                    for c in range(n):
                        if len(minrows) >= need:
                            break
                        if c == a or c == b:
                            continue
                        rowc = tl[c]
                        if all(temp[r] == rowc[r] for r in range(nconds) if r != w):
                            minrows.append(c)
                if len(minrows) == need:
                    minimized[minrows] = True
                    key = tuple(temp)
                    if key not in found_set:
                        found_set.add(key)
                        found.append(key)
        if not found:
            break
        rest = tm[~minimized]
        tm = np.vstack([np.asarray(found, dtype=np.int64).reshape(-1, nconds), rest])
    return tm[r_sort(tm)]


# --------------------------------------------------------------------------------------
# CCubes-equivalent search for the parsimonious solution
def _pack(eq: np.ndarray) -> np.ndarray:
    """Pack a boolean (P, N) matrix into (P, W) uint64 words."""
    P, N = eq.shape
    nbytes = ((N + 63) // 64) * 8
    packed = np.packbits(eq, axis=1, bitorder="little")
    if packed.shape[1] < nbytes:
        packed = np.pad(packed, ((0, 0), (0, nbytes - packed.shape[1])))
    return np.ascontiguousarray(packed).view(np.uint64)


def ccubes(
    pos: np.ndarray,
    neg: np.ndarray,
    *,
    max_prime_implicants: int | None = None,
    deadline: float | None = None,
    complete: bool = False,
    max_seconds: float = float("nan"),
) -> np.ndarray:
    """Prime implicants covering at least one positive row and no negative row.

    ``pos`` and ``neg`` hold level values (rows, conditions); every other configuration is a
    remainder (``max_seconds`` only names the cap behind ``deadline``). The search goes level by level
    (number of literals), like R's CCubes, and by default stops where R stops: once the positive rows are
    covered, after two consecutive levels without a new prime implicant (``complete=True`` searches every
    level). Returns the implicants (coded) in R's order.
    """
    pos = np.asarray(pos, dtype=np.int64)
    neg = np.asarray(neg, dtype=np.int64)
    P, C = pos.shape
    N = neg.shape[0]
    if N == 0:
        raise QCAError(
            "all truth table configurations are used, all conditions are minimized; check the truth table"
        )
    # agreement bitsets per condition: bit n set when positive row p and negative row n agree
    A = np.stack([_pack(pos[:, c][:, None] == neg[:, c][None, :]) for c in range(C)])  # (C, P, W)
    maxlev = int(max(pos.max(), neg.max())) + 2
    code_base = (
        np.array([maxlev ** (C - 1 - c) for c in range(C)], dtype=np.int64) if maxlev**C < 2**62 else None
    )
    if code_base is None:
        raise QCAError("too many conditions or levels for the prime implicant search")

    found_terms: list[np.ndarray] = []  # per level: (t, C) coded
    total = 0
    covered = np.zeros(P, dtype=bool)
    counter = 0

    masks = np.array([1 << c for c in range(C)], dtype=np.int64)
    maxbit = np.arange(C, dtype=np.int64)
    agree = A.copy()  # (M, P, W)
    imp = np.bitwise_or.reduce(agree, axis=2) == 0  # (M, P)
    prime = imp.copy()  # level 1: the empty term is never an implicant (N > 0)
    bits = [1 << c for c in range(C)]
    k = 1
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise QCALimitError(
                f"prime implicant search exceeded max_seconds={max_seconds:g} at level {k}; "
                "raise the cap or reduce conditions",
                cap="max_seconds",
                limit=max_seconds,
                stage=f"searching prime implicants of {k} literals",
            )
        # collect the prime implicants of this level
        si, pi = np.nonzero(prime)
        foundk = False
        if si.size:
            sel_masks = masks[si]
            colbits = ((sel_masks[:, None] >> np.arange(C)[None, :]) & 1).astype(bool)
            coded = np.where(colbits, pos[pi] + 1, 0)
            keys = coded @ code_base
            _, first_idx = np.unique(keys, return_index=True)
            uniq = coded[first_idx]
            # R's discovery order: condition subsets in lexicographic order, then the first
            # positive row (in truth table order) that the implicant covers
            firstp = pi[first_idx].tolist()
            subsets = [tuple(j for j, v in enumerate(row) if v) for row in uniq.tolist()]
            order = sorted(range(len(subsets)), key=lambda t: (subsets[t], firstp[t]))
            uniq = uniq[order]
            found_terms.append(uniq)
            total += uniq.shape[0]
            foundk = True
            if max_prime_implicants is not None and total > max_prime_implicants:
                raise QCALimitError(
                    f"{total:,} prime implicants exceed max_prime_implicants={max_prime_implicants:,} "
                    f"(at {k} literals); raise the cap or reduce conditions",
                    cap="max_prime_implicants",
                    limit=max_prime_implicants,
                    value=total,
                    stage=f"at {k} literals",
                )
            covered |= prime.any(axis=0)
        if not complete and covered.all():
            counter = 0 if foundk else counter + 1
            if counter > 1:
                break
        if k >= C:
            break
        # subsets whose every positive row is already an implicant have no prime supersets
        live = ~imp.all(axis=1)
        masks, maxbit, agree, imp = masks[live], maxbit[live], agree[live], imp[live]
        if masks.size == 0:
            # no deeper prime implicants: R would keep counting empty levels
            if not complete and covered.all():
                pass
            break
        order = np.argsort(masks)
        masks, maxbit, agree, imp = masks[order], maxbit[order], agree[order], imp[order]
        est = 0
        for i in range(C):
            est += int((maxbit < i).sum())
        if est * P * agree.shape[2] * 8 > 3_000_000_000:
            raise QCALimitError(
                f"the prime implicant search needs too much memory at {k + 1} literals "
                f"({est:,} condition subsets x {P} positive rows); reduce conditions",
                cap="memory",
                limit=3_000_000_000,
            )
        new_masks, new_maxbit, new_agree = [], [], []
        for i in range(C):
            sel = np.flatnonzero(maxbit < i)
            if sel.size == 0:
                continue
            new_masks.append(masks[sel] | bits[i])
            new_maxbit.append(np.full(sel.size, i, dtype=np.int64))
            new_agree.append(agree[sel] & A[i][None, :, :])
        if not new_masks:
            break
        nm = np.concatenate(new_masks)
        nmb = np.concatenate(new_maxbit)
        na = np.concatenate(new_agree)
        nimp = np.bitwise_or.reduce(na, axis=2) == 0
        anysub = np.zeros_like(nimp)
        for j in range(C):
            has = (nm & bits[j]) != 0
            if not has.any():
                continue
            idx_rows = np.flatnonzero(has)
            sub = nm[idx_rows] ^ bits[j]
            loc = np.searchsorted(masks, sub)
            loc_c = np.minimum(loc, masks.size - 1)
            hit = masks[loc_c] == sub
            subimp = np.ones((idx_rows.size, P), dtype=bool)
            subimp[hit] = imp[loc_c[hit]]
            anysub[idx_rows] |= subimp
        prime = nimp & ~anysub
        masks, maxbit, agree, imp = nm, nmb, na, nimp
        k += 1
    if not found_terms:
        return np.zeros((0, C), dtype=np.int64)
    allterms = np.vstack(found_terms)
    return allterms[r_sort(allterms)]
