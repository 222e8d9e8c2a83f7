"""The case-ordered meta-matrix (Miles, Huberman & Saldaña): cases ordered by their implementation outcome
beside the barriers they report, at most :data:`META_CASE_ROWS` cases listed per outcome."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, groups
from .. import html, links
from ..report import Block, Report, Text
from . import grouping as grp
from .common import FILTER_FROM_ROWS
from .cross_themes import rest_note, theme_label, top_themes

META_CASE_ROWS = 40  # cases listed per outcome in the meta-matrix before the rest is stated


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
    themes, rest = top_themes(r, list(share.index), by_outcome.groupby("theme_id")["k"].sum())
    figure = grp.share_figure(
        r,
        share.loc[themes],
        k.loc[themes],
        n.loc[themes],
        rows=lambda t: theme_label(r, t),
        columns=[f"{_outcome_label(r, o)} (n\u00a0=\u00a0{int(n[o].iloc[0])})" for o in share.columns],
        keys=("cross.meta_title", "cross.meta_alt", "cross.meta_caption"),
    )
    out += [figure, r.caption(figure), *rest_note(r, rest), _contrast(r, by_outcome), _case_list(r)]
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
        shown.caption = summary  # the table's name (shown: the summary's)
        parts.append(
            html.details(
                summary,
                shown._repr_html_() + "".join(more),
                open_=len(r.corpus.studies) <= 12,
                cls="studykit-section",
            )
        )
        texts.append(repr(shown))  # its caption, the summary, first
    return html.Fragment("".join(parts), "\n".join(texts))
