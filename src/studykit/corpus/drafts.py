"""Drafts: study files still being coded, which never block the rest of the corpus.

A study is a *draft* when its file is otherwise sound but not finished: metadata
fields still empty (as ``studykit new-study`` writes them), no findings yet,
findings still ``unreviewed``, or accepted findings whose summaries are still to
write (empty, as the coding workbench saves a suggestion accepted without one, or
still the placeholder ``studykit suggest --write`` puts there). A draft is listed
with what it still needs and left out of the corpus the reports analyse; everything
else about it must be right (a corrupt file, a quote not in the source or an unknown
theme stays an error).
``studykit validate --strict`` treats a draft as an error, for CI of a finished corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .problems import Problem


@dataclass(frozen=True)
class Draft:
    """A study still being coded: its id, its file and each thing it still needs (as a Problem)."""

    study_id: str
    file: str
    missing: tuple[Problem, ...]

    @property
    def empty_fields(self) -> int:
        return sum(1 for p in self.missing if not p.message.startswith((UNREVIEWED, SUMMARY_TO_WRITE)))

    @property
    def unreviewed(self) -> int:
        return sum(1 for p in self.missing if p.message.startswith(UNREVIEWED))

    @property
    def summaries(self) -> int:
        return sum(1 for p in self.missing if p.message.startswith(SUMMARY_TO_WRITE))

    def summary(self, lang: str = "en") -> str:
        """One line in ``lang``: ``draft <file> (<id>): 12 field(s) to fill in, 3 finding(s) to review; …``
        (English) or the same in Indonesian."""
        from .messages import t

        return t("draft.summary", lang, file=self.file, study_id=self.study_id, needs=needs([self], lang))


def needs(drafts: Sequence[Draft], lang: str = "en") -> str:
    """What ``drafts`` still need, all together, in ``lang``: ``1,200 fields to fill in, 3 findings to
    review`` (English; ``1.200 kolom perlu diisi, …`` in Indonesian: :func:`.numbers.number`)."""
    from .messages import t
    from .numbers import number

    counts = {
        "fields": sum(d.empty_fields for d in drafts),
        "review": sum(d.unreviewed for d in drafts),
        "summaries": sum(d.summaries for d in drafts),
    }
    return ", ".join(t(f"draft.{what}", lang, n=number(n, lang)) for what, n in counts.items() if n)


UNREVIEWED = "unreviewed"  # the start of problem.unreviewed (messages.yaml), in English
SUMMARY_TO_WRITE = "summary to write"  # the start of problem.summary_to_write (messages.yaml), in English
SUMMARIES = ("summary_en", "summary_id")
# what `studykit suggest --write` puts in a suggestion's summaries until an analyst writes them
PLACEHOLDERS = ("[suggested;", "[usulan;")


def unwritten(summary: Any) -> bool:
    """Whether a finding's summary is still to write: empty, or the suggester's placeholder."""
    return summary is None or not str(summary).strip() or str(summary).lstrip().startswith(PLACEHOLDERS)


def is_gap(err: dict[str, Any]) -> bool:
    """A pydantic error that only says "not filled in yet": an empty value, or no findings yet."""
    if err.get("input") is None and err["type"] not in ("missing", "invalid_key"):
        return True
    return err["type"] == "too_short" and tuple(err["loc"]) == ("findings",) and err.get("input") == []


def unreviewed_gaps(findings: list[dict[str, Any]]) -> list[tuple[tuple, str]]:
    """(location, problem kind of :mod:`.advice`) of each finding still unreviewed."""
    return [
        (("findings", i, "review_status"), "unreviewed")
        for i, f in enumerate(findings)
        if isinstance(f, dict) and f.get("review_status") == "unreviewed"
    ]


def summary_gaps(findings: list[dict[str, Any]]) -> list[tuple[tuple, str]]:
    """(location, problem kind of :mod:`.advice`) of each summary of an accepted (reviewed) finding that is
    still the suggester's placeholder (an empty one is a gap of the schema already)."""
    return [
        (("findings", i, key), "summary_to_write")
        for i, f in enumerate(findings)
        if isinstance(f, dict) and f.get("review_status", "reviewed") == "reviewed"
        for key in SUMMARIES
        if f.get(key) is not None and unwritten(f.get(key))
    ]


def classify(content: Any) -> tuple[bool, list[dict[str, Any]]]:
    """Whether a parsed study file is a draft, and its pydantic errors (empty when it validates).

    Used by the render planner, which reads study files without the whole validation:
    a file whose only errors are gaps, or that validates with unreviewed findings, is a draft.
    """
    from pydantic import ValidationError

    from .schema import Study

    if not isinstance(content, dict):
        return False, []
    try:
        Study.model_validate(content)
    except ValidationError as exc:
        errors = exc.errors()
        return all(is_gap(e) for e in errors), errors
    findings = content.get("findings") or []
    return bool(unreviewed_gaps(findings) or summary_gaps(findings)), []
