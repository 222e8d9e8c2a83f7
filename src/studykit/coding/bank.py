"""Coded clauses of published abstracts, as hashed n-gram counts: the learned layer's second start.

The author-written examples (:mod:`.seed`) teach the model the codebook's words; they
cannot teach it how published abstracts word their findings, and a lexicon tuned on
such abstracts did not carry over to unseen ones (benchmarks/README.md, session 6).
A model trained on coded published abstracts did (session 7). The abstracts are
third-party text and are not redistributed: the bank holds only what the learner
reads of each clause (hashed word-stem 1–2-grams and character 4-grams, counted,
in no order; no text, no vocabulary), the clause's labels (``theme:T04``,
``type:barrier``) and an anonymous study number. It is built by
``benchmarks/build_bank.py`` from abstracts coded by domain.md §2.2; their sources
are listed in ``bank-sources.tsv``.

Counts are only valid for the features they were hashed with: the bank records the
fingerprint of the clause reading and hashing (``training.feature_fingerprint``), and
a bank whose fingerprint differs from the running code's is refused, loudly.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse

from ..files import write_zip
from .learn import N_FEATURES

BANK_FILE = "bank.npz"
SOURCES_FILE = "bank-sources.tsv"


def bank_bytes() -> bytes:
    """The bank as stored (a cached model is rebuilt when it changes)."""
    return resources.files("studykit.coding").joinpath(BANK_FILE).read_bytes()


def write(
    path: Path, counts: sparse.csr_matrix, positives: list[set[str]], owners: list[int], fingerprint: str
):
    """Store a bank as :func:`read` reads it: a ``.npz`` archive of plain arrays (no pickle) whose members
    carry a fixed date, so that the same clauses give the same bytes."""
    counts = counts.tocsr()
    counts.sort_indices()
    meta = {"fingerprint": fingerprint, "labels": [sorted(p) for p in positives], "owners": owners}
    arrays = {
        "data": counts.data.astype(np.uint16),
        "indices": counts.indices.astype(np.int32),
        "indptr": counts.indptr.astype(np.int64),
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8),
    }
    members = {}
    for name, array in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        members[f"{name}.npy"] = buffer.getvalue()
    write_zip(path, members)


def read(data: bytes, fingerprint: str, shown: str = f"studykit/coding/{BANK_FILE}"):
    """Hashed n-gram counts of a bank's clauses (one row each), their labels and their owners (``bank:<n>``:
    a clause's study, by number); refused, naming ``shown``, unless hashed with the features whose
    ``fingerprint`` is given (``training.feature_fingerprint``)."""
    from ..corpus.messages import problem
    from ..corpus.problems import ProblemError

    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        meta = json.loads(z["meta"].tobytes().decode())
        counts = sparse.csr_matrix(
            (z["data"].astype(np.float32), z["indices"], z["indptr"]),
            shape=(len(meta["labels"]), N_FEATURES),
        )
    if meta["fingerprint"] != fingerprint:
        raise ProblemError(
            problem(
                shown,
                None,
                "fingerprint",
                "problem.bank_features",
                stored=meta["fingerprint"],
                now=fingerprint,
            )
        )
    positives = [set(labels) for labels in meta["labels"]]
    return counts, positives, [f"bank:{n}" for n in meta["owners"]]


@lru_cache(maxsize=1)
def bank_examples(fingerprint: str):
    """The bundled bank, read (:func:`read`) once."""
    return read(bank_bytes(), fingerprint)
