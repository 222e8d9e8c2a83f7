"""Cross-case comparison of coded findings: pure functions over the corpus DataFrames.

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

import numpy as np
import pandas as pd

from ..corpus.schema import FINDING_TYPES

VALENCE = {"enabler": 1, "barrier": -1}
QUOTE_LANGS = ("both", "id", "en")
COMMONALITY_COLUMNS = [
    "n_barrier",
    "n_enabler",
    "n_reporting",
    "n_studies",
    "barrier_studies",
    "enabler_studies",
]
CONTRADICTION_COLUMNS = [
    "enabler_studies",
    "barrier_studies",
    "across_studies",
    "same_study",
    "same_study_ids",
]


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


def _study_ids(findings: pd.DataFrame, studies: pd.DataFrame | None) -> list[str]:
    """Every study of ``findings`` (sorted), or the ``studies`` table's ids in its order."""
    if studies is None:
        return sorted(set(findings["study_id"]))
    ids = list(studies["study_id"])
    unknown = sorted(set(findings["study_id"]) - set(ids))
    if unknown:
        raise ValueError(f"findings of study ids missing from the studies table: {', '.join(unknown)}")
    return ids


def _grid(cells: pd.Series, columns: list[str], all_themes: Iterable[str] | None) -> pd.DataFrame:
    """Theme × study int frame from a Series indexed by (theme_id, study_id); absent cells are 0."""
    present = sorted(set(cells.index.get_level_values(0)))
    rows = present if all_themes is None else list(all_themes)
    missing = sorted(set(present) - set(rows))
    if missing:
        raise ValueError(f"themes with findings are missing from all_themes: {', '.join(missing)}")
    grid = cells.unstack(fill_value=0) if len(cells) else pd.DataFrame()
    grid = grid.reindex(index=rows, columns=columns, fill_value=0).astype("int64")
    grid.index = pd.Index(rows, dtype="str", name="theme_id")
    grid.columns = pd.Index(columns, dtype="str", name="study_id")
    return grid


