"""Author-written example findings that the learned layer starts from (``examples.yaml``).

With five coded studies the model has seen a few dozen clauses and knows little of
the vocabulary of unseen abstracts. These examples (written for studykit in our own
words, both languages, every theme, with non-findings as negatives) give it a start,
as the lexicon gives the rules one. Together they weigh as :data:`SEED_STUDIES` coded
studies in how far the model may move a score (:mod:`.rank`); the analyst's own coding
is added to them and, study by study, outweighs them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..corpus.codebook import FINDING_TYPE_INFO
from .derived import remember
from .learn import Doc, counts_of
from .words import tokens

SEED_STUDIES = 3  # the examples count as this many coded studies (benchmarks/README.md, session 5)
SEED_FILE = "examples.yaml"
NONE = "none"  # type and theme of a non-finding (an aim, a method, a background fact)


TYPES = tuple(t for t in FINDING_TYPE_INFO if t != "context")  # the codebook's, context aside
_ROW = "[id|en, " + "|".join(TYPES) + ", T01…T16, text] · [id|en, none, none, text]"
_THEME = re.compile(r"T\d{2}")


@lru_cache(maxsize=1)
def seed_rows() -> tuple[tuple[str, str, str, str], ...]:
    """(language, finding type, theme id, text) of every example; type and theme ``none`` for a
    non-finding. The file is the project's, but the README invites editing it: a row that is not one of
    these is a problem naming it, not a traceback."""
    from ..corpus.messages import problem
    from ..corpus.problems import ProblemError
    from ..corpus.readers import parse_yaml

    shown = f"studykit/coding/{SEED_FILE}"
    data = parse_yaml(seed_bytes().decode("utf-8"), shown)
    rows = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ProblemError(problem(shown, None, "examples", "problem.not_a_list"))
    for n, row in enumerate(rows):
        if not _well_formed(row):
            raise ProblemError(
                problem(shown, None, f"examples.{n}", "problem.not_allowed", value=row, allowed=_ROW)
            )
    return tuple(tuple(row) for row in rows)


def _well_formed(row) -> bool:
    if not (isinstance(row, list) and len(row) == 4 and all(isinstance(v, str) and v.strip() for v in row)):
        return False
    lang, kind, theme, _ = row
    finding = kind in TYPES and bool(_THEME.fullmatch(theme))
    return lang in ("id", "en") and (finding or kind == theme == NONE)


def seed_bytes() -> bytes:
    """The examples file as stored (a cached model is rebuilt when it changes)."""
    return resources.files("studykit.coding").joinpath(SEED_FILE).read_bytes()


@remember
@lru_cache(maxsize=1)
def seed_examples():
    """Hashed n-gram counts of the examples (one row each, the whole example read as one clause), their
    labels (``theme:T04``, ``type:barrier``; none for a non-finding) and their pseudo-study owners. The counts
    are kept on disk under the examples' hash (reading 1,900 examples took a second of every retrain)."""
    from .derived import cache_dir, fetch, key_of, prune, read_arrays, text_digest
    from .readings import store_counts, stored_counts

    rows = seed_rows()
    positives = [set() if theme == NONE else {f"theme:{theme}", f"type:{kind}"} for _, kind, theme, _ in rows]
    owners = [f"seed:{n % SEED_STUDIES}" for n in range(len(rows))]
    digest = text_digest(json.dumps(rows, ensure_ascii=False))  # what is read, as it is read
    path = cache_dir() / f"seed-{key_of('examples', digest)}.npz"
    counts = fetch(path, lambda p: stored_counts(read_arrays(p), digest, len(rows)))
    if counts is None:
        counts = counts_of([Doc.of(tokens(text, 0, len(text), lang)) for lang, _, _, text in rows])
        if store_counts(path, digest, counts):
            prune(path.parent, "seed-*.npz", 2)
    return counts, positives, owners
