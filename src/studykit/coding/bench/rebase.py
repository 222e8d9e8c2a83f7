"""Reload a study from disk keeping the session's unsaved changes: the answer to a Save refused because
another program (an editor, ``git checkout``, another workbench, ``suggest --write``) wrote the study file
meanwhile.

The file is read as it is now (:meth:`.session.Session.reload`); then each change the session held is carried
onto it where the other program left that part as the session had read it: a decision or edit on a finding
the file still holds unchanged, a suggestion decided on that is still offered, a finding made from a
selection, a metadata value of a field unchanged on disk, a memo whose file is unchanged. What the other
program changed too is not carried (its version stays, never overwritten unseen) and is named, so the analyst
can redo it. Nothing is written: Save writes the result.

The same carrying restores a kernel's unsaved work kept in a recovery record (:mod:`.unsaved`): what a
session holds unsaved is taken apart (:func:`held`: the rows changed, the metadata values confirmed with
the values they replaced, the memos edited) and put onto a session read from disk (:func:`carry`), minus what
the file holds already (:func:`outstanding`: a record whose save went through before the kernel died).
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from typing import Any

from ..metafill import get
from .item import EDITABLE, EmptySelection, Item
from .memo import MemoDraft


@dataclass(frozen=True)
class Kept:
    """What a reload keeping the changes carried (``kept``) and what it could not (``dropped``: finding ids,
    metadata field names, memo files)."""

    kept: int
    dropped: tuple[str, ...]


def _onto(s, old: Item, new: Item) -> None:
    """``old``'s decision and edits onto ``new`` (the same finding or suggestion as read now)."""
    if old.status == "reviewed" and new.status != "reviewed":
        s.accept(new.key)
    elif old.status == "rejected" and new.status != "rejected":
        s.reject(new.key)
    s.edit(new.key, **{name: getattr(old, name) for name in EDITABLE})
    if (old.quote, old.start, old.end) != (new.quote, new.start, new.end):  # a quote moved
        new.quote, new.start, new.end = old.quote, old.start, old.end
        s.touch(new)
    if old.deleted:
        s.delete(new.key)


def _finding(s, old: Item, by_id: dict[str, Item]) -> tuple[bool, Item | None]:
    """Carry one changed row: (False, None) when the other program changed or removed it, else (True, the row
    it now is: None for a row made or accepted and deleted again, never saved)."""
    if old.saved is None and old.deleted:  # made or accepted, then deleted, never saved: nothing to carry
        return True, None
    if old.saved is not None:  # the file had it when read: carried only if the file still has it unchanged
        new = by_id.get(old.finding_id or "")
        if new is None or new.saved != old.saved:
            return False, None
    elif old.origin == "suggestion":  # a suggestion decided on, not saved: if it is still offered
        new = next(
            (
                it
                for it in s.items
                if it.origin == "suggestion"
                and it.pending
                and (it.proposed, it.proposed_quote) == (old.proposed, old.proposed_quote)
            ),
            None,
        )
        if new is None:
            return False, None
    else:  # made from a selection: made again (a new id if the other program took this one)
        span = (old.start, old.end) if isinstance(old.start, int) and isinstance(old.end, int) else (0, 0)
        if not 0 <= span[0] < span[1] <= len(s.text) or s.text[span[0] : span[1]] != old.quote:
            return False, None  # its words are not where they were (a record of another text): named
        try:
            made = s.create(*span, old.finding_type, old.theme_id, old.summary_en, old.summary_id)
        except EmptySelection:
            return False, None
        new = made.item
    _onto(s, old, new)
    new.time = old.time  # the log says when the analyst decided, not when the file was read again
    return True, new


@dataclass
class Held:
    """A session's unsaved work, apart from the session: the rows changed (in the order they changed), the
    metadata values confirmed (``values``) with what the study file held for them when read (``opened``) and
    those set from the gazetteer, the memos edited."""

    items: list[Item] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    opened: dict[str, Any] = field(default_factory=dict)
    gazetteer: set[str] = field(default_factory=set)
    memos: list[MemoDraft] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items or self.values or self.memos)


def held(s) -> Held:
    """What ``s`` (a :class:`.session.Session`) holds that no save has written, as copies."""
    names = set(s.confirmed)
    return Held(
        [copy(it) for it in sorted(s.items, key=lambda it: it.changed) if it.changed],
        {name: s.values[name] for name in names},
        {f.name: get(s.document, f.path) for f in s.fields if f.name in names},
        set(s.from_gazetteer) & names,
        [copy(d) for d in s.memos.values() if d.changed],
    )


def outstanding(s, work: Held) -> Held:
    """``work`` less what the study file (and the memo files) of ``s`` hold already: a row whose state is the
    file's, a value the file has, a memo whose text its file has. Empty: nothing left to restore."""
    by_id = {it.finding_id: it for it in s.items if it.finding_id and it.origin == "file"}
    states = [it.saved for it in s.items if it.saved is not None]
    items = []
    for old in work.items:
        if old.saved is None and old.deleted:
            continue  # made or accepted, then deleted: no change to make
        now = by_id.get(old.finding_id or "")
        gone = old.deleted and now is None and old.saved is not None  # deleted, and the file has it not
        if gone or (not old.deleted and old.state() in states):
            continue
        items.append(old)
    values = {k: v for k, v in work.values.items() if k in s.values and s.values.get(k) != v}  # a form field
    memos = [d for d in work.memos if s.memo(d.level, d.target).body.strip() != d.body.strip()]
    return Held(items, values, work.opened, work.gazetteer & set(values), memos)


def carry(s, work: Held) -> Kept:
    """Put ``work`` onto ``s``, a session as read from disk; see the module docstring."""
    dropped: list[str] = []
    by_id = {it.finding_id: it for it in s.items if it.finding_id}
    ids: dict[str, str | None] = {}  # a finding id this session gave -> the one its row has now (None: gone)
    for old in work.items:
        carried, new = _finding(s, old, by_id)
        if not carried:
            dropped.append(old.finding_id or old.quote[:40])
        if old.finding_id and old.saved is None:  # the file's own ids stay what they are
            ids[old.finding_id] = new.finding_id if carried and new is not None else None
    for name, value in work.values.items():
        if s.values.get(name) != work.opened.get(name):  # the file's value changed too: it stays
            dropped.append(name)
            continue
        s.values[name] = value
        s.confirmed.add(name)
        if name in work.gazetteer:
            s.from_gazetteer.add(name)
    for old_memo in work.memos:
        # a finding memo follows its row: renumbered when the other program took its id, gone with it
        target = ids.get(old_memo.target, old_memo.target) if old_memo.level == "finding" else old_memo.target
        if target is None:
            dropped.append(old_memo.shown)
            continue
        now = s.memo(old_memo.level, target)
        if (now.opened_hash, now.field_body) != (old_memo.opened_hash, old_memo.field_body):
            dropped.append(old_memo.shown)
            continue
        try:
            s.set_memo(old_memo.level, target, old_memo.body)
        except ValueError:  # a finding memo whose finding was not carried
            dropped.append(old_memo.shown)
    kept = len(work.items) + len(work.values) + len(work.memos) - len(dropped)
    return Kept(kept, tuple(dropped))


def reload_keeping(s) -> Kept:
    """Reload ``s`` (a :class:`.session.Session`) from disk and carry its unsaved changes onto the file as it
    is now; see the module docstring."""
    with s.recording():  # one record of the result, not one per row carried
        work = held(s)
        s.reload()
        return carry(s, work)
