"""Candidate findings for an abstract, each with a verbatim quote and the cue words that fired.

How a candidate is found, so that an analyst can check every step:

1. The text is cut into sentences (:mod:`.segment`) and each sentence into clauses
   at contrasts and concessions (*namun*, *tetapi*, *meskipun*, *however* ...) and
   semicolons (:mod:`.clauses`), all as character spans of the source: a quote is
   always ``text[start:end]``.
2. Sentences about the study itself (aims, method, theory, title) are left out
   (codebook: nothing is inferred); sentences before the results are background.
3. Words are compared by stem (PySastrawi for Bahasa Indonesia, Snowball for
   English) with the cue words of the codebook (``themes.yaml``) and of the
   suggestion lexicon (``lexicon.yaml``, documented in docs/codebook.md).
4. The clause's type (:mod:`.valence`): recommendation or effort by their own words; otherwise its
   polarity (negators flip the next positive or negative word): negative → barrier,
   positive → enabler, the dependent themes T14/T15 → outcome; background → context.
5. After a list marker (*yaitu*, *terdiri atas* ...) each item separated by commas
   and *dan*/*serta* yields its own candidate; list items share the quote of the
   whole list (codebook rule). Themes inside a purpose phrase (*untuk meningkatkan*,
   *agar* ...) are the target of an effort or recommendation, not its theme.
6. Words of a programme's name (*Alokasi Dana Desa*, *Bantuan Pangan Non Tunai*)
   name no theme; conformity with the rules (*sesuai dengan peraturan*) is an
   outcome, not an enabler of what conformed; a result stated in the background
   (*program … belum berjalan efektif*) is an outcome; factors named supporting and
   inhibiting alike give both an enabler and a barrier.

The score adds the weights of the cues that fired; ``cues`` lists them. In a
bilingual abstract each sentence is read in its own language; the second language
adds only what the first lacks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .acts import aims, purpose_tokens
from .aspects import framework_aspects
from .clauses import Clause, Reading, read
from .cues import Cue, Lexicon, clause_themes, find, tokens
from .labels import LIST_ITEM
from .names import programme_names, programme_titles, topics
from .segment import legal_citation
from .valence import DUAL, clause_type, only_ratings, rated_whole, study_frame
from .words import past_joiner

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


def suggest_text(text: str, lexicon: Lexicon) -> list[Candidate]:
    """Candidate findings of a source text by the rules alone, in text order; every quote is
    ``text[start:end]``."""
    from .themes import settle_themes

    reading = read(text, lexicon)
    found = [
        c
        for clause in reading.clauses
        for c in settle_themes(clause_candidates(reading.flat, clause, lexicon), lexicon.themes)
    ]
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


def clause_candidates(text: str, clause: Clause, lex: Lexicon) -> list[Candidate]:
    """The rules' candidates of one clause (``text`` is the reading's flat text)."""
    return _clause_candidates(
        text, clause.start, clause.end, clause.lang, lex, clause.in_results, clause.problem, clause.head
    )


def _clause_candidates(
    text: str,
    a: int,
    b: int,
    lang: str,
    lex: Lexicon,
    in_results: bool,
    problem: bool = False,
    head: tuple[str, tuple[str, ...]] | None = None,
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
    dependent = dependent_themes(lex)
    frame = study_frame(toks, lex, lang)
    if frame and len(frame) == len(toks):
        return []
    theme_matches = clause_themes(text, lex, lang, toks, frame)
    theme_matches = framework_aspects(text, lex, lang, toks, theme_matches, frame)  # "…, sumber daya, …"
    names = programme_names(text, toks)
    titles = programme_titles(toks, names)
    theme_matches = [
        (c, i)
        for c, i in theme_matches
        if not any(
            all(j in run for j in range(i, i + len(c.words)))
            for run in ((names if c.group in NAME_THEMES else set()), titles)
        )
    ]
    topic = topics(toks, theme_matches)
    theme_matches = [(c, i) for c, i in theme_matches if i not in topic]
    polar_words = {c.words for c in lex.group(lang, "polarity")}
    if any(c.group not in dependent for c, _ in theme_matches):
        # "belum efektifnya peran pemerintah daerah": the evaluation word qualifies the determinant, it is no
        # outcome
        theme_matches = [
            (c, i)
            for c, i in theme_matches
            if not (c.group in dependent and (c.words in polar_words or _rating(toks[i : i + len(c.words)])))
            or (c.group == "T14" and len(c.words) > 1)  # a conformity phrase: see `only_conformity`
        ]
    base, kind_cues, polarity_cues, items = clause_type(text, toks, lex, lang, in_results, problem)
    if head is not None and (base is None or head[0] == "recommendation"):  # "supported by several factors:
        # 1) resources, 2) …", "the suggestions are a) improve …"
        base, polarity_cues = head[0], list(head[1])
    goal = frame | aims(text, toks, lex, lang)  # a goal rates nothing
    whole = rated_whole(toks, lex, lang, goal) if base == "enabler" and items is None else None  # none listed
    if whole is not None:  # "the implementation according to the guidelines went well": an outcome only
        first, rating, at = whole
        theme_matches = [(c, i) for c, i in theme_matches if c.group in dependent or i < first]
        if not any(c.group in dependent for c, _ in theme_matches):
            theme_matches.append((Cue(rating.label, rating.words, 1.0, "T15"), at))
    if not theme_matches:
        return []
    # "dana dikelola sesuai dengan peraturan": the valence belongs to the conformity phrase (an outcome), it
    # makes no enabler of what was managed
    conformity = {
        j
        for c, i in theme_matches
        if c.group == "T14" and len(c.words) > 1
        for j in range(i, i + len(c.words))
    }
    polar = [(c, i) for c, i in find(lex.group(lang, "polarity"), toks, frame)]
    only_conformity = bool(polar) and all(
        j in conformity for c, i in polar for j in range(i, i + len(c.words))
    )
    target = purpose_tokens(lex, lang, toks, text) if base in ("effort", "recommendation") else set()
    framing = not in_results and bool(find(lex.phrases[("framing", lang)], toks, frame))
    rated = base == "enabler" and only_ratings(toks, lex, lang, goal)
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
            if only_conformity and theme_id not in dependent and base in ("barrier", "enabler"):
                continue
            for finding_type in _types(base, theme_id, polarity_cues, framing, dependent):
                if finding_type == "enabler" and theme_id == "T13" and rated:
                    finding_type = "outcome"  # "the revolving fund still runs well": persistence, rated
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
                    fired.append(LIST_ITEM + text[toks[group[0]].start : toks[group[-1]].end])
                key = (finding_type, theme_id)
                if key not in candidates or candidates[key].score < score:
                    candidates[key] = Candidate(
                        finding_type, theme_id, text[quote_a:quote_b], quote_a, quote_b, score, fired
                    )
    return list(candidates.values())


BACKGROUND_THEMES = ("T12",)  # themes whose problems frame a study (poverty, the pandemic) before its results
NAME_THEMES = ("T04", "T16")  # money and benefit words that name programmes: Dana Desa, Bantuan Pangan


_RUNS = frozenset(
    "berjalan jalan dengan run runs ran running going goes went gone work works worked working".split()
)


def _rating(toks: list) -> bool:
    """Whether words only say that something runs well (*berjalan dengan baik*, *running smoothly*): said of a
    determinant ("sosialisasi telah berjalan dengan baik"), they rate it, they name no outcome."""
    return any(t.surface in _RUNS for t in toks) and len(toks) <= 3


def dependent_themes(lex: Lexicon) -> tuple[str, ...]:
    """The outcome themes: the codebook's of group ``dependent`` (T14, T15 in the bundled one; a team's new
    dependent theme too), or T14 and T15 for a lexicon built without the codebook's themes."""
    return lex.themes.dependent if lex.themes is not None else DEPENDENT_THEMES


