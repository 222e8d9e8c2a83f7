"""The learned layer of coding suggestions: a linear text model per theme and per finding type.

As NVivo's pattern-based coding and ASReview do, it learns from the analyst's own
coding: every clause of a coded source is an example, labelled with the types and
themes of the reviewed findings whose quotes cover it; a rejected suggestion is a
weighted negative. Features are hashed TF-IDF n-grams: word stems (1–2 grams,
PySastrawi / Snowball, as the lexicon compares words) and character 4-grams
inside words (spelling variants, typos such as *insfrastruktur*). Each label gets
its own logistic regression (fitted by SGD with a fixed seed and number of passes:
same examples, same model).

Hashing keeps the model small and its fitting fast (no vocabulary to build), and an
explanation is still exact: the n-grams of the clause are hashed again to read their
weights (:meth:`Model.explain`). The model is derived data, stored as plain arrays
(``.npz``, no pickle), never under ``data/``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from .derived import read_arrays, sparse_rows, write_arrays
from .language import FUNCTION_WORDS

_FUNCTION_WORDS = (
    FUNCTION_WORDS["id"] | FUNCTION_WORDS["en"]
)  # no unigram of its own: they weigh nothing alone
N_FEATURES = 2**19
NEGATIVE_WEIGHT = 3.0  # a rejected suggestion counts as three ordinary negatives
ALPHA = 3e-4  # L2 regularisation: chosen leaving each of the bank's sets out (benchmarks/README.md)
UPDATES, MIN_PASSES, MAX_PASSES = 20_000, 5, 50


@dataclass(frozen=True)
class Doc:
    """What the model reads of a clause: its words and their stems."""

    words: tuple[str, ...]  # lower case
    stems: tuple[str, ...]

    @classmethod
    def of(cls, toks) -> Doc:
        """The doc of a clause's tokens (:class:`~.words.Token`: surface and stem)."""
        return cls(tuple(t.surface for t in toks), tuple(t.stem for t in toks))


def features(doc: Doc | list[str]) -> list[str]:
    """The n-grams of a clause; a list is taken as n-grams already made (to hash one n-gram)."""
    if isinstance(doc, list):
        return doc
    out = [f"w {s}" for s, w in zip(doc.stems, doc.words, strict=False) if w not in _FUNCTION_WORDS]
    out += [f"w {a} {b}" for a, b in zip(doc.stems, doc.stems[1:], strict=False)]
    for word in doc.words:
        padded = f" {word} "
        out += [f"c {padded[i : i + 4]}" for i in range(len(padded) - 3)]
    return out


def counts_of(docs: Sequence[Doc]) -> sparse.csr_matrix:
    """Hashed n-gram counts, one row per doc."""
    if not docs:  # scikit-learn's hashing cannot take an empty list
        return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
    return _vectorizer().transform(docs).tocsr()


_COLUMNS: dict[str, int] = {}  # n-gram -> its hashed column, for explanations


def _columns(ngrams: list[str]) -> list[int]:
    """The hashed column of each n-gram (as :func:`counts_of` hashes it), remembered: a clause's n-grams are
    explained for each of its candidates, and common ones in every text."""
    found = {g: _COLUMNS.get(g) for g in ngrams}
    new = [g for g, column in found.items() if column is None]
    if new:
        hashed = _vectorizer().transform([[g] for g in new]).tocoo()  # one n-gram a row: one column each
        found.update(zip((new[r] for r in hashed.row.tolist()), hashed.col.tolist(), strict=True))
        if len(_COLUMNS) > 200_000:
            _COLUMNS.clear()
        _COLUMNS.update((g, found[g]) for g in new)
    return [found[g] for g in ngrams]


