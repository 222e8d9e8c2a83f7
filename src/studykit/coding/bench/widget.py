"""The workbench's UI: a thin layer of widgets over :class:`~.session.Session`.

The source view (text, highlights, list, selection, keys) is an anywidget with its own
JavaScript (``_static/``); the forms are ipywidgets. Every button calls one session method
and redraws; no decision is taken here.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ...corpus.problems import ProblemsError
from ...corpus.provenance import snap_to_words
from ...corpus.readable import readable
from . import labels
from .bib_upload import BibUpload
from .editor import FindingEditor, classed
from .item import EmptySelection
from .labels import TYPE_COLOURS
from .memo_panel import MemoPanel
from .metadata_form import MetadataForm
from .rebase import reload_keeping
from .recovery_panel import RecoveryPanel
from .row_tools import RowTools
from .session import Session
from .source_view import SourceView, rows_and_spans, view_labels
from .status import StatusLine, opening_notes, saved


class Workbench(w.VBox):
    """Everything to code one study; build it with :func:`studykit.coding.workbench`."""

    def __init__(self, session: Session, lang: str = "en", note: str | list[str] | None = None):
        """``note``: message keys said in the status line once built (their ``{file}``: the study file)."""
        self.session, self.lang = session, labels.check_lang(lang)
        t = self.t
        self.view = SourceView(colours=TYPE_COLOURS)
        self.view.on_msg(self._on_key)
        self.view.observe(lambda _: self._show_selected(), "selected")
        self.view.observe(lambda _: self._show_selection(), "selection")
        self.editor = FindingEditor(session, t, lang)
        self.tools = RowTools(session, self.view, t, self._tool_done)  # show rejected; a row's new quote
        buttons = {  # name (its text's key): style, class, what it does
            "accept": ("success", "sk-accept", lambda _: self._decide("accept")),
            "reject": ("warning", "sk-reject", lambda _: self._decide("reject")),
            "apply": ("", "sk-apply", lambda _: self._apply()),
            "delete": ("danger", "sk-delete", lambda _: self._delete()),
            "new_finding": ("info", "sk-new_finding", lambda _: self._create()),
            "save": ("primary", "sk-save", lambda _: self._save()),
            "reload": ("", "sk-reload", lambda _: self._reload()),
            "reload_keeping": ("", "sk-reload-keeping", lambda _: self._reload(keeping=True)),
        }
        self.buttons = {}
        for name, (style, css, handler) in buttons.items():
            button = classed(w.Button(description=t(f"workbench.{name}"), button_style=style), css)
            button.layout.width = "auto"
            button.on_click(handler)
            self.buttons[name] = button
        self.selection_label = w.HTML(t("workbench.no_selection"))
        self.status = StatusLine(t)  # what the last action did
        self.recovery = RecoveryPanel(session, t, self._answered)  # unsaved work a kernel gone left: Restore
        self.status.also = self.recovery.warning  # a record of unsaved work that cannot be written: said
        self.memos = MemoPanel(session, t, self._rows, self.status)  # the study's, the row's, its theme's
        self.form = MetadataForm(session, t)
        self.bib = BibUpload(session, self.form, t, self.lang, self.status)  # a record fills the form
        self.metadata = w.VBox([self.bib.box, self.form.box])
        editor = w.VBox(
            [
                *self.editor.rows(),
                w.HBox([self.buttons[k] for k in ("accept", "reject", "apply", "delete")]),
                w.HBox([self.buttons["new_finding"], self.tools.button, self.selection_label]),
            ]
        )
        title = w.HTML(f"<h2>{html.escape(t('workbench.title', study=session.study_id))}</h2>")  # under h1
        blind = (
            []
            if session.suggestions
            else [classed(w.HTML(html.escape(t("workbench.no_suggestions"))), "sk-blind")]
        )
        super().__init__(
            [
                title,
                *blind,
                self.recovery.box,
                w.HBox([w.HTML(f"<b>{html.escape(t('workbench.findings'))}</b>"), self.tools.toggle]),
                self.view,
                editor,
                self.memos.box,
                w.HTML(f"<h3>{html.escape(t('workbench.metadata'))}</h3>"),
                w.HTML(f"<small>{html.escape(t('workbench.metadata_help'))}</small>"),
                self.metadata,
                w.HBox([self.buttons[k] for k in ("save", "reload", "reload_keeping")]),
                self.status,
            ]
        )
        self.add_class("sk-workbench")
        self._redraw()
        self.memos.conflicts.offer()  # a memo left in conflict before the cell ran again: still to settle
        if notes := opening_notes(self.t, session, note, len(self.memos.conflicts.entries)):
            self.status.notes(notes)

    def t(self, key: str, **values: Any) -> str:
        return labels.t(key, self.lang, **values)

    # --- the source view and the finding editor ---------------------------------------
    def _rows(self) -> None:
        """The list and the highlights as the session has them now."""
        rows, spans = rows_and_spans(self.session, self.t, self.lang)
        self.view.spans = spans
        self.view.rows = rows
        self.tools.offer()  # the toggle's count of rejected rows

    def _redraw(self, select: str | None = None) -> None:
        s = self.session
        self.view.labels = {**view_labels(self.t), "lang": self.lang}  # lang: the workbench's, in its page
        self.view.text = s.text
        self._rows()
        keys = {it.key for it in s.visible()}
        if select is not None:
            self.view.selected = select
        elif self.view.selected not in keys:
            self.view.selected = s.next_pending() or ""
        self._show_selected()

    def _current(self):
        try:
            return self.session.item(self.view.selected)
        except KeyError:
            return None

    def _show_selected(self) -> None:
        """Show the selected row in the editor, keeping what was typed for the row shown before."""
        if self.editor.key is not None and self.editor.key != self.view.selected:
            if self._apply(quiet=True, key=self.editor.key):
                self._rows()  # the row left says what it holds now (its theme, "summary to write" or not)
        self.editor.show(self._current())
        self.memos.show(self._current())

    def _show_selection(self) -> None:
        """A selection in the text: the editor becomes a new finding's, from scratch (its own quote)."""
        sel = self.view.selection
        if not sel:
            return
        self.view.selected = ""  # no row in the editor: the previous row keeps what was typed for it
        start, end, _ = snap_to_words(self.session.text, sel["start"], sel["end"])
        quote = self.session.text[start:end]  # the quote it will have: whole words
        self.editor.fresh(quote)
        shown = readable(quote)
        shown = shown if len(shown) <= 120 else shown[:119] + "…"
        self.selection_label.value = html.escape(self.t("workbench.selection", quote=shown))

    def _no_selection(self) -> None:
        self.view.selection = {}
        self.selection_label.value = html.escape(self.t("workbench.no_selection"))

    def _tool_done(self, select: str | None, notes: list[str] | None, level: str, spent: bool) -> None:
        if spent:
            self._no_selection()
        self._redraw(select=select)
        if notes is not None:
            self.status.notes(notes, level)

    def _answered(self, notes: list[str], level: str, restored: bool) -> None:
        """A record of unsaved work restored (the rows, form and memos show it) or discarded."""
        if restored:
            self.editor.key = None
            self.form.refresh()
            self._redraw(select="")
        self.status.notes(notes, level)

    def _on_key(self, _widget, content, _buffers) -> None:
        command = content.get("command")
        if command in ("accept", "reject"):
            self._decide(command)
        elif command in ("next", "previous"):
            key = self.session.next_pending(self.view.selected, 1 if command == "next" else -1)
            if key is None:
                self.status.say("workbench.no_pending")
            else:
                self.view.selected = key

    def _decide(self, action: str) -> None:
        it = self._current()
        if it is None:
            return self.status.say("workbench.none_selected", "error")
        self._apply(quiet=True)
        getattr(self.session, action)(it.key)
        self.editor.key = None  # applied above: moving on must not apply it again over the decision
        shown = any(row.key == it.key for row in self.session.visible())  # rejected, hidden: not selected
        self._redraw(select=self.session.next_pending(it.key) or (it.key if shown else ""))
        self.status.say(f"workbench.{action}ed", finding=it.finding_id)

    def _apply(self, quiet: bool = False, key: str | None = None) -> bool:
        """The editor's values into the row it shows (``key``: that row, when the selection has moved on);
        whether that changed the row."""
        try:
            it = self.session.item(key) if key is not None else self._current()
        except KeyError:
            return False
        if it is None:
            return False
        before = it.changed
        self.session.edit(it.key, **self.editor.changes(it))
        if not quiet:
            self._redraw(select=it.key)
            self.status.say("workbench.edited", finding=it.finding_id or it.key)
        return it.changed != before

    def _delete(self) -> None:
        it = self._current()
        if it is not None:
            self.session.delete(it.key)
            self.editor.key = None  # what the editor holds goes with it
            self._redraw(select="")
            self.status.say("workbench.deleted", finding=it.finding_id or it.key)

    def _create(self) -> None:
        sel = self.view.selection
        if not sel:
            return self.status.say("workbench.no_selection", "error")
        e = self.editor
        try:
            made = self.session.create(
                sel["start"],
                sel["end"],
                e.type.value,
                e.theme.value,
                e.summary("summary_en", ""),
                e.summary("summary_id", ""),
            )
        except EmptySelection:
            return self.status.say("workbench.empty_selection", "error")
        self._no_selection()  # made: the words are its quote now
        self._redraw(select=made.item.key)
        notes = [self.t("workbench.created", finding=made.item.finding_id)]
        if made.moved:
            notes.append(self.t("workbench.snapped", quote=readable(made.item.quote)))
        if made.first_elsewhere:
            notes.append(self.t("workbench.first_elsewhere"))
        self.status.notes(notes)

    # --- saving -----------------------------------------------------------------------
    def _save(self) -> None:
        self._apply(quiet=True)
        result = self.session.save(self.lang)
        self.editor.themes_changed()  # Save read the codebook again: a theme added, merged, retired meanwhile
        s = self.session
        self.memos.conflicts.offer()  # a memo changed on disk: its file's text beside the coder's, to settle
        if result.conflict:
            notes = [self.t("workbench.conflict", file=", ".join(p.file for p in result.problems))]
            if self.memos.conflicts.entries:
                notes.append(self.t("workbench.memo_conflict_offer", n=len(self.memos.conflicts.entries)))
            return self.status.notes(notes, "error")
        if not result.ok:
            lines = [self.t("workbench.not_saved", n=len(result.problems))] + [
                labels.problem_line(p, self.lang, [it.finding_id for it in s.items if it.written])
                for p in result.problems
            ]
            return self.status.notes(lines, "error")
        notes = saved(self.t, s, result)  # what it wrote, and what `validate` says now
        self.form.refresh()
        self._no_selection()
        self._redraw()  # the same row stays selected: the session keeps its rows after a save
        self.status.notes(notes, "ok")
        self.view.send({"focus": "list"})  # the keys (a, r, n, p) work at once, not 53 Tab stops away

    def _reload(self, keeping: bool = False) -> None:
        """The study file as it is on disk now: the unsaved changes dropped, or carried onto it (``keeping``:
        :func:`.rebase.reload_keeping`; those the other program changed too are named)."""
        if keeping:
            self._apply(quiet=True)  # what the editor holds and was not applied yet is a change too
        try:
            kept = reload_keeping(self.session) if keeping else self.session.reload()
        except ProblemsError as exc:  # the file broke on disk meanwhile: said, and the rows stay as they were
            lines = [self.t("workbench.cannot_open", study=self.session.study_id, n=len(exc.problems))]
            lines += [p.text(self.lang) for p in exc.problems]
            return self.status.notes(lines, "error")
        self.editor.key = None  # unsaved edits are dropped, the editor's too
        self.editor.themes_changed()  # the reload read the codebook again, as Save does
        self.memos.conflicts.offer()  # the memos' too: none is in conflict now
        self._no_selection()
        self.form.refresh()
        self._redraw(select="")
        self.view.send({"focus": "list"})
        if not keeping:
            return self.status.say("workbench.reloaded", "ok", file=self.session.shown)
        notes = [self.t("workbench.reloaded_keeping", file=self.session.shown, n=kept.kept)]
        if kept.dropped:
            notes.append(self.t("workbench.not_kept", n=len(kept.dropped), what=", ".join(kept.dropped)))
        self.status.notes(notes, "error" if kept.dropped else "ok")
