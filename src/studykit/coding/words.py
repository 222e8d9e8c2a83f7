"""The words of a text as the lexicon compares them: lower case, stemmed per language, with their spans.

PySastrawi stems Bahasa Indonesia, Snowball (Porter2) English; both are loaded once. A
word hyphenated at a line end (as :func:`.segment.reflow` leaves it) is read as one word.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:(?:-\u00ad|[-'])[^\W_]+)*")
NO_THEME = "-"  # group prefix of a phrase that claims its words for no theme (a theme's `not:` list)
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


_STEMMING = threading.Lock()  # a stemmer keeps its state while it stems a word: one word at a time


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The stem of a lower-case word: PySastrawi for 'id', Snowball (Porter2) for 'en'. Safe in threads (the
    calibration reads texts in two)."""
    with _STEMMING:
        if lang == "en":
            return _english().stemWord(word)
        return _indonesian().stem(word) or word


def gap(text: str, toks: list[Token], k: int) -> str:
    """The text between token ``k - 1`` and token ``k`` (punctuation, spaces); empty before the first token
    and after the last."""
    return text[toks[k - 1].end : toks[k].start] if 0 < k < len(toks) else ""


def tokens(text: str, start: int, end: int, lang: str) -> list[Token]:
    """The words of ``text[start:end]`` (lower case, with their stems and spans); a word hyphenated across a
    line wrap (``pelaksa-`` / ``naan``) is one word."""
    out = []
    for m in WORD.finditer(text, start, end):
        word = m.group().lower().replace(SOFT_BREAK, "")
        out.append(Token(word, stem(word, lang), m.start(), m.end()))
    return out


@dataclass(frozen=True)
class Cue:
    """A cue word or phrase: per word, (literal form) or (stem); its label is how it is written. A literal
    form also matches with -nya or an English possessive (*KPM's*)."""

    label: str
    words: tuple[tuple[str, bool], ...]  # (form, literal)
    weight: float
    group: str  # theme id, or a type / polarity name; NO_THEME + theme id for a theme's `not:` phrase


def _matches(cue: Cue, toks: list[Token], i: int) -> bool:
    if i + len(cue.words) > len(toks):
        return False
    for k, (form, literal) in enumerate(cue.words):
        tok = toks[i + k]
        if literal:
            if tok.surface != form and tok.surface not in (form + "nya", form + "'s"):  # -nya, English 's
                return False
        elif tok.stem != form and tok.surface != form:
            return False
    return True


_INDEXES: dict[int, tuple[list[Cue], dict[str, list[tuple[int, Cue]]]]] = {}


def _index(cues: list[Cue]) -> dict[str, list[tuple[int, Cue]]]:
    """Cues by the form of their first word, with their rank (kept with the list, whose identity is the
    key)."""
    hit = _INDEXES.get(id(cues))
    if hit is None or hit[0] is not cues:
        if len(_INDEXES) > 512:
            _INDEXES.clear()
        index: dict[str, list[tuple[int, Cue]]] = {}
        for rank, cue in enumerate(cues):
            index.setdefault(cue.words[0][0], []).append((rank, cue))
        hit = _INDEXES[id(cues)] = (cues, index)
    return hit[1]


def find(cues: Iterable[Cue], toks: list[Token], blocked: set[int] = frozenset()) -> list[tuple[Cue, int]]:
    """Non-overlapping matches (cue, first token index), longest cues first; ``blocked`` token indexes are
    skipped, and the words a theme's `not:` phrase claims give no match.

    Cues are tried in their order, each at every position left to right; a match claims its tokens. Only the
    cues whose first word can match a token are tried there (an index by first word)."""
    index = _index(cues if isinstance(cues, list) else list(cues))
    matches = []
    for i, tok in enumerate(toks):
        keys = {tok.stem, tok.surface}
        if tok.surface.endswith("nya"):
            keys.add(tok.surface[:-3])
        for key in keys:
            for rank, cue in index.get(key, ()):
                if _matches(cue, toks, i):
                    matches.append((rank, i, cue))
    used = set(blocked)
    found = []
    for _rank, i, cue in sorted(matches, key=lambda m: (m[0], m[1])):
        span = range(i, i + len(cue.words))
        if not used.intersection(span):
            if not cue.group.startswith(NO_THEME):  # a `not:` phrase claims its words and names nothing
                found.append((cue, i))
            used.update(span)
    return sorted(found, key=lambda m: m[1])


JOINERS = frozenset({"and", "dan", "serta"})  # the words that join a clause to the one before it


def past_joiner(text: str, start: int, end: int) -> int:
    """Where the quote ``text[start:end]`` starts without a joining word it opens with (*and delays in …*,
    *serta kurangnya …*): a clause split from the one before at its conjunction quotes what it says. Kept
    when fewer than three words would be left."""
    opening = re.match(r"([^\W\d_]+)\s+", text[start:end])
    if opening is None or opening.group(1).lower() not in JOINERS:
        return start
    rest = start + opening.end()
    return rest if len(text[rest:end].split()) >= 3 else start
