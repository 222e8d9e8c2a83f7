"""Text of a source as a reader reads it: a quote or a cue label on one line, with the marks of the source's
layout taken out. The stored quote and its span stay verbatim (traceability); this is for display only.

The display rule (:func:`readable`):

* A word **hyphenated at a line end** (``mis-`` then ``kin``, a PDF's text layer) is joined: a hyphen
  between a letter and a lower-case letter, with a line break after it, is dropped with the break
  (``miskin``, ``komunikasi``). The hyphen stays, and only the break goes, where the word was hyphenated
  anyway: before a capital or a digit (``Kab. X-`` / ``Y``, ``COVID-`` / ``19``, ``2010-`` / ``2015``), and
  in an Indonesian reduplication (``anak-`` / ``anak``, ``sehari-`` / ``hari``, ``kebutuhan-`` /
  ``kebutuhannya``: one part repeats the other, four letters or more). A hyphen with no line break after it is
  the text's own and stays as it is (``sosial-ekonomi``, a suspended ``pra- dan pascasarjana``). A
  compound hyphenated in the source and broken exactly at its hyphen (``sosial-`` / ``ekonomi``) reads as
  one word: no rule tells it from ``komu-`` / ``nikasi`` without a dictionary.
* The same for the suggester's reading of such a break (:func:`studykit.coding.segment.reflow` writes
  ``-`` and a soft hyphen U+00AD in place of the line break, and cue words are taken from that reading).
* A soft hyphen, and every other invisible **format character** (Unicode category Cf: zero-width spaces
  and joiners, the byte-order mark, direction marks and isolates), is dropped.
* Every run of whitespace is one space; the ends are stripped.
"""

from __future__ import annotations

import re
import unicodedata

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines()'s line boundaries
SOFT_HYPHEN = "\u00ad"
# a hyphen (or a soft hyphen, or both) and the whitespace after it, between two words
_HYPHENATED = re.compile(r"([-\u2010]\u00ad?|\u00ad)(\s*)(?=[^\W_])")
_MARKS = "-\u2010\u00ad"
_WORD = re.compile(r"[^\W_]+")
_PART = (
    4  # letters of the part a reduplication repeats (hari of sehari-hari); a shorter one is a suffix (-kan)
)


def _reduplication(before: str, after: str) -> bool:
    """Whether ``before``-``after`` reads as an Indonesian reduplication, whose hyphen is the word's own."""
    a, b = before.casefold(), after.casefold()
    return a == b or (len(b) >= _PART and a.endswith(b)) or (len(a) >= _PART and b.startswith(a))


def _join(m: re.Match[str]) -> str:
    mark, space = m.groups()
    text, at = m.string, m.start()
    start = at
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    if start == at or not (SOFT_HYPHEN in mark or any(ch in LINE_BREAKS for ch in space)):
        return m.group(0)  # no word before it, or the text's own hyphen (and space): sosial-ekonomi, pra- dan
    if mark == SOFT_HYPHEN:
        return ""  # an invisible hyphenation point: the word goes on
    before, after = text[start:at], _WORD.match(text, m.end()).group()
    if before[-1].isalpha() and after[0].islower() and not _reduplication(before, after):
        return ""  # mis- / kin: miskin
    return "-"  # X- / Y, anak- / anak: the hyphen is the word's own


def hyphenation_at(text: str, at: int) -> tuple[int, int] | None:
    """The span of the line-end hyphenation (its hyphen and the line break after it) that ``at`` is at, before
    or after, if :func:`readable` joins the word there (``masya-`` / ``rakat``: one word, *masyarakat*, and a
    soft hyphen inside a word); None where there is none or the hyphen is the word's own (``anak-`` /
    ``anak``, ``COVID-`` / ``19``). Where a quote may start and end (:func:`.provenance.snap_to_words`)."""
    before = at
    while before > 0 and text[before - 1].isspace():
        before -= 1
    for p in sorted({before - 2, before - 1, at}):  # the hyphen (and soft hyphen) at or before ``at``
        if 0 <= p < len(text) and text[p] in _MARKS:
            m = _HYPHENATED.match(text, p)
            if m is not None and m.start() <= at <= m.end() and _join(m) == "":
                return m.span()
    return None


def readable(text: str) -> str:
    """``text`` (a quote, a cue's words) as shown to a reader; see the module docstring for the rule."""
    if "-" in text or "\u2010" in text or SOFT_HYPHEN in text:
        text = _HYPHENATED.sub(_join, text)
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def readable_value(value):
    """:func:`readable` of a text; any other value (a missing English quote, a link, markup) as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return readable(value)
    return value
