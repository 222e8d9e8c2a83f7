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

from .readable import hyphenation_at, readable

_LONG_RUN = re.compile(r"\s\s+")  # \s and str.isspace() (used by str.split) agree on every code point


def normalize_whitespace(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends."""
    return " ".join(text.split())


@dataclass(frozen=True)
class IndexedSource:
    """A source text with a whitespace-normalized copy and the map of offsets between them.

    A normalized offset is shifted against the raw text by the leading
    whitespace and by every whitespace run longer than one character before it.
    Sources have only a few such runs (paragraph breaks), so the map is a short
    list of (normalized offset, shift) steps, found with C-level string passes;
    this keeps indexing cheap when every study brings its own source.
    """

    text: str
    normalized: str
    steps: tuple[int, ...]  # normalized offsets from which ...
    shifts: tuple[int, ...]  # ... raw offset = normalized offset + shift

    @classmethod
    def of(cls, text: str) -> IndexedSource:
        normalized = normalize_whitespace(text)
        lead = len(text) - len(text.lstrip())
        steps, shifts = [0], [lead]
        if len(normalized) != len(text.strip()):  # else every inner run is a single character
            for run in _LONG_RUN.finditer(text, lead):
                shifts.append(shifts[-1] + run.end() - run.start() - 1)
                steps.append(run.end() - shifts[-1])
        return cls(text, normalized, tuple(steps), tuple(shifts))

    def _raw(self, at: int) -> int:
        return at + self.shifts[bisect_right(self.steps, at) - 1]

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Return (start, end) of the first occurrence of ``quote`` in the raw text, or None."""
        needle = normalize_whitespace(quote)
        if not needle:
            return None
        at = self.normalized.find(needle)
        if at < 0:
            return None
        # Both ends are inside words (a normalized needle is stripped), where the map is exact.
        return self._raw(at), self._raw(at + len(needle) - 1) + 1


@lru_cache(maxsize=4096)
def index_source(text: str) -> IndexedSource:
    """Index a source once; many findings share one source."""
    return IndexedSource.of(text)


def locate_quote(source_text: str, quote: str) -> tuple[int, int] | None:
    """Find ``quote`` in ``source_text``; see the module docstring for the matching rule."""
    return index_source(source_text).locate(quote)


def _in_word(ch: str) -> bool:
    return ch.isalnum()


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """A selection ``text[start:end]`` widened to whole words and stripped of outer whitespace.

    Returns the new (start, end) and whether it moved. A coder's mouse selection often
    starts or ends inside a word; a quote cut mid-word reads as a different word, so the
    selection takes the whole word, and says so. A word hyphenated at a line end of the source is one
    word where the quote is shown as one (:func:`.readable.hyphenation_at`): a span ending at *masya-* (or
    *masya*) or starting at *rakat* of ``masya-\\nrakat`` takes the other half too; a hyphen the word keeps
    (``anak-\\nanak``, ``COVID-\\n19``) is a word's edge, as in ``anak-anak``. This is the one rule of
    ``validate`` (:func:`locate_words`) and of the workbench's selections. Raises ValueError for a span
    outside the text.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside the text (0:{len(text)})")
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e:
        while s > 0 and _in_word(text[s - 1]) and _in_word(text[s]):
            s -= 1
        while e < len(text) and _in_word(text[e]) and _in_word(text[e - 1]):
            e += 1
        went_on, goes_on = hyphenation_at(text, s), hyphenation_at(text, e)
        wider_s, wider_e = went_on[0] if went_on else s, goes_on[1] if goes_on else e  # the other half too
        while went_on and wider_s > 0 and _in_word(text[wider_s - 1]):
            wider_s -= 1
        while goes_on and wider_e < len(text) and _in_word(text[wider_e]):
            wider_e += 1
        if (wider_s, wider_e) == (s, e):
            break
        s, e = wider_s, wider_e
    return s, e, (s, e) != (start, end)


def locate_words(index: IndexedSource, quote: str) -> tuple[int, int, bool] | None:
    """(start, end, on word boundaries) of the first occurrence of ``quote`` that starts and ends on word
    boundaries, else of its first occurrence (flagged False); None if it does not occur."""
    needle = normalize_whitespace(quote)
    if not needle:
        return None
    first = None
    at = index.normalized.find(needle)
    while at >= 0:
        span = index._raw(at), index._raw(at + len(needle) - 1) + 1
        if not snap_to_words(index.text, *span)[2]:
            return (*span, True)
        first = first or span
        at = index.normalized.find(needle, at + 1)
    return (*first, False) if first else None


def _differs(index: IndexedSource, quote: str, lang: str) -> str:
    """Where a quote not found parts from the source: the longest start of it that the source holds, and what
    follows there in each (binary search: a start that occurs has every shorter start occurring too)."""
    from .advice import advice

    needle, hay = normalize_whitespace(quote), index.normalized
    lo, hi = 0, len(needle)  # needle[:lo] occurs, needle[:hi + 1] does not
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if hay.find(needle[:mid]) >= 0:
            lo = mid
        else:
            hi = mid - 1
    if lo < 8:  # no start long enough to say where: perhaps only the case differs
        return advice("quote_case", lang) if needle.casefold() in hay.casefold() else ""
    at = hay.find(needle[:lo]) + lo
    return advice(
        "quote_differs",
        lang,
        before=needle[max(0, lo - 30) : lo],
        source=hay[at : at + 12],
        quote=needle[lo : lo + 12],
    )


def _word(text: str, at: int) -> str:
    """The whole word that holds ``text[at]`` (the halves of a word hyphenated at a line end too)."""
    s, e, _ = snap_to_words(text, at, at + 1)
    return text[s:e]


def _halves(index: IndexedSource, at: int, lang: str) -> str:
    """What to do with a word hyphenated at a line end that a quote cuts: take both halves (else "")."""
    from .advice import advice

    word = _word(index.text, at)
    shown = normalize_whitespace(word)
    return advice("cut_hyphenated", lang, halves=shown) if readable(word) != shown else ""


def quote_problem(
    index: IndexedSource, quote: str, source_name: str, lang: str = "en"
) -> tuple[tuple[int, int] | None, str | None]:
    """The span of ``quote`` in the source and, if it cannot be used, why (not found, or cut mid-word), in
    ``lang``."""
    from .advice import advice

    found = locate_words(index, quote)
    if found is None:
        return None, advice("quote_not_found", lang, source=source_name) + _differs(index, quote, lang)
    start, end, on_words = found
    if on_words:
        return (start, end), None
    snapped_start, snapped_end, _ = snap_to_words(index.text, start, end)
    cut = []
    if snapped_start != start:
        cut.append(
            advice("cut_start", lang, word=readable(_word(index.text, start))) + _halves(index, start, lang)
        )
    if snapped_end != end:
        cut.append(
            advice("cut_end", lang, word=readable(_word(index.text, end - 1))) + _halves(index, end - 1, lang)
        )
    where = f" {advice('and', lang)} ".join(cut)
    return (start, end), advice("quote_cut", lang, where=where, source=source_name)
