"""What an analyst has already answered in a study file: the suggestions never proposed again, and the
findings an import may not quietly undo.

A finding is *decided* when its ``review_status`` is ``reviewed`` (the default) or ``rejected``: an analyst
has accepted or turned down that passage for that theme. A suggestion is not proposed again
(:func:`undecided`) when the study file already has the same type, theme and quote (whatever the status:
a pending unreviewed finding is not offered twice), or when its quote overlaps a decided finding of the same
primary theme, whatever the type (a barrier the analyst corrected to an enabler does not come back as a
barrier). The study's decision log (``data/decisions/<study_id>.jsonl``, :mod:`.bench.decisions`) adds the
passages it says were answered for another theme than the file now holds (:func:`logged_answers`): a
suggestion accepted with another theme than suggested (its ``suggested_theme``), a finding whose theme was
changed since, and the passage a finding's quote was moved away from (``old_quote_start``/``old_quote_end``:
a suggestion accepted with its quote moved to other words is not offered again where it was suggested).
``suggest`` in every format, ``suggest --write`` and the workbench all use this one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
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


def text_span(start: Any, end: Any, length: int) -> tuple[int, int] | None:
    """``(start, end)`` when they are a span of a text of ``length`` characters: whole numbers (not a bool, a
    float or text) with ``0 <= start < end <= length``; None for anything else (a log edited by hand). What
    a decision log says was answered (:func:`undecided`) and what it teaches the model
    (:func:`studykit.coding.training.coded_studies`) both read its spans through this one rule."""
    if type(start) is int and type(end) is int and 0 <= start < end <= length:  # noqa: E721 - not a bool
        return start, end
    return None


def logged(data_dir: Path, study_id: str | None) -> list[dict[str, Any]]:
    """The lines of the study's decision log (none for a loose text or a study never saved in the
    workbench); a theme since merged into another reads as that one (:mod:`.themes`)."""
    if study_id is None:
        return []
    from .bench.decisions import read
    from .themes import codebook_themes

    entries = read(data_dir, study_id)
    themes = codebook_themes(data_dir)
    if themes is None or not themes.merged:
        return entries
    return [
        {
            **d,
            **{
                k: themes.of(d[k]) or d[k]
                for k in ("theme_id", "suggested_theme")
                if isinstance(d.get(k), str)
            },
        }
        if isinstance(d, dict)
        else d
        for d in entries
    ]


def logged_answers(entries: Iterable[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """(theme, start, end) of each passage the decision log says was answered: every theme a finding was
    accepted, rejected or edited with, and the theme suggested for a suggestion accepted with another; the
    span a moved quote was taken from (``old_quote_start``/``old_quote_end``: a suggestion accepted with its
    quote moved was answered where it was suggested); a finding deleted since answers nothing, and so does a
    span that is no span of the text (negative, past its end, empty, not a whole number: a log edited by
    hand), which :func:`undecided` leaves out."""
    entries = [d for d in entries if isinstance(d, dict)]
    last = {d.get("finding_id"): d.get("action") for d in entries}
    return [
        (theme, start, end)
        for d in entries
        if d.get("action") in ("accept", "reject", "edit") and last.get(d.get("finding_id")) != "delete"
        for start, end in (
            (d.get("quote_start"), d.get("quote_end")),
            (d.get("old_quote_start"), d.get("old_quote_end")),
        )
        if type(start) is int and type(end) is int  # noqa: E721 - not a bool, nor a float or text
        for theme in (d.get("theme_id"), d.get("suggested_theme"))
        if isinstance(theme, str)
    ]


def undecided(
    candidates: Iterable[Candidate],
    findings: Iterable[dict[str, Any]],
    text: str,
    log: Iterable[dict[str, Any]] = (),
    merged: Mapping[str, str] | None = None,
) -> list[Candidate]:
    """The ``candidates`` the study has not answered yet, in their order (see the module docstring);
    ``findings`` are the study file's, ``text`` its source (where their quotes are located), ``log`` the
    lines of its decision log (:func:`logged`), ``merged`` the codebook's merged themes (a finding on one,
    not recoded yet, answers for the theme it went into, as the log's lines do)."""
    findings = [dict(f) for f in findings if hasattr(f, "get")]
    for f in findings:
        if merged and isinstance(f.get("theme_id"), str) and f["theme_id"] in merged:
            f["theme_id"] = merged[f["theme_id"]]
    coded = {coded_key(f.get("finding_type"), f.get("theme_id"), f.get("quote")) for f in findings}
    index = index_source(text)
    spans = [
        (str(f.get("theme_id")), *span)
        for f in findings
        if is_decided(f) and f.get("quote") and (span := index.locate(str(f["quote"]))) is not None
    ] + [(theme, a, b) for theme, a, b in logged_answers(log) if text_span(a, b, len(text))]
    return [
        c
        for c in candidates
        if coded_key(c.finding_type, c.theme_id, c.quote) not in coded
        and not any(
            theme == c.theme_id and min(end, c.end) > max(start, c.start) for theme, start, end in spans
        )
    ]
