"""The suggester's derived data on disk (coding/derived.py): the same suggestions whether they come from the
cache or not, kept across edits that cannot change them, rebuilt after those that can, never trusted when
damaged or hostile, bounded, and shared safely by concurrent runs."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import numpy as np
import pytest
from helpers.codebooks import add_theme

from studykit.coding import calibrate, derived, readings, seed, training
from studykit.coding import suggest as sg
from studykit.coding.studyfile import dump, load
from studykit.paths import DATA_DIR

TARGET = "jambi-bantar"
OTHER = "jombang-poverty"


def suggestions(data_dir) -> list[dict]:
    return sg.to_json(sg.suggest(sg.resolve(TARGET, data_dir).text, data_dir, study_id=TARGET))


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """The bundled corpus's suggestions for TARGET computed with nothing cached, and the cache they left."""
    cache = tmp_path_factory.mktemp("first") / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDYKIT_CACHE_DIR", str(cache))
        derived.forget()
        cold = suggestions(DATA_DIR)
        derived.forget()
    return cold, cache


@pytest.fixture
def cache(tmp_path, monkeypatch, first_run):
    """This test's cache: a copy of the first run's, as the next run of `studykit suggest` finds it."""
    shutil.copytree(first_run[1], tmp_path / "cache")
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))
    derived.forget()
    yield tmp_path / "cache"
    derived.forget()


def edit(data_dir, study_id: str, change) -> None:
    path = data_dir / "studies" / f"{study_id}.yaml"
    document = load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(dump(document), encoding="utf-8")


def refuse(monkeypatch, module, name: str) -> None:
    """Make ``module.name`` fail if called: what the cache should have spared."""

    def refused(*args, **kwargs):
        raise AssertionError(f"{name} ran: the cache was not used")

    monkeypatch.setattr(module, name, refused)


def test_suggestions_are_the_same_from_the_cache_as_computed_afresh(data_copy, cache, first_run, monkeypatch):
    cold = first_run[0]
    assert cold and sorted(p.name.split("-")[0] for p in cache.glob("*-*")) == [
        "calibration",
        "model",
        "seed",
    ]
    assert len(list((cache / "texts").glob("text-*.npz"))) == len(training.coded_studies(data_copy, [TARGET]))
    with monkeypatch.context() as patch:
        refuse(patch, training, "train")
        refuse(patch, calibrate, "held_out_points")
        assert suggestions(data_copy) == cold  # model and calibration loaded from disk
    derived.forget()
    for path in [*cache.glob("model-*"), *cache.glob("calibration-*")]:
        path.unlink()  # gone: retrained from the clauses stored per source text and the examples' counts
    probes, counts = set(readings.FEATURE_PROBES), readings.clause_counts

    def probes_only(text):
        assert text in probes, "a source was read again although its clauses are stored"
        return counts(text)

    with monkeypatch.context() as patch:
        patch.setattr(readings, "clause_counts", probes_only)
        refuse(patch, seed, "tokens")  # nor are the examples
        assert suggestions(data_copy) == cold


def test_a_metadata_edit_or_an_unreviewed_finding_keeps_the_model_and_the_calibration(
    data_copy, cache, first_run, monkeypatch
):
    edit(data_copy, OTHER, lambda d: d.__setitem__("coded_by", "a second coder"))
    other = sg.resolve("semarang-p2kp", data_copy)
    written = sg.suggest(other.text, data_copy, study_id="semarang-p2kp", learned=False)  # the rules': quick
    sg.write_suggestions(other, written, data_copy)
    assert "review_status: unreviewed" in other.study_path.read_text(encoding="utf-8")
    derived.forget()
    refuse(monkeypatch, training, "train")
    refuse(monkeypatch, calibrate, "held_out_points")
    assert suggestions(data_copy) == first_run[0]


