"""The workbench's offer of the unsaved work a kernel gone left (:meth:`~.autosave.Autosave.offers`): when it
was written, by whom and what it holds, with *Restore* and *Discard*; a record that cannot be read, said with
its file and what to do; another kernel coding the same study, named. One record is offered at a time (the
newest); the next comes once it is answered. Nothing is decided here."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ...corpus.messages import join_words
from .editor import classed
from .session import Session
from .unsaved import Record, Unusable, unusable_text


def when(written: str) -> str:
    """An ISO time of the decision log's clock as a coder reads it: ``2026-12-07 08:47 UTC``."""
    return f"{written[:10]} {written[11:16]} UTC" if len(written) >= 16 else written


def what(t: Callable[..., str], found: Record, lang: str) -> str:
    """What a record holds, counted, naming only what it holds: findings changed (of which decisions and
    findings made), metadata values, memos."""
    changes = [it.change() for it in found.work.items]
    detail = [
        t(key, n=n)
        for key, n in (
            ("workbench.unsaved_decided", sum(1 for c in changes if c in ("accept", "reject"))),
            ("workbench.unsaved_made", changes.count("create")),
        )
        if n
    ]
    held = [
        t("workbench.unsaved_rows", n=len(changes), detail=f" ({join_words(detail, lang)})" if detail else "")
    ]
    held = held if changes else []
    held += [
        t(key, n=n)
        for key, n in (
            ("workbench.unsaved_fields", len(found.work.values)),
            ("workbench.unsaved_memos", len(found.work.memos)),
        )
        if n
    ]
    return t("workbench.unsaved_what", held=join_words(held, lang))


class RecoveryPanel:
    """The offer (``box``: empty when there is none); ``done(notes, level, restored)`` after an answer."""

    def __init__(self, session: Session, t: Callable[..., str], done: Callable[[list[str], str, bool], None]):
        self.session, self.t, self.done = session, t, done
        self.box = classed(w.VBox(), "sk-unsaved")
        self.offer()

    def offer(self) -> None:
        """The newest record to answer, the others counted, and the kernels coding this study elsewhere."""
        offered, live, more = self.session.offers()
        t, lines = self.t, []
        for found in live:
            lines.append(
                t("workbench.unsaved_live", pid=found.pid, file=found.shown, when=when(found.written))
            )
        children = [w.HTML("<br>".join(f"<b>{html.escape(x)}</b>" for x in lines))] if lines else []
        if offered:
            children.append(self._entry(offered[0]))
        if waiting := len(offered) - 1 + more if offered else 0:
            children.append(w.HTML(html.escape(t("workbench.unsaved_more", n=waiting))))
        self.box.children = tuple(children)

    def _entry(self, found: Record | Unusable) -> w.VBox:
        t = self.t
        if isinstance(found, Record):
            said = t("workbench.unsaved_offer", when=when(found.written), coder=found.coder, file=found.shown)
            said += " " + what(t, found, self.session.lang)
        else:
            said = unusable_text(t, found)
        buttons = []
        if isinstance(found, Record):
            restore = classed(
                w.Button(description=t("workbench.unsaved_restore"), button_style="warning"), "sk-restore"
            )
            restore.on_click(lambda _: self._restore(found))
            buttons.append(restore)
        discard = classed(w.Button(description=t("workbench.unsaved_discard")), "sk-discard")
        discard.on_click(lambda _: self._discard(found))
        buttons.append(discard)
        for button in buttons:
            button.layout.width = "auto"
        text = classed(w.HTML(f"<b>{html.escape(said)}</b>"), "sk-unsaved-offer")
        return classed(w.VBox([text, w.HBox(buttons)]), "sk-unsaved-entry")

    def _restore(self, found: Record) -> None:
        kept = self.session.restore(found)
        if kept is None:  # another tab or kernel restored or discarded it first
            self.offer()
            return self.done([self.t("workbench.unsaved_gone", file=found.shown)], "error", False)
        notes = [
            self.t(
                "workbench.unsaved_restored", when=when(found.written), n=kept.kept, file=self.session.shown
            )
        ]
        if kept.dropped:
            notes.append(
                self.t("workbench.unsaved_not_kept", n=len(kept.dropped), what=", ".join(kept.dropped))
            )
        self.offer()
        self.done(notes, "error" if kept.dropped else "ok", True)

    def _discard(self, found: Record | Unusable) -> None:
        error = self.session.discard(found)
        if error is not None:
            return self.done(
                [self.t("workbench.unsaved_not_discarded", file=found.shown, error=error)], "error", False
            )
        self.offer()
        self.done(
            [self.t("workbench.unsaved_discarded", file=found.shown, study=self.session.shown)], "ok", False
        )

    def warning(self) -> list[str]:
        """Why the session's own record could not be written (said under every status line while so)."""
        said = self.session.record_said
        return [self.t(said[0], **said[1])] if said is not None else []
