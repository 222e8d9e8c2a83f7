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

    @classmethod
    def from_file(cls, values: dict[str, Any], text: str) -> Item:
        """A finding as the study file holds it, located in the source ``text``."""
        span = locate_quote(text, str(values.get("quote", ""))) or (None, None)
        return cls(
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


class EmptySelection(ValueError):
    """A selection of nothing but spaces or punctuation: no quote."""


@dataclass(frozen=True)
class Created:
    """A finding made from a selection, and what the coder should be told about its quote."""

    item: Item
    moved: bool  # the selection was widened to whole words
    first_elsewhere: bool  # the same words occur earlier: validate locates the quote there
