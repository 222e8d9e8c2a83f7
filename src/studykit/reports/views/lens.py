"""Framework lens: the whole corpus seen through one implementation framework's variables, by study or by
groups of studies."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, groups
from ...corpus.schema import FINDING_TYPES
from .. import html, links, memos, plots
from ..report import Report, Text
from . import grouping as grp
from .common import abstract_caveat, label_matrix
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
    return Text("\n\n".join([*parts, *abstract_caveat(r)]))


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


def _valence(r: Report):
    """Enablers and barriers per theme and study, over every theme of the codebook."""
    return compare.valence_counts(r.corpus.findings, r.corpus.studies, all_themes=r.corpus.themes["theme_id"])


def matrix_figure(r: Report) -> plots.Figure:
    """The signed theme matrix re-projected onto the framework's variables (direct mappings), one column per
    study; each cell says what it adds up ("+1/−1" where both were reported, empty where nothing was)."""
    fid = r.params["framework"]
    name = r.framework_name(fid)
    enablers, barriers = (
        compare.framework_lens(m, r.corpus.crosswalk, fid, r.corpus.frameworks) for m in _valence(r)
    )
    projected = enablers - barriers
    labels = compare.signed_labels(enablers, barriers)
    fig = plots.heatmap(
        label_matrix(r, projected, rows="variable"),
        lang=r.lang,
        title=r.t("cross.lens_title", framework=name),
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.signed_cbar"),
        signed=True,
        annotations=labels,
    )
    return r.figure(fig, projected, "cross.lens_alt", "cross.lens_caption", labels=labels, framework=name)


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
                type=r.a_finding_type(ftype),
                framework=name,
                attribute=grp.attribute_name(r, g.by),
            )
        )
    return out


COUNTED = ("barrier", "enabler")  # what the lens counts: the factors that helped or hindered implementation


def _other_findings(r: Report) -> pd.DataFrame:
    """Distinct findings of the types the lens does not count (outcomes, efforts, ...) on themes mapped
    directly to the framework, one row per variable they reach."""
    types = [t for t in FINDING_TYPES if t not in COUNTED]
    f = compare.distinct_findings(r.corpus.findings, types)
    return f.merge(_direct_links(r)[["theme_id", "variable_id"]], on="theme_id")


def _uncounted(r: Report, variables=None) -> str:
    """ "RF-1 Compliance: 2 outcome (2 studies)"-style list of what the lens leaves out, "" when nothing."""
    other = _other_findings(r)
    order = list(_framework(r)["variable_id"])
    other = other.assign(_v=other["variable_id"].map(order.index)).sort_values(["_v", "finding_type"])
    if variables is not None:
        other = other[other["variable_id"].isin(variables)]
    parts = []
    for variable, part in other.groupby("variable_id", sort=False):
        kinds = ", ".join(
            f"{r.number(len(p))} {r.finding_type(t).lower()}" for t, p in part.groupby("finding_type")
        )
        studies = r.t("lens.n_studies", n=part["study_id"].nunique())
        parts.append(f"{variable} {r.variable(variable)}: {kinds} ({studies})")
    return "; ".join(parts)


def _no_evidence(r: Report) -> Text:
    """The empty state of the matrix: no barrier or enabler on any variable (:func:`gaps`, shown after it,
    names what else is coded there)."""
    return r.md("lens.empty", framework=r.framework_name(r.params["framework"]))


def matrix_block(r: Report) -> list:
    """The evidence by variable: per study (signed) while the studies fit the page, else by group, per
    type; a sentence instead of an empty figure when no study has a barrier or enabler on its variables."""
    if grp.grouping(r).per_study:
        figure = matrix_figure(r)
        if not (figure.labels != "").to_numpy().any():
            return [_no_evidence(r)]
        return [figure, r.caption(figure)]
    out = []
    for figure in group_figures(r):
        out += [figure, r.caption(figure)]
    return out or [_no_evidence(r)]


def gaps(r: Report) -> Text:
    """The framework's variables that no study gives a barrier or enabler for, and what else is coded
    there."""
    fid = r.params["framework"]
    name = r.framework_name(fid)
    # counts, not the signed matrix: a study whose barrier and enabler on one theme balance to 0 still gives
    # evidence
    counts = compare.theme_matrix(
        r.corpus.findings, COUNTED, r.corpus.studies, all_themes=r.corpus.themes["theme_id"]
    )
    gap_ids = list(compare.framework_gaps(counts, r.corpus.crosswalk, fid, r.corpus.frameworks).index)
    if not gap_ids:
        return r.md("cross.no_gaps", framework=name)
    text = r.md(
        "cross.gaps", framework=name, variables="; ".join(f"{v} {r.variable(v)}" for v in gap_ids)
    ).data
    other = _uncounted(r, gap_ids)
    return Text(text + (" " + r.md("lens.uncounted", findings=other).data if other else ""))


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
    if not parts:  # an intro over nothing reads as a broken page: say that there is nothing, and why
        empty = r.t("lens.no_quotes", framework=r.framework_name(r.params["framework"]))
        return html.Fragment(f"<p>{html.escape(empty)}</p>", empty)
    return sections(caption, parts)
