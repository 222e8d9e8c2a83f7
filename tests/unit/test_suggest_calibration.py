"""The shown score is calibrated: fitted on held-out suggestions only, monotone, deterministic."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from studykit.coding import calibrate as cb
from studykit.coding.training import CodedStudy


def test_no_held_out_suggestion_leaves_the_score_as_it_is():
    calibration = cb.fit([])
    for raw in (0.05, 0.3, 0.5, 0.9):
        assert calibration(raw) == pytest.approx(raw, abs=0.02)


def test_the_map_follows_the_share_of_right_suggestions_and_keeps_the_order():
    # raw 0.8 is right 1 time in 4, raw 0.3 right 3 times in 4: over-confident high scores come down
    points = [(0.8, k == 0) for k in range(40)] + [(0.3, k != 0) for k in range(40)]
    for method in ("platt", "isotonic"):
        calibration = cb.fit(points, method=method)
        assert calibration(0.8) < 0.6, method
        scores = [calibration(x / 20) for x in range(21)]
        assert scores == sorted(scores), method  # the order of the suggestions is kept


def test_many_points_use_the_isotonic_map_and_few_the_platt_scaling():
    few = cb.fit([(0.5, True)] * 10)
    many = cb.fit([(0.5, True)] * (cb.ISOTONIC_FROM // 2) + [(0.5, False)] * (cb.ISOTONIC_FROM // 2))
    assert len(few.x) == 101  # Platt: a smooth curve sampled at 101 points
    assert len(many.x) < 101 and many(0.5) == pytest.approx(0.5, abs=0.02)


def test_the_calibration_round_trips_as_json_and_refuses_a_broken_one():
    calibration = cb.fit([(0.2, False), (0.7, True), (0.9, True)])
    assert cb.Calibration.from_json(calibration.to_json()) == calibration
    with pytest.raises(ValueError):
        cb.Calibration.from_json('{"x": [0.5, 0.1], "y": [0.2, 0.3], "n": 2}')


def test_held_out_points_never_score_a_study_with_a_model_that_saw_it(monkeypatch):
    studies = [CodedStudy(f"s{k}", f"Teks {k}.", [("barrier", "T04", 0, 4)]) for k in range(6)]
    trained_on, scored = [], []

    def train(train_set, themes=None):
        trained_on.append({s.study_id for s in train_set})
        return None

    def rank(text, lexicon, model, **kwargs):
        scored.append((text, trained_on[-1]))
        return []

    monkeypatch.setattr("studykit.coding.training.train", train)
    monkeypatch.setattr("studykit.coding.rank.rank", rank)
    excluded = []
    no_codebook = SimpleNamespace(themes=None)  # the fold's lexicon: its themes are what the model learns
    assert cb.held_out_points(studies, lambda ids: excluded.append(set(ids)) or no_codebook) == []
    assert len(trained_on) == cb.FOLDS and len(scored) == len(studies)
    for text, seen in scored:
        study_id = "s" + text.split()[1].rstrip(".")
        assert study_id not in seen
    assert all(ids.isdisjoint(seen) for ids, seen in zip(excluded, trained_on, strict=True))
