"""What the learned layer reads of a source text: its clauses (:mod:`.clauses`), their words without those
about the study itself, and the hashed n-gram counts of each (:mod:`.learn`); read once per text in a
process and, for training, kept on disk under the text's hash (:mod:`.derived`), so that a retrain after an
edit reads only the sources that changed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from .clauses import Clause, Reading, read
from .cues import Lexicon, build_lexicon
from .derived import (
    cache_dir,
    fetch,
    key_of,
    prune,
    read_arrays,
    remember,
    sparse_rows,
    text_digest,
    write_arrays,
)
from .learn import N_FEATURES, Doc, counts_of
from .words import find

_KEEP_TEXTS = 4000  # what the learner read of this many source texts (a 500-study corpus needs 500)


@lru_cache(maxsize=1)
def reading_lexicon() -> Lexicon:
    """The lexicon's phrases and type and valence cues, without theme cues: all that reading a text needs."""
    return build_lexicon({})


@remember
@lru_cache(maxsize=4096)
def reading(text: str) -> Reading:
    """A text read into clauses once (training reads every coded source at every retrain)."""
    return read(text, reading_lexicon())


def doc(clause: Clause) -> Doc:
    """What the model reads of a clause: its words, without those about the study itself (*hasil penelitian
    menunjukkan bahwa*, *the results show*): they say where a finding is, not what it is about, and a model
    trained on published abstracts otherwise learns them as the overall result's (T15) words."""
    frame = reading_lexicon().phrases[("study_frame", clause.lang)]
    framed = {j for cue, i in find(frame, list(clause.toks)) for j in range(i, i + len(cue.words))}
    return Doc.of([t for k, t in enumerate(clause.toks) if k not in framed])


FEATURE_PROBES = (  # our own sentences, both languages: affixes, bigrams and a study frame to read
    "Hasil penelitian menunjukkan bahwa keterbatasan anggaran dan kurangnya sosialisasi menghambat program.",
    "The results show that limited funding and poor outreach hindered the programme in the villages.",
)


def feature_fingerprint() -> str:
    """A hash of what the learner reads of :data:`FEATURE_PROBES` (clauses, words, hashed counts): it changes
    when the reading, the stemming, the features or the hashing do, and a bank built with other features is
    refused (:mod:`.bank`)."""
    digest = hashlib.sha256()
    for text in FEATURE_PROBES:
        counts = clause_counts(text).tocsr()
        counts.sort_indices()
        for part in (counts.indptr, counts.indices, counts.data):
            digest.update(part.astype("<f8").tobytes())
    return digest.hexdigest()[:16]


@remember
@lru_cache(maxsize=4096)
def clause_counts(text: str):
    """The hashed n-gram counts of every clause of ``text``, computed once per text."""
    return counts_of([doc(c) for c in reading(text).clauses])


_NEW_TEXTS: list[Path] = []  # stored since the last pruning


@remember
@lru_cache(maxsize=4096)
def clause_features(text: str):
    """The span (start, end) of every clause of ``text`` (one row each) and their hashed n-gram counts
    (:func:`clause_counts`): from memory, else from the cache on disk (what depends on this one source text
    only, stored under its hash and the code's), else read and stored. A retrain after an edit reads only
    the sources that changed."""
    digest = text_digest(text)
    path = cache_dir() / "texts" / f"text-{key_of('clauses', digest)}.npz"
    found = fetch(path, lambda p: _stored_features(read_arrays(p), digest, len(text)))
    if found is not None:
        return found
    spans = np.array([(c.start, c.end) for c in reading(text).clauses], dtype=np.int64).reshape(-1, 2)
    counts = clause_counts(text)
    if store_counts(path, digest, counts, spans=spans):
        _NEW_TEXTS.append(path)
    return spans, counts


def prune_texts() -> None:
    """Keep the :data:`_KEEP_TEXTS` most recently used texts' features on disk (after storing new ones)."""
    if _NEW_TEXTS:
        prune(_NEW_TEXTS[0].parent, "text-*.npz", _KEEP_TEXTS)
        _NEW_TEXTS.clear()


def store_counts(path: Path, digest: str, counts, **extra) -> bool:
    """Store hashed counts (and ``extra`` arrays) read from the input whose digest is given, for
    :func:`stored_counts`; whether it could be written (a read-only place is no error: the next run reads
    again)."""
    try:
        write_arrays(
            path,
            digest=np.frombuffer(digest.encode(), np.uint8),
            data=counts.data,
            indices=counts.indices,
            indptr=counts.indptr,
            **extra,
        )
    except OSError:
        return False
    return True


def stored_counts(z: dict, digest: str, rows: int):
    """The counts of ``rows`` rows as :func:`store_counts` stored them from the input with this digest,
    checked whole: a damaged or foreign file raises ValueError (and is read again from its input)."""
    from scipy import sparse

    data, indices, indptr = (np.asarray(z[k]) for k in ("data", "indices", "indptr"))
    well_formed = (
        z["digest"].tobytes() == digest.encode()
        and data.dtype == np.float32
        and sparse_rows(data, indices, indptr, rows, N_FEATURES)
    )
    if not well_formed:
        raise ValueError("cached counts: not what was stored for this input")
    return sparse.csr_matrix((data, indices, indptr), shape=(rows, N_FEATURES))


def _stored_features(z: dict, digest: str, length: int):
    """Spans and counts as :func:`clause_features` stored them (ValueError for anything else)."""
    spans = np.asarray(z["spans"])
    n = len(spans)
    well_formed = (
        spans.dtype == np.int64
        and spans.shape == (n, 2)
        and (n == 0 or (spans.min() >= 0 and spans.max() <= length and (spans[:, 0] < spans[:, 1]).all()))
        and (np.diff(spans[:, 0]) >= 0).all()  # clauses in text order
    )
    if not well_formed:
        raise ValueError("cached clause spans: not the clauses of this text")
    return spans, stored_counts(z, digest, n)
