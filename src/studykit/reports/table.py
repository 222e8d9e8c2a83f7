"""The one table type of the reports: the data as given, HTML for readers, plain text (stable across kernels)
for nbval and text views.

A cell is escaped text unless it is a trusted fragment: a :class:`~.html.Linked` label, an
:class:`~.html.Html` fragment built by ``reports.html`` (whose data parts were escaped), or a
``markupsafe.Markup`` (whose ``format`` escapes every value it inserts). Text from data therefore
reaches the page as text, in either markup.

One type, two markups. The compact markup (the default) carries no per-cell ids or classes, so a
500-study table stays small; it can be sorted and filtered in the browser (``tables.js`` in
``render/templates/studykit/static/``), its cells can link (``hrefs``) and its rows can be jumped to
(``anchor``). The Styler markup (``styler_id``) is what pandas' Styler writes: an inline ``<style>``,
an id and class on every cell, floats to two decimals. The study profile, QCA and agreement reports
have always had it, and it is kept so that their HTML and the nbval baseline stay byte-identical;
moving a table to the compact markup is a baseline change (``make baseline``).
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable

import pandas as pd
from markupsafe import Markup

from .html import Html, Linked, cell, escape, text_of

STYLER_CSS = [  # the Styler markup's inline style: the rules report.css gives every studykit-table
    {
        "selector": "caption",
        "props": "caption-side: top; text-align: left; font-weight: bold; padding: 4px 0;",
    },
    {"selector": "th", "props": "text-align: left; vertical-align: top; background: #f3f4f6;"},
    {"selector": "td", "props": "text-align: left; vertical-align: top; max-width: 42em;"},
]


class Table:
    """A report table: ``data`` is the table as given (links are :class:`~.html.Linked` strings equal to
    their text, so it compares with plain labels); ``caption`` is plain text.

    With ``index`` the index is shown as the first column, headed by the index name. ``hrefs`` (same
    index and columns as ``frame``, missing where a cell links nowhere) makes cells such as counts
    links while ``data`` keeps their values. ``numeric`` columns sort as numbers. ``styler_id`` asks
    for the Styler markup (see the module docstring), which neither sorts, filters nor links cells.
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
        styler_id: str | None = None,
    ):
        self.data = frame
        self.hrefs = hrefs
        self.caption, self.index = caption, index
        self.sortable, self.filterable = sortable, filterable
        self.filter_label, self.anchor = filter_label, anchor
        self.numeric = set(numeric)
        self.styler_id = styler_id
        if styler_id is not None and (filterable or anchor or hrefs is not None or self.numeric):
            raise ValueError("filterable, anchor, hrefs and numeric need the compact markup (no styler_id)")

    def _repr_html_(self) -> str:
        return self.styler.to_html() if self.styler_id is not None else self._compact_html()

    def __repr__(self) -> str:
        if self.styler_id is not None:  # the form the Styler-marked reports' baseline holds: index shown
            plain = self.data.map(lambda v: text_of(v) if isinstance(v, (Html, Markup)) else v)
            return plain.to_string(max_colwidth=60)
        shown = self._shown()
        plain = shown.map(text_of) if len(shown) else shown
        head = f"{self.caption}\n" if self.caption else ""
        return head + plain.to_string(index=False, max_colwidth=60)

    # --- the compact markup -----------------------------------------------------------------------
    def _shown(self) -> pd.DataFrame:
        return self.data.reset_index() if self.index else self.data

    def _compact_html(self) -> str:
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

    # --- the Styler markup --------------------------------------------------------------------------
    @property
    def styler(self):
        """The pandas Styler that writes the Styler markup: cells and headers escaped, missing values empty,
        floats to two decimals, the caption on top."""
        if self.styler_id is None:
            raise AttributeError("a table in the compact markup has no Styler")
        styler = (
            _trusted_as_markup(self.data)
            .style.format(escape="html", na_rep="", precision=2)
            .format_index(escape="html", axis=0)
            .format_index(escape="html", axis=1)
        )
        if not self.index:
            styler = styler.hide(axis="index")
        if self.caption:
            styler = styler.set_caption(_html.escape(self.caption, quote=False))  # Styler writes it as is
        styler = styler.set_table_attributes('class="studykit-table"').set_table_styles(STYLER_CSS)
        return styler.set_uuid(self.styler_id)


def _td(value, href: str | None = None) -> str:
    key = getattr(value, "sort_key", None)
    if key is None and isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value):
        key = value
    attr = f' data-sort="{escape(key)}"' if key is not None else ""
    content = cell(value)
    return f'<td{attr}><a href="{escape(href)}">{content}</a></td>' if href else f"<td{attr}>{content}</td>"


def _trusted_as_markup(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its Linked and Html cells as Markup, which the Styler's escaping leaves as it is (it
    would escape them as text); the frame itself when it has none."""

    def convert(v):
        return Markup(cell(v)) if isinstance(v, (Html, Linked)) else v

    def has_trusted(values) -> bool:
        return any(isinstance(v, (Html, Linked)) for v in values)

    columns = [i for i in range(frame.shape[1]) if has_trusted(frame.iloc[:, i])]
    if not columns and not has_trusted(frame.index):
        return frame
    out = frame.copy()
    for i in columns:
        out.isetitem(i, out.iloc[:, i].map(convert))
    if has_trusted(frame.index):
        out.index = frame.index.map(convert)
    return out
