"""Which theme a clause's cue words name there: a word's sense by its neighbours, and the modifier of another
theme's word.

Two rules of the codebook that a word alone cannot apply (domain.md §2):

- **Senses.** Some words name one theme or another by what is next to them (``senses:`` in
  ``lexicon.yaml``): *pelatihan* / *training* of staff, facilitators or cadres is implementer capacity (T03),
  of beneficiaries what the programme delivers (T16); *sarana dan prasarana* named among the implementers'
  resources (staff, budget) are operational facilities (T05), built for residents programme infrastructure
  (T16).
- **Modifiers.** "Code by the determinant named": in *sosialisasi program bantuan*, *komitmen pendamping*,
  *lack of funds for training* or *facilitator commitment* one word only says what the other is about, so it
  names no theme of its own. Bahasa Indonesia puts the head first (*X Y*, *X bagi/untuk/tentang … Y*);
  English puts it last in a compound (*X Y*) and first before a preposition (*X of/for/to … Y*). A weak cue
  (*kebijakan*, *strategi*) never makes a full one its modifier: then the weak one gives way (*strategi
  sosialisasi* is about socialisation). The dependent themes (T14, T15) take part in neither: an evaluation
  of a determinant is handled by the rules (:mod:`.rules`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .words import Cue, Token, find

DEPENDENT = ("T15",)
WINDOW = 5  # words between a cue and the neighbour that gives it its sense
_PUNCTUATION = frozenset(",;:()/")


@dataclass(frozen=True)
class Sense:
    """Cue words of theme ``source`` that name theme ``to`` where a cue of a ``near`` theme or a ``words``
    word is within ``WINDOW`` words and no ``unless`` word is nearer."""

    source: str
    to: str
    labels: frozenset[str]  # cue labels of the source theme, lower case
    near: frozenset[str]  # theme ids
    words: tuple[Cue, ...]
    unless: tuple[Cue, ...]


def senses_of(data: dict, lang: str, make: Callable[[str], list[Cue | None]]) -> list[Sense]:
    """The ``senses:`` of the lexicon data for one language; ``make(word)`` gives the cues of a word or
    phrase (slash alternatives expanded)."""

    def cues(entry: dict, key: str) -> tuple[Cue, ...]:
        return tuple(c for w in (entry.get(key) or {}).get(lang, []) for c in make(str(w)) if c)

    return [
        Sense(
            str(e["from"]),
            str(e["to"]),
            frozenset(c.label.lower() for c in cues(e, "cues")),
            frozenset(e.get("near") or []),
            cues(e, "words"),
            cues(e, "unless"),
        )
        for e in data.get("senses") or []
    ]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Words between two half-open spans of token indexes; 0 when adjacent or overlapping."""
    return max(0, b[0] - a[1], a[0] - b[1])


def sensed(senses: list[Sense], toks: list[Token], matches: list[tuple[Cue, int]]) -> list[tuple[Cue, int]]:
    """``matches`` with each cue's theme as its neighbours decide (the first sense that applies)."""
    out = []
    for cue, i in matches:
        span = (i, i + len(cue.words))
        for sense in senses:
            if cue.group != sense.source or cue.label.lower() not in sense.labels:
                continue
            near = [(c, j) for c, j in matches if c.group in sense.near and j != i]
            near += find(list(sense.words), toks) if sense.words else []
            gaps = [g for g in (_gap(span, (j, j + len(c.words))) for c, j in near) if g <= WINDOW]
            against = [_gap(span, (j, j + len(c.words))) for c, j in find(list(sense.unless), toks)]
            if gaps and not any(g < min(gaps) for g in against):
                cue = Cue(cue.label, cue.words, cue.weight, sense.to)
                break
        out.append((cue, i))
    return out


_VERB_PREFIXES = ("me", "di", "ber", "ter")


def _verb(tok: Token, lang: str) -> bool:
    """A verb (or a verb's participle), which modifies no noun: Indonesian me-/di-/ber-/ter- on a stem
    (*menganggap*, *dilibatkan*), English -ed (*involved*)."""
    if lang == "en":
        return tok.surface.endswith("ed")
    return tok.stem != tok.surface and tok.surface.startswith(_VERB_PREFIXES)


def modifiers(
    text: str, links: frozenset[str], lang: str, toks: list[Token], matches: list[tuple[Cue, int]]
) -> set[int]:
    """Positions (in ``matches``, in text order) of cues that only modify the next or previous cue, of
    another theme, in the same noun phrase: nothing but ``links`` words between them, no punctuation."""
    drop: set[int] = set()
    for k in range(len(matches) - 1):
        (a, i), (b, j) = matches[k], matches[k + 1]
        if a.group == b.group or a.group in DEPENDENT or b.group in DEPENDENT:
            continue
        gap = range(i + len(a.words), j)
        if any(toks[g].surface not in links for g in gap):
            continue
        if _PUNCTUATION.intersection(text[toks[i + len(a.words) - 1].end : toks[j].start]):
            continue
        if _verb(toks[i + len(a.words) - 1], lang) or _verb(toks[j], lang):  # "peminjam menganggap": a clause
            continue
        head, modifier = (k, k + 1) if lang != "en" or len(gap) else (k + 1, k)  # English compound: last
        if matches[head][0].weight < 1.0 <= matches[modifier][0].weight:  # a weak head gives way
            head, modifier = modifier, head
        drop.add(modifier)
    return drop
