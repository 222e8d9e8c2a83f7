"""The words of a text as the lexicon compares them: lower case, stemmed per language, with their spans.

PySastrawi stems Bahasa Indonesia, Snowball (Porter2) English; both are loaded once. A
word hyphenated at a line end (as :func:`.segment.reflow` leaves it) is read as one word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:(?:-\u00ad|[-'])[^\W_]+)*")
SOFT_BREAK = "-\u00ad"  # a word hyphenated at a line end, as segment.reflow leaves it: read as one word


@dataclass(frozen=True)
class Token:
    """A word of the text: its lower-case form, stem and character span."""

    surface: str  # lower case
    stem: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _indonesian():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def _english():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The stem of a lower-case word: PySastrawi for 'id', Snowball (Porter2) for 'en'."""
    if lang == "en":
        return _english().stemWord(word)
    return _indonesian().stem(word) or word


def tokens(text: str, start: int, end: int, lang: str) -> list[Token]:
    """The words of ``text[start:end]`` (lower case, with their stems and spans); a word hyphenated across a
    line wrap (``pelaksa-`` / ``naan``) is one word."""
    out = []
    for m in WORD.finditer(text, start, end):
        word = m.group().lower().replace(SOFT_BREAK, "")
        out.append(Token(word, stem(word, lang), m.start(), m.end()))
    return out
