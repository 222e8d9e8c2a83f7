"""The type a clause's own words give it: recommendation or effort by their words, else its valence.

Valence is counted from the positive and negative cue words of the lexicon; a negator
up to three words before a cue flips it (*belum optimal*, *has not been implemented
effectively*), but not across *dan*/*atau*. After a list marker (*yaitu*, *terdiri
atas*, *namely* ...) the list's head gives every item its valence. A purpose phrase
(*untuk meningkatkan*, *agar*, *in order to*) names the target of an effort, not its
theme. Words about the study itself (*hasil penelitian menunjukkan*) are masked.
"""

from __future__ import annotations

import re

from .cues import Cue, Lexicon, Token, find
from .names import programme_names, programme_titles
from .polarity import polarity_of


def phrase_starts(lex: Lexicon, kind: str, lang: str, toks: list[Token]) -> list[tuple[Cue, int]]:
    return find(lex.phrases[(kind, lang)], toks)


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
            if (
                j > 0
                and "," in text[toks[j - 1].end : toks[j].start]
                and (i == 0 or _VERB.match(toks[j].surface))
            ):
                break  # "…, melakukan sosialisasi": the next item of a list of acts
            out.add(j)
            j += 1
    return out


DUAL = "enabler+barrier"  # a clause that names its factors as supporting and inhibiting alike
_CONSEQUENCES = frozenset({"sehingga dapat", "so that"})  # purpose markers that also state a result
_PREDICATE = frozenset(
    "belum tidak telah sudah masih sangat kurang is are was were has have had not".split()
)  # where the main predicate of a clause begins, after a purpose phrase in its subject


def study_frame(toks: list[Token], lex: Lexicon, lang: str) -> set[int]:
    """Token indexes masked before themes and valence are read: words about the study itself, and words
    that sound evaluative but describe the target group or join a list (``neutral``)."""
    masked = {
        j
        for kind in ("study_frame", "neutral")
        for cue, i in find(lex.phrases[(kind, lang)], toks)
        for j in range(i, i + len(cue.words))
    }
    numbered = {k for k, t in enumerate(toks[:-1]) if t.surface == "no" and toks[k + 1].surface[:1].isdigit()}
    return masked | correlative_baik(toks) | numbered  # "Regulation No. 2" negates nothing


_RATES = frozenset(
    "dengan cukup sangat sudah telah kurang belum tidak yang lebih secara berjalan amat".split()
)


def correlative_baik(toks: list[Token]) -> set[int]:
    """Indexes of *baik* opening a *baik … maupun …* pair ("baik di desa maupun di kota": both … and), which
    rates nothing."""
    return {
        k
        for k, t in enumerate(toks)
        if t.surface == "baik"
        and (k == 0 or toks[k - 1].surface not in _RATES)
        and any(u.surface == "maupun" for u in toks[k + 1 : k + 12])
    }


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
        while (
            j < len(toks)
            and toks[j].surface not in _PREDICATE
            and "," not in text[toks[j - 1].end : toks[j].start]
        ):
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


def _after_perfect(toks: list[Token], i: int) -> bool:
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


