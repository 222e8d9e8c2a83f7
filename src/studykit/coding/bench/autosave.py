"""Keeping a coding session's unsaved work on disk as it changes, and offering back what a session gone left.

:class:`Autosave` is a part of :class:`~.session.Session`. Every method that changes what the session holds
unsaved (:data:`CHANGES`: a decision, an edit, a quote moved, a finding made or deleted, a metadata value, a
memo) is wrapped by :func:`records_changes`: when the outermost of them returns, the session's recovery record
(:mod:`.unsaved`) is rewritten if what it holds changed (temporary file and rename: never half a record), or
removed when nothing is unsaved any more (after Save, or *Reload from disk*). A change of many rows (a reload
keeping the changes, a restore) writes it once, at the end (:meth:`Autosave.recording`). Writing costs about
a millisecond for a study's worth of changes (7 ms with 300 rows changed), so it is not put off: the record is
on disk as soon as the change is in the session. A record that cannot be written (a read-only folder, over its
cap) is said, and the work stays in the kernel as before.

A session opening a study looks for records its data directory holds for it (:meth:`Autosave.offers`): one
whose writer is gone and that holds changes the study file lacks is offered, to *Restore* (carried onto the
session through the rules of a reload keeping the changes, :func:`.rebase.carry`: what the file changed since
is named, not overwritten; nothing is written to the study file until Save) or *Discard*; one whose writer
still runs (another kernel coding the same study) is named; one that cannot be read is said, to Discard.
"""

from __future__ import annotations

import functools
import os
import secrets
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...files import write_atomic
from ...paths import shown_path
from . import decisions as log
from .rebase import Kept, carry, held, outstanding
from .unsaved import UNSAVED_BYTES, Record, Unusable, encode, read, record_path, records, writer_alive

# what changes a session's unsaved work: each writes the record (or removes it) when it returns
CHANGES = (
    "touch",
    "accept",
    "reject",
    "edit",
    "delete",
    "create",
    "requote",
    "set_value",
    "confirm",
    "apply_record",
    "set_memo",
    "resolve_memo",
    "save",
    "reload",
)
_LIVE: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()  # this process's sessions


def records_changes(cls: type) -> type:
    """``cls`` (the session) with each method of :data:`CHANGES` keeping the record when it returns."""
    for name in CHANGES:
        setattr(cls, name, _recorded(getattr(cls, name)))
    return cls


def _recorded(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.recording():
            return method(self, *args, **kwargs)

    return wrapper


class Autosave:
    """The record part of :class:`~.session.Session` (which sets ``data_dir``, ``study_id``, ``coder``,
    ``unsaved`` and what :func:`.rebase.held` reads)."""

    data_dir: Path
    study_id: str
    unsaved: bool

    def open_record(self) -> None:
        """This session's record: a name of its own, nothing written until there is unsaved work."""
        self.token = secrets.token_hex(4)
        self.record = record_path(self.data_dir, self.study_id, self.token)
        self.record_said: tuple[str, dict[str, Any]] | None = None  # why it could not be written: said
        self._depth, self._written = 0, None  # nesting of changes; the record's content as last written
        _LIVE[self.token] = self

    @contextmanager
    def recording(self) -> Iterator[None]:
        """Changes made inside write the record once, when the outermost ends."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self.keep_record()

    def keep_record(self) -> None:
        """Write the record if what is unsaved changed since it was written; remove it if nothing is."""
        try:
            unsaved = self.unsaved
        except AttributeError:  # the study could not be opened (a broken file): nothing to keep
            return
        if not unsaved:
            if self._written is not None:
                self.record.unlink(missing_ok=True)
            self._written, self.record_said = None, None
            return
        work = held(self)
        content = encode(self, work, "")
        if content == self._written:
            return
        # the time it is written, in the first "written" key of the JSON (a string's quotes are escaped)
        data = content.replace(b'"written": ""', f'"written": "{log.now()}"'.encode(), 1)
        shown = shown_path(self.record, self.data_dir)
        if len(data) > UNSAVED_BYTES.value:
            said = {
                "file": shown,
                "size": len(data),
                "cap": UNSAVED_BYTES.value,
                "variable": UNSAVED_BYTES.variable,
            }
            self.record_said = ("workbench.unsaved_over_cap", said)
            return
        try:
            write_atomic(self.record, data)
        except (
            OSError
        ) as exc:  # a read-only folder, a full disk: the work stays in the kernel, and that is said
            self.record_said = (
                "workbench.unsaved_not_written",
                {"file": shown, "error": exc.strerror or exc},
            )
            return
        self._written, self.record_said = content, None

    def offers(self) -> tuple[list[Record | Unusable], list[Record], int]:
        """The records of this study left by sessions gone (to Restore or Discard; those that cannot be read,
        to Discard), those of sessions still running (another kernel), and how many more records there are.
        A record whose changes the study file holds already is removed: nothing of it is lost."""
        paths, more = records(self.data_dir, self.study_id)
        offered: list[Record | Unusable] = []
        live: list[Record] = []
        for path in paths:
            if path == self.record:
                continue
            raw, found = read(path, shown_path(path, self.data_dir), self.data_dir, self.study_id)
            if isinstance(found, Unusable):
                offered.append(found)
            elif writer_alive(raw, path, set(_LIVE.keys())):
                live.append(found)
            elif rest := outstanding(self, found.work):
                offered.append(replace(found, work=rest))
            else:  # a save that went through before its kernel died
                path.unlink(missing_ok=True)
        return offered, live, more

    def restore(self, found: Record) -> Kept | None:
        """``found``'s work put back into this session as unsaved work (the study file is not written); its
        record removed once this session's own holds it. None if the record is gone: restored or discarded
        meanwhile in another tab or kernel, which both had it offered (restored twice, the same work was
        held by two kernels, and one of them could not save it). The record is taken by renaming it to a
        name of this process, which one tab only can do; it goes back if this session's own record cannot
        be written."""
        claim = record_path(self.data_dir, self.study_id, secrets.token_hex(4))
        try:
            os.rename(found.path, claim)
        except FileNotFoundError:
            return None
        except OSError:  # a folder that cannot be written to: restored where it is, as before
            claim = found.path
        with self.recording():
            kept = carry(self, found.work)
        try:
            if self.record_said is None:
                claim.unlink(missing_ok=True)
            elif claim != found.path:
                os.rename(claim, found.path)
        except OSError:  # it stays, under a name of this process: offered again once this kernel is gone
            pass
        return kept

    def discard(self, found: Record | Unusable) -> str | None:
        """Remove the record ``found`` (a link: the link only); why it could not be, or None."""
        try:
            found.path.unlink(missing_ok=True)
        except OSError as exc:  # a folder in a record's place
            return exc.strerror or type(exc).__name__
        return None
