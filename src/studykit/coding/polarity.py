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
# a negated receiving or giving reaches four words, past its object: "tidak mendapatkan informasi yang jelas"
_GET = frozenset(
    "mendapat mendapatkan memperoleh menerima memberi memberikan receive received get got obtain obtained "
    "give gave given provide provided".split()
)
# a focus word after a negator adds instead of denying: "tidak hanya efektif", "not only effective but ..."
_FOCUS = frozenset("hanya saja sekadar sekedar semata only just merely solely".split())
# a denied separation or denial affirms: "tidak lepas dari dukungan", "cannot be separated from the support"
_LITOTES = frozenset(
    "lepas terlepas dipisahkan terpisahkan dipungkiri disangkal separated separable denied deny".split()
)
# a denied quantifier reaches past the noun it counts: "belum semua penerima merasa puas", "not all … were
# satisfied"
_ALL = frozenset("semua seluruh all every".split())


def negators_in(lex: Lexicon, lang: str, toks: list[Token], blocked: set[int]) -> set[int]:
    """Token indexes of the negators of a clause, less those that open a focus (*tidak hanya, bukan
    sekadar, not only, not just*: "not only effective but also efficient" denies nothing) or deny a
    separation or a denial (*tidak lepas dari, tidak dapat dipungkiri, cannot be separated from*)."""
    return {
        i
        for c, i in find(lex.phrases[("negators", lang)], toks, blocked)
        if not (i + len(c.words) < len(toks) and toks[i + len(c.words)].surface in _FOCUS)
        and not any(t.surface in _LITOTES for t in toks[i + len(c.words) : i + len(c.words) + 3])
    }


def negator_before(
    toks: list[Token], i: int, negators: set[int], window: int = 3, good: bool = False
) -> int | None:
    """Index of a negator at most ``window`` words before token i ('belum berjalan dengan baik', 'has not
    been implemented effectively'), not across 'dan'/'atau' (''kurangnya dana dan rendahnya''); a negated
    having reaches further ('belum memiliki SOP yang jelas', 'does not have a clear guideline'), so does a
    negated receiving or giving a positive word (``good``: 'did not receive information about the update
    in a transparent way'; a problem named further on stays one)."""
    distance = 0
    for j in range(i - 1, -1, -1):
        if toks[j].surface in _STOPS:
            return None
        distance += toks[j].surface not in _FILLERS
        if j in negators and (distance <= window or _negated_having(toks, j)):
            return j
        if (
            j in negators
            and (good or distance <= window + 1)
            and any(t.surface in _GET for t in toks[j + 1 : j + 3])
        ):
            return j
        if j in negators and distance <= window + 3 and j + 1 < len(toks) and toks[j + 1].surface in _ALL:
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


def _shared(toks: list[Token], i: int, negators: set[int], polar: set[int]) -> int | None:
    """Index of a negator shared through *dan/and* by the positive word at i: "kurang intensif dan
    maksimal", "less intense and maximized" (the negator one or two words before the joiner, none of them a
    valence word, the positive word right after it)."""
    if i < 3 or toks[i - 1].surface not in ("dan", "serta", "and"):
        return None
    for j in (i - 3, i - 4):
        if j in negators and not any(k in polar for k in range(j + 1, i - 1)):
            return j
    return None


def _coordinated(toks: list[Token], end: int, i: int) -> bool:
    """Whether the positive word at i is joined by *dan*/*and* to a negated positive word ending at ``end``,
    at most two words apart ("kurang intensif dan maksimal", "not able to foster support and active ...")."""
    return 0 <= end <= i and i - end <= 2 and any(t.surface in _JOINERS for t in toks[end:i])


def polarity_of(
    lex: Lexicon, lang: str, toks: list[Token], blocked: set[int], named: set[int] = frozenset()
) -> tuple[int, list[str]]:
    """Positive minus negative cue count, negators applied; the cues that fired, with their sign. A positive
    word inside a determinant's name (``named``: *dukungan politik*, *resources committed*) is no valence."""
    negators = negators_in(lex, lang, toks, blocked)
    hedged = {  # by its last word: "hanya sebagian kecil penerima yang merasa puas"
        i + len(c.words) - 1: " ".join(t.surface for t in toks[i : i + len(c.words)])
        for c, i in find(lex.phrases[("hedges", lang)], toks, blocked)
    }
    burdens = _burdens(lex, lang, toks, blocked)
    value, fired, denied, by = 0, [], -1, 0  # the end of the last negated positive word, its negator
    found = find(lex.group(lang, "polarity"), toks, blocked)
    polar = {k for c, i in found for k in range(i, i + len(c.words))}
    for cue, i in found:
        sign = 1 if cue.group == "positive" else -1
        if sign > 0 and all(j in named for j in range(i, i + len(cue.words))):
            continue
        if cue.label.lower() in _MAGNITUDES and _qualifies(toks, i, burdens):
            sign = -sign  # "tingginya angka kemiskinan", "the poverty rate declined": a burden's size
        j = negator_before(toks, i, negators, good=sign > 0)
        condition = _unless(toks, i + len(cue.words)) if j is not None and sign > 0 else None
        if condition is not None:  # "tidak dapat berjalan dengan baik tanpa dukungan": support helps
            j = None
            negators.discard(condition)
        if j is None and sign > 0 and _coordinated(toks, denied, i):
            j = by  # "has not been able to stimulate support and active participation"
        if j is None and sign > 0:
            j = _shared(toks, i, negators, polar)
        if j is None and sign > 0:  # a hedge lowers a positive word, never lifts a negative one:
            j = negator_before(toks, i, set(hedged), 5)  # "only partly successful", "hanya sebagian berhasil"
        if j is not None:
            if sign > 0:
                denied, by = i + len(cue.words), j
            sign = -sign
        by_word = "" if j is None else hedged.get(j, toks[j].surface) + " "
        fired.append(f"{by_word}{cue.label} ({'+' if sign > 0 else '−'})")
        value += sign
    return value, fired
