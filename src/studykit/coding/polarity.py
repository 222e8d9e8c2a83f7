"""The valence of a clause: positive minus negative cue words, negators applied, sizes read by their referent.

A negator up to three words before a cue flips it (*belum optimal*, *has not been
implemented effectively*), but not across *dan*/*atau*; a negated having reaches
further (*belum memiliki SOP yang jelas*). A size word takes its sign from its
referent: high participation helps, a high poverty rate or cost is a problem.
"""

from __future__ import annotations

from .cues import Lexicon, Token, find

_JOINERS = frozenset({"dan", "serta", "atau", "maupun", "and", "or"})
# a cause or consequence opens a reading of its own: "tidak menyeluruh dikarenakan kurangnya anggaran"
_STOPS = _JOINERS | frozenset("karena dikarenakan disebabkan sehingga because due".split())


# words that do not count toward a negator's reach ("has not yet been carried out properly")
_FILLERS = frozenset("been be being yet out fully really secara dengan sepenuhnya able to".split())
_HAVE = frozenset({"memiliki", "mempunyai", "ada", "terdapat", "have", "has", "had", "there"})


def negator_before(toks: list[Token], i: int, negators: set[int], window: int = 3) -> int | None:
    """Index of a negator at most ``window`` words before token i ('belum berjalan dengan baik', 'has not
    been implemented effectively'), not across 'dan'/'atau' (''kurangnya dana dan rendahnya''); a negated
    having reaches further ('belum memiliki SOP yang jelas', 'does not have a clear guideline')."""
    distance = 0
    for j in range(i - 1, -1, -1):
        if toks[j].surface in _STOPS:
            return None
        distance += toks[j].surface not in _FILLERS
        if j in negators and (distance <= window or _negated_having(toks, j)):
            return j
    return None


def _negated_having(toks: list[Token], j: int) -> bool:
    return any(t.surface in _HAVE for t in toks[j + 1 : j + 3])


# size words whose sign is their referent's: high participation helps, a high poverty rate or cost does not
_MAGNITUDES = frozenset(
    "tinggi meningkat meningkatnya peningkatan rendah menurun menurunnya penurunan sedikit minim berkurang "
    "berkurangnya high increased low declined decline small".split()
)
_REMEDIES = frozenset(
    "penanggulangan pengentasan penurunan pengurangan menanggulangi mengentaskan mengurangi menurunkan "
    "alleviation reduction eradication alleviating reducing alleviate reduce".split()
)  # "penanggulangan kemiskinan", "poverty reduction": the goal, no burden


def _burdens(lex: Lexicon, lang: str, toks: list[Token], blocked: set[int]) -> set[int]:
    """Token indexes of burdens (lexicon ``burdens``: a poverty rate, costs, a workload) that no remedy word
    next to them makes a goal."""
    out: set[int] = set()
    for c, i in find(lex.phrases[("burdens", lang)], toks, blocked):
        end = i + len(c.words)
        if not any(0 <= j < len(toks) and toks[j].surface in _REMEDIES for j in (i - 1, end)):
            out.update(range(i, end))
    return out


def _qualifies(toks: list[Token], i: int, burdens: set[int]) -> bool:
    """Whether the size word at i qualifies a burden (``burdens``: *angka kemiskinan*, *cost*, *workload*):
    one up to six words before it or three after it, not across *dan*/*and*."""
    for step, reach in ((-1, 6), (1, 3)):
        for j in range(i + step, i + step * (reach + 1), step):
            if not 0 <= j < len(toks) or toks[j].surface in _JOINERS:
                break
            if j in burdens:
                return True
    return False


def _unless(toks: list[Token], end: int) -> int | None:
    """Index of *tanpa*/*without* within three words after a negated positive word: a condition ("cannot
    run well without …"), whose object helps."""
    return next(
        (k for k in range(end, min(end + 3, len(toks))) if toks[k].surface in ("tanpa", "without")), None
    )


def _coordinated(toks: list[Token], end: int, i: int) -> bool:
    """Whether the positive word at i is joined by *dan*/*and* to a negated positive word ending at ``end``,
    at most two words apart ("kurang intensif dan maksimal", "not able to foster support and active ...")."""
    return 0 <= end <= i and i - end <= 2 and any(t.surface in _JOINERS for t in toks[end:i])


def polarity_of(
    lex: Lexicon, lang: str, toks: list[Token], blocked: set[int], named: set[int] = frozenset()
) -> tuple[int, list[str]]:
    """Positive minus negative cue count, negators applied; the cues that fired, with their sign. A positive
    word inside a determinant's name (``named``: *dukungan politik*, *resources committed*) is no valence."""
    negators = {i for _, i in find(lex.phrases[("negators", lang)], toks, blocked)}
    burdens = _burdens(lex, lang, toks, blocked)
    value, fired, denied, by = 0, [], -1, 0  # the end of the last negated positive word, its negator
    for cue, i in find(lex.group(lang, "polarity"), toks, blocked):
        sign = 1 if cue.group == "positive" else -1
        if sign > 0 and all(j in named for j in range(i, i + len(cue.words))):
            continue
        if cue.label.lower() in _MAGNITUDES and _qualifies(toks, i, burdens):
            sign = -sign  # "tingginya angka kemiskinan", "the poverty rate declined": a burden's size
        j = negator_before(toks, i, negators)
        condition = _unless(toks, i + len(cue.words)) if j is not None and sign > 0 else None
        if condition is not None:  # "tidak dapat berjalan dengan baik tanpa dukungan": support helps
            j = None
            negators.discard(condition)
        if j is None and sign > 0 and _coordinated(toks, denied, i):
            j = by  # "has not been able to stimulate support and active participation"
        if j is not None:
            if sign > 0:
                denied, by = i + len(cue.words), j
            sign = -sign
        fired.append(
            f"{toks[j].surface + ' ' if j is not None else ''}{cue.label} ({'+' if sign > 0 else '−'})"
        )
        value += sign
    return value, fired
