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
bilingual abstract the Indonesian text is used (the codebook quotes Indonesian;
the English parallel belongs in ``quote_en``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..corpus.codebook import FINDING_TYPE_INFO, read_themes
from .language import guess_language, languages_of

DEPENDENT_THEMES = ("T14", "T15")
MIN_SCORE = 1.5
RESULTS_BONUS = 0.5
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# a sentence ends after . ! ? before a capital or digit, at a blank line, at a line break before a capital
# (a line wrapped inside a sentence, as PDF text is, goes on in lower case), and before a section label
# ("Hasil :")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9])|\n\s*\n\s*|\n(?=\s*[\"'“(\[]?[A-Z0-9])|\s+(?=(?:[A-Z][a-z]+ "
    r"){0,2}[A-Z][a-z]+ ?:)"
)


@dataclass(frozen=True)
class Token:
    """A word of the text: its lower-case form, stem and character span."""

    surface: str  # lower case
    stem: str
    start: int
    end: int


@dataclass(frozen=True)
class Cue:
    """A cue word or phrase: per word, (literal form) or (stem); its label is how it is written."""

    label: str
    words: tuple[tuple[str, bool], ...]  # (form, literal)
    weight: float
    group: str  # theme id, or a type / polarity name


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


# --- stemming and cues ------------------------------------------------------------


