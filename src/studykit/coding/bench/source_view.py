"""The source view: the study's text with every finding highlighted, and the list of findings and
suggestions beside it, as the view's JavaScript (``_static/source_view.js``) reads them.

This module turns the session's rows into that data, in the coder's language; the widget only
assigns it. Nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ...corpus.readable import readable
from ..labels import cue_text, score
from .labels import TYPE_COLOURS
from .session import Session

STATIC = Path(__file__).parent / "_static"
FINDING_TYPES = tuple(TYPE_COLOURS)
TOP_CUES = 3  # the cues a row shows (the strongest first; all of them in its tooltip)


class SourceView(anywidget.AnyWidget):
    """The source text with highlights, and the list of findings and suggestions."""

    _esm = STATIC / "source_view.js"
    _css = STATIC / "source_view.css"
    text = traitlets.Unicode("").tag(sync=True)
    spans = traitlets.List([]).tag(sync=True)
    rows = traitlets.List([]).tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    selection = traitlets.Dict({}).tag(sync=True)
    colours = traitlets.Dict({}).tag(sync=True)
    labels = traitlets.Dict({}).tag(sync=True)


def rows_and_spans(
    session: Session, t: Callable[..., str], lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The list's rows and the text's highlights of every row the list shows, in text order (a quote not
    found in the text has a row but no highlight; rejected rows only when shown: :mod:`.rows`). A row decided
    on (reviewed or rejected) reads "coded" where a suggestion shows its score: a coder's decision is not a
    suggestion, and its score is not computed again (a reopened study has none); see ``coded_help``."""
    themes = dict(zip(session.themes["theme_id"], session.themes[f"short_{lang}"], strict=True))
    rows, spans = [], []
    for it in session.visible():
        label = f"{it.finding_id or t('workbench.pending')} · {t(f'type.{it.finding_type}')} · {it.theme_id}"
        if it.start is not None:
            spans.append(
                {
                    "key": it.key,
                    "start": it.start,
                    "end": it.end,
                    "type": it.finding_type,
                    "status": it.status,
                    "label": label,
                }
            )
        status = t(f"workbench.status.{it.status}")
        cues = [cue_text(cue, lang) for cue in it.cues]
        quote = readable(it.quote)  # as the reports show it: a word hyphenated at a line end whole
        scored = score(it.score, lang) if it.score is not None else ""
        memo = bool(it.finding_id) and session.has_memo(it.finding_id)
        rows.append(
            {
                "key": it.key,
                "id": f"{it.finding_id} ✎" if memo else it.finding_id or "—",  # ✎: it has a memo
                "memo": t("workbench.memo_sign") if memo else "",
                "status": it.status,
                "status_label": f"{status} · {t('workbench.summary_to_write')}"
                if it.summary_to_write
                else status,
                "to_write": it.summary_to_write,
                "type": it.finding_type,
                "type_label": t(f"type.{it.finding_type}"),
                "theme": f"{it.theme_id} {themes.get(it.theme_id, '')}",
                "secondary": t("workbench.second_row", theme=f"{second} {themes.get(second, '')}".strip())
                if (second := it.secondary_theme_id)
                else "",
                "score": t("workbench.coded") if it.status != "unreviewed" else scored,
                "score_help": coded_help(it, t, lang),
                "cues": ", ".join(cues),
                "cues_top": ", ".join(cues[:TOP_CUES]) + (" …" if len(cues) > TOP_CUES else ""),
                "quote": quote if len(quote) <= 160 else quote[:159] + "…",
                "quote_full": quote,
            }
        )
    return rows, spans


def coded_help(it, t: Callable[..., str], lang: str) -> str:
    """The score cell's tooltip: why a decided row shows "coded" (and the score it was suggested with)."""
    if it.status == "unreviewed":
        return ""
    said = t("workbench.coded_help")
    return (
        said if it.score is None else f"{said} {t('workbench.suggested_score', score=score(it.score, lang))}"
    )


def view_labels(t: Callable[..., str]) -> dict[str, Any]:
    """The view's own texts: type names, statuses, the key help and the list's column headings."""
    return {
        "types": {k: t(f"type.{k}") for k in FINDING_TYPES},
        "pending": t("workbench.status.unreviewed"),
        "rejected": t("workbench.status.rejected"),
        "help": t("workbench.help"),
        "source": t("workbench.source_text"),  # the names of the text and the list
        "list": t("workbench.findings"),
        "columns": [
            f"{t('workbench.col.id')} · {t('workbench.col.status')}",
            f"{t('workbench.type')} · {t('workbench.theme')}",
            t("workbench.col.score"),
            t("workbench.col.cues"),
            t("col.quote"),
        ],
    }
