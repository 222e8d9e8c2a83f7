"""The codings on one span of text as findings: which code gives the type, the theme, the secondary theme.

A code for a type and theme gives a finding; a theme-only code on the same span gives a secondary
theme (or, with a type-only code, the theme). Notes in studykit's format give the summaries.
"""

from __future__ import annotations

from ...corpus.problems import Said
from .codebook import Target


def summaries(notes: list[str]) -> tuple[str | None, str | None, str | None]:
    """EN/ID summaries and a note from studykit's note format ('EN: …', 'ID: …', 'Note: …'), else the first
    note as English text."""
    en = id_ = extra = None
    for text in notes:
        for line in text.splitlines():
            head, _, rest = line.partition(":")
            if head.strip() == "EN" and rest.strip():
                en = rest.strip()
            elif head.strip() == "ID" and rest.strip():
                id_ = rest.strip()
            elif head.strip() == "Note" and rest.strip():
                extra = rest.strip()
    if en is None and notes and len(notes[0].strip()) >= 3:
        en = " ".join(notes[0].split())
    return en, id_, extra


def findings_at(targets: list[Target]) -> tuple[list[tuple[str, str, str | None]], Said | None]:
    """(type, theme, secondary) findings of one span of text from the targets of its codings, or a problem (a
    text of the message catalogue)."""
    full = list(
        dict.fromkeys(
            (t.finding_type, t.theme_id) for t in targets if t.finding_type and t.theme_id and not t.secondary
        )
    )
    types = list(dict.fromkeys(t.finding_type for t in targets if t.finding_type and not t.theme_id))
    themes = list(
        dict.fromkeys(t.theme_id for t in targets if t.theme_id and (t.secondary or not t.finding_type))
    )
    if full:
        stray = [t for t in types if t not in {f for f, _ in full}]
        if stray:
            return [], Said("problem.span_stray_type", {"types": ", ".join(stray)})
        if len(themes) > 1:
            return [], Said("problem.span_secondaries", {"n": len(themes), "themes": ", ".join(themes)})
        second = themes[0] if themes else None
        return [(ftype, theme, second if second != theme else None) for ftype, theme in full], None
    if types and themes:
        if len(themes) > 2:
            return [], Said("problem.span_themes", {"n": len(themes), "themes": ", ".join(themes)})
        return [(ftype, themes[0], themes[1] if len(themes) > 1 else None) for ftype in types], None
    if types:
        return [], Said("problem.span_no_theme", {"types": ", ".join(types)})
    if themes:
        return [], Said("problem.span_no_type", {"themes": ", ".join(themes)})
    return [], None


def is_full(target: Target) -> bool:
    """Whether ``target`` is a code for both a finding type and a theme."""
    return bool(target.finding_type and target.theme_id and not target.secondary)
