"""Cue words and phrases of the suggestion lexicon, matched by stem in Bahasa Indonesia and English.

The lexicon is the codebook's cue words (``themes.yaml``), the suggestion lexicon
(``lexicon.yaml``, documented in docs/codebook.md) and the study variable names
analysts coded (:func:`learned_cues`). Words are compared by stem (PySastrawi for
Bahasa Indonesia, Snowball for English); a word written ``=word`` matches literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..corpus.codebook import read_themes
from .labels import LEARNED
from .senses import Sense, modifiers, sensed, senses_of
from .themes import Themes, codebook_themes, merged_entries
from .words import NO_THEME, SOFT_BREAK, WORD, Cue, Token, find, stem, tokens

__all__ = [
    "SOFT_BREAK",
    "Cue",
    "Lexicon",
    "Token",
    "build_lexicon",
    "clause_themes",
    "find",
    "lexicon_for",
    "stem",
    "tokens",
]


VARIANTS = 256  # phrases one entry may stand for (the suggestion lexicon's most: 49)


def _expand(phrase: str) -> list[str]:
    """'belum maksimal/optimal' -> ['belum maksimal', 'belum optimal']: a slash gives alternatives for one
    word. At most :data:`VARIANTS` phrases: a word whose alternatives would give more (a cue word or
    study variable of 200 characters, ``a/b c/d …``, gave 2^50) counts with its first alternative only."""
    variants = [[]]
    for word in phrase.split():
        options = [w for w in word.split("/") if w] if "/" in word and not word.startswith("=") else [word]
        if len(variants) * len(options) > VARIANTS:
            options = options[:1]
        variants = [v + [o] for v in variants for o in options]
    return [" ".join(v) for v in variants]


def _cue(
    label: str, lang: str, weight: float, group: str, literal_words: frozenset[str] = frozenset()
) -> Cue | None:
    words = []
    for word in label.removeprefix(LEARNED).split():
        literal = word.startswith("=") or word.lower() in literal_words
        word = word.lstrip("=").lower()
        parts = WORD.findall(word)
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
    senses: dict[str, list[Sense]] = field(default_factory=dict)  # lang -> a word's theme by its neighbours
    themes: Themes | None = None  # the codebook's themes: what may be proposed (None: whatever the cues name)
    _groups: dict = field(default_factory=dict, compare=False, repr=False)

    def group(self, lang: str, name: str) -> list[Cue]:
        """The cues of one kind, in matching order: ``themes``, ``types`` (effort, recommendation) or
        ``polarity``."""
        key = (lang, name)
        if key not in self._groups:
            keep = {
                "themes": lambda g: g.startswith(("T", NO_THEME)),
                "types": lambda g: g in ("effort", "effort_weak", "recommendation"),
                "polarity": lambda g: g in ("positive", "negative"),
            }[name]
            self._groups[key] = [c for c in self.cues[lang] if keep(c.group)]
        return self._groups[key]


def _lexicon_data() -> dict:
    from ..corpus.readers import parse_yaml

    return parse_yaml(
        resources.files("studykit.coding").joinpath("lexicon.yaml").read_text(encoding="utf-8"),
        "studykit/coding/lexicon.yaml",
    )


def build_lexicon(
    codebook_cues: dict[str, list[str]],
    extra: dict | None = None,
    learned: dict[str, list[str]] | None = None,
    themes: Themes | None = None,
) -> Lexicon:
    """The lexicon from the codebook's cue words (theme id -> Indonesian cues), the suggestion lexicon,
    and ``learned`` cues (theme id -> words analysts coded, see :func:`learned_cues`). ``themes`` (the
    codebook's, :mod:`.themes`): the suggestion lexicon's entry of a merged theme counts for the theme it
    went into. A theme the suggestion lexicon has no entry for (one added to the codebook) is known by its
    cue words alone: they are matched in both languages and win over another theme's cue of their length."""
    data = extra if extra is not None else _lexicon_data()
    if themes is not None and themes.merged:
        data = {**data, "themes": merged_entries(data.get("themes", {}), codebook_cues, themes)}
    known = {tid for tid, entry in data.get("themes", {}).items() if entry.get("id") or entry.get("en")}
    if learned:
        entries = {tid: dict(entry) for tid, entry in data.get("themes", {}).items()}
        for tid, words in learned.items():
            entries.setdefault(tid, {})["learned"] = words
        data = {**data, "themes": entries}
    literal = frozenset(w.lower() for w in data.get("literal", []))
    cues: dict[str, list[Cue]] = {"id": [], "en": []}
    new: dict[str, list[Cue]] = {"id": [], "en": []}  # the cue words of themes the lexicon does not know

    def add(
        lang: str,
        labels: Iterable[str],
        weight: float,
        group: str,
        weak: set[str] = frozenset(),
        literal_words: frozenset[str] = literal,
        into: dict[str, list[Cue]] = cues,
    ) -> None:
        for label in labels:
            for variant in _expand(str(label)):
                cue = _cue(
                    variant, lang, 0.5 if str(label).lstrip("=") in weak else weight, group, literal_words
                )
                if cue is not None:
                    into[lang].append(cue)

    themes_of = data.get("themes", {})
    for theme_id in codebook_cues:  # first: a `not:` phrase wins over a theme cue of its length
        for lang in ("id", "en"):
            add(lang, (themes_of.get(theme_id, {}).get("not") or {}).get(lang, []), 1.0, NO_THEME + theme_id)
    for theme_id, words in codebook_cues.items():
        entry = themes_of.get(theme_id, {})
        weak = set(entry.get("weak", []))
        # a theme's `literal` words match as written, also among the codebook's cue words ("dampak", not
        # "terdampak")
        own = literal | {str(w).lower() for w in entry.get("literal", [])}
        for lang in ("id", "en") if theme_id not in known else ("id",):
            add(lang, words, 1.0, theme_id, weak, own, new if theme_id not in known else cues)
        for lang in ("id", "en"):
            add(lang, entry.get(lang, []), 1.0, theme_id, weak, own)
        # a study's one-word variable name is matched as the analysts wrote it ("tujuan", not "setuju")
        learned_words = [LEARNED + ("=" + w if len(w.split()) == 1 else w) for w in entry.get("learned", [])]
        add("id", learned_words, 1.0, theme_id)
    for kind in ("effort", "effort_weak", "recommendation"):
        for lang in ("id", "en"):
            add(lang, data["types"].get(kind, {}).get(lang, []), 1.0, kind)
    for kind in ("positive", "negative"):
        for lang in ("id", "en"):
            add(lang, data[kind].get(lang, []), 1.0, kind)
    phrases = {}
    for kind in (
        "negators",
        "hedges",
        "contrast",
        "list_markers",
        "purpose",
        "study_frame",
        "skip_sentence",
        "results",
        "context_markers",
        "supporting",
        "inhibiting",
        "clause_breaks",
        "causes",
        "neutral",
        "ratings",
        "rated",
        "aspects",
        "aspect_lists",
        "aspect_words",
        "framing",
        "burdens",
        "modifier_links",
    ):
        for lang in ("id", "en"):
            phrases[(kind, lang)] = [
                c
                for c in (
                    _cue(v, lang, 1.0, kind, literal)
                    for p in data.get(kind, {}).get(lang, [])
                    for v in _expand(str(p))
                )
                if c
            ]
            phrases[(kind, lang)].sort(key=lambda c: -len(c.words))  # longest first, as the cues: "namun
            # demikian" is one contrast, not "namun" and then a quote opening at "demikian,"
    for theme_id, entry in (data.get("framework_aspects") or {}).items():  # named among other themes only
        for lang in ("id", "en"):
            names = [v for p in entry.get(lang, []) for v in _expand(str(p))]
            found = (_cue(v, lang, 1.0, theme_id, literal) for v in names)
            phrases.setdefault(("framework_aspects", lang), []).extend(c for c in found if c)
    for lang in cues:  # longest first: a phrase wins over its own words
        cues[lang] = new[lang] + cues[lang]
        cues[lang].sort(key=lambda c: -len(c.words))
    senses = {
        lang: senses_of(data, lang, lambda w, g=lang: [_cue(v, g, 1.0, "sense", literal) for v in _expand(w)])
        for lang in ("id", "en")
    }
    return Lexicon(cues, phrases, senses, themes)


def study_variables(data_dir: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(file name stem, study id, [(variable name, theme id)]) of every study file that parses: the
    ``study_variable`` of each reviewed finding with a theme, lower case, brackets and runs of spaces
    dropped. All that :func:`learned_cues` reads of the corpus."""
    from .derived import study_document

    out = []
    for path in sorted((data_dir / "studies").glob("*.yaml")):
        try:
            study = study_document(
                data_dir, path
            )  # bounded and confined: over the cap, or a link out, skipped
        except Exception:  # noqa: BLE001 - a broken file is `validate`'s to report; it teaches nothing here
            continue
        if not isinstance(study, dict):
            continue
        named = [
            (" ".join(re.sub(r"[()]", " ", str(f["study_variable"])).lower().split()), str(f["theme_id"]))
            for f in study.get("findings") or []
            if isinstance(f, dict)
            and f.get("study_variable")
            and f.get("review_status", "reviewed") == "reviewed"
            and f.get("theme_id")
        ]
        out.append((path.stem, study.get("study_id"), named))
    return out


def learned_cues(
    data_dir: Path, exclude: Iterable[str] = (), taken: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Cues learned from the coded corpus: the studies' own variable names (``study_variable``) of reviewed
    findings, each for the one theme analysts gave it (a name coded under two themes is left out, as is one
    that is already a cue in ``taken``). Studies in ``exclude`` contribute nothing: ``suggest`` never learns
    from the study it codes, and the benchmark's leave-one-study-out run leaves the scored study out."""
    excluded, taken = set(exclude), {" ".join(w.lower().split()) for w in taken}
    themes: dict[str, set[str]] = {}
    for file_stem, study_id, named in study_variables(data_dir):
        if file_stem in excluded or study_id in excluded:
            continue
        for name, theme_id in named:
            themes.setdefault(name, set()).add(theme_id)
    out: dict[str, list[str]] = {}
    for name, ids in sorted(themes.items()):
        if len(ids) == 1 and name not in taken:
            out.setdefault(ids.pop(), []).append(name)
    return out


def codebook_cues(data_dir: Path) -> dict[str, list[str]]:
    """Theme id -> the codebook's Indonesian cue words."""
    return {t.theme_id: list(t.cue_words) for t in read_themes(data_dir)}


def lexicon_for(data_dir: Path, exclude: Iterable[str] = ()) -> Lexicon:
    """The codebook's cues, the suggestion lexicon, and the cues learned from the corpus without the
    ``exclude`` studies."""
    cues = codebook_cues(data_dir)
    themes = codebook_themes(data_dir)
    data = _lexicon_data()
    taken = [w for words in cues.values() for w in words] + [
        w for entry in data["themes"].values() for lang in ("id", "en") for w in entry.get(lang, [])
    ]
    learned: dict[str, list[str]] = {}
    for theme_id, words in learned_cues(data_dir, exclude, taken).items():  # a merged theme's, its new one's
        if (theme := themes.of(theme_id) if themes else theme_id) is not None:
            learned.setdefault(theme, []).extend(words)
    return build_lexicon(cues, data, learned, themes)


def clause_themes(
    text: str, lex: Lexicon, lang: str, toks: list[Token], blocked: set[int] = frozenset()
) -> list[tuple[Cue, int]]:
    """The theme cues of a clause (``toks`` of ``text``) as the themes they name there (:mod:`.senses`): a
    word's sense by its neighbours; a cue that only modifies its neighbour's is left out unless its theme is
    named on its own too."""
    matches = sensed(lex.senses.get(lang, []), toks, find(lex.group(lang, "themes"), toks, blocked))
    links = frozenset(c.words[0][0] for c in lex.phrases.get(("modifier_links", lang), []))
    drop = modifiers(text, links, lang, toks, matches)
    heads = {m[0].group for n, m in enumerate(matches) if n not in drop}
    return [m for n, m in enumerate(matches) if n not in drop or m[0].group in heads]
