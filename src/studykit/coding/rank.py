"""Rules and learned model combined into one score per suggestion, and the ranked list an analyst sees.

The lexicon is the prior: a rule candidate's score (the weights of the cues that
fired) is mapped to a probability (:func:`rule_prior`). The model is evidence that
moves it: its class-balanced probability for the clause's theme is 0.5 where the
clause says nothing either way, so its log-odds are added to the prior's, weighted by
how much the model has seen of that theme, ``λ = n / (n + PRIOR_STUDIES)`` for a theme
coded in ``n`` training studies (:func:`update`). The type stays the rules' (the model's
type probabilities only type what the model proposes: scaling a candidate by them cost
recall on the replay of real abstracts, benchmarks/README.md). Where the lexicon is
silent the model may propose a theme by itself: at most one per clause (its most
probable), from probability ``PROPOSE`` on, and only where a word of the clause
weighs for it (a proposal always has a reason to show); scored ``λ · p``. The model
starts from the bundled example findings (:mod:`.seed`) and coded published abstracts
(:mod:`.bank`), so even with no coded corpus
it proposes what the lexicon misses; the analyst's coding raises what resembles it,
their rejections lower what resembles them. Every step is deterministic, and the cues
say why: the lexicon words that fired and the n-grams that weighed most.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from .cues import Lexicon
from .labels import MODEL
from .learn import Model
from .rules import Candidate, clause_candidates, dependent_themes, settle
from .themes import settle_themes
from .training import doc, reading
from .valence import DUAL

PRIOR_STUDIES = 2.0
PROPOSE_PER_CLAUSE = 1
PROPOSE = 0.5  # from this probability on the model proposes a theme the lexicon missed (DEV-F, session 5)
DEFAULT_MIN_SCORE = 0.46  # leave-one-set-out over the bank's coded sets (benchmarks/README.md, session 7)
DEFAULT_LIMIT = 40
TYPES = ("enabler", "barrier", "outcome", "effort", "recommendation", "context")


def rule_prior(score: float) -> float:
    """The rules' score as a probability: the first cue (score 1.5, the rules' own minimum) ≈ 0.34, 2.5 ≈
    0.57, 3.5 ≈ 0.72, 5 ≈ 0.85. Fixed, not fitted: it orders rule candidates as their scores do."""
    return min(0.99, max(0.01, 1.0 - math.exp(-0.42 * (score - 0.5))))


def _logit(p: float) -> float:
    p = min(0.999, max(0.001, p))
    return math.log(p / (1 - p))


def update(prior: float, model: float, weight: float) -> float:
    """The prior moved by the model's evidence: logit(prior) + weight · logit(model) (0.5 leaves it as it
    is)."""
    z = _logit(prior) + weight * _logit(model)
    return 1.0 / (1.0 + math.exp(-z))


def rank(
    text: str,
    lexicon: Lexicon,
    model: Model | None,
    *,
    rejected: Iterable[tuple[str, str, int, int]] = (),
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int | None = DEFAULT_LIMIT,
    use_rules: bool = True,
    calibration: Callable[[float], float] | None = None,
) -> list[Candidate]:
    """The suggestions for ``text``, best first (ties in text order), at most ``limit``, none below
    ``min_score``, none that an analyst rejected (same type and theme, overlapping span). ``calibration``
    maps the combined score to the probability that the suggestion is right (:mod:`.calibrate`); the
    order among equal calibrated scores is the raw score's."""
    read = reading(text)
    probabilities = model.predict([doc(c) for c in read.clauses]) if model is not None else {}
    found: list[Candidate] = []
    for k, clause in enumerate(read.clauses):
        by_key = {  # only the codebook's themes (:mod:`.themes`): a merged theme's cues count for its new one
            (c.finding_type, c.theme_id): c
            for c in settle_themes(
                clause_candidates(read.flat, clause, lexicon) if use_rules else [], lexicon.themes
            )
        }
        types = {t: float(probabilities[f"type:{t}"][k]) for t in TYPES if f"type:{t}" in probabilities}
        if not clause.in_results:
            types = {t: p for t, p in types.items() if t == "context"}
        else:
            types.pop("context", None)
        proposals = sorted(
            (
                (float(p[k]), label.removeprefix("theme:"))
                for label, p in probabilities.items()
                if label.startswith("theme:")
                and p[k] >= PROPOSE
                and (lexicon.themes is None or label.removeprefix("theme:") in lexicon.themes.ids)
            ),
            reverse=True,
        )[:PROPOSE_PER_CLAUSE]
        for _p, theme in proposals:
            if any(key[1] == theme for key in by_key):
                continue
            kind = (
                (clause.base if use_rules and clause.base != DUAL else None)
                or ("barrier" if use_rules and clause.problem else None)  # "kendala …: (2) sumber daya"
                or (max(types, key=lambda t: (types[t], t)) if types else None)
                if clause.in_results
                else "context"  # background: the model names its theme, never a finding
            )
            if kind is None:
                continue
            if theme in dependent_themes(lexicon) and kind in ("barrier", "enabler"):
                kind = "outcome"
            by_key[(kind, theme)] = Candidate(
                kind, theme, read.flat[clause.start : clause.end], clause.start, clause.end, 0.0, []
            )
        for (_kind, theme), c in by_key.items():
            label = f"theme:{theme}"
            if model is None or label not in probabilities:
                c.score = round(rule_prior(c.score) if use_rules else 0.0, 3)
            else:
                fit = float(probabilities[label][k])
                weight = model.studies[label] / (model.studies[label] + PRIOR_STUDIES)
                why = model.explain(doc(clause), label)
                if c.score == 0 and not why:  # a proposal no word of the clause speaks for is not made
                    continue
                if not use_rules:  # the model alone
                    c.score = round(fit, 3)
                elif c.score > 0:  # the rules' prior moved by the model's evidence
                    c.score = round(update(rule_prior(c.score), fit, weight), 3)
                else:  # the lexicon is silent: the model's probability, shrunk by how little it has seen
                    c.score = round(weight * fit, 3)
                c.cues = c.cues + [MODEL + n for n in why]
            found.append(c)
    out = settle(text, read, found)
    raw = {id(c): c.score for c in out}
    if calibration is not None:
        for c in out:
            c.score = round(calibration(c.score), 3)
    rejected = list(rejected)
    out = [
        c
        for c in out
        if c.score >= min_score
        and not any(
            (t, th) == (c.finding_type, c.theme_id) and min(b, c.end) > max(a, c.start)
            for t, th, a, b in rejected
        )
    ]
    out.sort(key=lambda c: (-c.score, -raw[id(c)], c.start, c.end, c.finding_type, c.theme_id))
    return out[:limit] if limit is not None else out
