"""Which jobs of the plan a render runs: ``render --report ID --study STUDY --report-lang LANG``.

A selection only narrows what is rendered: the plan stays whole, so the index still lists (and links) every
report, no report outside the selection is touched, and the run key of the last complete render is kept only
while it still holds (:func:`studykit.render.engine.render`, ``only``).

A report id is a notebook of the manifest (``1-study-profile``: every report of that notebook) or the output
of one report that is not expanded (``cross-case-common-barriers``); ``--study`` keeps the per-study reports
(``for_each: study``) of those studies; the kinds combine as "and", several values of one kind as "or".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing this module must stay cheap: a no-op render never plans
    from .manifest import Job


class SelectionError(Exception):
    """A selection that names what the plan does not have, or matches nothing: a catalogue key and its
    values (the command line says it in its language)."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Selection:
    """What ``render`` was asked to run: report ids, study ids and report languages (empty: any)."""

    reports: tuple[str, ...] = ()
    studies: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        """No selection: the whole plan (a complete render, which may record the run key)."""
        return not (self.reports or self.studies or self.langs)


def report_ids(jobs: Sequence[Job]) -> list[str]:
    """The ids ``--report`` takes, in the manifest's order: its notebooks, then the outputs of its reports
    that are not expanded over studies or frameworks."""
    notebooks = [j.notebook for j in jobs]
    outputs = [j.entry for j in jobs if j.entry and j.for_each is None]
    return list(dict.fromkeys(notebooks + [o for o in outputs if o not in notebooks]))


def _unknown(key: str, value: str, valid: Sequence[str], **values: Any) -> SelectionError:
    return SelectionError(key, value=value, guess=guess(value, valid), valid=list(valid), **values)


def guess(value: str, valid: Sequence[str]) -> str:
    """The valid id ``value`` most likely means (the first of equally likely ones), or "" for none."""
    from difflib import SequenceMatcher

    within = [v for v in valid if value and value in v]  # "jambi" for "jambi-bantar"
    if len(within) == 1:
        return within[0]
    scored = [(SequenceMatcher(None, value, v).ratio(), -i, v) for i, v in enumerate(valid)]
    best = max(scored, default=(0.0, 0, ""))
    return best[2] if best[0] >= 0.6 else ""


def select(jobs: Sequence[Job], selection: Selection, drafts: Sequence[str] = ()) -> list[Job]:
    """The jobs of the plan ``jobs`` that ``selection`` names (all of them without one); a
    :class:`SelectionError` for an id the plan does not know, a draft's study id, or a selection that matches
    nothing."""
    if selection.everything:
        return list(jobs)
    reports = report_ids(jobs)
    studies = list(getattr(jobs, "studies", ())) or list(
        dict.fromkeys(j.parameters["study_id"] for j in jobs if j.for_each == "study")
    )
    for value in selection.reports:
        if value not in reports:
            raise _unknown("render.unknown_report", value, reports)
    for value in selection.studies:
        if value in drafts:
            raise SelectionError("render.draft_study", value=value)
        if value not in studies:
            raise _unknown("render.unknown_study", value, studies)
    chosen = [
        j
        for j in jobs
        if (not selection.reports or j.notebook in selection.reports or j.entry in selection.reports)
        and (
            not selection.studies
            or (j.for_each == "study" and j.parameters.get("study_id") in selection.studies)
        )
        and (not selection.langs or j.lang in selection.langs)
    ]
    if not chosen:
        per_study = [r for r in reports if any(j.for_each == "study" and j.notebook == r for j in jobs)]
        langs = ", ".join(dict.fromkeys(j.lang for j in jobs))
        raise SelectionError("render.nothing_selected", per_study=", ".join(per_study) or "-", langs=langs)
    return chosen