def theme_matrix(
    findings: pd.DataFrame,
    types: str | Iterable[str] | None = None,
    studies: pd.DataFrame | None = None,
    *,
    include_unreviewed: bool = False,
    all_themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Theme × study counts of distinct findings (of ``types``, default all types).

    Columns are every study of ``findings`` (sorted), or the ``studies`` table in
    its order; rows are the themes with at least one count in theme-id order,
    or exactly ``all_themes`` (zeros added) when given. A theme with findings
    that is not in ``all_themes`` raises ``ValueError`` rather than vanish.
    """
    kept = distinct_findings(findings, types, include_unreviewed)
    return _grid(kept.groupby(["theme_id", "study_id"]).size(), _study_ids(findings, studies), all_themes)


def signed_matrix(
    findings: pd.DataFrame,
    studies: pd.DataFrame | None = None,
    *,
    include_unreviewed: bool = False,
    all_themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Theme × study net valence: +1 per distinct enabler, −1 per distinct barrier.

    As in a CFIR construct rating, the sign says whether a theme helped or
    hindered in a study. A 0 in a row that is present means enablers and
    barriers balance; read it next to :func:`theme_matrix`. Rows are themes with
    at least one enabler or barrier; layout as in :func:`theme_matrix`.
    """
    kept = distinct_findings(findings, tuple(VALENCE), include_unreviewed)
    cells = (
        kept.assign(value=kept["finding_type"].map(VALENCE)).groupby(["theme_id", "study_id"])["value"].sum()
    )
    return _grid(cells, _study_ids(findings, studies), all_themes)


def quote_matrix(
    findings: pd.DataFrame,
    types: str | Iterable[str] | None = None,
    lang: str = "both",
    *,
    include_unreviewed: bool = False,
) -> pd.DataFrame:
    """The evidence behind each theme × study cell, one row per distinct finding.

    Columns: theme_id, study_id, finding_id, finding_type, then ``quote`` (the
    verbatim quote in the source's language, Bahasa Indonesia here) for
    ``lang`` "id" or "both", and ``quote_en`` (the source's own English
    parallel, NA when it has none) for "en" or "both". The rows of a cell are
    exactly the findings counted by :func:`theme_matrix`. Sorted by theme_id,
    study_id, finding_id.
    """
    if lang not in QUOTE_LANGS:
        raise ValueError(f"unknown lang {lang!r}; use one of {', '.join(QUOTE_LANGS)}")
    quotes = {"both": ["quote", "quote_en"], "id": ["quote"], "en": ["quote_en"]}[lang]
    kept = distinct_findings(findings, types, include_unreviewed)
    columns = ["theme_id", "study_id", "finding_id", "finding_type", *quotes]
    return kept[columns].sort_values(["theme_id", "study_id", "finding_id"]).reset_index(drop=True)


def quote_grid(quotes: pd.DataFrame, studies: pd.DataFrame | None = None, sep: str = "\n") -> pd.DataFrame:
    """Pivot :func:`quote_matrix` output into a theme × study grid of joined strings.

    Each entry reads ``finding_id (type): "quote" | en: "quote_en"``; entries of a
    cell are joined with ``sep`` in finding-id order; empty cells are "".
    """

    def entry(row) -> str:
        parts = [f'"{row["quote"]}"'] if "quote" in row else []
        if "quote_en" in row and pd.notna(row["quote_en"]):
            parts.append(f'en: "{row["quote_en"]}"')
        return f"{row['finding_id']} ({row['finding_type']}): " + (
            " | ".join(parts) or "(no English version)"
        )

    texts = quotes.apply(entry, axis=1) if len(quotes) else pd.Series([], dtype="str")
    cells = (
        texts.groupby([quotes["theme_id"], quotes["study_id"]]).agg(sep.join)
        if len(quotes)
        else pd.Series([], dtype="str")
    )
    rows = sorted(set(quotes["theme_id"]))
    columns = _study_ids(quotes, studies)
    grid = (cells.unstack(fill_value="") if len(cells) else pd.DataFrame()).reindex(
        index=rows, columns=columns, fill_value=""
    )
    grid.index = pd.Index(rows, dtype="str", name="theme_id")
    grid.columns = pd.Index(columns, dtype="str", name="study_id")
    return grid.astype("str")


def _valence_sets(findings: pd.DataFrame, include_unreviewed: bool) -> dict[str, dict[str, list[str]]]:
    """theme_id -> {"barrier": sorted study ids, "enabler": sorted study ids}."""
    kept = distinct_findings(findings, tuple(VALENCE), include_unreviewed)
    sets: dict[str, dict[str, list[str]]] = {}
    for (theme, ftype), group in kept.groupby(["theme_id", "finding_type"]):
        sets.setdefault(theme, {"barrier": [], "enabler": []})[ftype] = sorted(set(group["study_id"]))
    return dict(sorted(sets.items()))


def _frame(rows: list[dict], columns: list[str], index: str, ints: Sequence[str] = ()) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=[index, *columns]).astype({c: "int64" for c in ints})
    return out.set_index(pd.Index(out.pop(index), dtype="str", name=index))


def commonality(
    findings: pd.DataFrame, n_studies: int | None = None, *, include_unreviewed: bool = False
) -> pd.DataFrame:
    """How many studies report each theme as a barrier and as an enabler.

    One row per theme with at least one distinct barrier or enabler, indexed by
    theme_id: ``n_barrier`` / ``n_enabler`` (studies, not findings),
    ``n_reporting`` (studies with either), ``n_studies`` (the denominator:
    ``n_studies`` or the number of distinct studies in ``findings``) and the
    sorted study ids, so one can say "a barrier in 3 of 5 studies". Ranked by
    n_barrier descending, then theme_id.
    """
    total = findings["study_id"].nunique() if n_studies is None else int(n_studies)
    rows = [
        {
            "theme_id": theme,
            "n_barrier": len(s["barrier"]),
            "n_enabler": len(s["enabler"]),
            "n_reporting": len(set(s["barrier"]) | set(s["enabler"])),
            "n_studies": total,
            "barrier_studies": s["barrier"],
            "enabler_studies": s["enabler"],
        }
        for theme, s in _valence_sets(findings, include_unreviewed).items()
    ]
    if rows and max(r["n_reporting"] for r in rows) > total:
        raise ValueError(f"n_studies={total} is smaller than the number of studies reporting a theme")
    rows.sort(key=lambda r: (-r["n_barrier"], r["theme_id"]))
    return _frame(
        rows, COMMONALITY_COLUMNS, "theme_id", ints=("n_barrier", "n_enabler", "n_reporting", "n_studies")
    )


