"""Parts of the agreement report (:mod:`.agreement`): its figures written the way the report's language
writes numbers, the studies left out (collapsed when many), the notes on copied study files and on themes
worded differently, and the study-level agreement on the implementation outcome rating."""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from ...analysis import agreement as ag
from ...analysis.agreement.merges import described
from ...analysis.agreement.output import digits, listed
from .. import html
from ..report import Block, Report

INLINE = 12  # studies named inline before the list collapses


def value(r: Report, v: float | None, ci: tuple[float, float] | None = None) -> html.Html | str:
    """A statistic with its interval, with decimals enough that 0.997 is never shown as 1.00; sorts by its
    value. Numbers as the report's readers write them (:func:`~studykit.reports.i18n.number`); the interval's
    bounds are parted by ``;`` where the decimal mark is a comma."""
    if v is None:
        return r.t("agreement.undefined")
    n = digits(v, ci, least=2)
    text = r.number(v, n)
    if ci is not None:
        sep = "; " if r.lang == "id" else ", "
        text += f" [{r.number(ci[0], n)}{sep}{r.number(ci[1], n)}]"
    return html.sort_key(text, v)


def percent(r: Report, share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f} %"


def left_out(r: Report, codings: ag.Codings) -> list[Any]:
    """The studies not compared, by why, each list collapsed past :data:`INLINE` studies."""
    out: list[Any] = []
    for key, ids in (
        ("only_a", codings.only_a),
        ("only_b", codings.only_b),
        ("draft_a", codings.drafts_a),
        ("draft_b", codings.drafts_b),
        ("identical", codings.identical if codings.identical != codings.studies else []),
        ("merged", codings.merged if codings.merged != codings.studies else []),
    ):
        if not ids:
            continue
        why = r.t(f"agreement.{key}")
        summary = r.t("agreement.left_out_summary", n=len(ids), why=why)
        body = html.collapsed_list(list(ids), summary, inline=INLINE)
        if len(ids) <= INLINE:  # written out: the why before them, as the collapsed list's summary says it
            body = f"{escape(summary)}: {body}"
        text = f"{summary}: {', '.join(ids)}"
        out.append(html.Fragment(f"<p>{escape(r.t('agreement.not_compared'))} {body}</p>", text))
    return out


def notes(r: Report, codings: ag.Codings) -> list[Any]:
    """A warning when study files are copies of A's, a note when the codebooks word themes differently."""
    out = []
    if codings.identical:
        key = (
            "agreement.identical_all" if codings.identical == codings.studies else "agreement.identical_note"
        )
        out.append(r.md(key, n=len(codings.identical)))
    if codings.merged:
        key = "agreement.merged_all" if codings.merged == codings.studies else "agreement.merged_note"
        out.append(r.md(key, n=len(codings.merged)))
    if codings.worded:
        out.append(r.md("agreement.worded", themes=", ".join(r.theme(t) for t in codings.worded)))
    for side, moved in described(getattr(codings, "recoded", {})).items():
        out.append(r.md("agreement.recoded", side=side.upper(), themes=moved))
    return out + how_coded(r, codings)


def how_coded(r: Report, codings: ag.Codings) -> list[Any]:
    """A warning for the studies a side rejected every finding of, and whether each side coded with the
    workbench's suggestions shown (the decision logs), with a note where both did."""
    out, rejected, suggested = [], getattr(codings, "all_rejected", {}), getattr(codings, "suggestions", {})
    for side in ("a", "b"):
        if ids := rejected.get(side):
            out.append(r.md("agreement.all_rejected", side=side.upper(), n=len(ids), studies=listed(ids)))
    if suggested and not any(suggested[s].get(k) for s in suggested for k in ("with", "without")):
        return [*out, r.md("agreement.shown_none")]
    sides = [
        r.t(
            "agreement.shown_side",
            side=side.upper(),
            **{"with_" if k == "with" else k: len(v) for k, v in shown.items()},
        )
        for side in ("a", "b")
        if (shown := suggested.get(side))
    ]
    if sides:
        out.append(r.md("agreement.shown", sides="; ".join(sides)))
    with_b = set((suggested.get("b") or {}).get("with", []))
    if both := [s for s in (suggested.get("a") or {}).get("with", []) if s in with_b]:
        out.append(r.md("agreement.shown_both", n=len(both), studies=listed(both)))
    return out


def outcome(r: Report, presence: ag.AgreementResult) -> Block:
    """Study-level agreement on the implementation outcome rating: the figures and the studies rated
    differently, each with both ratings."""
    o = presence.outcome
    if not o:
        return Block()
    stats = ("percent_agreement", "cohen_kappa")
    table = pd.DataFrame(
        {
            "statistic": [r.t(f"agreement.stat.{s}") for s in stats],
            "value": [value(r, o[s], (o.get("ci95") or {}).get(s)) for s in stats],
        }
    )
    out = Block(
        [
            r.md("agreement.outcome", level=2),
            r.table(table, "agreement.outcome_caption", sortable=False, n=o["studies"]),
        ]
    )
    if not o["differ"]:
        out.append(r.md("agreement.outcome_same"))
        return out
    rows = pd.DataFrame(
        {
            "study": [r.study(d["study_id"]) for d in o["differ"]],
            "coder_a": [r.t(f"outcome.{d['a']}") for d in o["differ"]],
            "coder_b": [r.t(f"outcome.{d['b']}") for d in o["differ"]],
        }
    )
    out.append(r.table(rows, "agreement.outcome_differ", n=len(o["differ"])))
    return out
