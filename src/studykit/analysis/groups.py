"""Groups of cases by a study attribute, and theme × group comparisons: "a barrier in 3 of 8 kabupaten
studies".

Analysts compare groups of cases (kota vs kabupaten, islands, programme
families, outcomes), not only single cases. :func:`memberships` puts every
study into its group(s) of one attribute; :func:`group_matrix` counts, per
theme, finding type and group, the studies that report the theme (k) out of the
studies in the group (n). Counting follows :mod:`studykit.analysis.compare`:
distinct, reviewed findings by primary theme.

Rules that keep the comparison honest:

* a study without a value is in the group :data:`MISSING`, never dropped, so
  the group sizes always add up to the corpus (or more, see next point);
* a study that declares several frameworks is in each of their groups, so
  ``framework`` group sizes can add up to more than the corpus;
* groups come in a fixed, meaningful order (allowed values in schema order,
  provinces and islands west to east, years ascending), MISSING last;
* years are binned to five-year spans when there are more than
  :data:`YEAR_BINS_FROM` distinct years.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..corpus.schema import OUTCOME_RATINGS, AdminUnitType, Island, Level, ProgrammeFamily, SourceType
from .compare import VALENCE, distinct_findings

MISSING = "(missing)"
YEAR_BINS_FROM = 8
YEAR_BIN = 5
# group_by value -> (studies column, the order of its values; None: from the data)
ATTRIBUTES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "study": ("study_id", None),
    "admin_unit_type": ("admin_unit_type", AdminUnitType.__args__),
    "level": ("level", Level.__args__),
    "province": ("province", None),
    "island": ("island", Island.__args__),
    "programme_family": ("programme_family", ProgrammeFamily.__args__),
    "framework": ("frameworks_declared", None),
    "source_type": ("source_type", SourceType.__args__),
    "year": ("year", None),
    "outcome": ("outcome_rating", OUTCOME_RATINGS),
}
GROUP_COLUMNS = ["theme_id", "finding_type", "group", "k", "n", "share", "study_ids"]


def _check(by: str) -> str:
    if by not in ATTRIBUTES:
        raise ValueError(f"unknown group_by {by!r}; use one of {', '.join(ATTRIBUTES)}")
    return by


def _year_key(year, binned: bool) -> str:
    if pd.isna(year):
        return MISSING
    year = int(year)
    if not binned:
        return str(year)
    start = year - year % YEAR_BIN
    return f"{start}–{start + YEAR_BIN - 1}"


def memberships(studies: pd.DataFrame, by: str, *, order: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per (study, group) of attribute ``by``: columns study_id, group; ordered by group, then by the
    studies table.

    ``order`` fixes the order of groups whose order the schema does not give
    (provinces: the codebook's list; frameworks: the codebook's ids); values not
    in it follow in sorted order. A missing value (None, NaN, an empty list of
    frameworks) is the group :data:`MISSING`.
    """
    column, allowed = ATTRIBUTES[_check(by)]
    rows = []
    binned = by == "year" and studies["year"].dropna().nunique() > YEAR_BINS_FROM
    for study_id, value in zip(studies["study_id"], studies[column], strict=False):
        if by == "year":
            keys = [_year_key(value, binned)]
        elif isinstance(value, (list, tuple)):
            keys = list(dict.fromkeys(value)) or [MISSING]
        else:
            keys = [
                MISSING if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            ]
        rows += [(study_id, key) for key in keys]
    out = pd.DataFrame(rows, columns=["study_id", "group"])
    groups = group_order(out["group"], by, order=order, studies=studies)
    rank = {g: i for i, g in enumerate(groups)}
    position = {s: i for i, s in enumerate(studies["study_id"])}
    return (
        out.assign(_g=out["group"].map(rank), _s=out["study_id"].map(position))
        .sort_values(["_g", "_s"])
        .drop(columns=["_g", "_s"])
        .reset_index(drop=True)
    )


def group_order(
    keys: Iterable[str], by: str, *, order: Iterable[str] | None = None, studies: pd.DataFrame | None = None
) -> list[str]:
    """The groups present in ``keys`` in their display order (see :func:`memberships`), MISSING last."""
    present = set(keys)
    _, allowed = ATTRIBUTES[_check(by)]
    if by == "study" and studies is not None:
        fixed = list(studies["study_id"])
    else:
        fixed = list(allowed or order or [])
    head = [g for g in fixed if g in present]
    tail = sorted(present - set(head) - {MISSING})
    return head + tail + ([MISSING] if MISSING in present else [])


def attribute_values(studies: pd.DataFrame, by: str) -> list[str]:
    """The values of attribute ``by`` the studies have, as groups (:func:`memberships`), in group order."""
    return list(dict.fromkeys(memberships(studies, by)["group"]))


def studies_with(studies: pd.DataFrame, by: str, value: str) -> list[str]:
    """The studies in the group ``value`` of attribute ``by`` (studies-table order; none for a value no study
    has)."""
    members = memberships(studies, by)
    return list(members.loc[members["group"] == value, "study_id"])


def group_sizes(members: pd.DataFrame) -> pd.Series:
    """n per group (studies in the group), in group order."""
    return members.groupby("group", sort=False)["study_id"].nunique()


