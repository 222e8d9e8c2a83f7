"""The finding editor: type, themes and both summaries of the selected row, or of a new finding.

A finding without its summaries (a suggestion, a finding just made from a selection) gets its
quote as the *starting text* of both summaries, to rewrite into one sentence; a starting text
left unchanged is no summary, so the finding stays "summary to write" (a draft gap, see
:mod:`studykit.corpus.drafts`). A new finding from a selection starts from its own quote,
never from the summaries of the row selected before.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ...corpus.drafts import unwritten
from ...corpus.readable import readable
from ...corpus.themechanges import EMERGENT_MARK, emergent_ids, marked
from .item import Item
from .labels import TYPE_COLOURS
from .session import Session

SUMMARIES = ("summary_en", "summary_id")


def classed(widget, *names: str):
    for name in names:
        widget.add_class(name)
    return widget


class FindingEditor:
    """The editor's widgets and what they hold; the workbench decides when to apply them."""

    def __init__(self, session: Session, t: Callable[..., str], lang: str):
        self.session, self.t, self.lang = session, t, lang
        self.theme_options = theme_options = self._theme_options()
        self.legend = classed(w.HTML(self._legend()), "sk-legend")
        self.heading = w.HTML()
        self.type = classed(
            w.Dropdown(options=[(t(f"type.{k}"), k) for k in TYPE_COLOURS], description=t("workbench.type")),
            "sk-type",
        )
        self.theme = classed(w.Dropdown(options=theme_options, description=t("workbench.theme")), "sk-theme")
        # "" and not None for "not set": ipywidgets shows a None value as an empty box, not as its label
        self.secondary = classed(
            w.Dropdown(
                options=[(t("workbench.not_set"), ""), *theme_options],
                description=t("workbench.secondary_theme"),
            ),
            "sk-secondary",
        )
        for box, width in ((self.type, "15em"), (self.theme, "22em"), (self.secondary, "25em")):
            box.style.description_width = "initial"  # the whole label, in either language
            box.layout.width = width
        # their labels are widgets of their own: the label's text is also the box's title, its accessible name
        self.summary_en = classed(
            w.Textarea(layout=w.Layout(width="auto"), tooltip=t("workbench.summary_en")), "sk-summary-en"
        )
        self.summary_id = classed(
            w.Textarea(layout=w.Layout(width="auto"), tooltip=t("workbench.summary_id")), "sk-summary-id"
        )
        self.starting = classed(w.HTML(), "sk-starting")
        self.offered: dict[str, str | None] = dict.fromkeys(SUMMARIES)
        self.key: str | None = None  # the row whose values the editor shows; None: a new finding or nothing

    def rows(self) -> list[w.Widget]:
        labels = [w.HTML(html.escape(self.t(f"workbench.{name}"))) for name in SUMMARIES]
        summaries = w.GridBox(  # the labels in full (the longer one sets the column), the texts beside them
            [labels[0], self.summary_en, labels[1], self.summary_id],
            layout=w.Layout(grid_template_columns="max-content minmax(0, 1fr)", grid_gap="4px 8px"),
        )
        return [
            self.heading,
            w.HBox([self.type, self.theme, self.secondary], layout=w.Layout(flex_flow="row wrap")),
            *([self.legend] if self.legend.value else []),  # only where a theme is emergent
            self.starting,
            summaries,
        ]

    def _theme_options(self) -> list[tuple[str, str]]:
        themes = self.session.themes
        emergent = emergent_ids(themes)  # marked, so that a coder tells them from the framework's
        return [
            (marked(f"{tid} {short}", tid, emergent), tid)
            for tid, short in zip(themes["theme_id"], themes[f"short_{self.lang}"], strict=True)
        ]

    def _legend(self) -> str:
        emergent = emergent_ids(self.session.themes)
        legend = self.t("codebook.emergent_legend", mark=EMERGENT_MARK) if emergent else ""
        return f"<small>{html.escape(legend)}</small>" if legend else ""

    def themes_changed(self) -> None:
        """The codebook's themes as the session holds them now (Save reads them again): a theme added
        meanwhile is offered, one merged or retired is named as such for the row that still has it."""
        self.theme_options = self._theme_options()
        self.legend.value = self._legend()
        it = next((it for it in self.session.items if it.key == self.key), None)
        self._theme(self.theme, it.theme_id if it is not None else self.theme.value, [])
        second = (it.secondary_theme_id or "") if it is not None else self.secondary.value
        self._theme(self.secondary, second, [(self.t("workbench.not_set"), "")])

    def _summaries(self, values: dict[str, str], quote: str) -> None:
        """Show the summaries; an unwritten one shows the quote as its starting text."""
        start = readable(quote)  # a word hyphenated at a line end of the source whole
        for name in SUMMARIES:
            written = not unwritten(values.get(name))
            self.offered[name] = None if written else start
            getattr(self, name).value = values[name] if written else start
        offered = any(v is not None for v in self.offered.values())
        self.starting.value = (
            f"<small>{html.escape(self.t('workbench.starting_text'))}</small>" if offered else ""
        )

    def show(self, it: Item | None) -> None:
        """The row ``it`` (None: nothing selected)."""
        self.key = None if it is None else it.key
        if it is None:
            self.heading.value = html.escape(self.t("workbench.none_selected"))
            return
        name = it.finding_id or f"{self.t('workbench.pending')} ({it.key})"
        self.heading.value = f"<b>{html.escape(self.t('workbench.selected', finding=name))}</b>"
        self.type.value = it.finding_type
        self._theme(self.theme, it.theme_id, [])
        self._theme(self.secondary, it.secondary_theme_id or "", [(self.t("workbench.not_set"), "")])
        self._summaries({"summary_en": it.summary_en, "summary_id": it.summary_id}, it.quote)

    def fresh(self, quote: str) -> None:
        """A new finding from the selection ``quote``: type and themes as they are, summaries from scratch."""
        self.key = None
        self.heading.value = f"<b>{html.escape(self.t('workbench.new_from_selection'))}</b>"
        if self.theme.value not in dict(self.theme_options).values():  # a theme the codebook no longer has
            self._theme(self.theme, self.theme_options[0][1], [])
        self._theme(self.secondary, "", [(self.t("workbench.not_set"), "")])
        self._summaries(dict.fromkeys(SUMMARIES, ""), quote)

    def _theme(self, box: w.Dropdown, theme_id: str, first: list[tuple[str, str]]) -> None:
        """Show ``theme_id`` in ``box``; a theme the codebook no longer has (merged, retired or split, or
        unknown: a file written elsewhere, a codebook changed meanwhile) is offered as such, to choose another
        (a Dropdown refuses a value it does not list)."""
        gone: list[tuple[str, str]] = []
        if theme_id and theme_id not in dict(self.theme_options).values():
            merged, retired = self.session.codes.merged or {}, self.session.codes.retired or {}
            if theme_id in merged:
                said = self.t("workbench.theme_merged", theme=theme_id, into=merged[theme_id])
            elif theme_id in retired:
                parts = ", ".join(retired[theme_id]) or "—"
                said = self.t("workbench.theme_retired", theme=theme_id, into=parts)
            else:
                said = self.t("workbench.theme_unknown", theme=theme_id)
            gone = [(said, theme_id)]
        options = [*first, *gone, *self.theme_options]
        if [tuple(o) for o in box.options] != options:  # unchanged: not sent to the browser again
            box.options = options
        box.value = theme_id

    def summary(self, name: str, current: str) -> str:
        """What the analyst wrote in summary ``name``; ``current`` if the starting text was left as it was."""
        value = getattr(self, name).value
        return current if self.offered[name] is not None and value == self.offered[name] else value

    def changes(self, it: Item) -> dict[str, Any]:
        """The editor's values for ``it`` (a starting text left unchanged keeps its summary as it was)."""
        return {
            "finding_type": self.type.value,
            "theme_id": self.theme.value,
            "secondary_theme_id": self.secondary.value or None,
            **{name: self.summary(name, getattr(it, name)) for name in SUMMARIES},
        }