@lru_cache(maxsize=1)
def _indonesian():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def _english():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The stem of a lower-case word: PySastrawi for 'id', Snowball (Porter2) for 'en'."""
    if lang == "en":
        return _english().stemWord(word)
    return _indonesian().stem(word) or word


def tokens(text: str, start: int, end: int, lang: str) -> list[Token]:
    return [
        Token(m.group().lower(), stem(m.group().lower(), lang), m.start(), m.end())
        for m in _TOKEN.finditer(text, start, end)
    ]


def _expand(phrase: str) -> list[str]:
    """'belum maksimal/optimal' -> ['belum maksimal', 'belum optimal']: a slash gives alternatives for one
    word."""
    variants = [[]]
    for word in phrase.split():
        options = [w for w in word.split("/") if w] if "/" in word and not word.startswith("=") else [word]
        variants = [v + [o] for v in variants for o in options]
    return [" ".join(v) for v in variants]


def _cue(
    label: str, lang: str, weight: float, group: str, literal_words: frozenset[str] = frozenset()
) -> Cue | None:
    words = []
    for word in label.removeprefix("learned: ").split():
        literal = word.startswith("=") or word.lower() in literal_words
        word = word.lstrip("=").lower()
        parts = _TOKEN.findall(word)
        if not parts:
            return None
        words += [(p, True) if literal else (stem(p, lang), False) for p in parts]
    return Cue(label.replace("=", ""), tuple(words), weight, group)


@dataclass(frozen=True)
class Lexicon:
    """Cues by language: theme cues, type cues (effort/recommendation), polarity, negators and phrase
    lists."""

    cues: dict[str, list[Cue]]  # lang -> cues (themes, types, polarity)
    phrases: dict[
        tuple[str, str], list[Cue]
    ]  # (kind, lang) -> cues: negators, contrast, list_markers, purpose, study_frame, skip_sentence, results


def _lexicon_data() -> dict:
    return yaml.safe_load(
        resources.files("studykit.coding").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    )


def build_lexicon(
    codebook_cues: dict[str, list[str]],
    extra: dict | None = None,
    learned: dict[str, list[str]] | None = None,
) -> Lexicon:
    """The lexicon from the codebook's cue words (theme id -> Indonesian cues), the suggestion lexicon,
    and ``learned`` cues (theme id -> words analysts coded, see :func:`learned_cues`)."""
    data = extra if extra is not None else _lexicon_data()
    if learned:
        themes = {tid: dict(entry) for tid, entry in data.get("themes", {}).items()}
        for tid, words in learned.items():
            themes.setdefault(tid, {})["learned"] = words
        data = {**data, "themes": themes}
    literal = frozenset(w.lower() for w in data.get("literal", []))
    cues: dict[str, list[Cue]] = {"id": [], "en": []}

    def add(
        lang: str, labels: Iterable[str], weight: float, group: str, weak: set[str] = frozenset()
    ) -> None:
        for label in labels:
            for variant in _expand(str(label)):
                cue = _cue(variant, lang, 0.5 if label in weak else weight, group, literal)
                if cue is not None:
                    cues[lang].append(cue)

    for theme_id, words in codebook_cues.items():
        entry = data.get("themes", {}).get(theme_id, {})
        weak = set(entry.get("weak", []))
        add("id", words, 1.0, theme_id, weak)
        for lang in ("id", "en"):
            add(lang, entry.get(lang, []), 1.0, theme_id, weak)
        add("id", [f"learned: {w}" for w in entry.get("learned", [])], 1.0, theme_id)
    for kind in ("effort", "recommendation"):
        for lang in ("id", "en"):
            add(lang, data["types"][kind].get(lang, []), 1.0, kind)
    for kind in ("positive", "negative"):
        for lang in ("id", "en"):
            add(lang, data[kind].get(lang, []), 1.0, kind)
    phrases = {}
    for kind in (
        "negators",
        "contrast",
        "list_markers",
        "purpose",
        "study_frame",
        "skip_sentence",
        "results",
        "context_markers",
    ):
        for lang in ("id", "en"):
            phrases[(kind, lang)] = [
                c for c in (_cue(str(p), lang, 1.0, kind, literal) for p in data[kind].get(lang, [])) if c
            ]
    for lang in cues:  # longest first: a phrase wins over its own words
        cues[lang].sort(key=lambda c: -len(c.words))
    return Lexicon(cues, phrases)


def learned_cues(
    data_dir: Path, exclude: Iterable[str] = (), taken: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Cues learned from the coded corpus: the studies' own variable names (``study_variable``) of reviewed
    findings, each for the one theme analysts gave it (a name coded under two themes is left out, as is one
    that is already a cue in ``taken``). Studies in ``exclude`` contribute nothing: ``suggest`` never learns
    from the study it codes, and the benchmark's leave-one-study-out run leaves the scored study out."""
    from ..corpus.readers import parse_yaml

    excluded, taken = set(exclude), {" ".join(w.lower().split()) for w in taken}
    themes: dict[str, set[str]] = {}
    for path in sorted((data_dir / "studies").glob("*.yaml")):
        if path.stem in excluded:
            continue
        try:
            study = parse_yaml(path.read_text(encoding="utf-8"), path.name)
        except Exception:  # noqa: BLE001 - a broken file is `validate`'s to report; it teaches nothing here
            continue
        if not isinstance(study, dict) or study.get("study_id") in excluded:
            continue
        for f in study.get("findings") or []:
            if (
                isinstance(f, dict)
                and f.get("study_variable")
                and f.get("review_status", "reviewed") == "reviewed"
                and f.get("theme_id")
            ):
                name = " ".join(re.sub(r"[()]", " ", str(f["study_variable"])).lower().split())
                themes.setdefault(name, set()).add(str(f["theme_id"]))
    out: dict[str, list[str]] = {}
    for name, ids in sorted(themes.items()):
        if len(ids) == 1 and name not in taken:
            out.setdefault(ids.pop(), []).append(name)
    return out


def codebook_cues(data_dir: Path) -> dict[str, list[str]]:
    """Theme id -> the codebook's Indonesian cue words."""
    return {t.theme_id: list(t.cue_words) for t in read_themes(data_dir)}


def _matches(cue: Cue, toks: list[Token], i: int) -> bool:
    if i + len(cue.words) > len(toks):
        return False
    for (form, literal), tok in zip(cue.words, toks[i:], strict=False):
        if literal:
            if tok.surface != form and tok.surface != form + "nya":
                return False
        elif tok.stem != form and tok.surface != form:
            return False
    return True


