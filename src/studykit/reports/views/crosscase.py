"""Cross-case comparison of enablers and barriers, by study or by groups of studies, through a chosen
framework lens.

Every section reads the same at 5 and at 500 studies: per-study figures while
the studies fit the page, group figures (k of n studies per group) beyond that
or when ``group_by`` asks for them; study lists collapse behind their count; the
quotes are grouped by theme, each theme collapsible and capped, every entry a
link to the finding in its study's profile.
"""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, evidence, groups
from .. import html, links, memos, plots
from ..report import Block, Report, Text
from . import grouping as grp
from . import lens as framework_lens
from .common import FILTER_FROM_ROWS, label_matrix, types_text
from .quotes import QUOTES_OPEN, QUOTES_PER_SECTION, capped, section, sections

MAX_THEME_ROWS = 30  # a figure shows at most this many themes (most reported first); the rest are stated
QUOTES_PER_THEME = (
    QUOTES_PER_SECTION  # a theme's quote table lists at most this many findings (one per study first)
)
TRACE_ROWS = 60  # rows of the traceability tables before the rest is stated
META_CASE_ROWS = 40  # cases listed per outcome in the meta-matrix before the rest is stated


def _findings(r: Report) -> pd.DataFrame:
    return compare.distinct_findings(r.corpus.findings, r.params["finding_types"])


def kept_themes(r: Report) -> list[str]:
    """Themes reported (with the chosen types) by at least ``min_studies`` studies (computed once per
    report)."""

    def compute():
        per_theme = _findings(r).groupby("theme_id")["study_id"].nunique()
        return sorted(per_theme[per_theme >= r.params["min_studies"]].index)

    return r.memo("kept_themes", compute)


def _theme_link(r: Report, theme_id: str, short: bool = False, prefix: str = "") -> str:
    """A theme's label, linking to its quotes further down this report (plain when the report has no quotes
    for it)."""
    label = prefix + r.theme(theme_id, short=short)
    return html.link(f"#{links.anchor('quotes', theme_id)}", label) if theme_id in kept_themes(r) else label


def title(r: Report) -> Text:
    heading = r.md("cross.title", level=1).data
    intro = r.md(
        "cross.intro",
        types=types_text(r, r.params["finding_types"]),
        min_studies=r.params["min_studies"],
        n_studies=len(r.corpus.studies),
    ).data
    return Text("\n\n".join([heading, intro, *grp.notes(r), r.md("report.abstract_caveat").data]))


# --- theme × study or theme × group ------------------------------------------------------------


def _top_themes(r: Report, themes: list[str], weight: pd.Series) -> tuple[list[str], list[str]]:
    """At most MAX_THEME_ROWS themes, those reported by most studies first kept, in theme order; and the
    rest."""
    if len(themes) <= MAX_THEME_ROWS:
        return themes, []
    ranked = sorted(themes, key=lambda t: (-weight.get(t, 0), t))
    kept = set(ranked[:MAX_THEME_ROWS])
    return [t for t in themes if t in kept], [t for t in themes if t not in kept]


def _rest_note(r: Report, rest: list[str]) -> list[Text]:
    return (
        [r.md("cross.rest_themes", n=len(rest), themes="; ".join(r.theme(t) for t in rest))] if rest else []
    )