@lru_cache(maxsize=1)
def _vectorizer():
    """One hashing vectorizer for the process (it holds no state: building one per clause cost more than the
    hashing)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer=features, n_features=N_FEATURES, alternate_sign=False, norm=None, dtype=np.float32
    )


@dataclass
class Model:
    """Per-label weights over hashed n-grams (sparse), their intercepts, and the IDF of the training
    clauses."""

    labels: list[str]
    weights: sparse.csr_matrix  # labels x N_FEATURES
    intercepts: np.ndarray
    idf: np.ndarray  # N_FEATURES
    studies: dict[str, int]  # label -> training studies with a positive example
    _by_feature: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _transposed(self) -> sparse.csr_matrix:
        """The weights, features x labels, as the product in :meth:`predict` wants them (converted once per
        model, not once per call)."""
        if self._by_feature is None or self._by_feature[0] is not self.weights:
            self._by_feature = (self.weights, self.weights.T.tocsr())
        return self._by_feature[1]

    def _matrix(self, docs: Sequence[Doc] | sparse.csr_matrix) -> sparse.csr_matrix:
        """TF-IDF rows (sublinear term frequency, L2-normalised) of docs or of their hashed counts."""
        counts = (counts_of(docs) if not sparse.issparse(docs) else docs).copy()
        counts.data = 1.0 + np.log(counts.data)
        x = counts.multiply(self.idf).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ x

    def predict(self, docs: Sequence[Doc] | sparse.csr_matrix) -> dict[str, np.ndarray]:
        """Label -> probability for each doc (or each row of hashed counts, :func:`counts_of`)."""
        n = docs.shape[0] if sparse.issparse(docs) else len(docs)
        if not n or not self.labels:
            return {label: np.zeros(n) for label in self.labels}
        z = np.asarray((self._matrix(docs) @ self._transposed()).todense()) + self.intercepts
        p = 1.0 / (1.0 + np.exp(-z))
        return {label: p[:, k] for k, label in enumerate(self.labels)}

    def explain(self, doc: Doc, label: str, k: int = 3) -> list[str]:
        """The word n-grams of ``doc`` that weigh most for ``label`` (as written in the clause, with their
        weight)."""
        if label not in self.labels:
            return []
        if not self.weights.has_sorted_indices:
            self.weights.sort_indices()
        row = self.labels.index(label)
        first, last = self.weights.indptr[row], self.weights.indptr[row + 1]
        columns, values = self.weights.indices[first:last], self.weights.data[first:last]  # ascending
        shown = [
            (f"w {s}", w) for s, w in zip(doc.stems, doc.words, strict=False) if w not in _FUNCTION_WORDS
        ]
        shown += [
            (f"w {a} {b}", f"{u} {v}")
            for (a, u), (b, v) in zip(
                zip(doc.stems, doc.words, strict=False),
                zip(doc.stems[1:], doc.words[1:], strict=False),
                strict=False,
            )
        ]
        if not shown or not len(columns):
            return []
        hashed = np.array(_columns([f for f, _ in shown]), dtype=columns.dtype)
        at = np.minimum(np.searchsorted(columns, hashed), len(columns) - 1)
        scored = {}
        for r, (c, j, hit) in enumerate(
            zip(hashed.tolist(), at.tolist(), (columns[at] == hashed).tolist(), strict=True)
        ):
            weight = (float(values[j]) if hit else 0.0) * float(self.idf[c])
            if weight > 0:
                scored[shown[r][1]] = max(scored.get(shown[r][1], 0.0), weight)
        top = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [f"“{text}” {weight:+.2f}" for text, weight in top]

    # --- storage: plain arrays, no pickle -----------------------------------------------

    def save(self, path: Path) -> None:
        """Store the model as plain arrays (``.npz``, no pickle), atomically."""
        w = self.weights.tocsr()
        write_arrays(
            path,
            data=w.data.astype(np.float32),
            indices=w.indices.astype(np.int32),
            indptr=w.indptr.astype(np.int64),
            intercepts=self.intercepts.astype(np.float64),
            idf=self.idf.astype(np.float32),
            meta=np.frombuffer(
                json.dumps({"labels": self.labels, "studies": self.studies}).encode(), np.uint8
            ),
        )

    @classmethod
    def load(cls, path: Path) -> Model:
        """A model stored by :meth:`save`; ValueError (or another of :data:`.derived.DAMAGED`) for a file that
        is not one, so that it is rebuilt rather than trusted."""
        z = read_arrays(path)
        meta = json.loads(z["meta"].tobytes().decode())
        labels, studies = meta["labels"], meta["studies"]
        data, indices, indptr = z["data"], z["indices"], z["indptr"]
        well_formed = (
            isinstance(labels, list)
            and all(isinstance(label, str) for label in labels)
            and isinstance(studies, dict)
            and all(isinstance(studies.get(label), int) for label in labels)
            and z["intercepts"].shape == (len(labels),)
            and z["idf"].shape == (N_FEATURES,)
            and sparse_rows(data, indices, indptr, len(labels), N_FEATURES)
            and all(np.isfinite(a).all() for a in (z["intercepts"], z["idf"]))
        )
        if not well_formed:
            raise ValueError(f"{path.name}: not a model stored by studykit")
        weights = sparse.csr_matrix((data, indices, indptr), shape=(len(labels), N_FEATURES))
        return cls(labels, weights, z["intercepts"], z["idf"], studies)


def fit(
    counts: sparse.csr_matrix,
    positives: Sequence[set[str]],
    negatives: Sequence[set[str]],
    studies: Sequence[str],
) -> Model:
    """One logistic regression per label that has positive and negative examples, from the hashed counts of
    the training clauses (:func:`counts_of`).

    ``positives[i]`` are the labels of clause i; ``negatives[i]`` the labels an analyst rejected for it
    (weighted :data:`NEGATIVE_WEIGHT`); every other label is an ordinary negative. The regressions are fitted
    by stochastic gradient descent on the log loss (scikit-learn's SGDClassifier, class-balanced, fixed
    seed, a fixed number of passes: at least :data:`UPDATES` updates): about a CPU-second at 500 studies."""
    from sklearn.linear_model import SGDClassifier

    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=N_FEATURES)
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    model = Model([], sparse.csr_matrix((0, N_FEATURES), dtype=np.float32), np.zeros(0), idf, {})
    if n == 0:
        return model
    x = model._matrix(counts)
    # the features seen, ascending (as np.unique gives them; counting is linear where sorting is not)
    used = np.flatnonzero(np.bincount(x.indices, minlength=N_FEATURES)).astype(x.indices.dtype)
    x_used = x[:, used]
    passes = int(min(MAX_PASSES, max(MIN_PASSES, np.ceil(UPDATES / n))))
    labels = sorted({label for p in positives for label in p})
    members = _members(labels, positives, negatives)

    def regression(label: str):
        """The label's coefficients, intercept and positive clauses; None where every clause is positive."""
        yes, no = members[label]
        y = np.zeros(n, dtype=int)
        y[yes] = 1
        if y.all():
            return None
        weight = np.ones(n)
        weight[no] = NEGATIVE_WEIGHT
        weight[yes] = 1.0  # a label coded for a clause is no rejection of it
        classifier = SGDClassifier(
            loss="log_loss", alpha=ALPHA, max_iter=passes, tol=None, class_weight="balanced", random_state=0
        )
        classifier.fit(x_used, y, sample_weight=weight)
        return classifier.coef_[0].astype(np.float32), float(classifier.intercept_[0]), yes

    rows, intercepts, kept, with_studies = [], [], [], {}
    # each label's regression is independent of the others' and its gradient descent runs without the GIL:
    # threads fit them side by side, and the results are collected in label order (same model as one by one)
    with ThreadPoolExecutor(max_workers=max(1, min(len(labels), os.cpu_count() or 1))) as pool:
        for label, fitted in zip(labels, pool.map(regression, labels), strict=True):
            if fitted is None:
                continue
            coef, intercept, yes = fitted
            keep = coef != 0
            rows.append(
                sparse.csr_matrix((coef[keep], used[keep], [0, int(keep.sum())]), shape=(1, N_FEATURES))
            )
            intercepts.append(intercept)
            kept.append(label)
            with_studies[label] = len({studies[i] for i in yes.tolist()})
    if kept:
        model.weights = sparse.vstack(rows).tocsr()
        model.weights.eliminate_zeros()
    model.labels, model.intercepts, model.studies = kept, np.array(intercepts), with_studies
    return model


def _members(
    labels: Sequence[str], positives: Sequence[set[str]], negatives: Sequence[set[str]]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Label -> (the clauses it is coded for, the clauses it was rejected for), as row numbers: one pass over
    the clauses instead of one per label."""
    yes: dict[str, list[int]] = {label: [] for label in labels}
    no: dict[str, list[int]] = {label: [] for label in labels}
    for i, (p, neg) in enumerate(zip(positives, negatives, strict=True)):
        for label in p:
            yes[label].append(i)
        for label in neg:
            if label in no:
                no[label].append(i)
    return {
        label: (np.array(yes[label], dtype=np.intp), np.array(no[label], dtype=np.intp)) for label in labels
    }
