"""Intercoder agreement: how far two analysts' codings of the same studies agree, and where they differ.

Stable API (the methods appendix and the agreement report read it)::

    from studykit.analysis import agreement
    result = agreement.presence_agreement(corpus_a, corpus_b)   # or segment_agreement(a, b, overlap=0.5)
    result.overall["cohen_kappa"], result.overall["ci95"]["cohen_kappa"]   # 0.71, (0.55, 0.86)
    result.as_dict()                                              # the JSON of `studykit agreement --format
    json`

An :class:`AgreementResult` holds, for ``level`` ``"presence"`` or ``"segment"``:

- ``studies``: the study ids both coded (compared); ``only_a`` / ``only_b``: studies one side coded;
  ``drafts_a`` / ``drafts_b``: studies a side is still coding (drafts), not compared;
- ``units``: the number of units compared (presence units, or characters × themes);
- ``overall``: a row (dict) of the five statistics of :data:`STATISTICS` (a float, or None where
  undefined), ``ci95`` (statistic -> ``(low, high)`` bootstrap interval over studies, or None), and
  the 2 × 2 counts ``units``, ``both``, ``a_only``, ``b_only``, ``neither``; at the segment level also
  ``findings_a``, ``findings_b``, ``matched`` and the shares ``matched_a``, ``matched_b``;
- ``by_theme`` / ``by_type`` / ``by_study``: lists of such rows with ``theme_id`` / ``finding_type`` /
  ``study_id`` (per-study rows have no interval: one study cannot be resampled over studies; at
  the segment level ``by_type`` has only the matched-segment counts, characters being per theme);
- ``outcome``: study-level agreement on ``implementation_outcome.rating`` (:mod:`.outcome`):
  ``studies``, ``percent_agreement``, ``cohen_kappa``, ``ci95``, ``differ`` (study, A's and B's rating);
- ``identical``: the studies whose two study files are byte for byte the same (a copy, not a second coding);
  ``merged``: those one side holds as a consensus of both (:func:`.pairing.merged`), JSON
  ``consensus_of_both``;
- ``suggestions``: per side (``a``, ``b``), the studies compared coded ``with`` the workbench's suggestions
  shown, ``without`` them (a blind coding) or ``unknown`` (:mod:`.coded`), JSON ``suggestions_shown``;
  ``all_rejected``: per side, the studies compared where it rejected every finding it had (compared as
  coding nothing there);
- ``disagreements``: dicts ``study_id``, ``finding_type``, ``theme_id``, ``coder_a``, ``coder_b`` (finding
  ids) and ``rejected_a``, ``rejected_b`` (the findings each side rejected in that unit: a decision, not an
  oversight): the presence units coded by one side only, or at the segment level the findings left
  unmatched; ``matches`` (segment level): the matched pairs with their overlap.

Units and statistics are explained in :mod:`.units` and :mod:`.measures`; the result type is
:class:`.result.AgreementResult`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from ...corpus.load import Corpus
from ...corpus.schema import FINDING_TYPES
from .measures import (
    CELLS,
    REPLICATES,
    SEED,
    STATISTICS,
    binary_coefficients,
    bootstrap_ci,
    coefficients,
    resample_weights,
    table_of,
)
from .outcome import outcome_agreement
from .pairing import Codings, independent, load_codings, pair
from .result import AgreementResult
from .units import (
    OVERLAP,
    Match,
    character_tables,
    ids_by_unit,
    match_findings,
    presence_units,
    rejected_by_unit,
    reviewed,
)

__all__ = [
    "OVERLAP",
    "STATISTICS",
    "AgreementResult",
    "Codings",
    "Match",
    "agreement",
    "independent",
    "load_codings",
    "match_findings",
    "pair",
    "presence_agreement",
    "presence_units",
    "segment_agreement",
]
LEVELS = ("presence", "segment")


def _counts(tables: np.ndarray) -> dict[str, int]:
    total = tables.sum(axis=0) if tables.ndim == 2 else tables
    return {"units": int(total.sum()), **{c: int(v) for c, v in zip(CELLS, total, strict=False)}}


def _row(study_tables: np.ndarray, weights, point: dict[str, float | None] | None = None) -> dict[str, Any]:
    """Statistics of the pooled tables (or ``point``, computed on the units), intervals, counts."""
    study_tables = np.asarray(study_tables, dtype=np.int64).reshape(-1, 4)
    if point is None:
        values = binary_coefficients(study_tables.sum(axis=0))
        point = {k: (None if np.isnan(v) else float(v)) for k, v in values.items()}
    ci = bootstrap_ci(study_tables, weights) if weights is not None else dict.fromkeys(STATISTICS)
    return {**{k: point[k] for k in STATISTICS}, "ci95": ci, **_counts(study_tables)}


def _tables(frame: pd.DataFrame, studies: list[str]) -> np.ndarray:
    """studies × 4 tables of a presence-unit frame (columns a, b), studies in order, absent ones zero."""
    a, b = frame["a"].astype(bool), frame["b"].astype(bool)
    cells = pd.DataFrame(
        {"study_id": frame["study_id"], "both": a & b, "a_only": a & ~b, "b_only": ~a & b, "neither": ~a & ~b}
    )
    return cells.groupby("study_id")[list(CELLS)].sum().reindex(studies, fill_value=0).to_numpy()


def presence_agreement(
    a: Corpus | Codings, b: Corpus | None = None, *, replicates: int = REPLICATES, seed: int = SEED
) -> AgreementResult:
    """Agreement on presence units (study × finding type × theme) of two codings of the same studies.

    Give two corpora (``a``, ``b``: they are paired first, raising CorpusError when their sources
    or codebooks differ or they share no study) or one :class:`Codings`.
    """
    codings = a if isinstance(a, Codings) else pair(a, b)
    studies, themes = codings.studies, list(codings.a.theme_ids)
    units = presence_units(codings.a.findings, codings.b.findings, studies, themes)
    weights = resample_weights(len(studies), replicates, seed)

    def row(frame: pd.DataFrame) -> dict[str, Any]:
        return _row(_tables(frame, studies), weights, coefficients(frame["a"], frame["b"]))

    overall = row(units)
    by_theme = [{"theme_id": t, **row(units[units["theme_id"] == t])} for t in themes]
    by_type = [{"finding_type": k, **row(units[units["finding_type"] == k])} for k in FINDING_TYPES]
    # units come study by study: a study's rows are one block; its figures come from its 2 x 2 table
    # (the same numbers as the libraries give on its units, which measures' tests check), fast for many
    # studies
    block, a_all, b_all = len(FINDING_TYPES) * len(themes), units["a"].to_numpy(), units["b"].to_numpy()
    by_study = [
        {
            "study_id": s,
            **_row(table_of(a_all[i * block : (i + 1) * block], b_all[i * block : (i + 1) * block]), None),
        }
        for i, s in enumerate(studies)
    ]
    differ = units[units["a"] != units["b"]]
    no_a, no_b = (rejected_by_unit(c.findings, studies) for c in (codings.a, codings.b))
    disagreements = [
        {
            "study_id": u.study_id,
            "finding_type": u.finding_type,
            "theme_id": u.theme_id,
            "coder_a": list(u.findings_a),
            "coder_b": list(u.findings_b),
            "rejected_a": no_a.get((u.study_id, u.finding_type, u.theme_id), []),
            "rejected_b": no_b.get((u.study_id, u.finding_type, u.theme_id), []),
        }
        for u in differ.itertuples()
    ]
    return AgreementResult(
        "presence",
        studies,
        codings.only_a,
        codings.only_b,
        len(units),
        overall,
        by_theme,
        by_type,
        by_study,
        disagreements,
        **_of_both(codings, replicates, seed, weights),
    )


def _matched(n_a: int, n_b: int, n: int) -> dict[str, Any]:
    """The findings of each coder and how many were matched, with the shares."""
    return {
        "findings_a": n_a,
        "findings_b": n_b,
        "matched": n,
        "matched_a": n / n_a if n_a else None,
        "matched_b": n / n_b if n_b else None,
    }


def segment_agreement(
    a: Corpus | Codings,
    b: Corpus | None = None,
    overlap: float = OVERLAP,
    *,
    replicates: int = REPLICATES,
    seed: int = SEED,
) -> AgreementResult:
    """Agreement over the characters of the sources (per study × theme) and the findings' matched segments."""
    codings = a if isinstance(a, Codings) else pair(a, b)
    studies, themes = codings.studies, list(codings.a.theme_ids)
    fa, fb = reviewed(codings.a.findings, studies), reviewed(codings.b.findings, studies)
    lengths = {s: len(codings.a.source_text(s)) for s in studies}
    chars = character_tables(fa, fb, lengths, themes)
    matches = match_findings(fa, fb, overlap)
    weights = resample_weights(len(studies), replicates, seed)

    def tables(frame: pd.DataFrame) -> np.ndarray:
        return frame.groupby("study_id")[list(CELLS)].sum().reindex(studies, fill_value=0).to_numpy()

    def matched(column: str) -> dict[str, dict[str, Any]]:
        """Matched-segment counts by the values of ``column`` (study_id, finding_type or theme_id)."""
        n_a, n_b = Counter(fa[column]), Counter(fb[column])
        n = Counter(getattr(m, column) for m in matches)
        return {v: _matched(n_a[v], n_b[v], n[v]) for v in set(n_a) | set(n_b) | set(n)}

    def get(counts: dict[str, dict[str, Any]], value: str) -> dict[str, Any]:
        return counts.get(value) or _matched(0, 0, 0)

    per_study = tables(chars)
    by = {column: matched(column) for column in ("theme_id", "finding_type", "study_id")}
    overall = {**_row(per_study, weights), **_matched(len(fa), len(fb), len(matches))}
    by_theme = [
        {"theme_id": t, **_row(tables(chars[chars["theme_id"] == t]), weights), **get(by["theme_id"], t)}
        for t in themes
    ]
    by_type = [
        {
            "finding_type": k,
            **dict.fromkeys(STATISTICS),
            "ci95": dict.fromkeys(STATISTICS),
            **get(by["finding_type"], k),
        }
        for k in FINDING_TYPES
    ]
    by_study = [
        {"study_id": s, **_row(per_study[i], None), **get(by["study_id"], s)} for i, s in enumerate(studies)
    ]
    paired_a, paired_b = {m.a for m in matches}, {m.b for m in matches}
    left_a = ids_by_unit(fa[~fa["finding_id"].isin(paired_a)])
    left_b = ids_by_unit(fb[~fb["finding_id"].isin(paired_b)])
    no_a, no_b = (rejected_by_unit(c.findings, studies) for c in (codings.a, codings.b))
    disagreements = [
        {
            "study_id": k[0],
            "finding_type": k[1],
            "theme_id": k[2],
            "coder_a": left_a.get(k, []),
            "coder_b": left_b.get(k, []),
            "rejected_a": no_a.get(k, []),
            "rejected_b": no_b.get(k, []),
        }
        for k in sorted(left_a.keys() | left_b.keys())
    ]
    return AgreementResult(
        "segment",
        studies,
        codings.only_a,
        codings.only_b,
        int(chars[list(CELLS)].to_numpy().sum()),
        overall,
        by_theme,
        by_type,
        by_study,
        disagreements,
        overlap=overlap,
        matches=[
            {"study_id": m.study_id, "finding_type": m.finding_type, "theme_id": m.theme_id}
            | {"coder_a": m.a, "coder_b": m.b, "overlap": m.overlap}
            for m in matches
        ],
        **_of_both(codings, replicates, seed, weights),
    )


def _of_both(codings: Codings, replicates: int, seed: int, weights) -> dict[str, Any]:
    """What a result of either level carries of the codings compared besides its units: drafts, the
    bootstrap's settings, the outcome ratings and what its notes say (one place for a new note)."""
    return {
        "drafts_a": codings.drafts_a,
        "drafts_b": codings.drafts_b,
        "bootstrap": {"replicates": replicates, "seed": seed},
        "outcome": outcome_agreement(codings, weights),
        "identical": codings.identical,
        "worded": codings.worded,
        "recoded": codings.recoded,
        "merged": codings.merged,
        "suggestions": codings.suggestions,
        "all_rejected": codings.all_rejected,
    }


def agreement(codings: Codings, level: str = "presence", overlap: float = OVERLAP) -> AgreementResult:
    """The comparison ``studykit agreement`` makes: ``level`` presence (default) or segment."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    codings = independent(codings)
    return presence_agreement(codings) if level == "presence" else segment_agreement(codings, overlap=overlap)