def test_what_the_model_or_the_lexicon_learns_from_refits_them(data_copy, cache, monkeypatch):
    """Which edits refit: only that is observed here (fitting is replaced by a record of it)."""
    fitted = []
    monkeypatch.setattr(
        training,
        "train",
        lambda studies, **_: fitted.append("model") or training.Model.load(next(cache.glob("model-*.npz"))),
    )
    monkeypatch.setattr(calibrate, "held_out_points", lambda *a, **k: fitted.append("calibration") or [])

    def refit(data_dir) -> list[str]:
        fitted.clear()
        derived.forget()
        training.model_for(data_dir, [TARGET])
        calibrate.calibration_for(data_dir, [TARGET])
        return sorted(fitted)

    assert refit(data_copy) == []
    edit(data_copy, OTHER, lambda d: d["findings"][0].__setitem__("study_variable", "gotong royong warga"))
    assert refit(data_copy) == ["calibration"]  # a cue the lexicons of the folds learn
    edit(data_copy, OTHER, lambda d: d["findings"][0].__setitem__("review_status", "rejected"))
    assert refit(data_copy) == ["calibration", "model"]
    themes = data_copy / "codebook" / "themes.yaml"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace("[komunikasi,", "[komunikasi, rapat warga,", 1)
    )
    assert refit(data_copy) == ["calibration"]  # the codebook's cue words are the rules', not the model's
    add_theme(data_copy, "T17", ["aplikasi"])
    assert refit(data_copy) == ["calibration", "model"]  # the codebook's themes are what the model may learn


class Planted:
    """Unpickling this object would leave a file behind."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (self.marker.touch, ())


def test_a_damaged_or_hostile_cache_file_is_rebuilt_never_trusted(data_copy, cache, tmp_path):
    cold = suggestions(data_copy)
    marker = tmp_path / "unpickled"
    buffer = io.BytesIO()
    np.savez(buffer, data=np.array([Planted(marker)], dtype=object), meta=np.zeros(3, np.uint8))
    [model] = cache.glob("model-*.npz")
    model.write_bytes(buffer.getvalue())
    [calibration] = cache.glob("calibration-*.json")
    calibration.write_text('{"x": [0.0, 1.0], "y": [0.0, 7.0], "n": 3}', encoding="utf-8")
    texts = sorted((cache / "texts").glob("text-*.npz"))
    texts[0].write_bytes(texts[0].read_bytes()[:100])  # truncated
    [examples] = cache.glob("seed-*.npz")
    examples.write_bytes(texts[3].read_bytes())  # a text's clauses in place of the examples
    arrays = dict(np.load(texts[1], allow_pickle=False))
    arrays["indices"] = arrays["indices"] + (1 << 30)  # out of the hashed feature space
    with open(texts[1], "wb") as fh:
        np.savez(fh, **arrays)
    arrays = dict(np.load(texts[2], allow_pickle=False))
    arrays["spans"] = arrays["spans"][::-1].copy()  # another text's clauses, or the order changed
    with open(texts[2], "wb") as fh:
        np.savez(fh, **arrays)
    derived.forget()
    assert suggestions(data_copy) == cold
    assert not marker.exists()
    assert training.Model.load(model).labels and calibrate.Calibration.from_json(calibration.read_text())


def test_the_cache_stays_bounded(data_copy, cache, monkeypatch):
    monkeypatch.setattr(readings, "_KEEP_TEXTS", 2)
    monkeypatch.setattr(training, "_KEEP_MODELS", 1)
    for excluded in ("bengkulu-samisake", "purbayan-p2kp"):  # two more models, from stored texts
        training.model_for(data_copy, [excluded])
    assert len(list(cache.glob("model-*.npz"))) == 1
    for text in ("Satu kalimat tentang dana desa.", "Another sentence about village funds."):
        readings.clause_features(text)  # two more texts read
    readings.prune_texts()
    assert len(list((cache / "texts").glob("text-*.npz"))) == 2


def test_concurrent_runs_share_a_cold_cache_without_damaging_it(data_copy, cache):
    command = [
        sys.executable,
        "-m",
        "studykit",
        "suggest",
        TARGET,
        "--format",
        "json",
        "--data",
        str(data_copy),
    ]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate() for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    warm = subprocess.run(command, capture_output=True, check=True).stdout
    assert outputs[0][0] == outputs[1][0] == warm
    assert not list(cache.rglob("*.tmp"))
