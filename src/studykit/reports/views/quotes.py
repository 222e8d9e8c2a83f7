"""Quote sections: the quotes behind a matrix, one collapsible section per theme or variable.

A section lists at most :data:`QUOTES_PER_SECTION` findings, one per study first and then each
study's further findings; the rest are counted (every finding is in its study's profile). When a
report holds at most :data:`QUOTES_OPEN` quotes its sections start open, else closed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import html
from ..report import Report
from .common import FILTER_FROM_ROWS

QUOTES_PER_SECTION = 30  # findings a section lists before the rest is counted
QUOTES_OPEN = 60  # with at most this many quotes in a report, its quote sections start open


def capped(part: pd.DataFrame, order: Sequence[str], cap: int = QUOTES_PER_SECTION) -> pd.DataFrame:
    """At most ``cap`` rows of ``part``: each study's first finding, then its second, ...; shown in
    ``order``."""
    first = part.assign(_n=part.groupby("study_id").cumcount())
    return first.sort_values(["_n", *order]).head(cap).sort_values(list(order))


def section(
    r: Report, summary: str, body: pd.DataFrame, total: int, anchor: str, open_: bool
) -> tuple[str, str]:
    """One collapsible section (HTML) and its plain text: the table of ``body``, and how many of ``total`` it
    lists."""
    t = r.table(body, filterable=len(body) > FILTER_FROM_ROWS, anchor=anchor)
    t.caption = summary  # the table's name where a screen reader lists the tables (shown: the summary's)
    more = (
        f'<p class="studykit-more">{html.escape(r.t("cross.quotes_more", shown=len(body), total=total))}</p>'
        if total > len(body)
        else ""
    )
    return (
        html.details(summary, t._repr_html_() + more, open_=open_, cls="studykit-section"),
        repr(t),  # its caption, the summary, first
    )


def sections(caption: str, parts: Sequence[tuple[str, str]]) -> html.Fragment:
    """The sections under their caption, as one cell output."""
    return html.Fragment(
        f"<p><em>{html.escape(caption)}</em></p>" + "".join(h for h, _ in parts),
        "\n".join([caption, *(text for _, text in parts)]),
    )
