"""How the learned model and the lexicon are combined (coding/rank.py), with a stand-in model: the model moves
a rule candidate by its theme evidence only, and proposes a theme of its own only when confident."""

from __future__ import annotations

import numpy as np
import pytest

from studykit.coding import rank as rk
from studykit.coding.cues import lexicon_for
from studykit.paths import DATA_DIR

TEXT = (
    "Hasil penelitian menunjukkan bahwa dana desa terlambat dicairkan. "
    "Warga kampung berkumpul setiap pekan di balai."
)


class StandIn:
    """A model with fixed probabilities for every clause: ``theme:``/``type:`` label -> probability."""

    def __init__(self, probabilities: dict[str, float], studies: int = 8):
        self.probabilities = probabilities
        self.studies = dict.fromkeys(probabilities, studies)
        self.labels = list(probabilities)

    def predict(self, docs):
        return {label: np.full(len(docs), p) for label, p in self.probabilities.items()}

    def explain(self, doc, label, k=3):
        return []


@pytest.fixture(scope="module")
def lexicon():
    return lexicon_for(DATA_DIR)


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


def test_the_model_proposes_a_theme_the_lexicon_missed_only_when_confident(lexicon):
    rules = rule_candidates(lexicon)
    missing = next(f"T{k:02d}" for k in range(1, 17) if f"T{k:02d}" not in {t for _, t in rules})
    for p, proposed in ((0.6, False), (0.95, True)):
        model = StandIn({f"theme:{missing}": p, "type:enabler": 0.9, "type:barrier": 0.1})
        themes = {c.theme_id for c in rk.rank(TEXT, lexicon, model, min_score=0.0, limit=None)}
        assert (missing in themes) is proposed, p


def test_the_command_and_the_library_share_the_default_min_score_and_limit():
    from studykit.cli.coding import suggest

    defaults = {p.name: p.default for p in suggest.params}
    assert (defaults["min_score"], defaults["limit"]) == (rk.DEFAULT_MIN_SCORE, rk.DEFAULT_LIMIT)
