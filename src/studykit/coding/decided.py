"""What an analyst has already answered in a study file: the suggestions never proposed again, and the
findings an import may not quietly undo.

A finding is *decided* when its ``review_status`` is ``reviewed`` (the default) or ``rejected``: an analyst
has accepted or turned down that passage for that theme. A suggestion is not proposed again
(:func:`undecided`) when the study file already has the same type, theme and quote (whatever the status:
a pending unreviewed finding is not offered twice), or when its quote overlaps a decided finding of the same
primary theme, whatever the type (a barrier the analyst corrected to an enabler does not come back as a
barrier). ``suggest`` in every format, ``suggest --write`` and the workbench all use this one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..corpus.provenance import index_source

if TYPE_CHECKING:
    from .rules import Candidate

DECIDED = ("reviewed", "rejected")


def status_of(finding: dict[str, Any]) -> str:
    """A finding's review status (``reviewed`` when the file leaves it out, the schema's default)."""
    return str(finding.get("review_status") or "reviewed").strip()


def is_decided(finding: dict[str, Any]) -> bool:
    return status_of(finding) in DECIDED


def coded_key(finding_type: str, theme_id: str, quote: str) -> tuple[str, str, str]:
    """What makes a suggestion the same as a finding of the file: type, theme and quote (spaces folded)."""
    return str(finding_type or ""), str(theme_id or ""), " ".join(str(quote or "").split())


def undecided(
    candidates: Iterable[Candidate], findings: Iterable[dict[str, Any]], text: str
) -> list[Candidate]:
    """The ``candidates`` the study has not answered yet, in their order (see the module docstring);
    ``findings`` are the study file's, ``text`` its source (where their quotes are located)."""
    findings = [dict(f) for f in findings if hasattr(f, "get")]
    coded = {coded_key(f.get("finding_type"), f.get("theme_id"), f.get("quote")) for f in findings}
    index = index_source(text)
    spans = [
        (str(f.get("theme_id")), *span)
        for f in findings
        if is_decided(f) and f.get("quote") and (span := index.locate(str(f["quote"]))) is not None
    ]
    return [
        c
        for c in candidates
        if coded_key(c.finding_type, c.theme_id, c.quote) not in coded
        and not any(
            theme == c.theme_id and min(end, c.end) > max(start, c.start) for theme, start, end in spans
        )
    ]
