"""How QDA tools count characters, and the conversion of their positions to studykit's.

REFI-QDA 1.5 §10.2 counts Unicode code points from 0 in the plain-text file. Tools differ:
NVivo counts UTF-16 code units (a character outside the Basic Multilingual Plane, such as an
emoji, counts two) and counts a Windows line end (CRLF) as two; ATLAS.ti counts CRLF as one.
A byte-order mark is never counted. studykit stores sources with LF line ends, so every
position is finally mapped onto that text. :func:`choose_counting` picks the counting of an imported
project: its tool's, unless its texts show another fits the selections better.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ...corpus.problems import Said
from .records import RefiProject

_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Counting:
    """A way of counting: by code point or UTF-16 unit, CRLF as two characters or one."""

    utf16: bool = False
    crlf_as_one: bool = False

    @property
    def label(self) -> Said:
        """What it counts, as a text of the message catalogue (``refi.counting_label``), stated in a language
        where it is printed."""
        unit = Said("refi.unit.utf16" if self.utf16 else "refi.unit.codepoint", {})
        crlf = Said("refi.crlf.one" if self.crlf_as_one else "refi.crlf.two", {})
        return Said("refi.counting_label", {"unit": unit, "crlf": crlf})

    def as_json(self) -> dict:
        return {"unit": "utf16" if self.utf16 else "codepoint", "crlf": 1 if self.crlf_as_one else 2}


STANDARD = Counting()
NVIVO = Counting(utf16=True)
ATLAS = Counting(crlf_as_one=True)
ALL = (STANDARD, NVIVO, ATLAS, Counting(utf16=True, crlf_as_one=True))


def for_origin(origin: str | None) -> Counting:
    """The counting a tool is known to use, from the Project's ``origin`` attribute."""
    name = (origin or "").lower()
    if "nvivo" in name:
        return NVIVO
    if "atlas" in name:
        return ATLAS
    return STANDARD


def stored_text(text: str) -> str:
    """The text as studykit stores a source: CRLF and lone CR become LF (a BOM is already gone)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Positions:
    """Maps a tool's (start, end) on one source text to a span of the stored (LF) text."""

    def __init__(self, text: str, counting: Counting):
        self.counting = counting
        self.stored = stored_text(text)
        # the text as the tool counts it, and for each of its code points the stored index
        seen = stored_text(text) if counting.crlf_as_one else text
        if counting.crlf_as_one:
            to_stored = list(range(len(seen) + 1))
        else:
            to_stored, j, i = [], 0, 0
            while i < len(seen):
                to_stored.append(j)
                if seen[i] == "\r" and i + 1 < len(seen) and seen[i + 1] == "\n":
                    to_stored.append(j)  # the LF of a CRLF shares the stored index of the line end
                    i += 2
                else:
                    i += 1
                j += 1
            to_stored.append(j)
        self._to_stored = to_stored
        self._units = None
        if counting.utf16:  # cumulative UTF-16 units before each code point
            units, n = [], 0
            for ch in seen:
                units.append(n)
                n += 2 if ord(ch) > 0xFFFF else 1
            units.append(n)
            self._units = units
        self.length = self._units[-1] if self._units else len(seen)

    def _code_point(self, position: int) -> int | None:
        if self._units is None:
            return position
        k = bisect_left(self._units, position)
        return (
            k if k < len(self._units) and self._units[k] == position else None
        )  # None: inside a surrogate pair

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The stored span of a selection, or None when it is outside the text or splits a character."""
        if not 0 <= start <= end <= self.length:
            return None
        a, b = self._code_point(start), self._code_point(end)
        if a is None or b is None:
            return None
        return self._to_stored[a], self._to_stored[b]


def clean_boundaries(text: str, span: tuple[int, int] | None) -> bool:
    """True when a span starts and ends between words, as coders select: evidence for a counting."""
    if span is None:
        return False
    start, end = span
    if start >= end:
        return False
    starts_clean = start == 0 or not (_WORD.match(text[start - 1]) and _WORD.match(text[start]))
    ends_clean = end == len(text) or not (_WORD.match(text[end - 1]) and _WORD.match(text[end]))
    return starts_clean and ends_clean


def choose_counting(project: RefiProject) -> tuple[Counting, Said]:
    """The origin's counting unless the texts show another one fits the selections better, and why (a text of
    the message catalogue: ``refi.why.*``, with the figures it rests on)."""
    default = for_origin(project.origin)
    origin = project.origin
    said = Said("refi.why.origin", {"origin": origin}) if origin else Said("refi.why.standard", {})
    pairs = [(s, sel) for s in project.sources if s.text is not None for sel in s.selections]
    texts = [s.text for s in project.sources if s.text is not None and s.selections]
    if not any("\r\n" in t for t in texts) and not any(max(map(ord, t), default=0) > 0xFFFF for t in texts):
        return default, Said("refi.why.agree", {"said": said})
    positions = {
        c: {s.guid: Positions(s.text, c) for s in project.sources if s.text is not None} for c in ALL
    }
    score = {
        c: sum(
            clean_boundaries(positions[c][s.guid].stored, positions[c][s.guid].span(sel.start, sel.end))
            for s, sel in pairs
        )
        for c in ALL
    }
    best = max(ALL, key=lambda c: (score[c], c == default))
    n = len(pairs)
    if score[default] >= score[best]:
        return default, Said("refi.why.fits", {"said": said, "fit": score[default], "n": n})
    values = {"fit": score[best], "n": n, "default_fit": score[default], "said": said, "label": default.label}
    return best, Said("refi.why.detected", values)


def why_json(why: Said) -> dict:
    """The machine-readable part of a counting's reason: ``basis`` (``agree``, ``fits``, ``detected``) and its
    figures (``fit`` of ``n`` selections, ``default_fit`` with the origin's counting)."""
    figures = {k: v for k, v in why.values.items() if isinstance(v, int)}
    return {"basis": why.key.removeprefix("refi.why."), **figures}