def group_matrix(
    findings: pd.DataFrame,
    studies: pd.DataFrame,
    by: str,
    types: str | Iterable[str] = tuple(VALENCE),
    *,
    order: Iterable[str] | None = None,
    include_unreviewed: bool = False,
) -> pd.DataFrame:
    """Per theme, finding type and group: k studies of the group reporting the theme with that type, of n in
    the group.

    Long format, columns :data:`GROUP_COLUMNS`: ``share`` is k / n, ``study_ids``
    the k studies (studies-table order). Every group of every (theme, type)
    present in the findings has a row, zeros included, so a matrix built from
    it has no holes; rows are ordered by theme_id, then type (as given), then group.
    """
    types = [types] if isinstance(types, str) else list(types)
    members = memberships(studies, by, order=order)
    sizes = group_sizes(members)
    kept = distinct_findings(findings, types, include_unreviewed)
    unknown = sorted(set(kept["study_id"]) - set(studies["study_id"]))
    if unknown:
        raise ValueError(f"findings of study ids missing from the studies table: {', '.join(unknown)}")
    reported = kept[["theme_id", "finding_type", "study_id"]].drop_duplicates()
    hits = reported.merge(members, on="study_id")
    position = {s: i for i, s in enumerate(studies["study_id"])}
    by_cell = {
        key: sorted(g["study_id"], key=position.get)
        for key, g in hits.groupby(["theme_id", "finding_type", "group"])
    }
    rows = []
    for theme in sorted(set(reported["theme_id"])):
        for ftype in types:
            if not ((reported["theme_id"] == theme) & (reported["finding_type"] == ftype)).any():
                continue
            for group, n in sizes.items():
                ids = by_cell.get((theme, ftype, group), [])
                rows.append(
                    {
                        "theme_id": theme,
                        "finding_type": ftype,
                        "group": group,
                        "k": len(ids),
                        "n": int(n),
                        "share": len(ids) / n,
                        "study_ids": ids,
                    }
                )
    return pd.DataFrame(rows, columns=GROUP_COLUMNS).astype({"k": "int64", "n": "int64", "share": "float64"})


def share_grid(matrix: pd.DataFrame, finding_type: str, value: str = "share") -> pd.DataFrame:
    """Theme × group grid of one finding type from :func:`group_matrix` (``value``: share, k or n); groups in
    order."""
    part = matrix[matrix["finding_type"] == finding_type]
    groups = list(dict.fromkeys(part["group"]))
    grid = part.pivot(index="theme_id", columns="group", values=value).reindex(columns=groups)
    grid.columns.name = "group"
    return grid


def case_order(
    studies: pd.DataFrame, by: str = "outcome", *, order: Iterable[str] | None = None
) -> pd.DataFrame:
    """Cases sorted by an attribute for a case-ordered meta-matrix (Miles, Huberman & Saldaña): study_id,
    group.

    For ``outcome`` this runs from successful through mixed and poor to
    not_stated; a study in several groups (frameworks) is listed under its first.
    """
    members = memberships(studies, by, order=order)
    return members.drop_duplicates("study_id").reset_index(drop=True)


def meta_matrix(
    findings: pd.DataFrame,
    studies: pd.DataFrame,
    by: str = "outcome",
    types: str | Iterable[str] = ("barrier",),
    *,
    order: Iterable[str] | None = None,
    include_unreviewed: bool = False,
) -> pd.DataFrame:
    """Case-ordered meta-matrix: one row per study in :func:`case_order`, one column per theme with a finding
    of ``types``.

    Cells count the study's distinct findings of ``types`` on the theme. The
    index is study_id; the first column, ``group``, is the attribute value the
    rows are ordered by. Read down a column: does a barrier travel with the
    poorer outcomes?
    """
    cases = case_order(studies, by, order=order)
    kept = distinct_findings(findings, types, include_unreviewed)
    counts = (
        kept.groupby(["study_id", "theme_id"]).size().unstack(fill_value=0) if len(kept) else pd.DataFrame()
    )
    themes = sorted(counts.columns) if len(counts) else []
    grid = (
        counts.reindex(index=cases["study_id"], columns=themes, fill_value=0).astype("int64")
        if themes
        else pd.DataFrame(index=cases["study_id"])
    )
    grid.insert(0, "group", list(cases["group"]))
    grid.index = pd.Index(cases["study_id"], dtype="str", name="study_id")
    return grid


def outcome_contrast(
    matrix: pd.DataFrame, worse: Iterable[str] = ("poor",), better: Iterable[str] = ("successful", "mixed")
) -> pd.DataFrame:
    """From a :func:`group_matrix` by outcome: per (theme, type), the share of studies with a worse outcome
    reporting it vs a better one.

    Columns k_worse, n_worse, share_worse, k_better, n_better, share_better,
    difference (share_worse − share_better); only rows where both sides have
    studies, sorted by difference descending, then theme. A positive
    difference means the theme travels with the worse outcomes. Studies whose
    outcome is not_stated are on neither side.
    """
    worse, better = set(worse), set(better)
    rows = []
    for (theme, ftype), part in matrix.groupby(["theme_id", "finding_type"], sort=True):
        sides = {}
        for name, keys in (("worse", worse), ("better", better)):
            side = part[part["group"].isin(keys)]
            sides[name] = (int(side["k"].sum()), int(side["n"].sum()))
        if sides["worse"][1] and sides["better"][1]:
            (kw, nw), (kb, nb) = sides["worse"], sides["better"]
            rows.append(
                {
                    "theme_id": theme,
                    "finding_type": ftype,
                    "k_worse": kw,
                    "n_worse": nw,
                    "share_worse": kw / nw,
                    "k_better": kb,
                    "n_better": nb,
                    "share_better": kb / nb,
                    "difference": kw / nw - kb / nb,
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "theme_id",
            "finding_type",
            "k_worse",
            "n_worse",
            "share_worse",
            "k_better",
            "n_better",
            "share_better",
            "difference",
        ],
    )
    return out.sort_values(["difference", "theme_id"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
