"""Which finding type and theme each code of an imported project stands for.

In order: a row of the mapping file (for a foreign codebook), studykit's own code GUIDs (a
project coded with the exported codebook), then studykit's code names (tools may give codes new
GUIDs when they export). The mapping file is a CSV ``code,finding_type,theme_id``: ``code`` is a
GUID, a path of names joined by ``/`` or a unique name; ``finding_type`` may be ``secondary``
(the code gives a secondary theme); a row with both columns empty ignores the code on purpose.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ...corpus.codebook import THEMES_FILE
from ...corpus.mergedthemes import Retired, theme_into
from ...corpus.messages import problem
from ...corpus.problems import Problem, ProblemError
from ...corpus.readers import read_csv, read_text
from ...corpus.schema import FINDING_TYPES
from .codebook import SECONDARY, THEME_NAME, Target, target_by_guid, target_by_name
from .guids import canonical
from .project import RefiCode

MAPPING_COLUMNS = ["code", "finding_type", "theme_id"]
IGNORED = Target()


def code_path(code: RefiCode) -> str:
    return "/".join(code.path + [code.name])


def read_mapping(
    path: Path,
    shown: str,
    codes: list[RefiCode],
    theme_ids: set[str],
    merged: dict[str, str] | None = None,
    retired: Retired = None,
) -> tuple[dict[str, Target], list[Problem]]:
    """Code GUID -> target from a mapping file, and the problems of its rows (each with its line); a row
    naming a theme the codebook merged (``merged``: old id -> its new theme), retired or split (``retired``:
    old id -> its parts) is told where it went."""
    try:
        rows, problems = read_csv(read_text(path, shown), shown, MAPPING_COLUMNS)
    except ProblemError as exc:
        return {}, [exc.problem]
    by_guid = {c.guid: c for c in codes}
    by_path = {code_path(c): c for c in codes}
    by_name: dict[str, list[RefiCode]] = {}
    for c in codes:
        by_name.setdefault(c.name.strip(), []).append(c)
    targets: dict[str, Target] = {}
    for line, row in rows:
        key, ftype, theme = (
            row["code"].strip(),
            row["finding_type"].strip().lower(),
            row["theme_id"].strip().upper(),
        )
        g = canonical(key)
        code = by_guid.get(g) if g else by_path.get(key)
        if code is None and not g:
            named = by_name.get(key, [])
            if len(named) > 1:
                problems.append(
                    problem(
                        shown,
                        line,
                        "code",
                        "problem.code_name_twice",
                        n=len(named),
                        name=key,
                        paths=", ".join(code_path(c) for c in named),
                    )
                )
                continue
            code = named[0] if named else None
        if code is None:
            problems.append(problem(shown, line, "code", "problem.code_unknown", name=key))
            continue
        if ftype and ftype not in FINDING_TYPES and ftype != SECONDARY:
            problems.append(
                problem(
                    shown,
                    line,
                    "finding_type",
                    "problem.mapping_type",
                    value=ftype,
                    allowed=", ".join(FINDING_TYPES),
                    secondary=SECONDARY,
                )
            )
            continue
        if theme and theme not in theme_ids and (moved := theme_into(theme, merged)):
            problems.append(problem(shown, line, "theme_id", "problem.merged_theme_in", **moved))
            continue
        if theme and theme not in theme_ids and theme in (retired or {}):
            parts = retired[theme]
            key = "problem.mapping_split_theme" if parts else "problem.mapping_retired_theme"
            values = {"value": theme, "into": ", ".join(parts), "file": THEMES_FILE}
            problems.append(problem(shown, line, "theme_id", key, **values))
            continue
        if theme and theme not in theme_ids:
            problems.append(
                problem(
                    shown,
                    line,
                    "theme_id",
                    "problem.mapping_theme",
                    value=theme,
                    allowed=", ".join(sorted(theme_ids)),
                )
            )
            continue
        if ftype == SECONDARY and not theme:
            problems.append(problem(shown, line, "theme_id", "problem.secondary_needs_theme"))
            continue
        if ftype == SECONDARY:
            targets[code.guid] = Target(None, theme, True)
        else:
            targets[code.guid] = Target(ftype or None, theme or None)
    return targets, problems


def not_mapped(
    file: str, code: RefiCode, n: int, merged: dict[str, str] | None, retired: Retired = None
) -> Problem:
    """The problem of a code used ``n`` times that stands for nothing: for a studykit code named after a theme
    the codebook merged, where the theme went and the mapping row that codes it so; after one it retired or
    split, which themes to code its segments to instead."""
    match = THEME_NAME.match(code.name)
    old = match.group(1) if match else None
    into = (merged or {}).get(old)
    if into is None and old in (retired or {}):
        parts = retired[old]
        key = "problem.code_split_theme" if parts else "problem.code_retired_theme"
        values = {
            "code": code_path(code),
            "value": old,
            "into": ", ".join(parts),
            "file": THEMES_FILE,
            "n": n,
        }
        return problem(file, None, f"Code/{code.guid}", key, **values)
    if into is None:
        return problem(file, None, f"Code/{code.guid}", "problem.code_not_mapped", code=code_path(code), n=n)
    target = target_by_name(code.name, code.path, {old})
    kind = SECONDARY if target.secondary else target.finding_type or ""
    row = io.StringIO()
    csv.writer(row, lineterminator="").writerow([code_path(code), kind, into])
    values = {"code": code_path(code), "value": old, "into": into, "file": THEMES_FILE, "n": n}
    return problem(file, None, f"Code/{code.guid}", "problem.code_merged_theme", row=row.getvalue(), **values)


def map_codes(
    codes: list[RefiCode], themes: pd.DataFrame, mapping: dict[str, Target]
) -> dict[str, Target | None]:
    """Every code's target (None when unmapped); ``IGNORED`` for codes the mapping file ignores on purpose."""
    own = target_by_guid(themes)
    theme_ids = set(themes["theme_id"])
    out: dict[str, Target | None] = {}
    for code in codes:
        if code.guid in mapping:
            out[code.guid] = mapping[code.guid]
        elif code.guid in own:
            out[code.guid] = own[code.guid]
        else:
            out[code.guid] = target_by_name(code.name, code.path, theme_ids)
    return out