def find(cues: Iterable[Cue], toks: list[Token], blocked: set[int] = frozenset()) -> list[tuple[Cue, int]]:
    """Non-overlapping matches (cue, first token index), longest cues first; ``blocked`` token indexes are
    skipped."""
    used = set(blocked)
    found = []
    for cue in cues:
        for i in range(len(toks)):
            span = range(i, i + len(cue.words))
            if not used.intersection(span) and _matches(cue, toks, i):
                found.append((cue, i))
                used.update(span)
    return sorted(found, key=lambda m: m[1])


# --- segmentation ----------------------------------------------------------------------


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: split after . ! ? before a capital or digit, and at line breaks."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in (_strip(text, a, b) for a, b in spans) if b > a]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


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
        a, b = _strip(text, a, b)
        # drop the contrast word itself from the quote
        for cue, i in _phrase_starts(lex, "contrast", lang, [t for t in toks if a <= t.start < b]):
            first = [t for t in toks if a <= t.start < b]
            if i == 0:
                a = _strip(text, first[len(cue.words) - 1].end, b)[0]
            break
        if b > a:
            spans.append((a, b))
    return spans


# --- suggestion ----------------------------------------------------------------------


_JOINERS = frozenset({"dan", "serta", "atau", "maupun", "and", "or"})


def _negator_before(toks: list[Token], i: int, negators: set[int], window: int = 2) -> int | None:
    """Index of a negator at most ``window`` words before token i, not across 'dan'/'atau' (''kurangnya dana
    dan rendahnya'')."""
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
    for cue, i in find([c for c in lex.cues[lang] if c.group in ("positive", "negative")], toks, blocked):
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


def suggest_text(text: str, lexicon: Lexicon) -> list[Candidate]:
    """Candidate findings of a source text, in text order; every quote is ``text[start:end]``."""
    doc_langs = languages_of(text) or ["id"]
    spans = sentences(text)
    langs = [guess_language(text[a:b]) or doc_langs[0] for a, b in spans]
    use = [lang == "id" or "id" not in doc_langs for lang in langs]
    results_at = next(
        (
            k
            for k, ((a, b), lang) in enumerate(zip(spans, langs, strict=False))
            if use[k] and find(lexicon.phrases[("results", lang)], tokens(text, a, b, lang))
        ),
        0,
    )
    out: list[Candidate] = []
    for k, ((a, b), lang) in enumerate(zip(spans, langs, strict=False)):
        if not use[k]:
            continue
        sentence_toks = tokens(text, a, b, lang)
        if find(lexicon.phrases[("skip_sentence", lang)], sentence_toks):
            continue
        in_results = k >= results_at
        for ca, cb in clauses(text, a, b, sentence_toks, lexicon, lang):
            out.extend(_clause_candidates(text, ca, cb, lang, lexicon, in_results))
    return _unique(out, text)


def _clause_candidates(
    text: str, a: int, b: int, lang: str, lex: Lexicon, in_results: bool
) -> list[Candidate]:
    """The candidates of the clause ``text[a:b]``: one per theme whose cues fire outside the study's own
    frame.

    A clause that is all study frame (aims, method) yields none. An evaluation word qualifying a
    determinant theme does not make an outcome of it. The type follows the module docstring's
    rules (recommendation/effort words, else polarity); before the results (``in_results`` False)
    a clause is context. List items after a list marker each get their own candidate, sharing the
    clause as their quote.
    """
    toks = tokens(text, a, b, lang)
    frame = {
        j for cue, i in find(lex.phrases[("study_frame", lang)], toks) for j in range(i, i + len(cue.words))
    }
    if frame and len(frame) == len(toks):
        return []
    theme_matches = find([c for c in lex.cues[lang] if c.group.startswith("T")], toks, frame)
    polar_words = {c.words for c in lex.cues[lang] if c.group in ("positive", "negative")}
    if any(c.group not in DEPENDENT_THEMES for c, _ in theme_matches):
        # "belum efektifnya peran pemerintah daerah": the evaluation word qualifies the determinant, it is no
        # outcome
        theme_matches = [
            (c, i) for c, i in theme_matches if not (c.group in DEPENDENT_THEMES and c.words in polar_words)
        ]
    if not theme_matches:
        return []
    kind_matches = find([c for c in lex.cues[lang] if c.group in ("effort", "recommendation")], toks, frame)
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
        base, kind_cues, polarity_cues = "context", [], []
    elif "recommendation" in kinds:
        base = "recommendation"
    elif "effort" in kinds:
        base = "effort"
    elif polarity < 0:
        base = "barrier"
    elif polarity > 0:
        base = "enabler"
    elif described:
        base, kind_cues = "context", [c.label for c, _ in described]
    else:
        base = None
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


