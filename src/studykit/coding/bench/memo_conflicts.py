"""Memo conflicts in the workbench: a memo whose file changed on disk since it was shown is not overwritten
by Save (:meth:`~.memo.SessionMemos.conflicted_memos`). Instead of only *Reload from disk* (which drops all
unsaved work), each such memo is shown here with the file's text now beside the text typed, and the coder
keeps theirs (Save then writes it over the file) or takes the file's
(:meth:`~.memo.SessionMemos.resolve_memo`). The study file's own conflict is not settled here: Reload stays
the way for it."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from .editor import classed
from .memo import MemoDraft
from .session import Session

# a memo shown read only: its lines as written, in a box of its own that scrolls (a disabled text box can
# be neither scrolled nor selected in a browser)
READ_STYLE = (
    "white-space: pre-wrap; max-height: 12em; overflow: auto; border: 1px solid #d1d5db; padding: 4px 6px;"
    " background: #f9fafb; user-select: text"
)


def read_only(text: str) -> str:
    """``text`` as HTML, read only, as written (escaped)."""
    return f'<div style="{READ_STYLE}">{html.escape(text)}</div>'


class MemoConflicts:
    """The memos in conflict (``box``); ``done(notes)``: after a choice, with what to say."""

    def __init__(self, session: Session, t: Callable[..., str], done: Callable[[list[str]], None]):
        self.session, self.t, self.done = session, t, done
        self.box = classed(w.VBox(), "sk-memo-conflicts")
        self.entries: dict[tuple[str, str], w.VBox] = {}

    def offer(self) -> None:
        """One entry per memo of the session in conflict now (none: the box is empty)."""
        self.entries = {(d.level, d.target): self._entry(d) for d in self.session.conflicted_memos()}
        self.box.children = tuple(self.entries.values())

    def _entry(self, draft: MemoDraft) -> w.VBox:
        now = self.session.memo_on_disk(draft.level, draft.target)
        t = self.t
        if now.problem is not None:
            theirs = t("workbench.memo_unreadable", problem=now.problem.text(self.session.lang))
        elif now.opened_hash is None:
            theirs = t("workbench.memo_gone")
        else:
            theirs = now.body
        columns = []
        for heading, text in ((t("workbench.memo_yours"), draft.body), (t("workbench.memo_on_disk"), theirs)):
            column = w.VBox([w.HTML(f"<b>{html.escape(heading)}</b>"), w.HTML(read_only(text))])
            column.layout.flex, column.layout.min_width = "1 1 0", "0"
            columns.append(column)
        keep = classed(w.Button(description=t("workbench.memo_keep"), button_style="warning"), "sk-memo-keep")
        take = classed(w.Button(description=t("workbench.memo_take")), "sk-memo-take")
        keep.layout.width = take.layout.width = "auto"
        keep.disabled = now.problem is not None  # its text unknown: not overwritten
        keep.on_click(lambda _: self._settle(draft, True))
        take.on_click(lambda _: self._settle(draft, False))
        title = w.HTML(f"<b>{html.escape(t('workbench.memo_conflict', file=draft.shown))}</b>")
        return classed(w.VBox([title, w.HBox(columns), w.HBox([keep, take])]), "sk-memo-conflict")

    def _settle(self, draft: MemoDraft, keep: bool) -> None:
        self.session.resolve_memo(draft.level, draft.target, keep)
        self.entries.pop((draft.level, draft.target), None)
        self.box.children = tuple(self.entries.values())
        self.done([self.t("workbench.memo_kept" if keep else "workbench.memo_taken", file=draft.shown)])
