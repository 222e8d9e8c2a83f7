"""The session's rows as the coder works through them: in text order, rejected ones shown or hidden, and a
row's quote moved to another span of the text.

:class:`Rows` is a part of :class:`~.session.Session` (it reads the session's ``items`` and ``text``).
The list shows the rows in the order their quotes occur in the source (a quote not found in the text last),
whatever the order of the study file, which keeps the order in which findings were decided. Rejected rows
can be hidden (:attr:`Rows.show_rejected`, kept by the session across saves and reloads): hidden, they stay
in the file and in the log, they are only left out of the list, its highlights and ``n``/``p``.

A row's quote can be changed (:meth:`Rows.requote`): it keeps its finding id, its quote becomes exactly the
words of the new selection (snapped to whole words, :func:`quote_at`) and its position is that of the
quote's first occurrence, as ``validate`` locates it; Save logs it as an ``edit`` whose
``quote_start``/``quote_end`` are the new span and ``old_quote_start``/``old_quote_end`` the span the study
file held (:func:`moved_from`). A suggestion's quote can be changed before it is accepted: accepted, it is
logged with where it was suggested as the old span; rejected, it is turned down as suggested (its quote too).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...corpus.provenance import locate_quote, snap_to_words
from .item import Created, EmptySelection, Item


@dataclass(frozen=True)
class Quoted:
    """The quote a selection makes: its words, where it is recorded, and what the coder should be told."""

    quote: str
    start: int
    end: int
    moved: bool  # the selection was widened to whole words
    first_elsewhere: bool  # the same words occur earlier: recorded (and located by validate) there


def quote_at(text: str, start: int, end: int) -> Quoted:
    """The quote of the selection ``text[start:end]``: whole words (:func:`snap_to_words`, the rule of
    validate: a word hyphenated at a line end taken whole), verbatim, recorded at the first occurrence of
    those words (as validate locates a quote). EmptySelection if it holds no word."""
    s, e, _ = snap_to_words(text, start, end)
    moved = text[s:e] != text[start:end].strip()  # widened to a word: said; spaces around only dropped
    if s == e:
        raise EmptySelection("the selection holds no text; select the words of the quote")
    quote = text[s:e]
    located = locate_quote(text, quote)
    if located is None:  # cannot happen for a span of the text; kept as selected all the same
        return Quoted(quote, s, e, moved, False)
    return Quoted(quote, *located, moved, located[0] != s)


def in_text_order(it: Item) -> tuple[bool, int, int]:
    """The key of the list's order: where the quote starts (then ends) in the text; unlocated ones last."""
    return it.start is None, it.start or 0, it.end or 0


def moved_from(it: Item, text: str) -> tuple[int | None, int | None]:
    """Where the quote was when the study file last held the row (a suggestion not yet in it: as it was
    suggested), if its quote changed since; else Nones."""
    if it.saved is None:
        if it.proposed_quote is None or it.proposed_quote[0] == it.quote:
            return None, None
        return it.proposed_quote[1], it.proposed_quote[2]
    old = it.saved.get("quote")
    if old is None or old == it.quote:
        return None, None
    return locate_quote(text, str(old)) or (None, None)


class Rows:
    """The list's rows and a row's span; see the module docstring. The session brings ``items``, ``text``,
    ``item(key)`` and ``touch(item)`` (which counts a change)."""

    items: list[Item]
    text: str
    show_rejected: bool = True  # the coder's choice, kept on the session (a reload keeps it too)

    def visible(self) -> list[Item]:
        """The rows the list shows, in text order: every row not deleted (rejected ones only if shown)."""
        rows = [it for it in self.items if not it.deleted and (self.show_rejected or it.status != "rejected")]
        return sorted(rows, key=in_text_order)

    @property
    def rejected(self) -> int:
        """How many rows are rejected (not deleted): what the toggle hides or shows."""
        return sum(1 for it in self.items if not it.deleted and it.status == "rejected")

    def next_pending(self, after: str | None = None, step: int = 1) -> str | None:
        """The next (step=1) or previous (-1) suggestion still to decide, after ``after``; wraps around.
        A row hidden (rejected just now by a key) is still where it goes on from; rows to decide are never
        hidden."""
        rows = sorted((it for it in self.items if not it.deleted), key=in_text_order)
        keys = [it.key for it in rows]
        at = keys.index(after) if after in keys else (-1 if step > 0 else len(keys))
        for i in range(1, len(rows) + 1):
            it = rows[(at + step * i) % len(rows)]
            if it.pending:
                return it.key
        return None

    def requote(self, key: str, start: int, end: int) -> Created:
        """Make the selection ``text[start:end]`` the quote of row ``key`` (its finding id stays)."""
        it = self.item(key)
        if it.deleted:
            raise KeyError(f"finding {key!r} is deleted")
        q = quote_at(self.text, start, end)
        if (it.quote, it.start, it.end) != (q.quote, q.start, q.end):
            it.quote, it.start, it.end = q.quote, q.start, q.end
            self.touch(it)
        return Created(it, q.moved, q.first_elsewhere)
