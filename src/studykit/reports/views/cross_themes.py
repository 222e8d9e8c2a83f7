"""Which themes a cross-case report shows: those reported (with the chosen finding types) by at least
``min_studies`` studies; a figure at most :data:`MAX_THEME_ROWS` of them, the rest stated; each label a link
to the theme's quotes further down the report."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare
from ...corpus.themechanges import EMERGENT_MARK, emergent_ids, marked
from .. import html, links
from ..report import Report, Text

MAX_THEME_ROWS = 30  # a figure shows at most this many themes (most reported first); the rest are stated


def findings(r: Report) -> pd.DataFrame:
    """The distinct findings of the report's finding types."""
    return compare.distinct_findings(r.corpus.findings, r.params["finding_types"])


def kept_themes(r: Report) -> list[str]:
    """Themes reported (with the chosen types) by at least ``min_studies`` studies (computed once per
    report)."""

    def compute():
        per_theme = findings(r).groupby("theme_id")["study_id"].nunique()
        return sorted(per_theme[per_theme >= r.params["min_studies"]].index)

    return r.memo("kept_themes", compute)


def theme_label(r: Report, theme_id: str, short: bool = False) -> str:
    """A theme's label in a matrix, marked (:data:`EMERGENT_MARK`) when the theme is emergent."""
    emergent = r.memo("emergent_themes", lambda: emergent_ids(r.corpus.themes))
    return marked(r.theme(theme_id, short=short), theme_id, emergent)


def emergent_legend(r: Report) -> list[Text]:
    """The legend of the mark, when a theme the report's findings code to is emergent (else nothing: a
    codebook without emergent themes reads as before)."""
    emergent = r.memo("emergent_themes", lambda: emergent_ids(r.corpus.themes))
    shown = emergent & set(r.corpus.findings["theme_id"])
    return [r.md("codebook.emergent_legend", mark=EMERGENT_MARK)] if shown else []


def theme_link(r: Report, theme_id: str, short: bool = False, prefix: str = "") -> str:
    """A theme's label (marked when emergent), linking to its quotes further down this report (plain when
    the report has no quotes for it)."""
    label = prefix + theme_label(r, theme_id, short=short)
    return html.link(f"#{links.anchor('quotes', theme_id)}", label) if theme_id in kept_themes(r) else label


def top_themes(r: Report, themes: list[str], weight: pd.Series) -> tuple[list[str], list[str]]:
    """At most MAX_THEME_ROWS themes, those reported by most studies first kept, in theme order; and the
    rest."""
    if len(themes) <= MAX_THEME_ROWS:
        return themes, []
    ranked = sorted(themes, key=lambda t: (-weight.get(t, 0), t))
    kept = set(ranked[:MAX_THEME_ROWS])
    return [t for t in themes if t in kept], [t for t in themes if t not in kept]


def rest_note(r: Report, rest: list[str]) -> list[Text]:
    return (
        [r.md("cross.rest_themes", n=len(rest), themes="; ".join(theme_label(r, t) for t in rest))]
        if rest
        else []
    )
