"""The analysts' memos in a report: who wrote each, when, in which language, and its Markdown rendered safely.

A memo is shown as a small block: a byline (author, date, the language it is
written in, or "language not stated") and the text, rendered by
:func:`studykit.reports.markdown.to_html` (raw HTML escaped, only safe links, no
image fetched). A long memo collapses behind its byline. Each memo block has an
id (``memo-<level>-<target>``) so that the memo index can link to it.
"""

from __future__ import annotations

import pandas as pd

from . import html, links
from .markdown import to_html
from .report import Report

COLLAPSE_FROM = 400  # characters of Markdown: a longer memo collapses behind its byline
LANGUAGE_NAMES = ("en", "id")


def of(r: Report, level: str, target: str | None = None) -> pd.DataFrame:
    """The memos of one level (and one target), in index order."""
    m = r.corpus.memos
    m = m[m["level"] == level]
    return m if target is None else m[m["target"] == target]


def by_target(r: Report, level: str) -> dict[str, list]:
    """Memos of a level grouped by target id: what a table's rows look up."""
    out: dict[str, list] = {}
    for row in of(r, level).itertuples():
        out.setdefault(row.target, []).append(row)
    return out


def anchor(level: str, target: str) -> str:
    return links.anchor("memo", level, target) if target else links.anchor("memo", level)


def byline(r: Report, memo) -> str:
    """'Memo by A. Analyst, 2026-12-05, written in English' in the report's language."""
    language = (
        r.t(f"memo.language.{memo.language}")
        if memo.language in LANGUAGE_NAMES
        else r.t("memo.language_none")
    )
    return r.t("memo.byline", author=memo.author, date=memo.date, language=language)


def block(r: Report, memo, *, collapse: bool = True, with_anchor: bool = True) -> html.Html:
    """One memo as HTML: its byline and its rendered text, collapsed behind the byline when long."""
    lang = f' lang="{html.escape(memo.language)}"' if memo.language in LANGUAGE_NAMES else ""
    body = f'<div class="sk-memo-text"{lang}>{to_html(memo.text)}</div>'
    ident = f' id="{html.escape(anchor(memo.level, memo.target))}"' if with_anchor else ""
    by = byline(r, memo)
    if collapse and len(memo.text) >= COLLAPSE_FROM:
        inner = html.details(by, body, cls="sk-memo-more")
    else:
        inner = f'<p class="sk-memo-by"><em>{html.escape(by)}</em></p>{body}'
    return html.Html(f'<div class="sk-memo"{ident}>{inner}</div>')


def text(r: Report, memo) -> str:
    """The memo as plain text (nbval and text views compare this): byline and Markdown source."""
    return f"{byline(r, memo)}\n{memo.text}"


def cell(r: Report, memos: list, *, collapse: bool = True, with_anchor: bool = True) -> html.Html | str:
    """The memos of one table row (a theme, a finding) as one cell; '' when there are none."""
    if not memos:
        return ""
    return html.Html("".join(block(r, m, collapse=collapse, with_anchor=with_anchor) for m in memos))


def section(r: Report, memos: pd.DataFrame, heading_key: str | None = None) -> html.Fragment | None:
    """Memos shown one after another (a study's memos, the project memo); None when there are none."""
    if memos.empty:
        return None
    rows = list(memos.itertuples())
    head = f"<p><strong>{html.escape(r.t(heading_key))}</strong></p>" if heading_key else ""
    plain = [r.t(heading_key)] if heading_key else []
    return html.Fragment(
        head + "".join(block(r, m, collapse=False) for m in rows),
        "\n\n".join(plain + [text(r, m) for m in rows]),
    )
