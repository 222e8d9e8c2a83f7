"""When two source texts are one study's: the same words after normalisation, or nearly the same.

An analyst at their 50th study easily adds a paper again from another file: a .docx and a .txt of one
abstract, a PDF's text layer and a web copy (other line breaks, words hyphenated at line ends, soft
hyphens, curly quotes, no-break spaces, a title in capitals), the abstract with or without its title
line. Byte for byte these differ; as studykit compares them they do not:

* **The same text**: equal after :func:`normalise` (Unicode NFKC, one kind of hyphen, dash and quote,
  casefold, hyphenation at line ends and inside words joined, every run of whitespace one space);
  :func:`text_key` is its digest, the key ``validate`` groups sources by.
* **Nearly the same**: the share of the smaller text's word triples (shingles of :func:`words`, the
  normalised text without punctuation) found in the other (containment) is at least :data:`NEAR`. An extra
  title line, a journal's header or a few words changed keep it high (10 of 200 words changed at random:
  0.71 at the least); two different abstracts of one programme in one city share their names and a few
  phrases, far below it (0.51 at most over 300,000 pairs of 775 coded published abstracts). Texts of fewer
  than :data:`MIN_SHINGLES` triples are compared by their key only.

:func:`fingerprint` computes both for a text once, so checking a new text against a corpus costs one read
and one pass over each existing source (``benchmarks/README.md``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

NEAR = 0.65  # containment from which two texts are one study's
MIN_SHINGLES = 8  # word triples a text needs to be compared by containment at all
SHINGLE = 3  # words per shingle

# what a PDF's text layer and a web copy of one text write differently, as one character: soft, Unicode and
# no-break hyphens, figure and en dashes (2010–2015) and the minus become a hyphen; an em dash or a
# horizontal bar a spaced hyphen (spaced or not, it parts words); curly and angle quotes straight ones;
# zero-width spaces and joiners nothing
_SAME = {
    **dict.fromkeys("\u00ad\u2010\u2011\u2012\u2013\u2212", "-"),
    **dict.fromkeys("\u2014\u2015", " - "),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
}
_ODD = re.compile("[" + "".join(_SAME) + "]")
# a hyphen inside a word or at a line end between two word characters: "pemberda-\nyaan", "anak-anak"
# (it starts with the hyphen itself: a regex led by a lookbehind scans many times slower)
_JOIN = re.compile(r"-(?<=\w-)\s*(?=\w)")
_WORD = re.compile(r"\w+")


def normalise(text: str, spaced: bool = False) -> str:
    """``text`` as compared: Unicode NFKC (a no-break space is a space, a ligature its letters), hyphens,
    dashes and quotes of one kind each, casefolded, hyphenation joined, every run of whitespace one space.
    ``spaced``: ``text`` has had its whitespace collapsed already (an indexed source's ``normalized``), so
    an ASCII text is spared a second pass (the costliest step; validate keys every source)."""
    ascii_ = text.isascii()
    if not ascii_:
        text = _ODD.sub(lambda m: _SAME[m.group()], unicodedata.normalize("NFKC", text))
    text = text.casefold()
    if "-" in text:
        text = _JOIN.sub("", text)  # "a-\n b" is "ab": joining never leaves two spaces side by side
    return text if spaced and ascii_ else " ".join(text.split())


def words(text: str) -> list[str]:
    """The words (``\\w+``) of the normalised text: punctuation dropped too."""
    return _WORD.findall(normalise(text))


def text_key(text: str, spaced: bool = False) -> str:
    """A digest of :func:`normalise`: equal for two texts that are the same text after normalisation."""
    return _digest(normalise(text, spaced))


def _digest(normalised: str) -> str:
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What a text is compared by: its key and its set of hashed word triples."""

    key: str
    shingles: frozenset[int]


def fingerprint(text: str) -> Fingerprint:
    """The key and the word triples of ``text``."""
    normalised = normalise(text)
    found = _WORD.findall(normalised)
    triples = zip(*(found[i:] for i in range(SHINGLE)), strict=False)
    return Fingerprint(_digest(normalised), frozenset(map(hash, triples)))


def containment(a: Fingerprint, b: Fingerprint) -> float | None:
    """The share of the smaller text's triples found in the other (None: too short to compare so)."""
    small, large = sorted((a.shingles, b.shingles), key=len)
    if len(small) < MIN_SHINGLES:
        return None
    return len(small & large) / len(small)


def sameness(a: Fingerprint, b: Fingerprint) -> tuple[str, float] | None:
    """``("same", 1.0)`` for the same text, ``("near", containment)`` for nearly the same, else None."""
    if a.key == b.key:
        return "same", 1.0
    share = containment(a, b)
    if share is not None and share >= NEAR:
        return "near", share
    return None
