"""Which cases resemble each other: a clustered study × study similarity heatmap while the studies fit the
page, else clusters of studies with the themes that mark them."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare
from .. import html, plots
from ..report import Block, Report
from . import grouping as grp
from .common import types_text
from .cross_themes import theme_link


def similarity(r: Report) -> Block:
    """Which cases resemble each other: a clustered study × study heatmap, or clusters of studies when there
    are too many."""
    types = [t for t in r.params["finding_types"] if t in ("barrier", "enabler")] or ["barrier", "enabler"]
    sim = compare.jaccard_similarity(r.corpus.findings, types, r.corpus.studies)
    if len(sim) <= grp.column_limit(r):
        figure = similarity_figure(r, sim, types)
        return Block([figure, r.caption(figure)])
    return _similarity_clusters(r, sim, types)


def similarity_figure(r: Report, sim: pd.DataFrame | None = None, types=None) -> plots.Figure:
    types = (
        types
        or [t for t in r.params["finding_types"] if t in ("barrier", "enabler")]
        or ["barrier", "enabler"]
    )
    sim = compare.jaccard_similarity(r.corpus.findings, types, r.corpus.studies) if sim is None else sim
    order = compare.cluster_order(sim)
    sim = sim.loc[order, order]
    shown = sim.copy()
    shown.index = [r.study(s) for s in sim.index]
    shown.columns = shown.index
    fig = plots.ordered_similarity(
        shown,
        title=r.t("cross.similarity_title"),
        cbar_label=r.t("cross.similarity_cbar"),
        lang=r.lang,
    )
    return r.figure(fig, sim, "cross.similarity_alt", "cross.similarity_caption", types=types_text(r, types))


def _signed_theme(r: Report, finding_type: str, theme_id: str) -> str:
    """'+ Theme' for an enabler, '− Theme' for a barrier, linked to the theme's quotes when the report has
    them."""
    return theme_link(r, theme_id, short=True, prefix="+ " if finding_type == "enabler" else "− ")


def _similarity_clusters(r: Report, sim: pd.DataFrame, types) -> Block:
    clusters = compare.similarity_clusters(sim, grp.column_limit(r) // 2)
    names = {
        c: r.t("cluster.label", k=c, n=int((clusters == c).sum()))
        if c
        else r.t("cluster.none", n=int((clusters == 0).sum()))
        for c in sorted(set(clusters))
    }
    mean = compare.cluster_similarity(sim, clusters)
    shown = mean.rename(index=names, columns=names)
    fig = plots.ordered_similarity(
        shown,
        title=r.t("cross.similarity_clusters_title"),
        cbar_label=r.t("cross.similarity_cbar"),
        lang=r.lang,
    )
    figure = r.figure(
        fig,
        mean,
        "cross.similarity_clusters_alt",
        "cross.similarity_clusters_caption",
        types=types_text(r, types),
    )
    profile = compare.cluster_profiles(r.corpus.findings, clusters, types)
    rows = []
    for c in sorted(set(clusters)):
        ids = [s for s in r.corpus.studies["study_id"] if clusters.get(s) == c]
        pairs = profile.get(c, [])
        rows.append(
            {
                "cluster": names[c],
                "studies": grp.study_list(r, ids),
                "profile": html.join(_signed_theme(r, ftype, t) for ftype, t in pairs) if pairs else "—",
            }
        )
    note = r.md("cross.similarity_clusters", n=len(sim), k=len([c for c in names if c]))
    return Block(
        [
            note,
            figure,
            r.caption(figure),
            r.table(pd.DataFrame(rows, columns=["cluster", "studies", "profile"]), "cross.clusters_caption"),
        ]
    )