# --- the command ---------------------------------------------------------------------


def lexicon_for(data_dir: Path, exclude: Iterable[str] = ()) -> Lexicon:
    """The codebook's cues, the suggestion lexicon, and the cues learned from the corpus without the
    ``exclude`` studies."""
    cues = codebook_cues(data_dir)
    data = _lexicon_data()
    taken = [w for words in cues.values() for w in words] + [
        w for entry in data["themes"].values() for lang in ("id", "en") for w in entry.get(lang, [])
    ]
    return build_lexicon(cues, data, learned_cues(data_dir, exclude, taken))


def suggest(
    source_text: str, data_dir: Path, lexicon: Lexicon | None = None, study_id: str | None = None
) -> list[Candidate]:
    """Candidates for ``source_text`` with the codebook of ``data_dir``, the suggestion lexicon and what the
    corpus teaches, except from the study being coded (``study_id``)."""
    return suggest_text(source_text, lexicon or lexicon_for(data_dir, [study_id] if study_id else []))


def table(candidates: list[Candidate], width: int = 70) -> str:
    """A plain-text table for a terminal."""
    lines = [f"{'type':<15} {'theme':<5} {'score':>5} {'start':>6} {'end':>6}  quote / cues"]
    for c in candidates:
        quote = " ".join(c.quote.split())  # one line on screen; the JSON keeps the exact span
        quote = quote if len(quote) <= width else quote[: width - 1] + "…"
        lines.append(f"{c.finding_type:<15} {c.theme_id:<5} {c.score:>5.1f} {c.start:>6} {c.end:>6}  {quote}")
        lines.append(f"{'':<42}cues: {', '.join(c.cues)}")
    return "\n".join(lines)


# --- from candidates to unreviewed findings ----------------------------------------------


@dataclass(frozen=True)
class StudySource:
    """Where a study's text is: its id (None for a loose text file), study file and source text."""

    study_id: str | None
    study_path: Path | None
    text: str
    source_file: str  # as in the exported tables: data/sources/<id>.txt


def resolve(target: str, data_dir: Path) -> StudySource:
    """A study id, or a path to a .txt source (a corpus source maps back to its study)."""
    from ..corpus.problems import Problem
    from ..paths import shown_path
    from .intake import decode_text
    from .publish import CodingError

    path = Path(target)
    if path.suffix.lower() == ".txt" or path.exists():
        if not path.is_file():
            raise CodingError(
                [Problem(target, None, "file", "not found; give a study id or a .txt source file")]
            )
        text = decode_text(path.read_bytes(), target)
        study_path = data_dir / "studies" / f"{path.stem}.yaml"
        owned = path.resolve().parent == (data_dir / "sources").resolve() and study_path.exists()
        return StudySource(
            path.stem if owned else None,
            study_path if owned else None,
            text,
            f"{data_dir.name}/sources/{path.name}" if owned else str(path),
        )
    study_path = data_dir / "studies" / f"{target}.yaml"
    if not study_path.exists():
        raise CodingError(
            [
                Problem(
                    shown_path(study_path, data_dir),
                    None,
                    "study",
                    f"no study {target!r}; give a study id (see data/studies/) or a .txt file",
                )
            ]
        )
    study = yaml.safe_load(study_path.read_text(encoding="utf-8")) or {}
    source = (study.get("source") or {}).get("file")
    if not source:
        raise CodingError(
            [
                Problem(
                    shown_path(study_path, data_dir),
                    None,
                    "source.file",
                    "is empty; the study names no source text",
                )
            ]
        )
    source_path = data_dir / source
    if not source_path.is_file():
        raise CodingError(
            [Problem(shown_path(study_path, data_dir), None, "source.file", f"{source} not found")]
        )
    return StudySource(
        target,
        study_path,
        decode_text(source_path.read_bytes(), shown_path(source_path, data_dir)),
        f"{data_dir.name}/{source}",
    )