def clause_type(
    text: str, toks: list[Token], lex: Lexicon, lang: str, in_results: bool, problem: bool = False
) -> tuple[str | None, list[str], list[str], list[list[int]] | None]:
    """The clause's type by its own words: (type or None, type cues, valence cues, list items or None).

    An effort is an action taken to overcome a problem (codebook): a weak effort verb (*diberikan*,
    *provided*, *carried out*) makes one only where its sentence or the one before names a problem
    (``problem``); elsewhere it describes the programme."""
    frame = study_frame(toks, lex, lang) | aims(text, toks, lex, lang)
    kind_matches = find(lex.group(lang, "types"), toks, frame)
    frame = frame | programme_titles(toks, programme_names(text, toks))  # "Kota Tanpa Kumuh" negates nothing
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
    bare = [t.surface for k, t in enumerate(toks) if t.stem in negators and k not in frame]
    if polarity == 0 and bare:  # "tidak ada jadwal": a negated determinant
        polarity, polarity_cues = -1, polarity_cues + [f"{bare[0]} (−)"]
    duty = duties(toks, lex, lang, frame)
    if duty is not None and polarity == 0:  # "have carried out their duties": performance, no effort
        polarity, polarity_cues = duty
        kind_matches = [(c, i) for c, i in kind_matches if not c.group.startswith("effort")]
    kinds = {c.group for c, _ in kind_matches}
    kind_cues = [c.label for c, _ in kind_matches]
    described = find(lex.phrases[("context_markers", lang)], toks, frame)
    supporting = find(lex.phrases[("supporting", lang)], toks, frame)
    inhibiting = find(lex.phrases[("inhibiting", lang)], toks, frame)
    if not in_results and not any(len(c.words) > 1 for c, _ in supporting + inhibiting):
        # background: programme description and problem framing (an evaluation: outcome); factors named as
        # such ("salah satu faktor penentu keberhasilan adalah …") are findings wherever they stand
        return "context", [], polarity_cues, items
    if "recommendation" in kinds:
        return "recommendation", kind_cues, polarity_cues, items
    remedy = remedies(toks, lex, lang)
    done = any(c.group == "effort_weak" and _after_perfect(toks, i) for c, i in kind_matches)
    if "effort" in kinds or remedy or ("effort_weak" in kinds and polarity == 0 and (problem or done)):
        # "conducted ... not effective" is no effort; "has held training", "untuk mengatasi kendala
        # tersebut, …" are
        return "effort", kind_cues + remedy, polarity_cues, items
    if supporting and inhibiting:  # "can be supporting as well as inhibiting factors"
        return DUAL, [c.label for c, _ in supporting + inhibiting], polarity_cues, items
    if polarity < 0:
        return "barrier", kind_cues, polarity_cues, items
    if polarity > 0:
        return "enabler", kind_cues, polarity_cues, items
    if described:
        return "context", [c.label for c, _ in described], polarity_cues, items
    return None, kind_cues, polarity_cues, items


def rated_whole(toks: list[Token], lex: Lexicon, lang: str, blocked: set[int]) -> tuple[int, Cue, int] | None:
    """Index of the word naming implementation as a whole (*implementasi*, *program*, *the implementation*)
    where a clause rates it and nothing else: every valence word is a rating (*berjalan dengan baik*,
    *successful*, *achieved well*) and comes after it, and no aspect is singled out (*dari segi
    komunikasi*, *in terms of funding*). The determinants named after it are then no enablers ("the
    implementation according to the guidelines went well") and the rating is an outcome (T15). Returns that
    index and the first rating word with its index; None otherwise."""
    rated = find(lex.phrases[("rated", lang)], toks, blocked)
    polar = find(lex.group(lang, "polarity"), toks, blocked)
    if not rated or not polar:
        return None
    first = rated[0][1]
    if any(i < first for _, i in polar) or not only_ratings(toks, lex, lang, blocked):
        return None
    if any(i > first for _, i in find(lex.phrases[("aspects", lang)], toks, blocked)):
        return None
    return first, polar[0][0], polar[0][1]


def only_ratings(toks: list[Token], lex: Lexicon, lang: str, blocked: set[int]) -> bool:
    """Whether every valence word of a clause is a positive rating (*berjalan dengan baik*, *successful*),
    with no negator: the clause rates something, it names no factor."""
    polar = find(lex.group(lang, "polarity"), toks, blocked)
    if not polar or find(lex.phrases[("negators", lang)], toks, blocked):
        return False
    ratings = {
        j for c, i in find(lex.phrases[("ratings", lang)], toks, blocked) for j in range(i, i + len(c.words))
    }
    return all(
        c.group == "positive" and all(j in ratings for j in range(i, i + len(c.words))) for c, i in polar
    )
