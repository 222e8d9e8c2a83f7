"""Framework lens: the whole corpus seen through one implementation framework's variables, by study or by
groups of studies."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, groups
from .. import html, links, memos, plots
from ..report import Report, Text
from . import grouping as grp
from .common import label_matrix
from .quotes import QUOTES_OPEN, QUOTES_PER_SECTION, capped, section, sections

QUOTES_PER_VARIABLE = QUOTES_PER_SECTION  # findings listed per variable before the rest is counted


def _framework(r: Report) -> pd.DataFrame:
    fw = r.corpus.frameworks
    return fw[fw["framework_id"] == r.params["framework"]]


def _direct_links(r: Report) -> pd.DataFrame:
    cw = r.corpus.crosswalk
    return cw[(cw["framework_id"] == r.params["framework"]) & (cw["strength"] == "direct")]


def title(r: Report) -> Text:
    fid = r.params["framework"]
    name = r.framework_name(fid)
    parts = [
        r.md("lens.title", level=1, framework=name).data,
        r.md("lens.citation", citation=_citation(r)).data,
        *grp.notes(r),
    ]
    return Text("\n\n".join([*parts, r.md("report.abstract_caveat").data]))


def declared_studies(r: Report) -> html.Fragment:
    """The studies that declare the framework themselves, as links to their profiles (collapsed beyond a
    few)."""
    fid = r.params["framework"]
    declared = list(
        r.corpus.studies.loc[r.corpus.studies["frameworks_declared"].map(lambda fs: fid in fs), "study_id"]
    )
    intro = r.t("lens.declared", k=len(declared), n=len(r.corpus.studies))
    listed = grp.study_list(r, declared) if declared else r.t("none_declared")
    return html.Fragment(
        f"<p>{html.escape(intro)} {html.cell(listed)}</p>", f"{intro} {html.text_of(listed)}"
    )


def _citation(r: Report) -> str:
    return str(_framework(r)["framework_citation"].iloc[0])


def variables_table(r: Report):
    """Each variable with its definition and the themes mapped to it directly."""
    links_ = _direct_links(r)
    fw = _framework(r)
    shown = pd.DataFrame(
        {
            "variable_id": fw["variable_id"],
            "variable": fw[f"label_{r.lang}"],
            "definition": fw[f"definition_{r.lang}"],
            "themes": [
                ", ".join(
                    f"{t} {r.theme(t, short=True)}"
                    for t in sorted(links_.loc[links_["variable_id"] == v, "theme_id"])
                )
                or "—"
                for v in fw["variable_id"]
            ],
        }
    )
    theme_memos = memos.by_target(r, "theme")
    mapped = [sorted(links_.loc[links_["variable_id"] == v, "theme_id"]) for v in fw["variable_id"]]
    if any(t in theme_memos for themes in mapped for t in themes):  # only when a mapped theme has a memo
        shown["memo"] = [_theme_memos(r, themes, theme_memos) for themes in mapped]
    return r.table(shown, "lens.variables_caption", framework=r.framework_name(r.params["framework"]))


def _theme_memos(r: Report, themes: list[str], theme_memos: dict) -> html.Html | str:
    """The memos of the themes mapped to one variable, each under its theme's label (collapsed when long)."""
    parts = [
        f"<p>{html.escape(r.t('memo.theme_of', theme=f'{t} {r.theme(t, short=True)}'))}</p>"
        + memos.cell(r, theme_memos[t], with_anchor=False)  # a theme can sit under several variables
        for t in themes
        if t in theme_memos
    ]
    return html.Html("".join(parts)) if parts else ""


def _signed(r: Report):
    """Enablers +1 / barriers −1 per theme and study, over every theme of the codebook."""
    return compare.signed_matrix(r.corpus.findings, r.corpus.studies, all_themes=r.corpus.themes["theme_id"])


def matrix_figure(r: Report) -> plots.Figure:
    """The signed theme matrix re-projected onto the framework's variables (direct mappings), one column per
    study."""
    fid = r.params["framework"]
    name = r.framework_name(fid)
    projected = compare.framework_lens(_signed(r), r.corpus.crosswalk, fid, r.corpus.frameworks)
    fig = plots.heatmap(
        label_matrix(r, projected, rows="variable"),
        lang=r.lang,
        title=r.t("cross.lens_title", framework=name),
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.signed_cbar"),
        signed=True,
    )
    return r.figure(fig, projected, "cross.lens_alt", "cross.lens_caption", framework=name)


