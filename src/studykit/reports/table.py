"""The one table type of the reports: the data as given, HTML for readers, plain text (stable across kernels)
for nbval and text views.

A cell is escaped text unless it is a trusted fragment: a :class:`~.html.Linked` label, an
:class:`~.html.Html` fragment built by ``reports.html`` (whose data parts were escaped), or a
``markupsafe.Markup`` (whose ``format`` escapes every value it inserts). Text from data therefore
reaches the page as text.

One type, one markup, with no per-cell ids or classes, so a 500-study table stays small: it can be
sorted and filtered in the browser (``tables.js`` in ``render/templates/studykit/static/``), its cells
can link (``hrefs``) and its rows can be jumped to (``anchor``); numbers are written as readers of the
table's ``lang`` write them (:func:`~.i18n.number`: "1.000,5" in Bahasa Indonesia, "1,000.5" in English),
``precision`` shows floats to a fixed number of decimals (the truth table's ``1.00`` / ``1,00``), and they
sort by their value.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .html import cell, escape, text_of
from .i18n import number


class Table:
    """A report table: ``data`` is the table as given (links are :class:`~.html.Linked` strings equal to
    their text, so it compares with plain labels); ``caption`` is plain text.

    With ``index`` the index is shown as the first column, headed by the index name. ``hrefs`` (same
    index and columns as ``frame``, missing where a cell links nowhere) makes cells such as counts
    links while ``data`` keeps their values. ``numeric`` columns sort as numbers. With ``precision``,
    every float cell is shown with that many decimals. Numbers are written for readers of ``lang``.
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
        precision: int | None = None,
        lang: str = "en",
    ):
        self.data = frame
        self.hrefs = hrefs
        self.caption, self.index = caption, index
        self.sortable, self.filterable = sortable, filterable
        self.filter_label, self.anchor = filter_label, anchor
        self.numeric = set(numeric)
        self.precision = precision
        self.lang = lang
        self.label: str | None = None  # its name where no caption shows one (aria-label): a heading's text

    def _repr_html_(self) -> str:
        return self._html()

    def __repr__(self) -> str:
        shown = self._shown()
        plain = shown.map(lambda v: text_of(self._display(v))) if len(shown) else shown
        head = f"{self.caption}\n" if self.caption else ""
        return head + plain.to_string(index=False, max_colwidth=60)

    def _display(self, value):
        """``value`` as the reader sees it: a number in the table's language, a float to ``precision``
        decimals where one is set."""
        if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)
        ):
            return value
        if pd.isna(value):
            return value
        decimals = self.precision if isinstance(value, (float, np.floating)) else None
        return number(value, self.lang, decimals)

    def _shown(self) -> pd.DataFrame:
        return self.data.reset_index() if self.index else self.data

    def _html(self) -> str:
        shown = self._shown()
        attrs = ['class="studykit-table"']
        if self.sortable and len(shown) > 1:
            attrs.append("data-sortable")
        if self.filterable:
            attrs.append(f'data-filter="{escape(self.filter_label)}"')
        if self.anchor:
            attrs.append(f'id="{escape(self.anchor)}"')
        if self.label and not self.caption:
            attrs.append(f'aria-label="{escape(self.label)}"')
        number = ' data-sort-method="number"'
        head = "".join(f"<th{number if c in self.numeric else ''}>{escape(c)}</th>" for c in shown.columns)
        rows = "".join(
            "<tr>"
            + "".join(_td(v, h, self._display(v)) for v, h in zip(values, targets, strict=False))
            + "</tr>\n"
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


def _td(value, href: str | None, shown) -> str:
    """One cell: ``shown`` (``value`` as displayed), sorting by ``value`` where it is a number."""
    key = getattr(value, "sort_key", None)
    if key is None and isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value):
        key = value
    attr = f' data-sort="{escape(key)}"' if key is not None else ""
    content = cell(shown)
    return f'<td{attr}><a href="{escape(href)}">{content}</a></td>' if href else f"<td{attr}>{content}</td>"
