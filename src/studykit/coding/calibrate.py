"""Scores that mean what they say: a suggestion shown at 0.7 is right about 7 times in 10.

The combined score of :mod:`.rank` orders suggestions well but is no probability (the
lexicon's prior and the model's evidence are added in log-odds, by hand-set weights). It
is calibrated on the analyst's own corpus, as scikit-learn's ``CalibratedClassifierCV``
does with ``method="isotonic"``, from **held-out** predictions only: the coded studies
are split into folds (by sorted study id, study *i* in fold *i* mod k); for each fold the
model is trained and the corpus-derived cues are learned without it, and its studies are
suggested for (all candidates, no threshold). A suggestion is right when the study has a
reviewed finding (or an accepted suggestion) of that type and theme. An isotonic
regression maps the raw score to the share of right suggestions (monotone: the order is
kept; ties broken by the raw score).

With a tiny corpus there are few such points, so the fit starts from a prior: the raw
score taken at its word, as :data:`PRIOR_WEIGHT` pseudo-suggestions spread evenly over
[0, 1]. With five coded studies (some fifty held-out suggestions) the corpus outweighs
the prior about five to one; with none the score stays as it is. Deterministic: the
folds, the training and the regression depend only on the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cues import Lexicon
from .derived import remember

ISOTONIC_FROM = 1000  # held-out suggestions from which the isotonic map replaces Platt scaling
PRIOR_WEIGHT = 10.0  # pseudo-suggestions that say "the raw score is right"
FOLDS = 5
MAX_STUDIES = 60  # held-out studies suggested for at most (a cold start at 500 studies stays in seconds)
_GRID = tuple(round(0.05 + 0.1 * k, 2) for k in range(10))


@dataclass(frozen=True)
class Calibration:
    """A monotone map from the raw combined score to the probability that the suggestion is right: linear
    between ``x`` (raw scores) and ``y`` (probabilities), constant beyond; ``n`` held-out suggestions behind
    it."""

    x: tuple[float, ...]
    y: tuple[float, ...]
    n: int

    def __call__(self, raw: float) -> float:
        if not self.x:
            return raw
        return float(np.interp(raw, self.x, self.y))

    def to_json(self) -> str:
        return json.dumps({"x": list(self.x), "y": list(self.y), "n": self.n})

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        data = json.loads(text)
        x, y = [float(v) for v in data["x"]], [float(v) for v in data["y"]]
        if len(x) != len(y) or any(b < a for a, b in zip(x, x[1:], strict=False)):
            raise ValueError("calibration: x must be ascending and as long as y")
        if not all(np.isfinite(v) and 0.0 <= v <= 1.0 for v in x + y):
            raise ValueError("calibration: scores and probabilities lie in [0, 1]")
        return cls(tuple(x), tuple(y), int(data["n"]))


IDENTITY = Calibration((), (), 0)


def _logit(p):
    p = np.clip(np.asarray(p, dtype=float), 0.001, 0.999)
    return np.log(p / (1 - p))


def fit(
    points: Sequence[tuple[float, bool]], prior_weight: float = PRIOR_WEIGHT, method: str | None = None
) -> Calibration:
    """The map from held-out (raw score, right) pairs, starting from the identity prior: Platt scaling
    (a logistic regression on the raw score's log-odds) below :data:`ISOTONIC_FROM` points, isotonic
    regression from there on (as scikit-learn advises: isotonic overfits small sets), or where Platt's
    slope would turn the order round. Either way the map never decreases."""
    method = method or ("isotonic" if len(points) >= ISOTONIC_FROM else "platt")
    xs = np.array([float(s) for s, _ in points] + list(_GRID))
    ys = np.array([1.0 if ok else 0.0 for _, ok in points] + list(_GRID))
    weights = np.array([1.0] * len(points) + [prior_weight / len(_GRID)] * len(_GRID))
    if method == "platt":
        from sklearn.linear_model import LogisticRegression

        # a soft label (the prior's pseudo-points) is a positive and a negative, weighted by it
        z = _logit(xs).reshape(-1, 1)
        platt = LogisticRegression(C=1e4)
        platt.fit(
            np.vstack([z, z]),
            np.r_[np.ones(len(z)), np.zeros(len(z))],
            sample_weight=np.r_[weights * ys, weights * (1 - ys)] + 1e-12,
        )
        if platt.coef_[0][0] <= 0:  # the corpus says the score ranks backwards: keep the order (isotonic)
            method = "isotonic"
        else:
            x = np.linspace(0.0, 1.0, 101)
            y = platt.predict_proba(_logit(x).reshape(-1, 1))[:, 1]
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
        iso.fit(xs, ys, sample_weight=weights)
        x, y = iso.X_thresholds_, iso.y_thresholds_
    return Calibration(
        tuple(round(float(v), 4) for v in x), tuple(round(float(v), 4) for v in y), len(points)
    )


def held_out_points(
    studies: Sequence,
    lexicon_without: Callable[[list[str]], Lexicon],
    folds: int = FOLDS,
    max_studies: int = MAX_STUDIES,
) -> list[tuple[float, bool]]:
    """(raw score, right) of every candidate the suggester makes for a study it was not trained on.

    ``studies`` are :class:`.training.CodedStudy`; only those with coded findings are scored (an uncoded
    draft would count every suggestion wrong). ``lexicon_without(ids)`` is the lexicon with the cues learned
    from the corpus without those studies."""
    from .rank import rank
    from .training import train

    coded = sorted((s for s in studies if s.positives), key=lambda s: s.study_id)
    k = min(folds, len(coded))
    if k < 2:
        return []
    per_fold = -(-max_studies // k)
    tests = [[s for i, s in enumerate(coded) if i % k == fold] for fold in range(k)]

    def prepare(test: list) -> tuple:
        """The fold's model and lexicon, both without its studies."""
        held = {s.study_id for s in test}
        lexicon = lexicon_without([s.study_id for s in test])
        return train([s for s in studies if s.study_id not in held], themes=lexicon.themes), lexicon

    points: list[tuple[float, bool]] = []
    # the next fold is trained (its gradient descent runs without the GIL) while this one is suggested for
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(prepare, tests[0])
        for fold, test in enumerate(tests):
            model, lexicon = ahead.result()
            if fold + 1 < k:
                ahead = pool.submit(prepare, tests[fold + 1])
            for study in test[:per_fold]:
                gold = {(t, theme) for t, theme, _, _ in study.positives}
                for c in rank(study.text, lexicon, model, min_score=0.0, limit=None):
                    points.append((c.score, (c.finding_type, c.theme_id) in gold))
    return points


_CALIBRATIONS: dict[str, Calibration] = remember({})


def calibration_for(data_dir: Path, exclude=()) -> Calibration:
    """The calibration of the corpus without ``exclude``: from memory, else the cache, else fitted and cached.

    It is keyed by what it is fitted from: the studies as the model sees them (:func:`.training.studies_key`),
    and what the lexicons of the folds are built from (the codebook's cue words, every study's variable
    names, the studies left out); a study's metadata is none of it."""
    from .cues import codebook_cues, lexicon_for, study_variables
    from .derived import cache_dir, cached, key_of
    from .themes import codebook_themes
    from .training import coded_studies, studies_key

    excluded = list(exclude)
    studies = coded_studies(data_dir, excluded)
    key = key_of(
        "calibration",
        studies_key(studies, codebook_themes(data_dir)),
        sorted(str(e) for e in excluded),
        codebook_cues(data_dir),
        study_variables(data_dir),
    )
    if key not in _CALIBRATIONS:
        calibration = cached(
            cache_dir() / f"calibration-{key}.json",
            lambda path: Calibration.from_json(path.read_text(encoding="utf-8")),
            lambda: fit(held_out_points(studies, lambda ids: lexicon_for(data_dir, excluded + ids))),
            _save,
            8,
        )
        _CALIBRATIONS.clear()
        _CALIBRATIONS[key] = calibration
    return _CALIBRATIONS[key]


def _save(calibration: Calibration, path: Path) -> None:
    from ..files import write_atomic

    write_atomic(path, calibration.to_json().encode())
