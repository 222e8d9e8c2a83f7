"""How the learned model and the lexicon are combined (coding/rank.py), with a stand-in model: the model moves
a rule candidate by its theme evidence only, and proposes a theme of its own only when confident."""

from __future__ import annotations

import numpy as np
import pytest

from studykit.coding import rank as rk

TEXT = (
    "Hasil penelitian menunjukkan bahwa dana desa terlambat dicairkan. "
    "Warga kampung berkumpul setiap pekan di balai."
)


class StandIn:
    """A model with fixed probabilities for every clause: ``theme:``/``type:`` label -> probability."""

    def __init__(self, probabilities: dict[str, float], studies: int = 8, why: tuple[str, ...] = ()):
        self.probabilities = probabilities
        self.why = list(why)
        self.studies = dict.fromkeys(probabilities, studies)
        self.labels = list(probabilities)

    def predict(self, docs):
        return {label: np.full(len(docs), p) for label, p in self.probabilities.items()}

    def explain(self, doc, label, k=3):
        return self.why


def rule_candidates(lexicon):
    found = rk.rank(TEXT, lexicon, None, min_score=0.0, limit=None)
    assert found, "the rules find the late disbursement"
    return {(c.finding_type, c.theme_id): c.score for c in found}


def test_the_models_type_preference_does_not_lower_a_rule_candidate(lexicon):
    rules = rule_candidates(lexicon)
    (kind, theme), score = next(iter(rules.items()))
    other = next(t for t in rk.TYPES if t not in (kind, "context"))
    # no opinion on the theme (0.5), a strong preference for another type
    model = StandIn({f"theme:{theme}": 0.5, f"type:{kind}": 0.05, f"type:{other}": 0.95})
    combined = {(c.finding_type, c.theme_id): c.score for c in rk.rank(TEXT, lexicon, model, min_score=0.0)}
    assert combined[(kind, theme)] == pytest.approx(score, abs=0.002)


def test_the_model_proposes_a_theme_the_lexicon_missed_only_when_confident_and_explained(lexicon):
    rules = rule_candidates(lexicon)
    missing = next(f"T{k:02d}" for k in range(1, 17) if f"T{k:02d}" not in {t for _, t in rules})
    cases = (
        (rk.PROPOSE - 0.1, ("“kampung” +1.00",), False),  # not confident
        (0.95, ("“kampung” +1.00",), True),
        (0.95, (), False),  # confident, but no word of the clause speaks for it: nothing to show as a reason
    )
    for p, why, proposed in cases:
        model = StandIn({f"theme:{missing}": p, "type:enabler": 0.9, "type:barrier": 0.1}, why=why)
        found = [c for c in rk.rank(TEXT, lexicon, model, min_score=0.0, limit=None) if c.theme_id == missing]
        assert bool(found) is proposed, (p, why)
        assert all(any(cue.endswith(w) for w in why for cue in c.cues) for c in found)


def test_the_model_proposes_at_most_one_theme_per_clause(lexicon):
    rules = rule_candidates(lexicon)
    absent = [f"T{k:02d}" for k in range(1, 17) if f"T{k:02d}" not in {t for _, t in rules}][:3]
    probabilities = {f"theme:{t}": 0.9 - 0.01 * n for n, t in enumerate(absent)}
    model = StandIn({**probabilities, "type:enabler": 0.9}, why=("“kampung” +1.00",))
    found = rk.rank(TEXT, lexicon, model, min_score=0.0, limit=None)
    proposed = [(c.start, c.theme_id) for c in found if c.theme_id in absent]
    starts = [a for a, _ in proposed]
    assert proposed and len(starts) == len(set(starts)), proposed
    assert all(t == absent[0] for _, t in proposed)  # the most probable one


def test_a_proposal_without_valence_next_to_a_named_problem_is_a_barrier(lexicon):
    rules = rule_candidates(lexicon)
    missing = next(f"T{k:02d}" for k in range(1, 17) if f"T{k:02d}" not in {t for _, t in rules})
    model = StandIn(
        {f"theme:{missing}": 0.95, "type:enabler": 0.9, "type:barrier": 0.1}, why=("“kampung” +1.00",)
    )
    calm = (
        "Hasil penelitian menunjukkan bahwa dana desa dicairkan. "
        "Warga kampung berkumpul setiap pekan di balai."
    )
    for text, kind in ((TEXT, "barrier"), (calm, "enabler")):  # the sentence before names a problem, or not
        found = [c for c in rk.rank(text, lexicon, model, min_score=0.0, limit=None) if c.theme_id == missing]
        assert found and {c.finding_type for c in found} == {kind}, (text, found)