def contradictions(findings: pd.DataFrame, *, include_unreviewed: bool = False) -> pd.DataFrame:
    """Themes reported as an enabler somewhere and as a barrier somewhere.

    One row per such theme (theme-id order) with the study ids on each side;
    ``across_studies`` is True when an enabler study differs from a barrier
    study (a refutational contrast between cases), ``same_study`` flags a study
    that reports the theme both ways, listed in ``same_study_ids``.
    """
    rows = []
    for theme, s in _valence_sets(findings, include_unreviewed).items():
        enablers, barriers = s["enabler"], s["barrier"]
        if enablers and barriers:
            both = sorted(set(enablers) & set(barriers))
            across = any(e != b for e in enablers for b in barriers)
            rows.append(
                {
                    "theme_id": theme,
                    "enabler_studies": enablers,
                    "barrier_studies": barriers,
                    "across_studies": across,
                    "same_study": bool(both),
                    "same_study_ids": both,
                }
            )
    return _frame(rows, CONTRADICTION_COLUMNS, "theme_id").astype(
        {"across_studies": bool, "same_study": bool}
    )


def cooccurrence(
    findings: pd.DataFrame, types: str | Iterable[str] = ("barrier",), *, include_unreviewed: bool = False
) -> pd.DataFrame:
    """Symmetric theme × theme count of studies in which both themes occur (among ``types``).

    The diagonal is the number of studies with the theme. Counts are studies,
    not findings: two barriers of one study on a theme count once.
    """
    present = (theme_matrix(findings, types, include_unreviewed=include_unreviewed) > 0).astype("int64")
    values = present.to_numpy() @ present.to_numpy().T
    themes = pd.Index(present.index, dtype="str", name="theme_id")
    return pd.DataFrame(values, index=themes, columns=themes.copy(), dtype="int64")


def _links(
    crosswalk: pd.DataFrame, framework: str, frameworks: pd.DataFrame | None, strengths: str | Iterable[str]
) -> tuple[list[str], pd.DataFrame]:
    """The framework's variables (frameworks-table order, else sorted) and its theme → variable links."""
    known = frameworks["framework_id"] if frameworks is not None else crosswalk["framework_id"]
    allowed = sorted(set(known))
    if framework not in allowed:
        raise ValueError(f"unknown framework {framework!r}; use one of {', '.join(allowed)}")
    strengths = [strengths] if isinstance(strengths, str) else list(strengths)
    if not strengths or set(strengths) - {"direct", "partial"}:
        raise ValueError(f"strengths must be among 'direct', 'partial', got {strengths!r}")
    rows = crosswalk[crosswalk["framework_id"].eq(framework) & crosswalk["variable_id"].notna()]
    variables = sorted(set(rows["variable_id"]))
    if frameworks is not None:
        ordered = list(frameworks.loc[frameworks["framework_id"].eq(framework), "variable_id"])
        variables = ordered + [v for v in variables if v not in ordered]
    links = rows[rows["strength"].isin(strengths)][["theme_id", "variable_id"]].sort_values(
        ["variable_id", "theme_id"]
    )
    return variables, links


