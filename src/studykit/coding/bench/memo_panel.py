"""The workbench's memos: the study's memo, the selected finding's and the memo of its theme, each a text box
over :class:`~.memo.SessionMemos`. What is typed goes into the session at once (it is unsaved work, as an
edit is); the workbench's Save writes it with the study file. Nothing is decided here."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from .editor import classed
from .item import Item
from .memo_conflicts import MemoConflicts, read_only
from .session import Session
from .status import StatusLine


class MemoPanel:
    """Three memo boxes and the memos in conflict after a Save (:mod:`.memo_conflicts`); ``changed()``:
    called when a finding's memo was edited or settled (its row's sign)."""

    def __init__(
        self, session: Session, t: Callable[..., str], changed: Callable[[], None], status: StatusLine
    ):
        self.session, self.t, self.changed, self.status = session, t, changed, status
        self.item: Item | None = None  # the row shown
        self.conflicts = MemoConflicts(session, t, self._settled)
        self.filling = False  # True while the boxes are set from the session: no edit
        self.targets: dict[str, str | None] = {"study": session.study_id, "finding": None, "theme": None}
        self.boxes, self.titles, self.reads = {}, {}, {}
        for level in self.targets:
            box = w.Textarea(rows=3, layout=w.Layout(width="auto"))
            self.boxes[level] = classed(box, f"sk-memo-{level}")
            self.titles[level] = classed(w.HTML(), f"sk-memo-{level}-title")
            self.reads[level] = classed(w.HTML(layout=w.Layout(display="none")), f"sk-memo-{level}-read")
            box.observe(lambda change, level=level: self._typed(level, change["new"]), "value")
        help_text = t("workbench.memos_help", coder=session.coder, language=session.lang)
        self.box = classed(
            w.VBox(
                [
                    w.HTML(f"<h3>{html.escape(t('workbench.memos'))}</h3>"),
                    w.HTML(f"<small>{html.escape(help_text)}</small>"),
                    *(x for lv in self.targets for x in (self.titles[lv], self.boxes[lv], self.reads[lv])),
                    self.conflicts.box,
                ]
            ),
            "sk-memos",
        )

    def _typed(self, level: str, text: str) -> None:
        target = self.targets[level]
        if self.filling or target is None or self.boxes[level].disabled:
            return
        had = level == "finding" and self.session.has_memo(target)
        self.session.set_memo(level, target, text)
        if level == "finding" and self.session.has_memo(target) != had:
            self.changed()  # the row's sign

    def show(self, item: Item | None) -> None:
        """The study's memo, and the memos of ``item`` (the selected row) and of its theme, as the session
        holds them now (unsaved text included)."""
        s, self.item = self.session, item
        editable = item is not None and s.memo_editable(item.finding_id)
        self.targets["finding"] = item.finding_id if item is not None and item.finding_id else None
        known = item is not None and item.theme_id in s.codes.theme_ids  # a memo on a theme the codebook has
        self.targets["theme"] = item.theme_id if known else None
        self.filling = True
        try:
            for level, target in self.targets.items():
                self._fill(level, target, editable or level != "finding", item)
        finally:
            self.filling = False

    def _settled(self, notes: list[str]) -> None:
        """A memo in conflict settled: the boxes show the text it has now, its row its sign."""
        self.show(self.item)
        self.changed()
        self.status.notes(notes, "ok")

    def _fill(self, level: str, target: str | None, editable: bool, item: Item | None) -> None:
        box, title = self.boxes[level], self.titles[level]
        self._read_only(level, None)
        if target is None:
            box.value, box.disabled = "", True
            title.value = html.escape(self.t(f"workbench.memo_{level}_none"))
            box.tooltip = self.t(
                f"workbench.memo_{level}_none"
            )  # the box's accessible name: its title's text
            return
        draft = self.session.memo(level, target)
        box.value = draft.body
        box.disabled = draft.problem is not None or not editable
        if draft.problem is not None:
            said = self.t("workbench.memo_unreadable", problem=draft.problem.text(self.session.lang))
        elif level == "finding" and not editable and draft.body.strip():  # kept: read here, not edited
            file = self.session.shown if draft.in_field else draft.shown
            state = "rejected" if item is not None and item.status == "rejected" else "undecided"
            said = self.t(f"workbench.memo_finding_read_{state}", finding=target, file=file)
            self._read_only(level, draft.body)
        elif level == "finding" and not editable:
            said = self.t("workbench.memo_finding_none")
        elif draft.in_field:
            said = self.t("workbench.memo_finding_field", finding=target, file=self.session.shown)
        else:
            said = self.t(
                f"workbench.memo_{level}", study=target, finding=target, theme=target, file=draft.shown
            )
            if draft.field_body.strip() and draft.opened_hash is not None:
                said += " " + self.t("workbench.memo_both")
        title.value = f"<b>{html.escape(said)}</b>"
        box.tooltip = said

    def _read_only(self, level: str, text: str | None) -> None:
        """Show ``text`` as the memo of ``level``, read only, in place of its box (None: the box again)."""
        read, box = self.reads[level], self.boxes[level]
        box.layout.display = "none" if text is not None else None
        read.layout.display = None if text is not None else "none"
        read.value = read_only(text) if text is not None else ""
