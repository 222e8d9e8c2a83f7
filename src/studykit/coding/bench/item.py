"""One row of the workbench: a finding of the study file, a fresh suggestion, or one made from a selection.

The session keeps a list of these and decides on them; this module only says what a row
holds, how it is made from a finding of the file or from a suggestion, and what a save writes
of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...corpus.drafts import unwritten
from ...corpus.provenance import locate_quote

if TYPE_CHECKING:
    from ..rules import Candidate

EDITABLE = ("finding_type", "theme_id", "secondary_theme_id", "summary_en", "summary_id")


@dataclass
class Item:
    """One row of the workbench: a finding of the file, a fresh suggestion, or one made from a selection."""

    key: str
    finding_id: str | None
    finding_type: str
    theme_id: str
    quote: str
    start: int | None
    end: int | None
    status: str  # reviewed | unreviewed | rejected
    origin: str  # file | suggestion | manual
    summary_en: str = ""
    summary_id: str = ""
    secondary_theme_id: str | None = None
    score: float | None = None
    cues: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)  # every field from the file (note, restates ...)
    deleted: bool = False
    # (type, theme) as suggested: a fresh suggestion, or a finding of the file still unreviewed when opened
    proposed: tuple[str, str] | None = None
    proposed_quote: tuple[str, int | None, int | None] | None = None  # its (quote, start, end) as suggested
    saved: dict[str, Any] | None = None  # what the study file holds of it (:meth:`state`); None: not in it
    changed: int = 0  # when it last changed since the last save (the session's count of changes; 0: never)
    time: str = ""  # the time of that change (ISO 8601, UTC)

    @classmethod
    def from_file(cls, values: dict[str, Any], text: str) -> Item:
        """A finding as the study file holds it, located in the source ``text``."""
        span = locate_quote(text, str(values.get("quote", ""))) or (None, None)
        it = cls(
            str(values.get("finding_id")),
            values.get("finding_id"),
            values.get("finding_type", ""),
            values.get("theme_id", ""),
            str(values.get("quote", "")),
            span[0],
            span[1],
            values.get("review_status", "reviewed"),
            "file",
            values.get("summary_en") or "",
            values.get("summary_id") or "",
            values.get("secondary_theme_id"),
            values=values,
        )
        it.saved = it.state()
        if it.status == "unreviewed":  # written by `suggest --write`: a suggestion still
            it.proposed, it.proposed_quote = (it.finding_type, it.theme_id), (it.quote, *span)
        return it

    @classmethod
    def from_suggestion(cls, key: str, candidate: Candidate, placeholder: dict[str, Any]) -> Item:
        """A suggestion not yet decided on; ``placeholder``: the finding the suggester would write for it."""
        return cls(
            key,
            None,
            candidate.finding_type,
            candidate.theme_id,
            candidate.quote,
            candidate.start,
            candidate.end,
            "unreviewed",
            "suggestion",
            # the suggester's placeholders: "summary to write" until the analyst writes them (a
            # rejected suggestion keeps them, so that its file stays valid)
            placeholder["summary_en"],
            placeholder["summary_id"],
            score=candidate.score,
            cues=tuple(candidate.cues),
            values={"note": placeholder["note"]},
            proposed=(candidate.finding_type, candidate.theme_id),
            proposed_quote=(candidate.quote, candidate.start, candidate.end),
        )

    @property
    def pending(self) -> bool:
        return self.status == "unreviewed" and not self.deleted

    @property
    def summary_to_write(self) -> bool:
        """Accepted (or made) without its summaries: a draft gap until they are written (corpus.drafts)."""
        return self.status == "reviewed" and (unwritten(self.summary_en) or unwritten(self.summary_id))

    @property
    def written(self) -> bool:
        """Whether a save writes it: what the file had, and every suggestion decided on."""
        return not self.deleted and (self.origin != "suggestion" or self.status != "unreviewed")

    def finding(self) -> dict[str, Any]:
        """The finding as the study file holds it; a summary never written is empty (null: a draft gap)."""
        values = {name: getattr(self, name) for name in ("finding_id", *EDITABLE, "quote")}
        for name in ("summary_en", "summary_id"):
            values[name] = values[name] if str(values[name] or "").strip() else None
        return {**self.values, **values, "review_status": self.status}

    def state(self) -> dict[str, Any]:
        """What a save writes of it that the analyst decides: type, themes, summaries, quote and status."""
        written = self.finding()
        return {name: written[name] for name in (*EDITABLE, "quote", "review_status")}

    def change(self) -> str | None:
        """What a save logs for it (:mod:`.decisions`): accept, reject, create, edit or delete; None when a
        save writes nothing new of it (a suggestion not decided on, nothing changed since the last save)."""
        if self.saved is None:
            if not self.written:
                return None
            if self.origin == "manual":
                return "create"
            return "accept" if self.status == "reviewed" else "reject"
        if self.deleted:
            return "delete"
        now = self.state()
        if now["review_status"] != self.saved["review_status"]:
            return {"reviewed": "accept", "rejected": "reject"}.get(self.status, "edit")
        return "edit" if now != self.saved else None

    def corrected(self) -> tuple[str, str] | None:
        """The (type, theme) suggested, when it is accepted with another type or theme; else None."""
        if self.status == "reviewed" and self.proposed not in (None, (self.finding_type, self.theme_id)):
            return self.proposed
        return None


class EmptySelection(ValueError):
    """A selection of nothing but spaces or punctuation: no quote."""


@dataclass(frozen=True)
class Created:
    """A finding made from a selection, and what the coder should be told about its quote."""

    item: Item
    moved: bool  # the selection was widened to whole words
    first_elsewhere: bool  # the same words occur earlier: validate locates the quote there