def framework_lens(
    matrix: pd.DataFrame,
    crosswalk: pd.DataFrame,
    framework: str,
    frameworks: pd.DataFrame | None = None,
    strengths: str | Iterable[str] = ("direct",),
) -> pd.DataFrame:
    """Re-project a theme × study matrix onto one framework's variables.

    A variable's value in a study is the sum of the values of the themes the
    crosswalk maps to it with one of ``strengths``. One theme can feed several
    variables (and several themes one variable), so the column sums are not
    those of ``matrix`` and must not be compared with them. Rows are all the
    framework's variables (zeros included): in the ``frameworks`` table's
    order if given, else sorted. Unknown framework: ``ValueError`` naming the
    allowed ids.
    """
    variables, links = _links(crosswalk, framework, frameworks, strengths)
    out = pd.DataFrame(
        np.zeros(
            (len(variables), matrix.shape[1]), dtype=matrix.to_numpy().dtype if matrix.size else "int64"
        ),
        index=pd.Index(variables, dtype="str", name="variable_id"),
        columns=matrix.columns,
    )
    for theme, variable in links.itertuples(index=False):
        if theme in matrix.index:
            out.loc[variable] += matrix.loc[theme].to_numpy()
    return out


def framework_gaps(
    matrix: pd.DataFrame,
    crosswalk: pd.DataFrame,
    framework: str,
    frameworks: pd.DataFrame | None = None,
    strengths: str | Iterable[str] = ("direct",),
) -> pd.DataFrame:
    """The framework's variables with no evidence: zero in every study of the lens.

    Pass a count matrix (:func:`theme_matrix`): in a signed matrix a cell whose
    enablers and barriers balance is 0. The lens is taken of ``|matrix|`` so
    that opposite signs of different themes do not cancel. Indexed by
    variable_id (lens order); ``label_en`` (NA without ``frameworks``) and
    ``themes``, the theme ids mapped to the variable with ``strengths`` (empty
    when none is).
    """
    variables, links = _links(crosswalk, framework, frameworks, strengths)
    lens = framework_lens(matrix.abs(), crosswalk, framework, frameworks, strengths)
    empty = [v for v in variables if not lens.loc[v].any()]
    labels = (
        dict(zip(frameworks["variable_id"], frameworks["label_en"], strict=False))
        if frameworks is not None
        else {}
    )
    rows = [
        {
            "variable_id": v,
            "label_en": labels.get(v, pd.NA),
            "themes": sorted(links.loc[links["variable_id"].eq(v), "theme_id"]),
        }
        for v in empty
    ]
    return _frame(rows, ["label_en", "themes"], "variable_id")


def jaccard_similarity(
    findings: pd.DataFrame,
    types: str | Iterable[str] = ("barrier", "enabler"),
    studies: pd.DataFrame | None = None,
    *,
    include_unreviewed: bool = False,
) -> pd.DataFrame:
    """Study × study Jaccard similarity |A ∩ B| / |A ∪ B| of (finding_type, theme_id) profiles.

    A study's profile is the set of (type, theme) pairs of its distinct
    findings of ``types``, so a barrier and an enabler on one theme differ.
    Symmetric, diagonal 1.0; a study with an empty profile has NaN similarity
    with every other study (Jaccard is undefined for an empty set). Studies as
    in :func:`theme_matrix`. Computed as one matrix product, so 500 studies take
    milliseconds.
    """
    kept = distinct_findings(findings, types, include_unreviewed)
    ids = _study_ids(findings, studies)
    pairs = sorted(set(zip(kept["finding_type"], kept["theme_id"], strict=False)))
    column = {p: i for i, p in enumerate(pairs)}
    row = {s: i for i, s in enumerate(ids)}
    present = np.zeros((len(ids), len(pairs)))
    for study, ftype, theme in kept[["study_id", "finding_type", "theme_id"]].itertuples(index=False):
        present[row[study], column[(ftype, theme)]] = 1.0
    inter = present @ present.T
    size = present.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(union > 0, inter / np.where(union > 0, union, 1), np.nan)
    empty = size == 0
    values[empty, :] = np.nan
    values[:, empty] = np.nan
    np.fill_diagonal(values, 1.0)
    index = pd.Index(ids, dtype="str", name="study_id")
    return pd.DataFrame(values, index=index, columns=index.copy())


