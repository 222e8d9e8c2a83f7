"""The barriers across studies: themes ranked by how many studies report them, contradictions (a theme one
study reports as an enabler and another as a barrier), and which barriers are reported together."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, pairs
from .. import html, memos, plots
from ..report import Block, Report
from . import grouping as grp
from .cross_themes import MAX_THEME_ROWS, theme_link


def _study_lists(r: Report, studies: pd.Series, finding_type: str) -> list:
    """Per theme (``studies``' index), its studies as a collapsible list of links to their findings."""
    return [grp.study_list(r, s, theme=t, finding_type=finding_type) for t, s in studies.items()]


def commonality_table(r: Report):
    """Themes ranked by the number of studies reporting them as a barrier; the headline sentence first; study
    lists collapse."""
    n = len(r.corpus.studies)
    common = compare.commonality(r.corpus.findings, n_studies=n)
    common = common[common["n_reporting"] >= r.params["min_studies"]]
    shown = pd.DataFrame(
        {
            "theme": [theme_link(r, t) for t in common.index],
            "n_barrier": [grp.k_of_n(k, n) for k in common["n_barrier"]],
            "n_enabler": [grp.k_of_n(k, n) for k in common["n_enabler"]],
            "barrier_studies": _study_lists(r, common["barrier_studies"], "barrier"),
            "enabler_studies": _study_lists(r, common["enabler_studies"], "enabler"),
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
            "theme": [theme_link(r, t) for t in found.index],
            "enabler_studies": _study_lists(r, found["enabler_studies"], "enabler"),
            "barrier_studies": _study_lists(r, found["barrier_studies"], "barrier"),
        }
    )
    return r.table(shown, "cross.contradictions_caption")


# the co-occurrence table lists pairs (most studies first) while it writes at most MAX_PAIR_LINKS study links
# (~70 kB of a 500-study report: 20 pairs of 40 links) and at most MAX_PAIR_ROWS pairs: every pair of a small
# corpus, fewer as each pair lists more studies
MAX_PAIR_LINKS = 800
MAX_PAIR_ROWS = 100


def pairs_shown(n_studies: pd.Series) -> int:
    """How many of the pairs (their numbers of studies, most first) the table lists: within the budgets above,
    at least one."""
    links = n_studies.clip(upper=grp.LIST_CAP).cumsum()
    return max(1, min(MAX_PAIR_ROWS, int((links <= MAX_PAIR_LINKS).sum())))


def _cooccurrence(r: Report) -> pd.DataFrame:
    """The heatmap's theme × theme counts: barrier themes of at least ``min_studies`` studies, at most
    MAX_THEME_ROWS of them (the most reported)."""
    co = compare.cooccurrence(r.corpus.findings, ("barrier",))
    keep = [t for t in co.index if co.at[t, t] >= r.params["min_studies"]]
    if len(keep) > MAX_THEME_ROWS:
        keep = sorted(sorted(keep, key=lambda t: (-co.at[t, t], t))[:MAX_THEME_ROWS])
    return co.loc[keep, keep]


def cooccurrence_figure(r: Report) -> plots.Figure:
    co = _cooccurrence(r)
    shown = co.copy()
    shown.index = [r.theme(t, short=True) for t in co.index]
    shown.columns = [r.theme(t, short=True) for t in co.columns]
    fig = plots.heatmap(
        shown,
        lang=r.lang,
        title=r.t("cross.cooccurrence_title"),
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.cooccurrence_cbar"),
    )
    return r.figure(fig, co, "cross.cooccurrence_alt", "cross.cooccurrence_caption")


def cooccurrence_table(r: Report):
    """The numbers behind the heatmap as a table: each pair of its barrier themes reported by the same
    studies, how many and which (collapsible links to their profiles); at most MAX_PAIR_ROWS pairs."""
    found = pairs.cooccurring_pairs(
        r.corpus.findings, ("barrier",), r.corpus.studies, themes=list(_cooccurrence(r).index)
    )
    if found.empty:
        return r.md("cross.cooccurrence_none")
    shown, n = found.head(pairs_shown(found["n_studies"])), len(r.corpus.studies)
    rows = pd.DataFrame(
        {
            "theme_pair": [
                html.join([theme_link(r, a), theme_link(r, b)], " + ")
                for a, b in zip(shown["theme_a"], shown["theme_b"], strict=True)
            ],
            "n_both": [grp.k_of_n(k, n) for k in shown["n_studies"]],
            "studies": [grp.study_list(r, ids) for ids in shown["study_ids"]],  # to the profile: two themes
        }
    )
    out = r.table(rows, "cross.cooccurrence_table_caption", numeric=["n_both"])
    if len(found) > len(shown):
        return Block([out, r.md("cross.cooccurrence_rest", shown=len(shown), total=len(found))])
    return out
