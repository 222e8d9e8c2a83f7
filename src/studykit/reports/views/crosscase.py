"""Cross-case comparison of enablers and barriers, by study or by groups of studies, through a chosen
framework lens.

Every section reads the same at 5 and at 500 studies: per-study figures while
the studies fit the page, group figures (k of n studies per group) beyond that
or when ``group_by`` asks for them; study lists collapse behind their count; the
quotes are grouped by theme, each theme collapsible and capped, every entry a
link to the finding in its study's profile.

This module holds the headline matrix and the count table; the other sections of
the report live in ``cross_barriers``, ``meta_matrix``, ``similarity`` and
``cross_evidence`` (the themes they share in ``cross_themes``) and are named here
too, so the notebook reads every section as ``crosscase.<section>(r)``.
"""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, groups
from .. import links, plots
from ..report import Block, Report, Text
from . import grouping as grp
from . import lens as framework_lens
from .common import FILTER_FROM_ROWS, abstract_caveat, label_matrix, types_text
from .cross_barriers import commonality_table, contradiction_table, cooccurrence_figure, cooccurrence_table
from .cross_evidence import quotes_by_theme, traceability
from .cross_themes import (
    emergent_legend,
    findings,
    kept_themes,
    rest_note,
    theme_label,
    theme_link,
    top_themes,
)
from .meta_matrix import meta_matrix
from .similarity import similarity, similarity_figure

__all__ = [
    "title",
    "comparison_heading",
    "comparison",
    "signed_figure",
    "group_figures",
    "count_table",
    "commonality_table",
    "contradiction_table",
    "cooccurrence_figure",
    "cooccurrence_table",
    "lens",
    "meta_matrix",
    "similarity",
    "similarity_figure",
    "quotes_by_theme",
    "traceability",
    "kept_themes",
]


def title(r: Report) -> Text:
    heading = r.heading("cross.title").data
    intro = r.md(
        "cross.intro",
        types=types_text(r, r.params["finding_types"]),
        min_studies=r.params["min_studies"],
        n_studies=len(r.corpus.studies),
    ).data
    legend = [t.data for t in emergent_legend(r)]
    return Text("\n\n".join([heading, intro, *grp.notes(r), *abstract_caveat(r), *legend]))


# --- theme × study or theme × group ------------------------------------------------------------


def signed_figure(r: Report) -> plots.Figure:
    """Enablers +1 / barriers −1 per theme and study, themes filtered by ``min_studies`` (one column per
    study); each cell says what it adds up ("+1/−1" where both were reported, empty where nothing was)."""
    enablers, barriers = compare.valence_counts(r.corpus.findings, r.corpus.studies)
    kept = [t for t in enablers.index if t in kept_themes(r)]
    enablers, barriers = enablers.loc[kept], barriers.loc[kept]
    signed = enablers - barriers
    labels = compare.signed_labels(enablers, barriers)
    shown = label_matrix(r, signed)
    shown.index = [theme_label(r, t) for t in signed.index]
    fig = plots.heatmap(
        shown,
        lang=r.lang,
        title=r.t("cross.signed_title"),
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.signed_cbar"),
        signed=True,
        annotations=labels,
    )
    return r.figure(fig, signed, "cross.signed_alt", "cross.signed_caption", labels=labels)


def _compared_types(r: Report) -> list[str]:
    return [t for t in r.params["finding_types"] if t in compare.VALENCE] or list(r.params["finding_types"])


def group_figures(r: Report) -> list[plots.Figure]:
    """Per finding type: the share of studies in each group reporting each theme (cells "k / n")."""
    g = grp.grouping(r)
    labels = grp.column_labels(r, g)
    types = _compared_types(r)
    matrix = grp.group_matrix(r, types)
    matrix = matrix[matrix["theme_id"].isin(kept_themes(r))]
    out = []
    for ftype in types:
        part = matrix[matrix["finding_type"] == ftype]
        if part.empty:
            continue
        share = groups.share_grid(part, ftype).reindex(columns=g.groups).fillna(0.0)
        k, n = (
            groups.share_grid(part, ftype, "k").reindex(columns=g.groups),
            groups.share_grid(part, ftype, "n").reindex(columns=g.groups),
        )
        themes, _ = top_themes(r, list(share.index), part.groupby("theme_id")["k"].sum())
        out.append(
            grp.share_figure(
                r,
                share.loc[themes],
                k.loc[themes],
                n.loc[themes],
                rows=lambda t: theme_label(r, t),
                columns=[labels[c] for c in share.columns],
                keys=("cross.group_title", "cross.group_alt", "cross.group_caption"),
                type=r.a_finding_type(ftype),
                attribute=grp.attribute_name(r, g.by),
            )
        )
    return out


