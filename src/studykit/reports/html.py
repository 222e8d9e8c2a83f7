"""Compact HTML for report tables and lists: escaped text, trusted links and collapsible lists, sortable and
filterable in the browser.

Everything from data is escaped; only fragments built here (:class:`Linked`
text, :class:`Html` from :func:`details` and :func:`collapsed_list`, whose own
text is escaped) pass through unescaped. A table marked sortable or filterable
is enhanced in the browser by the vendored tablesort library and a small filter
script (``render/templates/studykit/static/``); without JavaScript it is a
plain table. The HTML carries no per-cell ids or classes (pandas' Styler writes
both), so a 500-study table stays small.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd

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
    if isinstance(value, Html):
        return html.unescape(TAG.sub("", value.replace("<br>", " ").replace("</summary>", ": ")))
    return str(value)


def cell(value) -> str:
    """A cell's HTML: links and trusted fragments as they are, everything else escaped."""
    if isinstance(value, Linked):
        return f'<a href="{escape(value.href)}">{escape(str.__str__(value))}</a>'
    if isinstance(value, Html):
        return value
    return escape(text_of(value))


def sort_key(fragment, key) -> Html:
    """``fragment`` (text or HTML) that sorts by ``key`` in the browser, e.g. "3 / 8" by its share 0.375."""
    out = Html(cell(fragment))
    out.sort_key = key
    return out


def _td(value, href: str | None = None) -> str:
    key = getattr(value, "sort_key", None)
    if key is None and isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value):
        key = value
    attr = f' data-sort="{escape(key)}"' if key is not None else ""
    content = cell(value)
    return f'<td{attr}><a href="{escape(href)}">{content}</a></td>' if href else f"<td{attr}>{content}</td>"


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


class HtmlTable:
    """A table for a report cell output: compact HTML for readers, plain text (stable across kernels) for
    nbval and text views.

    ``data`` is the table as given (links are :class:`Linked` strings equal to
    their text, so the table compares with plain labels); with ``index`` the
    index is shown as the first column, headed by the index name. ``hrefs``
    (same index and columns as ``frame``, missing where a cell links nowhere)
    makes cells such as counts links while ``data`` keeps their values.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        caption: str | None = None,
        index: bool = False,
        sortable: bool = True,
        filterable: bool = False,
        filter_label: str = "",
        anchor: str | None = None,
        numeric: Iterable[str] = (),
        hrefs: pd.DataFrame | None = None,
    ):
        self.data = frame
        self.hrefs = hrefs
        self.caption, self.index = caption, index
        self.sortable, self.filterable = sortable, filterable
        self.filter_label, self.anchor = filter_label, anchor
        self.numeric = set(numeric)

    def _shown(self) -> pd.DataFrame:
        return self.data.reset_index() if self.index else self.data

    def _repr_html_(self) -> str:
        shown = self._shown()
        attrs = ['class="studykit-table"']
        if self.sortable and len(shown) > 1:
            attrs.append("data-sortable")
        if self.filterable:
            attrs.append(f'data-filter="{escape(self.filter_label)}"')
        if self.anchor:
            attrs.append(f'id="{escape(self.anchor)}"')
        number = ' data-sort-method="number"'
        head = "".join(f"<th{number if c in self.numeric else ''}>{escape(c)}</th>" for c in shown.columns)
        rows = "".join(
            "<tr>" + "".join(_td(v, h) for v, h in zip(values, targets, strict=False)) + "</tr>\n"
            for values, targets in zip(shown.itertuples(index=False), self._targets(shown), strict=False)
        )
        caption = f"<caption>{escape(self.caption)}</caption>" if self.caption else ""
        return (
            f"<table {' '.join(attrs)}>{caption}<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{rows}</tbody></table>"
        )

    def _targets(self, shown: pd.DataFrame) -> list[list[str | None]]:
        """Per shown row, the link of each shown cell (None: plain)."""
        if self.hrefs is None:
            return [[None] * shown.shape[1]] * len(shown)
        h = self.hrefs.reindex(index=self.data.index, columns=self.data.columns).astype(object)
        h = h.where(h.notna(), None)
        lead = [None] * (shown.shape[1] - h.shape[1])
        return [lead + list(row) for row in h.itertuples(index=False)]

    def __repr__(self) -> str:
        shown = self._shown()
        plain = shown.map(text_of) if len(shown) else shown
        head = f"{self.caption}\n" if self.caption else ""
        return head + plain.to_string(index=False, max_colwidth=60)
