"""Which findings count, once: the rules every cross-case comparison shares.

Counting rules shared by every function (see :func:`distinct_findings`):

* a row whose ``restates`` is set repeats an earlier claim of its study, so it is
  not a distinct finding and is never counted;
* rows with ``review_status == "unreviewed"`` are coding suggestions, left out
  unless ``include_unreviewed=True``; ``rejected`` ones are always left out;
* a finding counts under its primary ``theme_id`` only, so each finding is
  counted once and a column of a theme matrix sums to the study's findings.

Rows and columns are sorted by id (theme ids, study ids), or follow the
``studies`` table when one is passed, so every result is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..corpus.schema import FINDING_TYPES

VALENCE = {"enabler": 1, "barrier": -1}


def _check_types(types: str | Iterable[str] | None) -> list[str] | None:
    if types is None:
        return None
    types = [types] if isinstance(types, str) else list(types)
    unknown = sorted(set(types) - set(FINDING_TYPES))
    if unknown:
        raise ValueError(
            f"unknown finding type(s) {', '.join(unknown)}; use any of {', '.join(FINDING_TYPES)}"
        )
    return types


def restated_roots(findings: pd.DataFrame) -> dict[str, str]:
    """finding_id -> the finding it ultimately restates (itself when it restates none): the claim it counts
    as."""
    restates = {
        k: v for k, v in zip(findings["finding_id"], findings["restates"], strict=False) if isinstance(v, str)
    }
    roots = {}
    for fid in findings["finding_id"]:
        root = fid
        while root in restates:
            root = restates[root]
        roots[fid] = root
    return roots


def distinct_findings(
    findings: pd.DataFrame, types: str | Iterable[str] | None = None, include_unreviewed: bool = False
) -> pd.DataFrame:
    """The findings that count: no restatements, reviewed only (by default), of ``types`` (default all).

    Sorted by study_id, finding_id, with a fresh index.
    """
    keep = findings["restates"].isna()
    counted = ("reviewed", "unreviewed") if include_unreviewed else ("reviewed",)  # never a rejected one
    keep &= findings["review_status"].isin(counted)
    types = _check_types(types)
    if types is not None:
        keep &= findings["finding_type"].isin(types)
    return findings[keep].sort_values(["study_id", "finding_id"]).reset_index(drop=True)


def study_ids(findings: pd.DataFrame, studies: pd.DataFrame | None) -> list[str]:
    """Every study of ``findings`` (sorted), or the ``studies`` table's ids in its order."""
    if studies is None:
        return sorted(set(findings["study_id"]))
    ids = list(studies["study_id"])
    unknown = sorted(set(findings["study_id"]) - set(ids))
    if unknown:
        raise ValueError(f"findings of study ids missing from the studies table: {', '.join(unknown)}")
    return ids


def indexed_frame(rows: list[dict], columns: list[str], index: str, ints: Sequence[str] = ()) -> pd.DataFrame:
    """``rows`` as a frame of ``columns`` indexed by ``index`` (str), the ``ints`` columns int64."""
    out = pd.DataFrame(rows, columns=[index, *columns]).astype({c: "int64" for c in ints})
    return out.set_index(pd.Index(out.pop(index), dtype="str", name=index))
