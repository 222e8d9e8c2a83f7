"""Locate verbatim quotes in their source texts.

A quote matches when its words appear in the source in the same order with
any run of whitespace (spaces, tabs, line breaks) between them: sources are
scraped abstracts whose line breaks and tabs a coder cannot reproduce. Offsets
are Python string indices (code points) into the raw source text, so that
``text[start:end]`` is the quoted span exactly as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")


def normalize_whitespace(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends."""
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class IndexedSource:
    """A source text with a whitespace-normalized copy and an offset map back to the raw text."""

    text: str
    normalized: str
    starts: tuple[int, ...]  # raw offset of each normalized character

    @classmethod
    def of(cls, text: str) -> "IndexedSource":
        normalized: list[str] = []
        starts: list[int] = []
        for match in re.finditer(r"\S+", text):
            if normalized:
                normalized.append(" ")
                starts.append(match.start())
            normalized.append(match.group())
            starts.extend(range(match.start(), match.end()))
        return cls(text, "".join(normalized), tuple(starts))

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Return (start, end) of the first occurrence of ``quote`` in the raw text, or None."""
        needle = normalize_whitespace(quote)
        if not needle:
            return None
        at = self.normalized.find(needle)
        if at < 0:
            return None
        last = at + len(needle) - 1
        return self.starts[at], self.starts[last] + 1


@lru_cache(maxsize=4096)
def index_source(text: str) -> IndexedSource:
    """Index a source once; many findings share one source."""
    return IndexedSource.of(text)


def locate_quote(source_text: str, quote: str) -> tuple[int, int] | None:
    """Find ``quote`` in ``source_text``; see the module docstring for the matching rule."""
    return index_source(source_text).locate(quote)
