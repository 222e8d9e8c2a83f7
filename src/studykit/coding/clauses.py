"""A source text read for coding: its sentences cut into clauses, each with its language, whether it is in
the results, its words and the type its own words give it.

Clauses are cut at contrasts and concessions (*namun*, *tetapi*, *meskipun*,
*however* ...), at semicolons, before a run-on sentence's next capitalised clause and
before *, serta*; all cuts are character spans of the source, so a quote is always
``text[start:end]``. Sentences about the study itself (aims, method, theory, title)
are left out (codebook: nothing is inferred); sentences before the results are
background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .advice import advice_items
from .aspects import aspect_lists, evaluated_lists, list_cuts, list_spans
from .cues import Lexicon, Token, find, tokens
from .language import guess_language, languages_of
from .segment import body_sentences, reflow, strip
from .valence import clause_type, phrase_starts, study_frame
from .words import gap

CONCESSIONS = frozenset(
    "although though despite while whereas meskipun walaupun walau biarpun kendati sementara padahal".split()
)  # a concession opens a clause of its own, which ends at the next comma
_BULLET = re.compile(r"[•●▪◦·*–-]\s|\(?\d{1,2}[.)]\s|\(?[a-h][.)]\s")  # an item opening a line (segment)
_ENUMERATION = re.compile(r"(?:^|(?<=\s))(\(?\d{1,2}\)|\(?[a-h]\)|[•●▪◦])\s")
# contrast words that are also adverbs or adjectives ("has not yet been optimal", "bantuan sementara"): a
# contrast only where a clause can begin (sentence start, after a comma or semicolon, after "and"/"dan")
_ADVERBIAL = frozenset({"yet", "sementara"})
_ADVICE = "recommendation"
_HEADS = ("enabler", "barrier", _ADVICE)  # list heads whose enumerated items take their type
_ASPECT_OPENERS = frozenset(
    {"in terms of", "dari segi", "dari aspek", "dari sisi", "dilihat dari", "ditinjau dari"}
)


def _opens_clause(text: str, toks: list[Token], i: int) -> bool:
    """Whether token i stands where a clause can begin: first in the sentence, after , or ; or after a
    conjunction."""
    if i == 0:
        return True
    joined = toks[i - 1].surface in ("and", "dan", "but", "tetapi")
    return joined or any(p in gap(text, toks, i) for p in ",;:")


def _evaluated_items(text: str, start: int, end: int, toks: list[Token], lex: Lexicon, lang: str) -> set[int]:
    """Cuts at the commas of a sentence whose comma-separated parts each carry a valence of their own ("the
    communication has been effective, resources are inadequate, the disposition is good"): each part is a
    finding. A list whose items carry none (after "kendala … yaitu A, B, dan C") is left whole, as is a part
    without valence with the part after it ("lingkungan ekonomi, sosial dan politik tidak kondusif")."""
    commas = [m.start() + 1 for m in re.finditer(r",\s", text[start:end])]
    if not commas:
        return set()
    commas = [start + c for c in commas]
    markers = find(lex.phrases[("list_markers", lang)], toks)
    if markers and toks[markers[0][1]].start < commas[0]:
        return set()  # a list: its items share the list's quote (codebook), each gets its own candidate
    opening = {toks[i].start for _, i in markers}  # ", namely A, B": the list stays with its head
    commas = [c for c in commas if not any(0 <= o - c <= 2 for o in opening)]
    if not commas:
        return set()
    polar = {
        toks[i].start
        for _, i in find(lex.group(lang, "polarity"), toks) + find(lex.phrases[("negators", lang)], toks)
    }
    bounds = [start, *commas, end]
    parts = [any(a <= p < b for p in polar) for a, b in zip(bounds, bounds[1:], strict=False)]
    if sum(parts) < 2:
        return set()
    return {c for k, c in enumerate(commas) if parts[k + 1] and (parts[k] or k == 0)}


def _names_something(toks: list[Token], lex: Lexicon, lang: str) -> bool:
    """Whether words name a theme or implementation as a whole: a clause of their own, before a cause."""
    return bool(find(lex.group(lang, "themes"), toks) or find(lex.phrases[("rated", lang)], toks))


def clauses(
    text: str, start: int, end: int, toks: list[Token], lex: Lexicon, lang: str
) -> list[tuple[int, int]]:
    """Clause spans of one sentence: cut before a contrast or concession word, after the clause a concession
    opens (*Although A, B*: A and B), at semicolons and before the items of an enumeration (*1) … 2) …*,
    bullets)."""
    cuts = {start, end}
    for cue, i in phrase_starts(lex, "contrast", lang, toks):
        if cue.label.lower() in _ADVERBIAL and not _opens_clause(text, toks, i):
            continue
        cuts.add(toks[i].start)
        if cue.label.lower() in CONCESSIONS:
            comma = text.find(", ", toks[i].end, end)
            if comma >= 0:
                cuts.add(comma + 1)
    for _cue, i in phrase_starts(lex, "clause_breaks", lang, toks):
        if text[start : toks[i].start].rstrip().endswith(","):
            cuts.add(toks[i].start)
    frame = study_frame(toks, lex, lang)
    valued = {
        i for _, i in find(lex.group(lang, "polarity"), toks) + find(lex.phrases[("negators", lang)], toks)
    }
    for cue, i in phrase_starts(lex, "causes", lang, toks):  # "… belum optimal karena kurangnya dana"
        after = toks[i + len(cue.words)].surface if i + len(cue.words) < len(toks) else ""
        # a cause with a valence of its own; one without takes the valence of what it explains ("sangat
        # memuaskan karena bantuan dibagi rata": an enabler)
        if i >= 3 and toks[i - 1].surface != "oleh" and after != "itu" and any(j > i for j in valued):
            since = max(c for c in cuts if c <= toks[i].start)
            head = [t for k, t in enumerate(toks[:i]) if t.start >= since and k not in frame]
            if _names_something(head, lex, lang) or find(lex.group(lang, "types"), head):  # not after a bare
                # "masih ada hambatan"
                cuts.add(toks[i].start)
    heads = set()  # a second factor head ("… and inhibiting factors, namely …") opens a clause of its own
    for cue, i in phrase_starts(lex, "supporting", lang, toks) + phrase_starts(lex, "inhibiting", lang, toks):
        if len(cue.words) > 1 and i > 1 and toks[i - 1].surface in ("dan", "and", "serta", "while"):
            heads.add(toks[i].start)
            cuts.add(toks[i - 1].start)
    for m in re.finditer(r";", text[start:end]):
        cuts.add(start + m.start() + 1)
    for m in _ENUMERATION.finditer(text, start, end):
        if m.start(1) > start:
            cuts.add(m.start(1))
    listed = [toks[i].start for _, i in phrase_starts(lex, "list_markers", lang, toks)]
    for m in re.finditer(
        r", (?=[A-Z][a-z]+ (?![A-Z]))|,\s+(?=serta\b)", text[start:end]
    ):  # a run-on sentence (", Implementasi program ..."; not in a list of names nor after a list marker),
        # ", serta ..."
        if not text.startswith("serta", start + m.end()) and any(p < start + m.start() for p in listed):
            continue
        cuts.add(start + m.start() + 1)
    cuts |= _evaluated_items(text, start, end, toks, lex, lang)
    lists = aspect_lists(text, toks, lex, lang, frame)  # "…, dilihat dari komunikasi, sumber daya, …"
    for cue, i in phrase_starts(lex, "aspects", lang, toks):  # "…, and in terms of structure, the programme
        # was …": the aspect goes with what is said of it
        if any(a <= i <= b for a, b in lists):
            continue
        joined = i > 1 and toks[i - 1].surface in ("dan", "and", "serta")
        after_comma = "," in gap(text, toks, i)
        if cue.label.lower() in _ASPECT_OPENERS and (joined or after_comma):  # "effective in terms of
            # timeliness" stays one clause
            heads.add(toks[i].start)
            cuts.add(toks[i - 1].start if joined else toks[i].start)
            closing = [c for c in cuts if toks[i].end < c <= toks[min(i + 8, len(toks) - 1)].start]
            if closing and text[min(closing) - 1] == ",":
                cuts.discard(min(closing))
    points = sorted(list_cuts(text, toks, lists, cuts))
    spans = []
    for a, b in zip(points, points[1:], strict=False):
        a, b = strip(text, a, b)
        after = text.find(" ", a, b)
        if after > 0 and strip(text, after, b)[0] in heads:
            a = strip(text, after, b)[0]  # the quote starts at the head, not at its "and"
        # drop the contrast word itself from the quote
        for cue, i in phrase_starts(lex, "contrast", lang, [t for t in toks if a <= t.start < b]):
            first = [t for t in toks if a <= t.start < b]
            if i == 0:
                a = strip(text, first[len(cue.words) - 1].end, b)[0]
            break
        if b > a:
            spans.append((a, b))
    return spans


@dataclass(frozen=True)
class Clause:
    """A clause that may carry a finding: its span, sentence number, language, whether it is in the results,
    its tokens and the type its own words give it (None: no type or valence word)."""

    start: int
    end: int
    sentence: int
    lang: str
    in_results: bool
    toks: tuple[Token, ...]
    base: str | None
    problem: bool = False  # its sentence or the one before names a problem (an effort may answer it)
    head: tuple[str, tuple[str, ...]] | None = None  # an enumerated item's type and cues from its list's head


@dataclass(frozen=True)
class Reading:
    """A source text read for coding: the text with line wraps as spaces, its languages and its clauses."""

    flat: str
    languages: tuple[str, ...]
    clauses: tuple[Clause, ...]


def _about_the_study(toks: list[Token], lexicon: Lexicon, lang: str) -> bool:
    """Whether a sentence is about the study's aims, method or theory: a cue of these comes before any
    results marker ("Findings reveal that …, as the informants said" is a result)."""
    skip = find(lexicon.phrases[("skip_sentence", lang)], toks)
    if not skip:
        return False
    results = find(lexicon.phrases[("results", lang)], toks)
    return not results or skip[0][1] < results[0][1]


def _marks_results(toks: list[Token], lexicon: Lexicon, lang: str) -> bool:
    """Whether a sentence has a results marker (*hasil penelitian*, *the results show*); *as a result* (a
    consequence) is none."""
    return any(
        not (i > 0 and toks[i - 1].surface == "a" and len(cue.words) == 1)
        for cue, i in find(lexicon.phrases[("results", lang)], toks)
    )


def _untranslated_results(
    toks: list[list[Token]], langs: list[str], about: list[bool], lexicon: Lexicon, present: set[str]
) -> set[str]:
    """The languages of a block appended after the others' (a translation) with neither a results marker nor a
    method sentence while another has its results marked: a translation of the background only (a translation
    of results would add nothing). A language interleaved with the others is read as it is."""
    marked = {g for t, g in zip(toks, langs, strict=False) if _marks_results(t, lexicon, g)}
    described = {g for a, g in zip(about, langs, strict=False) if a}
    return {
        g
        for g in present
        if marked
        and g not in marked | described
        and langs.index(g) > max(k for k, h in enumerate(langs) if h != g)
    }


def _results_start(
    toks: list[list[Token]], langs: list[str], about: list[bool], lexicon: Lexicon, lang: str
) -> int:
    """Index of the first sentence of the results in ``lang``: the first with a results marker (*hasil
    penelitian*), or, earlier, the first after the aims and method when they come before it ("… Metode
    kualitatif. Sosialisasi belum optimal. Kesimpulan …"); with neither, the first (nothing is background)."""
    ks = [k for k, g in enumerate(langs) if g == lang]
    marker = next((k for k in ks if _marks_results(toks[k], lexicon, lang)), None)
    method = [k for k in ks if (marker is None or k < marker) and about[k]]
    while marker is None and method and all(about[k] for k in ks if k >= method[-1]):
        method.pop()  # closing remarks ("further research …") end the abstract, they open no results
    if marker is None:  # no marker (a translated half, a short abstract): after the method, else everything
        return method[-1] + 1 if method else 0
    return min(marker, method[-1] + 1) if method else marker


def _names_a_problem(toks: list[Token], lexicon: Lexicon, lang: str) -> bool:
    """Whether a sentence names a problem: a negative word or a negator."""
    return any(c.group == "negative" for c, _ in find(lexicon.group(lang, "polarity"), toks)) or bool(
        find(lexicon.phrases[("negators", lang)], toks)
    )


def read(text: str, lexicon: Lexicon) -> Reading:
    """The clauses of ``text`` that may carry a finding: front matter, aims, method and theory left out.

    The text is read through :func:`segment.reflow` (line wraps as spaces, same offsets), so a wrapped
    copy reads exactly as the unwrapped text. Each sentence is read in its own language."""
    flat = reflow(text)
    doc_langs = languages_of(flat) or ["id"]
    spans = body_sentences(text)
    langs = [guess_language(flat[a:b]) or doc_langs[0] for a, b in spans]
    toks = [tokens(flat, a, b, lang) for (a, b), lang in zip(spans, langs, strict=False)]
    about = [_about_the_study(t, lexicon, lang) for t, lang in zip(toks, langs, strict=False)]
    results_at = {lang: _results_start(toks, langs, about, lexicon, lang) for lang in dict.fromkeys(langs)}
    for lang in _untranslated_results(toks, langs, about, lexicon, set(results_at)):
        results_at[lang] = len(toks)
    negative = [_names_a_problem(t, lexicon, lang) for t, lang in zip(toks, langs, strict=False)]
    out: list[Clause] = []
    lists: dict[int, list[tuple[int, int]]] = {}  # sentence -> its lists of a framework's aspects
    head = None  # the type of a clause that opens an enumeration (a colon, or "a) …" next): its items take it
    for k, ((a, b), lang) in enumerate(zip(spans, langs, strict=False)):
        if about[k]:
            head = None
            continue
        in_results = k >= results_at[lang]
        problem = negative[k] or (k > 0 and langs[k - 1] == lang and negative[k - 1])
        advised = False  # the sentence goes on with an item of a recommendation ("a) improve …, by …")
        lists[k] = list_spans(flat, toks[k], lexicon, lang)
        for ca, cb in clauses(flat, a, b, toks[k], lexicon, lang):
            clause_toks = tokens(flat, ca, cb, lang)
            base, acts, cues, _ = clause_type(flat, clause_toks, lexicon, lang, in_results, problem)
            item = bool(_ENUMERATION.match(flat, ca) or _BULLET.match(flat, ca))
            # an item takes its list head's valence where it has none, and a recommendation head whatever its
            # own valence ("the suggestions are: a) improve coordination …")
            inherited = (
                head
                if (item or advised) and in_results and head and (base is None or head[0] == _ADVICE)
                else None
            )
            advised = bool(inherited) and inherited[0] == _ADVICE
            kind = inherited[0] if inherited else base
            out.append(Clause(ca, cb, k, lang, in_results, tuple(clause_toks), kind, problem, inherited))
            if not item and not inherited:
                rest = cb + len(flat[cb:]) - len(flat[cb:].lstrip(" :"))
                opens = flat[cb : cb + 3].lstrip().startswith(":") or (
                    base == _ADVICE and bool(_ENUMERATION.match(flat, rest))  # "the suggestions are a) …"
                )
                head = (base, tuple(acts if base == _ADVICE else cues)) if opens and base in _HEADS else None

    def evaluation(c: Clause) -> tuple[str, tuple[str, ...]]:
        base, acts, cues, _ = clause_type(flat, list(c.toks), lexicon, c.lang, c.in_results, c.problem)
        return base, tuple(acts if base == _ADVICE else cues)

    clauses_ = advice_items(flat, evaluated_lists(out, lists, evaluation), evaluation)
    return Reading(flat, tuple(doc_langs), tuple(clauses_))