def as_findings(study_id: str, candidates: list[Candidate], data_dir: Path, first_number: int) -> list[dict]:
    """Candidates as unreviewed findings with generated ids; summaries say they are still to be written."""
    themes = {t.theme_id: t for t in read_themes(data_dir)}
    out = []
    for n, c in enumerate(candidates, start=first_number):
        theme = themes.get(c.theme_id)
        short_en, short_id = (theme.short_en, theme.short_id) if theme else (c.theme_id, c.theme_id)
        out.append(
            {
                "finding_id": f"{study_id}-{n:02d}",
                "finding_type": c.finding_type,
                "theme_id": c.theme_id,
                "summary_en": f"[suggested; write the summary] {c.finding_type}: {short_en}",
                "summary_id": f"[usulan; tulis ringkasannya] {FINDING_TYPE_INFO[c.finding_type].word_id}: "
                f"{short_id}",
                "quote": c.quote,
                "review_status": "unreviewed",
                "note": f"suggested by studykit suggest (score {c.score:g}; cues: {', '.join(c.cues)})",
            }
        )
    return out


def write_suggestions(source: StudySource, candidates: list[Candidate], data_dir: Path) -> list[dict]:
    """Append the candidates not yet coded (same type, theme and quote) to the study file as unreviewed
    findings; atomic."""
    from ..corpus.problems import Problem
    from ..paths import shown_path
    from .publish import CodingError, publish
    from .studyfile import append_findings, dump, finding_problems, load, next_finding_number

    shown = shown_path(source.study_path, data_dir)
    text = source.study_path.read_text(encoding="utf-8")
    document = load(text)
    existing = [dict(f) for f in (document.get("findings") or [])]
    coded = {
        (f.get("finding_type"), f.get("theme_id"), " ".join(str(f.get("quote", "")).split()))
        for f in existing
    }
    new = [c for c in candidates if (c.finding_type, c.theme_id, " ".join(c.quote.split())) not in coded]
    findings = as_findings(source.study_id, new, data_dir, next_finding_number(existing, source.study_id))
    theme_ids = list(codebook_cues(data_dir))
    problems = finding_problems(
        source.study_id, findings, source.text, theme_ids, {f.get("finding_id") for f in existing}
    )
    if problems:
        raise CodingError(
            [
                Problem(shown, None, f"findings.{len(existing) + i}.{field}", message)
                for i, field, message in problems
            ]
        )
    if findings:
        append_findings(document, findings)
        publish({}, {source.study_path: dump(document)}, shown=lambda p: shown_path(p, data_dir))
    return findings


def to_csv(source: StudySource, candidates: list[Candidate], data_dir: Path) -> str:
    """Candidates as rows of the exported findings table (`studykit export`'s findings.csv), for coding in a
    spreadsheet."""
    import csv
    import io

    from ..corpus.tables import FINDING_COLUMNS

    study_id = source.study_id or "study-id"
    out = io.StringIO()
    writer = csv.DictWriter(out, FINDING_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for finding, c in zip(as_findings(study_id, candidates, data_dir, 1), candidates, strict=False):
        writer.writerow(
            {
                **dict.fromkeys(FINDING_COLUMNS, ""),
                **finding,
                "study_id": study_id,
                "quote_start": c.start,
                "quote_end": c.end,
                "source_file": source.source_file,
            }
        )
    return out.getvalue()
