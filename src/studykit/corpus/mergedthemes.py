"""What to say where a file still names a theme the codebook merged into another (``merged:`` of themes.yaml).

A merged id is not merely unknown: the codebook says where it went. Every check that refuses a theme id a
finding, a CERQual judgement, a theme memo, a spreadsheet row or a REFI-QDA mapping names asks here first,
so that the problem says which theme it was merged into and what to do, in both languages (the
``problem.merged_*`` entries of the message catalogue).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .codebook import THEMES_FILE
from .layout import FOLDERS, MEMOS_DIR

THEME_MEMOS = next(folder for folder, level in FOLDERS.items() if level == "theme")
_OTHER = {"theme_id": "secondary_theme_id", "secondary_theme_id": "theme_id"}


def finding_theme(finding: Mapping[str, Any], key: str, merged: Mapping[str, str] | None) -> tuple | None:
    """(problem kind, values) when ``finding``'s ``key`` (theme_id or secondary_theme_id) names a merged
    theme; None otherwise. Where the finding's other theme field already holds the theme it went into, the
    advice leaves one theme, not the same theme twice."""
    value = finding.get(key)
    into = (merged or {}).get(value) if isinstance(value, str) else None
    if into is None:
        return None
    values = {"value": value, "into": into, "file": THEMES_FILE}
    if finding.get(_OTHER[key]) == into:
        kind = "merged_secondary_is_theme" if key == "secondary_theme_id" else "merged_theme_is_secondary"
        return kind, values
    return "merged_theme_in", values


def theme_into(theme_id: Any, merged: Mapping[str, str] | None) -> dict[str, str] | None:
    """The values of a ``problem.merged_theme_in`` for a bare theme id (a mapping row), or None when it is
    not a merged theme."""
    into = (merged or {}).get(theme_id) if isinstance(theme_id, str) else None
    return None if into is None else {"value": theme_id, "into": into, "file": THEMES_FILE}


def judgement_values(review_finding_id: str, merged: Mapping[str, str] | None) -> dict[str, str] | None:
    """The values of ``problem.judgement_merged_theme`` for a judgement on ``T05-barrier`` when T05 was merged
    (the review finding it now belongs to: ``T04-barrier``); None otherwise."""
    theme, sep, rest = review_finding_id.partition("-")
    into = (merged or {}).get(theme)
    if into is None:
        return None
    renamed = into + sep + rest
    return {"value": review_finding_id, "theme": theme, "into": into, "renamed": renamed, "file": THEMES_FILE}


def memo_values(theme_id: str, merged: Mapping[str, str] | None) -> dict[str, str] | None:
    """The values of ``problem.memo_merged_theme`` for a memo on a merged theme; None otherwise."""
    into = (merged or {}).get(theme_id)
    if into is None:
        return None
    return {
        "target": theme_id,
        "into": into,
        "file": THEMES_FILE,
        "memo": f"{MEMOS_DIR}/{THEME_MEMOS}/{into}.md",
    }


# --- retired and split themes (``retired:`` of themes.yaml) ------------------------------------------------

Retired = Mapping[str, tuple[str, ...]] | None  # retired theme id -> the themes it was split into (or none)


def retired_finding_theme(value: Any, key: str, retired: Retired) -> tuple | None:
    """(problem kind, values) when a finding's ``key`` names a theme the codebook retired or split; None
    otherwise."""
    if not isinstance(value, str) or value not in (retired or {}):
        return None
    parts = retired[value]
    values = {"value": value, "file": THEMES_FILE, "into": ", ".join(parts)}
    if parts:
        return "split_theme_in", values
    return ("retired_theme_in" if key == "theme_id" else "retired_secondary_in"), values


def retired_judgement(review_finding_id: str, retired: Retired) -> tuple | None:
    """(problem kind, values) for a CERQual judgement on a retired or split theme; None otherwise."""
    theme = review_finding_id.partition("-")[0]
    if theme not in (retired or {}):
        return None
    parts = retired[theme]
    values = {"value": review_finding_id, "theme": theme, "file": THEMES_FILE, "into": ", ".join(parts)}
    return ("judgement_split_theme" if parts else "judgement_retired_theme"), values


def retired_memo(theme_id: str, retired: Retired) -> tuple | None:
    """(problem kind, values) for a memo on a retired or split theme; None otherwise."""
    if theme_id not in (retired or {}):
        return None
    parts = retired[theme_id]
    memos = ", ".join(f"{MEMOS_DIR}/{THEME_MEMOS}/{part}.md" for part in parts)
    values = {"target": theme_id, "file": THEMES_FILE, "into": ", ".join(parts), "memos": memos}
    return ("memo_split_theme" if parts else "memo_retired_theme"), values
