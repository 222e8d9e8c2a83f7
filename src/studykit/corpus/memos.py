"""Memos: what the analysts think, as plain Markdown files beside the data.

A memo is Markdown with a small YAML front matter (``author``, ``date`` and,
when stated, ``language``) between two ``---`` lines. Where it lives says
what it is about:

- ``memos/project.md``: the project;
- ``memos/studies/<study_id>.md``: one study;
- ``memos/themes/<theme_id>.md``: one theme of the codebook;
- ``memos/findings/<finding_id>.md``, or the ``memo`` field of a finding in its
  study file (the same Markdown with front matter): one finding.

Validation checks the front matter and that the study, theme or finding a memo
names exists; a memo left behind by a deleted finding is an error naming both.
The memo's text is never interpreted here; reports render it through the safe
Markdown renderer (``studykit.reports.markdown``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from ..files import is_stray
from ..paths import shown_path
from .advice import advice, pydantic_advice
from .layout import LEVELS, MEMOS_DIR, PROJECT_MEMO, memo_place
from .mergedthemes import memo_values, retired_memo
from .messages import problem
from .problems import Problem, ProblemError
from .readers import parse_yaml, read_text
from .schema import MEMO_TEXT, MemoHeader
from .sources import CONTROL, confine

MEMO_COLUMNS = ["level", "target", "study_id", "author", "date", "language", "text", "file", "line"]
FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
EXAMPLE = "---\nauthor: Your Name\ndate: 2026-01-31\nlanguage: en\n---\nThe memo in Markdown."


@dataclass(frozen=True)
class Memo:
    """One memo: what it is about (level and target id), who wrote it when, in which language, and its
    Markdown."""

    level: str
    target: str  # '' for the project memo
    study_id: str | None  # the study a study or finding memo belongs to
    author: str
    date: str  # ISO 8601
    language: str | None
    text: str
    file: str  # as shown in messages: under the data directory's name
    line: int  # line of the front matter in that file


def parse(text: str, shown: str, line: int = 1) -> tuple[MemoHeader, str]:
    """Front matter and Markdown body of a memo; a missing or bad front matter is a Problem naming what to
    write."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    match = FRONT.match(text)
    if match is None:
        example = EXAMPLE.replace("\n", " ↵ ")
        raise ProblemError(problem(shown, line, "memo", "problem.memo_no_front_matter", example=example))
    try:  # lines counted from the memo's first '---', also in a message ("first on line 3")
        front = match.group(1) or ""
        content = parse_yaml("\n" * line + front, shown) if front.strip() else None
    except ProblemError as exc:
        found = exc.problem
        at = found.line or line
        raise ProblemError(
            Problem(shown, at, f"memo.{found.field}", found.message, found.translations)
        ) from None
    if not isinstance(content, dict):
        raise ProblemError(problem(shown, line, "memo", "problem.memo_not_a_mapping"))
    try:
        header = MemoHeader.model_validate(content)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(map(str, err["loc"])) or "(front matter)"
        own = {"missing": "memo_required", "extra_forbidden": "memo_unknown_field"}.get(err["type"])
        what, what_id = (
            (advice(own, "en"), advice(own, "id"))
            if own
            else (pydantic_advice(err, "en"), pydantic_advice(err, "id"))
        )
        found = [i for i, s in enumerate(match.group(1).splitlines()) if s.startswith(f"{field}:")]
        at = line + 1 + found[0] if found else line  # the field's line, else the front matter's
        raise ProblemError(Problem(shown, at, f"memo.{field}", what, (("id", what_id),))) from None
    if (control := CONTROL.search(text)) is not None:  # export (XML, sheets) cannot hold it
        at = line + text.count("\n", 0, control.start())
        code = f"{ord(control.group()):04X}"
        raise ProblemError(problem(shown, at, "memo", "problem.control_character", code=code))
    if (control := CONTROL.search(header.author)) is not None:  # written as a YAML escape ("\e", "\0")
        code, field = f"{ord(control.group()):04X}", "author"  # a front-matter field
        raise ProblemError(problem(shown, line + 1, f"memo.{field}", "problem.control_character", code=code))
    body = text[match.end() :].strip("\n")
    if not body.strip():
        raise ProblemError(problem(shown, line, "memo", "problem.memo_empty"))
    if len(body) > MEMO_TEXT:
        raise ProblemError(
            problem(shown, line, "memo", "problem.memo_too_long", n=len(body), limit=MEMO_TEXT)
        )
    return header, body