def comparison_heading(r: Report) -> Text:
    g = grp.grouping(r)
    return (
        r.md("cross.signed", level=2)
        if g.per_study
        else r.md("cross.signed_groups", level=2, attribute=grp.attribute_name(r, g.by))
    )


def comparison(r: Report) -> Block:
    """The headline matrix: signed per study while the studies fit the page, else theme × group shares per
    type."""
    g = grp.grouping(r)
    if g.per_study:
        figure = signed_figure(r)
        return Block([figure, r.caption(figure)])
    out = Block()
    for figure in group_figures(r):
        out += [figure, r.caption(figure)]
    themes = kept_themes(r)
    out += rest_note(r, top_themes(r, themes, findings(r).groupby("theme_id")["study_id"].nunique())[1])
    return out or Block([r.md("cross.empty")])


def count_table(r: Report):
    """Per study: distinct findings of the chosen types per theme and study (themes by total). Per group: k /
    n studies per theme, type and group."""
    g = grp.grouping(r)
    if g.per_study:
        matrix = compare.theme_matrix(r.corpus.findings, r.params["finding_types"], r.corpus.studies)
        matrix = matrix.loc[[t for t in matrix.index if t in kept_themes(r)]]
        matrix = (
            matrix.assign(_total=matrix.sum(axis=1))
            .sort_values(["_total"], ascending=False, kind="stable")
            .drop(columns="_total")
        )
        shown = label_matrix(r, matrix)
        shown.index = pd.Index([theme_link(r, t) for t in matrix.index], name="theme")
        hrefs = _count_links(r, matrix).set_axis(shown.index, axis=0).set_axis(shown.columns, axis=1)
        return r.table(
            shown,
            "cross.counts_caption",
            index=True,
            numeric=list(shown.columns),
            hrefs=hrefs,
            types=types_text(r, r.params["finding_types"]),
        )
    labels = grp.column_labels(r, g)
    matrix = grp.group_matrix(r, list(r.params["finding_types"]))
    matrix = matrix[matrix["theme_id"].isin(kept_themes(r))]
    rows, targets = [], []
    for (theme, ftype), part in matrix.groupby(["theme_id", "finding_type"], sort=False):
        row = {"theme": theme_link(r, theme), "finding_type": r.finding_type(ftype)}
        row.update({labels[x.group]: grp.k_of_n(x.k, x.n) for x in part.itertuples()})
        rows.append(row)
        targets.append(
            {labels[x.group]: f"#{links.anchor('quotes', theme)}" for x in part.itertuples() if x.k}
        )
    columns = ["theme", "finding_type", *[labels[k] for k in g.groups]]
    shown = pd.DataFrame(rows, columns=columns)
    return r.table(
        shown,
        "cross.group_counts_caption",
        filterable=len(shown) > FILTER_FROM_ROWS,
        numeric=[labels[k] for k in g.groups],
        hrefs=pd.DataFrame(targets, columns=columns, index=shown.index),
        attribute=grp.attribute_name(r, g.by),
    )


def _count_links(r: Report, matrix: pd.DataFrame) -> pd.DataFrame:
    """Theme × study: where a count is not zero, the study's first finding on the theme (of the compared
    types) in its profile."""
    first = grp.first_findings(r)

    def target(theme: str, study: str) -> str | None:
        ids = [first[(study, theme, ft)] for ft in r.params["finding_types"] if (study, theme, ft) in first]
        return links.profile(r.notebook, study, min(ids)) if matrix.at[theme, study] and ids else None

    return pd.DataFrame({s: [target(t, s) for t in matrix.index] for s in matrix.columns}, index=matrix.index)


def lens(r: Report) -> Block:
    """The signed matrix re-projected onto the chosen framework, and its variables without evidence."""
    return Block(
        [
            r.md("cross.lens", level=2, framework=r.framework_name(r.params["framework"])),
            *framework_lens.matrix_block(r),
            framework_lens.gaps(r),
        ]
    )
