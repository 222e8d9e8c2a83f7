"""Codebook report: every theme with its definition, coding rules, cue words, crosswalk, counts and anchor
quotes.

A thesis appendix or review protocol needs the codebook with evidence of its use.
The counts come from :mod:`studykit.analysis.codebook` (the Word codebook of
``studykit export --codebook`` reads the same functions). Each theme's study table
lists at most :data:`STUDIES_PER_THEME` studies (most findings first), so the report
stays readable at 500 studies.
"""

from __future__ import annotations

import pandas as pd

from ...analysis import codebook as cb
from ...analysis import compare
from ...corpus.codebook import FINDING_TYPE_INFO
from ...corpus.schema import FINDING_TYPES
from .. import html, links, memos
from ..codebook_history import change_lines
from ..report import Report, Text, escape
from . import grouping as grp
from .common import abstract_caveat

STUDIES_PER_THEME = 30  # rows of a theme's study table; the rest are counted


def _counts(r: Report) -> pd.DataFrame:
    return r.memo("codebook_counts", lambda: cb.counts_by_type(r.corpus.findings, r.corpus.theme_ids))


def changes(r: Report) -> str:
    """How the codebook changed while coding (themes ``added`` or emergent, ``merged:`` and ``retired:`` of
    themes.yaml, read once with the corpus): a sentence, then one line per change, dated ones in date order,
    each with the labels of the themes concerned, its date and why (the team's note, as written); empty when
    it never changed."""
    lines = change_lines(r.corpus, r.lang)
    if not lines:
        return ""
    return r.md("codebook.changes").data + "\n\n" + "\n".join(f"- {escape(line)}" for line in lines)


def title(r: Report) -> Text:
    heading = r.md("codebook.title", level=1).data
    intro = r.md(
        "codebook.intro",
        n_themes=len(r.corpus.themes),
        n_studies=len(r.corpus.studies),
        n_findings=len(compare.distinct_findings(r.corpus.findings)),
    ).data
    changed = changes(r)
    intro = f"{intro}\n\n{changed}" if changed else intro
    return Text("\n\n".join([heading, intro, *abstract_caveat(r)]))


def types_table(r: Report):
    """The six finding types with their definitions (from the one codebook home, studykit.corpus.codebook)."""
    shown = pd.DataFrame(
        {
            "finding_type": [r.finding_type(t) for t in FINDING_TYPES],
            "definition_type": [getattr(FINDING_TYPE_INFO[t], f"definition_{r.lang}") for t in FINDING_TYPES],
        }
    )
    return r.table(shown, "codebook.types_caption", sortable=False)


def overview_table(r: Report):
    """Theme × type counts and the studies reporting each theme; a theme links to its section below."""
    counts = _counts(r)
    n = len(r.corpus.studies)
    shown = pd.DataFrame(
        {
            "theme": [html.link(f"#{links.anchor('theme', t)}", f"{t} {r.theme(t)}") for t in counts.index],
            **{t: list(counts[t]) for t in FINDING_TYPES},
            "total": list(counts["total"]),
            "n_reporting": [html.sort_key(grp.k_of_n(k, n), k / n if n else 0) for k in counts["n_studies"]],
        }
    ).rename(columns={t: r.finding_type(t) for t in FINDING_TYPES})
    numeric = [r.finding_type(t) for t in FINDING_TYPES] + ["total", "n_reporting"]
    return r.table(shown, "codebook.overview_caption", numeric=numeric, n_studies=n)


def _rule(r: Report, theme: pd.Series, kind: str) -> str:
    value = theme.get(f"{kind}_{r.lang}")
    return value if isinstance(value, str) and value else r.t("codebook.rule_missing")


def _variables(r: Report, theme_id: str) -> str:
    rows = cb.mapped_variables(r.corpus.crosswalk, theme_id)
    if rows.empty:
        return r.t("codebook.no_variables")
    return "; ".join(
        f"{v} {r.variable(v)} ({r.t(f'codebook.strength.{s}')})"
        for v, s in zip(rows["variable_id"], rows["strength"], strict=False)
    )