def _types(
    base: str | None,
    theme_id: str,
    polarity_cues: list[str],
    framing: bool = False,
    dependent_themes: tuple[str, ...] = DEPENDENT_THEMES,
) -> list[str]:
    """The finding types a theme of a clause of type ``base`` gets: a dependent theme (T14, T15) is an outcome
    where the clause has valence, also in the background (a result stated before the results); a clause that
    names its factors supporting and inhibiting alike gives both."""
    if base is None:
        return []
    dependent = theme_id in dependent_themes
    if base == "context":
        if dependent and polarity_cues and not framing:
            return ["outcome"]
        signs = [c[-2:-1] for c in polarity_cues]  # "kurang (−)": a problem named before the results is a
        negative = signs.count("−") > signs.count("+")  # barrier; poverty, the setting (T12) frame the study
        return ["barrier"] if negative and not framing and theme_id not in BACKGROUND_THEMES else ["context"]
    if base == DUAL:
        return ["outcome"] if dependent else ["enabler", "barrier"]
    return ["outcome"] if dependent else [base]  # "efforts … have not been implemented optimally"


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
        start = past_joiner(text, c.start, c.end)
        if start != c.start and locate_quote(text, text[start : c.end]) == (start, c.end):
            c.start, c.quote = start, text[start : c.end]
        out.append(c)
    return out