def _variable_findings(r: Report) -> pd.DataFrame:
    """Barrier and enabler findings re-labelled by the framework variable their theme maps to directly (one
    row per variable)."""
    f = compare.distinct_findings(r.corpus.findings, ("barrier", "enabler"))
    mapped = f.merge(_direct_links(r)[["theme_id", "variable_id"]], on="theme_id")
    return mapped.assign(theme_id=mapped["variable_id"])


def group_figures(r: Report) -> list[plots.Figure]:
    """Per type: the share of studies in each group with evidence on each variable (k / n)."""
    g = grp.grouping(r)
    labels = grp.column_labels(r, g)
    name = r.framework_name(r.params["framework"])
    matrix = grp.group_matrix(r, ["barrier", "enabler"], _variable_findings(r))
    variables = list(_framework(r)["variable_id"])
    out = []
    for ftype in ("barrier", "enabler"):
        part = matrix[matrix["finding_type"] == ftype]
        if part.empty:
            continue
        share = groups.share_grid(part, ftype).reindex(index=variables, columns=g.groups).fillna(0.0)
        k = (
            groups.share_grid(part, ftype, "k")
            .reindex(index=variables, columns=g.groups)
            .fillna(0)
            .astype(int)
        )
        n = pd.Series(g.sizes)[g.groups]
        out.append(
            grp.share_figure(
                r,
                share,
                k,
                pd.DataFrame([n.to_list()] * len(k), index=k.index, columns=k.columns),
                rows=r.variable,
                columns=[labels[c] for c in g.groups],
                keys=("lens.group_title", "lens.group_alt", "lens.group_caption"),
                type=r.finding_type(ftype).lower(),
                framework=name,
                attribute=grp.attribute_name(r, g.by),
            )
        )
    return out


def matrix_block(r: Report) -> list:
    """The evidence by variable: per study (signed) while the studies fit the page, else by group, per
    type."""
    if grp.grouping(r).per_study:
        figure = matrix_figure(r)
        return [figure, r.caption(figure)]
    out = []
    for figure in group_figures(r):
        out += [figure, r.caption(figure)]
    return out


def gaps(r: Report) -> Text:
    """The framework's variables that no study gives evidence for."""
    fid = r.params["framework"]
    name = r.framework_name(fid)
    # counts, not the signed matrix: a study whose barrier and enabler on one theme balance to 0 still gives
    # evidence
    counts = compare.theme_matrix(
        r.corpus.findings, ("barrier", "enabler"), r.corpus.studies, all_themes=r.corpus.themes["theme_id"]
    )
    gap_ids = list(compare.framework_gaps(counts, r.corpus.crosswalk, fid, r.corpus.frameworks).index)
    if not gap_ids:
        return r.md("cross.no_gaps", framework=name)
    return r.md("cross.gaps", framework=name, variables="; ".join(f"{v} {r.variable(v)}" for v in gap_ids))


def quotes_by_variable(r: Report) -> html.Fragment:
    """Barrier and enabler quotes under each variable their theme maps to directly: one collapsible section
    per variable."""
    links_ = _direct_links(r)[["theme_id", "variable_id"]]
    quotes = compare.quote_matrix(r.corpus.findings, ("barrier", "enabler"))
    rows = quotes.merge(links_, on="theme_id")
    position = {s: i for i, s in enumerate(r.corpus.studies["study_id"])}
    parts = []
    for variable in _framework(r)["variable_id"]:
        part = rows[rows["variable_id"] == variable]
        if part.empty:
            continue
        part = part.assign(_s=part["study_id"].map(position))
        shown = capped(part, ["_s", "finding_id"], QUOTES_PER_VARIABLE)
        body = pd.DataFrame(
            {
                "study": [grp.study_link(r, s) for s in shown["study_id"]],
                "finding_type": shown["finding_type"].map(r.finding_type),
                "theme": shown["theme_id"].map(lambda t: r.theme(t, short=True)),
                "quote": shown["quote"],
                "finding_id": [
                    html.link(links.profile(r.notebook, s, f), f)
                    for s, f in zip(shown["study_id"], shown["finding_id"], strict=False)
                ],
            }
        )
        summary = r.t(
            "cross.quotes_summary",
            theme=f"{variable} {r.variable(variable)}",
            n_findings=len(part),
            n_studies=part["study_id"].nunique(),
        )
        parts.append(
            section(r, summary, body, len(part), links.anchor("quotes", variable), len(rows) <= QUOTES_OPEN)
        )
    caption = r.t("lens.quotes_caption", framework=r.framework_name(r.params["framework"]))
    return sections(caption, parts)
