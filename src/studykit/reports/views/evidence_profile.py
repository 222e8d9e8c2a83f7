"""GRADE-CERQual evidence profile and summary of qualitative findings."""

from __future__ import annotations

import pandas as pd

from ...analysis.evidence import COMPONENTS, CONFIDENCE, cerqual_profile
from .. import i18n
from ..report import Report, Text
from . import grouping as grp
from .common import FILTER_FROM_ROWS, abstract_caveat


def title(r: Report) -> Text:
    return Text(
        "\n\n".join(
            [
                r.md("evidence.title", level=1).data,
                r.md("evidence.intro").data,
                *abstract_caveat(r),
            ]
        )
    )


NOT_JUDGED = (
    "not_judged"  # a component or confidence the reviewers have not judged (yet): shown, never an error
)


def _profile(r: Report) -> pd.DataFrame:
    """The evidence profile, unjudged cells as NOT_JUDGED, ordered by studies, then confidence (unjudged
    last)."""
    labels = {lang: {c: i18n.t(f"col.{c}", lang) for c in COMPONENTS} for lang in i18n.LANGS}
    profile = cerqual_profile(r.corpus, labels)  # explanations name components as the tables' headers do
    profile[[*COMPONENTS, "confidence"]] = (
        profile[[*COMPONENTS, "confidence"]]
        .astype(object)
        .where(profile[[*COMPONENTS, "confidence"]].notna(), NOT_JUDGED)
    )
    order = [*CONFIDENCE, NOT_JUDGED]
    return (
        profile.assign(_c=profile["confidence"].map(order.index))
        .sort_values(
            ["n_studies", "_c", "theme_id", "finding_type"],
            ascending=[False, True, True, False],
            kind="stable",
        )
        .drop(columns="_c")
    )


def _statement(r: Report, row) -> str:
    return r.t("evidence.finding_text", theme=r.theme(row.theme_id), type=r.a_finding_type(row.finding_type))


def _finding_and_studies(r: Report, p: pd.DataFrame) -> dict[str, list]:
    """The first two columns of both tables: the review finding, and its studies (a collapsible list)."""
    return {
        "review_finding": [_statement(r, row) for row in p.itertuples()],
        "studies": [
            grp.study_list(r, s, theme=row.theme_id, finding_type=row.finding_type)
            for s, row in zip(p["studies"], p.itertuples(), strict=False)
        ],
    }


def profile_table(r: Report):
    p = _profile(r)
    shown = pd.DataFrame(
        {
            **_finding_and_studies(r, p),
            "n_studies": p["n_studies"],
            "n_findings": p["n_findings"],
            "n_quotes": p["n_quotes"],
            "abstract_share": (p["abstract_share"] * 100).round().astype(int).astype(str) + " %",
            "adequacy_indicator": p["adequacy_indicator"].map(lambda c: r.t(f"concern.{c}")),
            **{c: p[c].map(lambda v: r.t(f"concern.{v}")) for c in COMPONENTS},
            "confidence": p["confidence"].map(lambda v: r.t(f"confidence.{v}")),
            "explanation": p[f"explanation_{r.lang}"],
        }
    )
    return r.table(
        shown,
        "evidence.profile_caption",
        filterable=len(shown) > FILTER_FROM_ROWS,
        numeric=["n_studies", "n_findings", "n_quotes"],
    )


def soqf_table(r: Report):
    p = _profile(r)
    shown = pd.DataFrame(
        {
            **_finding_and_studies(r, p),
            "confidence": p["confidence"].map(lambda v: r.t(f"confidence.{v}")),
            "explanation": p[f"explanation_{r.lang}"],
        }
    )
    return r.table(shown, "evidence.soqf_caption", filterable=len(shown) > FILTER_FROM_ROWS)