def cluster_order(similarity: pd.DataFrame) -> list[str]:
    """Study ids ordered so that similar studies sit together: average-linkage clustering on the distance 1 −
    similarity.

    Leaves are in scipy's optimal order (adjacent leaves as similar as possible),
    which is deterministic for a given matrix. Studies whose similarity is
    undefined (empty profiles, NaN) come last, in their given order.
    """
    ids = list(similarity.index)
    defined = [s for s in ids if similarity.loc[s].drop(s).notna().all()] if len(ids) > 1 else ids
    rest = [s for s in ids if s not in defined]
    if len(defined) < 3:
        return defined + rest
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - similarity.loc[defined, defined].to_numpy(dtype=float)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)
    return [defined[i] for i in leaves_list(tree)] + rest


def similarity_clusters(similarity: pd.DataFrame, max_clusters: int) -> pd.Series:
    """Study id -> cluster 1..k (k ≤ ``max_clusters``): average-linkage clusters on 1 − similarity, numbered
    in :func:`cluster_order`.

    For corpora too large to show one row per study. Studies whose similarity
    is undefined (empty profiles) are cluster 0.
    """
    order = cluster_order(similarity)
    defined = [s for s in order if similarity.loc[s].drop(s).notna().all()] if len(order) > 1 else order
    out = pd.Series(
        0, index=pd.Index(list(similarity.index), dtype="str", name="study_id"), dtype="int64", name="cluster"
    )
    if len(defined) < 3:
        out[defined] = 1
        return out
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - similarity.loc[defined, defined].to_numpy(dtype=float)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(
        linkage(squareform(distance, checks=False), method="average"),
        t=max(1, max_clusters),
        criterion="maxclust",
    )
    raw = dict(zip(defined, labels, strict=False))
    renumber = {
        c: i + 1 for i, c in enumerate(dict.fromkeys(raw[s] for s in defined))
    }  # 1, 2, ... down the clustered order
    for study in defined:
        out[study] = renumber[raw[study]]
    return out


def cluster_similarity(similarity: pd.DataFrame, clusters: pd.Series) -> pd.DataFrame:
    """Cluster × cluster mean similarity of their studies (a cluster's diagonal: the mean over its distinct
    pairs; NaN for a single study)."""
    keys = sorted(set(clusters))
    out = pd.DataFrame(np.nan, index=pd.Index(keys, name="cluster"), columns=pd.Index(keys, name="cluster"))
    values = similarity.to_numpy(dtype=float)
    position = {s: i for i, s in enumerate(similarity.index)}
    members = {c: [position[s] for s in clusters.index[clusters == c]] for c in keys}
    for a in keys:
        for b in keys:
            block = values[np.ix_(members[a], members[b])]
            if a == b:
                block = block[~np.eye(len(members[a]), dtype=bool)]
            if block.size and not np.isnan(block).all():
                out.loc[a, b] = float(np.nanmean(block))
    return out


def cluster_profiles(
    findings: pd.DataFrame,
    clusters: pd.Series,
    types: Iterable[str],
    share: float = 0.5,
    *,
    include_unreviewed: bool = False,
) -> dict[int, list[tuple[str, str]]]:
    """Cluster -> the (finding_type, theme_id) pairs reported by at least ``share`` of its studies, most
    common first."""
    kept = distinct_findings(findings, types, include_unreviewed)
    pairs = kept[["study_id", "finding_type", "theme_id"]].drop_duplicates()
    pairs = pairs.assign(cluster=pairs["study_id"].map(clusters))
    sizes = clusters.value_counts()
    out = {}
    for c, part in pairs.groupby("cluster"):
        counts = part.groupby(["finding_type", "theme_id"]).size()
        common = counts[counts >= share * sizes[c]].sort_values(ascending=False, kind="stable")
        out[int(c)] = [(t, th) for t, th in common.index]
    return out
