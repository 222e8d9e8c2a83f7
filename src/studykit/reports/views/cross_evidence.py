"""The evidence behind the cross-case matrix: every quote, one capped collapsible section per theme, and
the traceability of recommendations to the barriers they address (at most :data:`TRACE_ROWS` rows each)."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, evidence
from .. import html, links
from ..report import Block, Report
from . import grouping as grp
from .common import FILTER_FROM_ROWS, types_text
from .cross_themes import kept_themes
from .quotes import QUOTES_OPEN, QUOTES_PER_SECTION, capped, section, sections

QUOTES_PER_THEME = (
    QUOTES_PER_SECTION  # a theme's quote table lists at most this many findings (one per study first)
)
TRACE_ROWS = 60  # rows of the traceability tables before the rest is stated


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
