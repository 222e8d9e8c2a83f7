"""How alike the studies are: Jaccard similarity of their (finding type, theme) profiles, an order that puts
similar studies together, and clusters of studies for corpora too large to show one row per study."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .counting import distinct_findings, study_ids


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
    ids = study_ids(findings, studies)
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
