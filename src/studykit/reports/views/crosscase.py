"""Cross-case comparison of enablers and barriers, through a chosen framework lens."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare
from ...analysis import evidence
from .. import plots
from ..report import Block, Report, Text
from . import lens as framework_lens
from .common import label_matrix, study_labels, types_text


def _findings(r: Report) -> pd.DataFrame:
    return compare.distinct_findings(r.corpus.findings, r.params["finding_types"])


def kept_themes(r: Report) -> list[str]:
    """Themes reported (with the chosen types) by at least ``min_studies`` studies."""
    f = _findings(r)
    per_theme = f.groupby("theme_id")["study_id"].nunique()
    return sorted(per_theme[per_theme >= r.params["min_studies"]].index)


def title(r: Report) -> Text:
    heading = r.md("cross.title", level=1).data
    intro = r.md("cross.intro", types=types_text(r, r.params["finding_types"]), min_studies=r.params["min_studies"], n_studies=len(r.corpus.studies)).data
    return Text(f"{heading}\n\n{intro}\n\n{r.md('report.abstract_caveat').data}")


def signed_figure(r: Report) -> plots.Figure:
    """Enablers +1 / barriers −1 per theme and study, themes filtered by ``min_studies``."""
    signed = compare.signed_matrix(r.corpus.findings, r.corpus.studies)
    signed = signed.loc[[t for t in signed.index if t in kept_themes(r)]]
    fig = plots.heatmap(label_matrix(r, signed), title=r.t("cross.signed_title"), xlabel="", ylabel="", cbar_label=r.t("cross.signed_cbar"), signed=True)
    return r.figure(fig, signed, "cross.signed_alt", "cross.signed_caption")


def count_table(r: Report):
    """Distinct findings of the chosen types per theme and study, with a total column; themes by total."""
    matrix = compare.theme_matrix(r.corpus.findings, r.params["finding_types"], r.corpus.studies)
    matrix = matrix.loc[[t for t in matrix.index if t in kept_themes(r)]]
    matrix = matrix.assign(_total=matrix.sum(axis=1)).sort_values(["_total"], ascending=False, kind="stable").drop(columns="_total")
    shown = label_matrix(r, matrix)
    shown.index.name = "theme"
    return r.table(shown, "cross.counts_caption", index=True, types=types_text(r, r.params["finding_types"]))


def commonality_table(r: Report):
    """Themes ranked by the number of studies reporting them as a barrier; the headline sentence first."""
    common = compare.commonality(r.corpus.findings, n_studies=len(r.corpus.studies))
    common = common[common["n_reporting"] >= r.params["min_studies"]]
    table = pd.DataFrame({
        "theme": [r.theme(t) for t in common.index],
        "n_barrier": common["n_barrier"].astype(str) + " / " + common["n_studies"].astype(str),
        "n_enabler": common["n_enabler"].astype(str) + " / " + common["n_studies"].astype(str),
        "barrier_studies": [study_labels(r, s) for s in common["barrier_studies"]],
        "enabler_studies": [study_labels(r, s) for s in common["enabler_studies"]],
    })
    out = Block()
    if len(common) and common["n_barrier"].iloc[0] > 0:
        top = common.index[0]
        out.append(r.md("cross.top_barrier", theme=r.theme(top), k=common["n_barrier"].iloc[0], n=common["n_studies"].iloc[0]))
    out.append(r.table(table, "cross.commonality_caption", n_studies=len(r.corpus.studies)))
    return out


def contradiction_table(r: Report):
    found = compare.contradictions(r.corpus.findings)
    if found.empty:
        return r.md("cross.no_contradictions")
    table = pd.DataFrame({
        "theme": [r.theme(t) for t in found.index],
        "enabler_studies": [study_labels(r, s) for s in found["enabler_studies"]],
        "barrier_studies": [study_labels(r, s) for s in found["barrier_studies"]],
    })
    return r.table(table, "cross.contradictions_caption")


def cooccurrence_figure(r: Report) -> plots.Figure:
    co = compare.cooccurrence(r.corpus.findings, ("barrier",))
    keep = [t for t in co.index if co.at[t, t] >= r.params["min_studies"]]
    co = co.loc[keep, keep]
    shown = co.copy()
    shown.index = [r.theme(t, short=True) for t in co.index]
    shown.columns = [r.theme(t, short=True) for t in co.columns]
    fig = plots.heatmap(shown, title=r.t("cross.cooccurrence_title"), xlabel="", ylabel="", cbar_label=r.t("cross.cooccurrence_cbar"))
    return r.figure(fig, co, "cross.cooccurrence_alt", "cross.cooccurrence_caption")


def lens(r: Report) -> Block:
    """The signed matrix re-projected onto the chosen framework, and its variables without evidence."""
    figure = framework_lens.matrix_figure(r)
    return Block([r.md("cross.lens", level=2, framework=r.framework_name(r.params["framework"])), figure, r.caption(figure), framework_lens.gaps(r)])


def similarity_figure(r: Report) -> plots.Figure:
    types = [t for t in r.params["finding_types"] if t in ("barrier", "enabler")] or ["barrier", "enabler"]
    sim = compare.jaccard_similarity(r.corpus.findings, types, r.corpus.studies)
    order = compare.cluster_order(sim)
    sim = sim.loc[order, order]
    shown = sim.copy()
    shown.index = [r.study(s) for s in sim.index]
    shown.columns = shown.index
    fig = plots.ordered_similarity(shown, title=r.t("cross.similarity_title"), cbar_label=r.t("cross.similarity_cbar"))
    return r.figure(fig, sim, "cross.similarity_alt", "cross.similarity_caption", types=types_text(r, types))


def quote_table(r: Report):
    """Every quote behind the count matrix, one row per finding, themes in the order of the codebook."""
    quotes = compare.quote_matrix(r.corpus.findings, r.params["finding_types"])
    quotes = quotes[quotes["theme_id"].isin(kept_themes(r))]
    table = pd.DataFrame({
        "theme": quotes["theme_id"].map(r.theme),
        "study": quotes["study_id"].map(r.study),
        "finding_type": quotes["finding_type"].map(r.finding_type),
        "quote": quotes["quote"],
        "quote_en": quotes["quote_en"],
        "finding_id": quotes["finding_id"],
    })
    return r.table(table, "cross.quotes_caption", types=types_text(r, r.params["finding_types"]))


def traceability(r: Report) -> Block:
    trace = evidence.recommendation_traceability(r.corpus.findings)
    summaries = r.corpus.findings.set_index("finding_id")[f"summary_{r.lang}"]
    table = pd.DataFrame({
        "study": trace["study_id"].map(r.study),
        "finding_type": trace["finding_type"].map(r.finding_type),
        "summary": trace["finding_id"].map(summaries),
        "theme": trace["theme_id"].map(r.theme),
        "addressed_barriers": [", ".join(ids) or "—" for ids in trace["barrier_ids"]],
    })
    open_barriers = evidence.unaddressed_barriers(r.corpus.findings)
    gaps = pd.DataFrame({
        "study": open_barriers["study_id"].map(r.study),
        "theme": open_barriers["theme_id"].map(r.theme),
        "summary": open_barriers["finding_id"].map(summaries),
        "finding_id": open_barriers["finding_id"],
    })
    return Block([r.table(table, "cross.traceability_caption"), r.md("cross.unaddressed", level=2), r.table(gaps, "cross.unaddressed_caption")])
