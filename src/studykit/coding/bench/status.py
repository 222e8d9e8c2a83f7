"""The workbench's status line: what the last action did, said in the coder's language (a text of the
message catalogue, or lines already stated), coloured by how it went. The workbench's CSS keeps it at the
bottom of the window while the workbench is in view."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

COLOURS = {"info": "#1f2937", "ok": "#166534", "error": "#991b1b"}


class StatusLine(w.HTML):
    """One line (or a few) under the workbench; ``t`` states a message key in the coder's language."""

    def __init__(self, t: Callable[..., str]):
        super().__init__()
        self.t = t
        self.also: Callable[[], list[str]] = list  # lines said under every status while they hold
        self.add_class("sk-status")

    def say(self, key: str, level: str = "info", **values: Any) -> None:
        """The catalogue's text ``key`` (with ``values``), in ``level``: info, ok or error."""
        self.notes([self.t(key, **values)], level)

    def notes(self, notes: list[str], level: str = "info") -> None:
        """Lines already stated, one under the other (then :attr:`also`'s)."""
        notes = [*notes, *self.also()]
        self.value = f'<div style="color:{COLOURS[level]}">{"<br>".join(map(html.escape, notes))}</div>'


FIELDS_NAMED = 6  # metadata fields a save's status line names before counting the rest


def saved(t: Callable[..., str], session: Any, result: Any) -> list[str]:
    """What a save wrote (a :class:`~.save.SaveResult`): the decisions it logged, the metadata fields it
    changed (by their labels in the form) and the memos it wrote, or that nothing had changed; then what
    `validate` says of the study (the very check that allowed the save): still a draft, or complete and how
    to render it (with ``--data`` where the study is not in the project's ``data/``)."""
    from ...paths import data_option, named_from, reports_beside

    parts = []
    if result.logged:
        parts.append(t("workbench.saved_decisions", n=result.logged, log=result.log))
    if result.fields:
        names = [t(f"workbench.field.{name}") for name in result.fields[:FIELDS_NAMED]]
        if len(result.fields) > FIELDS_NAMED:
            names.append(t("workbench.saved_fields_more", n=len(result.fields) - FIELDS_NAMED))
        parts.append(t("workbench.saved_fields", n=len(result.fields), fields=", ".join(names)))
    if result.memos:
        parts.append(t("workbench.saved_memos", n=result.memos))
    notes = [t("workbench.saved", file=session.shown, what="; ".join(parts) or t("workbench.saved_nothing"))]
    if result.needs:
        notes.append(t("workbench.still_draft", n=result.needs))
    else:
        data = data_option(session.data_dir, from_project=True)
        reports = named_from(reports_beside(session.data_dir))  # where that command renders it
        into = t("workbench.complete_into", reports=reports) if data else ""
        notes.append(t("workbench.complete", data=data, into=into))
    if result.summaries_to_write:
        notes.append(t("workbench.summaries_to_write", n=result.summaries_to_write))
    return notes


def opening_notes(
    t: Callable[..., str], session: Any, note: str | list[str] | None, conflicts: int
) -> list[str]:
    """What the workbench says once built: the message keys ``note`` (their ``{file}``: the study file), the
    memos still in conflict when it goes on with a session, a last line of the decision log cut by a crash."""
    from ...paths import shown_path
    from . import decisions as log

    notes = [t(key, file=session.shown) for key in ([note] if isinstance(note, str) else note or [])]
    if note and conflicts:
        notes.append(t("workbench.memo_conflict_offer", n=conflicts))
    if cut := log.unreadable(session.data_dir, session.study_id):  # a last line cut by a crash: said
        where = shown_path(log.log_path(session.data_dir, session.study_id), session.data_dir)
        notes.append(t("workbench.log_unreadable", file=where, n=len(cut), lines=", ".join(map(str, cut))))
    return notes
