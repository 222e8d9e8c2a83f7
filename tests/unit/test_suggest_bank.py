"""The bank of coded published abstracts the learned layer starts from (coding/bank.py): labelled with the
codebook, its sources listed, no text in it, hashed with this code's features, consistent, and part of what a
cached model is keyed by."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from importlib import resources

import numpy as np
import pytest

from studykit.coding import bank, learn, seed, training
from studykit.corpus.codebook import FINDING_TYPE_INFO, read_themes
from studykit.corpus.problems import ProblemError
from studykit.paths import DATA_DIR

THEMES = {t.theme_id for t in read_themes(DATA_DIR)}
LABEL = re.compile(r"theme:T\d{2}|type:(" + "|".join(FINDING_TYPE_INFO) + ")")


@pytest.fixture(scope="module")
def bundled():
    return bank.bank_examples(training.feature_fingerprint())


def test_every_clause_is_labelled_with_the_codebook_and_every_theme_is_there(bundled):
    counts, positives, owners = bundled
    assert counts.shape[0] == len(positives) == len(owners) > 1000
    labels = {label for p in positives for label in p}
    assert all(LABEL.fullmatch(label) for label in labels), sorted(labels)
    for theme in THEMES:
        assert sum(f"theme:{theme}" in p for p in positives) >= 10, theme
    assert all(counts.getrow(i).nnz > 0 for i in range(0, counts.shape[0], 97))


def test_every_study_of_the_bank_has_its_source_listed(bundled):
    _, _, owners = bundled
    text = resources.files("studykit.coding").joinpath(bank.SOURCES_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    assert [int(r["study"]) for r in rows] == list(range(len(rows)))
    assert {f"bank:{r['study']}" for r in rows} == set(owners)
    assert all(r["language"] in ("id", "en", "mixed") for r in rows)
    assert all(re.match(r"https?://\S+$", r["url"]) for r in rows)
    assert len({r["url"] for r in rows}) == len(rows)


def test_the_bank_holds_counts_and_labels_only_no_text():
    with zipfile.ZipFile(io.BytesIO(bank.bank_bytes())) as archive:
        assert sorted(archive.namelist()) == ["data.npy", "indices.npy", "indptr.npy", "meta.npy"]
    with np.load(io.BytesIO(bank.bank_bytes()), allow_pickle=False) as z:
        assert z["data"].dtype.kind == "u" and z["indices"].dtype.kind == "i"
        meta = json.loads(z["meta"].tobytes().decode())
    assert sorted(meta) == ["fingerprint", "labels", "owners"]
    assert all(isinstance(n, int) for n in meta["owners"])
    assert all(LABEL.fullmatch(label) for labels in meta["labels"] for label in labels)


def test_the_bank_was_hashed_with_this_codes_features():
    """A change to the clause reading, the stemming, the features or the hashing changes the fingerprint: the
    bank must then be rebuilt (benchmarks/build_bank.py), or its counts would mean other n-grams."""
    bank.read(bank.bank_bytes(), training.feature_fingerprint())  # does not raise


def test_a_bank_hashed_with_other_features_is_refused_with_what_to_do():
    with pytest.raises(ProblemError) as caught:
        bank.read(bank.bank_bytes(), "0" * 16)
    message = str(caught.value)
    assert "bank.npz" in message and "build_bank.py" in message and "0" * 16 in message


STUDIES = (  # our own sentences: (text, [(type, theme, quote)])
    (
        "Hasil penelitian menunjukkan bahwa dana bantuan terlambat cair. "
        "Koordinasi antar dinas berjalan baik.",
        [
            ("barrier", "T04", "dana bantuan terlambat cair"),
            ("enabler", "T07", "Koordinasi antar dinas berjalan baik"),
        ],
    ),
    (
        "The results show that facilitators lacked training. Outreach reached every hamlet.",
        [("barrier", "T03", "facilitators lacked training")],
    ),
)


def _studies():
    out = []
    for n, (text, units) in enumerate(STUDIES):
        study = training.CodedStudy(f"s{n}", text)
        for t, theme, quote in units:
            start = text.index(quote)
            study.positives.append((t, theme, start, start + len(quote)))
        out.append(study)
    return out


def test_a_bank_written_twice_is_byte_identical_and_reads_back_as_written(tmp_path):
    counts, positives, _, _ = training.examples(_studies())
    owners = [n for n, (text, _) in enumerate(STUDIES) for _ in training.reading(text).clauses]
    for name in ("a.npz", "b.npz"):
        bank.write(tmp_path / name, counts, positives, owners, training.feature_fingerprint())
    data = (tmp_path / "a.npz").read_bytes()
    assert data == (tmp_path / "b.npz").read_bytes()
    back, labels, who = bank.read(data, training.feature_fingerprint())
    assert (back != counts).nnz == 0
    assert labels == positives and who == [f"bank:{n}" for n in owners]
    assert {"theme:T04", "type:barrier"} in labels and {"theme:T07", "type:enabler"} in labels


def test_the_words_about_the_study_are_not_read_by_the_model():
    """*Hasil penelitian menunjukkan bahwa* says where a finding is, not what it is about."""
    for text, framing in (
        ("Hasil penelitian menunjukkan bahwa dana bantuan terlambat cair.", {"hasil", "penelitian", "bahwa"}),
        ("The results show that the funds arrived late.", {"results", "show"}),
    ):
        (clause,) = training.reading(text).clauses
        words = set(training.doc(clause).words)
        assert not words & framing and {"dana", "funds"} & words, words


def test_trained_on_four_fifths_of_the_banks_studies_the_model_themes_the_fifth(bundled):
    """The bank's counts and labels agree: trained on 80 % of its studies, the model puts a right theme
    first for most coded clauses of the other 20 % (chance: one in sixteen). Shuffled labels fail this."""
    counts, positives, owners = bundled
    number = np.array([int(o.split(":")[1]) for o in owners])
    train = np.flatnonzero(number % 5 != 0)
    model = learn.fit(counts[train], [positives[i] for i in train], [set() for _ in train], owners)
    test = [i for i in np.flatnonzero(number % 5 == 0) if any(p.startswith("theme:") for p in positives[i])]
    probabilities = model.predict(counts[test])
    themes = [label for label in model.labels if label.startswith("theme:")]
    right = np.mean(
        [max(themes, key=lambda t: probabilities[t][k]) in positives[i] for k, i in enumerate(test)]
    )
    assert len(test) > 100 and right >= 0.45, (len(test), right)


def test_the_bank_is_part_of_the_model_key(monkeypatch):
    before = training.model_key(DATA_DIR)
    monkeypatch.setattr(training, "bank_bytes", lambda: b"another bank")
    assert training.model_key(DATA_DIR) != before


def test_with_no_coded_study_the_model_has_learned_from_the_bank():
    """The examples count as three studies; the bank's studies add to them."""
    assert training.train([]).studies["theme:T04"] > seed.SEED_STUDIES + 10


def test_the_cli_defaults_are_the_suggesters():
    """The CLI states its defaults without importing scikit-learn; they must be the ones chosen and measured
    (benchmarks/README.md), or `studykit suggest` would show another list than the benchmarks scored."""
    from studykit.cli.coding import suggest as command
    from studykit.coding import rank

    defaults = {p.name: p.default for p in command.params}
    assert defaults["min_score"] == rank.DEFAULT_MIN_SCORE
    assert defaults["limit"] == rank.DEFAULT_LIMIT
