"""Candidate findings for an abstract, each with a verbatim quote and the cue words that fired.

How a candidate is found, so that an analyst can check every step:

1. The text is cut into sentences and each sentence into clauses at contrasts and
   concessions (*namun*, *tetapi*, *meskipun*, *however* ...) and semicolons, all as
   character spans of the source: a quote is always ``text[start:end]``.
2. Sentences about the study itself (aims, method, theory, title) are left out
   (codebook: nothing is inferred); sentences before the results are background.
3. Words are compared by stem (PySastrawi for Bahasa Indonesia, Snowball for
   English) with the cue words of the codebook (``themes.yaml``) and of the
   suggestion lexicon (``lexicon.yaml``, documented in docs/codebook.md).
4. The clause's type: recommendation or effort by their own words; otherwise its
   polarity (negators flip the next positive or negative word): negative → barrier,
   positive → enabler, the dependent themes T14/T15 → outcome; background → context.
5. After a list marker (*yaitu*, *terdiri atas* ...) each item separated by commas
   and *dan*/*serta* yields its own candidate; list items share the quote of the
   whole list (codebook rule). Themes inside a purpose phrase (*untuk meningkatkan*,
   *agar* ...) are the target of an effort or recommendation, not its theme.

The score adds the weights of the cues that fired; ``cues`` lists them. In a
bilingual abstract each sentence is read in its own language; the second language
adds only what the first lacks.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .cues import Cue, Lexicon, Token, find, tokens
from .language import guess_language, languages_of
from .segment import front_matter, legal_citation, reflow, sentences, strip

DEPENDENT_THEMES = ("T14", "T15")
MIN_SCORE = 1.5
RESULTS_BONUS = 0.5


@dataclass
class Candidate:
    """A suggested finding: type, theme, verbatim quote with its span, score and the cues that fired."""

    finding_type: str
    theme_id: str
    quote: str
    start: int
    end: int
    score: float
    cues: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


# --- segmentation ----------------------------------------------------------------------


def _phrase_starts(lex: Lexicon, kind: str, lang: str, toks: list[Token]) -> list[tuple[Cue, int]]:
    return find(lex.phrases[(kind, lang)], toks)


def clauses(
    text: str, start: int, end: int, toks: list[Token], lex: Lexicon, lang: str
) -> list[tuple[int, int]]:
    """Clause spans of one sentence: cut before a contrast or concession word and at semicolons."""
    cuts = {start, end}
    for _cue, i in _phrase_starts(lex, "contrast", lang, toks):
        cuts.add(toks[i].start)
    for m in re.finditer(r";", text[start:end]):
        cuts.add(start + m.start() + 1)
    for m in re.finditer(
        r", (?=[A-Z][a-z])|,\s+(?=serta\b)", text[start:end]
    ):  # a run-on sentence (", Implementasi ..."), ", serta ..."
        cuts.add(start + m.start() + 1)
    points = sorted(cuts)
    spans = []
    for a, b in zip(points, points[1:], strict=False):
        a, b = strip(text, a, b)
        # drop the contrast word itself from the quote
        for cue, i in _phrase_starts(lex, "contrast", lang, [t for t in toks if a <= t.start < b]):
            first = [t for t in toks if a <= t.start < b]
            if i == 0:
                a = strip(text, first[len(cue.words) - 1].end, b)[0]
            break
        if b > a:
            spans.append((a, b))
    return spans


# --- suggestion ----------------------------------------------------------------------


_JOINERS = frozenset({"dan", "serta", "atau", "maupun", "and", "or"})


def _negator_before(toks: list[Token], i: int, negators: set[int], window: int = 3) -> int | None:
    """Index of a negator at most ``window`` words before token i ('belum berjalan dengan baik', 'has not
    been implemented effectively'), not across 'dan'/'atau' (''kurangnya dana dan rendahnya'')."""
    for j in range(i - 1, max(-1, i - 1 - window), -1):
        if toks[j].surface in _JOINERS:
            return None
        if j in negators:
            return j
    return None


def _polarity(lex: Lexicon, lang: str, toks: list[Token], blocked: set[int]) -> tuple[int, list[str]]:
    """Positive minus negative cue count, negators applied; the cues that fired, with their sign."""
    negators = {i for _, i in find(lex.phrases[("negators", lang)], toks)}
    value, fired = 0, []
    for cue, i in find(lex.group(lang, "polarity"), toks, blocked):
        sign = 1 if cue.group == "positive" else -1
        j = _negator_before(toks, i, negators)
        if j is not None:
            sign = -sign
        fired.append(
            f"{toks[j].surface + ' ' if j is not None else ''}{cue.label} ({'+' if sign > 0 else '−'})"
        )
        value += sign
    return value, fired


def _items(text: str, toks: list[Token], lex: Lexicon, lang: str) -> list[list[int]] | None:
    """Token index groups of the list items after a list marker, or None when the clause has no list."""
    markers = _phrase_starts(lex, "list_markers", lang, toks)
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


def _purpose_tokens(lex: Lexicon, lang: str, toks: list[Token]) -> set[int]:
    """Token indexes of purpose phrases: from the marker to the next 'dilakukan/dengan/melalui' or the clause
    end."""
    out: set[int] = set()
    for cue, i in find(lex.phrases[("purpose", lang)], toks):
        j = i
        while j < len(toks) and (
            j < i + len(cue.words)
            or toks[j].surface not in ("dilakukan", "dengan", "melalui", "by", "through")
        ):
            out.add(j)
            j += 1
    return out


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


@dataclass(frozen=True)
class Reading:
    """A source text read for coding: the text with line wraps as spaces, its languages and its clauses."""

    flat: str
    languages: tuple[str, ...]
    clauses: tuple[Clause, ...]


def read(text: str, lexicon: Lexicon) -> Reading:
    """The clauses of ``text`` that may carry a finding: front matter, aims, method and theory left out.

    The text is read through :func:`segment.reflow` (line wraps as spaces, same offsets), so a wrapped
    copy reads exactly as the unwrapped text. Each sentence is read in its own language."""
    flat = reflow(text)
    doc_langs = languages_of(flat) or ["id"]
    spans = [(a, b) for a, b in sentences(text) if not front_matter(text, a, b)]
    langs = [guess_language(flat[a:b]) or doc_langs[0] for a, b in spans]
    toks = [tokens(flat, a, b, lang) for (a, b), lang in zip(spans, langs, strict=False)]
    results_at = {}
    for lang in dict.fromkeys(langs):
        results_at[lang] = next(
            (
                k
                for k, t in enumerate(toks)
                if langs[k] == lang and find(lexicon.phrases[("results", lang)], t)
            ),
            0,
        )
    out = []
    for k, ((a, b), lang) in enumerate(zip(spans, langs, strict=False)):
        if find(lexicon.phrases[("skip_sentence", lang)], toks[k]):
            continue
        in_results = k >= results_at[lang]
        for ca, cb in clauses(flat, a, b, toks[k], lexicon, lang):
            clause_toks = tokens(flat, ca, cb, lang)
            base = _clause_type(flat, clause_toks, lexicon, lang, in_results)[0]
            out.append(Clause(ca, cb, k, lang, in_results, tuple(clause_toks), base))
    return Reading(flat, tuple(doc_langs), tuple(out))


def suggest_text(text: str, lexicon: Lexicon) -> list[Candidate]:
    """Candidate findings of a source text by the rules alone, in text order; every quote is
    ``text[start:end]``."""
    reading = read(text, lexicon)
    found = [c for clause in reading.clauses for c in clause_candidates(reading.flat, clause, lexicon)]
    return settle(text, reading, found)


def settle(text: str, reading: Reading, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates an analyst sees, in text order: in each sentence context only where it carries nothing
    stronger (one, never from a legal citation); in a bilingual abstract the second language adds only the
    (type, theme) pairs the first lacks, and no context (the first describes the programme); quotes from
    ``text`` as stored; each span once."""
    clause_of = {(c.start, c.end): c for c in reading.clauses}
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_sentence.setdefault(clause_of[(c.start, c.end)].sentence, []).append(c)
    by_lang: dict[str, list[Candidate]] = {}
    for found in by_sentence.values():
        first = clause_of[(found[0].start, found[0].end)]
        stronger = [c for c in found if c.finding_type != "context"]
        if stronger:
            found = stronger
        else:
            sentence = " ".join(reading.flat[c.start : c.end] for c in found)
            found = [] if legal_citation(sentence) else [max(found, key=lambda c: (c.score, -c.start))]
        by_lang.setdefault(first.lang, []).extend(found)
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    order = [g for g in reading.languages if g in by_lang] + sorted(set(by_lang) - set(reading.languages))
    for k, lang in enumerate(order):
        out.extend(
            c
            for c in by_lang[lang]
            if (c.finding_type, c.theme_id) not in seen and (k == 0 or c.finding_type != "context")
        )
        seen |= {(c.finding_type, c.theme_id) for c in by_lang[lang]}
    for c in out:
        c.quote = text[c.start : c.end]
    return _unique(out, text)


def _frame(toks: list[Token], lex: Lexicon, lang: str) -> set[int]:
    return {
        j for cue, i in find(lex.phrases[("study_frame", lang)], toks) for j in range(i, i + len(cue.words))
    }


def _clause_type(
    text: str, toks: list[Token], lex: Lexicon, lang: str, in_results: bool
) -> tuple[str | None, list[str], list[str], list[list[int]] | None]:
    """The clause's type by its own words: (type or None, type cues, valence cues, list items or None)."""
    frame = _frame(toks, lex, lang)
    kind_matches = find(lex.group(lang, "types"), toks, frame)
    items = _items(text, toks, lex, lang)
    polarity, polarity_cues = 0, []
    if (
        items is not None
    ):  # "Kendala ... terdiri atas A, B dan dukungan": the list's head gives every item its valence
        polarity, polarity_cues = _polarity(lex, lang, toks, frame | {i for group in items for i in group})
    if polarity == 0:
        polarity, polarity_cues = _polarity(lex, lang, toks, frame)
    negators = {n.words[0][0] for n in lex.phrases[("negators", lang)]}
    if polarity == 0 and any(t.stem in negators for t in toks):
        polarity, polarity_cues = (
            -1,
            polarity_cues + [f"{next(t.surface for t in toks if t.stem in negators)} (−)"],
        )
    kinds = {c.group for c, _ in kind_matches}
    kind_cues = [c.label for c, _ in kind_matches]
    described = find(lex.phrases[("context_markers", lang)], toks, frame)
    if not in_results:  # background: programme description and problem framing, whatever the valence
        return "context", [], [], items
    if "recommendation" in kinds:
        return "recommendation", kind_cues, polarity_cues, items
    if "effort" in kinds:
        return "effort", kind_cues, polarity_cues, items
    if polarity < 0:
        return "barrier", kind_cues, polarity_cues, items
    if polarity > 0:
        return "enabler", kind_cues, polarity_cues, items
    if described:
        return "context", [c.label for c, _ in described], polarity_cues, items
    return None, kind_cues, polarity_cues, items


def clause_candidates(text: str, clause: Clause, lex: Lexicon) -> list[Candidate]:
    """The rules' candidates of one clause (``text`` is the reading's flat text)."""
    return _clause_candidates(text, clause.start, clause.end, clause.lang, lex, clause.in_results)


def _clause_candidates(
    text: str, a: int, b: int, lang: str, lex: Lexicon, in_results: bool
) -> list[Candidate]:
    """The candidates of the clause ``text[a:b]``: one per theme whose cues fire outside the study's own
    frame.

    A clause that is all study frame (aims, method) yields none. An evaluation word qualifying a
    determinant theme does not make an outcome of it. The type follows the rules of
    :mod:`studykit.coding.suggest` (recommendation/effort words, else polarity); before the results
    (``in_results`` False) a clause is context. List items after a list marker each get their own
    candidate, sharing the clause as their quote.
    """
    toks = tokens(text, a, b, lang)
    frame = _frame(toks, lex, lang)
    if frame and len(frame) == len(toks):
        return []
    theme_matches = find(lex.group(lang, "themes"), toks, frame)
    polar_words = {c.words for c in lex.group(lang, "polarity")}
    if any(c.group not in DEPENDENT_THEMES for c, _ in theme_matches):
        # "belum efektifnya peran pemerintah daerah": the evaluation word qualifies the determinant, it is no
        # outcome
        theme_matches = [
            (c, i) for c, i in theme_matches if not (c.group in DEPENDENT_THEMES and c.words in polar_words)
        ]
    if not theme_matches:
        return []
    base, kind_cues, polarity_cues, items = _clause_type(text, toks, lex, lang, in_results)
    target = _purpose_tokens(lex, lang, toks) if base in ("effort", "recommendation") else set()
    groups = items if items is not None else [list(range(len(toks)))]
    quote_a, quote_b = a, b
    candidates: dict[tuple[str, str], Candidate] = {}
    for group in groups:
        members = set(group)
        weights: dict[str, list[Cue]] = {}
        for cue, i in theme_matches:
            if i in members and i not in target:
                weights.setdefault(cue.group, []).append(cue)
        for theme_id, cues in weights.items():
            theme_score = sum(c.weight + 0.5 * (len(c.words) - 1) for c in cues)
            finding_type = (
                "outcome" if theme_id in DEPENDENT_THEMES and base in ("barrier", "enabler") else base
            )
            if finding_type is None:
                continue
            if finding_type == "context":
                type_score = 0.5
            else:
                type_score = (
                    min(2.0, len(kind_cues) + len(polarity_cues))
                    if finding_type != "outcome" or polarity_cues
                    else 0.5
                )
            score = round(theme_score + type_score + (RESULTS_BONUS if in_results else 0.0), 2)
            if score < MIN_SCORE:
                continue
            fired = kind_cues + polarity_cues + [c.label for c in cues]
            if items is not None:
                fired.append("list item: " + text[toks[group[0]].start : toks[group[-1]].end])
            key = (finding_type, theme_id)
            if key not in candidates or candidates[key].score < score:
                candidates[key] = Candidate(
                    finding_type, theme_id, text[quote_a:quote_b], quote_a, quote_b, score, fired
                )
    return list(candidates.values())


def _unique(candidates: list[Candidate], text: str) -> list[Candidate]:
    """One candidate per (quote span, type, theme); sorted by position. The quote's first occurrence is its
    span."""
    from ..corpus.provenance import locate_quote

    seen, out = set(), []
    for c in sorted(candidates, key=lambda c: (c.start, c.end, c.finding_type, c.theme_id)):
        key = (c.start, c.end, c.finding_type, c.theme_id)
        if key in seen:
            continue
        seen.add(key)
        first = locate_quote(text, c.quote)
        if first != (c.start, c.end):  # the same words occur earlier: quote the whole sentence instead
            continue
        out.append(c)
    return out
