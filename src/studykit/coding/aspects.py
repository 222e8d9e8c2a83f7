"""A framework's aspects named as a list under one evaluation, and the framework's bare variable names.

Indonesian theses rate implementation by a framework's variables and name them in one breath: "program
berjalan baik, dilihat dari komunikasi, sumber daya, disposisi dan struktur birokrasi", "supported by
communication, resources, …", "ditinjau dari aspek komunikasi, …, implementasi belum optimal". The codebook
codes one finding per item of a list (domain.md §2.2), here one enabler or barrier per aspect with the
evaluation's valence, besides the evaluation itself (an outcome). So the list after a connecting phrase
(``aspect_lists`` in ``lexicon.yaml``: *dilihat dari*, *didukung oleh*, *seen from*, *hampered by* …) is a
clause of its own, and where it carries no valence of its own it takes that of the evaluation next to it in
its sentence. Only a list of short items, two or more of which are a framework's variables (``aspect_words``;
read without the theme cues, as the learned layer reads a text), is such a list: an item with a
predicate of its own ("A sudah baik, B …") is an enumeration, read as one (:mod:`.clauses`). A framework
named in the aims or method is no finding: those sentences are not read at all, and before the results a
list takes no valence.

A framework's bare variable names (``framework_aspects``: Edwards III's *sumber daya* / *resources*, Van
Meter–Van Horn's *agen pelaksana*) name a theme only among two or more other themes' words: alone they are
too vague to name one.
"""

from __future__ import annotations

from dataclasses import replace

from .cues import Cue, Lexicon, Token, find
from .valence import study_frame
from .words import gap

_JOINERS = frozenset("dan serta maupun atau and or".split())
# words that lead into a connecting phrase and go with the list ("karena didukung oleh", "as seen from",
# "this can be seen from")
_LEADS = frozenset(
    "karena yang hal ini itu dapat bisa juga terutama because which as this it can could be is "
    "was also especially".split()
)
_ENDS = ("contrast", "causes", "clause_breaks", "purpose")  # a new clause: the list is over
MAX_ITEM = 6  # words of an aspect's name; more is a clause
# words after a bare variable name that leave it bare ("sumber daya sudah cukup", "resources and …")
_BARE = _JOINERS | frozenset(
    "sudah telah belum masih yang juga tidak kurang cukup sangat is are was were have has "
    "had also not".split()
)
_EVALUATIONS = ("enabler", "barrier")


def _punctuation(text: str, toks: list[Token], k: int, marks: str) -> bool:
    return any(p in gap(text, toks, k) for p in marks)


def _items(text: str, toks: list[Token], lex: Lexicon, lang: str, first: int) -> list[list[int]] | None:
    """The items of a list starting at token ``first``, split at commas and *dan*/*and*: up to a comma after
    the item *dan*/*and* opened where no *dan*/*and* follows ("…, disposisi dan struktur birokrasi,
    implementasi …"; "standar dan sasaran, sumber daya dan disposisi" goes on), a full stop, colon or
    semicolon, a new clause's word, or an item with a valence of its own after a comma. None where an item is
    too long or the last, joined item has a predicate ("A, B dan C sudah baik": one clause)."""
    valued = {
        i for _, i in find(lex.group(lang, "polarity"), toks) + find(lex.phrases[("negators", lang)], toks)
    }
    ends = {i for kind in _ENDS for _, i in find(lex.phrases[(kind, lang)], toks)}
    stop = next(
        (k for k in range(first + 1, len(toks)) if _punctuation(text, toks, k, ".;:()") or k in ends),
        len(toks),
    )
    items: list[tuple[list[int], bool]] = []
    current: list[int] = []
    joined = False
    for k in range(first, stop):
        if k > first and _punctuation(text, toks, k, ","):
            if joined and not any(t.surface in _JOINERS for t in toks[k:stop]):
                break  # no joiner after this one ("standar dan sasaran, sumber daya … dan disposisi")
            items.append((current, joined))
            current, joined = [], False
        if toks[k].surface in _JOINERS:
            if current:
                items.append((current, joined))
            current, joined = [], True
            continue
        current.append(k)
    if current:
        items.append((current, joined))
    out = []
    for group, by_joiner in items:
        if len(group) > MAX_ITEM or valued.intersection(group):
            if by_joiner or not out:
                return None
            break
        out.append(group)
    return out