def _by_type_text(r: Report, counts: pd.Series) -> str:
    return ", ".join(f"{r.finding_type(t)} {int(counts[t])}" for t in FINDING_TYPES if counts[t])


def _study_table(r: Report, theme_id: str) -> tuple[str, str]:
    """The studies reporting the theme: counts by type and the anchor quote; HTML and plain text."""
    by_study = cb.counts_by_study(r.corpus.findings, theme_id, r.corpus.study_ids)
    anchors = cb.anchor_quotes(r.corpus.findings, theme_id)
    types = [t for t in FINDING_TYPES if by_study[t].any()]
    listed = by_study.sort_values("total", ascending=False, kind="stable").head(STUDIES_PER_THEME)
    listed = listed.loc[[s for s in by_study.index if s in listed.index]]  # back in corpus order
    shown = pd.DataFrame(
        {
            "study": [grp.study_link(r, s) for s in listed.index],
            **{r.finding_type(t): list(listed[t]) for t in types},
            "total": list(listed["total"]),
            "anchor_quote": [anchors.at[s, "quote"] for s in listed.index],
            "finding_id": [
                html.link(
                    links.profile(r.notebook, s, anchors.at[s, "finding_id"]), anchors.at[s, "finding_id"]
                )
                for s in listed.index
            ],
        }
    )
    t = r.table(
        shown,
        "codebook.studies_caption",
        numeric=[r.finding_type(x) for x in types] + ["total"],
        theme=f"{theme_id} {r.theme(theme_id)}",
    )
    more = ""
    if len(by_study) > len(listed):
        note = r.t("codebook.studies_more", shown=len(listed), total=len(by_study))
        more = f'<p class="studykit-more">{html.escape(note)}</p>'
        return t._repr_html_() + more, f"{t!r}\n{note}"
    return t._repr_html_(), repr(t)


def _section(r: Report, theme: pd.Series, counts: pd.Series, theme_memos: dict) -> tuple[str, str]:
    tid = theme["theme_id"]
    n = len(r.corpus.studies)
    lines = [
        (r.t("codebook.definition"), theme[f"definition_{r.lang}"]),
        (r.t("codebook.include"), _rule(r, theme, "include")),
        (r.t("codebook.exclude"), _rule(r, theme, "exclude")),
        (r.t("codebook.cue_words"), ", ".join(theme["cue_words"])),
        (r.t("codebook.variables"), _variables(r, tid)),
    ]
    group = r.t(
        "codebook.group",
        group=r.t(f"codebook.group.{theme['group']}"),
        origin=r.t(f"codebook.origin.{theme['origin']}"),
    )
    if counts["total"]:
        summary = r.t(
            "codebook.counts",
            n_findings=int(counts["total"]),
            k=int(counts["n_studies"]),
            n=n,
            by_type=_by_type_text(r, counts),
        )
        table_html, table_text = _study_table(r, tid)
    else:
        summary, table_html, table_text = r.t("codebook.not_reported"), "", ""
    heading = f"{tid} {r.theme(tid)}"
    body = "".join(f"<p><strong>{html.escape(k)}:</strong> {html.escape(v)}</p>" for k, v in lines)
    memo_html = memos.cell(r, theme_memos.get(tid, []))
    markup = (
        f'<section class="sk-theme" id="{links.anchor("theme", tid)}"><h3>{html.escape(heading)}</h3>'
        f"<p><em>{html.escape(group)}</em></p>{body}<p>{html.escape(summary)}</p>{table_html}{memo_html}</section>"
    )
    plain = "\n".join(
        [
            heading,
            group,
            *(f"{k}: {v}" for k, v in lines),
            summary,
            table_text,
            *(memos.text(r, m) for m in theme_memos.get(tid, [])),
        ]
    )
    return markup, plain


def themes(r: Report) -> html.Fragment:
    """One section per theme, in codebook order."""
    counts = _counts(r)
    theme_memos = memos.by_target(r, "theme")
    parts = [
        _section(r, row, counts.loc[row["theme_id"]], theme_memos) for _, row in r.corpus.themes.iterrows()
    ]
    return html.Fragment("".join(m for m, _ in parts), "\n\n".join(p for _, p in parts))
