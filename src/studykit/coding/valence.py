"""The type a clause's own words give it: recommendation or effort by their words, else its valence.

Valence is counted from the positive and negative cue words of the lexicon; a negator
up to three words before a cue flips it (*belum optimal*, *has not been implemented
effectively*), but not across *dan*/*atau*. After a list marker (*yaitu*, *terdiri
atas*, *namely* ...) the list's head gives every item its valence. A purpose phrase
(*untuk meningkatkan*, *agar*, *in order to*) names the target of an effort, not its
theme. Words about the study itself (*hasil penelitian menunjukkan*) are masked.
"""

from __future__ import annotations

from .cues import Cue, Lexicon, Token, find


def phrase_starts(lex: Lexicon, kind: str, lang: str, toks: list[Token]) -> list[tuple[Cue, int]]:
    return find(lex.phrases[(kind, lang)], toks)


_JOINERS = frozenset({"dan", "serta", "atau", "maupun", "and", "or"})


_HAVE = frozenset({"memiliki", "mempunyai", "ada", "terdapat", "have", "has", "had", "there"})


def negator_before(toks: list[Token], i: int, negators: set[int], window: int = 3) -> int | None:
    """Index of a negator at most ``window`` words before token i ('belum berjalan dengan baik', 'has not
    been implemented effectively'), not across 'dan'/'atau' (''kurangnya dana dan rendahnya''); a negated
    having reaches further ('belum memiliki SOP yang jelas', 'does not have a clear guideline')."""
    for j in range(i - 1, -1, -1):
        if toks[j].surface in _JOINERS:
            return None
        if j in negators and (j >= i - window or _negated_having(toks, j)):
            return j
    return None


def _negated_having(toks: list[Token], j: int) -> bool:
    return any(t.surface in _HAVE for t in toks[j + 1 : j + 3])


def polarity_of(
    lex: Lexicon, lang: str, toks: list[Token], blocked: set[int], named: set[int] = frozenset()
) -> tuple[int, list[str]]:
    """Positive minus negative cue count, negators applied; the cues that fired, with their sign. A positive
    word inside a determinant's name (``named``: *dukungan politik*, *resources committed*) is no valence."""
    negators = {i for _, i in find(lex.phrases[("negators", lang)], toks)}
    value, fired = 0, []
    for cue, i in find(lex.group(lang, "polarity"), toks, blocked):
        sign = 1 if cue.group == "positive" else -1
        if sign > 0 and all(j in named for j in range(i, i + len(cue.words))):
            continue
        j = negator_before(toks, i, negators)
        if j is not None:
            sign = -sign
        fired.append(
            f"{toks[j].surface + ' ' if j is not None else ''}{cue.label} ({'+' if sign > 0 else '−'})"
        )
        value += sign
    return value, fired


def list_items(text: str, toks: list[Token], lex: Lexicon, lang: str) -> list[list[int]] | None:
    """Token index groups of the list items after a list marker, or None when the clause has no list."""
    markers = phrase_starts(lex, "list_markers", lang, toks)
    if not markers:
        return None
    cue, i = markers[0]
    first = i + len(cue.words)
    groups, current = [], []
    for j in range(first, len(toks)):
        gap = text[toks[j - 1].end : toks[j].start] if j > first else ""
        if j > first and ("," in gap or toks[j].surface in ("dan", "serta", "and", "maupun")):
            if current:
                groups.append(current)
            current = []
            if toks[j].surface in ("dan", "serta", "and", "maupun"):
                continue
        current.append(j)
    if current:
        groups.append(current)
    return groups if len(groups) > 1 else None


_PURPOSE_ENDS = frozenset({"dilakukan", "dengan", "melalui", "by", "through", "ialah", "is", "are"})


def purpose_tokens(lex: Lexicon, lang: str, toks: list[Token]) -> set[int]:
    """Token indexes of purpose phrases: from the marker to the next 'dilakukan/dengan/melalui', a list
    marker ('… untuk mengatasi kelemahan adalah menyiapkan pendamping') or the clause end."""
    out: set[int] = set()
    ends = _PURPOSE_ENDS | {c.words[0][0] for c in lex.phrases[("list_markers", lang)] if len(c.words) == 1}
    acts = {j for c, i in find(lex.group(lang, "types"), toks) for j in range(i, i + len(c.words) + 1)}
    for cue, i in find(lex.phrases[("purpose", lang)], toks):
        if i in acts:  # "needs to increase socialisation", "perlu untuk meningkatkan": the act, no purpose
            continue
        j = i
        while j < len(toks) and (
            j < i + len(cue.words) or (toks[j].surface not in ends and toks[j].stem not in ends)
        ):
            out.add(j)
            j += 1
    return out


DUAL = "enabler+barrier"  # a clause that names its factors as supporting and inhibiting alike


def study_frame(toks: list[Token], lex: Lexicon, lang: str) -> set[int]:
    return {
        j for cue, i in find(lex.phrases[("study_frame", lang)], toks) for j in range(i, i + len(cue.words))
    }


def clause_type(
    text: str, toks: list[Token], lex: Lexicon, lang: str, in_results: bool
) -> tuple[str | None, list[str], list[str], list[list[int]] | None]:
    """The clause's type by its own words: (type or None, type cues, valence cues, list items or None)."""
    frame = study_frame(toks, lex, lang)
    kind_matches = find(lex.group(lang, "types"), toks, frame)
    items = list_items(text, toks, lex, lang)
    named = {
        j
        for c, i in find(lex.group(lang, "themes"), toks, frame)
        if len(c.words) > 1 and c.group not in ("T14", "T15")
        for j in range(i, i + len(c.words))
    }
    polarity, polarity_cues = 0, []
    if (
        items is not None
    ):  # "Kendala ... terdiri atas A, B dan dukungan": the list's head gives every item its valence
        polarity, polarity_cues = polarity_of(
            lex, lang, toks, frame | {i for group in items for i in group}, named
        )
    if polarity == 0:
        polarity, polarity_cues = polarity_of(lex, lang, toks, frame, named)
    negators = {n.words[0][0] for n in lex.phrases[("negators", lang)]}
    if polarity == 0 and any(t.stem in negators for t in toks):
        polarity, polarity_cues = (
            -1,
            polarity_cues + [f"{next(t.surface for t in toks if t.stem in negators)} (−)"],
        )
    kinds = {c.group for c, _ in kind_matches}
    kind_cues = [c.label for c, _ in kind_matches]
    described = find(lex.phrases[("context_markers", lang)], toks, frame)
    if not in_results:  # background: programme description and problem framing (an evaluation: outcome)
        return "context", [], polarity_cues, items
    if "recommendation" in kinds:
        return "recommendation", kind_cues, polarity_cues, items
    if "effort" in kinds or ("effort_weak" in kinds and polarity == 0):  # "conducted ... not effective"
        return "effort", kind_cues, polarity_cues, items
    supporting = find(lex.phrases[("supporting", lang)], toks, frame)
    inhibiting = find(lex.phrases[("inhibiting", lang)], toks, frame)
    if supporting and inhibiting:  # "can be supporting as well as inhibiting factors"
        return DUAL, [c.label for c, _ in supporting + inhibiting], polarity_cues, items
    if polarity < 0:
        return "barrier", kind_cues, polarity_cues, items
    if polarity > 0:
        return "enabler", kind_cues, polarity_cues, items
    if described:
        return "context", [c.label for c, _ in described], polarity_cues, items
    return None, kind_cues, polarity_cues, items
