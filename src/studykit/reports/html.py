"""Compact HTML fragments for report cells and lists: escaped text, trusted links and collapsible lists.

Everything from data is escaped; only fragments built here (:class:`Linked`
text, :class:`Html` from :func:`details` and :func:`collapsed_list`, whose own
text is escaped) and ``markupsafe.Markup`` (whose ``format`` escapes what it
inserts) pass through unescaped. Tables are :class:`studykit.reports.table.Table`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd
from markupsafe import Markup

TAG = re.compile(r"<[^>]+>")


class Html(str):
    """A trusted HTML fragment: its data parts were escaped when it was built."""


class Linked(str):
    """Text that links somewhere: equal to its text (tables stay comparable with plain labels), shown as a
    link."""

    href: str = ""

    def __new__(cls, text: str, href: str, sort: object = None):
        out = super().__new__(cls, text)
        out.href = href
        out.sort_key = sort
        return out


def escape(value) -> str:
    return html.escape(str(value), quote=True)


def text_of(value) -> str:
    """The plain text a reader sees in a cell (tags dropped, entities decoded); '' for a missing value."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, Markup):
        return value.striptags()
    if isinstance(value, Html):
        return html.unescape(TAG.sub("", value.replace("<br>", " ").replace("</summary>", ": ")))
    return str(value)


def cell(value) -> str:
    """A cell's HTML: links and trusted fragments as they are, everything else escaped."""
    if isinstance(value, Linked):
        return f'<a href="{escape(value.href)}">{escape(str.__str__(value))}</a>'
    if isinstance(value, (Html, Markup)):
        return value
    return escape(text_of(value))


def sort_key(fragment, key) -> Html:
    """``fragment`` (text or HTML) that sorts by ``key`` in the browser, e.g. "3 / 8" by its share 0.375."""
    out = Html(cell(fragment))
    out.sort_key = key
    return out


def link(href: str, text: str) -> Linked:
    return Linked(text, href)


def join(parts: Iterable[str], sep: str = "; ") -> Html:
    """Fragments (escaped when plain) joined by ``sep``."""
    return Html(escape(sep).join(cell(p) for p in parts))


def details(summary: str, body: str, *, open_: bool = False, cls: str | None = None) -> Html:
    """A collapsible block: ``summary`` (plain text) always shown, ``body`` (HTML) on demand."""
    attrs = (f' class="{escape(cls)}"' if cls else "") + (" open" if open_ else "")
    return Html(f"<details{attrs}><summary>{escape(summary)}</summary>{body}</details>")


def collapsed_list(
    items: Sequence[str], summary: str, *, inline: int, total: int | None = None, more: str = ""
) -> Html:
    """Up to ``inline`` items shown as they are; more collapse behind ``summary`` ("24 of 40 studies").

    ``items`` are the entries written out; ``total`` (default: their number) is
    how many there are, the rest stated by ``more`` ("and 12 more …"), so a
    500-study list never bloats the page.
    """
    total = len(items) if total is None else total
    if not total:
        return Html("—")
    if total <= inline and len(items) == total:
        return join(items)
    rest = f' <span class="studykit-more">{escape(more)}</span>' if total > len(items) else ""
    return details(summary, f'<div class="studykit-list">{join(items)}{rest}</div>')


class Fragment:
    """A piece of HTML as a cell output, with its plain text for nbval and text views."""

    def __init__(self, markup: str, text: str):
        self.markup, self.text = markup, text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text
