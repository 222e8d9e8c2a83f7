"""The type a clause's own words give it: recommendation or effort by their words, else its valence.

Valence is counted from the positive and negative cue words of the lexicon; a negator
up to three words before a cue flips it (*belum optimal*, *has not been implemented
effectively*), but not across *dan*/*atau*. After a list marker (*yaitu*, *terdiri
atas*, *namely* ...) the list's head gives every item its valence. A purpose phrase
(*untuk meningkatkan*, *agar*, *in order to*) names the target of an effort, not its
theme. Words about the study itself (*hasil penelitian menunjukkan*) are masked.
"""

from __future__ import annotations

from .acts import after_perfect, aims, duties, remedies
from .cues import Cue, Lexicon, Token, find
from .names import programme_names, programme_titles
from .polarity import negators_in, polarity_of
from .words import gap


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
        if j > first and ("," in gap(text, toks, j) or toks[j].surface in ("dan", "serta", "and", "maupun")):
            if current:
                groups.append(current)
            current = []
            if toks[j].surface in ("dan", "serta", "and", "maupun"):
                continue
        current.append(j)
    if current:
        groups.append(current)
    return groups if len(groups) > 1 else None


DUAL = "enabler+barrier"  # a clause that names its factors as supporting and inhibiting alike


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


_BY = frozenset("in by under dalam oleh".split())
_RELATIVE = frozenset("yang who which whom".split())


def described_duty(toks: list[Token], cue: Cue, i: int) -> bool:
    """Whether a recommendation word describes a duty or a rule instead of recommending: "the stages
    recommended in the guidelines", "yang disarankan dalam pedoman", "tugas yang harus dijalankan", "those who
    should receive it", "should have been received", "tidak perlu dikembalikan"."""
    if cue.group != "recommendation":
        return False
    after, word = i + len(cue.words), toks[i].surface
    participle = word.endswith("ed") or word.startswith("di")  # "recommended in", "disarankan dalam"
    if after < len(toks) and (toks[after].surface == "have" or participle and toks[after].surface in _BY):
        return True
    return i > 0 and toks[i - 1].surface in _RELATIVE | {"tidak", "not", "no"}


def clause_type(
    text: str, toks: list[Token], lex: Lexicon, lang: str, in_results: bool, problem: bool = False
) -> tuple[str | None, list[str], list[str], list[list[int]] | None]:
    """The clause's type by its own words: (type or None, type cues, valence cues, list items or None).

    An effort is an action taken to overcome a problem (codebook): a weak effort verb (*diberikan*,
    *provided*, *carried out*) makes one only where its sentence or the one before names a problem
    (``problem``); elsewhere it describes the programme."""
    frame = study_frame(toks, lex, lang) | aims(text, toks, lex, lang)
    lacking = {  # "masih perlu ditingkatkan", "still needs to be improved": a shortcoming, no recommendation
        j
        for c, i in find(lex.group(lang, "polarity"), toks, frame)
        if c.group == "negative"
        for j in range(i, i + len(c.words))
    }
    hindered = min((i for _, i in find(lex.phrases[("inhibiting", lang)], toks, frame)), default=len(toks))
    typed = [  # "faktor penghambat … adalah warga harus menambah biaya": a recommendation word after a named
        (c, i)  # hindrance describes the problem, it advises nothing
        for c, i in find(lex.group(lang, "types"), toks, frame)
        if not (c.group == "recommendation" and i > hindered)
    ]
    short = [c.label for c, i in typed if c.group == "recommendation" and i in lacking]
    kind_matches = [
        (c, i)
        for c, i in typed
        if not described_duty(toks, c, i) and not (c.group == "recommendation" and i in lacking)
    ]
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
    bare = [toks[k].surface for k in sorted(negators_in(lex, lang, toks, frame))]  # as written:
    # "berkurang" (decreased) is no "kurang"
    if polarity == 0 and bare:  # "tidak ada jadwal": a negated determinant
        polarity, polarity_cues = -1, polarity_cues + [f"{bare[0]} (−)"]
    if polarity == 0 and short:  # "masih perlu ditingkatkan …, yang seharusnya disesuaikan": a shortcoming
        polarity, polarity_cues = -1, polarity_cues + [f"{short[0]} (−)"]
    duty = duties(toks, lex, lang, frame)
    if duty is not None and not polarity_cues:  # "have carried out their duties": performance, no effort
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
    done = any(c.group == "effort_weak" and after_perfect(toks, i) for c, i in kind_matches)
    heads = items is not None and any(c.group == "effort" and i < items[0][0] for c, i in kind_matches)
    if (
        remedy
        or heads
        or (polarity == 0 and ("effort" in kinds or ("effort_weak" in kinds and (problem or done))))
    ):
        # "conducted ... not effective", "has provided sufficient facilities", "upaya … belum optimal" are
        # read by their valence; "has held training", "untuk mengatasi kendala tersebut, …", "upaya yang
        # dilakukan antara lain …" are efforts
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
    after = first + len(rated[0][0].words)
    while after < len(toks) and toks[after].surface in ("of", "the"):
        after += 1
    named = [c for c, i in find(lex.group(lang, "themes"), toks, blocked) if i == after]
    if any(
        c.group not in ("T04", "T16") and not find(lex.phrases[("rated", lang)], toks[after : after + 1])
        for c in named
    ):
        return None  # "program monitoring", "pelaksanaan sosialisasi": what is rated is the determinant
    return first, polar[0][0], polar[0][1]


def only_ratings(toks: list[Token], lex: Lexicon, lang: str, blocked: set[int]) -> bool:
    """Whether every valence word of a clause is a positive rating (*berjalan dengan baik*, *successful*),
    with no negator: the clause rates something, it names no factor."""
    polar = find(lex.group(lang, "polarity"), toks, blocked)
    if not polar or negators_in(lex, lang, toks, blocked):
        return False
    ratings = {
        j for c, i in find(lex.phrases[("ratings", lang)], toks, blocked) for j in range(i, i + len(c.words))
    }
    return all(
        c.group == "positive" and all(j in ratings for j in range(i, i + len(c.words))) for c, i in polar
    )
