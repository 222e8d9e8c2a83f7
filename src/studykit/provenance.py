"""Locate verbatim quotes in their source texts.

A quote matches when its words appear in the source in the same order with
any run of whitespace (spaces, tabs, line breaks) between them: sources are
scraped abstracts whose line breaks and tabs a coder cannot reproduce. Offsets
are Python string indices (code points) into the raw source text, so that
``text[start:end]`` is the quoted span exactly as published.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add

_WORD = re.compile(r"\S+")  # \s and str.isspace() agree on every code point, so split() finds the same words


def normalize_whitespace(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends."""
    return " ".join(text.split())


@dataclass(frozen=True)
class IndexedSource:
    """A source text with a whitespace-normalized copy and where each word starts in both.

    Offsets are kept per word, not per character, and computed by C-level passes:
    indexing is then cheap, which matters when every study brings its own source.
    """

    text: str
    normalized: str  # the words joined by single spaces
    starts: tuple[int, ...]  # offset of each word in ``normalized`` (plus one past the end)
    raw_starts: tuple[int, ...]  # offset of each word in ``text``

    @classmethod
    def of(cls, text: str) -> "IndexedSource":
        words = text.split()
        starts = tuple(accumulate(map(add, map(len, words), repeat(1)), initial=0))
        return cls(text, " ".join(words), starts, tuple(m.start() for m in _WORD.finditer(text)))

    def _raw(self, at: int) -> int:
        """Raw offset of normalized offset ``at``, which is never a joining space (needles are stripped)."""
        word = bisect_right(self.starts, at) - 1
        return self.raw_starts[word] + at - self.starts[word]

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Return (start, end) of the first occurrence of ``quote`` in the raw text, or None."""
        needle = normalize_whitespace(quote)
        if not needle:
            return None
        at = self.normalized.find(needle)
        if at < 0:
            return None
        return self._raw(at), self._raw(at + len(needle) - 1) + 1


@lru_cache(maxsize=4096)
def index_source(text: str) -> IndexedSource:
    """Index a source once; many findings share one source."""
    return IndexedSource.of(text)


def locate_quote(source_text: str, quote: str) -> tuple[int, int] | None:
    """Find ``quote`` in ``source_text``; see the module docstring for the matching rule."""
    return index_source(source_text).locate(quote)
