"""Author-written example findings that the learned layer starts from (``examples.yaml``).

With five coded studies the model has seen a few dozen clauses and knows little of
the vocabulary of unseen abstracts. These examples (written for studykit in our own
words, both languages, every theme, with non-findings as negatives) give it a start,
as the lexicon gives the rules one. Together they weigh as :data:`SEED_STUDIES` coded
studies in how far the model may move a score (:mod:`.rank`); the analyst's own coding
is added to them and, study by study, outweighs them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..corpus.codebook import FINDING_TYPE_INFO
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


@lru_cache(maxsize=1)
def seed_examples():
    """Hashed n-gram counts of the examples (one row each, the whole example read as one clause), their
    labels (``theme:T04``, ``type:barrier``; none for a non-finding) and their pseudo-study owners."""
    docs, positives, owners = [], [], []
    for n, (lang, kind, theme, text) in enumerate(seed_rows()):
        docs.append(Doc.of(tokens(text, 0, len(text), lang)))
        positives.append(set() if theme == NONE else {f"theme:{theme}", f"type:{kind}"})
        owners.append(f"seed:{n % SEED_STUDIES}")
    return counts_of(docs), positives, owners
