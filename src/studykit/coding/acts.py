"""What a clause says was done or should be done, and for what: effort and recommendation words, purpose
phrases (the target of an effort, or a goal that rates nothing), acts stated as done, remedies of a named
problem and implementers doing their own duties.
"""

from __future__ import annotations

import re

from .cues import Lexicon, Token, find
from .words import gap

_CONSEQUENCES = frozenset({"sehingga dapat", "so that"})  # purpose markers that also state a result
_PREDICATE = frozenset(
    "belum tidak telah sudah masih sangat kurang is are was were has have had not".split()
)  # where the main predicate of a clause begins, after a purpose phrase in its subject


def _acts(lex: Lexicon, lang: str, toks: list[Token]) -> set[int]:
    """Token indexes of effort and recommendation words, and the word after a recommendation ("perlu untuk
    meningkatkan", "needs to increase": the act recommended, no purpose)."""
    return {
        j
        for c, i in find(lex.group(lang, "types"), toks)
        for j in range(i, i + len(c.words) + (c.group == "recommendation"))
    }


_PURPOSE_ENDS = frozenset({"dilakukan", "dengan", "melalui", "by", "through", "ialah", "is", "are"})


_VERB = re.compile(r"(me|mem|men|meng|meny|di)[a-z]{3,}$|[a-z]{3,}ing$")  # an act opening a list item


def purpose_tokens(lex: Lexicon, lang: str, toks: list[Token], text: str = "") -> set[int]:
    """Token indexes of purpose phrases: from the marker to the next 'dilakukan/dengan/melalui', a list
    marker ('… untuk mengatasi kelemahan adalah menyiapkan pendamping'), the comma that closes a purpose
    phrase opening the clause ('Untuk mengatasi kendala tersebut, desa …') or that opens the next act of a
    list ('… agar tepat sasaran, melakukan sosialisasi') or the clause end."""
    out: set[int] = set()
    ends = _PURPOSE_ENDS | {c.words[0][0] for c in lex.phrases[("list_markers", lang)] if len(c.words) == 1}
    acts = _acts(lex, lang, toks)
    for cue, i in find(lex.phrases[("purpose", lang)], toks):
        if i in acts:  # "needs to increase socialisation", "perlu untuk meningkatkan": the act, no purpose
            continue
        j = i
        while j < len(toks) and (
            j < i + len(cue.words) or (toks[j].surface not in ends and toks[j].stem not in ends)
        ):
            if "," in gap(text, toks, j) and (i == 0 or _VERB.match(toks[j].surface)):
                break  # "…, melakukan sosialisasi": the next item of a list of acts
            out.add(j)
            j += 1
    return out


def aims(text: str, toks: list[Token], lex: Lexicon, lang: str) -> set[int]:
    """Token indexes of purpose phrases whose words state a goal, not a finding ("program untuk
    meningkatkan kesejahteraan", "in an effort to improve the welfare"): from the marker to a comma, the
    clause's main predicate (*belum*, *telah*, *has*, *was* …) or the clause end. Their valence words and
    effort words (the *upaya* of *dalam upaya*) give the clause no type."""
    acts = _acts(lex, lang, toks)
    out: set[int] = set()
    for cue, i in find(lex.phrases[("purpose", lang)], toks):
        if i in acts or cue.label.lower() in _CONSEQUENCES:
            continue
        j = i + len(cue.words)
        out.update(range(i, j))
        while j < len(toks) and toks[j].surface not in _PREDICATE and "," not in gap(text, toks, j):
            out.add(j)
            j += 1
    return out


_PERFECT = frozenset("telah sudah has have had".split())
_REMEDY_PURPOSES = frozenset(
    {
        "untuk mengatasi",
        "dalam mengatasi",
        "untuk menanggulangi",
        "to overcome",
        "in overcoming",
        "to address",
    }
)
_ANAPHORS = frozenset("tersebut itu ini these those this such".split())


def after_perfect(toks: list[Token], i: int) -> bool:
    """Whether the act at i is stated as done: *telah*/*sudah*/*has*/*have* up to three words before it, or
    its first word ("telah dibangun", "has been carried out", "have already held")."""
    return any(toks[j].surface in _PERFECT for j in range(max(0, i - 3), i + 1))


def remedies(toks: list[Token], lex: Lexicon, lang: str) -> list[str]:
    """The purpose phrases that answer a problem named right after them or before ("untuk mengatasi kendala
    tersebut", "to overcome these obstacles"): the clause states an effort (codebook: an action taken to
    overcome a problem)."""
    negative = {i for c, i in find(lex.group(lang, "polarity"), toks) if c.group == "negative"}
    out = []
    for cue, i in find(lex.phrases[("purpose", lang)], toks):
        after = range(i + len(cue.words), min(len(toks), i + len(cue.words) + 4))
        if cue.label.lower() in _REMEDY_PURPOSES and any(
            j in negative or toks[j].surface in _ANAPHORS for j in after
        ):
            out.append(cue.label)
    return out


_DUTIES = frozenset(
    "tugas tugasnya tupoksi kewajiban kewajibannya duties duty tasks functions responsibilities "
    "obligations".split()
)
_DOING = frozenset(
    "melaksanakan menjalankan dilaksanakan dijalankan carried carry carrying perform performed performing "
    "fulfil fulfilled fulfill fulfilling".split()
)


def duties(toks: list[Token], lex: Lexicon, lang: str, blocked: set[int]) -> tuple[int, list[str]] | None:
    """The valence of implementers doing their own duties ("telah melaksanakan tupoksi", "have carried out
    their respective duties"): positive, negative when negated ("belum menjalankan tugasnya"); None where no
    duty is done in the clause. Doing one's duties is performance (an enabler or barrier), no effort."""
    negators = {i for _, i in find(lex.phrases[("negators", lang)], toks, blocked)}
    for k, t in enumerate(toks):
        if t.surface in _DOING and k not in blocked:
            if any(u.surface in _DUTIES for u in toks[k + 1 : k + 5]):
                negated = any(j in negators for j in range(max(0, k - 3), k))
                return (-1 if negated else 1), [f"{t.surface} ({'−' if negated else '+'})"]
    return None