def _memo(level, target, study_id, header: MemoHeader, body, shown, line) -> Memo:
    date = header.date.isoformat() if isinstance(header.date, datetime.date) else str(header.date)
    return Memo(level, target, study_id, header.author, date, header.language, body, shown, line)


def read_memos(
    data_dir: Path,
    study_ids: set[str],
    theme_ids: set[str],
    finding_studies: dict[str, str],
    finding_memos: list[tuple[str, str, str, int]] = (),
    complete: bool = True,
    merged: dict[str, str] | None = None,
    retired: dict[str, tuple[str, ...]] | None = None,
) -> tuple[list[Memo], list[Problem]]:
    """Every memo of the data directory and the finding memos of the study files, and the problems.

    ``finding_studies`` maps every finding id to its study; ``finding_memos`` are
    (finding_id, memo text, study file as shown, line of its ``memo`` field). When some study
    file could not be read or is a draft (``complete`` false), a memo on an unknown study or
    finding is left out rather than reported: the file is the problem to report, not its memos.
    """
    memos: list[Memo] = []
    problems: list[Problem] = []
    root = data_dir / MEMOS_DIR
    for finding_id, text, shown, line in finding_memos:
        try:
            header, body = parse(text, shown, line)
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        memos.append(_memo("finding", finding_id, finding_studies[finding_id], header, body, shown, line))
    if not root.is_dir():
        return memos, problems
    known = {"study": study_ids, "theme": theme_ids, "finding": set(finding_studies)}
    for path in sorted(p for p in root.rglob("*") if not is_stray(p)):  # a save under way: not a memo
        # a linked folder, a pipe, a folder in a memo's place: each named
        if path.is_dir() and not path.is_symlink() and memo_place(path.relative_to(root).parts) is None:
            continue
        shown = shown_path(path, data_dir)
        try:
            confine(data_dir, path, shown)
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        place = memo_place(path.relative_to(root).parts)
        if place is None:
            problems.append(
                problem(
                    shown,
                    None,
                    "memo",
                    "problem.memo_location",
                    project=f"{MEMOS_DIR}/{PROJECT_MEMO}",
                    folders=f"{MEMOS_DIR}/studies|themes|findings/<id>.md",
                )
            )
            continue
        level, target = place
        if level != "project" and target not in known[level] and not complete and level != "theme":
            continue  # its study file is broken or a draft: the memo waits with it
        if level != "project" and target not in known[level]:
            moved = memo_values(target, merged) if level == "theme" else None
            key, values = (
                ("problem.memo_merged_theme", moved) if moved else (f"problem.memo_unknown_{level}", {})
            )
            gone = retired_memo(target, retired) if level == "theme" else None
            if gone is not None:
                key, values = f"problem.{gone[0]}", gone[1]
            problems.append(problem(shown, 1, "memo", key, **{"target": target, **values}))
            continue
        try:
            header, body = parse(read_text(path, shown), shown)
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        study_id = target if level == "study" else finding_studies.get(target)
        memos.append(_memo(level, target, study_id, header, body, shown, 1))
    return memos, problems


def memo_frame(memos: list[Memo]) -> pd.DataFrame:
    """One row per memo, in the order of the memo index: project, studies, themes, findings, each by
    target."""
    order = {level: i for i, level in enumerate(LEVELS)}
    rows = sorted(memos, key=lambda m: (order[m.level], m.target, m.file))
    return pd.DataFrame([m.__dict__ for m in rows], columns=MEMO_COLUMNS)


def document(author: str, date: str, text: str, language: str | None = None) -> str:
    """A memo as written to a file or a finding's ``memo`` field: front matter, then the Markdown."""
    head = f"author: {_scalar(author)}\ndate: {date}\n" + (f"language: {language}\n" if language else "")
    return f"---\n{head}---\n{text.strip()}\n"


def _scalar(value: str) -> str:
    """A YAML scalar for a one-line value (quoted when YAML would read it as something else)."""
    import json

    plain = " ".join(str(value).split())
    return plain if re.fullmatch(r"[A-Za-z][\w .,'()-]*", plain) else json.dumps(plain, ensure_ascii=False)