def signed_figure(r: Report) -> plots.Figure:
    """Enablers +1 / barriers −1 per theme and study, themes filtered by ``min_studies`` (one column per
    study)."""
    signed = compare.signed_matrix(r.corpus.findings, r.corpus.studies)
    signed = signed.loc[[t for t in signed.index if t in kept_themes(r)]]
    fig = plots.heatmap(
        label_matrix(r, signed),
        title=r.t("cross.signed_title"),
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.signed_cbar"),
        signed=True,
    )
    return r.figure(fig, signed, "cross.signed_alt", "cross.signed_caption")


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
        themes, _ = _top_themes(r, list(share.index), part.groupby("theme_id")["k"].sum())
        out.append(
            grp.share_figure(
                r,
                share.loc[themes],
                k.loc[themes],
                n.loc[themes],
                rows=r.theme,
                columns=[labels[c] for c in share.columns],
                key="cross.group",
                type=r.finding_type(ftype).lower(),
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
    out += _rest_note(r, _top_themes(r, themes, _findings(r).groupby("theme_id")["study_id"].nunique())[1])
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
        shown.index = pd.Index([_theme_link(r, t) for t in matrix.index], name="theme")
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
        row = {"theme": _theme_link(r, theme), "finding_type": r.finding_type(ftype)}
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


def commonality_table(r: Report):
    """Themes ranked by the number of studies reporting them as a barrier; the headline sentence first; study
    lists collapse."""
    n = len(r.corpus.studies)
    common = compare.commonality(r.corpus.findings, n_studies=n)
    common = common[common["n_reporting"] >= r.params["min_studies"]]
    shown = pd.DataFrame(
        {
            "theme": [_theme_link(r, t) for t in common.index],
            "n_barrier": [grp.k_of_n(k, n) for k in common["n_barrier"]],
            "n_enabler": [grp.k_of_n(k, n) for k in common["n_enabler"]],
            "barrier_studies": [
                grp.study_list(r, s, theme=t, finding_type="barrier")
                for t, s in common["barrier_studies"].items()
            ],
            "enabler_studies": [
                grp.study_list(r, s, theme=t, finding_type="enabler")
                for t, s in common["enabler_studies"].items()
            ],
        }
    )
    theme_memos = memos.by_target(r, "theme")
    if any(t in theme_memos for t in common.index):  # the column only when a listed theme has a memo
        shown["memo"] = [memos.cell(r, theme_memos.get(t, [])) for t in common.index]
    out = Block()
    if len(common) and common["n_barrier"].iloc[0] > 0:
        top = common.index[0]
        out.append(
            r.md(
                "cross.top_barrier",
                theme=r.theme(top),
                k=common["n_barrier"].iloc[0],
                n=common["n_studies"].iloc[0],
            )
        )
    out.append(r.table(shown, "cross.commonality_caption", numeric=["n_barrier", "n_enabler"], n_studies=n))
    return out


def contradiction_table(r: Report):
    found = compare.contradictions(r.corpus.findings)
    if found.empty:
        return r.md("cross.no_contradictions")
    shown = pd.DataFrame(
        {
            "theme": [_theme_link(r, t) for t in found.index],
            "enabler_studies": [
                grp.study_list(r, s, theme=t, finding_type="enabler")
                for t, s in found["enabler_studies"].items()
            ],
            "barrier_studies": [
                grp.study_list(r, s, theme=t, finding_type="barrier")
                for t, s in found["barrier_studies"].items()
            ],
        }
    )
    return r.table(shown, "cross.contradictions_caption")


def cooccurrence_figure(r: Report) -> plots.Figure:
    co = compare.cooccurrence(r.corpus.findings, ("barrier",))
    keep = [t for t in co.index if co.at[t, t] >= r.params["min_studies"]]
    if len(keep) > MAX_THEME_ROWS:
        keep = sorted(sorted(keep, key=lambda t: (-co.at[t, t], t))[:MAX_THEME_ROWS])
    co = co.loc[keep, keep]
    shown = co.copy()
    shown.index = [r.theme(t, short=True) for t in co.index]
    shown.columns = [r.theme(t, short=True) for t in co.columns]
    fig = plots.heatmap(
        shown,
        title=r.t("cross.cooccurrence_title"),
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.cooccurrence_cbar"),
    )
    return r.figure(fig, co, "cross.cooccurrence_alt", "cross.cooccurrence_caption")


def lens(r: Report) -> Block:
    """The signed matrix re-projected onto the chosen framework, and its variables without evidence."""
    return Block(
        [
            r.md("cross.lens", level=2, framework=r.framework_name(r.params["framework"])),
            *framework_lens.matrix_block(r),
            framework_lens.gaps(r),
        ]
    )


# --- case-ordered meta-matrix ------------------------------------------------------------------


def _outcome_label(r: Report, rating: str) -> str:
    return grp.group_label(r, "outcome", rating)


def meta_matrix(r: Report) -> Block:
    """Cases ordered by their implementation outcome beside the barriers they report (Miles, Huberman &
    Saldaña).

    A figure of barrier themes × outcome (k / n studies), the barriers that
    travel with poorer outcomes, and the case list: per outcome, each study
    with its verdict and its barriers (links to the findings), collapsible.
    """
    studies, findings = r.corpus.studies, r.corpus.findings
    by_outcome = groups.group_matrix(findings, studies, "outcome", ("barrier",))
    out = Block([r.md("cross.meta_intro")])
    if by_outcome.empty:
        return Block([*out, r.md("cross.empty")])
    share = groups.share_grid(by_outcome, "barrier")
    k, n = groups.share_grid(by_outcome, "barrier", "k"), groups.share_grid(by_outcome, "barrier", "n")
    themes, rest = _top_themes(r, list(share.index), by_outcome.groupby("theme_id")["k"].sum())
    figure = grp.share_figure(
        r,
        share.loc[themes],
        k.loc[themes],
        n.loc[themes],
        rows=r.theme,
        columns=[f"{_outcome_label(r, o)} (n\u00a0=\u00a0{int(n[o].iloc[0])})" for o in share.columns],
        key="cross.meta",
    )
    out += [figure, r.caption(figure), *_rest_note(r, rest), _contrast(r, by_outcome), _case_list(r)]
    return out


def _contrast(r: Report, by_outcome: pd.DataFrame) -> Text:
    counts = r.corpus.studies["outcome_rating"].value_counts()
    worse, better = int(counts.get("poor", 0)), int(counts.get("successful", 0) + counts.get("mixed", 0))
    if not worse or not better:
        return r.md("cross.meta_one_side", poor=worse, better=better)
    contrast = groups.outcome_contrast(by_outcome)
    travelling = contrast[contrast["difference"] > 0].head(8)
    if travelling.empty:
        return r.md("cross.meta_no_contrast")
    items = "; ".join(
        r.t(
            "cross.meta_item",
            theme=r.theme(x.theme_id),
            k_worse=x.k_worse,
            n_worse=x.n_worse,
            k_better=x.k_better,
            n_better=x.n_better,
        )
        for x in travelling.itertuples()
    )
    return r.md("cross.meta_contrast", themes=items)


def _case_list(r: Report) -> html.Fragment:
    """Per outcome: the cases with their verdict and barriers, collapsible, at most META_CASE_ROWS each."""
    studies = r.corpus.studies.set_index("study_id")
    cases = groups.case_order(r.corpus.studies, "outcome")
    barriers = compare.distinct_findings(r.corpus.findings, "barrier")
    by_study = {s: part for s, part in barriers.groupby("study_id")}
    parts, texts = [], []
    for rating, members in cases.groupby("group", sort=False):
        ids = list(members["study_id"])
        rows = []
        for sid in ids[:META_CASE_ROWS]:
            own = by_study.get(sid, barriers.iloc[0:0])
            first = own.drop_duplicates("theme_id")  # a theme once, linked to the study's first barrier on it
            themes = [
                html.link(links.profile(r.notebook, sid, f.finding_id), r.theme(f.theme_id, short=True))
                for f in first.itertuples()
            ]
            quote = studies.at[sid, "outcome_quote"]
            rows.append(
                {
                    "study": grp.study_link(r, sid),
                    "verdict": quote if isinstance(quote, str) else r.t("none_stated"),
                    "barriers": html.join(themes) if themes else "—",
                }
            )
        shown = r.table(
            pd.DataFrame(rows, columns=["study", "verdict", "barriers"]),
            filterable=len(rows) > FILTER_FROM_ROWS,
        )
        more = (
            [f'<p class="studykit-more">{html.escape(r.t("list.more", n=len(ids) - META_CASE_ROWS))}</p>']
            if len(ids) > META_CASE_ROWS
            else []
        )
        summary = r.t("cross.meta_group", outcome=_outcome_label(r, rating), n=len(ids))
        parts.append(
            html.details(
                summary,
                shown._repr_html_() + "".join(more),
                open_=len(r.corpus.studies) <= 12,
                cls="studykit-section",
            )
        )
        texts.append(f"{summary}\n{shown!r}")
    return html.Fragment("".join(parts), "\n".join(texts))


# --- similarity --------------------------------------------------------------------------------


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
        shown, title=r.t("cross.similarity_title"), cbar_label=r.t("cross.similarity_cbar")
    )
    return r.figure(fig, sim, "cross.similarity_alt", "cross.similarity_caption", types=types_text(r, types))


def _signed_theme(r: Report, finding_type: str, theme_id: str) -> str:
    """'+ Theme' for an enabler, '− Theme' for a barrier, linked to the theme's quotes when the report has
    them."""
    return _theme_link(r, theme_id, short=True, prefix="+ " if finding_type == "enabler" else "− ")


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
        shown, title=r.t("cross.similarity_clusters_title"), cbar_label=r.t("cross.similarity_cbar")
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


# --- the evidence behind each cell ---------------------------------------------------------------


def quotes_by_theme(r: Report) -> html.Fragment:
    """Every quote behind the matrix, one collapsible section per theme (the target of the matrix's links).

    A section lists one finding per study first, then the study's further
    findings, at most QUOTES_PER_THEME rows; the rest are counted (each is in its
    study's profile). With groups, rows carry their group and are ordered by it.
    """
    g = grp.grouping(r)
    quotes = compare.quote_matrix(r.corpus.findings, r.params["finding_types"])
    quotes = quotes[quotes["theme_id"].isin(kept_themes(r))]
    group_of = (
        g.members.drop_duplicates("study_id").set_index("study_id")["group"] if not g.per_study else None
    )
    rank = {k: i for i, k in enumerate(g.groups)}
    position = {s: i for i, s in enumerate(r.corpus.studies["study_id"])}
    parts = []
    start_open = len(quotes) <= QUOTES_OPEN
    for theme, part in quotes.groupby("theme_id", sort=True):
        part = part.assign(
            _s=part["study_id"].map(position),
            _g=part["study_id"].map(group_of).map(rank) if group_of is not None else 0,
        )
        shown = capped(part, ["_g", "_s", "finding_id"], QUOTES_PER_THEME)
        rows = pd.DataFrame(
            {
                **(
                    {"group": [grp.group_label(r, g.by, group_of[s]) for s in shown["study_id"]]}
                    if group_of is not None
                    else {}
                ),
                "study": [grp.study_link(r, s) for s in shown["study_id"]],
                "finding_type": shown["finding_type"].map(r.finding_type),
                "quote": shown["quote"],
                "quote_en": shown["quote_en"],
                "finding_id": [
                    html.link(links.profile(r.notebook, s, f), f)
                    for s, f in zip(shown["study_id"], shown["finding_id"], strict=False)
                ],
            }
        )
        if rows["quote_en"].isna().all():
            rows = rows.drop(columns="quote_en")
        summary = r.t(
            "cross.quotes_summary",
            theme=r.theme(theme),
            n_findings=len(part),
            n_studies=part["study_id"].nunique(),
        )
        parts.append(section(r, summary, rows, len(part), links.anchor("quotes", theme), start_open))
    caption = r.t("cross.quotes_caption", types=types_text(r, r.params["finding_types"]))
    return sections(caption, parts)


def traceability(r: Report) -> Block:
    trace = evidence.recommendation_traceability(r.corpus.findings)
    summaries = r.corpus.findings.set_index("finding_id")[f"summary_{r.lang}"]
    shown = trace.head(TRACE_ROWS)
    rows = pd.DataFrame(
        {
            "study": [
                grp.study_link(r, s, finding_id=f)
                for s, f in zip(shown["study_id"], shown["finding_id"], strict=False)
            ],
            "finding_type": shown["finding_type"].map(r.finding_type),
            "summary": shown["finding_id"].map(summaries),
            "theme": shown["theme_id"].map(r.theme),
            "addressed_barriers": [
                html.join(html.link(links.profile(r.notebook, s, b), b) for b in ids) if ids else "—"
                for s, ids in zip(shown["study_id"], shown["barrier_ids"], strict=False)
            ],
        }
    )
    open_barriers = evidence.unaddressed_barriers(r.corpus.findings)
    gaps_shown = open_barriers.head(TRACE_ROWS)
    gaps = pd.DataFrame(
        {
            "study": [grp.study_link(r, s) for s in gaps_shown["study_id"]],
            "theme": gaps_shown["theme_id"].map(r.theme),
            "summary": gaps_shown["finding_id"].map(summaries),
            "finding_id": [
                html.link(links.profile(r.notebook, s, f), f)
                for s, f in zip(gaps_shown["study_id"], gaps_shown["finding_id"], strict=False)
            ],
        }
    )
    out = Block([r.table(rows, "cross.traceability_caption", filterable=len(rows) > FILTER_FROM_ROWS)])
    if len(trace) > TRACE_ROWS:
        out.append(r.md("cross.rows_more", shown=TRACE_ROWS, total=len(trace)))
    out += [
        r.md("cross.unaddressed", level=2),
        r.table(gaps, "cross.unaddressed_caption", filterable=len(gaps) > FILTER_FROM_ROWS),
    ]
    if len(open_barriers) > TRACE_ROWS:
        out.append(r.md("cross.rows_more", shown=TRACE_ROWS, total=len(open_barriers)))
    return out
