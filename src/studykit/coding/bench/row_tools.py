"""Two tools of the list (:mod:`.rows` holds their logic): the toggle that shows or hides the rejected rows,
and the button that makes the words selected in the text the quote of a row, keeping its finding id.

The button names the row it changes: the row selected last (a click on a row, before or after selecting
the words); it is shown only while words are selected. The workbench passes ``done`` to redraw after a
tool has acted and to say what it did.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ...corpus.readable import readable
from .editor import classed
from .item import EmptySelection
from .session import Session
from .source_view import SourceView

# done(select, notes, level, spent): redraw with row ``select`` selected (None: as it is), say ``notes``
# (None: the status line stays as it is) in ``level``; ``spent``: the selection became a quote
Done = Callable[[str | None, list[str] | None, str, bool], None]


class RowTools:
    """The toggle and the button; see the module docstring."""

    def __init__(self, session: Session, view: SourceView, t: Callable[..., str], done: Done):
        self.session, self.view, self.t, self.done = session, view, t, done
        self.toggle = classed(
            w.Checkbox(value=session.show_rejected, indent=False, layout=w.Layout(width="auto")),
            "sk-show-rejected",
        )
        self.toggle.observe(lambda change: self._show_rejected(change["new"]), "value")
        self.button = classed(w.Button(button_style="info", layout=w.Layout(width="auto")), "sk-requote")
        self.button.on_click(lambda _: self._requote())
        self.row: str | None = view.selected or None  # the row the button would change
        view.observe(self._remember, "selected")
        view.observe(lambda _: self.offer(), "selection")
        self.offer()

    def _remember(self, change) -> None:
        if change["new"]:  # "" is the editor turned to a new finding: the row selected before stays the one
            self.row = change["new"]
            self.offer()

    def _target(self):
        """The row the selection would become the quote of, if it is still in the list."""
        if self.row is None or self.row not in {it.key for it in self.session.visible()}:
            return None
        return self.session.item(self.row)

    def offer(self) -> None:
        """Show the button while words are selected and a row is there to take them; name that row, and
        say how many rows are rejected beside the toggle."""
        self.toggle.description = self.t("workbench.show_rejected", n=self.session.rejected)
        it = self._target()
        if not self.view.selection or it is None:
            self.button.layout.display = "none"
            return
        self.button.description = self.t("workbench.requote", finding=self._name(it))
        self.button.layout.display = None

    def _name(self, it) -> str:
        return it.finding_id or f"{self.t('workbench.pending')} ({it.key})"

    def _show_rejected(self, shown: bool) -> None:
        """Show or hide the rejected rows. Hiding the row selected selects the nearest row kept in the text
        (after it, else before it), and says so: the selection never moves silently."""
        rows = self.session.visible()  # in text order, as the list shows them now
        at = next((i for i, it in enumerate(rows) if it.key == self.view.selected), None)
        self.session.show_rejected = bool(shown)
        if shown or at is None or rows[at].status != "rejected":
            return self.done(None, None, "info", False)
        after = next((it for it in rows[at + 1 :] if it.status != "rejected"), None)
        before = next((it for it in reversed(rows[:at]) if it.status != "rejected"), None)
        other = after or before
        where = "next" if after is not None else "previous" if before is not None else "none"
        name = self._name(rows[at])
        said = self.t(f"workbench.hidden_{where}", finding=name, other=other and self._name(other))
        self.done(other.key if other is not None else "", [said], "info", False)

    def _requote(self) -> None:
        sel, it = self.view.selection, self._target()
        if not sel or it is None:
            return self.done(None, [self.t("workbench.no_selection")], "error", False)
        try:
            made = self.session.requote(it.key, sel["start"], sel["end"])
        except EmptySelection:
            return self.done(None, [self.t("workbench.empty_selection")], "error", False)
        shown = readable(made.item.quote)
        notes = [self.t("workbench.requoted", finding=made.item.finding_id or made.item.key, quote=shown)]
        if made.moved:
            notes.append(self.t("workbench.snapped", quote=shown))
        if made.first_elsewhere:
            notes.append(self.t("workbench.first_elsewhere"))
        if made.item.values.get("quote_en"):  # the source's own English version: the coder's to match
            notes.append(self.t("workbench.quote_en_kept"))
        self.done(made.item.key, notes, "ok", True)
