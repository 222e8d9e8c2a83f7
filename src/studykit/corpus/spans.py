"""Spans of a text, ``(start, end)`` character positions: their union, and whether a position is in it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


def union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans merged where they overlap or touch, in text order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


class Covered:
    """Whether a position falls in any of many spans, as one look-up whatever their number (a 1 MB sentence
    of thousands of negated parts, each technique in it asked about)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged = union(spans)
        self.starts, self.ends = [s for s, _ in merged], [e for _, e in merged]

    def __contains__(self, position: int) -> bool:
        i = bisect_right(self.starts, position) - 1
        return i >= 0 and position < self.ends[i]
