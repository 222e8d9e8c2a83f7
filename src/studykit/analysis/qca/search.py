"""Branch and bound over a reduced prime implicant chart: every minimum cover, ties included.

The chart arrives reduced (essential implicants taken, dominated rows dropped, dominated
implicants set aside) from :func:`studykit.analysis.qca.chart.minimum_covers`. The search
branches on the row with the fewest candidate implicants and prunes with two lower bounds
(pairwise disjoint rows; rows priced by the largest implicant covering them). With one
implicant left to choose, the rows' candidate sets are intersected instead of branching.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .errors import QCALimitError


def bits(x: int):
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low


class CoverSearch:
    """One branch-and-bound search of a reduced chart for every minimum cover, within the caps."""

    def __init__(
        self,
        cover: list[int],
        colsets: dict[int, int],
        nrows_all: int,
        max_models: int | None,
        deadline: float | None,
        max_seconds: float | None,
    ) -> None:
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
        self.nrows = nrows_all
        self.ncols = len(cover)
        self.rbytes = (nrows_all + 7) // 8 + 1
        self.cbytes = (self.ncols + 7) // 8 + 1
        self.M = np.zeros((self.ncols, nrows_all), dtype=np.int32)
        for c, v in enumerate(cover):
            for r in bits(v):
                self.M[c, r] = 1

    def greedy(self, uncov: int, allowed: int) -> int:
        count = 0
        while uncov:
            best_c, best_n = -1, 0
            for c in bits(allowed):
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

    def price_bound(self, uncov: int, allowed: int) -> int:
        """Each row costs 1 / (most rows any allowed column covering it still covers); a
        cover costs at least the sum (every column's rows cost at most 1 in total)."""
        U = np.unpackbits(
            np.frombuffer(uncov.to_bytes(self.rbytes, "little"), dtype=np.uint8), bitorder="little"
        )[: self.nrows].astype(bool)
        A = np.unpackbits(
            np.frombuffer(allowed.to_bytes(self.cbytes, "little"), dtype=np.uint8), bitorder="little"
        )[: self.ncols].astype(bool)
        sub = self.M[A][:, U]
        sizes = sub.sum(axis=1)
        best = (sub * sizes[:, None]).max(axis=0)
        if (best == 0).any():
            return 1 << 30
        total = float((1.0 / best).sum())
        return int(math.ceil(total - 1e-9))

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

    def last_column(self, uncov: int, allowed: int, chosen: list[int]) -> None:
        """One column left: every allowed column covering all uncovered rows completes a tie.

        Intersecting the rows' column sets replaces a node per candidate column (most nodes
        of the search are such leaves).
        """
        colsets = self.colsets
        cs = allowed
        for r in bits(uncov):
            cs &= colsets[r]
            if not cs:
                return
        for c in bits(cs):
            chosen.append(c)
            self.record(chosen)
            chosen.pop()

    def dfs(self, uncov: int, allowed: int, chosen: list[int]) -> None:
        self.nodes += 1
        if self.deadline is not None and (self.nodes & 1023) == 0 and time.monotonic() > self.deadline:
            raise QCALimitError(
                f"solving the prime implicant chart exceeded max_seconds={self.max_seconds:g}; "
                "raise the cap or reduce conditions",
                cap="max_seconds",
                limit=self.max_seconds if self.max_seconds is not None else float("nan"),
                stage="solving the prime implicant chart",
            )
        if uncov == 0:
            self.record(chosen)
            return
        budget = self.best - len(chosen)  # columns still allowed for a tie
        if budget < 1:
            return
        if budget == 1:
            self.last_column(uncov, allowed, chosen)
            return
        # row with the fewest candidate columns
        best_n, best_cs = 1 << 30, 0
        colsets = self.colsets
        for r in bits(uncov):
            cs = colsets[r] & allowed
            n = cs.bit_count()
            if n < best_n:
                best_n, best_cs = n, cs
                if n <= 1:
                    break
        if best_n == 0:
            return
        if len(chosen) + self.lower_bound(uncov, allowed) > self.best:
            return
        if len(chosen) + self.price_bound(uncov, allowed) > self.best:
            return
        cands = sorted(bits(best_cs), key=lambda c: -(self.cover[c] & uncov).bit_count())
        for c in cands:
            chosen.append(c)
            self.dfs(uncov & ~self.cover[c], allowed, chosen)
            chosen.pop()
            allowed &= ~(1 << c)
