"""The codebook's own record of how it changed while coding: the themes added (``added:`` a date, or
``origin: emergent``), merged into another (``merged:`` of themes.yaml), retired, or split into several
(``retired:``), each with its date and why.

Here the declarations are checked against the themes (an id declared gone that is still a theme, a theme
it went into that the codebook lacks, an id declared twice) and listed in date order for the codebook
report. What still names a theme that is gone is told in :mod:`.mergedthemes`.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from .messages import problem
from .problems import Problem
from .schema import ThemeFile
from .schema_types import EMERGENT_MARK


class Change(NamedTuple):
    """One change of the codebook: ``kind`` added (a theme with a date ``added``, or emergent), merged, split
    or retired; ``into`` the themes that took over."""

    kind: str
    theme_id: str
    into: tuple[str, ...]
    date: str | None  # YYYY-MM-DD, None where the declaration gives none
    note: str | None


def changes(themes: ThemeFile) -> tuple[Change, ...]:
    """Every declared change, dated ones first in date order, then the undated in the file's order."""
    out = [
        Change("added", t.theme_id, (), _day(t.added), t.note)
        for t in themes.themes
        if t.added is not None or t.origin == "emergent"
    ]
    out += [Change("merged", m.theme_id, (m.into,), _day(m.date), m.note) for m in themes.merged]
    out += [
        Change("split" if r.split_into else "retired", r.theme_id, tuple(r.split_into), _day(r.date), r.note)
        for r in themes.retired
    ]
    return tuple(sorted(out, key=lambda c: (c.date is None, c.date or "")))


def emergent_ids(themes) -> frozenset[str]:
    """The ids of the themes ``origin: emergent`` (found in the data while coding) of a theme table."""
    if "origin" not in themes:
        return frozenset()
    return frozenset(themes.loc[themes["origin"].eq("emergent"), "theme_id"])


def marked(label: str, theme_id: str, emergent: frozenset[str]) -> str:
    """``label`` with :data:`EMERGENT_MARK` when ``theme_id`` is emergent: a reader of a matrix or a coder
    choosing a theme tells it from a framework theme (the legend: ``codebook.emergent_legend``)."""
    return f"{label} {EMERGENT_MARK}" if theme_id in emergent else label


def merged_ids(themes: ThemeFile) -> dict[str, str]:
    """Merged theme id -> the theme it was merged into (``merged:`` of themes.yaml)."""
    return {m.theme_id: m.into for m in themes.merged}


def retired_ids(themes: ThemeFile) -> dict[str, tuple[str, ...]]:
    """Retired theme id -> the themes it was split into (empty when simply retired)."""
    return {r.theme_id: tuple(r.split_into) for r in themes.retired}


def gone(themes: ThemeFile) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(merged theme id -> the theme it went into, retired theme id -> the themes it was split into)."""
    return merged_ids(themes), retired_ids(themes)


def crosswalk_theme(themes: ThemeFile, shown: str, line: int, theme_id: str, file: str) -> Problem:
    """A crosswalk row naming a theme the codebook does not have: the theme it was merged into, or that it was
    retired (split), where ``merged:`` or ``retired:`` says so (the other checks name it so too)."""
    merged, retired = gone(themes)
    if theme_id in merged:
        return problem(
            shown,
            line,
            "theme_id",
            "problem.crosswalk_merged",
            value=theme_id,
            into=merged[theme_id],
            file=file,
        )
    if theme_id in retired:
        parts = ", ".join(retired[theme_id]) or "—"
        return problem(
            shown, line, "theme_id", "problem.crosswalk_retired", value=theme_id, parts=parts, file=file
        )
    return problem(shown, line, "theme_id", "problem.unknown_theme_in", value=theme_id, file=file)


def check_changes(themes: ThemeFile, shown: str) -> list[Problem]:
    """An id declared gone must not be a theme, nor be declared twice; what it went into must be a theme."""
    problems = []
    theme_ids = {t.theme_id for t in themes.themes}
    for section, entries in (("merged", themes.merged), ("retired", themes.retired)):
        for n, entry in enumerate(entries):
            if entry.theme_id in theme_ids:
                key = "problem.merged_in_use" if section == "merged" else "problem.retired_in_use"
                problems.append(problem(shown, None, f"{section}.{n}.theme_id", key, value=entry.theme_id))
            into = [entry.into] if section == "merged" else entry.split_into
            field = "into" if section == "merged" else "split_into"
            for value in into:
                if value not in theme_ids:
                    key = (
                        "problem.merged_into_unknown" if section == "merged" else "problem.split_into_unknown"
                    )
                    problems.append(problem(shown, None, f"{section}.{n}.{field}", key, value=value))
    gone = [m.theme_id for m in themes.merged] + [r.theme_id for r in themes.retired]
    for tid, n in Counter(gone).items():
        if n > 1:
            section = "merged" if tid in {m.theme_id for m in themes.merged} else "retired"
            problems.append(problem(shown, None, section, "problem.duplicate_theme_id", value=tid))
    return problems


def _day(value) -> str | None:
    return None if value is None else value.isoformat()