def aspect_lists(
    text: str, toks: list[Token], lex: Lexicon, lang: str, frame: set[int]
) -> list[tuple[int, int]]:
    """(first, last) token indexes of each list of a framework's aspects in a sentence, from the words
    leading into its connecting phrase to its last item: two or more items name a framework's variable."""
    themed = {
        j
        for kind in ("aspect_words", "framework_aspects")
        for c, i in find(lex.phrases[(kind, lang)], toks, frame)
        for j in range(i, i + len(c.words))
    }
    out: list[tuple[int, int]] = []
    for cue, i in find(lex.phrases[("aspect_lists", lang)], toks, frame):
        if out and i <= out[-1][1]:
            continue
        items = _items(text, toks, lex, lang, i + len(cue.words))
        if not items or len(items) < 2 or sum(any(k in themed for k in g) for g in items) < 2:
            continue
        lead = i
        while lead > 0 and toks[lead - 1].surface in _LEADS and not _punctuation(text, toks, lead, ",;:"):
            lead -= 1
        out.append((lead, items[-1][-1]))
    return out


def list_spans(text: str, toks: list[Token], lex: Lexicon, lang: str) -> list[tuple[int, int]]:
    """Character spans of a sentence's lists of a framework's aspects."""
    lists = aspect_lists(text, toks, lex, lang, study_frame(toks, lex, lang))
    return [(toks[i].start, toks[j].end) for i, j in lists]


def list_cuts(text: str, toks: list[Token], lists: list[tuple[int, int]], cuts: set[int]) -> set[int]:
    """``cuts`` (character offsets) with each aspect list a clause of its own: a cut before it and after it
    (after the comma that closes it), none inside it."""
    out = set(cuts)
    for first, last in lists:
        a = toks[first].start
        b = toks[last + 1].start if last + 1 < len(toks) else toks[last].end
        comma = text.find(",", toks[last].end, b)
        b = comma + 1 if comma >= 0 else b
        out = {c for c in out if not a < c < b}
        if first > 0:
            out.add(a)
        if last + 1 < len(toks):
            out.add(b)
    return out


def evaluated_lists(clauses: list, lists: dict[int, list[tuple[int, int]]], head_of) -> list:
    """``clauses`` with each aspect list without valence of its own (``lists``: sentence -> character spans)
    given that of the evaluation next to it in its sentence, in the results: the clause before it, else the
    one after it ("dilihat dari …, implementasi belum optimal"). ``head_of(clause)`` gives an evaluation's
    type and valence cues."""
    out = list(clauses)
    for n, c in enumerate(out):
        spans = lists.get(c.sentence, [])
        if c.base is not None or not c.in_results or not any(c.start <= a < c.end for a, _ in spans):
            continue
        for m in (n - 1, n + 1):
            if 0 <= m < len(out) and out[m].sentence == c.sentence and out[m].base in _EVALUATIONS:
                head = head_of(out[m])
                out[n] = replace(c, base=head[0], head=head)
                break
    return out


def framework_aspects(
    text: str, lex: Lexicon, lang: str, toks: list[Token], matches: list[tuple[Cue, int]], blocked: set[int]
) -> list[tuple[Cue, int]]:
    """``matches`` (theme cues of a clause) with the framework's bare variable names added where two or more
    other themes are named ("komunikasi, sumber daya, disposisi"), in text order; not a name the study
    explains ("sumber daya (partisipasi dan dana)", "resources: …") or qualifies ("sumberdaya finansial"):
    the item is themed by its substance."""
    if len({c.group for c, _ in matches}) < 2:
        return matches
    taken = blocked | {j for c, i in matches for j in range(i, i + len(c.words))}
    extra = []
    for c, i in find(lex.phrases[("framework_aspects", lang)], toks, taken):
        end = i + len(c.words)
        after = gap(text, toks, end)
        if after.strip().startswith(("(", ":")) or (after.isspace() and toks[end].surface not in _BARE):
            continue  # explained or qualified: "sumber daya (dana …)", "sumberdaya finansial"
        extra.append((c, i))
    return sorted(matches + extra, key=lambda m: m[1])
